"""The keys of the app and its screens, and of the widgets they show."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from layerscope.tui.keys.base import LAYER, LEVEL, PANE, move

# -- anywhere (the app) ------------------------------------------------------------------------

APP_BINDINGS: list[BindingType] = [
    Binding("d", "drivers", "Drivers", tooltip="What drives the stacks on show", id="drivers"),
    Binding("f", "flow", "Flow", tooltip="Each problem through the layers", id="flow"),
    Binding(
        "v",
        "verdict",
        "Verdict",
        tooltip="How far each verdict holds: its range, pivots and problem debt",
        id="verdict",
    ),
    Binding(
        "W",
        "what_if",
        "What-if",
        show=False,
        tooltip="The what-if changes: remove one or reset them all",
        id="what-if",
    ),
    Binding("t", "timeline", "Timeline", tooltip="Launches by level over time", id="timeline"),
    Binding("s", "choose_stacks", "Stacks", tooltip="Choose the stacks to compare", id="stacks"),
    Binding("e", "export", "Export", tooltip="Export the current view to a file", id="export"),
    Binding("slash", "filter", "Filter", tooltip="Highlight what matches", id="filter"),
    move("n", "filter_step(1)", "Next match", "The filter's next match", "filter-next", show=False),
    move(
        "N",
        "filter_step(-1)",
        "Previous match",
        "The filter's previous match",
        "filter-previous",
        show=False,
    ),
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
    Binding(
        "less_than_sign",
        "step_date(-1)",
        "Earlier",
        show=False,
        tooltip="Every view as of the end of the quarter before",
        id="date-earlier",
    ),
    Binding(
        "greater_than_sign",
        "step_date(1)",
        "Later",
        show=False,
        tooltip="Every view as of the end of the next quarter (then today)",
        id="date-later",
    ),
    Binding(
        "T",
        "date_today",
        "Today",
        show=False,
        tooltip="Every view as the stacks are known today",
        id="date-today",
    ),
    move("escape", "back", "Back", "Clear the filter or go back", "back", show=False),
    move(
        "q", "back_or_quit", "Back", "Back; quits on the first screen", "back-or-quit", show=False
    ),
    move(
        "ctrl+p",
        "command_palette",
        "Palette",
        "Jump to any stack, layer, problem or example; run any command",
        "palette",
        show=False,
        priority=True,
    ),
    Binding("ctrl+q", "quit", "Quit", show=False, priority=True, tooltip="Quit", id="quit"),
]

# -- the focus chain (Textual's screens bind these keys; listed so that help names them) ---

FOCUS_BINDINGS: list[BindingType] = [
    move(
        "tab",
        "app.focus_next",
        "Next",
        "The next table or pane (shift+tab: the one before)",
        "focus-next",
        show=False,
    ),
    move(
        "shift+tab",
        "app.focus_previous",
        "Previous",
        "The table or pane before",
        "focus-previous",
        show=False,
    ),
]

# -- the comparison screen ---------------------------------------------------------------------

COMPARISON_BINDINGS: list[BindingType] = [
    move("up,k", "level_up", "Level", "Select the level above", "level-up", group=LEVEL),
    move("down,j", "level_down", "Level", "Select the level below", "level-down", group=LEVEL),
    move("left,h", "pane_left", "Pane", "The stack pane to the left", "pane-left", group=PANE),
    move("right,l", "pane_right", "Pane", "The stack pane to the right", "pane-right", group=PANE),
    # Hidden, so that the footer lists ← before → (tab is inherited, hence first).
    move("tab", "pane_right", "Next pane", "The next stack pane", "pane-next", show=False),
    move(
        "shift+tab",
        "pane_left",
        "Previous pane",
        "The previous stack pane",
        "pane-previous",
        show=False,
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
    Binding(
        "L",
        "open_level",
        "Level view",
        tooltip="The selected level of every stack on show, side by side",
        id="open-level",
    ),
]

# -- what-if: on a handling of the layer and flow screens --------------------------------------

WHAT_IF_CYCLE = Binding(
    "w",
    "app.cycle_outcome",
    "What-if",
    tooltip="Try the next outcome for the handling at the cursor (listed alternatives first)",
    id="what-if-cycle",
)

# -- the layer (drill-down) screen -------------------------------------------------------------

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
    move(
        "down,j",
        "row_down",
        "Row",
        "Next row of the focused table, or scroll",
        "row-down",
        show=False,
    ),
    move(
        "up,k",
        "row_up",
        "Row",
        "Previous row of the focused table, or scroll",
        "row-up",
        show=False,
    ),
    WHAT_IF_CYCLE,
]

# -- the drivers screen ------------------------------------------------------------------------

DRIVERS_BINDINGS: list[BindingType] = [
    move(
        "tab,l",
        "next_table",
        "Next table",
        "The next table: weights, dimensions, indicators",
        "drivers-next-table",
    ),
    move(
        "shift+tab,h",
        "previous_table",
        "Previous table",
        "The previous table",
        "drivers-previous-table",
    ),
    move(
        "j",
        "scroll('down')",
        "Scroll down",
        "Scroll down a line",
        "drivers-scroll-down",
        show=False,
    ),
    move("k", "scroll('up')", "Scroll up", "Scroll up a line", "drivers-scroll-up", show=False),
]

# -- the flow screen and its trees -------------------------------------------------------------

FLOW_BINDINGS: list[BindingType] = [
    move("tab,l", "next_stack", "Next stack", "The next stack's tree", "flow-next-stack"),
    move(
        "shift+tab,h",
        "previous_stack",
        "Previous stack",
        "The previous stack's tree",
        "flow-previous-stack",
    ),
    WHAT_IF_CYCLE,
]

FLOW_TREE_BINDINGS: list[BindingType] = [
    Binding(
        "enter,space",
        "toggle_node",
        "Expand/collapse",
        tooltip="Show or hide the problem's flow; on a handling, the handling in full",
        id="flow-toggle",
    ),
    Binding(
        "plus",
        "expand_problems",
        "Expand all",
        tooltip="Show the flow of every problem",
        id="flow-expand-all",
    ),
    Binding(
        "minus",
        "collapse_problems",
        "Collapse all",
        tooltip="Show only the problems",
        id="flow-collapse-all",
    ),
    move("j", "cursor_down", "Down", "The next line", "flow-cursor-down", show=False),
    move("k", "cursor_up", "Up", "The previous line", "flow-cursor-up", show=False),
]

# -- the verdict screen ------------------------------------------------------------------------

VERDICT_BINDINGS: list[BindingType] = [
    move(
        "j",
        "scroll('down')",
        "Scroll down",
        "Scroll down a line",
        "verdict-scroll-down",
        show=False,
    ),
    move("k", "scroll('up')", "Scroll up", "Scroll up a line", "verdict-scroll-up", show=False),
]

# -- the level screen --------------------------------------------------------------------------

LEVEL_VIEW_BINDINGS: list[BindingType] = [
    Binding(
        "left_square_bracket",
        "step_level(-1)",
        "Level",
        tooltip="Every column a level down",
        id="level-view-down",
        group=LEVEL,
    ),
    Binding(
        "right_square_bracket",
        "step_level(1)",
        "Level",
        tooltip="Every column a level up",
        id="level-view-up",
        group=LEVEL,
    ),
    move(
        "j",
        "scroll('down')",
        "Scroll down",
        "Scroll down a line",
        "level-view-scroll-down",
        show=False,
    ),
    move("k", "scroll('up')", "Scroll up", "Scroll up a line", "level-view-scroll-up", show=False),
]

# -- the timeline screen -----------------------------------------------------------------------

TIMELINE_BINDINGS: list[BindingType] = [
    Binding(
        "m",
        "toggle_metrics",
        "Metrics",
        tooltip="Show or hide every metric with a history on the time axis (--metrics)",
        id="timeline-metrics",
    ),
    move(
        "j",
        "scroll('down')",
        "Scroll down",
        "Scroll down a line",
        "timeline-scroll-down",
        show=False,
    ),
    move("k", "scroll('up')", "Scroll up", "Scroll up a line", "timeline-scroll-up", show=False),
]

# -- the diff screen ---------------------------------------------------------------------------

DIFF_BINDINGS: list[BindingType] = [
    move("n,right_square_bracket", "next_change", "Next change", "The next change", "next-change"),
    move(
        "N,left_square_bracket",
        "previous_change",
        "Previous change",
        "The previous change",
        "previous-change",
    ),
    move(
        "j", "scroll('down')", "Scroll down", "Scroll down a line", "diff-scroll-down", show=False
    ),
    move("k", "scroll('up')", "Scroll up", "Scroll up a line", "diff-scroll-up", show=False),
]

# -- tables (the sortable DataTable of every document table) -----------------------------------

TABLE_BINDINGS: list[BindingType] = [
    Binding(
        "S",
        "cycle_sort",
        "Sort",
        tooltip="Sort by the next column (again: reversed)",
        id="table-sort",
    )
]

# -- lists whose items open (a layer's sources) -------------------------------------------------

ITEM_LIST_BINDINGS: list[BindingType] = [
    move("down,j", "cursor(1)", "Next", "The next item of the list", "item-next", show=False),
    move("up,k", "cursor(-1)", "Previous", "The item before", "item-previous", show=False),
    Binding("enter", "choose", "Open", tooltip="The item at the cursor in full", id="item-open"),
]
