"""A :class:`~layerscope.report.document.Document` as one self-contained HTML page.

Headings, paragraphs, lists and ``<table>``\\ s come from the blocks; figures are inline
SVG (with their characters in a "text version" below); citations such as ``[1, 3]`` link
to the numbered sources (``#source-1``). The page works offline: its style is inline, its
fonts are the system's, it refers to no other file or host. It reads on a 420-pixel
phone (tables scroll inside their own box; long words and URLs wrap) and in light and
dark (``prefers-color-scheme``), every colour at WCAG AA contrast (palette.py).

Data text is always escaped (:func:`html.escape`) and URLs only become links through
:func:`~layerscope.report.document.safe_url`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

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
    plain,
    safe_url,
)
from layerscope.report.render import vector
from layerscope.report.render.palette import DARK, LIGHT, Palette

REF = re.compile(r"\[(\d+(?:, \d+)*)\]")
"""A citation marker as :class:`~layerscope.report.views.cite.Citations` writes it."""
_TAGS = {"strong": "strong", "em": "em"}
_CLASSES = {"dim": "dim", "ref": "ref", "url": "url", "bar": "bar"}
_OUTCOMES = ("solved", "mitigated", "transferred", "worsened", "unaddressed")

_LAYOUT = f"""\
*, *::before, *::after {{ box-sizing: border-box; }}
html {{ color-scheme: light dark; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans",
  "Liberation Sans", sans-serif; overflow-wrap: anywhere; }}
main {{ max-width: 72rem; margin: 0 auto; padding: 1rem 1rem 2rem; }}
h1 {{ font-size: 1.6rem; line-height: 1.25; margin: 0.5rem 0 0.75rem; }}
h2 {{ font-size: 1.3rem; line-height: 1.3; margin: 2rem 0 0.6rem; padding-bottom: 0.2rem;
  border-bottom: 1px solid; }}
h3 {{ font-size: 1.1rem; margin: 1.4rem 0 0.4rem; }}
p {{ margin: 0.5rem 0; }}
/* Data text keeps its spaces (the markup adds none inside these). */
p, li, td, th, h1, h2, h3, figcaption {{ white-space: pre-wrap; }}
ul, ol {{ margin: 0.5rem 0; padding-left: 1.6rem; }}
li {{ margin: 0.25rem 0; }}
.table {{ overflow-x: auto; max-width: 100%; margin: 0.75rem 0; }}
.table:focus-visible {{ outline: 2px solid; }}
table {{ border-collapse: collapse; overflow-wrap: normal; }}
th, td {{ padding: 0.35rem 0.65rem; text-align: left; vertical-align: top;
  border-bottom: 1px solid; }}
th.num, td.num {{ text-align: right; white-space: nowrap; }}
td.nowrap, th.nowrap {{ white-space: nowrap; }}
tfoot td {{ border-top: 2px solid; border-bottom: none; }}
.bar, pre, code {{ font-family: {vector.FONT_FAMILY}; }}
.bar {{ white-space: pre; letter-spacing: 0; }}
.tree, .tree ul {{ list-style: disc; }}
.tree ul {{ list-style: circle; }}
.tree > li {{ margin: 0.75rem 0; }}
figure {{ margin: 1rem 0; max-width: 100%; }}
figcaption {{ font-weight: 700; margin-bottom: 0.4rem; }}
figure svg {{ display: block; max-width: 100%; height: auto; }}
.legend {{ padding-left: 1.2rem; }}
details {{ margin: 0.5rem 0; }}
details pre {{ overflow-x: auto; padding: 0.5rem; margin: 0.4rem 0; line-height: 1.2;
  font-size: 0.85rem; }}
.sources li:target {{ outline: 2px solid; outline-offset: 2px; }}
footer {{ margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid; }}"""


def _colours(p: Palette) -> str:
    """The rules that differ between light and dark."""
    outcomes = "\n".join(f".o-{name} {{ color: {c}; }}" for name, c in p.outcomes.items())
    return f"""\
body {{ background: {p.background}; color: {p.ink}; }}
a {{ color: {p.link}; }}
.dim, .ref, footer {{ color: {p.muted}; }}
h2, th, td, footer, tfoot td {{ border-color: {p.rule}; }}
thead th, details pre {{ background: {p.stripe}; }}
.table:focus-visible, .sources li:target {{ outline-color: {p.link}; }}
{outcomes}"""


STYLE = (
    f"{_LAYOUT}\n{_colours(LIGHT)}\n@media (prefers-color-scheme: dark) {{\n{_colours(DARK)}\n}}"
)
"""The page's whole stylesheet."""


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def title_of(doc: Document) -> str:
    """The page title: the document's title line (it names the stacks), else its path."""
    first = next((b for b in doc.blocks if isinstance(b, Title)), None)
    return plain(first.text) if first is not None else doc.path


class HtmlRenderer:
    """Turns one document's blocks into HTML."""

    def __init__(self, doc: Document) -> None:
        numbered = [b for b in doc.blocks if isinstance(b, Numbered)]
        self.sources = numbered[-1] if numbered else None
        """The numbered sources citations point to (the last numbered list)."""
        self.ids: set[str] = set()
        self.figures = 0

    # --- inline ---------------------------------------------------------------------

    def span(self, span: Span) -> str:
        """One span: escaped text in the element of its role, a link where it has one."""
        if span.role == "ref":
            return f'<span class="ref">{self.citation(span.text)}</span>'
        text = _text(span.text)
        if span.role in _TAGS:
            text = f"<{_TAGS[span.role]}>{text}</{_TAGS[span.role]}>"
        elif span.role in _CLASSES:
            text = f'<span class="{_CLASSES[span.role]}">{text}</span>'
        elif span.role in _OUTCOMES:
            text = f'<span class="o o-{span.role}">{text}</span>'
        url = safe_url(span.link) if span.link else None
        if url:
            text = f'<a href="{html.escape(url, quote=True)}">{text}</a>'
        return text

    def citation(self, text: str) -> str:
        """``[1, 3]`` with each number a link to its source, when the sources list it."""
        found = REF.fullmatch(text)
        count = len(self.sources.items) if self.sources else 0
        if found is None:
            return _text(text)
        numbers = [int(n) for n in found[1].split(", ")]
        if not all(1 <= n <= count for n in numbers):
            return _text(text)
        links = ", ".join(f'<a href="#source-{n}" aria-label="source {n}">{n}</a>' for n in numbers)
        return f"[{links}]"

    def line(self, spans: Line) -> str:
        """One line of spans."""
        return "".join(self.span(span) for span in spans)

    def cell(self, lines: Cell) -> str:
        """Lines joined by line breaks."""
        return "<br>".join(self.line(item) for item in lines)

    # --- blocks ---------------------------------------------------------------------

    def anchor(self, text: str) -> str:
        """A unique id made from a heading's words."""
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        ident, n = base, 1
        while ident in self.ids:
            n += 1
            ident = f"{base}-{n}"
        self.ids.add(ident)
        return ident

    def block(self, block: Block) -> str:
        """One block as HTML."""
        if isinstance(block, Title):
            lead = "".join(f"<p>{self.line(item)}</p>" for item in block.lines)
            return f"<header><h1>{self.line(block.text)}</h1>{lead}</header>"
        if isinstance(block, Heading):
            tag = f"h{block.level}"
            ident = self.anchor(plain(block.text))
            return f'<{tag} id="{ident}">{self.line(block.text)}</{tag}>'
        if isinstance(block, Para):
            return f"<p>{self.cell(block.lines)}</p>"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Bullets):
            return self.items("ul", block.items)
        if isinstance(block, Numbered):
            is_sources = block is self.sources
            return self.items("ol", block.items, ids=is_sources)
        if isinstance(block, Tree):
            key = f' data-key="{html.escape(block.key, quote=True)}"' if block.key else ""
            nodes = "".join(self.node(node) for node in block.nodes)
            return f'<ul class="tree"{key}>{nodes}</ul>'
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, Footer):
            return f"<footer><p>{self.line(block.text)}</p></footer>"
        raise TypeError(f"not a block: {block!r}")  # pragma: no cover

    def items(self, tag: str, items: Iterable[Cell], *, ids: bool = False) -> str:
        """A list; the sources' items get the ids their citations link to."""
        out = []
        for n, item in enumerate(items, 1):
            ident = f' id="source-{n}"' if ids else ""
            out.append(f"<li{ident}>{self.cell(item)}</li>")
        cls = ' class="sources"' if ids else ""
        return f"<{tag}{cls}>{''.join(out)}</{tag}>"

    def node(self, node: Node) -> str:
        """A tree entry, its detail under it and its entries nested."""
        key = f' data-key="{html.escape(node.key, quote=True)}"' if node.key else ""
        body = self.cell((node.text, *node.detail))
        children = "".join(self.node(child) for child in node.children)
        nested = f"<ul>{children}</ul>" if children else ""
        return f"<li{key}>{body}{nested}</li>"

    def table(self, block: Table) -> str:
        """A table in a box of its own that scrolls sideways when the page is narrow."""
        classes = [
            " ".join(
                c for c in ("num" if col.justify == "right" else "", "nowrap" * col.no_wrap) if c
            )
            for col in block.columns
        ]

        def cls(i: int) -> str:
            return f' class="{classes[i]}"' if i < len(classes) and classes[i] else ""

        head = "".join(
            f'<th scope="col"{cls(i)}>{self.line(col.header)}</th>'
            for i, col in enumerate(block.columns)
        )
        rows = []
        for n, row in enumerate(block.rows):
            key = block.row_keys[n] if n < len(block.row_keys) else ""
            attr = f' data-key="{html.escape(key, quote=True)}"' if key else ""
            cells = "".join(f"<td{cls(i)}>{self.cell(c)}</td>" for i, c in enumerate(row))
            rows.append(f"<tr{attr}>{cells}</tr>")
        foot = ""
        if block.summary is not None:
            cells = "".join(f"<td{cls(i)}>{self.cell(c)}</td>" for i, c in enumerate(block.summary))
            foot = f"<tfoot><tr>{cells}</tr></tfoot>"
        label = block.key or (plain(block.columns[0].header) if block.columns else "")
        key = f' data-key="{html.escape(block.key, quote=True)}"' if block.key else ""
        return (
            f'<div class="table" role="region" tabindex="0" '
            f'aria-label="{html.escape(label or "table", quote=True)}">'
            f"<table{key}><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            f"{foot}</table></div>"
        )

    def figure(self, block: Figure) -> str:
        """The chart as inline SVG, its legend as a list, its characters as a text version."""
        self.figures += 1
        ident = f"figure-{self.figures}"
        key = f' data-key="{html.escape(block.key, quote=True)}"' if block.key else ""
        caption = f"<figcaption>{self.line(block.caption)}</figcaption>" if block.caption else ""
        legend = "".join(f"<li>{self.line(item)}</li>" for item in block.legend)
        legend = f'<ul class="legend">{legend}</ul>' if legend else ""
        drawing = "\n".join(self.line(item) for item in block.lines)
        text = (
            f"<details><summary>Text version</summary><pre>{drawing}</pre></details>"
            if block.lines
            else ""
        )
        return f"<figure{key}>{caption}{vector.figure_svg(block, ident)}{legend}{text}</figure>"


def to_html(doc: Document) -> str:
    """The whole page."""
    renderer = HtmlRenderer(doc)
    body = "\n".join(renderer.block(block) for block in doc.blocks)
    chart_style = f"\n{vector.CHART_STYLE}" if renderer.figures else ""
    return f"""\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="generator" content="layerscope">
<title>{html.escape(title_of(doc))}</title>
<style>
{STYLE}{chart_style}
</style>
</head>
<body>
<main>
{body}
</main>
</body>
</html>
"""
