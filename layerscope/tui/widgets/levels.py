"""The levels of the comparison: one row per aligned level, a card per stack, in one widget.

A single scrolling widget draws every card with Textual's line API, rather than a widget
per card: moving the selection repaints the two rows it leaves and enters, scrolling
repaints only this widget, and nothing is laid out or styled again on a key press. That
keeps the stress pair (two stacks of 50 layers) as quick to move through as three layers.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from typing import ClassVar

from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style

from layerscope.model import Layer, Stack
from layerscope.report.format import Glyphs
from layerscope.report.views.compare import ComparePieces
from layerscope.tui.widgets.cards import EXTRA_LINES, GUTTER, LayerCard

ROW_GAP = 1
"""Blank lines between two levels."""
LEFT = 1
"""Columns before the first card; every card has one column after it."""
MAX_EXTRA_LINES = 6
"""The most rows a card adds for head lines that wrap, when the view has rows to spare."""


class CardRow:
    """One aligned level: its cards, one per stack, in pane order."""

    def __init__(self, level: int, cards: Sequence[LayerCard]) -> None:
        self.level = level
        self.cards = list(cards)


class LevelsView(ScrollView, can_focus=False):
    """The levels, top to bottom, each a row of cards side by side (one card when narrow)."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "levels--card",
        "levels--empty",
        "levels--hover",
        "levels--match",
        "levels--selected",
        "levels--current",
        "levels--bar-selected",
        "levels--bar-current",
    }

    # Bound from the screen.
    selected_level: reactive[int | None] = reactive(None, repaint=False)
    """The level selected on the screen."""
    pane: reactive[int] = reactive(0, repaint=False)
    """The index of the current pane."""
    compact: reactive[bool] = reactive(False, repaint=False)
    """Each head line on one row (on small terminals)."""
    narrow: reactive[bool] = reactive(False, repaint=False)
    """Only the current pane's cards."""

    class Selected(Message):
        """A card was clicked: select its level and pane."""

        def __init__(self, card: LayerCard) -> None:
            self.card = card
            super().__init__()

    class Opened(Message):
        """A card was double-clicked, or clicked while current: drill in."""

        def __init__(self, card: LayerCard) -> None:
            self.card = card
            super().__init__()

    def __init__(self, rows: Sequence[CardRow], *, width: int = 0, id: str | None = None) -> None:
        """The rows, laid out for ``width`` columns until the view knows its own."""
        super().__init__(id=id)
        self.rows = list(rows)
        for row in self.rows:
            for card in row.cards:
                card.view = self
        self._row_of_level = {row.level: i for i, row in enumerate(self.rows)}
        self._tops: list[int] = []
        """The first line of each row."""
        self._heights: list[int] = []
        self._columns: list[tuple[int, int]] = []
        """(x, width) of each visible card, left to right."""
        self._laid_out: tuple[object, ...] | None = None
        """What the layout was made for (see :meth:`relayout` for changes of the cards)."""
        self._strips: dict[int, tuple[tuple[object, ...], list[Strip]]] = {}
        self.hovered: LayerCard | None = None
        self._width = width
        """Columns for the cards (the view's width less the scrollbar)."""
        self._height = 0
        """Rows of the view (0 until it knows them)."""
        self.extra = 0
        """Rows each card adds for head lines that wrap (see :meth:`_layout`)."""
        if width:
            self._layout()

    # -- what is where ---------------------------------------------------------------------------

    @property
    def cards(self) -> list[LayerCard]:
        """Every card, row by row."""
        return [card for row in self.rows for card in row.cards]

    def shown_cards(self, row: CardRow) -> list[LayerCard]:
        """The cards of a row on show: every pane's, or only the current one when narrow."""
        if self.narrow:
            return [card for card in row.cards if card.index == self.pane]
        return row.cards

    def _layout(self) -> None:
        """Columns, row heights and the virtual size, for the current width and looks.

        Cards add a row for a head line that wraps (none when compact); where every level
        fits the view with rows to spare, they take more, so summaries show in full.
        """
        width, height = self._width, self._height
        key = (width, height, self.compact, self.narrow, self.pane if self.narrow else -1)
        if self._laid_out == key:
            return
        self._laid_out = key
        self._strips.clear()
        count = 1 if self.narrow else max((len(row.cards) for row in self.rows), default=1)
        room = max(width - LEFT - count, count)
        widths = [room // count + (1 if i < room % count else 0) for i in range(count)]
        x = LEFT
        self._columns = []
        for card_width in widths:
            self._columns.append((x, card_width))
            x += card_width + 1
        extra = 0 if self.compact else EXTRA_LINES
        heights = self._row_heights(extra)
        while extra < MAX_EXTRA_LINES and sum(heights) + ROW_GAP * (len(heights) - 1) < height:
            more = self._row_heights(extra + 1)
            if more == heights or sum(more) + ROW_GAP * (len(more) - 1) > height:
                break
            extra, heights = extra + 1, more
        self.extra = extra
        self._tops, self._heights = [], heights
        top = 0
        for row_height in heights:
            self._tops.append(top)
            top += row_height + ROW_GAP
        size = Size(0, max(top - ROW_GAP, 0))  # as wide as the view: no sideways scrolling
        if self.is_mounted:
            self.virtual_size = size
        else:
            self.set_reactive(LevelsView.virtual_size, size)

    def _row_heights(self, extra: int) -> list[int]:
        heights = []
        for row in self.rows:
            columns = zip(self.shown_cards(row), self._columns, strict=True)
            lines = (len(card.lines(w - GUTTER, extra)) for card, (_, w) in columns)
            heights.append(max(lines, default=1))
        return heights

    def row_region(self, level: int) -> Region | None:
        """Where a level's row is, in the view's content (not scrolled)."""
        self._layout()
        index = self._row_of_level.get(level)
        if index is None:
            return None
        return Region(0, self._tops[index], self.virtual_size.width, self._heights[index])

    def card_region(self, card: LayerCard) -> Region | None:
        """Where a card is on the screen now (``None`` when hidden or scrolled away)."""
        region = self.row_region(card.level)
        cards = self.shown_cards(self.rows[self._row_of_level[card.level]])
        if region is None or card not in cards:
            return None
        x, width = self._columns[cards.index(card)]
        shown = Region(x, region.y - self.scroll_offset.y, width, region.height)
        return shown if shown.overlaps(self.scrollable_content_region.reset_offset) else None

    def card_at(self, x: int, y: int) -> LayerCard | None:
        """The card under a point of the view (scroll included), if any."""
        self._layout()
        y += self.scroll_offset.y
        index = bisect_right(self._tops, y) - 1
        if index < 0 or y >= self._tops[index] + self._heights[index]:
            return None
        for card, (left, width) in zip(
            self.shown_cards(self.rows[index]), self._columns, strict=True
        ):
            if left <= x < left + width:
                return card
        return None

    # -- changes ---------------------------------------------------------------------------------

    def refresh_level(self, level: int | None) -> None:
        """Repaint one level's row (its look changed)."""
        if level is None:
            return
        region = self.row_region(level)
        if region is not None:
            self._strips.pop(self._row_of_level[level], None)
            self.refresh_lines(region.y, region.height)

    def read(self, stacks: Sequence[Stack | None]) -> bool:
        """Give the cards these readings of their stacks (pane by pane), if each stack has
        the same layers at the same levels; whether it does (if not, nothing changed)."""
        cards = {(card.index, card.level): card for card in self.cards}
        layers: dict[tuple[int, int], Layer] = {}
        for index, stack in enumerate(stacks):
            if stack is None:
                return False
            for layer in stack.layers:
                card = cards.get((index, layer.level))
                if card is None or card.record is None or card.record.id != layer.id:
                    return False
                layers[index, layer.level] = layer
        if any(card.record is not None and key not in layers for key, card in cards.items()):
            return False
        for key, card in cards.items():
            card.stack = stacks[card.index] or card.stack
            card.record = layers.get(key)
        return True

    def show(self, pieces: ComparePieces, glyphs: Glyphs) -> None:
        """Show new pieces on the same cards (a new reading: a date, ASCII mode)."""
        slots = {row.level: row.slots for row in pieces.levels}
        for card in self.cards:
            card.show(slots[card.level][card.index], glyphs)
        self.relayout()

    def relayout(self) -> None:
        """Lay the rows out again (cards changed their lines: filter, reload, symbols)."""
        self._laid_out = None
        self._layout()
        self.refresh()

    def scroll_to_level(self, level: int | None) -> None:
        """Scroll just enough to show a level's row whole (or its top, if taller)."""
        region = self.row_region(level) if level is not None else None
        if region is None:
            return
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        if region.y < top or region.height > height:
            self.scroll_to(y=region.y, animate=False, immediate=True)
        elif region.bottom > top + height:
            self.scroll_to(y=region.bottom - height, animate=False, immediate=True)

    def watch_selected_level(self, old: int | None, new: int | None) -> None:
        self.refresh_level(old)
        self.refresh_level(new)

    def watch_pane(self) -> None:
        if self.narrow:
            self.relayout()
        else:
            self.refresh_level(self.selected_level)

    def watch_compact(self) -> None:
        self.relayout()

    def watch_narrow(self) -> None:
        self.relayout()

    def on_resize(self) -> None:
        # Looked up once here: a widget's region is a search of the screen's map.
        region = self.scrollable_content_region
        self._width, self._height = region.width, region.height
        self._layout()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()  # a new theme or stylesheet: every colour may differ

    # -- drawing ---------------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        self._layout()
        width = self._width
        line = y + self.scroll_offset.y
        index = bisect_right(self._tops, line) - 1
        if index < 0 or line >= self._tops[index] + self._heights[index]:
            return Strip.blank(width, self.rich_style)
        strips = self._row_strips(index, width)
        return strips[line - self._tops[index]]

    def _row_strips(self, index: int, width: int) -> list[Strip]:
        row = self.rows[index]
        cards = self.shown_cards(row)
        key = (
            width,
            tuple((card.state, card.version, card is self.hovered) for card in cards),
        )
        cached = self._strips.get(index)
        if cached is not None and cached[0] == key:
            return cached[1]
        base = self.visual_style
        drawn = [
            self._card_lines(card, card_width, self._heights[index])
            for card, (_, card_width) in zip(cards, self._columns, strict=True)
        ]
        strips = []
        for n in range(self._heights[index]):
            parts = [Content(" " * LEFT)]
            for lines in drawn:
                parts += [lines[n], Content(" ")]
            strips.append(
                Strip(Content.assemble(*parts).render_segments(base)).adjust_cell_length(
                    width, self.rich_style
                )
            )
        self._strips[index] = (key, strips)
        return strips

    def _card_lines(self, card: LayerCard, width: int, height: int) -> list[Content]:
        """A card's lines at ``width``, padded to ``height`` rows, with its look."""
        state = card.state
        if card.record is None:
            background = self.get_visual_style("levels--empty")
        else:
            background = self.get_visual_style("levels--card")
        if card is self.hovered:
            background += self._component("levels--hover")
        if state:
            background += self._component(f"levels--{state}")
        bar = self._component(f"levels--bar-{state}") if state else None
        mark = {"current": card.glyphs.current, "selected": card.glyphs.selected}.get(state, " ")
        edge = self._component("levels--match") if card.hits else None
        text = card.lines(width - GUTTER, self.extra)
        lines = []
        for n in range(height):
            body = text[n] if n < len(text) else Content()
            lead = Content.styled(mark, bar) if bar is not None else Content(mark)
            right = Content.styled(" ", edge) if edge is not None else Content(" ")
            line = Content.assemble(lead, " ", body.pad_right(max(width - 3 - body.cell_length, 0)))
            lines.append((line + right).stylize_before(background))
        return lines

    def _component(self, name: str) -> Style:
        """What a component class sets (its colours only), to draw over a card."""
        styles = self.get_component_styles(name)
        return Style(
            background=styles.background if styles.has_rule("background") else None,
            foreground=styles.color if styles.has_rule("color") else None,
        )

    def render_card(self, card: LayerCard) -> Content:
        """A card as drawn now (its text, for tests and the screen's helpers)."""
        self._layout()
        cards = self.shown_cards(self.rows[self._row_of_level[card.level]])
        width = self._columns[cards.index(card)][1] if card in cards else self._columns[0][1]
        lines = card.lines(width - GUTTER, self.extra)
        return Content("\n").join(self._card_lines(card, width, len(lines)))

    # -- the mouse -------------------------------------------------------------------------------

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover(self.card_at(event.x, event.y))

    def on_leave(self) -> None:
        self._hover(None)

    def _hover(self, card: LayerCard | None) -> None:
        if card is not self.hovered:
            old, self.hovered = self.hovered, card
            for each in (old, card):
                if each is not None:
                    self.refresh_level(each.level)

    def on_click(self, event: events.Click) -> None:
        card = self.card_at(event.x, event.y)
        if card is None:
            return
        event.stop()
        if card.record is not None and (event.chain >= 2 or card.state == "current"):
            self.post_message(self.Opened(card))
        else:
            self.post_message(self.Selected(card))
