"""Time in reports: the timeline view, and the mark every view carries as of a date.

The timeline puts each level of the stacks on a lane and each example on it at its launch
date, time to scale; then the first launch per level, the lag from each level to the next
per stack, and each stack's verdict over time. The chart is a figure, in characters and
in vector shapes (:mod:`layerscope.report.views.timeline_chart`).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import msgspec

from layerscope.analysis import align
from layerscope.analysis.time import (
    AsOf,
    Lag,
    StackDates,
    as_of,
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
    plain,
)
from layerscope.report.format import Glyphs, footer, share
from layerscope.report.views.history_chart import history_figure
from layerscope.report.views.timeline_chart import lane_chart, lane_figure

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.report import View


# --- the timeline view ----------------------------------------------------------------


def timeline_document(
    stacks: Sequence[Stack], path: str, g: Glyphs, *, metrics: bool = False
) -> Document:
    """Launches by level on one time axis (with ``metrics``, every metric's history on the
    same axis), first launches, lags and verdicts over time."""
    doc = Builder(path)
    doc.add(
        Title(
            line("Timeline: ", joined((line(Span(s.title, "strong")) for s in stacks), g.sep)),
            (line(Span("Each example at its launch date, one lane per level.", "dim")),),
        )
    )
    _lanes(doc, stacks, g, metrics=metrics)
    _firsts(doc, stacks, g)
    _lags(doc, stacks, g)
    _history(doc, stacks, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()


def _lanes(doc: Builder, stacks: Sequence[Stack], g: Glyphs, *, metrics: bool) -> None:
    doc.heading("Launches by level, and metrics" if metrics else "Launches by level")
    chart = lane_chart(stacks, metrics=metrics)
    if chart is None or not any(lane.launches for lane in chart.lanes):
        doc.para(line(Span("No example has a launch date.", "dim")))
    if chart is not None:
        doc.add(lane_figure(chart, g))
    if metrics and (chart is None or not chart.series):
        doc.para(line(Span("No metric on show has a history.", "dim")))


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
            key="first-launches",
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
    histories = [(stack, verdict_history(stack)) for stack in stacks]
    figure = history_figure([(stack.title, points) for stack, points in histories], g)
    if figure is not None:
        doc.add(figure)
    rows: list[tuple[Cell, ...]] = []
    keys = []
    for stack, points in histories:
        for i, point in enumerate(points):
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
    catalog: Catalog,
    date: str,
    ids: Sequence[str] = (),
    dates: Mapping[str, StackDates] | None = None,
) -> tuple[Catalog, list[AsOf]]:
    """The catalog with its stacks (or only ``ids``) as of a date, and what each lost.

    ``dates``: each stack's :class:`~layerscope.analysis.time.StackDates`, by id, for a
    caller that asks for many dates (the app).

    Raises:
        UnknownId: one of ``ids`` names no stack.
        DateError: ``date`` is not a date.
    """
    chosen = [catalog.stack(sid) for sid in ids] if ids else list(catalog.stacks.values())
    results = [as_of(stack, date, (dates or {}).get(stack.id)) for stack in chosen]
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


def as_of_note(stack: Stack, date: str, g: Glyphs) -> str:
    """What a date leaves of a stack, in a sentence that names it: ``AI as of 2021-12:
    nothing was known then (first launch 2023-03-14).``

    Raises:
        DateError: ``date`` is not a date.
    """
    return plain(_note(as_of(stack, date), g, named=True))


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


def step_quarter(date: str | None, quarters: int, today: datetime.date) -> str | None:
    """The end of the quarter ``quarters`` quarters before (negative) or after ``date``, as
    ``YYYY-MM``; ``None`` stands for today, before and after.

    A step back from a date goes to the end of the last quarter that ended before the date
    did (from ``2024-06-15`` or ``2024-06`` to ``2024-03``, from ``2024`` to ``2024-09``);
    a step on, to the end of the first quarter that ends after it. A quarter that has not
    ended by ``today`` is today. Nothing goes before the first quarter of year 1.
    """
    end = today if date is None else last_day(date)
    quarter = end.year * 4 + (end.month - 1) // 3  # the quarter ``end`` falls in
    ends_it = _quarter_end(quarter) == end
    if quarters < 0:
        target = quarter + quarters
        if target < 4:
            return date
    elif quarters > 0:
        target = quarter + quarters - (0 if ends_it else 1)
    else:
        return date
    if _quarter_end(target) >= today:
        return None
    year, index = divmod(target, 4)
    return f"{year:04d}-{index * 3 + 3:02d}"


def _quarter_end(quarter: int) -> datetime.date:
    year, index = divmod(quarter, 4)
    return last_day(f"{year:04d}-{index * 3 + 3:02d}")


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
