"""Choices that say which is chosen in characters, not colour alone.

Textual's toggles draw the same ``▐X▌`` whether on or off and tell them apart by colour;
these draw the marks of :class:`~layerscope.report.format.Glyphs` (``(•)``/``( )``,
``[x]``/``[ ]``), in ASCII when the app is in ASCII mode.
"""

from __future__ import annotations

from typing import Any

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, SelectionList

from layerscope.report.format import Glyphs, glyphs


def app_glyphs(widget: Any) -> Glyphs:
    """The app's glyph set (Unicode unless the app is in ASCII mode)."""
    return glyphs(bool(getattr(widget.app, "ascii", False)))


class MarkedRadioButton(RadioButton):
    """A radio button drawn ``(•) label`` when chosen and ``( ) label`` when not."""

    @property
    def _button(self) -> Content:
        g = app_glyphs(self)
        style = self.get_visual_style("toggle--button")
        return Content.styled(g.chosen if self.value else g.unchosen, style)


class MarkedCheckbox(Checkbox):
    """A checkbox drawn ``[x] label`` when on and ``[ ] label`` when off."""

    @property
    def _button(self) -> Content:
        g = app_glyphs(self)
        style = self.get_visual_style("toggle--button")
        return Content.styled(g.checked if self.value else g.unchecked, style)


class MarkedSelectionList(SelectionList[str]):
    """A selection list whose rows read ``[x] name`` when chosen and ``[ ] name`` when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        # Textual's button is the first three cells (left side, inside, right side).
        index = self.scroll_offset.y + y
        if len(segments) < 4 or index >= self.option_count:
            return line
        value = self.get_option_at_index(index).value
        g = app_glyphs(self)
        mark = g.checked if value in self.selected else g.unchecked
        button = Segment(mark, segments[1].style)
        return Strip([button, *segments[3:]], line.cell_length)
