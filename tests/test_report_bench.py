"""The benchmark script runs, and B3's generated catalog is valid (so B3 times the full
loading and checking of every file, not an early exit on an error). The script runs once
per row (``--runs 1``) with few presses and moves, once for every row the tests read: the
table, not the numbers."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from generate import write_catalog

from layerscope.catalog import SearchDir, load_catalog

REPO = Path(__file__).resolve().parent.parent


def test_generated_catalog_loads_without_any_diagnostic(tmp_path: Path) -> None:
    files = write_catalog(tmp_path, 3)
    catalog = load_catalog([SearchDir(tmp_path, "--data")])
    assert [str(d) for d in catalog.diagnostics] == []
    assert len(catalog.stacks) == 3
    stack = catalog.stack("gen-0001")
    assert len(stack.layers) == 8
    assert {len(layer.examples) for layer in stack.layers} == {25}
    assert {len(layer.metrics) for layer in stack.layers} == {5}
    assert len(files) == 3


@pytest.fixture(scope="module")
def table(stress_dir: Path) -> list[str]:
    """The lines the benchmark script prints for the rows the tests read, from one run of
    it: B2 on the fixture catalog (``--data``, ``--stacks``), B3 on 2 generated stacks, the
    app benchmarks with 2 presses and 2 moves, S1 on the stress pair written once for the
    stress tests."""
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--only", "B1", "B2", "B3", "B4", "B5", "S1",
            "--runs", "1",
            "--no-warm-up",
            "--catalog-size", "2",
            "--data", str(REPO / "tests" / "fixtures" / "catalog"),
            "--stacks", "alpha", "beta",
            "--presses", "2",
            "--moves", "2",
            "--stress-data", str(stress_dir),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


# With the stress tests: their stress pair, written once (and the script run once for both).
@pytest.mark.slow
@pytest.mark.xdist_group("stress")
def test_benchmark_script_prints_the_budget_table(table: list[str]) -> None:
    lines = table
    assert lines[1].split()[:3] == ["id", "what", "layerscope"]
    b2 = next(line for line in lines if line.startswith("B2 "))
    b3 = next(line for line in lines if line.startswith("B3 "))
    assert "export compare alpha beta" in b2 and "<= 1.60x" in b2
    assert "load + validate 2 stacks" in b3 and "<= 2.00x" in b3


@pytest.mark.slow
@pytest.mark.xdist_group("stress")
def test_benchmark_script_measures_the_app(table: list[str]) -> None:
    lines = table
    assert lines[1].split() == ["id", "what", "layerscope", "baseline", "ratio", "budget", "ok"]
    rows = {line.split()[0]: line for line in lines[3:]}
    assert list(rows) == ["B1", "B2", "B3", "B4", "B5", "S1"]  # the table's order
    assert "vs minimal Textual app" in rows["B1"] and "<= 1.25x" in rows["B1"]
    assert "2 key presses" in rows["B4"] and "<= 1.50x" in rows["B4"]
    assert "MiB" in rows["B5"] and "<= 1.20x" in rows["B5"]
    assert "open + 2 moves" in rows["S1"] and rows["S1"].endswith("info")
