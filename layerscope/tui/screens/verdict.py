"""The verdict screen (``v``): how far each verdict of the stacks on show holds.

The verdict view's document as it is: the verdict map (its character drawing), then per
stack the verdict with its range, robust or contested, the margin, the pivotal handlings,
the contested readings and the problem debt per level. Under a what-if, the document lists
the changes at its top and every number is recomputed from them.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header

from layerscope.report import View
from layerscope.tui.keys import VERDICT_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter


class VerdictScreen(ViewScreen):
    """The verdict view of the stacks on show.

    Raises:
        ValueError: not a verdict view.
    """

    BINDINGS: ClassVar[list[BindingType]] = VERDICT_BINDINGS

    def __init__(self, view: View) -> None:
        if view.kind != "verdict":
            raise ValueError(f"the verdict screen shows verdict views, not {view.kind} views")
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="verdict-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The verdict view of the stacks on show."""
        return self.view

    def refresh_view(self) -> None:
        """Show the verdict document."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)
