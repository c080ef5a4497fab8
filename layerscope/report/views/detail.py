"""The detail of one row: an example, a metric, a source or a handling, every field in full.

What a table cell cuts short at 80 columns is here whole: the note, the metric's definition,
which way is better and its history as a chart, each source's title, publisher, dates and
URL. The links are a table of their own (``links``; a row per URL, keyed by the URL), so a
screen can copy or open the one at its cursor; a URL is never wrapped inside itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal, TypeVar

from layerscope.model import Example, Handling, Layer, Metric, Point, Stack
from layerscope.report.document import (
    Block,
    Bullets,
    Cell,
    Circle,
    Column,
    Document,
    Figure,
    Heading,
    Label,
    Line,
    Para,
    Polyline,
    Shape,
    Span,
    Table,
    Title,
    line,
)
from layerscope.report.format import Glyphs, date, number, outcome, problem_name, problem_names
from layerscope.report.format import quantity as quantity_of

DetailKind = Literal["example", "metric", "source", "handling"]
KIND_OF_TABLE: dict[str, DetailKind] = {
    "examples": "example",
    "metrics": "metric",
    "addresses": "handling",
}
"""The kind of detail a row of a layer view's table opens (by the table's key)."""

T = TypeVar("T")

CHART_WIDTH = 40
CHART_HEIGHT = 6


def detail_document(stack: Stack, kind: DetailKind, key: str, g: Glyphs) -> Document:
    """Every field of one record of ``stack``.

    ``key`` is an example's name, a metric's id, a source's id, or ``LAYER/PROBLEM`` for
    the handling of a problem by a layer.

    Raises:
        LookupError: the stack has no such record.
    """
    path = f"{stack.id} {kind} {key}"
    if kind == "example":
        layer, example = _find(stack, lambda la: [e for e in la.examples if e.name == key])
        return Document(path, _example(stack, layer, example, g))
    if kind == "metric":
        layer, metric = _find(stack, lambda la: [m for m in la.metrics if m.id == key])
        return Document(path, _metric(stack, layer, metric, g))
    if kind == "handling":
        layer_id, _, problem = key.partition("/")
        layer, handling = _find(
            stack,
            lambda la: [h for h in la.addresses if la.id == layer_id and h.problem == problem],
        )
        return Document(path, _handling(stack, layer, handling, g))
    source = stack.source(key)
    if source is None:
        raise LookupError(f"{stack.id} lists no source '{key}'")
    return Document(path, (Title(line(Span(source.title, "strong"))), *_sources(stack, [key], g)))


def _find(stack: Stack, pick: Callable[[Layer], Sequence[T]]) -> tuple[Layer, T]:
    for layer in stack.layers:
        found = pick(layer)
        if found:
            return layer, found[0]
    raise LookupError(f"{stack.id} has no such record")


def _field(name: str, *value: str | Span | None) -> Line:
    return line(Span(f"{name}: ", "dim"), *value)


def _where(stack: Stack, layer: Layer, g: Glyphs) -> Line:
    return line(Span(f"{stack.title}{g.sep}{layer.display_label} {layer.name}", "dim"))


def _example(stack: Stack, layer: Layer, example: Example, g: Glyphs) -> tuple[Block, ...]:
    fields = [
        _field("Organisation", example.org or g.dash),
        _field("Launched", date(example.launched, g)),
        _field("Note", example.note or g.dash),
    ]
    links = [(example.url, "Example")] if example.url else []
    return (
        Title(line(Span(example.name, "strong")), (_where(stack, layer, g),)),
        Para(tuple(fields)),
        *_links(stack, example.sources, links, g),
    )


def _metric(stack: Stack, layer: Layer, metric: Metric, g: Glyphs) -> tuple[Block, ...]:
    better = {True: "higher", False: "lower", None: "not stated"}[metric.higher_is_better]
    fields = [
        _field("Value", Span(quantity_of(metric.value, metric.unit, g), "strong")),
        _field("As of", date(metric.as_of, g)),
        _field("Definition", metric.definition or g.dash),
        _field("Better", better),
    ]
    blocks: list[Block] = [
        Title(line(Span(metric.name, "strong")), (_where(stack, layer, g),)),
        Para(tuple(fields)),
    ]
    if len(metric.series) >= 2:
        blocks.append(history(metric.series, metric.unit, g))
    elif metric.series:
        blocks.append(Para((line(Span("One point of history: nothing to chart.", "dim")),)))
    return (*blocks, *_links(stack, [metric.source], [], g))


def _handling(stack: Stack, layer: Layer, handling: Handling, g: Glyphs) -> tuple[Block, ...]:
    fields = [
        _field("Outcome", outcome(handling.outcome, g)),
        _field("Into", problem_names(stack, handling.into) if handling.into else g.dash),
        _field("Note", handling.note or g.dash),
        _field("As of", date(handling.as_of, g)),
        _field("Confidence", handling.confidence),
    ]
    for alt in handling.alternatives:
        fields.append(
            _field("Alternative", outcome(alt.outcome, g), f" {alt.note}" if alt.note else "")
        )
    title = line(Span(problem_name(stack, handling.problem), "strong"))
    return (
        Title(title, (_where(stack, layer, g),)),
        Para(tuple(fields)),
        *_links(stack, handling.sources, [], g),
    )


def _sources(stack: Stack, ids: Sequence[str], g: Glyphs) -> tuple[Block, ...]:
    return _links(stack, ids, [], g)


def _links(
    stack: Stack, ids: Sequence[str], extra: list[tuple[str, str]], g: Glyphs
) -> tuple[Block, ...]:
    """The sources in full, then a table of every URL (the example's own first)."""
    blocks: list[Block] = []
    entries: list[Cell] = []
    links = list(extra)
    for sid in ids:
        source = stack.source(sid)
        if source is None:
            entries.append((line(Span(sid, "strong"), Span(" (not listed in the stack)", "dim")),))
            continue
        entries.append(
            (
                line(Span(source.title, "strong")),
                _field("Publisher", source.publisher or g.dash),
                _field("Published", date(source.published, g)),
                _field("Accessed", date(source.accessed, g)),
            )
        )
        if source.url and all(url != source.url for url, _ in links):
            links.append((source.url, source.title))
    blocks.append(Heading(line("Sources")))
    blocks.append(Bullets(tuple(entries)) if entries else Para((line(Span("None cited.", "dim")),)))
    if links:
        blocks.append(Heading(line("Links")))
        blocks.append(
            Table(
                (Column(line("URL"), no_wrap=True), Column(line("For"))),
                tuple(((line(Span(url, "url", link=url)),), (line(what),)) for url, what in links),
                key="links",
                row_keys=tuple(url for url, _ in links),
            )
        )
    return tuple(blocks)


def history(series: Sequence[Point], unit: str, g: Glyphs) -> Figure:
    """A metric's history: its points in date order, in characters and as vector shapes."""
    points = sorted(series, key=lambda p: p.as_of)
    values = [p.value for p in points]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    steps = len(points) - 1
    width, height = CHART_WIDTH, CHART_HEIGHT

    def col(i: int) -> int:
        return round(i * (width - 1) / steps)

    def row(value: float) -> int:
        return (height - 1) - round((value - low) / span * (height - 1))

    grid = [[" "] * width for _ in range(height)]
    for i, p in enumerate(points):
        grid[row(p.value)][col(i)] = g.bullet
    axis = g.rule * width
    first, last = date(points[0].as_of, g), date(points[-1].as_of, g)
    dates = first + " " * max(1, width - len(first) - len(last)) + last
    lines: list[Line] = [line("".join(r).rstrip() or " ") for r in grid]
    lines += [line(Span(axis, "dim")), line(Span(dates, "dim"))]
    shapes: list[Shape] = [
        Polyline(((0.0, height + 0.5), (float(width), height + 0.5)), "axis"),
        Polyline(tuple((col(i) + 0.5, row(p.value) + 0.5) for i, p in enumerate(points)), ""),
        *(
            Circle(col(i) + 0.5, row(p.value) + 0.5, 0.4, "strong", text=f"{p.as_of}: {p.value}")
            for i, p in enumerate(points)
        ),
        Label(0.0, height + 1.5, first, "dim"),
        Label(float(width), height + 1.5, last, "dim", anchor="end"),
    ]
    suffix = f" {unit}" if unit else ""
    return Figure(
        tuple(lines),
        tuple(shapes),
        float(width),
        float(height + 2),
        caption=line(Span("History", "strong")),
        legend=(
            line(
                Span(f"{g.bullet} a recorded value{g.sep}", "dim"),
                Span(f"lowest {number(low)}{suffix}, highest {number(high)}{suffix}", "dim"),
            ),
        ),
        key="history",
    )
