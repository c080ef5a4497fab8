"""The verdict map: progression index across, transfer share up, the three verdict regions,
each stack a lettered point with the box of its range.

Two steps, like every chart here: :func:`verdict_map` says what to draw (points, boxes and
the regions from the thresholds, format-neutral, for any renderer) and :func:`draw_map`
draws it in characters, one grid cell per 1/60 of the index and 1/20 of the share so that
the thresholds (0.6, 0.25, 0.4) fall exactly on cells. Each cell takes the verdict
:func:`layerscope.analysis.verdict` gives its numbers: the regions come from the
thresholds, never from a copy of them.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence

import msgspec

from layerscope.analysis import (
    PROGRESSION_MAX_TRANSFER,
    PROGRESSION_MIN_INDEX,
    TRANSFER_MIN_SHARE,
    Score,
    Verdict,
    verdict,
)
from layerscope.report.document import (
    Circle,
    Figure,
    Label,
    Line,
    Polyline,
    Rect,
    Role,
    Shape,
    ShapeRole,
    Span,
    line,
    plain,
)
from layerscope.report.format import Glyphs, index, share

COLUMNS = 60
"""Grid steps along the index axis (0 to 1)."""
ROWS = 20
"""Grid steps along the transfer share axis (0 to 1)."""
MARKERS = string.ascii_uppercase
"""The letters of the points, in the order of the stacks."""


class MapPoint(msgspec.Struct, frozen=True):
    """One stack on the map: its numbers and the box of its range."""

    marker: str
    label: str
    verdict: Verdict
    index: float
    share: float
    index_range: tuple[float, float]
    share_range: tuple[float, float]


class Region(msgspec.Struct, frozen=True):
    """A rectangle of the map that one verdict covers (low ends included, as the
    thresholds say; a high end below 1 is excluded)."""

    verdict: Verdict
    index: tuple[float, float]
    share: tuple[float, float]


class VerdictMap(msgspec.Struct, frozen=True):
    """What the verdict map shows, for any renderer."""

    points: tuple[MapPoint, ...]
    regions: tuple[Region, ...]


def regions() -> tuple[Region, ...]:
    """The verdict regions of the unit square, from the thresholds (mixed is the rest)."""
    return (
        Region("problem transfer", (0.0, 1.0), (TRANSFER_MIN_SHARE, 1.0)),
        Region(
            "capability progression", (PROGRESSION_MIN_INDEX, 1.0), (0.0, PROGRESSION_MAX_TRANSFER)
        ),
        Region("mixed", (0.0, PROGRESSION_MIN_INDEX), (0.0, TRANSFER_MIN_SHARE)),
        Region(
            "mixed", (PROGRESSION_MIN_INDEX, 1.0), (PROGRESSION_MAX_TRANSFER, TRANSFER_MIN_SHARE)
        ),
    )


def verdict_map(points: Sequence[MapPoint]) -> VerdictMap:
    """The map of some points."""
    return VerdictMap(tuple(points), regions())


def marker(position: int) -> str:
    """The letter of the point at this position (``A``, ``B``...; ``*`` past ``Z``)."""
    return MARKERS[position] if position < len(MARKERS) else "*"


def _region_at(column: int, row: int) -> Verdict:
    return verdict(Score(1, column / COLUMNS, row / ROWS, {}))


_FILL: dict[bool, dict[str, tuple[str, Role]]] = {
    False: {"capability progression": ("·", "solved"), "problem transfer": ("╱", "transferred")},
    True: {"capability progression": (".", "solved"), "problem transfer": ("/", "transferred")},
}
_MIXED: tuple[str, Role] = (" ", "")
HATCH = 3
"""The transfer region is hatched: a stroke on every third diagonal."""


def _fill(column: int, row: int, table: dict[str, tuple[str, Role]]) -> tuple[str, Role]:
    region = _region_at(column, row)
    if region == "problem transfer" and (column + row) % HATCH:
        return _MIXED
    return table.get(region, _MIXED)


def fills(g: Glyphs) -> dict[str, str]:
    """The character that fills each verdict's region (mixed is blank)."""
    table = _FILL[g.ascii]
    return {
        v: table.get(v, _MIXED)[0] for v in ("capability progression", "mixed", "problem transfer")
    }


def draw_map(chart: VerdictMap, g: Glyphs) -> tuple[Line, ...]:
    """The map in characters: a title line, the grid with its share labels, the index axis,
    and the legend. Every line starts with a visible character."""
    fill = _FILL[g.ascii]
    grid: list[list[tuple[str, Role]]] = [
        [_fill(c, r, fill) for c in range(COLUMNS + 1)] for r in range(ROWS + 1)
    ]
    horizontal, vertical = ("-", "|") if g.ascii else ("─", "│")
    corners = "----" if g.ascii else "┌┐└┘"
    taken: set[tuple[int, int]] = set()

    def put(c: int, r: int, char: str, role: Role) -> None:
        if 0 <= c <= COLUMNS and 0 <= r <= ROWS and (c, r) not in taken:
            grid[r][c] = (char, role)

    def cell(value: float, steps: int) -> int:
        return max(0, min(steps, round(value * steps)))

    for point in chart.points:
        left, right = (cell(v, COLUMNS) for v in point.index_range)
        low, high = (cell(v, ROWS) for v in point.share_range)
        if (left, low) == (right, high):
            continue
        for c in range(left, right + 1):
            for r in (low, high):
                put(c, r, horizontal if left != right else vertical, "")
        for r in range(low, high + 1):
            for c in (left, right):
                put(c, r, vertical if low != high else horizontal, "")
        if left != right and low != high:
            put(left, high, corners[0], "")
            put(right, high, corners[1], "")
            put(left, low, corners[2], "")
            put(right, low, corners[3], "")
    spots = [(cell(p.index, COLUMNS), cell(p.share, ROWS)) for p in chart.points]
    for point, (c, r) in zip(chart.points, spots, strict=True):
        put(c, r, point.marker, "strong")
        taken.add((c, r))
    for point, (c, r) in zip(chart.points, spots, strict=True):
        text = f" {point.label}"
        span = range(c + 1, c + 1 + len(text))
        if span.stop - 1 <= COLUMNS and not any((k, r) in taken for k in span):
            for k, char in zip(span, text, strict=True):
                put(k, r, char, "strong")
                taken.add((k, r))
    labels = {
        ROWS: share(1.0),
        round(TRANSFER_MIN_SHARE * ROWS): share(TRANSFER_MIN_SHARE),
        round(PROGRESSION_MAX_TRANSFER * ROWS): share(PROGRESSION_MAX_TRANSFER),
        0: share(0.0),
    }
    # ASCII says the directions in words: ">" is "transferred" and "^" a sort order.
    up, across = ("(up) ", " (across)") if g.ascii else ("↑ ", " →")
    out: list[Line] = [
        line(Span(f"{up}transfer share", "dim"), Span(f"{g.sep}progression index{across}", "dim"))
    ]
    for r in range(ROWS, -1, -1):
        spans = [Span(vertical, "dim"), *_runs(grid[r])]
        if r in labels:
            spans.append(Span(f" {labels[r]}", "dim"))
        out.append(tuple(spans))
    out.append(line(Span(_axis(g), "dim")))
    out.extend(_legend(chart, g))
    return tuple(out)


DRAWING_LINES = ROWS + 3
"""The lines of the drawing itself: the axis title, a line per grid row, the index axis."""
FIGURE_WIDTH = COLUMNS + 7
"""Columns of the drawing: the share axis, the grid, and a share label (`` 100%``)."""
REGION_ROLES: dict[str, ShapeRole] = {
    "capability progression": "progression",
    "mixed": "mixed",
    "problem transfer": "transfer",
}


def _x(value: float) -> float:
    """Where an index falls across the figure: the middle of its grid column."""
    return 1.5 + value * COLUMNS


def _y(value: float) -> float:
    """Where a transfer share falls down the figure: the middle of its grid row's line."""
    return 1.5 + (1 - value) * ROWS


def map_figure(chart: VerdictMap, g: Glyphs) -> Figure:
    """The map as a figure: :func:`draw_map`'s characters (the legend under them), and the
    same picture as shapes — the regions, the thresholds, the axes and their labels, each
    stack's range box, point and label — for the formats that draw vectors."""
    drawn = draw_map(chart, g)
    lines, legend = drawn[:DRAWING_LINES], drawn[DRAWING_LINES:]
    shapes: list[Shape] = [
        Rect(
            _x(r.index[0]),
            _y(r.share[1]),
            _x(r.index[1]) - _x(r.index[0]),
            _y(r.share[0]) - _y(r.share[1]),
            REGION_ROLES[r.verdict],
            text=r.verdict,
        )
        for r in chart.regions
    ]
    shapes += [
        Polyline(
            (
                (_x(PROGRESSION_MIN_INDEX), _y(0)),
                (_x(PROGRESSION_MIN_INDEX), _y(PROGRESSION_MAX_TRANSFER)),
            ),
            "threshold",
        ),
        Polyline(
            (
                (_x(PROGRESSION_MIN_INDEX), _y(PROGRESSION_MAX_TRANSFER)),
                (_x(1), _y(PROGRESSION_MAX_TRANSFER)),
            ),
            "threshold",
        ),
        Polyline(((_x(0), _y(TRANSFER_MIN_SHARE)), (_x(1), _y(TRANSFER_MIN_SHARE))), "threshold"),
        Polyline(((_x(0), _y(1)), (_x(0), _y(0)), (_x(1), _y(0))), "axis"),
        Label(0, 0.5, plain(lines[0]), "dim"),
    ]
    for k in range(6):
        shapes.append(
            Label(
                _x(k / 5),
                DRAWING_LINES - 0.5,
                index(k / 5) if 0 < k < 5 else str(k // 5),
                "dim",
                "middle",
            )
        )
    for value in sorted({1.0, TRANSFER_MIN_SHARE, PROGRESSION_MAX_TRANSFER, 0.0}):
        shapes.append(Label(_x(1) + 1, _y(value), share(value), "dim"))
    for point in chart.points:
        (lo_i, hi_i), (lo_s, hi_s) = point.index_range, point.share_range
        numbers = f"index {index(point.index)}, transfer share {share(point.share)}"
        if (lo_i, lo_s) != (hi_i, hi_s):
            box = (
                f"{point.label}: index {range_text(point.index_range, index, g)}, "
                f"transfer share {range_text(point.share_range, share, g)}"
            )
            shapes.append(
                Rect(
                    _x(lo_i),
                    _y(hi_s),
                    _x(hi_i) - _x(lo_i),
                    _y(lo_s) - _y(hi_s),
                    "strong",
                    True,
                    box,
                )
            )
        x, y = _x(point.index), _y(point.share)
        shapes.append(
            Circle(x, y, 0.5, "strong", text=f"{point.label}: {point.verdict}, {numbers}")
        )
        shapes.append(Label(x + 1, y, f"{point.marker} {point.label}", "strong"))
    return Figure(
        tuple(lines),
        tuple(shapes),
        FIGURE_WIDTH,
        DRAWING_LINES,
        legend=tuple(legend),
        key="verdict-map",
    )


def range_text(ends: tuple[float, float], shown: Callable[[float], str], g: Glyphs) -> str:
    """A range of numbers, ``0.33–0.83``; one number when both ends read the same."""
    low, high = shown(ends[0]), shown(ends[1])
    return low if low == high else f"{low}{g.range}{high}"


def _runs(cells: Sequence[tuple[str, Role]]) -> list[Span]:
    """Cells joined into spans of one role each."""
    spans: list[Span] = []
    text, role = "", cells[0][1] if cells else ""
    for char, kind in cells:
        if kind != role and text:
            spans.append(Span(text, role))
            text = ""
        text, role = text + char, kind
    if text:
        spans.append(Span(text, role))
    return spans


def _axis(g: Glyphs) -> str:
    """The index axis with its labels set into it at every fifth of the way."""
    corner, horizontal = ("-", "-") if g.ascii else ("└", "─")
    axis = [horizontal] * (COLUMNS + 1)
    for k in range(6):
        text = index(k / 5) if 0 < k < 5 else str(k // 5)
        at = k * COLUMNS // 5
        start = at if at + len(text) <= COLUMNS + 1 else COLUMNS + 1 - len(text)
        axis[start : start + len(text)] = list(text)
    return corner + "".join(axis)


def _legend(chart: VerdictMap, g: Glyphs) -> list[Line]:
    symbols = fills(g)
    out: list[Line] = [
        line(
            Span(symbols["capability progression"], "solved"),
            f" (dotted) capability progression: index at least "
            f"{index(PROGRESSION_MIN_INDEX)} and transfer share under "
            f"{share(PROGRESSION_MAX_TRANSFER)}",
        ),
        line(
            Span(symbols["problem transfer"], "transferred"),
            f" (hatched) problem transfer: transfer share at least {share(TRANSFER_MIN_SHARE)}",
        ),
        line(Span("blank", "dim"), ": mixed, everything else"),
    ]
    for point in chart.points:
        (lo_i, hi_i), (lo_s, hi_s) = point.index_range, point.share_range
        box = (
            "no alternative reading moves it"
            if (lo_i, lo_s) == (hi_i, hi_s)
            else f"box: index {range_text(point.index_range, index, g)}, "
            f"transfer share {range_text(point.share_range, share, g)}"
        )
        out.append(
            line(
                Span(point.marker, "strong"),
                " ",
                Span(point.label, "strong"),
                f": {point.verdict}, index {index(point.index)}, transfer share "
                f"{share(point.share)}; {box}",
            )
        )
    return out
