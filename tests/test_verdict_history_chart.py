"""The verdict over time as a chart: the progression index and the transfer share of each
stack on one time axis, a point at each change of dated evidence, in the verdict view and
the timeline.

Hand-worked from ``tests/fixtures/time``: Gamma's history is 2020-09-15 index 0.50 and
transfer share 0%, 2022-03 0.75 and 0%, 2024-02 0.50 and 33% (mixed, capability progression,
mixed); Delta's is 2023, index 0.00 and 0% (a worsened handling transfers nothing). No share
passes 50%, so the share panel runs from 50% down to 0% in steps of 5% (11 lines): 33% is on
the 35% line, 3 lines down.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from layerscope.analysis import Score
from layerscope.analysis.time import HistoryPoint, verdict_history
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import EXTENSIONS, FORMATS, View, build_document, render_view
from layerscope.report.document import Circle, Document, Figure, Label, Polyline, plain
from layerscope.report.format import ASCII, UNICODE
from layerscope.report.views.history_chart import history_figure

TESTS = Path(__file__).resolve().parent
TIME = TESTS / "fixtures" / "time"
GOLDEN = TESTS / "golden" / "verdict"
UPDATE = os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([SearchDir(TIME, "--data")], cached=False)


def figure_of(doc: Document, key: str) -> Figure:
    found = [b for b in doc.blocks if isinstance(b, Figure) and b.key == key]
    assert len(found) == 1, [b.key for b in doc.blocks if isinstance(b, Figure)]
    return found[0]


def panel(figure: Figure, title: str) -> list[str]:
    """The lines of one panel: those under its title with a tick or the axis at column 5."""
    drawn = [plain(item) for item in figure.lines]
    out = []
    for row in drawn[drawn.index(title) + 1 :]:
        if len(row) <= 5 or row[5] not in "┤│":
            break
        out.append(row)
    return out


def test_the_verdict_view_charts_each_stacks_history(catalog: Catalog) -> None:
    doc = build_document(View("verdict", ("gamma", "delta")), catalog)
    keys = [b.key for b in doc.blocks if isinstance(b, Figure)]
    assert keys == ["verdict-map", "verdict-history"]  # the map first, then its history
    figure = figure_of(doc, "verdict-history")
    points = [s.text for s in figure.shapes if isinstance(s, Circle)]
    gamma = [
        "Gamma from 2020-09-15: index 0.50, transfer share 0%, mixed",
        "Gamma from 2022-03: index 0.75, transfer share 0%, capability progression",
        "Gamma from 2024-02: index 0.50, transfer share 33%, mixed",
    ]
    delta = ["Delta from 2023: index 0.00, transfer share 0%, mixed"]
    # A point per change in each panel: the index's, then the share's.
    assert points == gamma + delta + gamma + delta


def test_the_share_panel_puts_each_change_on_its_line(catalog: Catalog) -> None:
    doc = build_document(View("verdict", ("gamma", "delta")), catalog)
    figure = figure_of(doc, "verdict-history")
    shares = panel(figure, "transfer share")
    assert len(shares) == 11
    assert shares[0].startswith(" 50% ┤") and shares[-1].startswith("  0% ┤")
    assert shares[2].startswith(" 40% ┤┄") and shares[5].startswith(" 25% ┤┄")
    assert "A" in shares[3]  # 33% on the 35% line, from 2024-02
    assert "A" in shares[-1] and "B" in shares[-1]
    index = panel(figure, "progression index")
    assert len(index) == 11 and index[4].startswith(" 0.6 ┤┄")
    assert "A" in index[2] and "A" in index[5] and "B" in index[-1]


def test_the_letters_are_the_verdict_maps(catalog: Catalog) -> None:
    doc = build_document(View("verdict", ("gamma", "delta")), catalog)
    on_map = {s.text for s in figure_of(doc, "verdict-map").shapes if isinstance(s, Label)}
    assert {"A Gamma", "B Delta"} <= on_map
    legend = plain(figure_of(doc, "verdict-history").legend[0])
    assert legend == "A Gamma · B Delta"


def test_the_vector_shares_sit_where_the_characters_are(catalog: Catalog) -> None:
    figure = figure_of(build_document(View("verdict", ("gamma",)), catalog), "verdict-history")
    drawn = [plain(item) for item in figure.lines]
    circles = [s for s in figure.shapes if isinstance(s, Circle)]
    share_top = drawn.index("transfer share") + 1
    last = circles[-1]  # the share of 2024-02: 33%
    assert last.text.endswith("transfer share 33%, mixed")
    assert share_top + 3 < last.y < share_top + 4  # 33% between the 35% and 30% lines' middles
    steps = [s for s in figure.shapes if isinstance(s, Polyline) and s.text == "Gamma"]
    assert len(steps) == 2  # one in each panel
    assert all(0 <= c.x <= figure.width and 0 <= c.y <= figure.height for c in circles)


def test_ascii_draws_the_history_in_ascii(catalog: Catalog) -> None:
    doc = build_document(View("verdict", ("gamma", "delta")), catalog, ascii=True)
    figure = figure_of(doc, "verdict-history")
    text = "\n".join(plain(item) for item in (*figure.lines, *figure.legend))
    assert text.isascii() and "+" not in text


def test_a_shared_cell_and_nothing_dated() -> None:
    same = [HistoryPoint("2020", Score(1, 0.5, 0.0, {}))]
    figure = history_figure([("A1", same), ("B1", same)], UNICODE)
    assert figure is not None
    legend = [plain(item) for item in figure.legend]
    assert f"{UNICODE.crowd} points of several stacks in one cell" in legend
    assert history_figure([("Nothing", ())], ASCII) is None
    undated = [HistoryPoint(None, Score(1, 0.5, 0.0, {}))]
    figure = history_figure([("A1", same), ("Undated", undated)], UNICODE)
    assert figure is not None and plain(figure.legend[0]).endswith("B Undated (nothing dated)")


def test_the_timeline_draws_the_same_chart(catalog: Catalog) -> None:
    doc = build_document(View("timeline", ("gamma", "delta")), catalog)
    stacks = [catalog.stack(s) for s in ("gamma", "delta")]
    expected = history_figure([(s.title, verdict_history(s)) for s in stacks], UNICODE)
    assert figure_of(doc, "verdict-history") == expected


def test_undated_evidence_is_said(catalog: Catalog) -> None:
    undated = load_catalog([SearchDir(TESTS / "fixtures" / "verdict", "--data")], cached=False)
    doc = build_document(View("verdict", ("gamma",)), undated)
    assert "verdict-history" not in [b.key for b in doc.blocks if isinstance(b, Figure)]
    text = render_view(View("verdict", ("gamma",)), undated, "text")
    assert "the verdict has no history." in text


# --- golden reports: the verdict view of two stacks with a history ----------------------

CASES = [
    *((fmt, 100, False) for fmt in FORMATS),
    ("text", 80, False),
    ("text", 100, True),
]


def golden_name(fmt: str, width: int, ascii: bool) -> str:
    suffix = ("-ascii" if ascii else "") + (f"-w{width}" if width != 100 else "")
    return f"verdict-gamma-delta-history{suffix}.{EXTENSIONS[fmt]}"


@pytest.mark.parametrize(("fmt", "width", "ascii"), CASES, ids=[golden_name(*c) for c in CASES])
def test_golden(catalog: Catalog, fmt: str, width: int, ascii: bool) -> None:
    """Regenerate with ``LAYERSCOPE_UPDATE_GOLDEN=1`` and review the diff like code."""
    path = GOLDEN / golden_name(fmt, width, ascii)
    view = View("verdict", ("gamma", "delta"))
    output = render_view(view, catalog, fmt, width=width, ascii=ascii)
    if UPDATE:
        path.write_text(output, "utf-8")
    expected = path.read_text("utf-8")
    if output != expected:
        diff = difflib.unified_diff(
            expected.splitlines(True), output.splitlines(True), str(path), "output", n=2
        )
        pytest.fail(f"{path.name} differs from its golden file:\n{''.join(diff)[:4000]}")
    if ascii:
        assert output.isascii()
