"""The verdict over time: each stack's progression index and transfer share on one time
axis, a point at each change of dated evidence and a step to the next.

Two panels over the timeline's axis (:mod:`layerscope.report.views.timeline_chart`): the
index from 1.0 down to 0.0 a tenth a line, and the transfer share from 50% (or more, when a
share is higher) down to 0% five points a line, so that every threshold of the verdict
(0.6; 25% and 40%) has a line of its own. Each stack is a letter, the verdict map's when the
verdict view draws both. Drawn twice, as every figure is: in characters, where a value
takes the line nearest to it (halves up), and as shapes, where it falls.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import msgspec

from layerscope.analysis import PROGRESSION_MAX_TRANSFER, PROGRESSION_MIN_INDEX, TRANSFER_MIN_SHARE
from layerscope.analysis.time import HistoryPoint
from layerscope.report.document import (
    Circle,
    Figure,
    Label,
    Line,
    Polyline,
    Role,
    Shape,
    Span,
    joined,
    line,
)
from layerscope.report.format import Glyphs, index, share
from layerscope.report.views.time_axis import (
    TimeAxis,
    cell_of,
    position,
    time_axis,
    year_axis,
    year_marks,
    year_start,
)
from layerscope.report.views.timeline_chart import CHART_WIDTH, pad
from layerscope.report.views.verdict_map import marker

INDEX_ROWS = 11
"""Lines of the index panel: 1.0 at the top to 0.0 at the bottom, a tenth apart (so that
the progression threshold, 0.6, has a line of its own)."""
SHARE_STEP = 0.05
"""The transfer share from one line of its panel to the next: 25% and 40% fall on lines."""
SHARE_TOP = 0.5
"""The share panel's top unless a share is higher (then the next tenth up)."""
LABEL_WIDTH = 5
"""Cells of a panel's tick labels (`` 100%``), before its axis."""


class Panel(msgspec.Struct, frozen=True):
    """One value over time: its lines, where a value falls, its ticks and thresholds."""

    title: str
    rows: int
    top: float
    step: float
    ticks: tuple[tuple[float, str], ...]
    thresholds: tuple[float, ...]
    value: Callable[[HistoryPoint], float]

    def row(self, value: float) -> int:
        """The line a value takes: the nearest, halves rounded up (0.55 shows at 0.6)."""
        at = math.floor((self.top - value) / self.step + 0.5 - 1e-9)
        return max(0, min(self.rows - 1, at))

    def y(self, value: float) -> float:
        """Where a value falls down the panel, exactly (the middle of line 0 is 0.5)."""
        return 0.5 + (self.top - value) / self.step


def _index_of(point: HistoryPoint) -> float:
    return point.score.index


def _share_of(point: HistoryPoint) -> float:
    return point.score.transfer_share


def panels(points: Sequence[HistoryPoint]) -> tuple[Panel, Panel]:
    """The index panel and the share panel for these points."""
    highest = max((p.score.transfer_share for p in points), default=0.0)
    top = SHARE_TOP if highest <= SHARE_TOP else math.ceil(highest * 10 - 1e-9) / 10
    rows = round(top / SHARE_STEP) + 1
    return (
        Panel(
            "progression index",
            INDEX_ROWS,
            1.0,
            1 / (INDEX_ROWS - 1),
            tuple((t, f"{t:.1f}") for t in (1.0, PROGRESSION_MIN_INDEX, 0.0)),
            (PROGRESSION_MIN_INDEX,),
            _index_of,
        ),
        Panel(
            "transfer share",
            rows,
            top,
            SHARE_STEP,
            tuple((t, share(t)) for t in (top, TRANSFER_MIN_SHARE, PROGRESSION_MAX_TRANSFER, 0.0)),
            (TRANSFER_MIN_SHARE, PROGRESSION_MAX_TRANSFER),
            _share_of,
        ),
    )


Dated = tuple[str, str, list[HistoryPoint]]
"""A stack's letter, its title and its dated points."""


def history_figure(
    histories: Sequence[tuple[str, Sequence[HistoryPoint]]],
    g: Glyphs,
    width: int = CHART_WIDTH,
    *,
    letters: Sequence[str] = (),
) -> Figure | None:
    """Each stack's index and transfer share over time, a letter at each dated change and
    a step to the next; ``None`` when no evidence is dated.

    Args:
        histories: Each stack's title and verdict history.
        letters: Each stack's letter (by default ``A``, ``B``... in order).
    """
    dated: list[Dated] = [
        (
            letters[n] if n < len(letters) else marker(n),
            title,
            [p for p in points if p.date is not None],
        )
        for n, (title, points) in enumerate(histories)
    ]
    every = [p for _, _, points in dated for p in points]
    if not every:
        return None
    axis = time_axis([p.date or "" for p in every])
    x0 = LABEL_WIDTH + 1.0
    run, threshold, corner = ("-", ".", "-") if g.ascii else ("─", "┄", "└")
    lines: list[Line] = []
    shapes: list[Shape] = []
    crowded = False
    top = 0
    for panel in panels(every):
        lines.append(line(Span(panel.title, "dim")))
        shapes.append(Label(0, top + 0.5, panel.title, "dim"))
        top += 1
        drawn, shared = _draw(panel, dated, axis, width, g, threshold, run)
        crowded |= shared
        lines.extend(drawn)
        shapes.extend(_shapes(panel, dated, axis, width, x0, float(top)))
        top += panel.rows
    lines.append(line(Span(" " * LABEL_WIDTH + corner + run * width, "dim")))
    lines.append(line(Span(" " * (LABEL_WIDTH + 1) + year_axis(axis, width), "dim")))
    bottom = float(top)
    shapes.append(Polyline(((x0 - 0.5, bottom), (x0 + width, bottom)), "axis"))
    for year, _at in year_marks(axis, width):
        x = x0 + year_start(axis, year) * width
        shapes.append(Polyline(((x, bottom), (x, bottom + 0.4)), "axis"))
        shapes.append(Label(x, bottom + 1.5, str(year), "dim"))
    key = joined(
        (
            line(Span(letter, "strong"), f" {title}", "" if points else " (nothing dated)")
            for letter, title, points in dated
        ),
        g.sep,
    )
    legend = [
        key,
        line(
            Span(threshold * 2, "dim"),
            f" index {PROGRESSION_MIN_INDEX:.1f} and up, with a transfer share under "
            f"{share(PROGRESSION_MAX_TRANSFER)}: capability progression; a transfer share of "
            f"{share(TRANSFER_MIN_SHARE)} and up: problem transfer",
        ),
    ]
    if crowded:
        legend.append(line(Span(g.crowd, "strong"), " points of several stacks in one cell"))
    return Figure(
        tuple(lines),
        tuple(shapes),
        x0 + width + 1,
        len(lines),
        caption=line(
            "Progression index and transfer share over time, a step at each change of dated"
            " evidence"
        ),
        legend=tuple(legend),
        key="verdict-history",
    )


def _draw(
    panel: Panel,
    dated: Sequence[Dated],
    axis: TimeAxis,
    width: int,
    g: Glyphs,
    threshold: str,
    run: str,
) -> tuple[list[Line], bool]:
    """The panel's lines: a letter at each change, a run to the next; and whether the
    points of two stacks met in a cell."""
    grid = [[" "] * width for _ in range(panel.rows)]
    for letter, _title, points in dated:
        where = [(cell_of(axis, p.date or "", width), panel.row(panel.value(p))) for p in points]
        for i, (column, row) in enumerate(where):
            stop = where[i + 1][0] if i + 1 < len(where) else width
            for c in range(column + 1, stop):
                if grid[row][c] == " ":
                    grid[row][c] = run
        for column, row in where:
            taken = grid[row][column]
            shared = taken == g.crowd or (taken.isalpha() and taken != letter)
            grid[row][column] = g.crowd if shared else letter
    for value in panel.thresholds:
        bar = panel.row(value)
        grid[bar] = [threshold if c == " " else c for c in grid[bar]]
    rise, ticks = ("|", "|") if g.ascii else ("│", "┤")
    out: list[Line] = []
    for row, cells_ in enumerate(grid):
        tick = next((label for value, label in panel.ticks if panel.row(value) == row), None)
        out.append(
            line(
                Span(pad(tick or "", LABEL_WIDTH - 1, right=True) + " ", "dim"),
                Span(ticks if tick is not None else rise, "dim"),
                *_runs("".join(cells_), threshold, g.crowd),
            )
        )
    return out, any(g.crowd in row for row in grid)


def _shapes(
    panel: Panel, dated: Sequence[Dated], axis: TimeAxis, width: int, x0: float, top: float
) -> list[Shape]:
    """The panel as shapes: its axis, thresholds and ticks, and each stack's steps and
    points (``top``: the panel's first line)."""
    shapes: list[Shape] = [
        Polyline(((x0 - 0.5, top), (x0 - 0.5, top + panel.rows)), "axis"),
        *(
            Polyline(((x0, top + panel.y(v)), (x0 + width, top + panel.y(v))), "threshold")
            for v in panel.thresholds
        ),
        *(Label(LABEL_WIDTH - 1, top + panel.y(v), text, "dim", "end") for v, text in panel.ticks),
    ]
    for letter, title, points in dated:
        if not points:
            continue
        xy = [
            (x0 + position(axis, p.date or "") * width, top + panel.y(panel.value(p)))
            for p in points
        ]
        steps: list[tuple[float, float]] = []
        for (x, y), (x_next, _) in zip(xy, [*xy[1:], (x0 + width, 0.0)], strict=True):
            steps += [(x, y), (x_next, y)]  # level until the next change, then up or down
        shapes.append(Polyline(tuple(steps), "strong", title))
        for (x, y), point in zip(xy, points, strict=True):
            score = point.score
            about = (
                f"{title} from {point.date}: index {index(score.index)}, "
                f"transfer share {share(score.transfer_share)}, {score.verdict}"
            )
            shapes.append(Circle(x, y, 0.4, text=about))
            shapes.append(Label(x + 0.5, y - 0.55, letter, "strong"))
    return shapes


def _runs(text: str, threshold: str, crowd: str) -> list[Span]:
    """The chart's cells as spans: the thresholds dim, letters strong, the rest plain."""
    spans: list[Span] = []
    for char in text:
        role: Role = (
            "dim" if char == threshold else "strong" if char.isalpha() or char == crowd else ""
        )
        if spans and spans[-1].role == role:
            spans[-1] = Span(spans[-1].text + char, role)
        else:
            spans.append(Span(char, role))
    return spans
