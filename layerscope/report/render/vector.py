"""A :class:`~layerscope.report.document.Figure`'s shapes as SVG elements (HTML and SVG).

One column of the figure's space is :data:`CELL_WIDTH` pixels, one line
:data:`CELL_HEIGHT`: the vector picture has the proportions of the character drawing and
sits in the SVG export where the characters would. Written by hand: the primitives are four
elements and a pattern, and each charting library we measured costs more to import than
a whole ``layerscope export`` may take (see the README's "Charts" section).

Text is escaped (:func:`html.escape`) and never markup; nothing refers to another file or
host; ids are prefixed so several figures can share one page.
"""

from __future__ import annotations

import html

from layerscope.report.document import Circle, Figure, Label, Polyline, Rect, Shape, plain
from layerscope.report.render.palette import DARK, LIGHT, role_class, shape_rules

CELL_WIDTH = 8.4
"""Pixels per column: the advance of a 14 px monospace font (0.6 em)."""
CELL_HEIGHT = 18.0
"""Pixels per line."""
FONT_SIZE = 14
FONT_FAMILY = (
    'ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, '
    '"Liberation Mono", monospace'
)
"""Monospace fonts a system has (nothing is downloaded), the generic family last."""
_BASELINE = 0.36 * FONT_SIZE
"""From the middle of a line of text down to its baseline."""

STATIC_RULES = f"""\
.chart .s, .chart .o {{ fill: none; stroke-width: 1.25; stroke-linecap: round; \
stroke-linejoin: round; }}
.chart .s.r-axis {{ stroke-width: 1.5; }}
.chart .s.r-grid {{ stroke-width: 0.75; stroke-dasharray: 1 3; }}
.chart .s.r-threshold {{ stroke-dasharray: 5 4; }}
.chart .o {{ stroke-width: 1.5; }}
.chart .t {{ font-family: {FONT_FAMILY}; font-size: {FONT_SIZE}px; paint-order: stroke; \
stroke-width: 4px; stroke-linejoin: round; }}
.chart .t.r-strong {{ font-weight: 700; }}
.chart .hatch {{ stroke-width: 1.5; stroke-opacity: 0.45; }}
.chart .dots {{ fill-opacity: 0.5; }}"""
"""The look of shapes that is the same in every scheme (colours: palette.shape_rules)."""
CHART_STYLE = (
    f"{STATIC_RULES}\n{shape_rules(LIGHT, '.chart')}\n"
    f"@media (prefers-color-scheme: dark) {{\n{shape_rules(DARK, '.chart')}\n}}"
)
"""The stylesheet of charts, light and dark: pages and pictures with a figure add it."""


def number(value: float) -> str:
    """A coordinate in pixels, at most two decimals: ``12``, ``8.4``, ``-0.25``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _title(text: str) -> str:
    return f"<title>{html.escape(text)}</title>" if text else ""


def _x(value: float) -> str:
    return number(value * CELL_WIDTH)


def _y(value: float) -> str:
    return number(value * CELL_HEIGHT)


_PATTERNS = {"transfer": "hatch", "progression": "dots"}


def _rect(shape: Rect, ident: str) -> str:
    box = (
        f'x="{_x(shape.x)}" y="{_y(shape.y)}" width="{_x(shape.width)}" height="{_y(shape.height)}"'
    )
    kind = "o" if shape.outline else "a"
    out = f'<rect class="{kind} {role_class(shape.role)}" {box}>{_title(shape.text)}</rect>'
    pattern = _PATTERNS.get(shape.role)
    if pattern and not shape.outline:
        # The region's texture, as the characters hatch or dot it: not colour alone.
        out += f'<rect {box} fill="url(#{ident}-{pattern})"/>'
    return out


def _polyline(shape: Polyline) -> str:
    points = " ".join(f"{_x(x)},{_y(y)}" for x, y in shape.points)
    return (
        f'<polyline class="s {role_class(shape.role)}" points="{points}">'
        f"{_title(shape.text)}</polyline>"
    )


def _circle(shape: Circle) -> str:
    kind = "o" if shape.outline else "m"
    return (
        f'<circle class="{kind} {role_class(shape.role)}" cx="{_x(shape.x)}" '
        f'cy="{_y(shape.y)}" r="{_x(shape.radius)}">{_title(shape.text)}</circle>'
    )


def _label(shape: Label) -> str:
    anchor = "" if shape.anchor == "start" else f' text-anchor="{shape.anchor}"'
    y = number(shape.y * CELL_HEIGHT + _BASELINE)
    return (
        f'<text class="t {role_class(shape.role)}" x="{_x(shape.x)}" y="{y}"{anchor}>'
        f"{html.escape(shape.text)}</text>"
    )


def shape_element(shape: Shape, ident: str) -> str:
    """One shape as an SVG element (coordinates in pixels)."""
    if isinstance(shape, Rect):
        return _rect(shape, ident)
    if isinstance(shape, Polyline):
        return _polyline(shape)
    if isinstance(shape, Circle):
        return _circle(shape)
    return _label(shape)


def pixel_size(fig: Figure) -> tuple[float, float]:
    """The figure's width and height in pixels."""
    return fig.width * CELL_WIDTH, fig.height * CELL_HEIGHT


def defs(ident: str) -> str:
    """The patterns and the clip of one figure, ids prefixed with ``ident``."""
    return (
        f'<pattern id="{ident}-hatch" width="9" height="9" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(-45)">'
        '<line class="hatch" x1="0" y1="0" x2="0" y2="9"/></pattern>'
        f'<pattern id="{ident}-dots" width="12" height="12" patternUnits="userSpaceOnUse">'
        '<circle class="dots" cx="6" cy="6" r="1.2"/></pattern>'
    )


def figure_group(fig: Figure, ident: str, *, x: float = 0, y: float = 0, scale: float = 1) -> str:
    """The figure as a ``<g class="chart">`` at ``(x, y)`` pixels, clipped to its space."""
    width, height = pixel_size(fig)
    transform = f"translate({number(x)} {number(y)})"
    if scale != 1:
        transform += f" scale({scale:.4f})"
    body = "".join(shape_element(shape, ident) for shape in fig.shapes)
    # The patterns go inside the chart group: their strokes and fills are styled under it.
    return (
        f'<defs><clipPath id="{ident}-clip">'
        f'<rect width="{number(width)}" height="{number(height)}"/></clipPath></defs>'
        f'<g class="chart" transform="{transform}" clip-path="url(#{ident}-clip)">'
        f"<defs>{defs(ident)}</defs>{body}</g>"
    )


def figure_svg(fig: Figure, ident: str) -> str:
    """The figure as an inline ``<svg>`` element for a web page (it scales to fit)."""
    width, height = pixel_size(fig)
    w, h = number(width), number(height)
    name = plain(fig.caption) or fig.key or "chart"
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" '
        f'width="{w}" height="{h}" role="img" aria-labelledby="{ident}-title">'
        f'<title id="{ident}-title">{html.escape(name)}</title>'
        f"<defs>{defs(ident)}</defs>"
        + "".join(shape_element(shape, ident) for shape in fig.shapes)
        + "</svg>"
    )


__all__ = [
    "CELL_HEIGHT",
    "CELL_WIDTH",
    "CHART_STYLE",
    "FONT_FAMILY",
    "FONT_SIZE",
    "STATIC_RULES",
    "figure_group",
    "figure_svg",
    "number",
    "pixel_size",
    "shape_element",
]
