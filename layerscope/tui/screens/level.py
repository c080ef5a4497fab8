"""The level screen (``L`` on the comparison): one level of every stack on show, side by side.

The level view's document as it is — a column per stack in every section (the layers, their
metrics, what they address and introduce, their examples), then the sources. ``[`` and ``]``
move every column a level down or up; the comparison's selection follows.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import BindingType

from layerscope.catalog import UnknownId
from layerscope.report import View
from layerscope.report.views.level import levels_of
from layerscope.tui.keys import LEVEL_VIEW_BINDINGS
from layerscope.tui.screens.base import DocumentScreen
from layerscope.tui.widgets.document import DocumentView


class LevelScreen(DocumentScreen):
    """The level view of the stacks on show (:attr:`view` changes with ``[`` and ``]``).

    Raises:
        ValueError: not a level view.
    """

    KIND = "level"
    BINDINGS: ClassVar[list[BindingType]] = LEVEL_VIEW_BINDINGS

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
