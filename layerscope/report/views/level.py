"""The level view: one level of every stack on show, side by side, section by section.

Each section (the layers, their metrics, what they address and introduce, their examples;
the metrics come first, as the numbers are what a side-by-side reading is for) is a
table with a column per stack; its ``n``-th row holds the ``n``-th item of every stack, so
the columns stay aligned as they are read down. Sources close the view, numbered across
the stacks, each marked with its stack.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from layerscope.model import Layer, Metric, Stack
from layerscope.report.document import (
    Builder,
    Cell,
    Column,
    Document,
    Span,
    Table,
    Title,
    line,
)
from layerscope.report.format import (
    Glyphs,
    date,
    outcome,
    problem_name,
    problem_names,
    quantity,
    stack_name,
)
from layerscope.report.views.cite import Citations, footer, marker

SECTIONS = ("layers", "metrics", "addresses", "introduces", "examples")
"""The keys of the view's tables, in order."""


def layer_at(stack: Stack, level: int) -> Layer | None:
    """The stack's layer at ``level``, if it has one."""
    return next((layer for layer in stack.layers if layer.level == level), None)


def levels_of(stacks: Sequence[Stack]) -> list[int]:
    """Every level any of the stacks has, lowest first."""
    return sorted({layer.level for stack in stacks for layer in stack.layers})


def level_document(stacks: Sequence[Stack], level: int, path: str, g: Glyphs) -> Document:
    """Level ``level`` of each stack: a column per stack in every section, then sources."""
    doc = Builder(path)
    cites = Citations(many_stacks=len(stacks) > 1)
    layers = [layer_at(stack, level) for stack in stacks]
    titles = [stack.title for stack in stacks]
    doc.add(
        Title(
            line(f"Level {level}: ", Span(" vs ".join(titles), "strong")),
            (_where(stacks, layers, level, g),),
        )
    )
    pairs = list(zip(stacks, layers, strict=True))
    sections: list[tuple[str, str, list[list[Cell]]]] = [
        ("Layers", "layers", [_layer_cells(la) for la in layers]),
        (
            "Metrics",
            "metrics",
            [_items(la, lambda x: x.metrics, _metric(s, cites, g)) for s, la in pairs],
        ),
        ("Addresses", "addresses", [_addresses(s, la, cites, g) for s, la in pairs]),
        ("Introduces", "introduces", [_introduces(s, la) for s, la in pairs]),
        (
            "Examples",
            "examples",
            [_items(la, lambda x: x.examples, _example(s, cites, g)) for s, la in pairs],
        ),
    ]
    for heading, key, columns in sections:
        doc.heading(heading)
        doc.add(_table(key, stacks, columns))
    cites.add_to(doc, g)
    doc.add(footer(path, stacks, g))
    return doc.build()


def _where(
    stacks: Sequence[Stack], layers: Sequence[Layer | None], level: int, g: Glyphs
) -> tuple[Span, ...]:
    spans: list[Span] = []
    for i, (stack, layer) in enumerate(zip(stacks, layers, strict=True)):
        if i:
            spans.append(Span(g.sep, "dim"))
        shown = layer.display_label if layer else f"no layer at level {level}"
        spans.append(Span(f"{stack.title} {shown}", "dim"))
    return tuple(spans)


def _layer_cells(layer: Layer | None) -> list[Cell]:
    if layer is None:
        return [(line(Span("No layer at this level.", "dim")),)]
    return [(line(Span(layer.display_label, "strong"), " ", layer.name), line(layer.summary))]


def _none(text: str) -> list[Cell]:
    return [(line(Span(text, "dim")),)]


def _addresses(stack: Stack, layer: Layer | None, cites: Citations, g: Glyphs) -> list[Cell]:
    if layer is None or not layer.addresses:
        return _none("No problems from the layers below.")
    cells: list[Cell] = []
    for handling in layer.addresses:
        cell: Cell = (
            line(
                outcome(handling.outcome, g),
                " ",
                problem_name(stack, handling.problem),
                marker(cites.cite(stack, handling.sources)),
            ),
        )
        if handling.into:
            cell += (line(Span("into ", "dim"), problem_names(stack, handling.into)),)
        if handling.note:
            cell += (line(Span(handling.note, "dim")),)
        cells.append(cell)
    return cells


def _introduces(stack: Stack, layer: Layer | None) -> list[Cell]:
    if layer is None or not layer.introduces:
        return _none("No new problems.")
    cells: list[Cell] = []
    for pid in layer.introduces:
        problem = stack.problem(pid)
        severity = Span(f" ({problem.severity})", "dim") if problem else None
        cells.append((line(problem_name(stack, pid), severity),))
    return cells


def _example(stack: Stack, cites: Citations, g: Glyphs) -> Callable[[object], Cell]:
    def cell(item: object) -> Cell:
        from layerscope.model import Example

        assert isinstance(item, Example)
        facts = [f for f in (item.org, date(item.launched, g) if item.launched else "") if f]
        out: Cell = (
            line(
                Span(item.name, "strong"),
                Span(f" ({', '.join(facts)})", "dim") if facts else None,
                marker(cites.cite(stack, item.sources)),
            ),
        )
        if item.note:
            out += (line(item.note),)
        return out

    return cell


def _metric(stack: Stack, cites: Citations, g: Glyphs) -> Callable[[object], Cell]:
    def cell(item: object) -> Cell:
        assert isinstance(item, Metric)
        source = stack.source(item.source)
        ref = cites.cite(stack, [item.source])
        return (
            line(Span(item.name, "strong")),
            line(
                Span(quantity(item.value, item.unit, g), "strong"),
                Span(f"{g.sep}as of {date(item.as_of, g)}", "dim"),
            ),
            line(Span(source.title if source else item.source, "em"), marker(ref)),
        )

    return cell


def _items(
    layer: Layer | None,
    items: Callable[[Layer], Sequence[object]],
    cell: Callable[[object], Cell],
) -> list[Cell]:
    if layer is None:
        return _none("No layer at this level.")
    found = items(layer)
    if not found:
        return _none("None recorded.")
    return [cell(item) for item in found]


def _table(key: str, stacks: Sequence[Stack], columns: Sequence[list[Cell]]) -> Table:
    """A column per stack; row ``n`` holds each stack's ``n``-th cell (or nothing)."""
    depth = max((len(cells) for cells in columns), default=0)
    rows = tuple(
        tuple(cells[n] if n < len(cells) else () for cells in columns) for n in range(depth)
    )
    return Table(
        tuple(Column(line(stack_name(stack)), ratio=1) for stack in stacks),
        rows,
        separated=True,
        key=key,
        row_keys=tuple(str(n) for n in range(depth)),
    )
