"""The level view: one level of every stack on show side by side, in every format.

Regenerate the golden files after an intended change with ``LAYERSCOPE_UPDATE_GOLDEN=1
pytest tests/test_report_level.py`` and review the diff of ``tests/golden/level/``.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.cli import main
from layerscope.report import EXTENSIONS, FORMATS, View, build_document, render_view
from layerscope.report.document import Table, plain
from layerscope.report.views.level import SECTIONS

TESTS = Path(__file__).resolve().parent
GOLDEN = TESTS / "golden" / "level"
FIXTURES = TESTS / "fixtures"
UPDATE = os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1"

VIEWS: dict[str, View] = {
    "level-alpha-beta-2": View("level", ("alpha", "beta"), level=2),
    # Level 3: alpha has a layer there, beta none (its column says so).
    "level-alpha-beta-3": View("level", ("alpha", "beta"), level=3),
    "level-markup-alpha-1": View("level", ("markup", "alpha"), level=1),
}
CASES = [
    *((name, fmt, 100, False) for name in VIEWS for fmt in FORMATS),
    ("level-alpha-beta-2", "text", 80, False),
    ("level-alpha-beta-2", "text", 100, True),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(
        [SearchDir(FIXTURES / "catalog", "--data"), SearchDir(FIXTURES / "markup", "--data")]
    )


def golden_path(name: str, fmt: str, width: int, ascii: bool) -> Path:
    suffix = ("-ascii" if ascii else "") + (f"-w{width}" if width != 100 else "")
    return GOLDEN / f"{name}{suffix}.{EXTENSIONS[fmt]}"


@pytest.mark.parametrize(
    ("name", "fmt", "width", "ascii"), CASES, ids=[golden_path(*c).name for c in CASES]
)
def test_level_report_matches_golden(
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
                expected.splitlines(keepends=True), actual.splitlines(keepends=True), "golden"
            )
        )
        pytest.fail(f"{path.name} differs:\n{diff}")


def _tables(catalog: Catalog, view: View) -> dict[str, Table]:
    doc = build_document(view, catalog)
    return {b.key: b for b in doc.blocks if isinstance(b, Table)}


def test_every_section_is_a_table_with_a_column_per_stack(catalog: Catalog) -> None:
    view = View("level", ("alpha", "beta"), level=2)
    tables = _tables(catalog, view)
    assert tuple(tables) == SECTIONS
    for table in tables.values():
        assert [plain(c.header) for c in table.columns] == [
            catalog.stack("alpha").title,
            catalog.stack("beta").title,
        ]
        assert len(table.row_keys) == len(table.rows)


def test_row_n_holds_the_nth_item_of_each_stack(catalog: Catalog) -> None:
    view = View("level", ("alpha", "beta"), level=2)
    examples = _tables(catalog, view)["examples"]
    for column, sid in enumerate(("alpha", "beta")):
        layer = next(la for la in catalog.stack(sid).layers if la.level == 2)
        names = [plain(row[column][0]) for row in examples.rows if row[column]]
        if layer.examples:
            assert [n.split(" (")[0].split(" [")[0] for n in names] == [
                e.name for e in layer.examples
            ]


def test_each_metric_shows_value_date_and_source_title(catalog: Catalog) -> None:
    view = View("level", ("alpha", "beta"), level=2)
    metrics = _tables(catalog, view)["metrics"]
    for column, sid in enumerate(("alpha", "beta")):
        stack = catalog.stack(sid)
        layer = next(la for la in stack.layers if la.level == 2)
        cells = [row[column] for row in metrics.rows if row[column]]
        for metric, cell in zip(layer.metrics, cells, strict=False):
            text = "\n".join(plain(item) for item in cell)
            assert metric.name in text
            assert metric.as_of in text
            source = stack.source(metric.source)
            assert (source.title if source else metric.source) in text


def test_a_stack_without_the_level_says_so(catalog: Catalog) -> None:
    text = render_view(View("level", ("alpha", "beta"), level=3), catalog, "text")
    assert f"{catalog.stack('beta').title} no layer at level 3" in text
    assert "No layer at this level." in text


def test_a_level_view_needs_its_level() -> None:
    with pytest.raises(ValueError, match="names a level"):
        View("level", ("alpha",))
    with pytest.raises(ValueError, match="names a level"):
        View("stack", ("alpha",), level=1)


def test_export_level_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data", str(FIXTURES / "catalog"), "--no-user-data"]
    assert main([*data, "export", "level", "alpha", "beta", "--level", "2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Level 2: ")
    assert "level alpha beta --level 2" in out
    assert main([*data, "export", "level", "alpha", "beta"]) == 2
    assert "--level" in capsys.readouterr().err
