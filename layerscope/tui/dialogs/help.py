"""Help (``?``, ``f1``): the keys of the current screen, filterable by typing.

Generated from the screen's active bindings: the same ones that feed the footer and the
command palette. The list has the keyboard: the arrows, page keys and the mouse wheel
scroll it, ``q`` closes it, any other letter starts the filter. Its columns fit the
dialog and long descriptions wrap, so nothing is cut at 80 columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Input, Static

from layerscope.report.format import glyphs
from layerscope.tui.keys import APP_BINDINGS, FOCUS_BINDINGS, HELP_BINDINGS
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
    # Textual's screens bind tab to the focus chain without an id: shown as ours.
    registered = {b.action: b for b in FOCUS_BINDINGS if isinstance(b, Binding)}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.id is None and binding.action in registered:
            binding = registered[binding.action]
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

    AUTO_FOCUS = "#help-keys"

    def compose(self) -> ComposeResult:
        g = glyphs(cast("LayerscopeApp", self.app).ascii)
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Keys", "bold"), (f"{g.sep}{self.for_screen}", "$text-muted")),
                classes="dialog-title",
            )
            yield Input(placeholder="type to filter", id="help-filter", select_on_focus=False)
            yield DataTable[Text](id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static(
                Content.styled(
                    g.sep.join(("q close", "type to filter", "ctrl+p runs any of these by name")),
                    "$text-muted",
                ),
                classes="dialog-hint",
            )

    @property
    def table(self) -> DataTable[Text]:
        """The list of keys."""
        return cast("DataTable[Text]", self.query_one("#help-keys", DataTable))

    def on_mount(self) -> None:
        self._show("")

    def on_resize(self) -> None:
        self._show(self.query_one("#help-filter", Input).value)

    def _widths(self) -> tuple[int, int, int]:
        # Key and where as wide as their longest entry; what it does takes the rest (and
        # wraps). Each column has a cell of padding either side.
        keys = max((len(row.keys) for row in self.rows), default=3)
        where = max((len(row.scope) for row in self.rows), default=5)
        keys, where = min(max(keys, 3), 16), min(max(where, 5), 12)
        room = self.table.scrollable_content_region.width or 70
        return keys, max(12, room - keys - where - 6 - 1), where

    def _show(self, query: str) -> None:
        pattern = text.matcher(query)
        table = self.table
        table.clear(columns=True)
        keys, does, where = self._widths()
        table.add_column("Key", width=keys)
        table.add_column("Does", width=does)
        table.add_column("Where", width=where)
        for row in self.rows:
            if pattern and not text.matches(
                pattern, row.keys, row.description, row.tooltip, row.scope
            ):
                continue
            table.add_row(
                text.marked_text(row.keys, pattern, "bold"),
                text.marked_text(row.tooltip or row.description, pattern),
                Text(row.scope, style="dim"),
                height=None,  # as many lines as the description needs
            )

    @on(Input.Changed, "#help-filter")
    def _filter(self, event: Input.Changed) -> None:
        self._show(event.value)

    @on(Input.Submitted, "#help-filter")
    def _to_list(self) -> None:
        self.table.focus()

    def on_key(self, event: events.Key) -> None:
        # A letter typed on the list starts the filter (``q`` closes: see HELP_BINDINGS).
        if self.focused is not self.table or not event.is_printable or not event.character:
            return
        if event.character in "q ":
            return
        event.stop()
        event.prevent_default()
        field = self.query_one("#help-filter", Input)
        field.focus()
        field.insert_text_at_cursor(event.character)

    def action_scroll_keys(self, how: str) -> None:
        """Scroll the list (from the filter too): ``up``, ``down``, ``page-up``, ``page-down``."""
        table = self.table
        if how == "up":
            table.action_cursor_up()
        elif how == "down":
            table.action_cursor_down()
        elif how == "page-up":
            table.action_page_up()
        else:
            table.action_page_down()

    def action_close(self) -> None:
        """Close the help."""
        self.dismiss(None)
