"""The problem-flow screen: each problem from the layer that introduces it to the top.

The flow view's document has a section per stack (its heading, verdict, tree of problems
and layer steps); the screen puts those sections side by side, one pane per stack, with
the document's title above them and its sources below. ``tab`` moves between the stacks'
trees; when the terminal is too narrow for all panes, one shows at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Header, Static

from layerscope.catalog import UnknownId
from layerscope.report import View
from layerscope.report.document import Block, Document, Heading
from layerscope.report.format import glyphs
from layerscope.tui.keys import FLOW_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.document_tree import DocumentTree, reveal, walk
from layerscope.tui.widgets.footer import ScreenFooter
from layerscope.tui.widgets.highlight import line_content

MIN_PANE_WIDTH = 48
"""Below this many cells per stack, one pane shows at a time (``tab`` switches)."""


def sections(document: Document, count: int) -> tuple[Document, list[Document], Document]:
    """The document split for the panes: what comes before the stacks, each of the
    ``count`` stacks' sections (each opens with a level-2 heading), and the sources."""
    parts: list[list[Block]] = [[]]
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 2:
            parts.append([])
        parts[-1].append(block)
    # The document closes with its sources (a section of their own, the footer last) and
    # the ``count`` stacks' sections come right before; anything between the title and
    # them (a what-if's changes) goes with the title.
    end = len(parts) - 1 if len(parts) > count + 1 else len(parts)
    start = max(1, end - count)
    head, stacks, tail = parts[:start], parts[start:end], parts[end:]
    path = document.path
    return (
        Document(path, tuple(block for part in head for block in part)),
        [Document(path, tuple(part)) for part in stacks],
        Document(path, tuple(block for part in tail for block in part)),
    )


class FlowScreen(ViewScreen):
    """How each problem of the stacks on show travels up the layers.

    Raises:
        ValueError: not a flow view.
    """

    BINDINGS: ClassVar[list[BindingType]] = FLOW_BINDINGS
    AUTO_FOCUS = ""  # the first tree, once its pane has it (see ``refresh_view``)

    active: reactive[int] = reactive(0, init=False)
    """Index of the stack whose pane is current (its tree has, or last had, the focus)."""

    def __init__(self, view: View, *, at: tuple[str, str | None] | None = None) -> None:
        """Show a flow view; ``at`` is the stack (and entry: a problem id, or
        ``PROBLEM/LAYER`` for a handling) to open on."""
        if view.kind != "flow":
            raise ValueError(f"the flow screen shows flow views, not {view.kind} views")
        super().__init__()
        self.view = view
        self._names: list[Content] = []
        self._entry: str | None = None
        if at is not None and at[0] in view.stacks:
            self.set_reactive(FlowScreen.active, view.stacks.index(at[0]))
            self._entry = at[1]

    def compose(self) -> ComposeResult:
        # Before the parts mount, so they are styled once for the width (not again when
        # the first resize sets it).
        self._narrow_for(self.app.size.width)
        yield Header()
        yield Static(id="flow-tabs", markup=False)
        # One scroll for the whole document: the parts inside it only lay it out.
        with VerticalScroll(id="flow-body"):
            yield _part(DocumentView(id="flow-head"))
            with Horizontal(id="flow-panes"):
                for i in range(len(self.view.stacks)):
                    yield _part(DocumentView(id=f"flow-pane-{i}", classes="flow-pane"))
            yield _part(DocumentView(id="flow-tail"))
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The problem-flow view of the stacks on show."""
        return self.view

    @property
    def panes(self) -> list[DocumentView]:
        """The stacks' panes, in the order of the stacks."""
        return list(self.query(".flow-pane").results(DocumentView))

    @property
    def trees(self) -> list[DocumentTree]:
        """The stacks' trees, in the order of the stacks (a stack without problems has none)."""
        return list(self.query_one("#flow-panes").query(DocumentTree))

    def refresh_view(self) -> None:
        """Show the flow document: its title, a pane per stack, then its sources."""
        self.sub_title = self.view.path
        ascii = self.app.ascii
        head, stacks, tail = sections(self.document(), len(self.view.stacks))
        mounted = [self.query_one("#flow-head", DocumentView).update(head, ascii=ascii)]
        for pane, part in zip(self.panes, stacks, strict=False):
            mounted.append(pane.update(part, ascii=ascii))
        mounted.append(self.query_one("#flow-tail", DocumentView).update(tail, ascii=ascii))
        self._names = [_heading(part.blocks) for part in stacks]
        self.watch_active(self.active)
        if self.focused is None:
            self.call_later(self._focus_once_mounted, mounted)

    async def _focus_once_mounted(self, mounted: list[AwaitComplete]) -> None:
        for done in mounted:
            await done
        if self.focused is None:
            self._focus_active()
        if self._entry is not None:
            entry, self._entry = self._entry, None
            self.go_to_entry(entry)

    def go_to_entry(self, key: str) -> bool:
        """Put the current stack's tree cursor on the entry ``key`` (else its problem),
        expanding what hides it; whether it was found."""
        trees = list(self.panes[self.active].query(DocumentTree))
        if not trees:
            return False
        tree = trees[0]
        nodes = {node.data: node for node in walk(tree.root)}
        node = nodes.get(key) or nodes.get(key.partition("/")[0])
        if node is None:
            return False
        reveal(tree, node)
        return True

    def _tabs(self) -> Content:
        # The current stack's tab is marked in characters too (the pane glyph), not by
        # reverse video alone.
        g = glyphs(self.app.ascii)
        parts: list[Content] = []
        for i, name in enumerate(self._names):
            if i == self.active:
                parts.append(Content.assemble(f"{g.pane} ", name.stylize("reverse")))
            else:
                parts.append(Content.assemble(" " * (len(g.pane) + 1), name))
        hint = Content.styled("  (tab: next stack)", "$text-muted")
        return Content(" ").join(parts) + hint

    def watch_active(self, active: int) -> None:
        for i, pane in enumerate(self.panes):
            pane.set_class(i == active, "-active")
        self.query_one("#flow-tabs", Static).update(self._tabs())

    def on_resize(self, event: events.Resize) -> None:
        self._narrow_for(event.size.width)

    def _narrow_for(self, width: int) -> None:
        """One stack at a time (tabs) where the panes would not fit side by side."""
        self.set_class(width < MIN_PANE_WIDTH * len(self.view.stacks), "-narrow")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        for i, pane in enumerate(self.panes):
            if event.widget is pane or pane in event.widget.ancestors:
                self.active = i

    def _focus_active(self) -> None:
        pane = self.panes[self.active]
        trees = list(pane.query(DocumentTree))
        body = self.query_one("#flow-body", VerticalScroll)
        # The stack's heading and verdict first: the tree is right under them.
        (trees[0] if trees else body).focus(scroll_visible=False)
        # After the layout: a pane just shown (narrow screens) has no place until then.
        self.call_after_refresh(body.scroll_to_widget, pane, top=True, animate=False)

    @on(DocumentTree.Chosen)
    def _open_detail(self, event: DocumentTree.Chosen) -> None:
        """``enter`` on a handling: the handling in full (its note, outcome, sources)."""
        from layerscope.tui.dialogs.whatif import handling_at_cursor

        target = handling_at_cursor(self)
        if target is None:
            return
        stack_id, layer_id, problem = target
        try:
            _stack, layer = self.app.catalog.layer(stack_id, layer_id)
        except UnknownId:
            return  # the problem's introduction or its status at the top: no handling
        if not any(h.problem == problem for h in layer.addresses):
            return
        from layerscope.tui.dialogs.detail import DetailScreen

        self.app.push_screen(DetailScreen(stack_id, "handling", f"{layer_id}/{problem}"))

    def _move(self, step: int) -> None:
        self.active = (self.active + step) % len(self.view.stacks)
        self._focus_active()

    def action_next_stack(self) -> None:
        """Move to the next stack's tree."""
        self._move(1)

    def action_previous_stack(self) -> None:
        """Move to the previous stack's tree."""
        self._move(-1)


def _part(view: DocumentView) -> DocumentView:
    view.can_focus = False
    return view


def _heading(blocks: Sequence[Block]) -> Content:
    """A section's heading (the stack's name), for its tab."""
    heading = next((block for block in blocks if isinstance(block, Heading)), None)
    return line_content(heading.text, "bold") if heading is not None else Content()
