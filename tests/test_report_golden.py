"""Golden reports: every view in every format, compared with the checked-in output.

Regenerate after an intended change with ``LAYERSCOPE_UPDATE_GOLDEN=1 pytest
tests/test_report_golden.py`` and review the diff of ``tests/golden/`` like code.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import EXTENSIONS, FORMATS, View, render_view

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden"
FIXTURES = TESTS / "fixtures"
UPDATE = os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1"

VIEWS: dict[str, View] = {
    "stack-alpha": View("stack", ("alpha",)),
    "stack-beta": View("stack", ("beta",)),
    "layer-alpha-base": View("layer", ("alpha",), "base"),
    "layer-alpha-middle": View("layer", ("alpha",), "middle"),
    "layer-beta-rollup": View("layer", ("beta",), "rollup"),
    "compare-alpha-beta": View("compare", ("alpha", "beta")),
    "drivers-alpha-beta": View("drivers", ("alpha", "beta")),
    "flow-alpha-beta": View("flow", ("alpha", "beta")),
    "stack-markup": View("stack", ("markup",)),
    "layer-markup-low": View("layer", ("markup",), "low"),
    "compare-markup-alpha": View("compare", ("markup", "alpha")),
    "timeline-alpha-beta-metrics": View("timeline", ("alpha", "beta"), metrics=True),
}
NARROW = (
    "stack-alpha",
    "layer-alpha-base",
    "compare-alpha-beta",
    "drivers-alpha-beta",
    "flow-alpha-beta",
    "timeline-alpha-beta-metrics",
)
ASCII = (
    "layer-alpha-base",
    "compare-alpha-beta",
    "drivers-alpha-beta",
    "flow-alpha-beta",
    "timeline-alpha-beta-metrics",
)

CASES = [
    *((name, fmt, 100, False) for name in VIEWS for fmt in FORMATS),
    *((name, "text", 80, False) for name in NARROW),
    *((name, "text", 100, True) for name in ASCII),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The fixture catalog and the markup stack, nothing else (no built-in data)."""
    return load_catalog(
        [SearchDir(FIXTURES / "catalog", "--data"), SearchDir(FIXTURES / "markup", "--data")]
    )


def golden_path(name: str, fmt: str, width: int, ascii: bool) -> Path:
    suffix = ("-ascii" if ascii else "") + (f"-w{width}" if width != 100 else "")
    return GOLDEN / f"{name}{suffix}.{EXTENSIONS[fmt]}"


@pytest.mark.parametrize(
    ("name", "fmt", "width", "ascii"),
    CASES,
    ids=[golden_path(*case).name for case in CASES],
)
def test_report_matches_golden(
    catalog: Catalog, name: str, fmt: str, width: int, ascii: bool
) -> None:
    path = golden_path(name, fmt, width, ascii)
    actual = render_view(VIEWS[name], catalog, fmt, width=width, ascii=ascii)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        pytest.skip(f"updated {path.relative_to(TESTS)}")
    assert path.exists(), f"no golden file {path}; create it with LAYERSCOPE_UPDATE_GOLDEN=1"
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                "golden",
                "actual",
                n=2,
            )
        )
        pytest.fail(f"{path.name} differs from the golden file:\n{diff[:4000]}")


def test_reports_are_deterministic(catalog: Catalog) -> None:
    # Two renders of every format are byte for byte the same (no ids, dates or randomness).
    view = VIEWS["compare-alpha-beta"]
    for fmt in FORMATS:
        assert render_view(view, catalog, fmt) == render_view(view, catalog, fmt), fmt


def test_every_golden_file_belongs_to_a_case() -> None:
    # A stale golden file (from a renamed case) would otherwise linger unnoticed.
    expected = {golden_path(*case).name for case in CASES}
    present = {p.name for p in GOLDEN.iterdir() if p.is_file()}
    assert present <= expected, sorted(present - expected)
