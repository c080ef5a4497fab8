"""The verdict screen (``v``) and the verdict map it shows: a figure drawn in characters
for the screen and the text formats, and as vector shapes for HTML and SVG.

The fixture is the gamma stack (tests/fixtures/verdict/gamma.yaml): index 0.50 and
transfer share 20% (a point at column 30, row 4 of the 60 by 20 grid), its range a box
from index 0.20 to 0.60 and share 20% to 40% (columns 12 to 36, rows 4 to 8).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_screen_equals_export import SIZE, WIDTH, assert_same, export_words, screen_words, words
from test_tui_support import FIXTURES, fixture_dirs, make_app
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.analysis.whatif import Change
from layerscope.catalog import load_paths
from layerscope.report import View, build_document, render_document
from layerscope.report.document import Circle, Figure, Label, Para, Rect, plain
from layerscope.report.format import glyphs
from layerscope.report.views.verdict_map import (
    COLUMNS,
    DRAWING_LINES,
    ROWS,
    MapPoint,
    draw_map,
    map_figure,
    verdict_map,
)
from layerscope.report.views.whatif import what_if_document
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start
from layerscope.tui.screens.verdict import VerdictScreen
from layerscope.tui.widgets.document import DocumentView, FigureBlock

VERDICT = FIXTURES / "verdict"
GAMMA = VERDICT / "gamma.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden" / "verdict"
SHOWN = ("alpha", "gamma")
POINT = MapPoint("A", "Gamma", "mixed", 0.5, 0.2, (0.2, 0.6), (0.2, 0.4))


def verdict_app() -> LayerscopeApp:
    return make_app(fixture_dirs(VERDICT), start=Start(SHOWN))


async def settle(pilot: Pilot[None], times: int = 3) -> None:
    for _ in range(times):
        await pilot.pause()


# -- the screen ---------------------------------------------------------------------------------


async def test_v_shows_what_the_verdict_export_writes_under_a_what_if_and_in_ascii() -> None:
    app = verdict_app()
    view = View("verdict", SHOWN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VerdictScreen), "v opens the verdict screen"
        assert screen.current_view() == view, "the verdict of the stacks on show"
        before = await screen_words(pilot, screen)
        assert_same(before, export_words(app, view))
        # The map is the figure's character drawing, whole at this width.
        figure = screen.query_one(FigureBlock)
        assert figure.block.key == "verdict-map", "the map is a figure"
        assert figure.chart.content.plain.splitlines() == [  # type: ignore[union-attr]
            plain(item) for item in figure.block.lines
        ], "drawn whole, as its characters"
        changes = (Change("gamma", "lift", "leaky", "mitigated"),)
        app.what_if = changes
        await settle(pilot)
        doc = what_if_document(view, app.catalog, changes)
        expected = words([render_document(doc, "text", width=WIDTH)])
        shown = await screen_words(pilot, app.screen)
        assert_same(shown, expected)
        assert shown != before and shown["What-if"] == 1, "the screen follows the what-if"
        app.ascii = True
        await settle(pilot)
        doc = what_if_document(view, app.catalog, changes, ascii=True)
        expected = words([render_document(doc, "text", width=WIDTH, ascii=True)], ascii=True)
        shown = await screen_words(pilot, app.screen, ascii=True)
        assert_same(shown, expected)
        assert all(word.isascii() for word in shown), "the screen follows the ASCII toggle"


async def test_v_replaces_the_flow_screen_scrolls_with_j_and_k_and_escape_goes_back() -> None:
    app = verdict_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VerdictScreen) and len(app.screen_stack) == 2, (
            "v replaces the flow screen"
        )
        body = app.screen.query_one(DocumentView)
        assert body.scroll_y == 0, "it opens at the top"
        await pilot.press("j", "j", "j")
        await settle(pilot)
        assert body.scroll_y == 3, "j scrolls down"
        await pilot.press("k")
        await settle(pilot)
        assert body.scroll_y == 2, "k scrolls up"
        await pilot.press("escape")
        await settle(pilot)
        assert len(app.screen_stack) == 1, "escape: back to the comparison"


# -- the figure ---------------------------------------------------------------------------------


def test_the_figure_is_the_character_map_and_its_legend() -> None:
    g = glyphs(False)
    chart = verdict_map([POINT])
    figure = map_figure(chart, g)
    drawn = draw_map(chart, g)
    assert figure.key == "verdict-map"
    assert figure.lines == drawn[:DRAWING_LINES] and figure.legend == drawn[DRAWING_LINES:]
    assert len(figure.lines) == ROWS + 3  # the axis title, a line per grid row, the axis
    assert figure.height == len(figure.lines)
    assert figure.width >= max(len(plain(item)) for item in figure.lines)


def test_the_shapes_sit_where_the_characters_are() -> None:
    figure = map_figure(verdict_map([POINT]), glyphs(False))
    lines = [plain(item) for item in figure.lines]

    def char_at(x: float, y: float) -> str:
        return lines[int(y)][int(x)]

    circle = next(s for s in figure.shapes if isinstance(s, Circle))
    # Column 30 of the grid is character 31 (after the axis), row 4 is line 1 + 20 - 4.
    assert (circle.x, circle.y) == (31.5, 17.5) and char_at(circle.x, circle.y) == "A"
    box = next(s for s in figure.shapes if isinstance(s, Rect) and s.outline)
    assert (box.x, box.y, box.width, box.height) == (13.5, 13.5, 24, 4)
    assert char_at(box.x, box.y) == "┌" and char_at(box.x + box.width, box.y) == "┐"
    label = next(s for s in figure.shapes if isinstance(s, Label) and s.text == "A Gamma")
    assert label.y == circle.y and label.x > circle.x
    # Each region's area holds the characters that fill it on screen.
    areas = [s for s in figure.shapes if isinstance(s, Rect) and not s.outline]
    assert sorted(a.role for a in areas) == ["mixed", "mixed", "progression", "transfer"]

    def roles_at(x: float, y: float) -> set[str]:
        return {a.role for a in areas if a.x <= x <= a.x + a.width and a.y <= y <= a.y + a.height}

    filled = {"·": "progression", "╱": "transfer"}
    checked = 0
    for y in range(1, ROWS + 2):
        for x in range(1, COLUMNS + 2):
            char = lines[y][x] if x < len(lines[y]) else " "
            if char in filled:
                assert filled[char] in roles_at(x + 0.5, y + 0.5), (x, y, char)
                checked += 1
    assert checked > 100


def test_the_verdict_document_draws_its_map_as_a_figure() -> None:
    catalog = load_paths([GAMMA])
    doc = build_document(View("verdict", ("gamma",)), catalog)
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert [f.key for f in figures] == ["verdict-map"]
    drawing = {plain(item) for item in figures[0].lines}
    for block in doc.blocks:  # the map is not also drawn as paragraphs
        if isinstance(block, Para):
            assert not drawing & {plain(item) for item in block.lines}


@pytest.mark.parametrize(
    ("name", "marks"),
    [
        ("verdict-gamma.html", ['<figure data-key="verdict-map">', 'class="a r-transfer"']),
        ("verdict-gamma.svg", ['class="a r-progression"', "<circle class=", ">A Gamma</text>"]),
        ("verdict-gamma.md", ["```text\n↑ transfer share · progression index →\n"]),
        ("verdict-gamma.txt", ["└0───────────0.20────────0.40"]),
        ("verdict-gamma-ascii.txt", ["-0-----------0.20--------0.40"]),
    ],
)
def test_the_golden_verdict_files_hold_the_figure(name: str, marks: list[str]) -> None:
    text = (GOLDEN / name).read_text()
    for mark in marks:
        assert mark in text, (name, mark)


# -- snapshots ----------------------------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def verdict_screen(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()  # the start-up ones name files by their path
    await pilot.press("v")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
class TestVerdictSnapshots:
    @pytest.fixture(autouse=True)
    def steady_cursor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """A blinking cursor is on or off depending on when the picture is taken."""
        monkeypatch.setattr(Input, "cursor_blink", False)

    def test_verdict(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(verdict_app(), terminal_size=size, run_before=verdict_screen)

    def test_verdict_under_a_what_if(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def before(pilot: Pilot[None]) -> None:
            app = pilot.app
            assert isinstance(app, LayerscopeApp)
            app.what_if = (Change("gamma", "lift", "leaky", "mitigated"),)
            await verdict_screen(pilot)

        assert snap_compare(verdict_app(), terminal_size=size, run_before=before)
