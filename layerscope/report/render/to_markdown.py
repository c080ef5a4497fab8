"""A :class:`~layerscope.report.document.Document` as GitHub-flavoured Markdown.

Data text stays literal: every character Markdown (or GitHub's HTML and math) would
interpret is backslash-escaped, pipes included, so a cell never splits and ``[x](y)``,
``<b>``, ``*a*``, ``$x$`` or a line starting with ``#`` or ``1.`` shows as written.
Only the renderer's own syntax — headings, tables, lists, links to sources — is live.
"""

from __future__ import annotations

import re
import unicodedata

from layerscope.report.document import (
    Block,
    Bullets,
    Cell,
    Document,
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
# At the start of a line: list markers, setext underlines, ordered-list numbers.
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


def escape(text: str) -> str:
    """Text with every Markdown-active character escaped (newlines are kept)."""
    return _SPECIAL.sub(r"\\\1", text)


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


def _strong(core: str, before: str, after: str) -> str:
    """``**core**`` where CommonMark will read it as strong emphasis, else ``<strong>``."""
    opens = not _flanking(core[0]) or _flanking(before)
    closes = not _flanking(core[-1]) or _flanking(after)
    return f"**{core}**" if opens and closes else f"<strong>{core}</strong>"


def _span(span: Span, before: str = "", after: str = "") -> str:
    text = escape(span.text)
    if span.role == "strong" and text.strip():
        core = text.strip()
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        text = f"{lead}{_strong(core, lead[-1:] or before, trail[:1] or after)}{trail}"
    if span.link:
        return f"[{text}](<{_url(span.link)}>)"
    return text


def inline(spans: Line) -> str:
    """One line of spans as Markdown inline text."""
    out = ""
    for i, span in enumerate(spans):
        after = escape(spans[i + 1].text)[:1] if i + 1 < len(spans) else ""
        out += _span(span, out[-1:], after)
    return out


def _heading(spans: Line) -> str:
    # A heading is bold already; a newline would end it.
    text = "".join(_span(Span(s.text, "", s.link)) for s in spans)
    return text.replace("\n", " ")


def _lines(lines: Cell) -> str:
    # A backslash at the end of a line is a hard line break.
    return "\\\n".join(_block_lines(inline(item)) for item in lines)


def _cell(lines: Cell) -> str:
    return "<br>".join(inline(item).replace("\n", "<br>") for item in lines)


def _table(block: Table) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    header = row([_cell((c.header,)) for c in block.columns])
    rule = row(["---:" if c.justify == "right" else "---" for c in block.columns])
    rows = [row([_cell(cell) for cell in cells]) for cells in block.rows]
    if block.summary is not None:
        rows.append(row([_cell(cell) for cell in block.summary]))
    return "\n".join([header, rule, *rows])


def _items(items: tuple[Cell, ...], numbered: bool) -> str:
    out = []
    for n, lines in enumerate(items, 1):
        marker = f"{n}." if numbered else "-"
        pad = " " * (len(marker) + 1)
        body = _lines(lines).replace("\n", "\n" + pad)
        out.append(f"{marker} {body}")
    return "\n".join(out)


def _node(node: Node) -> str:
    """A tree entry as a list item; its entries are a list nested under it."""
    pad = "  "
    body = _lines((node.text, *node.detail)).replace("\n", "\n" + pad)
    nested = "".join(f"\n{pad}" + _node(child).replace("\n", "\n" + pad) for child in node.children)
    return f"- {body}{nested}"


def block(item: Block) -> str:
    """One block as Markdown."""
    if isinstance(item, Title):
        return "\n\n".join([f"# {_heading(item.text)}", *(_lines((ln,)) for ln in item.lines)])
    if isinstance(item, Heading):
        return f"{'#' * item.level} {_heading(item.text)}"
    if isinstance(item, Para):
        return _lines(item.lines)
    if isinstance(item, Table):
        return _table(item)
    if isinstance(item, Bullets):
        return _items(item.items, numbered=False)
    if isinstance(item, Numbered):
        return _items(item.items, numbered=True)
    if isinstance(item, Tree):
        return "\n\n".join(_node(node) for node in item.nodes)
    if isinstance(item, Footer):
        return f"---\n\n{_lines((item.text,))}"
    raise TypeError(f"not a block: {item!r}")  # pragma: no cover


def to_markdown(doc: Document) -> str:
    """The whole document; blocks are separated by blank lines."""
    return "\n\n".join(block(item) for item in doc.blocks) + "\n"
