"""How a document table fits the screen: column widths in the space there is, and how
tall a row is once its cells wrap at them.

:class:`~layerscope.tui.widgets.tables.SortableTable` measures its cells and asks
:func:`fit_widths` for the widths, then :func:`row_height` for each row's lines.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.text import Text

from layerscope.report.document import Column

MIN_WIDTH = 6
"""The narrowest a column is squeezed to, unless its own ``min_width`` says otherwise."""
MAX_WORD = 16
"""A squeezed column stays as wide as its longest word, up to this many cells (so a word
breaks only when it is longer, a URL say)."""


def _shares(total: int, ratios: Sequence[int], minimums: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``ratios``, each part at least its minimum.

    A part whose share would fall below its minimum gets the minimum, and the others share
    what is left; the parts add up to ``total`` unless the minimums alone exceed it.
    """
    at_minimum: set[int] = set()
    while True:
        left = total - sum(minimums[i] for i in at_minimum)
        weight = sum(r for i, r in enumerate(ratios) if i not in at_minimum)
        short = {
            i
            for i, r in enumerate(ratios)
            if i not in at_minimum and (not weight or r * left < minimums[i] * weight)
        }
        if not short:
            break
        at_minimum |= short
    parts, done, cumulative = [], 0, 0
    for i, ratio in enumerate(ratios):
        if i in at_minimum:
            parts.append(minimums[i])
            continue
        cumulative += ratio
        upto = round(cumulative * left / weight)  # running rounding: the parts add up
        parts.append(upto - done)
        done = upto
    return parts


def fit_widths(
    natural: Sequence[int], words: Sequence[int], columns: Sequence[Column], available: int
) -> list[int]:
    """Content widths of the columns in ``available`` cells (cell padding excluded).

    ``natural`` is each column's widest line, ``words`` its longest word. Columns with a
    ``ratio`` share what the others leave, in proportion. Without ratios a column is as
    wide as its widest line, and if the table is then too wide, the columns that may wrap
    shrink in proportion to their width (as Rich's tables do), each to no less than its
    longest word (up to :data:`MAX_WORD`). The result is wider than ``available`` only when
    even those minimums do not fit.
    """
    widths = []
    for width, column in zip(natural, columns, strict=True):
        if column.max_width is not None:
            width = min(width, column.max_width)
        widths.append(max(width, column.min_width or 0, 1))
    flexible = [i for i, column in enumerate(columns) if column.ratio]
    ratios = [columns[i].ratio or 0 for i in flexible]
    if not flexible:
        if sum(widths) <= available:
            return widths
        flexible = [i for i, c in enumerate(columns) if not c.no_wrap and widths[i] > MIN_WIDTH]
        ratios = [widths[i] for i in flexible]
    space = max(0, available - sum(w for i, w in enumerate(widths) if i not in flexible))
    floors = [columns[i].min_width or MIN_WIDTH for i in flexible]
    minimums = [
        max(floor, min(words[i], MAX_WORD)) for floor, i in zip(floors, flexible, strict=True)
    ]
    if sum(minimums) > space:  # no room for whole words: break them rather than scroll
        minimums = floors
    for i, width in zip(flexible, _shares(space, ratios, minimums), strict=True):
        # A ratio column fills its share; a squeezed one never grows past its widest line.
        widths[i] = width if columns[i].ratio else min(width, widths[i])
    return widths


def row_height(cells: Sequence[Text], widths: Sequence[int], console: Console) -> int:
    """The lines a row takes once each cell wraps at its column's width."""
    height = 1
    for cell, width in zip(cells, widths, strict=True):
        lines = 0
        for part in cell.split("\n", allow_blank=True):
            lines += 1 if part.cell_len <= width else len(part.wrap(console, width))
        height = max(height, lines)
    return height
