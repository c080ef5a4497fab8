"""Rich renderables that lay out a document's blocks: rules, listings, grids, outlines.

Each draws what a stock Rich renderable would (``Rule``, a two-column grid, ``Table``,
``Tree``) but without measuring every cell first, and with the characters of the report's
:class:`~layerscope.report.format.Glyphs`, so ASCII reports stay ASCII.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.text import Text


def _wrapped(console: Console, text: Text, width: int) -> list[Text]:
    """A text's lines at a width; most lines fit and are not wrapped at all."""
    if "\n" not in text.plain and text.cell_len <= width:
        return [text]
    return list(text.wrap(console, max(1, width), overflow="fold"))


class SectionRule:
    """A section heading: the title, then a rule to the right edge.

    A title too long for one line wraps, with the rule on the line below, instead of being
    cut off as :class:`rich.rule.Rule` would.
    """

    def __init__(self, title: Text, characters: str) -> None:
        self.title = title
        self.characters = characters

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.title.cell_len + 4 <= width:
            yield Rule(self.title, characters=self.characters, style="dim", align="left")
        else:
            yield self.title
            yield Rule(characters=self.characters, style="dim")


class Drawing:
    """Lines drawn as they are (a chart): never wrapped, each cut short with an ellipsis
    where it is wider than the page, so what is shown stays in its column."""

    def __init__(self, lines: list[Text], ellipsis: str) -> None:
        self.lines = lines
        self.ellipsis = ellipsis

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        new_line = Segment.line()
        rows = [row for text in self.lines for row in text.split("\n")]
        for text in rows:
            text = text.copy()
            text.rstrip()  # blanks at the end are not worth an ellipsis
            if text.cell_len > width:
                cut = text
                room = max(0, width - len(self.ellipsis))
                cut.truncate(room)
                cut.append(self.ellipsis[:width], "dim")
                text = cut
            yield from text.render(console)
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((text.cell_len for text in self.lines), default=1)
        return Measurement(min(widest, options.max_width), min(widest, options.max_width))


class Listing:
    """Items with a marker (``•``, ``[12]``) and a hanging indent.

    A two-column grid would do the same, but a long list of sources renders several times
    faster this way, which start-up of ``layerscope export`` notices.
    """

    def __init__(self, items: list[tuple[Text, list[Text]]]) -> None:
        self.items = items
        self.gutter = max((marker.cell_len for marker, _ in items), default=0) + 1

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, options.max_width - self.gutter)
        new_line = Segment.line()
        indent = Segment(" " * self.gutter)
        for marker, body in self.items:
            yield Segment(" " * (self.gutter - 1 - marker.cell_len))
            yield from marker.render(console)
            yield Segment(" ")
            first = True
            for text in body:
                for line in _wrapped(console, text, width):
                    if not first:
                        yield indent
                    first = False
                    yield from line.render(console)
                    yield new_line
            if first:
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max(
            (self.gutter + text.cell_len for _, body in self.items for text in body),
            default=self.gutter,
        )
        return Measurement(self.gutter + 1, min(widest, options.max_width))


def _distribute(total: int, ratios: list[int], minimums: list[int]) -> list[int]:
    """``total`` split in proportion to ``ratios``, each part at least its minimum."""
    parts: list[int] = []
    remaining, ratio_left = total, sum(ratios)
    for ratio, minimum in zip(ratios, minimums, strict=True):
        part = max(minimum, -(-ratio * remaining // ratio_left)) if ratio_left else remaining
        parts.append(part)
        remaining -= part
        ratio_left -= ratio
    return parts


class Grid:
    """A table whose flexible columns share the width by ratio (the compare view).

    It draws what a Rich ``Table(box=SIMPLE, expand=True)`` would, at a fraction of the
    cost: the column widths follow from the ratios alone, so no cell is measured first.
    """

    def __init__(
        self,
        columns: list[tuple[Text, str, int]],
        rows: list[list[Text]],
        summary: list[Text] | None,
        *,
        separated: bool,
        rule: str,
    ) -> None:
        self.columns = columns
        """Header, justify (``left`` or ``right``) and ratio (0: as wide as its widest line)."""
        self.rows = rows
        self.summary = summary
        self.separated = separated
        self.rule = rule

    def _widths(self, width: int) -> list[int]:
        """Content widths; columns are three cells apart."""
        gaps = 3 * (len(self.columns) - 1)
        fixed = [
            0
            if ratio
            else max(
                (line.cell_len for row in self._all_rows() for line in row[i].split()),
                default=1,
            )
            for i, (_, _, ratio) in enumerate(self.columns)
        ]
        ratios = [ratio for _, _, ratio in self.columns if ratio]
        flexible = iter(_distribute(max(0, width - gaps - sum(fixed)), ratios, [1] * len(ratios)))
        return [
            max(1, fixed[i] if not ratio else next(flexible))
            for i, (_, _, ratio) in enumerate(self.columns)
        ]

    def _all_rows(self) -> list[list[Text]]:
        head = [[header for header, _, _ in self.columns]]
        return head + self.rows + ([self.summary] if self.summary else [])

    def _row(self, console: Console, cells: list[Text], widths: list[int]) -> RenderResult:
        wrapped = []
        for cell, width in zip(cells, widths, strict=True):
            lines: list[Text] = []
            for text in cell.split():
                lines.extend(_wrapped(console, text, width))
            wrapped.append(lines)
        gap = Segment("   ")
        new_line = Segment.line()
        for n in range(max(len(lines) for lines in wrapped)):
            for i, (lines, width) in enumerate(zip(wrapped, widths, strict=True)):
                if i:
                    yield gap
                line = lines[n] if n < len(lines) else Text()
                pad = Segment(" " * (width - line.cell_len))
                if self.columns[i][1] == "right":
                    yield pad
                yield from line.render(console)
                if self.columns[i][1] != "right" and i < len(widths) - 1:
                    yield pad
            yield new_line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        widths = self._widths(options.max_width)
        rule = Segment(self.rule * (sum(widths) + 3 * (len(widths) - 1)))
        new_line = Segment.line()
        yield from self._row(console, [header for header, _, _ in self.columns], widths)
        yield rule
        yield new_line
        for n, row in enumerate(self.rows):
            if n and self.separated:
                yield new_line
            yield from self._row(console, row, widths)
        if self.summary is not None:
            yield rule
            yield new_line
            yield from self._row(console, self.summary, widths)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(len(self.columns) * 4, options.max_width)


class OutlineEntry:
    """One entry of an :class:`Outline`: its lines (the first is its text) and entries."""

    def __init__(self, lines: list[Text], children: list[OutlineEntry]) -> None:
        self.lines = lines
        self.children = children


class Outline:
    """A tree as a nested listing: top entries after a bullet, the others on guide lines.

    ``guides`` are Textual's ``Tree.LINES`` (blank, vertical, last, other; two cells each),
    so the export draws the tree with the same characters as the app. Top entries are set
    apart by a blank line.
    """

    def __init__(
        self, entries: list[OutlineEntry], bullet: str, guides: tuple[str, str, str, str]
    ) -> None:
        self.entries = entries
        self.bullet = bullet
        self.blank, self.vertical, self.last, self.other = (f"{g} " for g in guides)
        self.style = Style(dim=True)

    def _lines(
        self, console: Console, width: int, entry: OutlineEntry, lead: str, rest: str
    ) -> Iterator[tuple[str, Text]]:
        """(guide, text) rows: ``lead`` before the first row, ``rest`` before the others."""
        guide = lead
        for text in entry.lines:
            for row in _wrapped(console, text, width - len(rest)):
                yield guide, row
                guide = rest
        if not entry.lines:
            yield lead, Text()
        for i, child in enumerate(entry.children):
            more = i < len(entry.children) - 1
            yield from self._lines(
                console,
                width,
                child,
                rest + (self.other if more else self.last),
                rest + (self.vertical if more else self.blank),
            )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        new_line = Segment.line()
        lead = f"{self.bullet} "
        rest = " " * len(lead)
        for n, entry in enumerate(self.entries):
            if n:
                yield new_line
            for guide, row in self._lines(console, width, entry, lead, rest):
                yield Segment(guide, self.style)
                yield from row.render(console)
                yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(8, options.max_width)
