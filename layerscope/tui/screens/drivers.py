"""The drivers screen: what drives each stack on show, from the drivers view's document.

Driver weights as bars, the stacks' answers to the shared dimensions side by side, and
each driver's indicator metrics: three tables; ``tab`` moves between them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header

from layerscope.report import View
from layerscope.tui.keys import DRIVERS_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter
from layerscope.tui.widgets.tables import SortableTable


class DriversScreen(ViewScreen):
    """What drives each of the stacks on show, and how they answer the shared dimensions.

    Raises:
        ValueError: not a drivers view.
    """

    BINDINGS: ClassVar[list[BindingType]] = DRIVERS_BINDINGS

    def __init__(self, view: View) -> None:
        if view.kind != "drivers":
            raise ValueError(f"the drivers screen shows drivers views, not {view.kind} views")
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="drivers-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The drivers view of the stacks on show."""
        return self.view

    def refresh_view(self) -> None:
        """Show the drivers document."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)

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

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)
