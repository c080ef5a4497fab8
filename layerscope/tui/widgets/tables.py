"""The table every document table becomes on screen: a DataTable that sorts and wraps.

Cells come from the document as they are (no number is formatted here); the widget adds
the interaction: a row cursor, sorting by a header click or ``S``, filter highlights, and
column widths fitted to the space so that long text wraps inside its cell (the widths and
row heights are :mod:`layerscope.tui.widgets.table_layout`'s).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events, on
from textual.binding import BindingType
from textual.strip import Strip
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey, RowKey

from layerscope.report.document import Cell, Table
from layerscope.report.format import Glyphs
from layerscope.tui.keys import TABLE_BINDINGS
from layerscope.tui.widgets.highlight import MATCH_STYLE, fit_text_links, rich_cell
from layerscope.tui.widgets.scrolling import reveal_line
from layerscope.tui.widgets.table_layout import fit_widths, row_height

_NUMBER = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")
SUMMARY_KEY = "-summary-"
"""The key of the row that shows a table's summary (always the last row)."""


def sort_key(cell: Text) -> tuple[int, float, str]:
    """Numbers (and ranges and quantities, by their first number) before text; then text."""
    value = cell.plain.strip()
    found = _NUMBER.match(value)
    if found:
        return (0, float(found.group().replace(",", "")), value.casefold())
    return (1 if value else 2, 0.0, value.casefold())


class SortableTable(DataTable[Text]):
    """A document table: sorts by a clicked header (again: reversed) or with ``S``.

    Rows keep the document's row keys (an example's name, a metric id...), so a selection
    survives sorting and new data. Multi-line cells get rows as tall as they need.
    """

    BINDINGS: ClassVar[list[BindingType]] = TABLE_BINDINGS
    DEFAULT_CSS = """
    SortableTable {
        /* Full height: the document around the table scrolls, not the table (the cursor
           row is kept in view by ``reveal_line``); so no scroll bar comes and goes to
           change the width the columns were fitted to. */
        max-height: initial;
        overflow-y: hidden;
    }
    """

    def __init__(self, block: Table, glyphs: Glyphs, *, id: str | None = None) -> None:
        super().__init__(id=id, zebra_stripes=True, cursor_type="row")
        self.block = block
        """The document table shown."""
        self.glyphs = glyphs
        self.matches = 0
        """How many rows match the current filter."""
        self._pattern: re.Pattern[str] | None = None
        self._sorted: tuple[int, bool] | None = None
        self._fitted = 0
        self._cells: dict[str, list[Text]] = {}
        self._drawn: dict[str, list[Text]] = {}
        self._widths: list[int] = []
        """The cells as drawn at the fitted widths (a link longer than its column cut)."""
        self._marked: set[str] = set()
        self._restyle = True
        self._wanted: str | None = None

    # -- content ------------------------------------------------------------------------

    def show(self, block: Table, glyphs: Glyphs) -> None:
        """Show new content, keeping the sort order, the cursor's row and the filter."""
        self.block, self.glyphs = block, glyphs
        self._restyle = True
        self._fill()

    def restyle(self) -> None:
        """Draw the cells again in the current theme's colours."""
        self._restyle = True
        self._fill()

    def _row_keys(self) -> list[str]:
        keys: list[str] = []
        given = self.block.row_keys
        for n in range(len(self.block.rows)):
            key = given[n] if n < len(given) and given[n] else str(n)
            while key in keys or key == SUMMARY_KEY:  # keys must be unique to the DataTable
                key += "'"
            keys.append(key)
        return keys

    def _texts(self) -> None:
        cache: dict[object, RichStyle] = {}
        columns = self.block.columns

        def cells(row: Sequence[Cell]) -> list[Text]:
            texts = []
            for cell, column in zip(row, columns, strict=False):
                text = rich_cell(cell, cache)
                text.justify = column.justify
                text.overflow = "fold"
                texts.append(text)
            return texts

        self._cells = {
            key: cells(row) for key, row in zip(self._row_keys(), self.block.rows, strict=True)
        }
        if self.block.summary is not None:
            self._cells[SUMMARY_KEY] = cells(self.block.summary)
        self._headers = [rich_cell((c.header,), cache, "bold") for c in columns]
        for header, column in zip(self._headers, columns, strict=True):
            header.justify = column.justify
        self._restyle = False

    def _fill(self) -> None:
        width = self.scrollable_content_region.width
        if not width or not self.is_mounted:
            return
        cursor = self.cursor_key
        if self._restyle:
            self._texts()
        columns = self.block.columns
        natural = [header.cell_len for header in self._headers]
        words = [max(map(len, header.plain.split()), default=0) for header in self._headers]
        for cells in self._cells.values():
            for i, cell in enumerate(cells):
                natural[i] = max(natural[i], *(part.cell_len for part in cell.split("\n")))
                words[i] = max(words[i], *map(len, cell.plain.split()), 0)
        padding = 2 * self.cell_padding * len(columns)
        widths = fit_widths(natural, words, columns, width - padding)
        self.fixed_columns = 1 if sum(widths) + padding > width and len(columns) > 1 else 0
        self._fitted = width
        with self.app.batch_update():
            self.clear(columns=True)
            for i, (header, column_width) in enumerate(zip(self._headers, widths, strict=True)):
                self.add_column(header, width=column_width, key=str(i))
            console = self.app.console
            self._marked = set()
            self._widths = list(widths)
            self._drawn = {
                key: self._fit(cells, widths, self._pattern) for key, cells in self._cells.items()
            }
            for key, cells in self._drawn.items():
                shown = self._shown(key, cells)
                self.add_row(*shown, height=row_height(cells, widths, console), key=key)
            if self._sorted is not None:
                self._sort()
            wanted, self._wanted = self._wanted or cursor, None
            if wanted is not None:
                self.select_row(wanted, focus=False)

    def _fit(
        self, cells: list[Text], widths: Sequence[int], pattern: re.Pattern[str] | None = None
    ) -> list[Text]:
        # A URL wrapped would be broken inside itself: cut to its column instead (around the
        # filter's match, if that would be cut off).
        fitted = []
        for cell, width in zip(cells, widths, strict=True):
            cut = fit_text_links(cell, width, self.glyphs.ellipsis, pattern)
            if cut is not cell:
                cut.justify, cut.overflow = cell.justify, cell.overflow
            fitted.append(cut)
        return fitted

    def _shown(self, key: str, cells: list[Text]) -> list[Text]:
        pattern = self._pattern
        if pattern is None or not any(pattern.search(cell.plain) for cell in cells):
            return cells
        self._marked.add(key)
        shown = []
        for cell in cells:
            marked = cell.copy()
            marked.highlight_regex(pattern, MATCH_STYLE)
            shown.append(marked)
        return shown

    def on_mount(self) -> None:
        self._fill()

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._fitted:
            self._fill()

    # -- selection ----------------------------------------------------------------------

    @property
    def cursor_key(self) -> str | None:
        """The key of the row under the cursor (``None`` when the table is empty)."""
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return None if key == SUMMARY_KEY else key

    def select_row(self, key: str, *, focus: bool = True) -> bool:
        """Put the cursor on the row with ``key`` (and focus the table); whether it exists.

        Before the table is first laid out, the cursor goes there once it is.
        """
        if self._restyle:
            self._texts()
        if key not in self._cells or key == SUMMARY_KEY:
            return False
        if RowKey(key) in self.rows:
            self.move_cursor(row=self.get_row_index(RowKey(key)), animate=False)
        else:
            self._wanted = key
        if focus:
            self.focus()
        return True

    def render_line(self, y: int) -> Strip:
        """DataTable's line; on the cursor row's first line of a focused table, the focus
        glyph in the first cell's padding: which table has the keys, and its row, read
        without colour."""
        strip = super().render_line(y)
        if not self.has_focus or not self.row_count or not strip.cell_length:
            return strip
        line = y
        if not self.show_header or y >= self.header_height:
            line += self.scroll_offset.y
        try:
            key, offset = self._get_offsets(line)
        except LookupError:
            return strip
        if offset or key.value in (None, SUMMARY_KEY) or key not in self.rows:
            return strip
        if self.get_row_index(key) != self.cursor_row:
            return strip
        first = next(iter(strip), None)
        mark = Segment(self.glyphs.focus, first.style if first is not None else None)
        return Strip.join([Strip([mark], 1), strip.crop(1, strip.cell_length)])

    def reveal_match(self, key: str, pattern: re.Pattern[str]) -> None:
        """Scroll sideways so that the first match of ``pattern`` in row ``key`` shows (a
        table wider than the screen hides the columns past its width)."""
        cells = (self._drawn or self._cells).get(key, [])
        hits = [
            (column, text, match)
            for column, cell in enumerate(cells)
            for text in cell.plain.split("\n")
            if (match := pattern.search(text))
        ]
        if not hits:
            return
        column, text, match = hits[0]
        if column < self.fixed_columns or column >= len(self.ordered_columns):
            return
        widths = [c.get_render_width(self) for c in self.ordered_columns]
        fixed = sum(widths[: self.fixed_columns])
        start = sum(widths[:column])  # the column, in the row's cells
        hit = start + self.cell_padding + cell_len(text[: match.start()])
        hit_end = hit + cell_len(match.group())
        width, x = self.scrollable_content_region.width, round(self.scroll_x)
        if hit < x + fixed or hit_end > x + width:
            # The column from its start if the match then shows, else up to the match.
            x = start - fixed
            if hit_end > x + width:
                x = hit_end - width
            self.scroll_to(x=max(0, x), animate=False, immediate=True)

    @on(DataTable.RowHighlighted)
    def _follow_cursor(self, event: DataTable.RowHighlighted) -> None:
        if not self.has_focus:
            return
        rows = self.ordered_rows
        top = self.header_height if self.show_header else 0
        top += sum(row.height for row in rows[: event.cursor_row])
        reveal_line(self, top, rows[event.cursor_row].height)

    # -- filter -------------------------------------------------------------------------

    def highlight(self, pattern: re.Pattern[str] | None) -> int:
        """Mark what matches ``pattern`` (``None`` clears); return how many rows match."""
        self._pattern = pattern
        if self._restyle:
            self._texts()
        was_marked, self._marked = self._marked, set()
        if self._drawn:  # links cut to their column again: around a match, if any
            for key, cells in self._cells.items():
                self._drawn[key] = self._fit(cells, self._widths, pattern)
        count = 0
        for key, cells in (self._drawn or self._cells).items():
            shown = self._shown(key, cells)
            hit = key in self._marked
            count += hit and key != SUMMARY_KEY
            if (hit or key in was_marked) and self.is_mounted and self.columns:
                for i, cell in enumerate(shown):
                    self.update_cell(RowKey(key), ColumnKey(str(i)), cell)
        self.matches = count
        return count

    # -- sorting ------------------------------------------------------------------------

    def sort_by(self, column: int) -> None:
        """Sort by the column at ``column``; the same column again reverses the order."""
        reverse = self._sorted == (column, False)
        self._sorted = (column, reverse)
        self._sort()

    def _sort(self) -> None:
        assert self._sorted is not None
        column, reverse = self._sorted
        self.sort(ColumnKey(str(column)), key=sort_key, reverse=reverse)
        if SUMMARY_KEY in self.rows:  # the summary closes the table whatever the order
            cells = self.get_row(RowKey(SUMMARY_KEY))
            height = self.rows[RowKey(SUMMARY_KEY)].height
            self.remove_row(RowKey(SUMMARY_KEY))
            self.add_row(*cells, height=height, key=SUMMARY_KEY)
        arrow = self.glyphs.sort_descending if reverse else self.glyphs.sort_ascending
        for i, header in enumerate(self._headers):
            label = header if i != column else header + Text(f" {arrow}")
            self.columns[ColumnKey(str(i))].label = label
        self.refresh()

    def action_cycle_sort(self) -> None:
        """Sort ascending by the current column, then descending, then by the next one."""
        if not self.block.columns:
            return
        if self._sorted is None:
            self.sort_by(0)
            return
        column, reverse = self._sorted
        self.sort_by((column + 1) % len(self.block.columns) if reverse else column)

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(event.column_index)
