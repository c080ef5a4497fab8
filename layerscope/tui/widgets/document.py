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
from typing import NamedTuple

from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.widget import Widget

from layerscope.report import document as doc
from layerscope.report.format import Glyphs, glyphs
from layerscope.tui.widgets.document_tree import TreeBlock, reveal, walk
from layerscope.tui.widgets.highlight import cell_content, line_content, matcher
from layerscope.tui.widgets.tables import SortableTable
from layerscope.tui.widgets.text_blocks import Chart, FigureBlock, ItemList, Listing, TextBlock

__all__ = [
    "Chart",
    "DocumentView",
    "FigureBlock",
    "ItemList",
    "Listing",
    "Match",
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

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, open_items: bool = False
    ) -> None:
        """``open_items``: numbered lists (the sources) take the keyboard, their items a
        cursor and ``enter`` (see :class:`ItemList`)."""
        super().__init__(id=id, classes=classes)
        self.open_items = open_items
        self.document: doc.Document | None = None
        """The document on show."""
        self.ascii = False
        self.pattern: re.Pattern[str] | None = None
        """The current filter."""
        self.blocks: list[Widget] = []
        """A widget per block of the document, in order."""
        self._kinds: list[tuple[str, str, int]] = []
        self.only_matches = False
        """Whether blocks without a match of the filter are hidden (while it is on)."""
        self._hid = False
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
                kind = (
                    ItemList if self.open_items and isinstance(block, doc.Numbered) else TextBlock
                )
                widget = kind(block, g, classes=f"doc-{name}")
                if isinstance(block, doc.Heading):
                    widget.add_class(f"-level-{block.level}", update=False)
            # Not mounted yet: styled once, as it mounts (not also now).
            if previous is None:
                widget.add_class("-first", update=False)
            elif isinstance(previous, doc.Heading):
                widget.add_class("-after-heading", update=False)
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
        self._hide_unmatched()
        return count

    def show_only_matches(self, only: bool) -> None:
        """Hide (``True``) or show again the blocks where the filter matches nothing.

        A section's heading stays while anything under it matches; the title and the
        footer always do.
        """
        self.only_matches = only
        self._hide_unmatched()

    def _hide_unmatched(self) -> None:
        if not self.only_matches or self.pattern is None:
            if self._hid:  # only what this hid is shown again
                for widget in self.blocks:
                    widget.display = True
                self._hid = False
            return
        self._hid = True
        hit = {id(match.widget) for match in self.matches()}
        shown = [
            isinstance(block, doc.Title | doc.Footer) or id(widget) in hit
            for widget, block in zip(self.blocks, self._blocks(), strict=True)
        ]
        blocks = self._blocks()
        for i, block in enumerate(blocks):
            if isinstance(block, doc.Heading) and not shown[i]:
                for j in range(i + 1, len(blocks)):
                    after = blocks[j]
                    if isinstance(after, doc.Heading) and after.level <= block.level:
                        break
                    if shown[j] and not isinstance(after, doc.Footer):
                        shown[i] = True
                        break
        for widget, show in zip(self.blocks, shown, strict=True):
            widget.display = show

    # -- matches: where the filter's hits are, to go from one to the next ----------------

    def matches(self) -> list[Match]:
        """Where the current filter matches, in document order: a table row, a tree entry
        (each by its key) or a text block (key ``None``)."""
        pattern = self.pattern
        if pattern is None:
            return []
        found: list[Match] = []
        for widget, block in zip(self.blocks, self._blocks(), strict=True):
            if isinstance(block, doc.Table):
                keys = [
                    block.row_keys[n] if n < len(block.row_keys) and block.row_keys[n] else str(n)
                    for n in range(len(block.rows))
                ]
                for key, row in zip(keys, block.rows, strict=True):
                    if any(pattern.search(doc.plain(item)) for cell in row for item in cell):
                        found.append(Match(widget, key))
            elif isinstance(block, doc.Tree):
                found += [Match(widget, key) for key in _tree_matches(block.nodes, pattern)]
            elif any(pattern.search(text) for text in _texts(block)):
                found.append(Match(widget, None))
        return found

    def go_to(self, match: Match) -> None:
        """Bring a match into view, the cursor on it, revealing a collapsed entry."""
        widget, key = match.widget, match.key
        if isinstance(widget, SortableTable) and key is not None:
            widget.select_row(key)
            if self.pattern is not None:  # a match in a column scrolled out of sight
                widget.reveal_match(key, self.pattern)
            self.scroll_to_widget(widget, animate=False)
        elif isinstance(widget, TreeBlock) and key is not None:
            tree = widget.outline
            node = next((n for n in walk(tree.root) if n.data == key), None)
            if node is not None:
                reveal(tree, node)
            self.scroll_to_widget(widget, animate=False)
        else:
            self.scroll_to_widget(widget, animate=False, top=True)


class Match(NamedTuple):
    """One filter hit: the widget it is in, and the row or entry key (``None``: the block)."""

    widget: Widget
    key: str | None


def _texts(block: doc.Block) -> list[str]:
    if isinstance(block, doc.Title):
        return [doc.plain(block.text), *(doc.plain(item) for item in block.lines)]
    if isinstance(block, doc.Heading | doc.Footer):
        return [doc.plain(block.text)]
    if isinstance(block, doc.Para):
        return [doc.plain(item) for item in block.lines]
    if isinstance(block, doc.Bullets | doc.Numbered):
        return [doc.plain(item) for cell in block.items for item in cell]
    if isinstance(block, doc.Figure):
        return [doc.plain(item) for item in (*block.lines, block.caption, *block.legend)]
    return []


def _tree_matches(nodes: tuple[doc.Node, ...], pattern: re.Pattern[str]) -> list[str]:
    found: list[str] = []
    for node in nodes:
        texts = [doc.plain(node.text), *(doc.plain(item) for item in node.detail)]
        if node.key and any(pattern.search(text) for text in texts):
            found.append(node.key)
        found += _tree_matches(node.children, pattern)
    return found


def _unique(key: str, fallback: str, used: set[str]) -> str | None:
    """A widget id from a block's key: valid and unique in the view, or none."""
    if not key:
        return None
    name = key if _IDENTIFIER.match(key) else f"{fallback}-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}"
    while name in used:
        name += "-2"
    used.add(name)
    return name
