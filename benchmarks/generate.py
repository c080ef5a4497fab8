"""Generated stack files: a catalog of valid stacks for the loader benchmark (B3), the
stress pair of DESIGN.md (two stacks of 50 layers with 500 examples each) for the app (S1
and the stress tests), a file of many unknown references with its clean twin (B6) and a
stack of thousands of driver indicators (D1). All are written as YAML and read back
through the real loader."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

STRESS_IDS = ("stress-a", "stress-b")
STRESS_LAYERS = 50
STRESS_EXAMPLES = 500

WORDS = (
    "latency",
    "throughput",
    "consensus",
    "inference",
    "agent",
    "rollup",
    "token",
    "model",
    "benchmark",
    "sequencer",
    "proof",
    "context",
    "window",
    "liquidity",
    "bridge",
    "prover",
    "validator",
    "gradient",
    "dataset",
    "protocol",
)


def _text(seed: int, words: int) -> str:
    return " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words)).capitalize()


def stack(
    index: int,
    *,
    layers: int = 8,
    examples: int = 25,
    metrics: int = 5,
    stack_id: str | None = None,
    lean_examples: bool = False,
) -> dict[str, Any]:
    """One valid stack: ``layers`` layers, each with ``examples`` examples and ``metrics``
    metrics, two problems per layer handled by the layer above, drivers and sources.

    The id is ``gen-<index>`` unless ``stack_id`` is given. ``lean_examples``: examples
    without a URL and with a four-word note, so that 25,000 of them fit in one file (the
    loader takes at most 4 MiB)."""
    sid = stack_id or f"gen-{index:04d}"
    sources = [
        {
            "id": f"s{k}",
            "title": _text(index + k, 6),
            "publisher": _text(k, 2),
            "url": f"https://example.org/{sid}/source-{k}",
            "published": f"20{10 + k % 15:02d}-{1 + k % 12:02d}",
            "accessed": "2026-01",
        }
        for k in range(10)
    ]
    problems = []
    out_layers = []
    metric_ids = []
    for level in range(1, layers + 1):
        introduces = [f"p{level}-{j}" for j in range(2)]
        problems += [
            {
                "id": pid,
                "name": _text(level + j, 3),
                "description": _text(level * j + 1, 12),
                "severity": ("low", "medium", "high")[(level + j) % 3],
            }
            for j, pid in enumerate(introduces)
        ]
        addresses = []
        if level > 1:
            outcomes = ("solved", "mitigated", "transferred", "worsened")
            for j in range(2):
                outcome = outcomes[(level + j) % 4]
                entry: dict[str, Any] = {
                    "problem": f"p{level - 1}-{j}",
                    "outcome": outcome,
                    "note": _text(level + j, 14),
                    "sources": [f"s{(level + j) % 10}"],
                }
                if outcome == "transferred":
                    entry["into"] = [introduces[j]]
                addresses.append(entry)
        layer_metrics = []
        for m in range(metrics):
            mid = f"m{level}-{m}"
            metric_ids.append(mid)
            layer_metrics.append(
                {
                    "id": mid,
                    "name": _text(level + m, 4),
                    "value": [m, m + 10] if m % 2 else float(level * 10 + m),
                    "unit": "%",
                    "as_of": "2025-06",
                    "source": f"s{m % 10}",
                    "definition": _text(m, 10),
                    "higher_is_better": bool(m % 2),
                    "series": [{"as_of": f"202{y}", "value": y * 3 + m} for y in range(4)],
                }
            )
        out_layers.append(
            {
                "id": f"layer-{level}",
                "level": level,
                "label": f"L{level}",
                "name": _text(level, 3),
                "summary": _text(level + 1, 10),
                "description": _text(level + 2, 40),
                "introduces": introduces,
                "addresses": addresses,
                "examples": [_example(sid, level, e, lean_examples) for e in range(examples)],
                "metrics": layer_metrics,
            }
        )
    return {
        "schema_version": 1,
        "id": sid,
        "name": f"Generated stack {index}",
        "short_name": f"Gen {index}",
        "summary": _text(index, 10),
        "description": _text(index + 1, 60),
        "thesis": _text(index + 2, 15),
        "as_of": "2026-01",
        "tags": ["generated"],
        "layers": out_layers,
        "problems": problems,
        "drivers": [
            {"id": "d1", "name": "Driver one", "weight": 0.6, "indicators": metric_ids[:3]},
            {"id": "d2", "name": "Driver two", "weight": 0.4, "indicators": metric_ids[3:6]},
        ],
        "profile": {"layer-meaning": _text(index, 8)},
        "sources": sources,
    }


def _example(sid: str, level: int, e: int, lean: bool) -> dict[str, Any]:
    example: dict[str, Any] = {
        "name": f"{_text(level + e, 2)} {e}",
        "org": _text(e, 2),
        "launched": f"20{10 + e % 15:02d}-{1 + e % 12:02d}-{1 + e % 28:02d}",
        "note": _text(level + e, 4 if lean else 12),
        "sources": [f"s{e % 10}"],
    }
    if not lean:
        example["url"] = f"https://example.org/{sid}/{level}/{e}"
    return example


def block_yaml(value: Any, indent: str = "") -> str:
    """``value`` (mappings, lists, strings, numbers, booleans) as block-style YAML, in the
    layout PyYAML's dumper writes (lists under a key not indented), a string plain when it
    can only read as that string and double-quoted otherwise (a JSON string is a YAML one).
    PyYAML's dumper takes ~3 s of CPU for one file of the stress pair (its resolver and
    representer are Python); this takes a fifth of that."""
    lines: list[str] = []
    _emit(value, indent, lines)
    return "\n".join(lines) + "\n"


_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 ._/-]*(?::[A-Za-z0-9/._-]+)*")
_KEYWORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    plain = _PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in _KEYWORDS
    return value if plain else json.dumps(value, ensure_ascii=False)


def _emit(value: Any, indent: str, lines: list[str]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict) and item:
                lines.append(f"{indent}{key}:")
                _emit(item, indent + "  ", lines)
            elif isinstance(item, list) and item:
                lines.append(f"{indent}{key}:")
                _emit(item, indent, lines)  # PyYAML's layout: a key's list is not indented
            else:
                lines.append(f"{indent}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, dict | list) and item:
                start = len(lines)
                _emit(item, indent + "  ", lines)
                lines[start] = f"{indent}- {lines[start][len(indent) + 2 :]}"
            else:
                lines.append(f"{indent}- {_scalar(item)}")


def _write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(block_yaml(data), encoding="utf-8")
    return path


def _write_dimensions(directory: Path) -> None:
    dims = {
        "schema_version": 1,
        "kind": "dimensions",
        "dimensions": [{"id": "layer-meaning", "name": "What a layer means"}],
    }
    _write(directory / "dimensions.yaml", dims)


def write_catalog(directory: Path, count: int = 200) -> list[Path]:
    """Write ``count`` stack files (and a dimensions file) into a directory."""
    directory.mkdir(parents=True, exist_ok=True)
    files = [_write(directory / f"gen-{i:04d}.yaml", stack(i)) for i in range(count)]
    _write_dimensions(directory)
    return files


def write_stress_pair(
    directory: Path,
    layers: int = STRESS_LAYERS,
    examples: int = STRESS_EXAMPLES,
    *,
    ids: tuple[str, ...] = STRESS_IDS,
) -> list[Path]:
    """Write the stress pair (``stress-a.yaml`` and ``stress-b.yaml``, each ``layers``
    layers of ``examples`` examples and two metrics) and a dimensions file into a
    directory; load it with ``--data DIR`` like any other stacks."""
    directory.mkdir(parents=True, exist_ok=True)
    files = [
        _write(
            directory / f"{sid}.yaml",
            stack(
                index,
                layers=layers,
                examples=examples,
                metrics=2,
                stack_id=sid,
                lean_examples=True,
            ),
        )
        for index, sid in enumerate(ids)
    ]
    _write_dimensions(directory)
    return files


def reference_stack(references: int, *, unknown: bool, layers: int = 10) -> dict[str, Any]:
    """A stack of ``references`` problems introduced across ``layers`` layers; with
    ``unknown``, every reference is a typo of a defined id (``probelm-…`` for ``problem-…``),
    so that each one is an ``unknown-problem`` error with a "did you mean" to look for.

    The two files (``unknown`` or not) have the same size, byte for byte: the budget of
    validating the one with errors is a ratio to validating the clean one."""
    ids = [f"problem-{n:05d}" for n in range(references)]
    refs = [f"probelm-{n:05d}" for n in range(references)] if unknown else ids
    per_layer = -(-references // layers)
    return {
        "schema_version": 1,
        "id": "references",
        "name": "Many references",
        "summary": "Every problem introduced once",
        "layers": [
            {
                "id": f"layer-{level}",
                "level": level,
                "name": f"Layer {level}",
                "summary": "Introduces problems",
                "introduces": refs[level * per_layer : (level + 1) * per_layer],
            }
            for level in range(layers)
        ],
        "problems": [{"id": pid, "name": f"Problem {pid[8:]}"} for pid in ids],
    }


def write_reference_pair(directory: Path, references: int) -> tuple[Path, Path]:
    """Write ``clean-<n>.yaml`` and ``unknown-<n>.yaml`` (see :func:`reference_stack`)."""
    directory.mkdir(parents=True, exist_ok=True)
    return (
        _write(directory / f"clean-{references}.yaml", reference_stack(references, unknown=False)),
        _write(directory / f"unknown-{references}.yaml", reference_stack(references, unknown=True)),
    )


def drivers_stack(metrics: int, *, layers: int = 8, drivers: int = 4) -> dict[str, Any]:
    """A valid stack with ``metrics`` metrics, each an indicator of one of ``drivers``
    drivers: the drivers view lists every one of them."""
    data = stack(0, layers=layers, examples=1, metrics=-(-metrics // layers), stack_id="drivers")
    ids = [m["id"] for layer in data["layers"] for m in layer["metrics"]]
    data["drivers"] = [
        {
            "id": f"d{k}",
            "name": f"Driver {k}",
            "weight": 1 / drivers,
            "indicators": ids[k::drivers],
        }
        for k in range(drivers)
    ]
    return data


def write_drivers_stack(directory: Path, metrics: int) -> Path:
    """Write ``drivers.yaml`` (see :func:`drivers_stack`) and a dimensions file."""
    directory.mkdir(parents=True, exist_ok=True)
    _write_dimensions(directory)
    return _write(directory / "drivers.yaml", drivers_stack(metrics))
