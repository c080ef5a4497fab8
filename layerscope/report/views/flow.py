"""The problem-flow view: each problem from the layer that introduces it, through every
layer that handles it, to its status at the top; with the progression numbers."""

from __future__ import annotations

from collections.abc import Sequence

from layerscope.analysis import ProblemFlow, problem_flows, progression
from layerscope.model import Stack
from layerscope.report.document import (
    Builder,
    Column,
    Document,
    Node,
    Span,
    Table,
    Title,
    Tree,
    joined,
    line,
)
from layerscope.report.format import (
    Glyphs,
    index,
    layer_name,
    outcome,
    problem_names,
    share,
    stack_name,
    verdict_line,
)
from layerscope.report.views.cite import Citations, footer, marker


def flow_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """For each stack: its verdict, every problem's path, and the score of each layer step."""
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
        line(Span("Verdict: ", "strong"), verdict_line(result.score, g)),
    )
    flows = problem_flows(stack)
    if flows:
        doc.add(Tree(tuple(problem_node(stack, flow, cites, g) for flow in flows), stack.id))
    else:
        doc.para(line(Span("No problems recorded.", "dim")))
    if result.steps:
        doc.heading("Layer steps of ", stack.title, level=3)
        steps = tuple(reversed(result.steps))
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
                        (layer_name(step.layer),),
                        (line(str(step.score.count)),),
                        (line(index(step.score.index)),),
                        (line(share(step.score.transfer_share)),),
                        (line(step.score.verdict),),
                    )
                    for step in steps
                ),
                key="steps",
                row_keys=tuple(step.layer.id for step in steps),
            )
        )


def problem_node(stack: Stack, flow: ProblemFlow, cites: Citations, g: Glyphs) -> Node:
    """A problem: who introduces it, each handling on the way up, its status at the top."""
    problem = flow.problem
    pid = problem.id
    introduced = (
        line(Span("introduced at ", "dim"), layer_name(flow.introduced_by))
        if flow.introduced_by is not None
        else line(Span("introduced by no layer", "dim"))
    )
    children = [Node(introduced, f"{pid}/introduced")]
    for handled in flow.handlings:
        handling, layer = handled.handling, handled.layer
        children.append(
            Node(
                line(
                    layer_name(layer),
                    ": ",
                    outcome(handling.outcome, g),
                    f" into {problem_names(stack, handling.into)}" if handling.into else None,
                    marker(cites.cite(stack, handling.sources)),
                ),
                f"{pid}/{layer.id}",
                (line(Span(handling.note, "dim")),) if handling.note else (),
            )
        )
    children.append(
        Node(line(Span("at the top: ", "dim"), outcome(flow.status, g)), f"{pid}/status")
    )
    return Node(
        line(
            Span(problem.name, "strong"),
            Span(f"{g.sep}{problem.severity} severity{g.sep}", "dim"),
            outcome(flow.status, g),
        ),
        pid,
        (line(Span(problem.description, "dim")),) if problem.description else (),
        tuple(children),
    )
