"""The layer screen: one layer of a stack in full (the drill-down), from its document."""

from __future__ import annotations

from contextlib import suppress
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from layerscope.catalog import UnknownId
from layerscope.model import Layer, Stack
from layerscope.report import View
from layerscope.report.document import Document, Para, Title
from layerscope.report.views.detail import KIND_OF_TABLE
from layerscope.report.views.layer import cited_sources
from layerscope.tui.keys import LAYER_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView, ItemList
from layerscope.tui.widgets.footer import ScreenFooter
from layerscope.tui.widgets.highlight import line_content
from layerscope.tui.widgets.place import Place, go_to_place, place_of
from layerscope.tui.widgets.tables import SortableTable

RETRY = 1 / 50
"""Seconds between two tries of a landing (about a frame)."""

EXAMPLES = "examples"
"""The key of the layer document's examples table."""


def split_title(document: Document) -> tuple[Content, Document]:
    """The breadcrumb (the title and its first line) and the rest of the document.

    The title's other lines stay in the document, as a paragraph where the title was.
    """
    blocks = list(document.blocks)
    title = blocks.pop(0) if blocks else None
    if not isinstance(title, Title):
        return Content(), document
    crumb = line_content(title.text, "bold")
    if title.lines:
        crumb = Content.assemble(crumb, "   ", line_content(title.lines[0]))
    if title.lines[1:]:
        blocks.insert(0, Para(title.lines[1:]))
    return crumb, Document(document.path, tuple(blocks))


class LayerScreen(ViewScreen):
    """A layer's summary, what it addresses and introduces, examples, metrics, sources.

    ``[`` and ``]`` move down and up the stack, ``o`` to the layer at the same level in the
    next stack on show; the comparison follows (:class:`Moved`).
    """

    BINDINGS: ClassVar[list[BindingType]] = LAYER_BINDINGS

    class Moved(Message):
        """The screen now shows another layer (the comparison follows the selection)."""

        def __init__(self, stack_id: str, level: int) -> None:
            self.stack_id = stack_id
            self.level = level
            super().__init__()

    def __init__(self, view: View, *, example: str | None = None) -> None:
        """Show a layer view; ``example`` (a name) puts the examples cursor on that row."""
        if view.kind != "layer":
            raise ValueError(f"the layer screen shows layer views, not {view.kind} views")
        super().__init__()
        self.view = view
        """The layer on show (it changes with ``[``, ``]`` and ``o``)."""
        self._example = example
        self._mounted: AwaitComplete | None = None
        self._places: dict[View, Place] = {}
        """Where the reader was in each layer left with ``o`` (to land there again)."""
        self._landing = 0
        """Counts the moves to another layer: a landing still trying for an older one stops."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="breadcrumb", markup=False)
        yield DocumentView(id="layer-body", open_items=True)
        yield ScreenFooter(compact=True)

    # -- the view -----------------------------------------------------------------------

    def current_view(self) -> View:
        """This layer."""
        return self.view

    @property
    def stack(self) -> Stack:
        """The stack of the layer on show."""
        return self.app.catalog.layer(self.view.stacks[0], self.view.layer or "")[0]

    @property
    def record(self) -> Layer:
        """The layer on show."""
        return self.app.catalog.layer(self.view.stacks[0], self.view.layer or "")[1]

    def refresh_view(self) -> None:
        """Show the layer's document: the title as breadcrumb, the rest below it."""
        crumb, rest = split_title(self.document())
        self.sub_title = self.view.path
        self.query_one("#breadcrumb", Static).update(crumb)
        self._mounted = self.query_one(DocumentView).update(rest, ascii=self.app.ascii)
        if self._example is not None:
            example, self._example = self._example, None
            with suppress(LookupError):  # the layer has no examples (any longer)
                self.query_one(DocumentView).table(EXAMPLES).select_row(example)

    # -- navigation ---------------------------------------------------------------------

    def _show(self, stack: Stack, layer: Layer, *, keep_place: bool = False) -> None:
        """Show another layer: from its top, or (``keep_place``) in the section the reader
        is in now, and exactly where they were if they read that layer before."""
        body = self.query_one(DocumentView)
        here = place_of(body)
        self._places[self.view] = here
        self.view = View("layer", (stack.id,), layer.id)
        self.refresh_view()
        self._landing += 1
        if keep_place:
            before = self._places.get(self.view)
            self.call_later(self._land, before or here, before is not None, self._landing)
        else:
            # Another layer is read from its top, whatever row the last one had selected.
            body.focus(scroll_visible=False)
            body.scroll_home(animate=False)
        self.post_message(self.Moved(stack.id, layer.level))

    async def _land(self, place: Place, exact: bool, landing: int) -> None:
        if self._mounted is not None:
            await self._mounted
        body = self.query_one(DocumentView)
        # Once laid out (the tables fill themselves when mounted, then take their height):
        # the sections' places are known only then.
        self.call_after_refresh(self.call_after_refresh, self._go, body, place, exact, landing)

    def _go(
        self, body: DocumentView, place: Place, exact: bool, landing: int, tries: int = 50
    ) -> None:
        if landing != self._landing:
            return  # the reader moved on before this landed: the newer move lands
        go_to_place(body, place, exact=exact)
        # On a busy machine the last tables may take their height later, and a scroll past
        # the end of what is laid out stops short: try again a frame's time later. (A place
        # the layer no longer has is given up after ``tries`` of them, a second.)
        there = place_of(body)
        missed = there.scroll_y != place.scroll_y if exact else there.section != place.section
        if missed and tries:
            self.set_timer(RETRY, partial(self._go, body, place, exact, landing, tries - 1))

    def _shown_layers(self, stack_id: str) -> list[Layer]:
        """A stack's layers as the views show them: as of the app's date, lowest first."""
        shown = self.app.shown_catalog.stacks.get(stack_id)
        return sorted(shown.layers, key=lambda la: la.level) if shown is not None else []

    def _step(self, step: int) -> None:
        # Through the layers known as of the app's date, not every layer of the data.
        stack, level = self.stack, self.record.level
        layers = self._shown_layers(stack.id)
        later = [la for la in layers if (la.level > level if step > 0 else la.level < level)]
        if later:
            layer = later[0] if step > 0 else later[-1]
            self._show(stack, self.app.catalog.layer(stack.id, layer.id)[1])
        else:
            where = "top" if step > 0 else "bottom"
            self.notify(f"Already at the {where} layer", timeout=2)

    def action_prev_layer(self) -> None:
        """The layer below."""
        self._step(-1)

    def action_next_layer(self) -> None:
        """The layer above."""
        self._step(1)

    def action_other_stack(self) -> None:
        """The layer at the same level in the next stack on show (skipping stacks without),
        as of the app's date."""
        stack, level = self.stack, self.record.level
        shown = list(self.app.stacks_on_show())
        order = shown if stack.id in shown else [stack.id, *shown]
        start = order.index(stack.id)
        catalog = self.app.catalog
        for offset in range(1, len(order)):
            other = catalog.stacks.get(order[(start + offset) % len(order)])
            if other is None:
                continue
            known = {la.id for la in self._shown_layers(other.id)}
            layer = next((la for la in other.layers if la.level == level and la.id in known), None)
            if layer is not None:
                self._show(other, layer, keep_place=True)
                return
        self.notify(f"No other stack on show has a layer at level {level}", markup=False)

    @on(DataTable.RowSelected)
    def _open_detail(self, event: DataTable.RowSelected) -> None:
        """``enter`` on a row of the examples, metrics or addresses: the row in full."""
        table = event.data_table
        if not isinstance(table, SortableTable) or event.row_key.value is None:
            return
        kind = KIND_OF_TABLE.get(table.block.key)
        if kind is None:
            return
        key = event.row_key.value
        if kind == "handling":
            key = f"{self.record.id}/{key}"
        from layerscope.tui.dialogs.detail import DetailScreen

        self.app.push_screen(DetailScreen(self.stack.id, kind, key))

    @on(ItemList.Chosen)
    def _open_source(self, event: ItemList.Chosen) -> None:
        """``enter`` on one of the sources: the source in full (title, publisher, dates,
        URL)."""
        try:
            stack, layer = self.app.shown_catalog.layer(self.view.stacks[0], self.view.layer or "")
        except UnknownId:
            return
        ids = cited_sources(stack, layer)
        if event.index < len(ids) and stack.source(ids[event.index]) is not None:
            from layerscope.tui.dialogs.detail import DetailScreen

            self.app.push_screen(DetailScreen(stack.id, "source", ids[event.index]))

    def _row(self, step: int) -> None:
        focused = self.focused
        if isinstance(focused, DataTable):
            if step > 0:
                focused.action_cursor_down()
            else:
                focused.action_cursor_up()
        else:
            self.query_one(DocumentView).scroll_relative(y=step, animate=False)

    def action_row_down(self) -> None:
        """The next row of the focused table (or scroll down)."""
        self._row(1)

    def action_row_up(self) -> None:
        """The previous row of the focused table (or scroll up)."""
        self._row(-1)
