"""The compare view: two to four stacks side by side, one row per aligned level.

:func:`compare_pieces` builds what the view shows of each stack and each level once; the
export's table (:func:`compare_document`) and the app's cards and strip are made of these
same pieces.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from layerscope.analysis import align, progression, score
from layerscope.analysis.debt import LevelDebt, debt
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
    Glyphs,
    count,
    layer_name,
    outcome,
    problem_name,
    problem_names,
    stack_name,
    tally,
    verdict_compact,
)
from layerscope.report.views.cite import Citations, footer, marker


class StackHeader(msgspec.Struct, frozen=True):
    """What heads a stack's column: its name and its verdict (two lines)."""

    stack: str
    """The stack's id."""
    name: Line
    verdict: Cell


class Slot(msgspec.Struct, frozen=True):
    """One stack's layer at one level (or the lack of one).

    ``head`` is what a card shows: the layer's title, its summary and a tally of its
    handlings with the count of new problems. ``detail`` is what the layer does: each
    handling with its outcome (and what a transfer leads into) and sources, then what it
    introduces.
    """

    head: Cell
    detail: Cell
    layer: str = ""
    """The layer's id; empty where the stack has no layer at this level."""


class LevelRow(msgspec.Struct, frozen=True):
    """One aligned level: a slot per stack, in the order of the stacks."""

    level: int
    slots: tuple[Slot, ...]


class ComparePieces(msgspec.Struct, frozen=True):
    """Everything the compare view shows of its stacks, level by level (top level first)."""

    headers: tuple[StackHeader, ...]
    levels: tuple[LevelRow, ...]


def _empty(g: Glyphs) -> Slot:
    return Slot((line(Span(f"{g.dash} no layer at this level", "dim")),), ())


def carries(level: LevelDebt | None) -> Line:
    """What a layer leaves open (its problem debt): ``carries 5 open, 2 high``."""
    if level is None or not level.total:
        return line(Span("carries nothing open", "dim"))
    high = level.by_severity.get("high", 0)
    return line(Span(f"carries {level.total} open" + (f", {high} high" if high else ""), "dim"))


def _slot(
    stack: Stack, layer: Layer, cites: Citations, g: Glyphs, owed: LevelDebt | None = None
) -> Slot:
    new = len(layer.introduces)
    head: Cell = (
        layer_name(layer),
        line(layer.summary),
        line(
            tally(score(layer.addresses).outcomes, g),
            Span(f"{g.sep}{count(new, 'new problem') if new else 'no new problems'}", "dim"),
        ),
        carries(owed),
    )
    detail: list[Line] = []
    for handling in layer.addresses:
        detail.append(
            line(
                outcome(handling.outcome, g),
                " ",
                problem_name(stack, handling.problem),
                f" into {problem_names(stack, handling.into)}" if handling.into else None,
                marker(cites.cite(stack, handling.sources)),
            )
        )
    if layer.introduces:
        detail.append(line(Span("introduces: ", "dim"), problem_names(stack, layer.introduces)))
    return Slot(head, tuple(detail), layer.id)


def compare_inputs(stack: Stack) -> Stack:
    """What :func:`compare_pieces` reads of a stack: all of it but its examples, metrics,
    drivers and date.

    Stacks with equal inputs have equal pieces (tested), so a screen that shows one reading
    of a stack after another (the app stepping its date) makes the pieces again only when
    the inputs change.
    """
    layers = tuple(msgspec.structs.replace(la, examples=(), metrics=()) for la in stack.layers)
    return msgspec.structs.replace(stack, as_of=None, drivers=(), layers=layers)


def compare_pieces(
    stacks: Sequence[Stack], g: Glyphs, cites: Citations | None = None
) -> ComparePieces:
    """The headers and the slots of each level, top level first.

    Args:
        stacks: The stacks side by side.
        g: The glyphs to draw with.
        cites: Numbers the sources the slots cite (a new, per-stack set when ``None``);
            the same order of calls gives the same numbers, so a screen's markers match
            the export's list of sources.
    """
    cites = cites if cites is not None else Citations(many_stacks=True)
    headers = tuple(
        StackHeader(s.id, line(stack_name(s)), verdict_compact(progression(s).score, g))
        for s in stacks
    )
    owed = [{d.layer.id: d for d in debt(s)} for s in stacks]
    levels = tuple(
        LevelRow(
            row.level,
            tuple(
                _slot(s, layer, cites, g, debts.get(layer.id)) if layer is not None else _empty(g)
                for s, layer, debts in zip(stacks, row.layers, owed, strict=True)
            ),
        )
        for row in reversed(align(stacks))
    )
    return ComparePieces(headers, levels)


def compare_document(stacks: Sequence[Stack], path: str, g: Glyphs) -> Document:
    """Stacks side by side by level (top level first), with each stack's verdict."""
    doc = Builder(path)
    cites = Citations(many_stacks=True)
    pieces = compare_pieces(stacks, g, cites)
    doc.add(
        Title(
            line("Compare: ", joined((line(stack_name(s)) for s in stacks), g.sep)),
            tuple(line(Span(s.title, "strong"), ": ", s.summary) for s in stacks),
        )
    )
    doc.heading("Layers by level, top to bottom")
    doc.add(
        Table(
            (
                Column(line("Level"), justify="right", no_wrap=True),
                *(Column(header.name, ratio=1) for header in pieces.headers),
            ),
            tuple(
                (
                    (line(Span(str(row.level), "dim")),),
                    *(slot.head + slot.detail for slot in row.slots),
                )
                for row in pieces.levels
            ),
            summary=(
                (line(Span("Verdict", "strong")),),
                *(header.verdict for header in pieces.headers),
            ),
            separated=True,
            key="levels",
            row_keys=tuple(str(row.level) for row in pieces.levels),
        )
    )
    cites.add_to(doc, g)
    doc.add(footer(path, list(stacks), g))
    return doc.build()
