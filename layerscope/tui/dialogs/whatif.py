"""What-if in the app: the handling under the cursor, the next outcome to try for it, and
the dialog (``W``) that lists the changes, removes one or resets them all.

The changes are app state (``LayerscopeApp.what_if``); every screen shows its views under
them. Nothing here writes a file: a what-if lives as long as the app.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from textual import getters, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from layerscope.analysis.whatif import Change, find
from layerscope.model import OUTCOMES, Handling, Outcome, Stack
from layerscope.report.format import glyphs
from layerscope.report.views.whatif import change_line, what_if_marker
from layerscope.tui.keys import WHAT_IF_BINDINGS
from layerscope.tui.widgets.document import DocumentView, line_content
from layerscope.tui.widgets.document_tree import DocumentTree, TreeBlock
from layerscope.tui.widgets.tables import SortableTable

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

ADDRESSES = "addresses"
"""The key of the layer document's table of handlings (its row keys are problem ids)."""

Target = tuple[str, str, str]
"""A handling: ``(stack id, layer id, problem id)``."""


def handling_at_cursor(screen: Screen[Any]) -> Target | None:
    """The handling the focused widget's cursor is on, read from the document's keys.

    A row of a layer's ``addresses`` table (its key is the problem; the screen's view names
    the stack and layer), or a handling of the problem-flow tree (its key is
    ``<problem>/<layer>``, the tree's key the stack). ``None`` anywhere else.
    """
    focused = screen.focused
    if isinstance(focused, SortableTable) and focused.block.key == ADDRESSES:
        view = getattr(screen, "view", None)
        problem = focused.cursor_key
        if problem is None or view is None or view.layer is None:
            return None
        return view.stacks[0], view.layer, problem
    if isinstance(focused, DocumentTree):
        node = focused.cursor_node
        key = node.data if node is not None else None
        if not key or "/" not in key or node is None or node.children:
            return None
        problem, layer = key.split("/", 1)
        return focused.block.key, layer, problem
    return None


def focus_handlings(screen: Screen[Any]) -> bool:
    """Focus the screen's first list of handlings (a layer's ``addresses`` table, a flow
    tree), its cursor where it was; whether the screen has one."""
    for widget in screen.query("SortableTable, DocumentTree"):
        if isinstance(widget, DocumentTree) or (
            isinstance(widget, SortableTable) and widget.block.key == ADDRESSES
        ):
            widget.focus()
            return True
    return False


def keep_cursor(screen: Screen[Any], target: Target) -> None:
    """Keep the cursor and the focus on the handling once the widgets that show it are
    mounted: a what-if may make the screen's document anew (its heading comes or goes)."""
    stack_id, layer_id, problem = target
    for view in screen.query(DocumentView):
        for widget in view.blocks:
            if isinstance(widget, SortableTable) and widget.block.key == ADDRESSES:
                # Runs once the table is mounted (at once if it already is).
                widget.call_later(widget.select_row, problem)
                return
            if isinstance(widget, TreeBlock) and widget.outline.block.key == stack_id:
                tree = widget.outline
                tree.call_later(_put_cursor, tree, f"{problem}/{layer_id}")
                return


def _put_cursor(tree: DocumentTree, key: str) -> None:
    todo = list(tree.root.children)
    while todo:
        node = todo.pop(0)
        if node.data == key:
            tree.move_cursor(node, animate=False)
            tree.focus()
            return
        todo.extend(node.children)


def resolvable(change: Change, stacks: Mapping[str, Stack]) -> bool:
    """Whether the stacks hold the handling a change names."""
    try:
        find(stacks, change)
    except LookupError:
        return False
    return True


def changing(changes: Sequence[Change], stacks: Mapping[str, Stack]) -> tuple[Change, ...]:
    """The changes that change something in these stacks: each names a handling they hold
    and an outcome other than its own."""
    kept: list[Change] = []
    for change in changes:
        try:
            if find(stacks, change)[2].outcome != change.outcome:
                kept.append(change)
        except LookupError:
            continue  # e.g. a handling not known yet as of the app's date
    return tuple(kept)


def outcome_cycle(handling: Handling) -> tuple[Outcome, ...]:
    """The outcomes a handling cycles through: the data's, its listed alternatives (in the
    data's order), then the other outcomes."""
    listed = [alt.outcome for alt in handling.alternatives if alt.outcome != handling.outcome]
    rest = [o for o in OUTCOMES if o != handling.outcome and o not in listed]
    return tuple(dict.fromkeys((handling.outcome, *listed, *rest)))


def cycled(
    changes: Sequence[Change], stacks: Mapping[str, Stack], target: Target
) -> tuple[tuple[Change, ...], Change]:
    """The changes with the target handling's next outcome tried, and the change tried.

    Back at the data's outcome, the handling's change is dropped (the change returned then
    names the data's outcome).

    Raises:
        LookupError: the target names no handling of ``stacks``.
    """
    stack_id, layer_id, problem = target
    # ``find`` looks the handling up by stack, layer and problem; the outcome is not read.
    stack, layer, handling = find(stacks, Change(stack_id, layer_id, problem, OUTCOMES[0]))
    same = (stack.id, layer.id, problem)
    at = next((i for i, c in enumerate(changes) if (c.stack, c.layer, c.problem) == same), None)
    current = changes[at].outcome if at is not None else handling.outcome
    order = outcome_cycle(handling)
    step = order[(order.index(current) + 1) % len(order)] if current in order else order[0]
    change = Change(stack.id, layer.id, problem, step)
    kept = [c for i, c in enumerate(changes) if i != at]
    if step == handling.outcome:
        return tuple(kept), change
    if at is None:
        return (*kept, change), change
    kept.insert(at, change)
    return tuple(kept), change


class WhatIfScreen(ModalScreen[None]):
    """The what-if changes: ``delete`` removes the highlighted one, ``r`` resets them all.

    The list follows the app's ``what_if``; nothing here writes a file.
    """

    BINDINGS = WHAT_IF_BINDINGS
    AUTO_FOCUS = "#what-if-list"

    if TYPE_CHECKING:
        app = getters.app(LayerscopeApp)

    def compose(self) -> ComposeResult:
        g = glyphs(self.app.ascii)
        with Vertical(id="what-if-dialog", classes="dialog"):
            yield Static(id="what-if-title", classes="dialog-title", markup=False)
            yield Static(
                Content(
                    "Outcomes tried in this session: every view shows them and says so. "
                    "The data files are never changed."
                ),
                id="what-if-note",
            )
            yield OptionList(id="what-if-list")
            yield Static(
                Content.styled(
                    g.sep.join(("delete remove", "r reset all", "esc close")), "$text-muted"
                ),
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Remove", id="what-if-remove")
                yield Button("Reset all", variant="warning", id="what-if-reset")
                yield Button("Close", variant="primary", id="what-if-close")

    def on_mount(self) -> None:
        self.watch(self.app, "what_if", self._show, init=True)

    def _show(self) -> None:
        changes = self.app.what_if
        g = glyphs(self.app.ascii)
        title = what_if_marker(len(changes)) if changes else "No what-if changes"
        self.query_one("#what-if-title", Static).update(Content.styled(title, "bold"))
        options = self.query_one("#what-if-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        stacks = self.app.catalog.stacks
        options.add_options(
            [Option(line_content(change_line(change, stacks, g))) for change in changes]
        )
        if changes:
            options.highlighted = min(highlighted or 0, len(changes) - 1)
        self.query_one("#what-if-remove", Button).disabled = not changes
        self.query_one("#what-if-reset", Button).disabled = not changes

    @on(Button.Pressed, "#what-if-remove")
    def action_remove_change(self) -> None:
        """Remove the highlighted change."""
        index = self.query_one("#what-if-list", OptionList).highlighted
        changes = self.app.what_if
        if index is not None and 0 <= index < len(changes):
            self.app.what_if = changes[:index] + changes[index + 1 :]

    @on(Button.Pressed, "#what-if-reset")
    def action_reset_changes(self) -> None:
        """Remove every change: the views show the data's reading again."""
        self.app.what_if = ()

    @on(Button.Pressed, "#what-if-close")
    def action_close(self) -> None:
        """Close the list."""
        self.dismiss(None)
