"""A small settings screen: theme, layer order, symbols. Every change is saved at once."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Select, Static, Switch

from layerscope.report.format import glyphs
from layerscope.tui.keys import SETTINGS_BINDINGS

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

ORDERS = (("Top-down (highest level first)", "top-down"), ("Bottom-up", "bottom-up"))


class SettingsScreen(ModalScreen[None]):
    """Theme, layer order and ASCII symbols."""

    BINDINGS = SETTINGS_BINDINGS

    @property
    def ls_app(self) -> LayerscopeApp:
        """The app, typed."""
        return cast("LayerscopeApp", self.app)

    def compose(self) -> ComposeResult:
        settings = self.ls_app.settings
        with Vertical(id="settings-dialog", classes="dialog"):
            yield Static(Content.styled("Settings", "bold"), classes="dialog-title")
            with Horizontal(classes="setting"):
                yield Label("Theme", classes="setting-label")
                yield Select[str](
                    self._themes(),
                    value=self.app.theme,
                    allow_blank=False,
                    id="setting-theme",
                )
            with Horizontal(classes="setting"):
                yield Label("Layer order", classes="setting-label")
                yield Select[str](
                    ORDERS, value=settings.layer_order, allow_blank=False, id="setting-order"
                )
            with Horizontal(classes="setting"):
                yield Label("ASCII symbols", classes="setting-label")
                yield Switch(self.ls_app.ascii, id="setting-ascii")
                yield Static(self._state(self.ls_app.ascii), id="setting-ascii-state")
            yield Static(
                Content.styled(
                    f"Saved on every change{glyphs(self.ls_app.ascii).sep}esc close", "$text-muted"
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self._arrows()

    def _arrows(self) -> None:
        # Textual's drop-down arrows are not ASCII.
        down, up = ("v", "^") if self.ls_app.ascii else ("▼", "▲")
        for arrow in self.query(".down-arrow").results(Static):
            arrow.update(down)
        for arrow in self.query(".up-arrow").results(Static):
            arrow.update(up)

    def _themes(self) -> list[tuple[str, str]]:
        # The current theme marked in characters: the list shows it without colour too.
        g = glyphs(self.ls_app.ascii)
        return [
            (f"{g.chosen if name == self.app.theme else g.unchosen} {name}", name)
            for name in sorted(self.app.available_themes)
        ]

    def _state(self, on: bool) -> Content:
        g = glyphs(self.ls_app.ascii)
        return Content(f"{g.checked} on" if on else f"{g.unchecked} off")

    def _mark_theme(self) -> None:
        select = self.query_one("#setting-theme", Select)
        with self.prevent(Select.Changed):
            select.set_options(self._themes())
            select.value = self.app.theme

    @on(Select.Changed, "#setting-theme")
    def _theme(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.app.theme:
            self.app.theme = event.value
            self._mark_theme()

    @on(Select.Changed, "#setting-order")
    def _order(self, event: Select.Changed) -> None:
        if isinstance(event.value, str) and event.value != self.ls_app.settings.layer_order:
            self.ls_app.set_layer_order(event.value)

    @on(Switch.Changed, "#setting-ascii")
    def _ascii(self, event: Switch.Changed) -> None:
        self.ls_app.ascii = event.value
        self.query_one("#setting-ascii-state", Static).update(self._state(event.value))
        self._mark_theme()
        self._arrows()

    def action_close(self) -> None:
        """Close the settings."""
        self.dismiss(None)
