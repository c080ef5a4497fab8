"""The filter bar (``/``): type to highlight what matches on the screen below."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from layerscope.tui.keys import FILTER_BINDINGS
from layerscope.tui.screens.base import ViewScreen


class FilterScreen(ModalScreen[str | None]):
    """A one-line bar at the bottom; the screen below highlights matches as you type.

    Dismisses with the text on ``enter`` (the highlights stay) and with ``None`` on ``esc``
    (the highlights go).
    """

    BINDINGS = FILTER_BINDINGS

    def __init__(self, target: ViewScreen, text: str = "") -> None:
        """Filter ``target``, starting with ``text``."""
        super().__init__()
        self.target = target
        self.initial = text

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-bar"):
            yield Static(Content.styled("/", "bold $text-accent"), id="filter-prompt")
            yield Input(
                self.initial,
                placeholder="filter layers, problems, examples",
                id="filter-input",
            )
            yield Static(id="filter-count", markup=False)

    def on_mount(self) -> None:
        self._apply(self.initial)

    @on(Input.Changed, "#filter-input")
    def _changed(self, event: Input.Changed) -> None:
        self._apply(event.value)

    def _apply(self, text: str) -> None:
        count = self.target.apply_filter(text)
        label = "" if not text.strip() else f"{count} match" + ("" if count == 1 else "es")
        self.query_one("#filter-count", Static).update(Content(label))

    @on(Input.Submitted, "#filter-input")
    def action_keep(self) -> None:
        """Close the bar, keeping the highlights."""
        text = self.query_one("#filter-input", Input).value
        self.dismiss(text if text.strip() else None)

    def action_cancel(self) -> None:
        """Close the bar and clear the highlights."""
        self.dismiss(None)
