"""The level screen: ``L`` on the comparison, ``[``/``]``, what it shows against the export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from test_screen_equals_export import open_and_compare, open_and_compare_each
from test_tui_support import MARKUP, fixture_dirs, make_app
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.report import View
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.level import LevelScreen
from layerscope.tui.widgets.document import DocumentView

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


def _app(**kw: Any) -> Any:
    return make_app(start=Start(("alpha", "beta")), **kw)


async def _open_level(pilot: Pilot[None], level: int) -> LevelScreen:
    app = pilot.app
    await pilot.pause()
    comparison = app.screen
    assert isinstance(comparison, ComparisonScreen)
    comparison.selected_level = level
    await pilot.press("L")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LevelScreen)
    return screen


async def test_l_opens_the_selected_level_of_every_stack_follows_ascii_and_escape_goes_back() -> (
    None
):
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_level(pilot, 2)
        assert screen.current_view() == View("level", ("alpha", "beta"), level=2), (
            "L opens the selected level"
        )
        body = screen.query_one(DocumentView)
        assert body.document == app.document(screen.current_view()), "the level's document"
        assert [c.label.plain.strip() for c in body.table("metrics").ordered_columns] == [
            app.catalog.stack("alpha").title,
            app.catalog.stack("beta").title,
        ], "a column per stack on show"
        app.ascii = True
        await pilot.pause()
        assert body.document == app.document(screen.current_view()), "the ASCII document"
        assert body.ascii, "the ASCII toggle reaches the level screen"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen), "escape returns to the comparison"


async def test_brackets_move_every_column_a_level_and_the_comparison_follows() -> None:
    app = _app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_level(pilot, 1)
        levels = screen.levels()
        assert levels == sorted(
            {la.level for sid in ("alpha", "beta") for la in app.catalog.stack(sid).layers}
        )
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.view.level == levels[1]
        assert app.comparison.selected_level == levels[1]
        for _ in levels:
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.view.level == levels[-1]  # stops at the top
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.view.level == levels[-2]
        title = screen.query_one(DocumentView).blocks[0].render()
        assert f"Level {levels[-2]}" in str(title)


async def test_level_screens_show_what_the_export_writes() -> None:
    views = [View("level", ("alpha", "beta"), level=n) for n in (2, 3)]
    await open_and_compare_each(_app(), views)


async def test_markup_looking_data_shows_the_same_on_both_sides() -> None:
    app = make_app(fixture_dirs(MARKUP), start=Start(("markup", "alpha")))
    await open_and_compare(app, View("level", ("markup", "alpha"), level=1))


async def _quiet_level(pilot: Pilot[None]) -> None:
    await pilot.pause()
    comparison = pilot.app.screen
    assert isinstance(comparison, ComparisonScreen)
    comparison.settle()
    comparison.selected_level = 2
    await pilot.pause()
    await pilot.press("L")
    await pilot.pause()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_level_snapshot(snap_compare: Compare, size: tuple[int, int]) -> None:
    assert snap_compare(_app(), terminal_size=size, run_before=_quiet_level)


async def test_brackets_keep_the_apps_date() -> None:
    from pathlib import Path

    from layerscope.catalog import SearchDir

    time = Path(__file__).resolve().parent / "fixtures" / "time"
    # As of 2021-06 neither Gamma nor Delta has a layer at level 3 (Gamma's comes in 2023).
    app = make_app([SearchDir(time, "--data")], start=Start(("gamma", "delta")), as_of="2021-06")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_level(pilot, 2)
        assert 3 not in screen.levels()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.current_view().level == 2 and app.as_of == "2021-06"
