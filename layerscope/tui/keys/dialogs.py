"""The keys of the dialogs: export, filter, help, picker, what-if, detail, settings."""

from __future__ import annotations

from textual.binding import Binding, BindingType

from layerscope.tui.keys.base import move

# -- dialogs -----------------------------------------------------------------------------------

EXPORT_BINDINGS: list[BindingType] = [
    Binding("ctrl+s", "write", "Export", tooltip="Write the file", id="export-write"),
    Binding("escape", "cancel", "Cancel", tooltip="Close without writing", id="export-cancel"),
]

EXPORT_FORMAT_BINDINGS: list[BindingType] = [
    *(
        Binding(
            key,
            f"choose('{fmt}')",
            name,
            show=False,
            tooltip=f"Export as {name}",
            id=f"export-as-{fmt}",
        )
        for key, fmt, name in (
            ("t", "text", "text"),
            ("a", "ansi", "ANSI"),
            ("m", "md", "Markdown"),
            ("h", "html", "HTML"),
            ("s", "svg", "SVG"),
            ("j", "json", "JSON"),
        )
    ),
    Binding(
        "enter",
        "screen.write",
        "Export",
        tooltip="Write the file in the chosen format",
        id="export-format-write",
    ),
]
"""On the export dialog's formats: a letter chooses a format, ``enter`` writes."""

CONFIRM_OVERWRITE_BINDINGS: list[BindingType] = [
    Binding("y", "answer(True)", "Overwrite", tooltip="Replace the file", id="overwrite-yes"),
    Binding(
        "n,escape",
        "answer(False)",
        "Keep the file",
        tooltip="Go back and pick another path",
        id="overwrite-no",
    ),
]

FILTER_BINDINGS: list[BindingType] = [
    Binding("escape", "cancel", "Clear", tooltip="Clear the filter", id="filter-cancel"),
    Binding("enter", "keep", "Keep", tooltip="Keep the highlights", id="filter-keep"),
    move("down", "step(1)", "Next match", "Go to the next match", "filter-bar-next"),
    Binding(
        "ctrl+o",
        "only_matches",
        "Only matches",
        tooltip="Hide what does not match, or show it again",
        id="filter-only-matches",
    ),
    move("up", "step(-1)", "Previous match", "Go to the previous match", "filter-bar-previous"),
]

HELP_BINDINGS: list[BindingType] = [
    Binding("escape,f1,q", "close", "Close", tooltip="Close the help", id="help-close"),
    move("up", "scroll_keys('up')", "Up", "The key above", "help-up", show=False),
    move("down", "scroll_keys('down')", "Down", "The key below", "help-down", show=False),
    move("pageup", "scroll_keys('page-up')", "Page up", "A page up", "help-page-up", show=False),
    move(
        "pagedown",
        "scroll_keys('page-down')",
        "Page down",
        "A page down",
        "help-page-down",
        show=False,
    ),
]

PICKER_BINDINGS: list[BindingType] = [
    Binding(
        "escape", "cancel", "Cancel", tooltip="Keep the current comparison", id="picker-cancel"
    ),
    Binding(
        "enter",
        "compare",
        "Compare",
        priority=True,
        tooltip="Compare the chosen stacks",
        id="picker-compare",
    ),
]

WHAT_IF_BINDINGS: list[BindingType] = [
    Binding(
        "delete,x",
        "remove_change",
        "Remove",
        tooltip="Remove the highlighted what-if change",
        id="what-if-remove",
    ),
    Binding(
        "r",
        "reset_changes",
        "Reset all",
        tooltip="Remove every what-if change: the data's reading again",
        id="what-if-reset",
    ),
    Binding("escape,W", "close", "Close", tooltip="Close the list of changes", id="what-if-close"),
]

DETAIL_BINDINGS: list[BindingType] = [
    Binding(
        "c", "copy_url", "Copy URL", tooltip="Copy the URL at the cursor", id="detail-copy-url"
    ),
    Binding("b", "open_url", "Browser", tooltip="Open the URL at the cursor", id="detail-open-url"),
    Binding("escape,q", "close", "Close", tooltip="Close the detail", id="detail-close"),
]
"""On the detail panel of a row."""

SETTINGS_BINDINGS: list[BindingType] = [
    Binding("escape", "close", "Close", tooltip="Close the settings", id="settings-close")
]
