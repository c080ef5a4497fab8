"""The stack view: a stack from top to bottom, with its verdict and each layer's handlings."""

from __future__ import annotations

from layerscope.analysis import problem_flows, progression
from layerscope.model import Layer, Stack
from layerscope.report.document import (
    Builder,
    Bullets,
    Cell,
    Document,
    Line,
    Para,
    Span,
    Title,
    line,
)
from layerscope.report.format import (
    Glyphs,
    layer_name,
    outcome,
    problem_name,
    problem_names,
    score_numbers,
    verdict_line,
)
from layerscope.report.views.cite import Citations, footer, marker


def introducers(stack: Stack) -> dict[str, Layer]:
    """The layer that first introduces each problem (as :func:`problem_flows` says)."""
    return {f.problem.id: f.introduced_by for f in problem_flows(stack) if f.introduced_by}


def layer_of(layer: Layer | None) -> str:
    """``L1 Base engines``, or ``no layer``."""
    return f"{layer.display_label} {layer.name}" if layer else "no layer"


def text_block(text: str) -> Para | None:
    """A paragraph of a description, or ``None`` when there is none."""
    body = text.strip()
    return Para((line(body),)) if body else None


def stack_document(stack: Stack, path: str, g: Glyphs) -> Document:
    """A stack: header with thesis and verdict, then its layers from top to bottom."""
    doc = Builder(path)
    cites = Citations()
    result = progression(stack)
    steps = {step.layer.id: step.score for step in result.steps}
    first = introducers(stack)
    doc.add(
        Title(
            line(Span(stack.name, "strong"), Span(f" ({stack.id})", "dim")),
            (line(stack.summary),),
        )
    )
    doc.para(
        line(Span("Thesis: ", "strong"), stack.thesis) if stack.thesis else (),
        line(Span("Verdict: ", "strong"), verdict_line(result.score, g)),
    )
    if (description := text_block(stack.description)) is not None:
        doc.add(description)
    doc.heading(f"Layers, top to bottom ({len(stack.layers)})")
    for layer in reversed(stack.layers):
        step = steps.get(layer.id)
        numbers = Span(f"{g.sep}{score_numbers(step, g)}", "dim") if step else None
        doc.heading(layer_name(layer), numbers, level=3)
        items: list[Cell] = []
        for handling in layer.addresses:
            head = line(
                outcome(handling.outcome, g),
                " ",
                Span(problem_name(stack, handling.problem), "strong"),
                Span(f", from {layer_of(first.get(handling.problem))}", "dim"),
                f" into {problem_names(stack, handling.into)}" if handling.into else None,
                marker(cites.cite(stack, handling.sources)),
            )
            items.append((head, line(handling.note)) if handling.note else (head,))
        doc.para(line(layer.summary))
        if items:
            doc.add(Bullets(tuple(items)))
        doc.para(_introduces(stack, layer))
    cites.add_to(doc, g)
    doc.add(footer(path, [stack], g))
    return doc.build()


def _introduces(stack: Stack, layer: Layer) -> Line:
    if not layer.introduces:
        return line(Span("Introduces: ", "dim"), Span("nothing new", "dim"))
    return line(Span("Introduces: ", "dim"), problem_names(stack, layer.introduces))
