"""Choices that say which is chosen in characters, not colour alone.

Textual's toggles draw the same ``▐X▌`` whether on or off and tell them apart by colour;
these draw the marks of :class:`~layerscope.report.format.Glyphs` (``(•)``/``( )``,
``[x]``/``[ ]``), in ASCII when the app is in ASCII mode.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox, RadioButton

from layerscope.report.format import Glyphs, glyphs


def app_glyphs(widget: RadioButton | Checkbox) -> Glyphs:
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
