"""The compare view: two to four stacks side by side, one row per aligned level."""

from __future__ import annotations

from collections.abc import Sequence

from layerscope.analysis import Score, align, progression
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
from layerscope.report.format import (
    Citations,
    Glyphs,
    footer,
    outcome,
    share,
    stack_name,
)


def _slot(stack: Stack, layer: Layer | None, cites: Citations, g: Glyphs) -> Cell:
    """One stack's layer at one level: name, summary, what it handles and introduces."""
    if layer is None:
        return (line(Span(f"{g.dash} no layer at this level", "dim")),)
    lines: list[Line] = [
        line(Span(f"{layer.display_label} {layer.name}", "strong")),
        line(layer.summary),
    ]
    for handling in layer.addresses:
        problem = stack.problem(handling.problem)
        marker = cites.cite(stack, handling.sources)
        lines.append(
            line(
                outcome(handling.outcome, g),
                " ",
                problem.name if problem else handling.problem,
                (Span(" "), marker) if marker else None,
            )
        )
    if layer.introduces:
        names = [stack.problem(pid) for pid in layer.introduces]
        lines.append(
            line(
                Span("+ introduces ", "dim"),
                ", ".join(
                    p.name if p else pid for p, pid in zip(names, layer.introduces, strict=True)
                ),
            )
        )
    return tuple(lines)


def _verdict(result: Score) -> Cell:
    """A stack's verdict and its numbers, one per line to fit a column."""
    if result.count == 0:
        return (line(Span(result.verdict, "strong")),)
    return (
        line(Span(result.verdict, "strong")),
        line(f"index {result.index:.2f}"),
        line(f"transfer share {share(result.transfer_share)}"),
        line(f"{result.count} handling{'s' if result.count != 1 else ''}"),
    )


def compare_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """Stacks side by side by level (top level first), with each stack's verdict."""
    doc = Builder(path)
    cites = Citations(many_stacks=True)
    results = [progression(stack) for stack in stacks]
    doc.add(
        Title(
            line("Compare: ", joined((line(stack_name(s)) for s in stacks), g.sep)),
            tuple(line(Span(s.title, "strong"), ": ", s.summary) for s in stacks),
        )
    )
    doc.heading("Layers by level, top to bottom")
    rows = []
    for row in reversed(align(stacks)):
        rows.append(
            (
                (line(Span(str(row.level), "dim")),),
                *(_slot(s, la, cites, g) for s, la in zip(stacks, row.layers, strict=True)),
            )
        )
    doc.add(
        Table(
            (
                Column(line("Level"), justify="right", no_wrap=True),
                *(Column(line(stack_name(s)), ratio=1) for s in stacks),
            ),
            tuple(rows),
            summary=((line(Span("Verdict", "strong")),), *(_verdict(r.score) for r in results)),
            separated=True,
        )
    )
    cites.add_to(doc, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()
