"""Scroll bars in ASCII: a thumb of ``#`` on a blank track, for ASCII mode.

Textual draws its scroll bars with block characters (``▁▂▃``, ``▉▊▋``) and shows the thumb
by colour; in ASCII mode nothing on screen is above character 127, and the thumb must show
without colour too. The app sets :class:`AsciiScrollBarRender` as every scroll bar's
renderer while ASCII mode is on (see ``LayerscopeApp.watch_ascii``).
"""

from __future__ import annotations

from rich.color import Color
from rich.segment import Segment, Segments
from rich.style import Style
from textual.scrollbar import ScrollBar, ScrollBarRender

THUMB = "#"
BACK, BAR = Color.parse("#555555"), Color.parse("bright_magenta")  # Textual's defaults


class AsciiScrollBarRender(ScrollBarRender):
    """Textual's scroll bar drawn with ``#`` for the thumb and spaces for the track."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8

    @classmethod
    def render_bar(
        cls,
        size: int = 25,
        virtual_size: float = 50,
        window_size: float = 20,
        position: float = 0,
        thickness: int = 1,
        vertical: bool = True,
        back_color: Color = BACK,
        bar_color: Color = BAR,
    ) -> Segments:
        width = thickness if vertical else 1
        segments = [Segment(" " * width, Style(bgcolor=back_color))] * int(size)
        if window_size and size and virtual_size and size != virtual_size:
            thumb = max(1, round(window_size * size / virtual_size))
            room = max(1.0, virtual_size - window_size)
            start = min(int(size) - thumb, round((size - thumb) * position / room))
            up = Style(bgcolor=back_color, meta={"@mouse.down": "scroll_up"})
            down = Style(bgcolor=back_color, meta={"@mouse.down": "scroll_down"})
            grab = Style(color=bar_color, bgcolor=back_color, meta={"@mouse.down": "grab"})
            segments = [
                Segment(THUMB * width, grab)
                if start <= i < start + thumb
                else Segment(" " * width, up if i < start else down)
                for i in range(int(size))
            ]
        if vertical:
            return Segments(segments, new_lines=True)
        return Segments([*segments, Segment.line()] * thickness, new_lines=False)


def use_ascii_scroll_bars(ascii: bool) -> None:
    """Every scroll bar in ASCII (``True``) or Textual's own (``False``)."""
    ScrollBar.renderer = AsciiScrollBarRender if ascii else ScrollBarRender
