"""The drivers view: what drives each stack, their answers to the shared dimensions, and
the indicator metrics behind each driver."""

from __future__ import annotations

from collections.abc import Sequence

from layerscope.analysis import dimension_answers, drivers, latest
from layerscope.model import Dimension, Stack
from layerscope.report.document import (
    Builder,
    Cell,
    Column,
    Document,
    Para,
    Span,
    Table,
    Title,
    joined,
    line,
)
from layerscope.report.format import (
    Glyphs,
    bar,
    date,
    decimal,
    metric_name,
    quantity,
    stack_name,
)
from layerscope.report.views.cite import Citations, footer


def drivers_document(
    stacks: Sequence[Stack], dimensions: Sequence[Dimension], path: str, g: Glyphs
) -> Document:
    """Driver weights as bars, dimension answers side by side, indicator metrics."""
    doc = Builder(path)
    cites = Citations(many_stacks=len(stacks) > 1)
    doc.add(
        Title(
            line("Drivers: ", joined((line(stack_name(s)) for s in stacks), g.sep)),
            (
                line(
                    Span(
                        "What drives each stack, and how each answers the shared questions.", "dim"
                    )
                ),
            ),
        )
    )
    _weights(doc, stacks, g)
    _dimensions(doc, stacks, dimensions, g)
    _indicators(doc, stacks, cites, g)
    cites.add_to(doc, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()


def _weights(doc: Builder, stacks: Sequence[Stack], g: Glyphs) -> None:
    doc.heading("Driver weights")
    rows: list[tuple[Cell, ...]] = []
    keys: list[str] = []
    for stack in stacks:
        views = drivers(stack)
        if not views:
            keys.append(stack.id)
            rows.append(
                (
                    (line(stack_name(stack)),),
                    (line(Span("no drivers recorded", "dim")),),
                    (line(),),
                    (line(),),
                )
            )
        for i, view in enumerate(views):
            driver = view.driver
            name: Cell = (line(driver.name),)
            if driver.description:
                name += (line(Span(driver.description, "dim")),)
            keys.append(f"{stack.id}/{driver.id}")
            rows.append(
                (
                    (line(stack_name(stack)) if i == 0 else line(),),
                    name,
                    (line(Span(bar(driver.weight, g), "bar")),),
                    (line(decimal(driver.weight)),),
                )
            )
    doc.add(
        Table(
            (
                Column(line("Stack"), no_wrap=True),
                Column(line("Driver")),
                Column(line("Weight"), no_wrap=True),
                Column(line(""), justify="right", no_wrap=True),
            ),
            tuple(rows),
            key="weights",
            row_keys=tuple(keys),
        )
    )


def _dimensions(
    doc: Builder, stacks: Sequence[Stack], dimensions: Sequence[Dimension], g: Glyphs
) -> None:
    doc.heading("Dimensions")
    if not dimensions:
        doc.add(
            Para((line(Span("No dimensions are defined (no dimensions file loaded).", "dim")),))
        )
        return
    rows = []
    answered = dimension_answers(dimensions, stacks)
    for dimension, answers in answered:
        name: Cell = (line(Span(dimension.name, "strong")),)
        if dimension.question:
            name += (line(Span(dimension.question, "dim")),)
        rows.append(
            (
                name,
                *(
                    (line(answer),) if answer else (line(Span(g.dash, "dim")),)
                    for answer in answers
                ),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Dimension"), ratio=2),
                *(Column(line(stack_name(s)), ratio=2) for s in stacks),
            ),
            tuple(rows),
            separated=True,
            key="dimensions",
            row_keys=tuple(dimension.id for dimension, _ in answered),
        )
    )


def _indicators(doc: Builder, stacks: Sequence[Stack], cites: Citations, g: Glyphs) -> None:
    doc.heading("Indicators")
    rows: list[tuple[Cell, ...]] = []
    keys: list[str] = []
    for stack in stacks:
        for view in drivers(stack):
            for indicator in view.indicators:
                metric = indicator.metric
                keys.append(f"{stack.id}/{view.driver.id}/{indicator.metric_id}")
                if metric is None:
                    rows.append(
                        (
                            (line(stack_name(stack)),),
                            (line(view.driver.name),),
                            (line(indicator.metric_id),),
                            (line(Span("unknown metric", "dim")),),
                            (line(g.dash),),
                            (line(),),
                        )
                    )
                    continue
                as_of, value = latest(metric)
                rows.append(
                    (
                        (line(stack_name(stack)),),
                        (line(view.driver.name),),
                        metric_name(metric),
                        (line(quantity(value, metric.unit, g)),),
                        (line(date(as_of, g)),),
                        (line(cites.cite(stack, [metric.source])),),
                    )
                )
    if not rows:
        doc.add(Para((line(Span("No indicator metrics recorded.", "dim")),)))
        return
    doc.add(
        Table(
            (
                Column(line("Stack"), no_wrap=True),
                Column(line("Driver")),
                Column(line("Metric")),
                Column(line("Latest"), justify="right"),
                Column(line("As of"), no_wrap=True),
                Column(line("Src"), no_wrap=True),
            ),
            tuple(rows),
            key="indicators",
            row_keys=tuple(keys),
        )
    )
