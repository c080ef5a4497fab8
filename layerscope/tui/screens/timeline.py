"""The timeline screen: the stacks on show on one time axis, from the timeline view's document.

A lane per level and stack with each example at its launch date, the first launch per
level, the lags from level to level and each stack's verdict over time. ``<`` and ``>``
(anywhere in the app) step the date; the timeline is then drawn as of it, like every view.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header

from layerscope.report import View
from layerscope.tui.keys import TIMELINE_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter


class TimelineScreen(ViewScreen):
    """When each level of the stacks on show arrived, and how the verdicts moved.

    Raises:
        ValueError: not a timeline view.
    """

    BINDINGS: ClassVar[list[BindingType]] = TIMELINE_BINDINGS

    def __init__(self, view: View) -> None:
        if view.kind != "timeline":
            raise ValueError(f"the timeline screen shows timeline views, not {view.kind} views")
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="timeline-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The timeline of the stacks on show."""
        return self.view

    def refresh_view(self) -> None:
        """Show the timeline document (as of the app's date)."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)
