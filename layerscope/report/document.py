"""A small, format-neutral document that every view builds.

Views say *what* to show — a title, headings, paragraphs, tables, lists, trees, figures
(charts) and numbered sources — with semantic roles instead of styles. The renderers in
``render/`` turn one document into every format: Rich renderables for text and ANSI
(:mod:`~layerscope.report.render.to_rich`), Markdown, HTML, SVG and JSON, so every format
carries the same content. Nothing here imports Rich: the Markdown export does not need it.

Every piece of text is a :class:`Span` whose text is shown literally; control characters
are removed when the span is made, so they can never reach a terminal or a file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Literal
from urllib.parse import quote

import msgspec

# C0 controls other than tab and newline, DEL, the C1 range and the Unicode line/paragraph
# separators. The loader already strips these from data; this is the last line of defence
# for records built in code.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
# RFC 3986 reserved and unreserved characters, plus '%' so existing escapes survive.
_URL_SAFE = "-._~:/?#[]@!$&'()*+,;=%"

Role = Literal[
    "",
    "strong",
    "em",
    "dim",
    "ref",
    "url",
    "bar",
    "solved",
    "mitigated",
    "transferred",
    "worsened",
    "unaddressed",
]
Justify = Literal["left", "right"]
STATUSES: tuple[Role, ...] = ("solved", "mitigated", "transferred", "worsened", "unaddressed")
"""The roles of outcomes and statuses (each shown as symbol and word)."""


def clean(text: str) -> str:
    """Text without control characters (tab and newline are kept)."""
    return _CONTROL.sub("", text) if _CONTROL.search(text) else text


def safe_url(url: str) -> str | None:
    """A URL fit for a link (http, https or mailto, percent-encoded), or ``None``.

    Anything else — ``javascript:``, relative paths, text that is not a URL — is shown
    as text but never made a link.
    """
    url = clean(url).strip()
    if not url.lower().startswith(_SAFE_SCHEMES) or any(c.isspace() for c in url):
        return None
    return quote(url, safe=_URL_SAFE)


# The records below are msgspec Structs rather than dataclasses: they are as strict and
# immutable, and defining them costs a fraction of the start-up time of `layerscope export`.


class Span(msgspec.Struct, frozen=True):
    """A run of text with one role; ``link`` makes it point to a URL where formats can."""

    text: str
    role: Role = ""
    link: str = ""

    def __post_init__(self) -> None:
        if _CONTROL.search(self.text):
            msgspec.structs.force_setattr(self, "text", clean(self.text))
        if self.link:
            msgspec.structs.force_setattr(self, "link", safe_url(self.link) or "")


Line = tuple[Span, ...]
"""One line of text (a data string may still hold newlines of its own)."""
Cell = tuple[Line, ...]
"""The lines of one table cell or list item."""


def line(*parts: str | Span | Iterable[Span] | None) -> Line:
    """A line from strings (plain text), spans and runs of spans; ``None`` is skipped."""
    out: list[Span] = []
    for part in parts:
        if part is None or part == "":
            continue
        if isinstance(part, str):
            out.append(Span(part))
        elif isinstance(part, Span):
            out.append(part)
        else:
            out.extend(part)
    return tuple(out)


def joined(lines: Iterable[Line], separator: str | Span) -> Line:
    """Lines joined into one with a separator between them."""
    sep = separator if isinstance(separator, Span) else Span(separator)
    out: list[Span] = []
    for i, item in enumerate(lines):
        if i:
            out.append(sep)
        out.extend(item)
    return tuple(out)


def plain(text: Line) -> str:
    """The characters of a line, without roles."""
    return "".join(span.text for span in text)


class Title(msgspec.Struct, frozen=True, tag="title"):
    """The report's title line, then lines under it (summary, verdict...)."""

    text: Line
    lines: tuple[Line, ...] = ()


class Heading(msgspec.Struct, frozen=True, tag="heading"):
    """A section heading (level 2) or a sub-heading (level 3)."""

    text: Line
    level: Literal[2, 3] = 2


class Para(msgspec.Struct, frozen=True, tag="para"):
    """Lines of text, each on its own line."""

    lines: tuple[Line, ...]


class Column(msgspec.Struct, frozen=True):
    """A table column: its header and how it lays out."""

    header: Line
    justify: Justify = "left"
    min_width: int | None = None
    max_width: int | None = None
    ratio: int | None = None
    no_wrap: bool = False


class Table(msgspec.Struct, frozen=True, tag="table"):
    """Rows of cells under column headers; ``summary`` is a closing row (e.g. verdicts)."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    summary: tuple[Cell, ...] | None = None
    separated: bool = False
    """Whether rows are set apart by a blank line (for rows of several lines)."""
    key: str = ""
    """What the table is (``examples``, ``metrics``...): the screen's handle on it."""
    row_keys: tuple[str, ...] = ()
    """What each row stands for (an example id, a level...), empty or one per row."""


class Bullets(msgspec.Struct, frozen=True, tag="bullets"):
    """A bulleted list; each item may run over several lines."""

    items: tuple[Cell, ...]


class Numbered(msgspec.Struct, frozen=True, tag="numbered"):
    """A list numbered from 1 (the sources)."""

    items: tuple[Cell, ...]


class Node(msgspec.Struct, frozen=True):
    """One entry of a tree: its line, lines shown under it, and the entries below it."""

    text: Line
    key: str = ""
    """What the entry stands for (a problem id, a handling...), for the screen."""
    detail: tuple[Line, ...] = ()
    children: tuple[Node, ...] = ()


class Tree(msgspec.Struct, frozen=True, tag="tree"):
    """Entries with entries below them (the problem flow)."""

    nodes: tuple[Node, ...]
    key: str = ""


class Footer(msgspec.Struct, frozen=True, tag="footer"):
    """The closing line: view path and as-of dates."""

    text: Line


# --- figures: a chart drawn twice, in characters and in vector shapes -----------------

ShapeRole = Literal[
    "",
    "strong",
    "dim",
    "axis",
    "grid",
    "threshold",
    "solved",
    "mitigated",
    "transferred",
    "worsened",
    "unaddressed",
    "progression",
    "mixed",
    "transfer",
]
"""What a shape stands for; each renderer picks its look. ``""`` is ink, ``strong`` and
``dim`` more and less of it, ``axis``/``grid``/``threshold`` the chart's frame, the outcome
roles an outcome, and ``progression``/``mixed``/``transfer`` the three verdict regions."""
Anchor = Literal["start", "middle", "end"]
Position = tuple[float, float]


def _finite(*values: float) -> None:
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"a shape's coordinates must be finite numbers, got {values}")


def _clean_text(shape: msgspec.Struct, text: str) -> None:
    if _CONTROL.search(text):
        msgspec.structs.force_setattr(shape, "text", clean(text))


class Rect(msgspec.Struct, frozen=True, tag="rect"):
    """A rectangle from its top-left corner ``(x, y)``: an area, or a box with ``outline``."""

    x: float
    y: float
    width: float
    height: float
    role: ShapeRole = ""
    outline: bool = False
    text: str = ""
    """What the area stands for (a tooltip where formats have them), shown literally."""

    def __post_init__(self) -> None:
        _finite(self.x, self.y, self.width, self.height)
        if self.width < 0 or self.height < 0:
            raise ValueError("a rectangle's width and height must not be negative")
        _clean_text(self, self.text)


class Polyline(msgspec.Struct, frozen=True, tag="line"):
    """A line through two or more points, in order (a segment, an axis, a series)."""

    points: tuple[Position, ...]
    role: ShapeRole = ""
    text: str = ""
    """What the line stands for (a tooltip where formats have them), shown literally."""

    def __post_init__(self) -> None:
        if len(self.points) < 2:
            raise ValueError("a line needs at least two points")
        _finite(*(v for point in self.points for v in point))
        _clean_text(self, self.text)


class Circle(msgspec.Struct, frozen=True, tag="circle"):
    """A point: a disc (or a ring with ``outline``) at its centre ``(x, y)``."""

    x: float
    y: float
    radius: float = 0.5
    """In columns."""
    role: ShapeRole = ""
    outline: bool = False
    text: str = ""
    """What the point stands for (a tooltip where formats have them), shown literally."""

    def __post_init__(self) -> None:
        _finite(self.x, self.y, self.radius)
        if self.radius < 0:
            raise ValueError("a circle's radius must not be negative")
        _clean_text(self, self.text)


class Label(msgspec.Struct, frozen=True, tag="text"):
    """Text on one line, shown literally: ``(x, y)`` is where its middle height is, at its
    start, middle or end (``anchor``)."""

    x: float
    y: float
    text: str
    role: ShapeRole = ""
    anchor: Anchor = "start"

    def __post_init__(self) -> None:
        _finite(self.x, self.y)
        _clean_text(self, self.text)
        if "\n" in self.text or "\t" in self.text:
            msgspec.structs.force_setattr(self, "text", " ".join(self.text.split()))


Shape = Rect | Polyline | Circle | Label
"""A vector primitive of a :class:`Figure`."""


class Figure(msgspec.Struct, frozen=True, tag="figure"):
    """A chart, drawn twice from one spec: ``lines`` in characters, ``shapes`` as vectors.

    Text formats (text, ANSI, Markdown, the screen) show ``lines`` as they are: never
    wrapped, cut with an ellipsis where wider than the page. HTML and SVG draw ``shapes``
    instead. Both show ``caption`` above the chart and ``legend`` under it, as text.

    The shapes' coordinate space is ``width`` columns by ``height`` lines, from the top-left
    corner (``y`` grows downward, as the lines run): one unit across is one character
    cell's width, one unit down one line, so a label of *n* characters takes *n* units
    and a shape at ``(c + 0.5, r + 0.5)`` sits on character ``c`` of line ``r``. Fractions
    are welcome: the vector picture is exact where the characters must round. Anything
    outside the space is cut off.
    """

    lines: tuple[Line, ...]
    shapes: tuple[Shape, ...]
    width: float
    height: float
    caption: Line = ()
    """What the chart shows, in a few words (above it)."""
    legend: tuple[Line, ...] = ()
    """How to read it: one line per symbol, region or mark (under it; these lines wrap)."""
    key: str = ""
    """What the figure is (``verdict-map``, ``lanes``): the screen's handle on it."""

    def __post_init__(self) -> None:
        _finite(self.width, self.height)
        if self.width <= 0 or self.height <= 0:
            raise ValueError("a figure's width and height must be positive")


Block = Title | Heading | Para | Table | Bullets | Numbered | Tree | Figure | Footer


class Document(msgspec.Struct, frozen=True):
    """A whole report: its view path (also its title in HTML and SVG) and its blocks."""

    path: str
    blocks: tuple[Block, ...]


class Builder:
    """Collects the blocks of a document in order."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.blocks: list[Block] = []

    def add(self, *blocks: Block) -> None:
        """Append blocks."""
        self.blocks.extend(blocks)

    def heading(self, *parts: str | Span | Iterable[Span] | None, level: Literal[2, 3] = 2) -> None:
        """Append a heading."""
        self.blocks.append(Heading(line(*parts), level))

    def para(self, *lines: Line) -> None:
        """Append a paragraph of lines (empty lines are dropped)."""
        kept = tuple(item for item in lines if item)
        if kept:
            self.blocks.append(Para(kept))

    def build(self) -> Document:
        """The finished document."""
        return Document(self.path, tuple(self.blocks))
