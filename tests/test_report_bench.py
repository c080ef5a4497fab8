"""The benchmark script runs, and B3's generated catalog is valid (so B3 times the full
loading and checking of every file, not an early exit on an error). The script runs once,
every row at a small size (``--runs 1``, few presses and moves, a small stress pair, few
references and indicators): the tests read the table, not the numbers, and each row says
the size it measured."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from generate import write_catalog, write_stress_pair

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


one_worker = pytest.mark.xdist_group("bench")
"""For the tests that read the table: in one worker, the script runs once (not once a worker)."""


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The table's rows by id, from one run of the script: B2 on the fixture catalog
    (``--data``, ``--stacks``), B3 on 2 generated stacks, the app benchmarks with 2 presses
    and 2 moves, S1 on a stress pair of 6 layers of 9 examples, B6 with 40 references and
    D1 with 96 indicators."""
    stress = tmp_path_factory.mktemp("stress-small")
    write_stress_pair(stress, layers=6, examples=9)
    out = subprocess.run(
        [
            sys.executable,
            str(REPO / "benchmarks" / "run.py"),
            "--runs", "1",
            "--no-warm-up",
            "--catalog-size", "2",
            "--data", str(REPO / "tests" / "fixtures" / "catalog"),
            "--stacks", "alpha", "beta",
            "--presses", "2",
            "--moves", "2",
            "--stress-data", str(stress),
            "--references", "40",
            "--indicators", "96",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[1].split() == ["id", "what", "layerscope", "baseline", "ratio", "budget", "ok"]
    return {line.split()[0]: line for line in lines[3:]}


@pytest.mark.slow
@one_worker
def test_the_table_lists_every_benchmark_in_order(rows: dict[str, str]) -> None:
    assert list(rows) == ["B1", "B2", "B3", "B4", "B5", "B6", "B6b", "S1", "D1"]


@pytest.mark.slow
@one_worker
def test_the_budget_rows_say_what_they_measured(rows: dict[str, str]) -> None:
    assert "vs minimal Textual app" in rows["B1"] and "<= 1.25x" in rows["B1"]
    assert "export compare alpha beta" in rows["B2"] and "<= 1.60x" in rows["B2"]
    assert "load + validate 2 stacks" in rows["B3"] and "<= 2.00x" in rows["B3"]
    assert "2 key presses" in rows["B4"] and "<= 1.50x" in rows["B4"]
    assert "MiB" in rows["B5"] and "<= 1.20x" in rows["B5"]
    assert "validate 40 unknown references" in rows["B6"] and "<= 2.00x" in rows["B6"]
    assert "validate 120 unknown references" in rows["B6b"] and "<= 2.00x" in rows["B6b"]


@pytest.mark.slow
@one_worker
def test_the_stress_rows_say_the_size_they_opened(rows: dict[str, str]) -> None:
    assert "stress pair 6 layers x 9 examples: open + 2 moves" in rows["S1"]
    assert "96 indicators vs of 12" in rows["D1"]
    assert rows["S1"].endswith("info") and rows["D1"].endswith("info")


def test_start_up_and_memory_read_the_same_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    import run

    started: list[str] = []

    def probe(app: str, task: str, options: run.Options, *_args: object) -> dict[str, float]:
        assert task == "start"
        started.append(app)
        n = len(started)
        return {"first_frame_cpu": n / 10, "first_frame": 0.0, "spawned": 0.0, "maxrss_kib": n}

    monkeypatch.setattr(run, "probe", probe)
    options = run.Options(runs=3, data=(), stacks=("ai", "crypto"), env={}, warm_up=True)
    b1, b5 = run.b1_start(options), run.b5_memory(options)
    # One untimed start of each, then three of each in turns, the baseline first.
    assert started == ["app", "minimal"] + ["minimal", "app"] * 3
    # Medians of the app's runs (4th, 6th, 8th start) and of the minimal app's (3rd, 5th, 7th).
    assert (b1.ours, b1.baseline) == pytest.approx((600.0, 500.0))
    assert (b5.ours, b5.baseline) == (6 / 1024, 5 / 1024)
