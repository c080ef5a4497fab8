"""Exports worth pasting: the Markdown read back by markdown-it and the HTML by a parser, as
the page a reader gets (structure, citations that lead somewhere, outcomes apart from the
problems they name, no walls of line breaks)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import View, build_document, render_view
from layerscope.report.document import Numbered, Table, Title, plain

FIXTURES = Path(__file__).resolve().parent / "fixtures"
VIEWS = [
    View("stack", ("alpha",)),
    View("layer", ("alpha",), "base"),
    View("layer", ("beta",), "rollup"),
    View("compare", ("alpha", "beta")),
    View("drivers", ("alpha", "beta")),
    View("flow", ("alpha", "beta")),
    View("compare", ("markup", "alpha")),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(
        [SearchDir(FIXTURES / "catalog", "--data"), SearchDir(FIXTURES / "markup", "--data")]
    )


class Page(HTMLParser):
    """Elements, ids, links and, per table cell and list item, the line breaks in it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        """(href, text) of every link."""
        self.cell_breaks: list[int] = []
        self._href: str | None = None
        self._text = ""
        self._breaks: int | None = None
        self.em: list[tuple[str, str]] = []
        """(emphasised text, the text right after it)."""
        self._em: str | None = None
        self._after_em: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append(tag)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "a" and found.get("href"):
            self._href, self._text = found["href"], ""
        if tag in ("td", "th"):
            self._breaks = 0
        if tag == "br" and self._breaks is not None:
            self._breaks += 1
        if tag == "em":
            self._em = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text))
            self._href = None
        if tag in ("td", "th") and self._breaks is not None:
            self.cell_breaks.append(self._breaks)
            self._breaks = None
        if tag == "em" and self._em is not None:
            self.em.append((self._em, ""))
            self._em, self._after_em = None, len(self.em) - 1

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data
        if self._em is not None:
            self._em += data
        elif self._after_em is not None:
            text, _ = self.em[self._after_em]
            self.em[self._after_em] = (text, data)
            self._after_em = None


def read(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    page.close()
    return page


def markdown_page(markdown: str) -> Page:
    return read(MarkdownIt("commonmark").enable("table").render(markdown))


def sources_of(catalog: Catalog, view: View) -> int:
    doc = build_document(view, catalog)
    return sum(len(b.items) for b in doc.blocks if isinstance(b, Numbered))


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.path)
def test_every_citation_leads_to_its_source(catalog: Catalog, view: View, fmt: str) -> None:
    output = render_view(view, catalog, fmt)
    page = markdown_page(output) if fmt == "md" else read(output)
    count = sources_of(catalog, view)
    cited = [(href, text) for href, text in page.links if href.startswith("#")]
    assert cited, "no citation is a link"
    for href, text in cited:
        assert href == f"#source-{text}", (href, text)  # the link's text is its number
        assert 1 <= int(text) <= count
    # Each numbered source is an anchor, once.
    anchors = [i for i in page.ids if i.startswith("source-")]
    assert anchors == [f"source-{n}" for n in range(1, count + 1)]
    # Every source is cited somewhere (a report numbers only what it cites).
    assert {text for _, text in cited} == {str(n) for n in range(1, count + 1)}


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.path)
def test_markdown_cells_hold_at_most_one_break(catalog: Catalog, view: View) -> None:
    page = markdown_page(render_view(view, catalog, "md"))
    assert max(page.cell_breaks, default=0) <= 1, page.cell_breaks


def test_a_table_of_tall_cells_becomes_a_nested_list(catalog: Catalog) -> None:
    view = View("compare", ("alpha", "beta"))
    md = render_view(view, catalog, "md")
    doc = build_document(view, catalog)
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.key == "levels")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    assert not any(t.type == "table_open" for t in tokens)
    # One item per level (and the verdicts), each with an item per stack under it.
    items = [t for t in tokens if t.type == "list_item_open"]
    top = [t for t in items if t.level == 1]
    nested = [t for t in items if t.level == 3]
    assert len(top) >= len(table.rows) + 1
    assert len(nested) == (len(table.rows) + 1) * (len(table.columns) - 1)
    for row in table.rows:
        level = plain(row[0][0])
        assert f"- Level: {level}\n  - **Alpha**: " in md, level
    # The cell's lines are all there, in order, each on its own line (hard breaks).
    rendered = MarkdownIt("commonmark").render(md)
    item = rendered[rendered.index("Level: 4") : rendered.index("Level: 3")]
    text = re.sub(r"<[^>]+>", "", item.replace("<br />\n", "\n"))
    b3 = next(row for row in table.rows if plain(row[0][0]) == "4")[2]
    lines = [plain(cell_line) for cell_line in b3]
    assert "Beta stack: " + "\n".join(lines) in text.replace("&quot;", '"')


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_outcomes_are_set_apart_from_the_problems_they_name(catalog: Catalog, fmt: str) -> None:
    view = View("compare", ("alpha", "beta"))
    output = render_view(view, catalog, fmt)
    if fmt == "md":
        found = markdown_page(output).em
        outcomes = [(text, after) for text, after in found if re.fullmatch(r"\S \w+", text)]
    else:
        spans = re.findall(r'<span class="o o-(\w+)">([^<]+)</span>([^<]*)', output)
        outcomes = [(text, after) for _, text, after in spans if " " in text]
    assert len(outcomes) >= 4
    named = [(text, after) for text, after in outcomes if after.strip()]
    assert named
    for text, after in named:
        assert text.split()[1] in ("solved", "mitigated", "transferred", "worsened")
        assert after.startswith(" ")  # the problem's name follows, outside the emphasis
    assert any(text == "✓ solved" and after.startswith(" Slow") for text, after in named)


@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.path)
def test_html_is_a_document_not_a_terminal_dump(catalog: Catalog, view: View) -> None:
    output = render_view(view, catalog, "html")
    page = read(output)
    doc = build_document(view, catalog)
    assert page.tags.count("h1") == 1
    assert "pre" not in page.tags  # no figure in these views, so no text version either
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert page.tags.count("table") == len(tables)
    assert page.tags.count("thead") == len(tables)
    assert page.tags.count("tfoot") == sum(1 for t in tables if t.summary is not None)
    title = doc.blocks[0]
    assert isinstance(title, Title)
    assert re.findall(r"<title>([^<]+)</title>", output) == [plain(title.text)]
    if any(isinstance(b, Numbered) for b in doc.blocks):
        assert '<ol class="sources">' in output
    # Headings keep unique ids a link can point to.
    heading_ids = re.findall(r'<h[23] id="([^"]+)"', output)
    assert len(heading_ids) == len(set(heading_ids)) > 0
