"""A small, format-neutral document that every view builds.

Views say *what* to show — a title, headings, paragraphs, tables, lists and numbered
sources — with semantic roles instead of styles. :mod:`layerscope.report.render.to_rich` turns a
document into Rich renderables (the screen, text, ANSI, HTML and SVG) and
:mod:`layerscope.report.render.to_markdown` into GitHub-flavoured Markdown, so every format carries
the same content. Nothing here imports Rich: the Markdown export does not need it.

Every piece of text is a :class:`Span` whose text is shown literally; control characters
are removed when the span is made, so they can never reach a terminal or a file.
"""

from __future__ import annotations

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


class Title(msgspec.Struct, frozen=True):
    """The report's title line, then lines under it (summary, verdict...)."""

    text: Line
    lines: tuple[Line, ...] = ()


class Heading(msgspec.Struct, frozen=True):
    """A section heading (level 2) or a sub-heading (level 3)."""

    text: Line
    level: Literal[2, 3] = 2


class Para(msgspec.Struct, frozen=True):
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


class Table(msgspec.Struct, frozen=True):
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


class Bullets(msgspec.Struct, frozen=True):
    """A bulleted list; each item may run over several lines."""

    items: tuple[Cell, ...]


class Numbered(msgspec.Struct, frozen=True):
    """A list numbered from 1 (the sources)."""

    items: tuple[Cell, ...]


class Node(msgspec.Struct, frozen=True):
    """One entry of a tree: its line, lines shown under it, and the entries below it."""

    text: Line
    key: str = ""
    """What the entry stands for (a problem id, a handling...), for the screen."""
    detail: tuple[Line, ...] = ()
    children: tuple[Node, ...] = ()


class Tree(msgspec.Struct, frozen=True):
    """Entries with entries below them (the problem flow)."""

    nodes: tuple[Node, ...]
    key: str = ""


class Footer(msgspec.Struct, frozen=True):
    """The closing line: view path and as-of dates."""

    text: Line


Block = Title | Heading | Para | Table | Bullets | Numbered | Tree | Footer


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
