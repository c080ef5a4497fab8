"""The layer view: one layer in full — what it addresses and introduces, its examples and
metrics, each table keyed so a screen can find its rows."""

from __future__ import annotations

from layerscope.analysis import ProblemFlow, problem_flows
from layerscope.model import Layer, Stack
from layerscope.report.document import (
    Builder,
    Cell,
    Column,
    Document,
    Para,
    Span,
    Table,
    Title,
    line,
)
from layerscope.report.format import (
    ASCII,
    Glyphs,
    date,
    layer_name,
    metric_name,
    outcome,
    problem_name,
    problem_names,
    quantity,
    sparkline,
)
from layerscope.report.views.cite import Citations, footer
from layerscope.report.views.stack import introducers, layer_of, text_block


def layer_document(stack: Stack, layer: Layer, path: str, g: Glyphs) -> Document:
    """One layer: summary, description, Addresses, Introduces, Examples, Metrics, Sources."""
    return _build(stack, layer, path, g)[0]


def cited_sources(stack: Stack, layer: Layer) -> tuple[str, ...]:
    """The ids of the sources the layer's document lists, in its order: item *n* of its
    "Sources" list is the source cited as ``[n]`` (for a screen to open the one chosen)."""
    return tuple(sid for _stack, sid in _build(stack, layer, "", ASCII)[1].entries)


def _build(stack: Stack, layer: Layer, path: str, g: Glyphs) -> tuple[Document, Citations]:
    doc = Builder(path)
    cites = Citations()
    position = stack.layers.index(layer) + 1
    doc.add(
        Title(
            layer_name(layer),
            (
                line(
                    Span(f"Layer {position} of {len(stack.layers)} in ", "dim"),
                    Span(stack.name, "dim"),
                    Span(f"{g.sep}level {layer.level}", "dim"),
                ),
                line(layer.summary),
            ),
        )
    )
    if (description := text_block(layer.description)) is not None:
        doc.add(description)
    _addresses(doc, stack, layer, cites, g)
    _introduced(doc, stack, layer, g)
    _examples(doc, stack, layer, cites, g)
    _metrics(doc, stack, layer, cites, g)
    cites.add_to(doc, g)
    doc.add(footer(path, [stack], g))
    return doc.build(), cites


def _none(doc: Builder, text: str) -> None:
    doc.add(Para((line(Span(text, "dim")),)))


def _addresses(doc: Builder, stack: Stack, layer: Layer, cites: Citations, g: Glyphs) -> None:
    doc.heading("Addresses")
    if not layer.addresses:
        _none(doc, "No problems from the layers below.")
        return
    first = introducers(stack)
    rows = []
    for handling in layer.addresses:
        problem: Cell = (line(problem_name(stack, handling.problem)),)
        if handling.into:
            problem += (line("into ", problem_names(stack, handling.into)),)
        rows.append(
            (
                (line(outcome(handling.outcome, g)),),
                problem,
                (line(layer_of(first.get(handling.problem))),),
                (line(handling.note or g.dash),),
                (line(cites.cite(stack, handling.sources)),),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Outcome"), no_wrap=True),
                Column(line("Problem")),
                Column(line("From")),
                Column(line("Note")),
                Column(line("Src"), no_wrap=True),
            ),
            tuple(rows),
            key="addresses",
            row_keys=tuple(h.problem for h in layer.addresses),
        )
    )


def _fate(flow: ProblemFlow | None, layer: Layer, g: Glyphs) -> Cell:
    """What the layers above do with a problem this layer introduces."""
    if flow is None:
        return (line(g.dash),)
    above = [h for h in flow.handlings if h.layer.level > layer.level]
    if not above:
        return (line(outcome("unaddressed", g)),)
    return tuple(
        line(outcome(h.handling.outcome, g), Span(f" at {h.layer.display_label}", "dim"))
        for h in above
    )


def _introduced(doc: Builder, stack: Stack, layer: Layer, g: Glyphs) -> None:
    doc.heading("Introduces")
    if not layer.introduces:
        _none(doc, "No new problems.")
        return
    flows = {f.problem.id: f for f in problem_flows(stack)}
    rows = []
    for pid in layer.introduces:
        problem = stack.problem(pid)
        rows.append(
            (
                (line(problem.name if problem else pid),),
                (line(problem.severity if problem else g.dash),),
                (line(problem.description if problem and problem.description else g.dash),),
                _fate(flows.get(pid), layer, g),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Problem")),
                Column(line("Severity"), no_wrap=True),
                Column(line("Description")),
                Column(line("Above"), no_wrap=True),
            ),
            tuple(rows),
            key="introduces",
            row_keys=layer.introduces,
        )
    )


def _examples(doc: Builder, stack: Stack, layer: Layer, cites: Citations, g: Glyphs) -> None:
    doc.heading(f"Examples ({len(layer.examples)})" if layer.examples else "Examples")
    if not layer.examples:
        _none(doc, "No examples recorded.")
        return
    rows = []
    for example in layer.examples:
        note: Cell = (line(example.note or g.dash),)
        if example.url:
            note += (line(Span(example.url, "url", link=example.url)),)
        rows.append(
            (
                (line(Span(example.name, "strong")),),
                (line(example.org or g.dash),),
                (line(date(example.launched, g)),),
                note,
                (line(cites.cite(stack, example.sources)),),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Name")),
                Column(line("Org")),
                Column(line("Launched"), no_wrap=True),
                Column(line("Note")),
                Column(line("Src"), no_wrap=True),
            ),
            tuple(rows),
            key="examples",
            row_keys=tuple(example.name for example in layer.examples),
        )
    )


def _metrics(doc: Builder, stack: Stack, layer: Layer, cites: Citations, g: Glyphs) -> None:
    doc.heading("Metrics")
    if not layer.metrics:
        _none(doc, "No metrics recorded.")
        return
    rows = []
    for metric in layer.metrics:
        rows.append(
            (
                metric_name(metric),
                (line(quantity(metric.value, metric.unit, g)),),
                (line(date(metric.as_of, g)),),
                (line(sparkline(metric.series, g) or g.dash),),
                (line(cites.cite(stack, [metric.source])),),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Metric"), max_width=40),
                Column(line("Value"), justify="right"),
                Column(line("As of"), no_wrap=True),
                Column(line("Trend")),
                Column(line("Src"), no_wrap=True),
            ),
            tuple(rows),
            key="metrics",
            row_keys=tuple(metric.id for metric in layer.metrics),
        )
    )
