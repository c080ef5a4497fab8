"""The drivers screen: what drives each stack on show, from the drivers view's document.

Driver weights as bars, the stacks' answers to the shared dimensions side by side, and
each driver's indicator metrics: three tables; ``tab`` moves between them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from layerscope.tui.keys import DRIVERS_BINDINGS
from layerscope.tui.screens.base import DocumentScreen
from layerscope.tui.widgets.tables import SortableTable


class DriversScreen(DocumentScreen):
    """What drives each of the stacks on show, and how they answer the shared dimensions.

    Raises:
        ValueError: not a drivers view.
    """

    BINDINGS: ClassVar[list[BindingType]] = DRIVERS_BINDINGS
    KIND = "drivers"

    @property
    def tables(self) -> list[SortableTable]:
        """The tables on show, in document order."""
        return list(self.query(SortableTable))

    def _focus_table(self, step: int) -> None:
        tables = self.tables
        if not tables:
            return
        current = self.focused
        index = tables.index(current) if isinstance(current, SortableTable) else -step
        tables[(index + step) % len(tables)].focus()

    def action_next_table(self) -> None:
        """The next table."""
        self._focus_table(1)

    def action_previous_table(self) -> None:
        """The previous table."""
        self._focus_table(-1)
