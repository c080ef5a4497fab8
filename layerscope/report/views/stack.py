"""The stack view (a stack from top to bottom) and the layer view (one layer in full)."""

from __future__ import annotations

from layerscope.analysis import ProblemFlow, problem_flows, progression
from layerscope.model import Layer, Stack
from layerscope.report.document import (
    Builder,
    Bullets,
    Cell,
    Column,
    Document,
    Line,
    Para,
    Span,
    Table,
    Title,
    line,
)
from layerscope.report.format import (
    Citations,
    Glyphs,
    footer,
    layer_name,
    metric_name,
    outcome,
    quantity,
    score_line,
    share,
    sparkline,
)


def _problem(stack: Stack, problem_id: str) -> str:
    problem = stack.problem(problem_id)
    return problem.name if problem else problem_id


def _layer_of(layer: Layer | None) -> str:
    return f"{layer.display_label} {layer.name}" if layer else "no layer"


def _introducers(stack: Stack) -> dict[str, Layer]:
    return {f.problem.id: f.introduced_by for f in problem_flows(stack) if f.introduced_by}


def _text(text: str) -> Para | None:
    body = text.strip()
    return Para((line(body),)) if body else None


def stack_document(stack: Stack, path: str, g: Glyphs) -> Document:
    """A stack: header with thesis and verdict, then its layers from top to bottom."""
    doc = Builder(path)
    cites = Citations()
    result = progression(stack)
    steps = {step.layer.id: step.score for step in result.steps}
    introducers = _introducers(stack)
    doc.add(
        Title(
            line(Span(stack.name, "strong"), Span(f" ({stack.id})", "dim")),
            (line(stack.summary),),
        )
    )
    doc.para(
        line(Span("Thesis: ", "strong"), stack.thesis) if stack.thesis else (),
        line(Span("Verdict: ", "strong"), score_line(result.score, g)),
    )
    if (description := _text(stack.description)) is not None:
        doc.add(description)
    doc.heading(f"Layers, top to bottom ({len(stack.layers)})")
    for layer in reversed(stack.layers):
        step = steps.get(layer.id)
        numbers = (
            Span(
                f"{g.sep}index {step.index:.2f}{g.sep}transfer share {share(step.transfer_share)}",
                "dim",
            )
            if step
            else None
        )
        doc.heading(layer_name(layer), numbers, level=3)
        items: list[Cell] = []
        for handling in layer.addresses:
            first = line(
                outcome(handling.outcome, g),
                " ",
                Span(_problem(stack, handling.problem), "strong"),
                Span(f", from {_layer_of(introducers.get(handling.problem))}", "dim"),
                _into(stack, handling.into, g),
                _ref(cites.cite(stack, handling.sources)),
            )
            items.append((first, line(handling.note)) if handling.note else (first,))
        doc.para(line(layer.summary))
        if items:
            doc.add(Bullets(tuple(items)))
        doc.para(_introduces(stack, layer))
    cites.add_to(doc, g)
    doc.add(footer(path, [stack], g))
    return doc.build()


def _ref(marker: Span | None) -> Line:
    return (Span(" "), marker) if marker else ()


def _into(stack: Stack, into: tuple[str, ...], g: Glyphs) -> Line:
    """`` → Fragmentation`` for a transfer, nothing otherwise."""
    if not into:
        return ()
    return line(f" {g.arrow} ", ", ".join(_problem(stack, pid) for pid in into))


def _introduces(stack: Stack, layer: Layer) -> Line:
    if not layer.introduces:
        return line(Span("Introduces: ", "dim"), Span("nothing new", "dim"))
    names = ", ".join(_problem(stack, pid) for pid in layer.introduces)
    return line(Span("Introduces: ", "dim"), names)


def layer_document(stack: Stack, layer: Layer, path: str, g: Glyphs) -> Document:
    """One layer: summary, description, Addresses, Introduces, Examples, Metrics, Sources."""
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
    if (description := _text(layer.description)) is not None:
        doc.add(description)
    _addresses(doc, stack, layer, cites, g)
    _introduced(doc, stack, layer, g)
    _examples(doc, stack, layer, cites, g)
    _metrics(doc, stack, layer, cites, g)
    cites.add_to(doc, g)
    doc.add(footer(path, [stack], g))
    return doc.build()


def _none(doc: Builder, text: str) -> None:
    doc.add(Para((line(Span(text, "dim")),)))


def _addresses(doc: Builder, stack: Stack, layer: Layer, cites: Citations, g: Glyphs) -> None:
    doc.heading("Addresses")
    if not layer.addresses:
        _none(doc, "No problems from the layers below.")
        return
    introducers = _introducers(stack)
    rows = []
    for handling in layer.addresses:
        marker = cites.cite(stack, handling.sources)
        problem: Cell = (line(_problem(stack, handling.problem)),)
        if handling.into:
            problem += (line("into ", ", ".join(_problem(stack, p) for p in handling.into)),)
        rows.append(
            (
                (line(outcome(handling.outcome, g)),),
                problem,
                (line(_layer_of(introducers.get(handling.problem))),),
                (line(handling.note or g.dash),),
                (line(marker),),
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
                (line(example.launched or g.dash),),
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
                (line(metric.as_of),),
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
        )
    )
