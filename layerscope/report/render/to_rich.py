"""A :class:`~layerscope.report.document.Document` as Rich renderables.

The result is what the app shows and what the text, ANSI, HTML and SVG exports print.
Data text only ever becomes :class:`rich.text.Text` (never markup), and styles are
theme-neutral: bold, dim, italic, underline and the standard colours of the terminal's own
palette, so they read on dark and light backgrounds alike.
"""

from __future__ import annotations

from functools import lru_cache

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from layerscope.report import glyphs as symbols
from layerscope.report.document import (
    STATUSES,
    Block,
    Bullets,
    Cell,
    Document,
    Footer,
    Heading,
    Line,
    Numbered,
    Para,
    Table,
    Title,
)

ROLE_STYLES: dict[str, str] = {
    "": "",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "ref": "dim",
    "url": "underline",
    "bar": "",
    **{status: symbols.style(status) for status in STATUSES},
}

# Rich's SIMPLE box (a rule under the header, one above the footer), drawn in ASCII.
ASCII_SIMPLE = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


@lru_cache(maxsize=64)
def _style(role: str, link: str) -> Style:
    style = Style.parse(ROLE_STYLES.get(role, ""))
    return style + Style(link=link) if link else style


class SectionRule:
    """A section heading: the title, then a rule to the right edge.

    A title too long for one line wraps, with the rule on the line below, instead of being
    cut off as :class:`rich.rule.Rule` would.
    """

    def __init__(self, title: Text, *, ascii: bool = False) -> None:
        self.title = title
        self.characters = "-" if ascii else "─"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        if self.title.cell_len + 4 <= width:
            yield Rule(self.title, characters=self.characters, style="dim", align="left")
        else:
            yield self.title
            yield Rule(characters=self.characters, style="dim")


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
                # Most lines fit: only wrap the ones that do not.
                fits = "\n" not in text.plain and text.cell_len <= width
                for line in [text] if fits else text.wrap(console, width, overflow="fold"):
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
        ascii: bool,
    ) -> None:
        self.columns = columns
        """Header, justify (``left`` or ``right``) and ratio (0: as wide as its widest line)."""
        self.rows = rows
        self.summary = summary
        self.separated = separated
        self.rule = "-" if ascii else "─"

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
                fits = text.cell_len <= width
                lines.extend([text] if fits else text.wrap(console, width, overflow="fold"))
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


class Renderer:
    """Turns a document's blocks into renderables."""

    def __init__(self, *, ascii: bool = False, links: bool = False) -> None:
        self.ascii = ascii
        self.links = links
        """Whether spans with a URL become hyperlinks (HTML export only: in a terminal a
        hyperlink needs an escape sequence with a random id)."""

    def text(self, spans: Line, base: str = "") -> Text:
        """One line as Text, every span literal."""
        text = Text(style=base)
        for span in spans:
            text.append(span.text, _style(span.role, span.link if self.links else ""))
        return text

    def cell(self, lines: Cell) -> Text:
        """Several lines as one Text."""
        return Text("\n").join(self.text(item) for item in lines)

    def document(self, doc: Document) -> RenderableType:
        """The whole document, blocks set apart by blank lines."""
        parts: list[RenderableType] = []
        previous: Block | None = None
        for block in doc.blocks:
            if previous is not None and not isinstance(previous, Heading):
                parts.append(Text())
            parts.append(self.block(block))
            previous = block
        return Group(*parts)

    def block(self, block: Block) -> RenderableType:
        """One block."""
        if isinstance(block, Title):
            head = self.text(block.text, "bold")
            return Group(head, *(self.text(item) for item in block.lines))
        if isinstance(block, Heading):
            if block.level == 2:
                return SectionRule(self.text(block.text, "bold"), ascii=self.ascii)
            return self.text(block.text, "bold")
        if isinstance(block, Para):
            return self.cell(block.lines)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Bullets):
            return self.listing([("*" if self.ascii else "•", item) for item in block.items])
        if isinstance(block, Numbered):
            return self.listing([(f"[{n}]", item) for n, item in enumerate(block.items, 1)])
        if isinstance(block, Footer):
            return Group(
                Rule(characters="-" if self.ascii else "─", style="dim"), self.text(block.text)
            )
        raise TypeError(f"not a block: {block!r}")  # pragma: no cover

    def listing(self, items: list[tuple[str, Cell]]) -> RenderableType:
        """Marked items with a hanging indent."""
        return Listing(
            [
                (Text(marker, style="dim"), [self.text(item) for item in lines])
                for marker, lines in items
            ]
        )

    def table(self, block: Table) -> RenderableType:
        """A table with a header rule, no outer frame."""
        expand = any(c.ratio for c in block.columns)
        if expand:
            return Grid(
                [(self.text(c.header, "bold"), c.justify, c.ratio or 0) for c in block.columns],
                [[self.cell(cell) for cell in row] for row in block.rows],
                [self.cell(cell) for cell in block.summary] if block.summary else None,
                separated=block.separated,
                ascii=self.ascii,
            )
        table = RichTable(
            box=ASCII_SIMPLE if self.ascii else box.SIMPLE,
            show_edge=False,
            pad_edge=False,
            expand=expand,
            show_lines=block.separated,
            show_footer=block.summary is not None,
            header_style="bold",
            footer_style="",
        )
        summary = block.summary or ()
        for i, column in enumerate(block.columns):
            table.add_column(
                self.text(column.header),
                footer=self.cell(summary[i]) if i < len(summary) else "",
                justify=column.justify,
                min_width=column.min_width,
                max_width=column.max_width,
                ratio=column.ratio if expand else None,
                no_wrap=column.no_wrap,
                overflow="fold",
                vertical="top",
            )
        for row in block.rows:
            table.add_row(*(self.cell(cell) for cell in row))
        return table


def to_rich(doc: Document, *, ascii: bool = False, links: bool = False) -> RenderableType:
    """A document as one Rich renderable."""
    return Renderer(ascii=ascii, links=links).document(doc)
