"""Help (``?``, ``f1``): the keys of the current screen, filterable by typing.

Generated from the screen's active bindings: the same ones that feed the footer and the
command palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from layerscope.report.format import glyphs
from layerscope.tui.keys import APP_BINDINGS, HELP_BINDINGS
from layerscope.tui.widgets import highlight as text

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp


@dataclass(frozen=True)
class KeyHelp:
    """One action and every key that runs it."""

    id: str
    keys: str
    description: str
    tooltip: str
    scope: str


def screen_name(screen: Screen[Any]) -> str:
    """``ComparisonScreen`` → ``Comparison``."""
    return type(screen).__name__.removesuffix("Screen").removesuffix("Modal") or "Screen"


def keys_of(screen: Screen[Any]) -> list[KeyHelp]:
    """The registered keys active on ``screen``, one row per binding id."""
    app = screen.app
    grouped: dict[str, tuple[Binding, list[str], str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id is None or binding.system:
            continue
        display = app.get_key_display(binding.with_key(key))
        scope = "anywhere" if active.node is app else screen_name(screen).lower()
        if binding.id in grouped:
            grouped[binding.id][1].append(display)
        else:
            grouped[binding.id] = (binding, [display], scope)
    rows = [
        KeyHelp(binding.id or "", " ".join(keys), binding.description, binding.tooltip, scope)
        for binding, keys, scope in grouped.values()
    ]
    # In the order the bindings are declared: the screen's own first, then the app's.
    declared = [*getattr(type(screen), "BINDINGS", []), *APP_BINDINGS]
    order = {b.id: i for i, b in enumerate(declared) if isinstance(b, Binding)}
    rows.sort(key=lambda row: (row.scope == "anywhere", order.get(row.id, len(order))))
    return rows


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, with a filter."""

    BINDINGS = HELP_BINDINGS

    def __init__(self, screen: Screen[Any]) -> None:
        """Help for ``screen`` (read now, while it is still the current screen)."""
        super().__init__()
        self.for_screen = screen_name(screen)
        self.rows = keys_of(screen)

    def compose(self) -> ComposeResult:
        g = glyphs(cast("LayerscopeApp", self.app).ascii)
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Keys", "bold"), (f"{g.sep}{self.for_screen}", "$text-muted")),
                classes="dialog-title",
            )
            yield Input(placeholder="type to filter", id="help-filter")
            table: DataTable[Text] = DataTable(id="help-keys", cursor_type="row")
            table.can_focus = False
            yield table
            yield Static(
                Content.styled(f"esc close{g.sep}ctrl+p runs any of these by name", "$text-muted"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        table = self.query_one("#help-keys", DataTable)
        table.add_columns("Key", "Does", "Where")
        self._show("")

    def _show(self, query: str) -> None:
        pattern = text.matcher(query)
        table = self.query_one("#help-keys", DataTable)
        table.clear()
        for row in self.rows:
            if pattern and not text.matches(
                pattern, row.keys, row.description, row.tooltip, row.scope
            ):
                continue
            table.add_row(
                text.marked_text(row.keys, pattern, "bold"),
                text.marked_text(row.tooltip or row.description, pattern),
                Text(row.scope, style="dim"),
            )

    @on(Input.Changed, "#help-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
