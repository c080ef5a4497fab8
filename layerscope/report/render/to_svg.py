"""A :class:`~layerscope.report.document.Document` as an SVG picture of the text report.

The text is laid out exactly as the text export lays it out (Rich, at the same width),
then written as SVG text: one ``<text>`` per line, each run of words a ``<tspan>`` at its
own column (``x`` = column × :data:`~layerscope.report.render.vector.CELL_WIDTH`), so
spacing and columns hold whatever monospace font the viewer has; ``xml:space="preserve"``
keeps the single spaces inside a run. Fonts are the system's (no ``@font-face``, nothing
fetched). Figures are drawn as vector shapes in the rows their characters would take.
Light by default, dark under ``prefers-color-scheme: dark`` where the viewer supports it.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from rich.style import Style

from layerscope.report.document import Block, Document, Figure
from layerscope.report.render import vector
from layerscope.report.render.export import console
from layerscope.report.render.palette import DARK, LIGHT, Palette
from layerscope.report.render.to_html import title_of
from layerscope.report.render.to_rich import OUTCOME_STYLES, Renderer, spaced

PAD = 16.0
"""The margin around the text, in pixels."""
_WORDS = re.compile(r"\S+(?: \S+)*")
"""A run of words with single spaces between them: one tspan."""
_COLOURS = {colour: name for name, colour in OUTCOME_STYLES.items() if colour != "dim"}


class _Figure:
    """Where a figure goes among the rows: its first row and how many it takes."""

    def __init__(self, figure: Figure, row: int, columns: int) -> None:
        self.figure = figure
        self.row = row
        self.scale = min(1.0, columns / figure.width)
        self.rows = max(1, math.ceil(figure.height * self.scale - 1e-9))


def _classes(style: Style) -> tuple[str, str]:
    """The CSS classes of a style, and its link (or ``""``)."""
    classes = []
    if style.color is not None and style.color.name in _COLOURS:
        classes.append(f"o-{_COLOURS[style.color.name]}")
    if style.bold:
        classes.append("b")
    if style.dim:
        classes.append("d")
    if style.italic:
        classes.append("i")
    if style.underline:
        classes.append("u")
    link = style.link or ""
    if link:
        classes.append("l")
    return " ".join(classes), link


def runs(line: Iterable[Segment]) -> list[tuple[int, str, Style]]:
    """A line's runs of words: (column, text, style), blanks left out."""
    merged: list[tuple[str, Style]] = []
    for segment in line:
        if segment.control or not segment.text:
            continue
        style = segment.style or Style()
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + segment.text, style)
        else:
            merged.append((segment.text, style))
    out: list[tuple[int, str, Style]] = []
    column = 0
    for text, style in merged:
        for found in _WORDS.finditer(text):
            out.append((column + cell_len(text[: found.start()]), found[0], style))
        column += cell_len(text)
    return out


def _tspan(column: int, text: str, style: Style) -> str:
    classes, link = _classes(style)
    cls = f' class="{classes}"' if classes else ""
    x = vector.number(PAD + column * vector.CELL_WIDTH)
    span = f'<tspan x="{x}"{cls}>{html.escape(text)}</tspan>'
    return f'<a href="{html.escape(link, quote=True)}">{span}</a>' if link else span


def _colours(p: Palette) -> str:
    outcomes = "".join(f".o-{name}{{fill:{c}}}" for name, c in p.outcomes.items())
    return (
        f".bg{{fill:{p.background}}}text{{fill:{p.ink}}}.d{{fill:{p.muted}}}"
        f".l{{fill:{p.link}}}{outcomes}"
    )


STYLE = (
    f"text{{font-family:{vector.FONT_FAMILY};font-size:{vector.FONT_SIZE}px;white-space:pre}}"
    ".b{font-weight:700}.i{font-style:italic}.u{text-decoration:underline}\n"
    f"{_colours(LIGHT)}\n"
    f"@media (prefers-color-scheme: dark) {{\n{_colours(DARK)}\n}}"
)
"""The picture's stylesheet."""


def _lines(out: Console, options: ConsoleOptions, item: RenderableType) -> list[list[Segment]]:
    return out.render_lines(item, options, pad=False, new_lines=False)


def layout(doc: Document, width: int, *, ascii: bool = False) -> list[list[Segment] | _Figure]:
    """The rows of the picture: lines of text as the text export has them, and figures."""
    renderer = Renderer(ascii=ascii, links=True)
    out = console(width)
    options = out.options.update(width=width)
    rows: list[list[Segment] | _Figure] = []
    previous: Block | None = None
    for block in doc.blocks:
        if spaced(previous):
            rows.append([])
        if isinstance(block, Figure):
            caption, legend = renderer.figure_parts(block)
            if caption is not None:
                rows.extend(_lines(out, options, caption))
            place = _Figure(block, len(rows), width)
            rows.append(place)
            rows.extend([] for _ in range(place.rows - 1))
            for item in legend:
                rows.extend(_lines(out, options, item))
        else:
            rows.extend(_lines(out, options, renderer.block(block)))
        previous = block
    return rows


def to_svg(doc: Document, width: int, *, ascii: bool = False) -> str:
    """The document as a standalone SVG picture, ``width`` columns wide."""
    rows = layout(doc, width, ascii=ascii)
    body: list[str] = []
    figures = 0
    for n, row in enumerate(rows):
        top = PAD + n * vector.CELL_HEIGHT
        if isinstance(row, _Figure):
            figures += 1
            body.append(
                vector.figure_group(row.figure, f"figure-{figures}", x=PAD, y=top, scale=row.scale)
            )
            continue
        spans = "".join(_tspan(*run) for run in runs(row))
        if spans:
            baseline = vector.number(top + vector.CELL_HEIGHT / 2 + 0.36 * vector.FONT_SIZE)
            body.append(f'<text y="{baseline}">{spans}</text>')
    w = vector.number(2 * PAD + width * vector.CELL_WIDTH)
    h = vector.number(2 * PAD + len(rows) * vector.CELL_HEIGHT)
    title = html.escape(title_of(doc))
    chart_style = f"\n{vector.CHART_STYLE}" if figures else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" xml:space="preserve" role="img" aria-labelledby="title">\n'
        f'<title id="title">{title}</title>\n<style>\n{STYLE}{chart_style}\n</style>\n'
        f'<rect class="bg" width="{w}" height="{h}"/>\n' + "\n".join(body) + "\n</svg>\n"
    )
