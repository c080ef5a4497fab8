"""The widgets of a document's text blocks: titles, headings, paragraphs, lists, figures.

All text is literal content made from the document's spans; lists hang their items after
the marker, figures draw their lines of characters uncut by wrapping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar, cast

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widget import Widget
from textual.widgets import Static

from layerscope.report import document as doc
from layerscope.report.format import Glyphs
from layerscope.tui.keys import ITEM_LIST_BINDINGS
from layerscope.tui.widgets.highlight import cell_content, fit_links, line_content, mark
from layerscope.tui.widgets.scrolling import reveal_line


class Listing(Visual):
    """List items with a marker (``•``, ``[12]``) and a hanging indent, wrapped to the width."""

    def __init__(self, items: Sequence[tuple[Content, Content]], ellipsis: str = "...") -> None:
        self.items = list(items)
        """Each item's marker and body."""
        self.ellipsis = ellipsis
        """What ends a link cut to the width (wrapped, it would break inside itself)."""
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
            body = fit_links(body, body_width, self.ellipsis)
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
        return sum(
            max(1, fit_links(body, body_width, self.ellipsis).get_height(rules, body_width))
            for _, body in self.items
        )


class Chart(Visual):
    """Lines drawn in characters (a figure): never wrapped, cut with an ellipsis instead."""

    def __init__(self, lines: Sequence[Content], ellipsis: str) -> None:
        self.lines = list(lines)
        self.ellipsis = ellipsis

    @property
    def plain(self) -> str:
        """The lines, uncut."""
        return "\n".join(item.plain for item in self.lines)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        strips = []
        for item in self.lines[:height]:
            if item.cell_length > width:
                item = item[: max(0, width - len(self.ellipsis))] + self.ellipsis
            strips.extend(item.render_strips(width, 1, style, options) or [Strip.blank(0)])
        return strips

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return max((item.cell_length for item in self.lines), default=0)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines)


class FigureBlock(Widget):
    """A chart: its caption, its lines in characters, and its legend (which wraps)."""

    DEFAULT_CSS = """
    FigureBlock {
        height: auto;
        layout: vertical;
        & > Static { height: auto; }
        & > .figure-legend { color: $text-muted; }
    }
    """

    def __init__(self, block: doc.Figure, g: Glyphs, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.caption = Static(classes="figure-caption", markup=False)
        self.chart = Static(classes="figure-chart", markup=False)
        self.legend = Static(classes="figure-legend", markup=False)
        self.pattern: re.Pattern[str] | None = None
        self.show(block, g)

    def compose(self) -> ComposeResult:
        yield self.caption
        yield self.chart
        yield self.legend

    def show(self, block: doc.Figure, g: Glyphs) -> None:
        """Show a new version of the figure."""
        self.block, self.glyphs = block, g
        self.highlight(self.pattern)

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what matches ``pattern`` in the caption and legend; return the lines that do."""
        self.pattern = pattern
        block = self.block
        caption = line_content(block.caption, "bold")
        legend = [line_content(item) for item in block.legend]
        self.caption.display = bool(block.caption)
        self.caption.update(mark(caption, pattern))
        self.chart.update(Chart([line_content(item) for item in block.lines], self.glyphs.ellipsis))
        self.legend.display = bool(block.legend)
        self.legend.update(Content("\n").join(mark(item, pattern) for item in legend))
        if pattern is None:
            return 0
        return sum(bool(pattern.search(unit.plain)) for unit in (caption, *legend))


class TextBlock(Static):
    """A title, heading, paragraph, list or footer: literal content, a unit per line or item.

    It keeps its content without highlights, so the filter can mark and unmark it.
    """

    def __init__(self, block: doc.Block, g: Glyphs, *, classes: str = "") -> None:
        super().__init__(classes=classes, markup=False)
        self.glyphs = g
        self.markers: list[Content] | None = None
        self.units: list[Content] = []
        """What the block says: a line each (an item each, for a list)."""
        self.pattern: re.Pattern[str] | None = None
        self.show(block, g)

    def show(self, block: doc.Block, g: Glyphs) -> None:
        """Show a new version of the block (of the same kind)."""
        self.glyphs = g
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
            items = list(zip(self.shown_markers(), shown, strict=True))
            self.update(Listing(items, self.glyphs.ellipsis))
        if pattern is None:
            return 0
        return sum(bool(pattern.search(unit.plain)) for unit in self.units)

    def shown_markers(self) -> list[Content]:
        """The list's markers as drawn (``•``, ``[1]``...)."""
        return self.markers or []


class ItemList(TextBlock, can_focus=True):
    """A list whose items the keyboard goes through: ``down`` and ``up`` move the cursor,
    ``enter`` chooses the item (:class:`Chosen`). While the list has the keyboard, the
    cursor's item opens with the focus glyph (the others with as many spaces)."""

    BINDINGS: ClassVar[list[BindingType]] = ITEM_LIST_BINDINGS

    class Chosen(Message):
        """``enter`` on an item: its position in the list (0-based)."""

        def __init__(self, items: ItemList, index: int) -> None:
            self.items = items
            self.index = index
            super().__init__()

    def __init__(self, block: doc.Block, g: Glyphs, *, classes: str = "") -> None:
        self.cursor = 0
        """The item at the cursor."""
        super().__init__(block, g, classes=classes)

    def show(self, block: doc.Block, g: Glyphs) -> None:
        """Show a new version of the list, the cursor where it was (or on the last item)."""
        super().show(block, g)
        if self.cursor >= len(self.units):
            self.move(0)

    def shown_markers(self) -> list[Content]:
        focus = self.glyphs.focus
        blank = " " * len(focus)
        return [
            Content.assemble(focus if n == self.cursor and self.has_focus else blank, " ", m)
            for n, m in enumerate(self.markers or [])
        ]

    def move(self, step: int) -> None:
        """Move the cursor ``step`` items (kept inside the list) and keep it in view."""
        last = max(0, len(self.units) - 1)
        self.cursor = max(0, min(last, self.cursor + step))
        self.highlight(self.pattern)
        if self.is_mounted and self.units and self.size.width:
            gutter = max((m.cell_length for m in self.shown_markers()), default=0) + 1
            width = max(1, self.size.width - gutter)
            rules = cast("RulesMap", self.styles)  # as Textual measures a widget's visual
            heights = [max(1, unit.get_height(rules, width)) for unit in self.units]
            reveal_line(self, sum(heights[: self.cursor]), heights[self.cursor])

    def action_cursor(self, step: int) -> None:
        """The next (``1``) or previous (``-1``) item."""
        self.move(step)

    def action_choose(self) -> None:
        """The item at the cursor: say it was chosen."""
        if self.units:
            self.post_message(self.Chosen(self, self.cursor))

    def watch_has_focus(self, has_focus: bool) -> None:
        super().watch_has_focus(has_focus)
        self.highlight(self.pattern)  # the cursor's mark comes and goes with the keyboard
