"""Keeping a cursor in view when the widget that draws it does not scroll itself."""

from __future__ import annotations

from textual.geometry import Region
from textual.widget import Widget


def reveal_line(widget: Widget, y: int, height: int = 1) -> None:
    """Scroll the containers around ``widget`` so that its lines ``y`` to ``y + height`` show.

    A table or tree laid out at its full height (the document scrolls, not the table)
    moves its cursor off screen without scrolling anything; this brings the cursor's line
    into view, as :meth:`~textual.widget.Widget.scroll_to_widget` does for a whole widget.
    """
    top = widget.virtual_region
    region = Region(top.x, top.y + y - round(widget.scroll_y), top.width, height)
    child = widget
    while isinstance(child.parent, Widget) and region:
        container = child.parent
        scrolled = container.scroll_to_region(region, animate=False, immediate=True)
        region = (
            region.translate(-scrolled)
            .translate(container.styles.margin.top_left)
            .translate(container.styles.border.spacing.top_left)
            .translate(container.virtual_region_with_margin.offset)
        ).intersection(container.virtual_region_with_margin)
        child = container
