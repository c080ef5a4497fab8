"""Time in reports: the timeline view, and the mark every view carries as of a date.

The timeline puts each level of the stacks on a lane and each example on it at its launch
date, time to scale; then the first launch per level, the lag from each level to the next
per stack, and each stack's verdict over time. The chart is two steps: :func:`lane_chart`
says what to draw (format-neutral, for any renderer), :func:`draw_lanes` draws it in
characters.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec

from layerscope.analysis import align
from layerscope.analysis.time import (
    AsOf,
    Lag,
    as_of,
    first_day,
    first_launches,
    lags,
    last_day,
    verdict_history,
)
from layerscope.model import Layer, Stack
from layerscope.report.document import (
    Builder,
    Cell,
    Column,
    Document,
    Line,
    Span,
    Table,
    Title,
    joined,
    line,
)
from layerscope.report.format import Glyphs, footer, share

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.report import View

CHART_WIDTH = 40
"""Character cells of the time axis."""


# --- the chart: what to draw ----------------------------------------------------------


class Lane(msgspec.Struct, frozen=True):
    """One stack's layer at one level: the launch dates of its dated examples."""

    level: int
    label: str
    stack: str
    """The stack's short title."""
    launches: tuple[str, ...]


class LaneChart(msgspec.Struct, frozen=True):
    """Lanes on one time axis from ``start`` to ``end`` (whole years)."""

    start: datetime.date
    end: datetime.date
    lanes: tuple[Lane, ...]


def lane_chart(stacks: Sequence[Stack]) -> LaneChart | None:
    """The lanes of every level of the stacks, lowest level first; ``None`` if nothing is dated."""
    lanes = []
    for row in align(stacks):
        for stack, layer in zip(stacks, row.layers, strict=True):
            if layer is not None:
                launches = tuple(e.launched for e in layer.examples if e.launched is not None)
                lanes.append(Lane(row.level, layer.display_label, stack.title, launches))
    dates = [d for lane in lanes for d in lane.launches]
    if not dates:
        return None
    start = min(first_day(d) for d in dates).replace(month=1, day=1)
    end = max(last_day(d) for d in dates).replace(month=12, day=31)
    return LaneChart(start, end, tuple(lanes))


# --- the chart in characters ----------------------------------------------------------


def _column(chart: LaneChart, date: str, width: int) -> int:
    """The cell a date falls in: the middle of its period, to scale."""
    low, high = first_day(date), last_day(date)
    middle = low + (high - low) / 2
    span = (chart.end - chart.start).days + 1
    return max(0, min(width - 1, (middle - chart.start).days * width // span))


def _axis(chart: LaneChart, width: int) -> str:
    """Year labels at the cells where their years begin, as many as fit apart."""
    years = chart.end.year - chart.start.year + 1
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if years / s * 6 <= width)
    cells = [" "] * width
    span = (chart.end - chart.start).days + 1
    free_from = 0
    first = chart.start.year + (-chart.start.year) % step
    for year in range(first, chart.end.year + 1, step):
        at = (datetime.date(year, 1, 1) - chart.start).days * width // span
        label = str(year)
        if at >= free_from and at + len(label) <= width:
            cells[at : at + len(label)] = label
            free_from = at + len(label) + 1
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


# --- the timeline view ----------------------------------------------------------------


def timeline_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """Launches by level on one time axis, first launches, lags and verdicts over time."""
    doc = Builder(path)
    doc.add(
        Title(
            line("Timeline: ", joined((line(Span(s.title, "strong")) for s in stacks), g.sep)),
            (line(Span("Each example at its launch date, one lane per level.", "dim")),),
        )
    )
    _lanes(doc, stacks, g)
    _firsts(doc, stacks, g)
    _lags(doc, stacks, g)
    _history(doc, stacks, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()


def _lanes(doc: Builder, stacks: Sequence[Stack], g: Glyphs) -> None:
    doc.heading("Launches by level")
    chart = lane_chart(stacks)
    if chart is None:
        doc.para(line(Span("No example has a launch date.", "dim")))
        return
    axis, drawn = draw_lanes(chart, g)
    rows: list[tuple[Cell, ...]] = []
    previous = None
    for lane, text in zip(chart.lanes, drawn, strict=True):
        level = f"L{lane.level}"
        rows.append(
            (
                (line(Span(level, "strong") if lane.level != previous else ""),),
                (line(lane.stack, Span(f" ({lane.label})", "dim") if lane.label != level else ""),),
                (line(Span(text, "bar")),),
                (line(str(len(lane.launches)) if lane.launches else g.dash),),
            )
        )
        previous = lane.level
    doc.add(
        Table(
            (
                Column(line("Level"), no_wrap=True),
                Column(line("Stack"), no_wrap=True),
                Column(line(axis), no_wrap=True, min_width=CHART_WIDTH),
                Column(line("Launches"), justify="right", no_wrap=True),
            ),
            tuple(rows),
            key="lanes",
            row_keys=tuple(f"{lane.level}/{lane.stack}" for lane in chart.lanes),
        )
    )
    years = f"{chart.start.year}{g.range}{chart.end.year}"
    doc.para(line(Span(f"Time to scale, {years}; a digit counts launches sharing a cell.", "dim")))


def _first(layer: Layer | None, stack: Stack, g: Glyphs) -> Cell:
    if layer is None:
        return (line(Span(g.dash, "dim")),)
    found = next(f for f in first_launches(stack) if f.layer.id == layer.id)
    if found.example is None:
        return (line(Span("no dated launch", "dim")),)
    return (line(found.date or "", " ", Span(found.example.name, "strong")),)


def _firsts(doc: Builder, stacks: Sequence[Stack], g: Glyphs) -> None:
    doc.heading("First launch per level")
    rows = align(stacks)
    if not rows:
        doc.para(line(Span("No layers.", "dim")))
        return
    doc.add(
        Table(
            (
                Column(line("Level"), no_wrap=True),
                *(Column(line(Span(s.title, "strong"))) for s in stacks),
            ),
            tuple(
                (
                    (line(f"L{row.level}"),),
                    *(_first(la, s, g) for la, s in zip(row.layers, stacks, strict=True)),
                )
                for row in rows
            ),
            key="levels",
            row_keys=tuple(str(row.level) for row in rows),
        )
    )


def lag_text(lag: Lag) -> str:
    """``18 months``, ``about 20 months``, ``-18 months (L3 first)``, ``151 months (12 years
    7 months)``, ``unknown``."""
    if lag.months is None:
        return "unknown (no dated launch)"
    about = "about " if lag.approximate else ""
    months = abs(lag.months)
    unit = "month" if months == 1 else "months"
    text = f"{about}{lag.months} {unit}"
    if months >= 24:
        rest = months % 12
        more = f" {rest} {_plural(rest, 'month')}" if rest else ""
        text += f" ({months // 12} years{more})"
    return f"{text} ({lag.upper.layer.display_label} first)" if lag.months < 0 else text


def _step(lower: Layer, upper: Layer, g: Glyphs) -> str:
    """``L1 → L2`` (``L1 to L2`` in ASCII, where an arrow reads "becomes")."""
    return f"{lower.display_label} {'to' if g.ascii else '→'} {upper.display_label}"


def _lags(doc: Builder, stacks: Sequence[Stack], g: Glyphs) -> None:
    doc.heading("Lags, first launch to first launch")
    rows: list[tuple[Cell, ...]] = []
    keys = []
    for stack in stacks:
        for i, lag in enumerate(lags(stack)):
            step = _step(lag.lower.layer, lag.upper.layer, g)
            rows.append(
                (
                    (line(Span(stack.title, "strong") if i == 0 else ""),),
                    (line(step),),
                    (line(lag_text(lag)),),
                )
            )
            keys.append(f"{stack.id}/{lag.lower.layer.id}")
    if not rows:
        doc.para(line(Span("No stack has two layers.", "dim")))
        return
    columns = (Column(line("Stack")), Column(line("Step"), no_wrap=True), Column(line("Lag")))
    doc.add(Table(columns, tuple(rows), key="lags", row_keys=tuple(keys)))


def _history(doc: Builder, stacks: Sequence[Stack], g: Glyphs) -> None:
    doc.heading("Verdict over time")
    rows: list[tuple[Cell, ...]] = []
    keys = []
    for stack in stacks:
        for i, point in enumerate(verdict_history(stack)):
            result = point.score
            rows.append(
                (
                    (line(Span(stack.title, "strong") if i == 0 else ""),),
                    (line(point.date or "undated"),),
                    (line(str(result.count)),),
                    (line(f"{result.index:.2f}"),),
                    (line(share(result.transfer_share)),),
                    (line(result.verdict),),
                )
            )
            keys.append(f"{stack.id}/{point.date or ''}")
    if not rows:
        doc.para(line(Span("No handlings recorded.", "dim")))
        return
    columns = (
        Column(line("Stack")),
        Column(line("From"), no_wrap=True),
        Column(line("Handlings"), justify="right", no_wrap=True),
        Column(line("Index"), justify="right", no_wrap=True),
        Column(line("Transfer"), justify="right", no_wrap=True),
        Column(line("Verdict")),
    )
    doc.add(Table(columns, tuple(rows), key="history", row_keys=tuple(keys)))
    doc.para(line(Span("A row from each date on which dated evidence changes.", "dim")))


# --- every view as of a date ----------------------------------------------------------


def catalog_as_of(
    catalog: Catalog, date: str, ids: Sequence[str] = ()
) -> tuple[Catalog, list[AsOf]]:
    """The catalog with its stacks (or only ``ids``) as of a date, and what each lost.

    Raises:
        UnknownId: one of ``ids`` names no stack.
        DateError: ``date`` is not a date.
    """
    chosen = [catalog.stack(sid) for sid in ids] if ids else list(catalog.stacks.values())
    results = [as_of(stack, date) for stack in chosen]
    stacks = catalog.stacks | {r.stack.id: r.stack for r in results}
    return msgspec.structs.replace(catalog, stacks=stacks), results


def as_of_document(view: View, catalog: Catalog, date: str, *, ascii: bool = False) -> Document:
    """A view as of a date, its title saying so and what the date left out.

    Raises:
        UnknownId: a stack or layer the catalog does not know.
        DateError: ``date`` is not a date.
    """
    from layerscope.report import build_document
    from layerscope.report.format import glyphs

    g = glyphs(ascii)
    dated, results = catalog_as_of(catalog, date, view.stacks)
    if view.kind == "layer":
        assert view.layer is not None
        stack, layer = catalog.layer(view.stacks[0], view.layer)
        if dated.stack(stack.id).layer(layer.id) is None:
            return _not_yet(view, stack, layer, results[0], g)
    return mark_as_of(build_document(view, dated, ascii=ascii), results, g)


def mark_as_of(doc: Document, results: Sequence[AsOf], g: Glyphs) -> Document:
    """A document whose title says the date and, per stack, what the date left out."""
    if not results:
        return doc
    date = results[0].date
    notes = tuple(_note(r, g, named=len(results) > 1) for r in results)
    blocks = list(doc.blocks)
    if blocks and isinstance(blocks[0], Title):
        title = blocks[0]
        blocks[0] = Title((*title.text, Span(f" as of {date}", "em")), (*title.lines, *notes))
    else:
        blocks.insert(0, Title(line(Span(f"As of {date}", "em")), notes))
    return Document(doc.path, tuple(blocks))


def _note(result: AsOf, g: Glyphs, *, named: bool) -> Line:
    who = Span(f"{result.stack.title} as of {result.date}: " if named else "", "strong")
    lead = "" if named else f"As of {result.date}: "
    if result.empty:
        since = f" (first launch {result.first_launch})" if result.first_launch else ""
        return line(who, Span(f"{lead}nothing was known then{since}.", "dim"))
    parts = []
    if result.layers_dropped:
        names = ", ".join(f"{la.display_label} {la.name}" for la in result.layers_dropped)
        parts.append(f"not there yet: {names}")
    for count, one, many in (
        (result.examples_dropped, "example launched later", "examples launched later"),
        (result.handlings_dropped, "handling not known yet", "handlings not known yet"),
        (result.metrics_dropped, "metric not known yet", "metrics not known yet"),
        (result.metrics_from_series, "metric from its history", "metrics from their history"),
    ):
        if count:
            parts.append(f"{count} {one if count == 1 else many}")
    undated = result.handlings_undated
    parts.append(f"{undated} undated {_plural(undated, 'handling')} kept")
    return line(who, Span(lead + "; ".join(parts) + ".", "dim"))


def _plural(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"


def _not_yet(view: View, stack: Stack, layer: Layer, result: AsOf, g: Glyphs) -> Document:
    """A layer view for a date before the layer's first launch."""
    first = next(f for f in first_launches(stack) if f.layer.id == layer.id)
    since = f" Its first example launched {first.date}." if first.date else ""
    doc = Builder(view.path)
    doc.add(
        Title(
            line(
                Span(layer.display_label, "strong"),
                " ",
                layer.name,
                Span(f" as of {result.date}", "em"),
            ),
            (
                line(
                    Span(
                        f"{stack.name} had no such layer yet: nothing was known then.{since}", "dim"
                    )
                ),
            ),
        )
    )
    doc.add(footer(view.path, [result.stack], g))
    return doc.build()
