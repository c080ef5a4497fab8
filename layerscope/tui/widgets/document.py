"""The document renderer of the app: a view's :class:`Document` as Textual widgets.

Each block becomes one widget — text blocks a :class:`TextBlock` (a ``Static`` of literal
content), a figure a :class:`FigureBlock` (its lines of characters), a table a
:class:`~layerscope.tui.widgets.tables.SortableTable`, a tree a
:class:`~layerscope.tui.widgets.document_tree.TreeBlock` — and the widgets add only the
interaction: a cursor, sorting, expanding, filter highlights. Every character of content
comes from the document; the chrome (bullets, sort arrows, tree icons) from the report's
:class:`~layerscope.report.format.Glyphs`.
"""

from __future__ import annotations

import asyncio
import re

from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.widget import Widget

from layerscope.report import document as doc
from layerscope.report.format import Glyphs, glyphs
from layerscope.tui.widgets.document_tree import TreeBlock
from layerscope.tui.widgets.highlight import cell_content, line_content, matcher
from layerscope.tui.widgets.tables import SortableTable
from layerscope.tui.widgets.text_blocks import Chart, FigureBlock, Listing, TextBlock

__all__ = [
    "Chart",
    "DocumentView",
    "FigureBlock",
    "Listing",
    "TextBlock",
    "cell_content",
    "line_content",
]

_IDENTIFIER = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*\Z")


def _kind(block: doc.Block) -> tuple[str, str, int]:
    """What must stay the same for a widget to show a new version of a block."""
    if isinstance(block, doc.Table | doc.Tree | doc.Figure):
        return (type(block).__name__, block.key, 0)
    if isinstance(block, doc.Heading):
        return ("Heading", "", block.level)
    return (type(block).__name__, "", 0)


class DocumentView(VerticalScroll):
    """Shows a document, a widget per block, and scrolls it.

    ``update`` with a document of the same shape (the same blocks, tables and trees by
    key) updates the widgets in place, so sort orders, cursors and collapsed entries stay;
    otherwise the widgets are made anew.
    """

    DEFAULT_CSS = """
    DocumentView {
        height: 1fr;
        padding: 0 1;
        scrollbar-size-vertical: 1;
        /* A scroll bar that comes and goes would change the width tables are fitted to. */
        scrollbar-gutter: stable;
        & > * { margin-top: 1; }
        & > .-first, & > .-after-heading { margin-top: 0; }
        & > .doc-heading { color: $text-accent; }
        & > .doc-heading.-level-3 { color: $text; margin-top: 1; }
        & > .doc-footer { color: $text-muted; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.document: doc.Document | None = None
        """The document on show."""
        self.ascii = False
        self.pattern: re.Pattern[str] | None = None
        """The current filter."""
        self.blocks: list[Widget] = []
        """A widget per block of the document, in order."""
        self._kinds: list[tuple[str, str, int]] = []
        self._remounting = asyncio.Lock()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def update(self, document: doc.Document, *, ascii: bool = False) -> AwaitComplete:
        """Show ``document``; ``ascii`` picks the glyphs of the chrome (ASCII or Unicode).

        The widgets (:attr:`blocks`) are ready at once; await the result for them to be
        mounted too, when they are new.
        """
        g = glyphs(ascii)
        kinds = [_kind(block) for block in document.blocks]
        self.document, self.ascii = document, ascii
        if kinds == self._kinds:
            for widget, block in zip(self.blocks, document.blocks, strict=True):
                self._show(widget, block, g)
            done = AwaitComplete()
        else:
            self._kinds = kinds
            self.blocks = self._widgets(document, g)
            done = AwaitComplete(self._remount(self.blocks))
        if self.pattern is not None:
            self._highlight(self.pattern)
        return done

    async def _remount(self, widgets: list[Widget]) -> None:
        # The old widgets must be gone before the new ones (with the same ids) arrive.
        async with self._remounting:
            if widgets is not self.blocks:
                return  # a newer document came meanwhile
            with self.app.batch_update():
                await self.remove_children()
                await self.mount_all(widgets)

    @staticmethod
    def _show(widget: Widget, block: doc.Block, g: Glyphs) -> None:
        if isinstance(widget, TextBlock):
            widget.show(block, g)
        elif isinstance(widget, FigureBlock):
            assert isinstance(block, doc.Figure)
            widget.show(block, g)
        elif isinstance(widget, SortableTable):
            assert isinstance(block, doc.Table)
            widget.show(block, g)
        elif isinstance(widget, TreeBlock):
            assert isinstance(block, doc.Tree)
            widget.show(block, g)

    def _widgets(self, document: doc.Document, g: Glyphs) -> list[Widget]:
        widgets: list[Widget] = []
        used: set[str] = set()
        previous: doc.Block | None = None
        for block in document.blocks:
            widget: Widget
            if isinstance(block, doc.Table):
                widget = SortableTable(block, g, id=_unique(block.key, "table", used))
            elif isinstance(block, doc.Tree):
                key = f"tree-{block.key}" if block.key else ""
                widget = TreeBlock(block, g, id=_unique(key, "tree", used))
            elif isinstance(block, doc.Figure):
                widget = FigureBlock(block, g, id=_unique(block.key, "figure", used))
            else:
                name = type(block).__name__.lower()
                widget = TextBlock(block, g, classes=f"doc-{name}")
                if isinstance(block, doc.Heading):
                    widget.add_class(f"-level-{block.level}")
            if previous is None:
                widget.add_class("-first")
            elif isinstance(previous, doc.Heading):
                widget.add_class("-after-heading")
            widgets.append(widget)
            previous = block
        return widgets

    def _restyle(self) -> None:
        for widget in self.blocks:
            if isinstance(widget, SortableTable | TreeBlock):
                widget.restyle()

    def table(self, key: str) -> SortableTable:
        """The table shown for the document's table with ``key``.

        Raises:
            LookupError: the document has no such table.
        """
        for widget, block in zip(self.blocks, self._blocks(), strict=True):
            if isinstance(block, doc.Table) and block.key == key:
                assert isinstance(widget, SortableTable)
                return widget
        raise LookupError(f"no table '{key}' on show")

    def trees(self) -> list[TreeBlock]:
        """The tree blocks on show, in order."""
        return [widget for widget in self.blocks if isinstance(widget, TreeBlock)]

    def _blocks(self) -> tuple[doc.Block, ...]:
        return self.document.blocks if self.document is not None else ()

    def highlight(self, pattern: str) -> int:
        """Mark what matches ``pattern`` in every block; return the count of matching units.

        A unit is a line of text, a list item, a table row or a tree entry. ``""`` clears.
        """
        self.pattern = matcher(pattern)
        return self._highlight(self.pattern)

    def _highlight(self, pattern: re.Pattern[str] | None) -> int:
        count = 0
        for widget in self.blocks:
            if isinstance(widget, TextBlock | SortableTable | TreeBlock | FigureBlock):
                count += widget.highlight(pattern)
        return count


def _unique(key: str, fallback: str, used: set[str]) -> str | None:
    """A widget id from a block's key: valid and unique in the view, or none."""
    if not key:
        return None
    name = key if _IDENTIFIER.match(key) else f"{fallback}-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    while name in used:
        name += "-2"
    used.add(name)
    return name
