"""The problem-flow view: each problem from the layer that introduces it, through every
layer that handles it, to its status at the top; with the progression numbers."""

from __future__ import annotations

from collections.abc import Sequence

from layerscope.analysis import ProblemFlow, problem_flows, progression
from layerscope.model import Stack
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
from layerscope.report.format import (
    Citations,
    Glyphs,
    footer,
    outcome,
    score_line,
    share,
    stack_name,
)


def flow_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """For each stack: its verdict, the score of each layer step, and every problem's path."""
    doc = Builder(path)
    cites = Citations(many_stacks=len(stacks) > 1)
    doc.add(
        Title(
            line("Problem flow: ", joined((line(stack_name(s)) for s in stacks), g.sep)),
            (
                line(
                    Span(
                        "Each problem from the layer that introduces it to its status at the top.",
                        "dim",
                    )
                ),
            ),
        )
    )
    for stack in stacks:
        _stack(doc, stack, cites, g)
    cites.add_to(doc, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()


def _stack(doc: Builder, stack: Stack, cites: Citations, g: Glyphs) -> None:
    result = progression(stack)
    doc.heading(stack.name)
    doc.para(
        line(Span("Thesis: ", "strong"), stack.thesis) if stack.thesis else (),
        line(Span("Verdict: ", "strong"), score_line(result.score, g)),
    )
    flows = problem_flows(stack)
    if flows:
        doc.add(
            Table(
                (
                    Column(line("Problem")),
                    Column(line("Path, bottom to top")),
                    Column(line("At the top"), no_wrap=True),
                ),
                tuple(_row(stack, flow, cites, g) for flow in flows),
                separated=True,
            )
        )
    else:
        doc.para(line(Span("No problems recorded.", "dim")))
    if result.steps:
        doc.heading("Layer steps of ", stack.title, level=3)
        doc.add(
            Table(
                (
                    Column(line("Layer")),
                    Column(line("Handles"), justify="right", no_wrap=True),
                    Column(line("Index"), justify="right", no_wrap=True),
                    Column(line("Transfer"), justify="right", no_wrap=True),
                    Column(line("Verdict")),
                ),
                tuple(
                    (
                        (line(Span(step.layer.display_label, "strong"), " ", step.layer.name),),
                        (line(str(step.score.count)),),
                        (line(f"{step.score.index:.2f}"),),
                        (line(share(step.score.transfer_share)),),
                        (line(step.score.verdict),),
                    )
                    for step in reversed(result.steps)
                ),
            )
        )


def _row(stack: Stack, flow: ProblemFlow, cites: Citations, g: Glyphs) -> tuple[Cell, ...]:
    problem = flow.problem
    name: Cell = (
        line(Span(problem.name, "strong")),
        line(Span(f"{problem.severity} severity", "dim")),
    )
    steps: list[Line] = []
    if flow.introduced_by is None:
        steps.append(line(Span("introduced by no layer", "dim")))
    else:
        layer = flow.introduced_by
        steps.append(
            line(Span(layer.display_label, "strong"), " ", layer.name, Span(": introduced", "dim"))
        )
    for handled in flow.handlings:
        handling, layer = handled.handling, handled.layer
        marker = cites.cite(stack, handling.sources)
        into = [stack.problem(pid) for pid in handling.into]
        steps.append(
            line(
                Span(layer.display_label, "strong"),
                " ",
                layer.name,
                ": ",
                outcome(handling.outcome, g),
                f" into {', '.join(p.name if p else '?' for p in into)}" if into else None,
                (Span(" "), marker) if marker else None,
            )
        )
        if handling.note:
            steps.append(line(Span(f"  {handling.note}", "dim")))
    return name, tuple(steps), (line(outcome(flow.status, g)),)
