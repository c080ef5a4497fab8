"""A DataTable that sorts: by clicking a column header, or with ``S`` from the keyboard."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable


def sort_key(cell: Any) -> tuple[int, float, str]:
    """Numbers (and ranges, by their low end) before text; text case-insensitively."""
    value = cell.plain if isinstance(cell, Text) else str(cell)
    try:
        return (0, float(value.split("–")[0].replace(",", "")), "")
    except ValueError:
        return (1 if value else 2, 0.0, value.casefold())


class SortableTable(DataTable[Any]):
    """A DataTable that sorts by a column when its header is clicked (again: reversed).

    From the keyboard, ``S`` sorts by each column in turn, ascending then descending.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "S",
            "cycle_sort",
            "Sort",
            tooltip="Sort by the next column (again: reversed)",
            id="table-sort",
        )
    ]

    def __init__(self, columns: Sequence[str], *, id: str) -> None:
        super().__init__(id=id, zebra_stripes=True, cursor_type="row")
        self._labels = list(columns)
        self._sorted: tuple[str, bool] | None = None

    def on_mount(self) -> None:
        for label in self._labels:
            self.add_column(Text(label), key=label)

    def fill(self, rows: Sequence[Sequence[Text]]) -> None:
        """Replace the rows, keeping the sort order and the cursor row."""
        cursor = self.cursor_row
        self.clear()
        self.add_rows(rows)
        if self._sorted:
            column, reverse = self._sorted
            self.sort(column, key=sort_key, reverse=reverse)
        if rows:
            self.move_cursor(row=min(cursor, len(rows) - 1), animate=False)

    def sort_by(self, column: str) -> None:
        """Sort by ``column``; the same column again reverses the order."""
        reverse = self._sorted == (column, False)
        self._sorted = (column, reverse)
        self.sort(column, key=sort_key, reverse=reverse)
        for label in self._labels:
            arrow = (" ▼" if reverse else " ▲") if label == column else ""
            self.columns[label].label = Text(label + arrow)  # type: ignore[index]
        self.refresh()

    def action_cycle_sort(self) -> None:
        """Sort ascending by the current column's order, then descending, then the next."""
        if self._sorted is None:
            self.sort_by(self._labels[0])
            return
        column, reverse = self._sorted
        if not reverse:
            self.sort_by(column)
        else:
            self.sort_by(self._labels[(self._labels.index(column) + 1) % len(self._labels)])

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        self.sort_by(str(event.column_key.value))
