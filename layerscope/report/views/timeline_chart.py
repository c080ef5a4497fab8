"""The timeline's chart: one lane per level and stack, each launch a mark at its date, and
the metrics' histories on the same axis (the axis is :mod:`~layerscope.report.views.time_axis`).

Two steps, like every chart here: :func:`lane_chart` says what to draw (format-neutral) and
:func:`lane_figure` draws it twice, in characters and as vector shapes, as a
:class:`~layerscope.report.document.Figure`. The characters round each date to a cell; the
shapes put it where it falls.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import msgspec

from layerscope.analysis import align
from layerscope.analysis.dates import bounds
from layerscope.model import Stack
from layerscope.report.document import (
    Circle,
    Figure,
    Label,
    Line,
    Polyline,
    Shape,
    Span,
    line,
)
from layerscope.report.format import Glyphs, quantity, spark
from layerscope.report.views.time_axis import (
    TimeAxis,
    cell_of,
    position,
    time_axis,
    year_axis,
    year_marks,
    year_start,
)

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


Value = float | tuple[float, float]


class Series(msgspec.Struct, frozen=True):
    """One metric's history on the time axis: its points, oldest first, its own value the
    newest (as :func:`layerscope.analysis.time.metric_at` reads it)."""

    level: int
    stack: str
    """The stack's short title."""
    name: str
    unit: str
    dates: tuple[str, ...]
    values: tuple[Value, ...]
    """The value at each of :attr:`dates` (a range is drawn at its middle)."""


def middle(value: Value) -> float:
    """Where a value is drawn: itself, or the middle of a range."""
    return (value[0] + value[1]) / 2 if isinstance(value, tuple) else value


def metric_series(stacks: Sequence[Stack]) -> list[Series]:
    """Every metric with a history, by level, then stack and the layer's order."""
    out = []
    for row in align(stacks):
        for stack, layer in zip(stacks, row.layers, strict=True):
            for metric in layer.metrics if layer is not None else ():
                if not metric.series:
                    continue
                points: list[tuple[str, Value]] = [
                    (p.as_of, p.value) for p in metric.series if p.as_of != metric.as_of
                ]
                points.append((metric.as_of, metric.value))
                # Oldest first: by first day, then last day, the own value last among equals.
                order = sorted(range(len(points)), key=lambda i: (*bounds(points[i][0]), i))
                out.append(
                    Series(
                        row.level,
                        stack.title,
                        metric.name,
                        metric.unit,
                        tuple(points[i][0] for i in order),
                        tuple(points[i][1] for i in order),
                    )
                )
    return out


class LaneChart(TimeAxis, frozen=True):
    """Lanes on one time axis, and the metrics' histories under them."""

    lanes: tuple[Lane, ...]
    series: tuple[Series, ...] = ()


def lane_chart(stacks: Sequence[Stack], *, metrics: bool = False) -> LaneChart | None:
    """The lanes of every level of the stacks, lowest level first, and with ``metrics`` the
    history of every metric that has one, on the same axis; ``None`` if nothing is dated."""
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
    series = metric_series(stacks) if metrics else []
    dates = [d for lane in lanes for d in lane.launches] + [d for s in series for d in s.dates]
    if not dates:
        return None
    axis = time_axis(dates)
    return LaneChart(axis.start, axis.end, tuple(lanes), tuple(series))


def draw_lanes(chart: LaneChart, g: Glyphs, width: int = CHART_WIDTH) -> tuple[str, list[str]]:
    """The axis line and one line per lane: a mark per launch, a digit where several meet
    (the crowd mark where ten or more do)."""
    empty, mark = g.track, g.launch
    rows = []
    for lane in chart.lanes:
        counts = [0] * width
        for date in lane.launches:
            counts[cell_of(chart, date, width)] += 1
        rows.append(
            "".join(
                empty if n == 0 else mark if n == 1 else str(n) if n < 10 else g.crowd
                for n in counts
            )
        )
    return year_axis(chart, width), rows


# --- the figure -----------------------------------------------------------------------


def cells(text: str) -> int:
    """How many terminal cells a text takes (wide East Asian characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, width: int, *, right: bool = False) -> str:
    fill = " " * max(0, width - cells(text))
    return fill + text if right else text + fill


def draw_series(chart: TimeAxis, series: Series, g: Glyphs, width: int = CHART_WIDTH) -> str:
    """A metric's history on the axis: each value at its date as a sparkline level, from
    the lowest of the history to the highest (the latest where several share a cell)."""
    row = [g.track] * width
    levels = spark([middle(v) for v in series.values], g)
    for date, level in zip(series.dates, levels, strict=True):
        row[cell_of(chart, date, width)] = level
    return "".join(row)


def value_range(series: Series, g: Glyphs) -> str:
    """From the lowest to the highest value drawn, with the unit: ``10–40 ops``."""
    drawn = [middle(v) for v in series.values]
    low, high = min(drawn), max(drawn)
    return quantity(low if low == high else (low, high), series.unit, g)


def lane_figure(chart: LaneChart, g: Glyphs, width: int = CHART_WIDTH) -> Figure:
    """The lanes as a figure: a line per lane (level, stack, marks, count) under the years;
    then, on the same axis, two lines per metric: its name, and its history with its range."""
    axis, drawn = draw_lanes(chart, g, width)
    levels = [f"L{lane.level}" for lane in chart.lanes]
    names = [
        lane.stack + (f" ({lane.label})" if lane.label != level else "")
        for lane, level in zip(chart.lanes, levels, strict=True)
    ]
    counts = [str(len(lane.launches)) if lane.launches else g.dash for lane in chart.lanes]
    ranges = [value_range(series, g) for series in chart.series]
    series_levels = [f"L{series.level}" for series in chart.series]
    level_w = max(cells("Level"), *map(cells, levels), *map(cells, series_levels))
    stack_w = max(cells("Stack"), *map(cells, names), *(cells(s.stack) for s in chart.series))
    right = ["Range", *ranges] if chart.series else []
    count_w = max(cells("Launches"), *map(cells, counts), *map(cells, right))
    x_stack = level_w + GAP
    x_chart = x_stack + stack_w + GAP
    x_count = x_chart + width + GAP
    gap = " " * GAP

    height = 1 + len(chart.lanes) + (1 + 2 * len(chart.series) if chart.series else 0)

    def header(y: float, last: str) -> Line:
        shapes.append(Label(0, y, "Level", "strong"))
        shapes.append(Label(x_stack, y, "Stack", "strong"))
        shapes.append(Label(x_count + count_w, y, last, "strong", "end"))
        for year, _at in year_marks(chart, width):
            x = x_chart + year_start(chart, year) * width
            shapes.append(Label(x, y, str(year), "dim"))
            if y < 1:  # the years' lines run down the lanes, and the metrics under their header
                lanes_end = 1.0 + len(chart.lanes)
                shapes.append(Polyline(((x, 1.0), (x, lanes_end)), "dim"))
                if chart.series:
                    shapes.append(Polyline(((x, lanes_end + 1), (x, float(height))), "dim"))
        return line(
            Span(pad("Level", level_w), "strong"),
            gap,
            Span(pad("Stack", stack_w), "strong"),
            gap,
            Span(pad(axis, width), "dim"),
            gap,
            Span(pad(last, count_w, right=True), "strong"),
        )

    shapes: list[Shape] = []
    lines: list[Line] = [header(0.5, "Launches")]
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
                Span(pad(shown_level, level_w), "strong"),
                gap,
                lane.stack,
                Span(f" ({label})", "dim") if label else "",
                " " * (stack_w - cells(name)),
                gap,
                Span(text, "bar"),
                gap,
                pad(count, count_w, right=True),
            )
        )
        if shown_level:
            shapes.append(Label(0, y, shown_level, "strong"))
        shapes.append(Label(x_stack, y, name))
        shapes.append(Polyline(((x_chart, y), (x_chart + width, y)), "grid", f"{level} {name}"))
        for date, example in zip(lane.launches, lane.examples, strict=True):
            x = x_chart + position(chart, date) * width
            shapes.append(Circle(x, y, 0.45, text=f"{example}, {date}"))
        shapes.append(Label(x_count + count_w, y, count, anchor="end"))
    if chart.series:
        lines.append(header(len(lines) + 0.5, "Range"))
    for series, level, shown_range in zip(chart.series, series_levels, ranges, strict=True):
        top = len(lines)
        unit = f" ({series.unit})" if series.unit else ""
        lines.append(
            line(
                Span(pad(level, level_w), "strong"),
                gap,
                pad(series.stack, stack_w),
                gap,
                Span(series.name, "strong"),
                Span(unit, "dim"),
            )
        )
        lines.append(
            line(
                " " * (level_w + GAP + stack_w + GAP),
                Span(draw_series(chart, series, g, width), "bar"),
                gap,
                pad(shown_range, count_w, right=True),
            )
        )
        shapes.append(Label(0, top + 0.5, level, "strong"))
        shapes.append(Label(x_stack, top + 0.5, series.stack))
        shapes.append(Label(x_chart, top + 0.5, f"{series.name}{unit}", "strong"))
        shapes.append(Polyline(((x_chart, top + 1.5), (x_chart + width, top + 1.5)), "grid"))
        shapes.extend(_series_shapes(chart, series, x_chart, top + 1, width, g))
        shapes.append(Label(x_count + count_w, top + 1.5, shown_range, anchor="end"))
    assert len(lines) == height
    years = f"{chart.start.year}{g.range}{chart.end.year}"
    what = "each launch on its level's lane" + (
        " and each metric's history" if chart.series else ""
    )
    legend = [
        line(
            Span(g.launch, "strong"),
            f" a launch; a digit counts launches sharing a cell ({g.crowd} for ten or more)",
        )
    ]
    if chart.series:
        legend.append(
            line(
                Span(g.spark, "strong"),
                " a metric's value at its date, from the lowest to the highest of its range"
                " (the latest where several share a cell)",
            )
        )
    return Figure(
        tuple(lines),
        tuple(shapes),
        x_count + count_w,
        height,
        caption=line(f"{what[0].upper()}{what[1:]}, {years}, time to scale"),
        legend=tuple(legend),
        key="lanes",
    )


def _series_shapes(
    chart: TimeAxis, series: Series, x_chart: float, top: float, width: int, g: Glyphs
) -> list[Shape]:
    """A metric's history in the line at ``top``: a point per value, joined in date order;
    the lowest value near the line's bottom, the highest near its top."""
    drawn = [middle(v) for v in series.values]
    low, high = min(drawn), max(drawn)
    span = (high - low) or 1.0
    xy = [
        (x_chart + position(chart, date) * width, top + 0.9 - (v - low) / span * 0.8)
        for date, v in zip(series.dates, drawn, strict=True)
    ]
    name = f"{series.stack} {series.name}"
    shapes: list[Shape] = []
    if len(xy) > 1:
        shapes.append(Polyline(tuple(xy), "strong", name))
    for (x, y), date, value in zip(xy, series.dates, series.values, strict=True):
        shown = quantity(value, series.unit, g)
        shapes.append(Circle(x, y, 0.3, "strong", text=f"{name}: {shown}, {date}"))
    return shapes
