"""The one registry of key bindings: every binding list of the app, its screens and widgets.

Every binding has a kebab-case ``id`` (what ``settings.keys`` remaps: ``{"drivers": "D"}``),
a short description (the footer) and a tooltip (the help and the command palette). The
footer, the help screen and the palette are all generated from these lists, so they cannot
drift apart. Screens and widgets take their ``BINDINGS`` from here: the lists are written in
:mod:`~layerscope.tui.keys.screens` (the app, its screens and widgets) and
:mod:`~layerscope.tui.keys.dialogs`, with :func:`~layerscope.tui.keys.base.move`.

Keys are shown by Textual's names (``up`` shows as an arrow); in ASCII mode the app shows
their plain names instead (see ``LayerscopeApp.get_key_display``).
"""

from __future__ import annotations

from textual.binding import Binding, BindingType
from textual.theme import BUILTIN_THEMES

from layerscope.settings import register_choices
from layerscope.tui.keys.base import LAYER, LEVEL, PANE, _moves, move
from layerscope.tui.keys.dialogs import (
    CONFIRM_OVERWRITE_BINDINGS,
    DETAIL_BINDINGS,
    EXPORT_BINDINGS,
    EXPORT_FORMAT_BINDINGS,
    FILTER_BINDINGS,
    HELP_BINDINGS,
    PICKER_BINDINGS,
    SETTINGS_BINDINGS,
    WHAT_IF_BINDINGS,
)
from layerscope.tui.keys.screens import (
    APP_BINDINGS,
    COMPARISON_BINDINGS,
    DIFF_BINDINGS,
    DRIVERS_BINDINGS,
    FLOW_BINDINGS,
    FLOW_TREE_BINDINGS,
    FOCUS_BINDINGS,
    ITEM_LIST_BINDINGS,
    LAYER_BINDINGS,
    LEVEL_VIEW_BINDINGS,
    TABLE_BINDINGS,
    TIMELINE_BINDINGS,
    VERDICT_BINDINGS,
    WHAT_IF_CYCLE,
)

MOVES = frozenset(_moves)
"""Ids of the bindings that only move a cursor, scroll or navigate: not palette commands."""

ALL_BINDINGS: dict[str, list[BindingType]] = {
    "app": APP_BINDINGS,
    "focus": FOCUS_BINDINGS,
    "comparison": COMPARISON_BINDINGS,
    "layer": LAYER_BINDINGS,
    "drivers": DRIVERS_BINDINGS,
    "flow": FLOW_BINDINGS,
    "flow-tree": FLOW_TREE_BINDINGS,
    "verdict": VERDICT_BINDINGS,
    "level": LEVEL_VIEW_BINDINGS,
    "timeline": TIMELINE_BINDINGS,
    "diff": DIFF_BINDINGS,
    "table": TABLE_BINDINGS,
    "item-list": ITEM_LIST_BINDINGS,
    "export": EXPORT_BINDINGS,
    "export-format": EXPORT_FORMAT_BINDINGS,
    "confirm-overwrite": CONFIRM_OVERWRITE_BINDINGS,
    "filter": FILTER_BINDINGS,
    "help": HELP_BINDINGS,
    "picker": PICKER_BINDINGS,
    "settings": SETTINGS_BINDINGS,
    "detail": DETAIL_BINDINGS,
    "what-if": WHAT_IF_BINDINGS,
}
"""Every list by where it applies (for tests and docs: the registry is complete)."""


def binding_ids() -> frozenset[str]:
    """The id of every binding: what ``settings.keys`` may remap."""
    return frozenset(
        b.id for group in ALL_BINDINGS.values() for b in group if isinstance(b, Binding) and b.id
    )


# What settings may name, checked when they are loaded (an unknown one is said once).
register_choices("binding", binding_ids)
register_choices("theme", BUILTIN_THEMES.keys)

__all__ = [
    "ALL_BINDINGS",
    "APP_BINDINGS",
    "COMPARISON_BINDINGS",
    "CONFIRM_OVERWRITE_BINDINGS",
    "DETAIL_BINDINGS",
    "DIFF_BINDINGS",
    "DRIVERS_BINDINGS",
    "EXPORT_BINDINGS",
    "EXPORT_FORMAT_BINDINGS",
    "FILTER_BINDINGS",
    "FLOW_BINDINGS",
    "FLOW_TREE_BINDINGS",
    "FOCUS_BINDINGS",
    "HELP_BINDINGS",
    "ITEM_LIST_BINDINGS",
    "LAYER",
    "LAYER_BINDINGS",
    "LEVEL",
    "LEVEL_VIEW_BINDINGS",
    "MOVES",
    "PANE",
    "PICKER_BINDINGS",
    "SETTINGS_BINDINGS",
    "TABLE_BINDINGS",
    "TIMELINE_BINDINGS",
    "VERDICT_BINDINGS",
    "WHAT_IF_BINDINGS",
    "WHAT_IF_CYCLE",
    "binding_ids",
    "move",
]
