"""DESIGN.md's stress case: two stacks of 50 layers with 500 examples per layer, written as
YAML files by the benchmarks' generator and read through the real loader, validate clean,
open, move, scroll and search. Functional outcomes only; ``benchmarks/run.py`` (row S1)
measures the time."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from generate import STRESS_EXAMPLES, STRESS_IDS, STRESS_LAYERS
from test_tui_support import make_app, screen_text
from textual.command import CommandList
from textual.widgets import DataTable

from layerscope.catalog import Catalog
from layerscope.report.format import UNICODE
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start
from layerscope.tui.palette import MAX_HITS
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.levels import LevelsView
from layerscope.tui.widgets.strip import StripCell

# One worker of `pytest -n` runs them all: the pair is loaded once per process.
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("stress")]


def on_screen(app: LayerscopeApp, name: str) -> bool:
    """Whether an example's name shows on screen as a cell of its own (``X Y 4`` is not
    in ``X Y 40``); on the cursor row of a focused table, after the focus mark."""
    before = rf"(^|\s|{re.escape(UNICODE.focus)})"
    return any(
        re.search(rf"{before}{re.escape(name)}(\s|$)", line)
        for line in screen_text(app).splitlines()
    )


def test_stress_files_are_the_size_design_asks_for_and_validate_clean(
    stress_dir: Path, stress_catalog: Catalog
) -> None:
    assert sorted(p.name for p in stress_dir.glob("*.yaml")) == [
        "dimensions.yaml",
        "stress-a.yaml",
        "stress-b.yaml",
    ]
    assert [str(d) for d in stress_catalog.diagnostics] == []  # not even a warning
    assert sorted(stress_catalog.stacks) == sorted(STRESS_IDS)
    for stress in stress_catalog.stacks.values():
        assert len(stress.layers) == STRESS_LAYERS == 50
        assert {len(layer.examples) for layer in stress.layers} == {STRESS_EXAMPLES} == {500}
        assert [layer.level for layer in stress.layers] == list(range(1, 51))
        assert stress_catalog.files[stress.id].parent == stress_dir


async def test_stress_pair_opens_moves_and_scrolls(stress_catalog: Catalog) -> None:
    app = make_app(stress_catalog, start=Start(STRESS_IDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.levels is not None and len(screen.levels.cards) == 2 * STRESS_LAYERS
        # Top-down: the top level is selected first; j moves one level down per press.
        assert screen.selected_level == 50
        levels = screen.query_one("#levels", LevelsView)
        assert levels.scroll_y == 0
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        assert screen.selected_level == 20
        assert levels.scroll_y > 0  # the selected row was scrolled into view
        for _ in range(30):
            await pilot.press("j")
        await pilot.pause()
        assert screen.selected_level == 1  # the bottom: the last presses had nowhere to go
        assert levels.scroll_y == levels.max_scroll_y
        selected = [c for c in levels.cards if c.state != ""]
        assert {(c.stack.id, c.level) for c in selected} == {(sid, 1) for sid in STRESS_IDS}
        strip = list(screen.query(StripCell).results(StripCell))
        assert [cell.level for cell in strip] == [1, 1]

        await pilot.press("enter")
        await pilot.pause()
        layer = app.screen
        assert isinstance(layer, LayerScreen)
        assert (layer.stack.id, layer.record.id) == ("stress-a", "layer-1")
        table = layer.query_one("#examples", DataTable)
        await pilot.pause()
        assert table.row_count == STRESS_EXAMPLES
        names = [table.get_row_at(row)[0].plain for row in (0, STRESS_EXAMPLES - 1)]
        assert names == [layer.record.examples[0].name, layer.record.examples[-1].name]

        for _ in range(len(layer.query(DataTable))):  # tab through the tables to this one
            if app.focused is table:
                break
            await pilot.press("tab")
            await pilot.pause()
        assert app.focused is table
        assert table.cursor_row == 0
        examples = layer.record.examples
        assert not on_screen(app, examples[40].name)
        for _ in range(40):
            await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 40
        assert on_screen(app, examples[40].name)  # scrolled to keep the cursor row in view
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        row = table.cursor_row
        assert row > 40 and on_screen(app, examples[row].name)
        assert not on_screen(app, examples[40].name)


async def test_palette_on_the_stress_pair_shows_the_best_hits(stress_catalog: Catalog) -> None:
    """50,000 examples: the palette keeps the best hits only, the searched one first."""
    stack = stress_catalog.stack("stress-b")
    wanted = stack.layers[6].examples[3].name
    app = make_app(stress_catalog, start=Start(STRESS_IDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*wanted.lower())
        commands = app.screen.query_one(CommandList)
        for _ in range(100):  # the search yields to the app as it goes through them all
            await asyncio.sleep(0.05)
            await pilot.pause()
            if commands.option_count == MAX_HITS:
                break
        hits = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
        assert len(hits) == MAX_HITS  # far more examples match the letters than are shown
        assert hits[0].splitlines()[0].endswith(f" / {wanted}"), hits[:3]  # not a longer name
