"""Headless test apps paint only the frames a test reads (tests/conftest.py), yet a widget
that cannot render still fails its test: when the app shuts down, when a screen covers it
and when its screen is popped."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widget import Widget


class Broken(Exception):
    """What the widget raises once it is told to break."""

    def __rich__(self) -> str:
        # The app shows this instead of a full traceback with locals (seconds of CPU).
        return "cannot render"


class Fragile(Widget):
    """Renders its paint count until ``broken`` is set; then every render raises."""

    DEFAULT_CSS = "Fragile { height: 1; }"

    def __init__(self) -> None:
        super().__init__()
        self.broken = False
        self.renders = 0

    def render(self) -> str:
        if self.broken:
            raise Broken("cannot render")
        self.renders += 1
        return f"painted {self.renders}"


class Other(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Fragile()


class Host(App[None]):
    BINDINGS: ClassVar = [
        ("b", "break_it", "break"),
        ("o", "push_screen('other')", "other"),
        ("p", "pop_screen", "back"),
        ("r", "repaint", "repaint"),
    ]
    SCREENS: ClassVar = {"other": Other}

    def compose(self) -> ComposeResult:
        yield Fragile()

    def action_break_it(self) -> None:
        fragile = self.screen.query_one(Fragile)
        fragile.broken = True
        fragile.refresh()

    def action_repaint(self) -> None:
        self.query_one(Fragile).refresh()


async def test_a_widget_that_cannot_render_fails_when_the_app_shuts_down() -> None:
    with pytest.raises(Broken):
        async with Host().run_test() as pilot:
            await pilot.press("b")
            await pilot.pause()


async def test_a_widget_that_cannot_render_fails_when_a_screen_covers_it() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.press("b")
        await pilot.pause()
        with pytest.raises(Broken):
            app.push_screen("other")
        app.query_one(Fragile).broken = False


async def test_a_widget_that_cannot_render_fails_when_its_screen_is_popped() -> None:
    with pytest.raises(Broken):
        async with Host().run_test() as pilot:
            await pilot.press("o", "b", "p")
            await pilot.pause()


async def test_refreshes_are_not_painted_until_the_screen_is_read() -> None:
    app = Host()
    async with app.run_test() as pilot:
        fragile = app.query_one(Fragile)
        before = fragile.renders
        for _ in range(5):
            await pilot.press("r")
            await pilot.pause()
        assert fragile.renders == before
        assert "painted" in app.export_screenshot()
        assert fragile.renders == before + 1
