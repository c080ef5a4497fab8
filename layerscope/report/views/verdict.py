"""The verdict view: how far each stack's verdict holds.

For each stack: the verdict with its numbers and its range over the alternative readings,
robust or contested, the margin, the pivotal handlings with their evidence, the contested
readings, and the problem debt per level; above them all, the verdict map and each verdict
over time (its index and transfer share at each change of dated evidence).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from layerscope.analysis.debt import LevelDebt, debt
from layerscope.analysis.sensitivity import Pivot, Sensitivity, sensitivity
from layerscope.analysis.time import verdict_history
from layerscope.model import Handling, Layer, Stack
from layerscope.report.document import (
    Builder,
    Bullets,
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
    count,
    footer,
    index,
    layer_name,
    outcome,
    problem_name,
    problem_names,
    score_line,
    share,
)
from layerscope.report.views.history_chart import history_figure
from layerscope.report.views.verdict_map import (
    MapPoint,
    map_figure,
    marker,
    range_text,
    verdict_map,
)


def verdict_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """The verdict view of some stacks."""
    doc = Builder(path)
    cites = Citations(many_stacks=len(stacks) > 1)
    results = [sensitivity(stack) for stack in stacks]
    doc.add(
        Title(
            line("Verdict: ", joined((line(Span(s.title, "strong")) for s in stacks), g.sep)),
            (
                line(
                    Span(
                        "How far each verdict holds: its range over the alternative readings, "
                        "the handlings it hangs on, and what each level leaves open.",
                        "dim",
                    )
                ),
            ),
        )
    )
    doc.heading("Verdict map")
    scored = [(s, r) for s, r in zip(stacks, results, strict=True) if r.score.count]
    points = [
        MapPoint(
            marker(i),
            stack.title,
            result.verdict,
            result.score.index,
            result.score.transfer_share,
            result.index_range,
            result.transfer_range,
        )
        for i, (stack, result) in enumerate(scored)
    ]
    unscored = [s.title for s, r in zip(stacks, results, strict=True) if not r.score.count]
    doc.add(map_figure(verdict_map(points), g))
    if unscored:
        doc.para(line(Span(f"Not on the map, no handlings recorded: {', '.join(unscored)}", "dim")))
    doc.heading("Verdict over time")
    history = history_figure(
        [(stack.title, verdict_history(stack)) for stack, _ in scored],
        g,
        letters=[p.marker for p in points],
    )
    if history is None:
        doc.para(
            line(
                Span(
                    "Nothing dates a handling (its evidence, or a launch of its layer): "
                    "the verdict has no history.",
                    "dim",
                )
            )
        )
    else:
        doc.add(history)
    for stack, result in zip(stacks, results, strict=True):
        _stack(doc, stack, result, cites, g)
    cites.add_to(doc, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()


def summary(result: Sensitivity, g: Glyphs) -> tuple[Line, ...]:
    """The verdict, its range, robust or contested, and the margin: a few lines."""
    lines = [line(Span("Verdict: ", "strong"), score_line(result.score, g))]
    if result.score.count == 0:
        return tuple(lines)
    readings = (
        f" over {count(result.combinations, 'combination')} of readings "
        f"({count(result.contested_handlings, 'contested handling')})"
        if result.contested_handlings
        else " (no alternative readings recorded)"
    )
    lines.append(
        line(
            Span("Range: ", "strong"),
            f"index {range_text(result.index_range, index, g)}{g.sep}transfer share "
            f"{range_text(result.transfer_range, share, g)}{readings}",
        )
    )
    if result.robust:
        state = line(
            Span("Robust: ", "strong"), f"every combination of readings gives {result.verdict}"
        )
    else:
        state = line(
            Span("Contested: ", "strong"),
            "the readings reach ",
            joined((line(Span(v, "em")) for v in result.verdicts), ", "),
        )
    lines.append(state)
    if result.margin is not None:
        changes = count(result.margin, "outcome change")
        lines.append(
            line(
                Span("Margin: ", "strong"),
                f"{changes} can make it ",
                joined((line(Span(v, "em")) for v in result.margin_verdicts), " or "),
            )
        )
    return tuple(lines)


def _stack(doc: Builder, stack: Stack, result: Sensitivity, cites: Citations, g: Glyphs) -> None:
    doc.heading(stack.name)
    doc.para(*summary(result, g))
    if result.score.count:
        doc.heading("Pivotal handlings of ", stack.title, level=3)
        if result.pivots:
            doc.add(_pivots(stack, result.pivots, cites, g))
        else:
            doc.para(line(Span("No change of one handling alone changes the verdict.", "dim")))
    contested = [(layer, h) for layer in stack.layers for h in layer.addresses if h.alternatives]
    if contested:
        doc.heading("Contested readings of ", stack.title, level=3)
        doc.add(_readings(stack, contested, cites, g))
    doc.heading("Problem debt of ", stack.title, level=3)
    levels = debt(stack)
    if not levels:  # a stack as of a date before any of its layers
        doc.para(line(Span("No layers yet.", "dim")))
        return
    doc.add(_debt(levels, g))
    top = levels[-1]
    doc.para(
        line(
            Span(
                "Open at a level: the problems introduced at or below it that are neither "
                "solved nor transferred at or below it.",
                "dim",
            )
        ),
        line(
            Span(f"Still open at {top.layer.display_label}: ", "strong"),
            ", ".join(p.name for p in top.open) or g.dash,
        ),
    )


def _handling(stack: Stack, layer: Layer, handling: Handling, g: Glyphs) -> Line:
    """``L2 Reasoning models · Hallucinated facts: ✗ worsened``."""
    return line(
        layer_name(layer),
        g.sep,
        Span(problem_name(stack, handling.problem), "strong"),
        ": ",
        outcome(handling.outcome, g),
    )


def _evidence(
    stack: Stack, lead: str, note: str, sources: Sequence[str], cites: Citations
) -> Line | None:
    """``lead note [1, 2]``, or ``None`` with neither note nor sources."""
    mark = cites.cite(stack, sources)
    if not note and mark is None:
        return None
    return line(lead, note or None, (Span(" "), mark) if mark and note else mark)


def _pivots(stack: Stack, pivots: Sequence[Pivot], cites: Citations, g: Glyphs) -> Bullets:
    items: list[Cell] = []
    for _, group in groupby(pivots, lambda p: (p.layer.id, p.handling.problem)):
        flips = list(group)
        handling = flips[0].handling
        lines: list[Line | None] = [_handling(stack, flips[0].layer, handling, g)]
        for p in flips:
            listed = Span(" (a listed alternative)", "dim") if p.alternative else None
            lines.append(line("if ", outcome(p.to, g), ": ", Span(p.verdict, "em"), listed))
        lines.append(_evidence(stack, "Evidence now: ", handling.note, handling.sources, cites))
        for p in flips:
            if p.alternative is not None:
                lead = f"Evidence for {p.to}: "
                alt = p.alternative
                lines.append(_evidence(stack, lead, alt.note, alt.sources, cites))
        items.append(tuple(item for item in lines if item))
    return Bullets(tuple(items))


def _readings(
    stack: Stack, contested: Sequence[tuple[Layer, Handling]], cites: Citations, g: Glyphs
) -> Bullets:
    items: list[Cell] = []
    for layer, handling in contested:
        lines: list[Line | None] = [
            line(
                _handling(stack, layer, handling, g),
                Span(f" (confidence {handling.confidence})", "dim"),
            )
        ]
        for alt in handling.alternatives:
            into = f" into {problem_names(stack, alt.into)}" if alt.into else ""
            lines.append(line("or ", outcome(alt.outcome, g), into))
            lines.append(_evidence(stack, "", alt.note, alt.sources, cites))
        items.append(tuple(item for item in lines if item))
    return Bullets(tuple(items))


def _debt(levels: Sequence[LevelDebt], g: Glyphs) -> Table:
    most = max((d.total for d in levels), default=0)
    rows: list[tuple[Cell, ...]] = []
    for d in reversed(levels):
        severities = ", ".join(f"{n} {severity}" for severity, n in d.by_severity.items() if n)
        rows.append(
            (
                (layer_name(d.layer),),
                (line(str(d.total)),),
                (line(Span(g.bar_full * d.total + g.bar_empty * (most - d.total), "bar")),),
                (line(severities or g.dash),),
            )
        )
    return Table(
        (
            Column(line("Layer")),
            Column(line("Open"), justify="right", no_wrap=True),
            Column(line("Chart"), no_wrap=True),
            Column(line("By severity"), no_wrap=True),
        ),
        tuple(rows),
        key="debt",
        row_keys=tuple(str(d.level) for d in reversed(levels)),
    )
