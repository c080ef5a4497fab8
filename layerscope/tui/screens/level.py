"""The level screen (``L`` on the comparison): one level of every stack on show, side by side.

The level view's document as it is — a column per stack in every section (the layers, their
metrics, what they address and introduce, their examples), then the sources. ``[`` and ``]``
move every column a level down or up; the comparison's selection follows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.widgets import Header

from layerscope.catalog import UnknownId
from layerscope.report import View
from layerscope.report.views.level import levels_of
from layerscope.tui.keys import LEVEL_VIEW_BINDINGS
from layerscope.tui.screens.base import ViewScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.footer import ScreenFooter


class LevelScreen(ViewScreen):
    """The level view of the stacks on show.

    Raises:
        ValueError: not a level view.
    """

    BINDINGS: ClassVar[list[BindingType]] = LEVEL_VIEW_BINDINGS

    def __init__(self, view: View) -> None:
        if view.kind != "level":
            raise ValueError(f"the level screen shows level views, not {view.kind} views")
        super().__init__()
        self.view = view
        """The level on show (it changes with ``[`` and ``]``)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield DocumentView(id="level-body")
        yield ScreenFooter(compact=True)

    def current_view(self) -> View:
        """The level view on show."""
        return self.view

    def refresh_view(self) -> None:
        """Show the level's document."""
        self.sub_title = self.view.path
        self.query_one(DocumentView).update(self.document(), ascii=self.app.ascii)

    def levels(self) -> list[int]:
        """Every level a stack on show has as of the app's date, lowest first."""
        try:
            stacks = [self.app.shown_catalog.stack(sid) for sid in self.view.stacks]
        except UnknownId:
            return []
        return levels_of(stacks)

    def action_step_level(self, step: int) -> None:
        """Every column a level down (``-1``) or up (``1``)."""
        levels, level = self.levels(), self.view.level
        later = [n for n in levels if (n > level if step > 0 else n < level)] if level else []
        if not later:
            where = "top" if step > 0 else "bottom"
            self.notify(f"Already at the {where} level", timeout=2)
            return
        chosen = later[0] if step > 0 else later[-1]
        self.view = View("level", self.view.stacks, level=chosen)
        self.refresh_view()
        self.query_one(DocumentView).scroll_home(animate=False)
        if self.app.stacks_on_show() == self.view.stacks:
            self.app.comparison.selected_level = chosen

    def action_scroll(self, direction: str) -> None:
        """Scroll the document a line up or down."""
        body = self.query_one(DocumentView)
        body.scroll_relative(y=-1 if direction == "up" else 1, animate=False)
