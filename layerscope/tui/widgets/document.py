"""The document renderer of the app: a view's :class:`Document` as Textual widgets.

Each block becomes one widget — text blocks a :class:`TextBlock` (a ``Static`` of literal
content), a table a :class:`~layerscope.tui.widgets.tables.SortableTable`, a tree a
:class:`~layerscope.tui.widgets.document_tree.TreeBlock` — and the widgets add only the
interaction: a cursor, sorting, expanding, filter highlights. Every character of content
comes from the document; the chrome (bullets, sort arrows, tree icons) from the report's
:class:`~layerscope.report.format.Glyphs`.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence

from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Static

from layerscope.report import document as doc
from layerscope.report.format import Glyphs, glyphs
from layerscope.tui.widgets.document_tree import TreeBlock
from layerscope.tui.widgets.highlight import cell_content, line_content, mark, matcher
from layerscope.tui.widgets.tables import SortableTable

__all__ = ["DocumentView", "Listing", "TextBlock", "cell_content", "line_content"]

_IDENTIFIER = re.compile(r"[A-Za-z_-][A-Za-z0-9_-]*\Z")


class Listing(Visual):
    """List items with a marker (``•``, ``[12]``) and a hanging indent, wrapped to the width."""

    def __init__(self, items: Sequence[tuple[Content, Content]]) -> None:
        self.items = list(items)
        """Each item's marker and body."""
        self.gutter = max((marker.cell_length for marker, _ in self.items), default=0) + 1

    @property
    def plain(self) -> str:
        """The text, an item a line (before wrapping)."""
        return "\n".join(f"{marker.plain} {body.plain}" for marker, body in self.items)

    def _marker(self, marker: Content) -> Content:
        return marker.pad_left(self.gutter - 1 - marker.cell_length).pad_right(1)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if not width:
            return []
        body_width = max(1, width - self.gutter)
        blank = Strip.blank(self.gutter, style.rich_style)
        strips: list[Strip] = []
        for marker, body in self.items:
            lead = self._marker(marker).render_strips(self.gutter, 1, style, options)
            lines = body.render_strips(body_width, None, style, options) or [Strip.blank(0)]
            for n, line in enumerate(lines):
                strips.append(Strip.join([lead[0] if n == 0 and lead else blank, line]))
            if height is not None and len(strips) >= height:
                return strips[:height]
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        widest = max(
            (body.get_optimal_width(rules, container_width) for _, body in self.items), default=0
        )
        return self.gutter + widest

    def get_height(self, rules: RulesMap, width: int) -> int:
        body_width = max(1, width - self.gutter)
        return sum(max(1, body.get_height(rules, body_width)) for _, body in self.items)


class TextBlock(Static):
    """A title, heading, paragraph, list or footer: literal content, a unit per line or item.

    It keeps its content without highlights, so the filter can mark and unmark it.
    """

    def __init__(self, block: doc.Block, g: Glyphs, *, classes: str = "") -> None:
        super().__init__(classes=classes, markup=False)
        self.markers: list[Content] | None = None
        self.units: list[Content] = []
        """What the block says: a line each (an item each, for a list)."""
        self.pattern: re.Pattern[str] | None = None
        self.show(block, g)

    def show(self, block: doc.Block, g: Glyphs) -> None:
        """Show a new version of the block (of the same kind)."""
        self.markers = None
        if isinstance(block, doc.Title):
            self.units = [line_content(block.text, "bold"), *map(line_content, block.lines)]
        elif isinstance(block, doc.Heading):
            self.units = [line_content(block.text, "bold")]
        elif isinstance(block, doc.Para):
            self.units = [line_content(item) for item in block.lines]
        elif isinstance(block, doc.Footer):
            self.units = [line_content(block.text)]
        elif isinstance(block, doc.Bullets | doc.Numbered):
            self.units = [cell_content(item) for item in block.items]
            bullet = isinstance(block, doc.Bullets)
            self.markers = [
                Content.styled(g.bullet if bullet else f"[{n}]", "$text-muted")
                for n in range(1, len(block.items) + 1)
            ]
        self.highlight(self.pattern)

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what matches ``pattern`` (``None`` clears); return how many units match."""
        self.pattern = pattern
        shown = [mark(unit, pattern) for unit in self.units]
        if self.markers is None:
            self.update(Content("\n").join(shown))
        else:
            self.update(Listing(list(zip(self.markers, shown, strict=True))))
        if pattern is None:
            return 0
        return sum(bool(pattern.search(unit.plain)) for unit in self.units)


def _kind(block: doc.Block) -> tuple[str, str, int]:
    """What must stay the same for a widget to show a new version of a block."""
    if isinstance(block, doc.Table | doc.Tree):
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
            if isinstance(widget, TextBlock | SortableTable | TreeBlock):
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
