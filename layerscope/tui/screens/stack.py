"""The stack screen: one stack from top to bottom, from the stack view's document."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Header

from layerscope.report import View
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter


class StackScreen(ViewScreen):
    """A stack: its thesis and verdict, then every layer with what it handles.

    Raises:
        ValueError: not a stack view.
    """

    def __init__(self, view: View) -> None:
        if view.kind != "stack":
            raise ValueError(f"the stack screen shows stack views, not {view.kind} views")
        super().__init__()
        self.view = view

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="stack-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """This stack."""
        return self.view

    def refresh_view(self) -> None:
        """Show the stack document."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)
