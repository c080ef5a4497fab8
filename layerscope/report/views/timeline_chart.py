"""The timeline's chart: one lane per level and stack, each launch a mark at its date.

Two steps, like every chart here: :func:`lane_chart` says what to draw (format-neutral) and
:func:`lane_figure` draws it twice, in characters and as vector shapes, as a
:class:`~layerscope.report.document.Figure`. The characters round each date to a cell; the
shapes put it where it falls.
"""

from __future__ import annotations

import datetime
import unicodedata
from collections.abc import Sequence

import msgspec

from layerscope.analysis import align
from layerscope.analysis.dates import first_day, last_day
from layerscope.model import Stack
from layerscope.report.document import Circle, Figure, Label, Line, Polyline, Shape, Span, line
from layerscope.report.format import Glyphs

CHART_WIDTH = 40
"""Character cells of the time axis."""
GAP = 3
"""Blank cells between the chart's columns."""


class Lane(msgspec.Struct, frozen=True):
    """One stack's layer at one level: the launch dates of its dated examples."""

    level: int
    label: str
    stack: str
    """The stack's short title."""
    launches: tuple[str, ...]
    examples: tuple[str, ...] = ()
    """The names of the launched examples, in the order of :attr:`launches`."""


class LaneChart(msgspec.Struct, frozen=True):
    """Lanes on one time axis from ``start`` to ``end`` (whole years)."""

    start: datetime.date
    end: datetime.date
    lanes: tuple[Lane, ...]

    @property
    def days(self) -> int:
        """Days on the axis, both ends included."""
        return (self.end - self.start).days + 1


def lane_chart(stacks: Sequence[Stack]) -> LaneChart | None:
    """The lanes of every level of the stacks, lowest level first; ``None`` if nothing is dated."""
    lanes = []
    for row in align(stacks):
        for stack, layer in zip(stacks, row.layers, strict=True):
            if layer is not None:
                dated = [e for e in layer.examples if e.launched is not None]
                lanes.append(
                    Lane(
                        row.level,
                        layer.display_label,
                        stack.title,
                        tuple(e.launched or "" for e in dated),
                        tuple(e.name for e in dated),
                    )
                )
    dates = [d for lane in lanes for d in lane.launches]
    if not dates:
        return None
    start = min(first_day(d) for d in dates).replace(month=1, day=1)
    end = max(last_day(d) for d in dates).replace(month=12, day=31)
    return LaneChart(start, end, tuple(lanes))


# --- positions on the time axis -------------------------------------------------------


def _where(chart: LaneChart, date: str) -> float:
    """Where a date falls on the axis, from 0 to 1: the middle of its period."""
    low, high = first_day(date), last_day(date)
    middle = low + (high - low) / 2
    return (middle - chart.start).days / chart.days


def _column(chart: LaneChart, date: str, width: int) -> int:
    """The cell a date falls in, to scale."""
    low, high = first_day(date), last_day(date)
    middle = low + (high - low) / 2
    return max(0, min(width - 1, (middle - chart.start).days * width // chart.days))


def _years(chart: LaneChart, width: int) -> list[tuple[int, int]]:
    """The labelled years and the cells where they begin, as many as fit apart."""
    years = chart.end.year - chart.start.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s * 6 <= width)
    out = []
    free_from = 0
    first = chart.start.year + (-chart.start.year) % step
    for year in range(first, chart.end.year + 1, step):
        at = (datetime.date(year, 1, 1) - chart.start).days * width // chart.days
        if at >= free_from and at + len(str(year)) <= width:
            out.append((year, at))
            free_from = at + len(str(year)) + 1
    return out


def _axis(chart: LaneChart, width: int) -> str:
    cells = [" "] * width
    for year, at in _years(chart, width):
        cells[at : at + len(str(year))] = str(year)
    return "".join(cells).rstrip()


def draw_lanes(chart: LaneChart, g: Glyphs, width: int = CHART_WIDTH) -> tuple[str, list[str]]:
    """The axis line and one line per lane: a mark per launch, a digit where several meet."""
    empty, mark = (".", "o") if g.ascii else ("·", "●")
    rows = []
    for lane in chart.lanes:
        counts = [0] * width
        for date in lane.launches:
            counts[_column(chart, date, width)] += 1
        rows.append(
            "".join(
                empty if n == 0 else mark if n == 1 else str(n) if n < 10 else "+" for n in counts
            )
        )
    return _axis(chart, width), rows


# --- the figure -----------------------------------------------------------------------


def cells(text: str) -> int:
    """How many terminal cells a text takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - cells(text))
    return fill + text if right else text + fill


def lane_figure(chart: LaneChart, g: Glyphs, width: int = CHART_WIDTH) -> Figure:
    """The lanes as a figure: a line per lane (level, stack, marks, count) under the years."""
    axis, drawn = draw_lanes(chart, g, width)
    levels = [f"L{lane.level}" for lane in chart.lanes]
    names = [
        lane.stack + (f" ({lane.label})" if lane.label != level else "")
        for lane, level in zip(chart.lanes, levels, strict=True)
    ]
    counts = [str(len(lane.launches)) if lane.launches else g.dash for lane in chart.lanes]
    level_w = max(cells("Level"), *map(cells, levels))
    stack_w = max(cells("Stack"), *map(cells, names))
    count_w = max(cells("Launches"), *map(cells, counts))
    x_stack = level_w + GAP
    x_chart = x_stack + stack_w + GAP
    x_count = x_chart + width + GAP
    gap = " " * GAP
    lines: list[Line] = [
        line(
            Span(_pad("Level", level_w), "strong"),
            gap,
            Span(_pad("Stack", stack_w), "strong"),
            gap,
            Span(_pad(axis, width), "dim"),
            gap,
            Span(_pad("Launches", count_w, right=True), "strong"),
        )
    ]
    shapes: list[Shape] = [
        Label(0, 0.5, "Level", "strong"),
        Label(x_stack, 0.5, "Stack", "strong"),
        Label(x_count + count_w, 0.5, "Launches", "strong", "end"),
    ]
    height = 1 + len(chart.lanes)
    for year, _at in _years(chart, width):
        x = x_chart + (datetime.date(year, 1, 1) - chart.start).days / chart.days * width
        shapes.append(Label(x, 0.5, str(year), "dim"))
        shapes.append(Polyline(((x, 1.0), (x, float(height))), "dim"))
    previous = None
    for row, (lane, level, name, text, count) in enumerate(
        zip(chart.lanes, levels, names, drawn, counts, strict=True), start=1
    ):
        y = row + 0.5
        shown_level = level if lane.level != previous else ""
        previous = lane.level
        label = lane.label if lane.label != level else ""
        lines.append(
            line(
                Span(_pad(shown_level, level_w), "strong"),
                gap,
                lane.stack,
                Span(f" ({label})", "dim") if label else "",
                " " * (stack_w - cells(name)),
                gap,
                Span(text, "bar"),
                gap,
                _pad(count, count_w, right=True),
            )
        )
        if shown_level:
            shapes.append(Label(0, y, shown_level, "strong"))
        shapes.append(Label(x_stack, y, name))
        shapes.append(Polyline(((x_chart, y), (x_chart + width, y)), "grid", f"{level} {name}"))
        for date, example in zip(lane.launches, lane.examples, strict=True):
            x = x_chart + _where(chart, date) * width
            shapes.append(Circle(x, y, 0.45, text=f"{example}, {date}"))
        shapes.append(Label(x_count + count_w, y, count, anchor="end"))
    mark = "o" if g.ascii else "●"
    years = f"{chart.start.year}{g.range}{chart.end.year}"
    return Figure(
        tuple(lines),
        tuple(shapes),
        x_count + count_w,
        height,
        caption=line(f"Each launch on its level's lane, {years}, time to scale"),
        legend=(
            line(
                Span(mark, "strong"),
                " a launch; a digit counts launches sharing a cell (+ for ten or more)",
            ),
        ),
        key="lanes",
    )
