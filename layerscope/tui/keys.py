"""The one registry of key bindings.

Every binding has an ``id`` (remappable through ``settings.keys``) and a description.
The footer, the help screen and the command palette are all generated from these, so they
cannot drift apart.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

LEVEL = Binding.Group("level", compact=True)
PANE = Binding.Group("pane", compact=True)
LAYER = Binding.Group("layer", compact=True)

# Anywhere (on the app).
APP_BINDINGS: list[BindingType] = [
    Binding("d", "drivers", "Drivers", tooltip="What drives the stacks on show", id="drivers"),
    Binding("f", "flow", "Flow", tooltip="Each problem through the layers", id="flow"),
    Binding("s", "choose_stacks", "Stacks", tooltip="Choose the stacks to compare", id="stacks"),
    Binding("e", "export", "Export", tooltip="Export the current view to a file", id="export"),
    Binding("slash", "filter", "Filter", tooltip="Highlight what matches", id="filter"),
    Binding("question_mark,f1", "help", "Help", tooltip="Keys of this screen", id="help"),
    Binding(
        "exclamation_mark",
        "issues",
        "Issues",
        show=False,
        tooltip="Problems found while loading the data",
        id="issues",
    ),
    Binding(
        "comma",
        "settings",
        "Settings",
        show=False,
        tooltip="Theme, layer order, symbols",
        id="settings",
    ),
    Binding("escape", "back", "Back", show=False, tooltip="Clear the filter or go back", id="back"),
    Binding(
        "q",
        "back_or_quit",
        "Back",
        show=False,
        tooltip="Back; quits on the first screen",
        id="back-or-quit",
    ),
    Binding(
        "ctrl+p",
        "command_palette",
        "Palette",
        show=False,
        priority=True,
        tooltip="Jump to any stack, layer, problem or example; run any command",
        id="palette",
    ),
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit", id="quit"),
]

# The comparison screen.
COMPARISON_BINDINGS: list[BindingType] = [
    Binding(
        "up,k",
        "level_up",
        "Level",
        key_display="↑",
        tooltip="Select the level above",
        id="level-up",
        group=LEVEL,
    ),
    Binding(
        "down,j",
        "level_down",
        "Level",
        key_display="↓",
        tooltip="Select the level below",
        id="level-down",
        group=LEVEL,
    ),
    Binding(
        "left,h",
        "pane_left",
        "Pane",
        key_display="←",
        tooltip="The stack pane to the left",
        id="pane-left",
        group=PANE,
    ),
    Binding(
        "right,l",
        "pane_right",
        "Pane",
        key_display="→",
        tooltip="The stack pane to the right",
        id="pane-right",
        group=PANE,
    ),
    # Hidden, so that the footer lists ← before → (tab is inherited, hence first).
    Binding(
        "tab", "pane_right", "Next pane", show=False, tooltip="The next stack pane", id="pane-next"
    ),
    Binding(
        "shift+tab",
        "pane_left",
        "Previous pane",
        show=False,
        tooltip="The previous stack pane",
        id="pane-previous",
    ),
    Binding(
        "enter", "open_layer", "Open", tooltip="Drill into the selected layer", id="open-layer"
    ),
    Binding(
        "o",
        "other_stack",
        "Other",
        show=False,
        tooltip="The same level in the next stack",
        id="other-stack",
    ),
]

# The layer (drill-down) screen.
LAYER_BINDINGS: list[BindingType] = [
    Binding(
        "left_square_bracket",
        "prev_layer",
        "Layer",
        tooltip="The layer below",
        id="prev-layer",
        group=LAYER,
    ),
    Binding(
        "right_square_bracket",
        "next_layer",
        "Layer",
        tooltip="The layer above",
        id="next-layer",
        group=LAYER,
    ),
    Binding(
        "o",
        "other_stack",
        "Other stack",
        tooltip="The aligned layer of the other stack",
        id="other-stack",
    ),
    Binding(
        "down,j",
        "row_down",
        "Row",
        show=False,
        tooltip="Next row of the focused table, or scroll",
        id="row-down",
    ),
    Binding(
        "up,k",
        "row_up",
        "Row",
        show=False,
        tooltip="Previous row of the focused table, or scroll",
        id="row-up",
    ),
]

# Bindings that only move a cursor: in the help, but not worth a palette entry.
NOT_IN_PALETTE = frozenset(
    {
        "level-up",
        "level-down",
        "pane-left",
        "pane-right",
        "pane-next",
        "pane-previous",
        "row-up",
        "row-down",
        "back",
        "back-or-quit",
        "palette",
    }
)
