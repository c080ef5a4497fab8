"""No state by colour alone: where the keys act reads from the plain characters on screen
(what ``tmux capture-pane -p`` without ``-e`` gives), in Unicode and in ASCII."""

from __future__ import annotations

import msgspec
import pytest
from test_tui_support import make_app, screen_text
from textual.pilot import Pilot

from layerscope.report.format import ASCII, UNICODE, glyphs
from layerscope.tui.dialogs.picker import PickerScreen
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.flow import FlowScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.document import DocumentView


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(4):
        await pilot.pause()


def lines_with(app: object, mark: str) -> list[str]:
    return [line for line in screen_text(app).splitlines() if mark in line]  # type: ignore[arg-type]


def test_the_focus_glyph_means_where_the_keys_act_and_nothing_else() -> None:
    for g in (UNICODE, ASCII):
        assert g.focus in (g.pane, g.current)  # the same meaning as the current pane's
        others = {
            name: value
            for name, value in msgspec.structs.asdict(g).items()
            if name not in ("focus", "pane", "current", "ascii", "tree_lines", "sep")
        }
        for name, value in others.items():
            chars = "".join(value) if isinstance(value, tuple) else str(value)
            assert g.focus not in chars, name
    assert ASCII.focus.isascii()


@pytest.mark.parametrize("ascii", [False, True], ids=["unicode", "ascii"])
async def test_the_focused_table_marks_its_cursor_row(ascii: bool) -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    g = glyphs(ascii)
    async with app.run_test(size=(120, 40)) as pilot:
        app.ascii = ascii
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        assert lines_with(app, g.focus) == []  # no table has the keys yet
        addresses = screen.query_one(DocumentView).table("addresses")
        addresses.focus()
        await settle(pilot)
        marked = lines_with(app, g.focus)
        first = addresses.get_row_at(0)[0].plain.split("\n")[0]
        assert len(marked) == 1 and first in marked[0]
        await pilot.press("down")
        await settle(pilot)
        second = addresses.get_row_at(1)[0].plain.split("\n")[0]
        marked = lines_with(app, g.focus)
        assert len(marked) == 1 and second in marked[0]
        screen.query_one(DocumentView).table("metrics").focus()
        await settle(pilot)
        marked = lines_with(app, g.focus)
        assert len(marked) == 1 and second not in marked[0]  # only the focused table


async def test_the_flow_tabs_and_the_tree_cursor_read_without_colour() -> None:
    app = make_app(start=Start(("alpha", "beta")))
    g = glyphs(False)
    async with app.run_test(size=(80, 24)) as pilot:  # narrow: one pane, tabs above it
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        tabs = screen_text(app).splitlines()[1]
        names = [app.catalog.stack(s).name for s in flow.view.stacks]
        assert f"{g.pane} {names[0]}" in tabs and f"{g.pane} {names[1]}" not in tabs
        await pilot.press("tab")
        await settle(pilot)
        tabs = screen_text(app).splitlines()[1]
        assert f"{g.pane} {names[1]}" in tabs and f"{g.pane} {names[0]}" not in tabs
        tree = flow.trees[flow.active]
        assert tree.has_focus
        await pilot.press("j", "j")
        await settle(pilot)
        cursor = tree.cursor_node
        assert cursor is not None
        marked = [line for line in lines_with(app, g.focus) if line != tabs]
        assert len(marked) == 1 and cursor.label.plain in marked[0]


async def test_the_current_and_selected_cards_and_the_pickers_row_read_without_colour() -> None:
    app = make_app(start=Start(("alpha", "beta")))
    g = glyphs(False)
    async with app.run_test(size=(80, 24)) as pilot:  # two stacks stay side by side at 80
        await settle(pilot)
        comparison = app.screen
        assert isinstance(comparison, ComparisonScreen)
        comparison.settle()
        await settle(pilot)
        text = screen_text(app).splitlines()
        current = [line for line in text if line.startswith(f" {g.current} ")]
        assert current and all(g.selected in line for line in current), (
            "the current card is marked, beside a selected one"
        )
        await pilot.press("right")
        comparison.settle()
        await settle(pilot)
        text = screen_text(app).splitlines()
        assert [line for line in text if line.startswith(f" {g.selected} ")], (
            "the card left behind reads as selected"
        )
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, PickerScreen), "s opens the picker"
        names = [stack.name for stack in app.catalog.stacks.values()]
        marked = lines_with(app, f"{g.focus} {g.checked}")
        assert len(marked) == 1 and names[0] in marked[0], "the picker's highlighted row"
        await pilot.press("down")
        await settle(pilot)
        marked = [line for line in lines_with(app, g.focus) if g.checked in line]
        assert len(marked) == 1 and names[1] in marked[0], "the mark follows down"


async def test_the_sources_list_marks_its_cursor_as_soon_as_it_has_the_keys() -> None:
    from layerscope.tui.widgets.document import ItemList

    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "top")))
    g = glyphs(False)
    async with app.run_test(size=(80, 30)) as pilot:
        await settle(pilot)
        sources = app.screen.query_one(ItemList)
        sources.focus()
        await settle(pilot)
        first = f"[1] {app.catalog.stack('alpha').source('s1').title}"  # type: ignore[union-attr]
        assert [line for line in lines_with(app, g.focus) if first in line]
        app.screen.query_one(DocumentView).table("addresses").focus()
        await settle(pilot)
        assert not [line for line in lines_with(app, g.focus) if first in line]
