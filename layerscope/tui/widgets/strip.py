"""The strip under the comparison's levels: the selected level in each stack, side by side.

What each cell shows is the compare view's ``detail`` of a slot (each handling with its
outcome and sources, then what the layer introduces), the same lines the compare export
writes. The strip is as tall as its longest level needs, at most :data:`MAX_LINES` (3 when
compact), more where the levels above leave rows free; a cell cut short says how many
entries do not show.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from layerscope.report.format import Glyphs, more
from layerscope.report.views.compare import ComparePieces, Slot, StackHeader
from layerscope.tui.widgets.cards import clip
from layerscope.tui.widgets.document import line_content
from layerscope.tui.widgets.levels import LevelsView

MAX_LINES = 10
"""The strip's most lines (3 when compact), unless the levels leave rows free."""
COMPACT_LINES = 3


def strip_content(header: StackHeader, slot: Slot) -> Content:
    """What the strip shows of one stack at one level: name and layer, then the detail."""
    head = line_content(slot.head[0]) if slot.head else Content()
    first = Content.assemble(line_content(header.name).stylize_before("bold"), " ", head)
    return Content("\n").join([first, *(line_content(line) for line in slot.detail)])


def strip_rows(
    items: Sequence[Content], width: int, height: int, compact: bool, g: Glyphs
) -> list[Content]:
    """A strip cell's rows: its items (the layer's name line, then each handling and what
    it introduces) at ``width`` columns, at most ``height`` rows.

    Each item wraps (one row each, clipped, when ``compact``); where they do not all fit,
    the last row says how many do not show (``… 2 more``), so nothing is cut off unsaid.
    """
    if width <= 0 or height <= 0:
        return []
    rows = [
        clip(item, width, 1, g) if compact else item.wrap(width) or [Content()] for item in items
    ]
    if sum(len(r) for r in rows) <= height:
        return [row for item in rows for row in item]
    shown: list[Content] = []
    for n, item in enumerate(rows):
        if len(shown) + len(item) > height - 1:
            if not shown:  # the first item alone is too tall: as much of it as fits
                shown = clip(items[0], width, height - 1, g)
                n = 1
            tail = Content.styled(more(len(rows) - n, g), "dim")
            return [*shown, *clip(tail, width, 1, g)]
        shown += item
    return shown


class StripCell(Widget):
    """The selected level in one stack: what its layer addresses and introduces."""

    ALLOW_SELECT = False

    compact: reactive[bool] = reactive(False)
    """One row per line, clipped (on small terminals)."""

    def __init__(self, index: int, glyphs: Glyphs) -> None:
        super().__init__()
        self.index = index
        self.glyphs = glyphs
        self.level: int | None = None
        self._contents: dict[int, Content] = {}
        self._empty = Content()
        self._rendered_key: tuple[object, ...] | None = None
        self._rendered = Content()
        self._needed: dict[tuple[int, bool], int] = {}
        """Lines the longest level takes, by width and compactness."""
        self.shown: object = None
        """What the contents were made from (the screen's, to skip making them again)."""

    def set_contents(self, contents: dict[int, Content], empty: Content, glyphs: Glyphs) -> None:
        """What to show at each level; ``empty`` where the stack has nothing to show."""
        self._contents = contents
        self._empty = empty
        self.glyphs = glyphs
        self._needed = {}
        self._rendered_key = None
        self.refresh()

    def show(self, level: int | None) -> None:
        """Show the stack at ``level``.

        Only a repaint: the strip's height is fitted once for every level (see
        :meth:`lines_needed`), so moving the selection never lays the screen out again.
        """
        self.level = level
        self.refresh()

    def lines_needed(self, width: int) -> int:
        """The most lines any level takes at this width (a line per item when compact)."""
        if width <= 0:
            return 1
        key = (width, self.compact)
        if key not in self._needed:
            contents = self._contents.values()
            lines = [len(c.split("\n")) if self.compact else len(c.wrap(width)) for c in contents]
            self._needed[key] = max(lines, default=1)
        return self._needed[key]

    def render(self) -> Content:
        width, height = self.content_size
        key = (self.level, width, height, self.compact, self.glyphs)
        if key != self._rendered_key:
            self._rendered_key = key
            content = (
                self._contents.get(self.level, self._empty) if self.level is not None else None
            )
            content = content if content is not None else self._empty
            items = content.split("\n")
            rows = strip_rows(items, width, height, self.compact, self.glyphs)
            self._rendered = Content("\n").join(rows)
        return self._rendered


class LevelStrip(Horizontal):
    """A :class:`StripCell` per stack; fills them from the compare pieces and fits its height."""

    compact: reactive[bool] = reactive(False)
    """Three lines, one row per entry (on small terminals)."""

    def __init__(self, count: int, glyphs: Glyphs) -> None:
        super().__init__(id="strip")
        self.cells = [StripCell(i, glyphs) for i in range(count)]
        self._version = 0
        self._fitted: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield from self.cells

    def on_mount(self) -> None:
        self.watch_compact(self.compact)

    def watch_compact(self, compact: bool) -> None:
        for cell in self.cells:
            cell.compact = compact

    def fill(self, pieces: ComparePieces, glyphs: Glyphs) -> None:
        """What each cell shows at each level; a cell whose levels say the same is kept."""
        for i, cell in enumerate(self.cells):
            header = pieces.headers[i]
            shown = (header, glyphs, tuple(row.slots[i] for row in pieces.levels))
            if cell.shown == shown:
                continue  # nothing to wrap again
            cell.shown = shown
            contents = {row.level: strip_content(header, row.slots[i]) for row in pieces.levels}
            cell.set_contents(contents, Content(""), glyphs)
            self._version += 1

    def show(self, level: int | None) -> None:
        """Show the stacks at ``level`` (a repaint: the height is fitted for every level)."""
        for cell in self.cells:
            cell.show(level)

    def first_height(self, width: int) -> None:
        """The height before the first frame, for a screen ``width`` columns wide (the cells
        are 1fr each, with a column of padding each side)."""
        widths = [(width - 2) // max(len(self.cells), 1) - 2] * len(self.cells)
        self.styles.height = self._height(widths, None)
        self._fitted = self._key(widths, None)

    def fit(self, levels: LevelsView | None) -> None:
        """As tall as the longest level needs at the cells' widths, now laid out."""
        widths = [cell.content_size.width for cell in self.cells]
        key = self._key(widths, levels)
        if key != self._fitted:
            self._fitted = key
            self.styles.height = self._height(widths, levels)

    def _key(self, widths: list[int], levels: LevelsView | None) -> tuple[object, ...]:
        return (self.compact, self._version, tuple(widths), self._spare(levels))

    def _cap(self) -> int:
        return COMPACT_LINES if self.compact else MAX_LINES

    def _spare(self, levels: LevelsView | None) -> int:
        """Lines beyond the most: the rows the levels leave free (their cards grown first)."""
        if levels is None or not levels.is_mounted or not self.is_mounted:
            return 0
        shared = levels.size.height + self.size.height - 1
        return max(shared - levels.virtual_size.height - self._cap(), 0)

    def _height(self, widths: list[int], levels: LevelsView | None) -> int:
        cells = zip(self.cells, widths, strict=True)
        lines = max((cell.lines_needed(width) for cell, width in cells), default=1)
        return min(max(lines, COMPACT_LINES), self._cap() + self._spare(levels)) + 1
