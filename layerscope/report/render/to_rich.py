"""A :class:`~layerscope.report.document.Document` as Rich renderables.

The result is what the text, ANSI, HTML and SVG exports print (the app renders the same
document through its own Textual renderer).
Data text only ever becomes :class:`rich.text.Text` (never markup), and styles are
theme-neutral: bold, dim, italic, underline and the standard colours of the terminal's own
palette, so they read on dark and light backgrounds alike.
"""

from __future__ import annotations

from functools import lru_cache

from rich import box
from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table as RichTable
from rich.text import Text

from layerscope.report.document import (
    Block,
    Bullets,
    Cell,
    Document,
    Figure,
    Footer,
    Heading,
    Line,
    Node,
    Numbered,
    Para,
    Table,
    Title,
    Tree,
)
from layerscope.report.format import glyphs
from layerscope.report.render.layout import (
    Drawing,
    Grid,
    Listing,
    Outline,
    OutlineEntry,
    SectionRule,
)

OUTCOME_STYLES: dict[str, str] = {
    "solved": "green",
    "mitigated": "yellow",
    "transferred": "magenta",
    "worsened": "red",
    "unaddressed": "dim",
}
"""Five distinct looks for the outcomes; each always shows with its symbol and word."""
ROLE_STYLES: dict[str, str] = {
    "": "",
    "strong": "bold",
    "em": "italic",
    "dim": "dim",
    "ref": "dim",
    "url": "underline",
    "bar": "",
    **OUTCOME_STYLES,
}
"""Roles to theme-neutral Rich styles: the look of every export."""

# Rich's SIMPLE box (a rule under the header, one above the footer), drawn in ASCII.
ASCII_SIMPLE = box.Box("    \n    \n -- \n    \n    \n -- \n    \n    \n", ascii=True)


@lru_cache(maxsize=64)
def _style(role: str, link: str) -> Style:
    style = Style.parse(ROLE_STYLES.get(role, ""))
    return style + Style(link=link) if link else style


class Renderer:
    """Turns a document's blocks into renderables."""

    def __init__(self, *, ascii: bool = False, links: bool = False) -> None:
        self.ascii = ascii
        self.g = glyphs(ascii)
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
            if spaced(previous):
                parts.append(Text())
            parts.append(self.block(block))
            previous = block
        return Group(*parts)

    def figure_parts(self, block: Figure) -> tuple[Text | None, list[Text]]:
        """A figure's caption (if any) and its legend lines: what every format shows as
        text around the chart."""
        caption = self.text(block.caption, "bold") if block.caption else None
        return caption, [self.text(item) for item in block.legend]

    def block(self, block: Block) -> RenderableType:
        """One block."""
        if isinstance(block, Title):
            head = self.text(block.text, "bold")
            return Group(head, *(self.text(item) for item in block.lines))
        if isinstance(block, Heading):
            if block.level == 2:
                return SectionRule(self.text(block.text, "bold"), self.g.rule)
            return self.text(block.text, "bold")
        if isinstance(block, Para):
            return self.cell(block.lines)
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Bullets):
            return self.listing([(self.g.bullet, item) for item in block.items])
        if isinstance(block, Numbered):
            return self.listing([(f"[{n}]", item) for n, item in enumerate(block.items, 1)])
        if isinstance(block, Tree):
            return Outline(
                [self.entry(node) for node in block.nodes], self.g.bullet, self.g.tree_lines
            )
        if isinstance(block, Figure):
            caption, legend = self.figure_parts(block)
            drawing = Drawing([self.text(item) for item in block.lines], self.g.ellipsis)
            return Group(*([caption] if caption else []), drawing, *legend)
        if isinstance(block, Footer):
            return Group(Rule(characters=self.g.rule, style="dim"), self.text(block.text))
        raise TypeError(f"not a block: {block!r}")  # pragma: no cover

    def listing(self, items: list[tuple[str, Cell]]) -> RenderableType:
        """Marked items with a hanging indent."""
        return Listing(
            [
                (Text(marker, style="dim"), [self.text(item) for item in lines])
                for marker, lines in items
            ]
        )

    def entry(self, node: Node) -> OutlineEntry:
        """A tree entry and the entries below it."""
        return OutlineEntry(
            [self.text(node.text), *(self.text(item) for item in node.detail)],
            [self.entry(child) for child in node.children],
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
                rule=self.g.rule,
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


def spaced(previous: Block | None) -> bool:
    """Whether a blank line comes before the block that follows ``previous``."""
    return previous is not None and not isinstance(previous, Heading)


def outcome_style(status: str) -> str:
    """The Rich style of an outcome or status in an export (empty for anything else)."""
    return OUTCOME_STYLES.get(status, "")


def to_rich(doc: Document, *, ascii: bool = False, links: bool = False) -> RenderableType:
    """A document as one Rich renderable."""
    return Renderer(ascii=ascii, links=links).document(doc)
