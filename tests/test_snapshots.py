"""Visual snapshots of every screen at 80×24 and 120×40 (pytest-textual-snapshot).

Update the baselines with ``pytest tests/test_snapshots.py --snapshot-update`` and look at
them (``tests/__snapshots__/test_snapshots/*.svg``) before committing.

Nothing here depends on a clock: the text cursor does not blink, and the comparison's strip
is settled on purpose rather than waited for, so a busy machine takes the same pictures.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from test_tui_support import MARKUP, fixture_dirs, make_app
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
Compare = Callable[..., bool]


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor is on or off depending on when the picture is taken."""
    monkeypatch.setattr(Input, "cursor_blink", False)


def app(**kw: Any) -> Any:
    return make_app(**kw)


async def settle(pilot: Pilot[None]) -> None:
    """Let what is pending run; settle the comparison if it is on screen."""
    await pilot.pause()
    screen = pilot.app.screen
    if isinstance(screen, ComparisonScreen):
        screen.settle()
    await pilot.pause()
    await pilot.pause()


def keys(*presses: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press keys, then settle the comparison (its strip follows the keys a moment later)."""

    async def run(pilot: Pilot[None]) -> None:
        await quiet(pilot)
        await pilot.press(*presses)
        await settle(pilot)

    return run


async def quiet(pilot: Pilot[None]) -> None:
    """Without the start-up notifications (they name files by their path)."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
class TestComparison:
    def test_two_stacks(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), terminal_size=size, run_before=settle)

    def test_moved_selection(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), terminal_size=size, run_before=keys("down", "right"))

    def test_three_stacks(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        three = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "beta", "markup")))
        assert snap_compare(three, terminal_size=size, run_before=keys("down"))

    def test_filter(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["slash", *"engine"], terminal_size=size)

    def test_ascii_bottom_up(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        async def before(pilot: Pilot[None]) -> None:
            pilot.app.ascii = True  # type: ignore[attr-defined]
            pilot.app.set_layer_order("bottom-up")  # type: ignore[attr-defined]
            await settle(pilot)

        assert snap_compare(app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestLayer:
    def test_layer_with_examples_and_series(
        self, snap_compare: Compare, size: tuple[int, int]
    ) -> None:
        start = Start(("alpha", "beta"), layer=("alpha", "base"))
        assert snap_compare(app(start=start), terminal_size=size, run_before=settle)

    def test_layer_with_transfers(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        start = Start(("alpha", "beta"), layer=("beta", "appchain"))
        assert snap_compare(app(start=start), terminal_size=size, run_before=settle)

    def test_markup_layer(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        markup = make_app(
            fixture_dirs(MARKUP), start=Start(("markup", "alpha"), layer=("markup", "low"))
        )

        assert snap_compare(markup, terminal_size=size, run_before=quiet)


@pytest.mark.parametrize("size", SIZES)
class TestDialogs:
    def test_help(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["question_mark"], terminal_size=size)

    def test_help_filtered(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["f1", *"stack"], terminal_size=size)

    def test_picker(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["s"], terminal_size=size)

    def test_settings(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["comma"], terminal_size=size)

    def test_issues(self, snap_compare: Compare, size: tuple[int, int], tmp_path: Any) -> None:
        (tmp_path / "broken.yaml").write_text("schema_version: 1\nid: broken\nname: [x\n")

        async def before(pilot: Pilot[None]) -> None:
            await quiet(pilot)  # the notifications arrive as messages: let them, then clear
            await pilot.press("exclamation_mark")
            await settle(pilot)

        broken = make_app(fixture_dirs(tmp_path))
        # The table shows the file's path; make it the same in every run.
        broken.catalog.results[-1].diagnostics[:] = [
            d.__class__("broken.yaml", d.line, d.column, d.severity, d.code, d.message, d.where)
            for d in broken.catalog.results[-1].diagnostics
        ]
        assert snap_compare(broken, terminal_size=size, run_before=before)

    def test_export(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        async def before(pilot: Pilot[None]) -> None:
            await pilot.press("e")
            await settle(pilot)
            # The default name has today's date in it.
            pilot.app.screen.query_one("#export-path").value = "./layerscope-compare.txt"
            await settle(pilot)

        assert snap_compare(app(), terminal_size=size, run_before=before)


@pytest.mark.parametrize("size", SIZES)
class TestOtherScreens:
    def test_drivers(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["d"], terminal_size=size, run_before=settle)

    def test_flow(self, snap_compare: Compare, size: tuple[int, int]) -> None:
        assert snap_compare(app(), press=["f"], terminal_size=size, run_before=settle)
