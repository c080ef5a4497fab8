"""A :class:`~layerscope.report.document.Document` as GitHub-flavoured Markdown.

Data text stays literal: every character Markdown (or GitHub's HTML and math) would
interpret is backslash-escaped, pipes included, so a cell never splits and ``[x](y)``,
``<b>``, ``*a*``, ``$x$`` or a line starting with ``#`` or ``1.`` shows as written.
Only the renderer's own syntax — headings, tables, lists, links — is live.

Nor does data text become a link on GitHub, whose autolink extension links
``http://``, ``https://`` and ``ftp://`` URLs, ``www.`` domains and e-mail addresses
(with ``mailto:`` and ``xmpp:`` too) that were never written as links: the ``:`` before
``//`` and the ``.`` after ``www`` are backslash-escaped (an escaped character never starts
an autolink), and an empty HTML comment follows each ``@`` before a name, so that the
address (or an ``@mention``) is split in two texts that GitHub reads apart; a reader sees
nothing of either. The links the renderer writes itself (a source's own URL, a citation)
stay links.

Made for pasting: a citation such as ``[1, 3]`` links each number to its entry in the
sources (``#source-1``); an outcome (``✓ solved``) is in italics, set apart from the
problem it names; a table with a cell of more than :data:`MAX_CELL_LINES` lines becomes a
nested list (no walls of ``<br>``); a figure is its characters in a fenced code block.
"""

from __future__ import annotations

import re
import unicodedata

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
    Span,
    Table,
    Title,
    Tree,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&$!])")
REF = re.compile(r"\[(\d+(?:, \d+)*)\]")
"""A citation marker as :class:`~layerscope.report.views.cite.Citations` writes it."""
MAX_CELL_LINES = 2
"""The most lines a table cell may have before its table is written as a list."""
_OUTCOMES = frozenset(("solved", "mitigated", "transferred", "worsened", "unaddressed"))
# At the start of a line: list markers, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


_AUTOLINK = re.compile(r"(?<=[A-Za-z]):(?=//)|(?i:(?<=www))\.|@(?=[A-Za-z0-9_-])")
"""Where GitHub's autolinks start: a scheme's ``:``, the ``.`` of ``www.``, an ``@``."""
_NO_AUTOLINK = {":": "\\:", ".": "\\.", "@": "@<!-- -->"}


def escape(text: str, *, in_link: bool = False) -> str:
    """Text with every Markdown-active character escaped (newlines are kept), and every
    place where GitHub would start an autolink broken (but in a link's own text, where
    GitHub makes none)."""
    text = _SPECIAL.sub(r"\\\1", text)
    return text if in_link else _AUTOLINK.sub(lambda m: _NO_AUTOLINK[m[0]], text)


def _block_lines(text: str) -> str:
    """Text placed at the start of block lines: no indentation, no list or heading markers."""
    out = []
    for raw in text.split("\n"):
        stripped = raw.lstrip(" \t")
        out.append(_LINE_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", stripped))
    return "\n".join(out)


def _url(url: str) -> str:
    # ``doc.safe_url`` already percent-encoded spaces and angle brackets; a pipe would
    # still end a table cell.
    return url.replace("|", "%7C")


def _flanking(char: str) -> bool:
    """Whether ``**`` may open or close next to this character whatever is on its other side."""
    return not char or char.isspace() or unicodedata.category(char)[0] in "PS"


_EMPHASIS = {"strong": ("**", "strong"), "em": ("*", "em")}


def _emphasis(core: str, before: str, after: str, kind: str) -> str:
    """``**core**`` or ``*core*`` where CommonMark will read it as emphasis, else the
    HTML element."""
    marker, tag = _EMPHASIS[kind]
    opens = not _flanking(core[0]) or _flanking(before)
    closes = not _flanking(core[-1]) or _flanking(after)
    return f"{marker}{core}{marker}" if opens and closes else f"<{tag}>{core}</{tag}>"


def _strong(core: str, before: str, after: str) -> str:
    """``**core**`` where CommonMark will read it as strong emphasis, else ``<strong>``."""
    return _emphasis(core, before, after, "strong")


def _citation(text: str, sources: int) -> str:
    """``[1, 3]`` with each number a link to its source, when the sources list it."""
    found = REF.fullmatch(text)
    if found is None:
        return escape(text)
    numbers = [int(n) for n in found[1].split(", ")]
    if not all(1 <= n <= sources for n in numbers):
        return escape(text)
    return "\\[" + ", ".join(f"[{n}](#source-{n})" for n in numbers) + "\\]"


def _span(span: Span, before: str = "", after: str = "", sources: int = 0) -> str:
    if span.role == "ref":
        return _citation(span.text, sources)
    text = escape(span.text, in_link=bool(span.link))
    # An outcome named in words ("✓ solved", not a tally's "✓2") is set apart in italics.
    named = span.role in _OUTCOMES and span.text.rstrip().endswith(span.role)
    kind = "em" if named else span.role
    if kind in _EMPHASIS and text.strip():
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        text = f"{lead}{_emphasis(core, lead[-1:] or before, trail[:1] or after, kind)}{trail}"
    if span.link:
        return f"[{text}](<{_url(span.link)}>)"
    return text


def inline(spans: Line, sources: int = 0) -> str:
    """One line of spans as Markdown inline text; ``sources`` is how many numbered sources
    the document lists (citations of them become links)."""
    out = ""
    for i, span in enumerate(spans):
        after = escape(spans[i + 1].text)[:1] if i + 1 < len(spans) else ""
        out += _span(span, out[-1:], after, sources)
    return out


def _heading(spans: Line) -> str:
    # A heading is bold already; a newline would end it.
    text = "".join(_span(Span(s.text, "", s.link)) for s in spans)
    return text.replace("\n", " ")


def _height(cell: Cell) -> int:
    """How many lines a cell takes (a data string may hold newlines of its own)."""
    return sum(1 + sum(span.text.count("\n") for span in item) for item in cell)


def _fence(lines: list[str]) -> str:
    """A code fence longer than any run of backticks in the lines."""
    longest = max((len(run) for text in lines for run in re.findall("`+", text)), default=0)
    return "`" * max(3, longest + 1)


class MarkdownRenderer:
    """Turns one document's blocks into Markdown."""

    def __init__(self, doc: Document) -> None:
        numbered = [b for b in doc.blocks if isinstance(b, Numbered)]
        self.sources = numbered[-1] if numbered else None
        """The numbered sources citations link to (the last numbered list)."""
        self.count = len(self.sources.items) if self.sources else 0

    def inline(self, spans: Line) -> str:
        """One line, citations linked."""
        return inline(spans, self.count)

    def lines(self, lines: Cell) -> str:
        """Lines at the start of block lines; a backslash at the end is a hard break."""
        return "\\\n".join(_block_lines(self.inline(item)) for item in lines)

    def cell(self, lines: Cell) -> str:
        """A table cell: its lines joined by ``<br>`` (a cell is one line of Markdown)."""
        return "<br>".join(self.inline(item).replace("\n", "<br>") for item in lines)

    def table(self, block: Table) -> str:
        """A table; as a nested list when a cell would need more than one ``<br>``."""
        rows = [*block.rows, *([block.summary] if block.summary is not None else [])]
        if any(_height(cell) > MAX_CELL_LINES for row in rows for cell in row):
            return self.table_as_list(block)

        def row(cells: list[str]) -> str:
            return "| " + " | ".join(cells) + " |"

        header = row([self.cell((c.header,)) for c in block.columns])
        rule = row(["---:" if c.justify == "right" else "---" for c in block.columns])
        body = [row([self.cell(cell) for cell in cells]) for cells in rows]
        return "\n".join([header, rule, *body])

    def table_as_list(self, block: Table) -> str:
        """Each row an item led by its first cell, the other cells nested under it, each
        after its column's header."""
        headers = [self.inline(c.header) for c in block.columns]
        out = []
        summary = (block.summary,) if block.summary is not None else ()
        for n, cells in enumerate((*block.rows, *summary)):
            is_summary = n == len(block.rows)
            first = self.lines(cells[0]) if cells else ""
            if headers and headers[0] and first and not is_summary:
                first = f"{headers[0]}: {first}"
            items = [first.replace("\n", "\n  ")] if first else []
            for header, cell in zip(headers[1:], cells[1:], strict=False):
                if not any(cell):
                    continue
                body = self.lines(cell)
                body = f"{header}: {body}" if header else body
                items.append("- " + body.replace("\n", "\n    "))
            if not items:
                continue
            if first:
                out.append("- " + "\n  ".join(items))
            else:
                out.append("\n".join(items))
        return "\n".join(out)

    def items(self, items: tuple[Cell, ...], numbered: bool, anchors: bool = False) -> str:
        """A list; the sources' items carry the anchors their citations link to."""
        out = []
        for n, lines in enumerate(items, 1):
            marker = f"{n}." if numbered else "-"
            pad = " " * (len(marker) + 1)
            body = self.lines(lines).replace("\n", "\n" + pad)
            anchor = f'<a id="source-{n}" name="source-{n}"></a>' if anchors else ""
            out.append(f"{marker} {anchor}{body}")
        return "\n".join(out)

    def node(self, node: Node) -> str:
        """A tree entry as a list item; its entries are a list nested under it."""
        pad = "  "
        body = self.lines((node.text, *node.detail)).replace("\n", "\n" + pad)
        nested = "".join(
            f"\n{pad}" + self.node(child).replace("\n", "\n" + pad) for child in node.children
        )
        return f"- {body}{nested}"

    def figure(self, item: Figure) -> str:
        """Caption, the drawing in a fenced code block (plain characters), the legend."""
        drawing = ["".join(span.text for span in row).rstrip() for row in item.lines]
        drawing = [part for text in drawing for part in text.split("\n")]
        fence = _fence(drawing)
        parts = []
        if item.caption:
            parts.append(f"**{_heading(item.caption)}**")
        if drawing:
            parts.append("\n".join([f"{fence}text", *drawing, fence]))
        if item.legend:
            parts.append(self.items(tuple((ln,) for ln in item.legend), numbered=False))
        return "\n\n".join(parts)

    def block(self, item: Block) -> str:
        """One block as Markdown."""
        if isinstance(item, Title):
            lead = [self.lines((ln,)) for ln in item.lines]
            return "\n\n".join([f"# {_heading(item.text)}", *lead])
        if isinstance(item, Heading):
            return f"{'#' * item.level} {_heading(item.text)}"
        if isinstance(item, Para):
            return self.lines(item.lines)
        if isinstance(item, Table):
            return self.table(item)
        if isinstance(item, Bullets):
            return self.items(item.items, numbered=False)
        if isinstance(item, Numbered):
            return self.items(item.items, numbered=True, anchors=item is self.sources)
        if isinstance(item, Tree):
            return "\n\n".join(self.node(node) for node in item.nodes)
        if isinstance(item, Figure):
            return self.figure(item)
        if isinstance(item, Footer):
            return f"---\n\n{self.lines((item.text,))}"
        raise TypeError(f"not a block: {item!r}")  # pragma: no cover


def to_markdown(doc: Document) -> str:
    """The whole document; blocks are separated by blank lines."""
    renderer = MarkdownRenderer(doc)
    return "\n\n".join(renderer.block(item) for item in doc.blocks) + "\n"
