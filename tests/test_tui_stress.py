"""DESIGN.md's stress case: two stacks of 50 layers with 500 examples per layer open, move
and scroll. Functional outcomes only; ``benchmarks/run.py`` (row S1) measures the time."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml
from test_tui_support import make_app
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from layerscope.catalog import Catalog
from layerscope.load.loader import load_bytes
from layerscope.model import MAX_LAYERS
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.cards import LayerCard, StripCell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from generate import (
    STRESS_EXAMPLES,
    STRESS_IDS,
    STRESS_LAYERS,
    stack,
    stress_catalog,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    """The stress pair, generated once for the module (it takes a moment)."""
    return stress_catalog()


def test_stress_pair_is_the_size_design_asks_for(catalog: Catalog) -> None:
    assert sorted(catalog.stacks) == sorted(STRESS_IDS)
    for stress in catalog.stacks.values():
        assert len(stress.layers) == STRESS_LAYERS == 50
        assert {len(layer.examples) for layer in stress.layers} == {STRESS_EXAMPLES} == {500}
        assert [layer.level for layer in stress.layers] == list(range(1, 51))


def test_stress_stack_breaks_no_rule_but_the_layer_count(tmp_path: Path) -> None:
    """The generator's stacks are valid data, except that a file may hold 32 layers."""
    data = stack(0, layers=STRESS_LAYERS, examples=3, metrics=2, stack_id="stress-a")
    text = yaml.safe_dump(data, sort_keys=False).encode()
    result = load_bytes(text, tmp_path / "stress-a.yaml")
    assert [d.code for d in result.diagnostics] == ["too-many-layers"]
    assert f"at most {MAX_LAYERS}" in result.diagnostics[0].message


async def test_stress_pair_opens_moves_and_scrolls(catalog: Catalog) -> None:
    app = make_app(catalog, start=Start(STRESS_IDS))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert len(list(screen.query(LayerCard))) == 2 * STRESS_LAYERS
        # Top-down: the top level is selected first; j moves one level down per press.
        assert screen.selected_level == 50
        levels = screen.query_one("#levels", VerticalScroll)
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
        selected = [c for c in screen.query(LayerCard).results(LayerCard) if c.state != ""]
        assert {(c.stack.id, c.level) for c in selected} == {(sid, 1) for sid in STRESS_IDS}
        strip = list(screen.query(StripCell).results(StripCell))
        assert [cell.record.id if cell.record else None for cell in strip] == ["layer-1"] * 2

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

        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is table
        assert (table.cursor_row, table.scroll_y) == (0, 0)
        for _ in range(40):
            await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 40
        scrolled = table.scroll_y
        assert scrolled > 0  # the table scrolls to keep its cursor row in view
        for _ in range(3):
            await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row > 40 and table.scroll_y > scrolled
