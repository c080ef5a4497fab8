"""Data text is shown literally in every format; control characters never get out.

The markup fixture holds strings that look like Rich or Textual markup, HTML, Markdown
and escape codes. Each format is read back the way its reader would see it (a terminal,
a Markdown renderer, a browser) and the strings must come out exactly as written.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import msgspec
import pytest
from markdown_it import MarkdownIt
from readers import json_lines, svg_lines

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import FORMATS, View, render_view

FIXTURES = Path(__file__).resolve().parent / "fixtures"
WIDE = 400  # nothing wraps, so a string can be found whole

SGR = re.compile(r"\x1b\[[0-9;]*m")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# What each view must show, exactly as the YAML file means it.
SHOWN = {
    View("stack", ("markup",)): [
        "[bold red]Markup[/] stack",
        "Trailing backslash \\",
        "[link=https://example.org]not a link[/link] and \\[escaped]",
        "[reverse]Low[/reverse]",
        "$variable and {braces} and [/]",
        "\\[bold]escaped markup\\[/bold]",
        "[on red]note[/]",
        "[blink]Problem[/blink]",
        "[link=javascript:alert(1)]Source[/link]",
    ],
    View("layer", ("markup",), "low"): [
        "[reverse]Low[/reverse]",
        "Colour [31mred[0m and a bell  here",
        "[blink]Problem[/blink]",
        "<b>html</b> & entities &amp;",
        "[b]Example[/b] | with pipe",
        "<script>alert(1)</script>",
        "*not emphasis* and `not code` and # not a heading",
        "https://example.org/?q=[x]",
        "[i]Metric[/i]",
        "1 [%]",
        "[link=javascript:alert(1)]Source[/link]",
        "]]]",
        "https://example.org/a_b*c*",
    ],
    View("compare", ("markup", "alpha")): [
        "[@click=app.quit]Q[/]",
        "L1 [reverse]Low[/reverse]",
        "L2 $variable and {braces} and [/]",
    ],
    View("flow", ("markup",)): ["[blink]Problem[/blink]", "[on red]note[/]"],
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(
        [SearchDir(FIXTURES / "markup", "--data"), SearchDir(FIXTURES / "catalog", "--data")]
    )


class _Text(HTMLParser):
    """The text a browser shows, and the elements and links it would act on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.ids: list[str] = []
        self.anchors = 0
        """Links without a target: places that links point to."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag == "br":
            self.parts.append("\n")
        self.hrefs += [value or "" for name, value in attrs if name == "href"]
        self.ids += [value or "" for name, value in attrs if name == "id"]
        if tag == "a" and not any(name == "href" for name, _ in attrs):
            self.anchors += 1

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _browser(markup: str) -> _Text:
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return parser


def _markdown_html(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(text)


def visible(fmt: str, output: str) -> str:
    """What a reader of this format sees, with runs of white space made one space."""
    if fmt == "ansi":
        shown = SGR.sub("", output)
    elif fmt == "md":
        shown = "".join(_browser(_markdown_html(output)).parts)
    elif fmt == "html":
        shown = "".join(_browser(output).parts)
    elif fmt == "svg":
        shown = "\n".join(svg_lines(output))
    elif fmt == "json":
        shown = "\n".join(json_lines(output))
    else:
        shown = output
    return " ".join(shown.replace("\xa0", " ").split())


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("view", list(SHOWN), ids=lambda v: v.path)
def test_data_text_is_shown_literally(catalog: Catalog, view: View, fmt: str) -> None:
    output = render_view(view, catalog, fmt, width=WIDE)
    shown = visible(fmt, output)
    missing = [s for s in SHOWN[view] if _flat(s) not in shown]
    assert not missing, f"{fmt} does not show these literally: {missing}"


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_control_characters_reach_the_output(catalog: Catalog, fmt: str) -> None:
    for view in SHOWN:
        output = render_view(view, catalog, fmt, width=WIDE)
        if fmt == "ansi":
            output = SGR.sub("", output)  # colour codes are the format; nothing else is
        assert not CONTROL.search(output), (view.path, CONTROL.findall(output))


@pytest.mark.parametrize("fmt", ["md", "html", "svg"])
def test_no_markup_in_data_becomes_live(catalog: Catalog, fmt: str) -> None:
    output = render_view(View("layer", ("markup",), "low"), catalog, fmt, width=WIDE)
    page = _browser(_markdown_html(output) if fmt == "md" else output)
    assert "script" not in page.tags
    assert "b" not in page.tags  # "<b>html</b>" is text, not bold
    assert page.tags.count("a") == len(page.hrefs) + page.anchors
    # Links go to the data's own URLs, or to a numbered source on the same page.
    outside = [href for href in page.hrefs if not href.startswith("#")]
    assert all(href.startswith("https://") for href in outside), page.hrefs
    inside = [href[1:] for href in page.hrefs if href.startswith("#")]
    assert set(inside) <= set(page.ids), (inside, page.ids)
    assert inside or fmt == "svg"  # citations link to their sources (not in a picture)
    if fmt == "md":
        assert "code" not in page.tags  # `x` stays text
        # *x* stays text: the only emphasis is layerscope's own, on outcome words.
        emphasised = re.findall(r"<em>(.*?)</em>", _markdown_html(output))
        assert emphasised and all(re.fullmatch(r"\S (solved|mitigated)", e) for e in emphasised)


class _Tables(HTMLParser):
    """The text of every cell of every table in an HTML page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def markdown_tables(markdown: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(_markdown_html(markdown))
    return parser.tables


def test_markdown_table_cells_hold_the_data_exactly(catalog: Catalog) -> None:
    output = render_view(View("layer", ("markup",), "low"), catalog, "md")
    examples = next(t for t in markdown_tables(output) if t[0][0] == "Name")
    assert examples == [
        ["Name", "Org", "Launched", "Note", "Src"],
        [
            "[b]Example[/b] | with pipe",
            "<script>alert(1)</script>",
            "—",
            "*not emphasis* and `not code` and # not a heading\nhttps://example.org/?q=[x]",
            "[1]",
        ],
    ]
    introduces = next(t for t in markdown_tables(output) if t[0][0] == "Problem")
    assert introduces[1][:3] == ["[blink]Problem[/blink]", "medium", "<b>html</b> & entities &amp;"]


@pytest.mark.parametrize("view", [v for v in SHOWN if v.kind != "stack"], ids=lambda v: v.path)
def test_markdown_tables_keep_their_shape(catalog: Catalog, view: View) -> None:
    tables = markdown_tables(render_view(view, catalog, "md"))
    assert tables or view.kind == "compare", "no table found"  # compare's is a list
    for rows in tables:
        assert len({len(row) for row in rows}) == 1, rows


def test_ansi_output_holds_only_colour_codes(catalog: Catalog) -> None:
    output = render_view(View("stack", ("markup",)), catalog, "ansi")
    assert "\x1b[" in output  # it is styled
    assert "\x1b" not in SGR.sub("", output)  # ... and by nothing but SGR codes
    assert "\x1b]8;" not in output  # no hyperlink escapes (their ids are random)


def test_control_characters_in_records_are_removed(catalog: Catalog) -> None:
    # Records built in code skip the loader's clean-up: the report still removes them.
    alpha = catalog.stack("alpha")
    evil = msgspec.structs.replace(
        alpha,
        name="\x1b]8;;https://evil.example\x07Click\x1b]8;;\x07 me\x1b[2J",
        summary="bell\x07 and\x9b31m CSI",
        layers=(
            msgspec.structs.replace(alpha.layers[0], name="base\x00\x7f\u2028line"),
            *alpha.layers[1:],
        ),
    )
    rigged = Catalog(stacks={"alpha": evil}, dimensions=list(catalog.dimensions))
    for view in (View("stack", ("alpha",)), View("layer", ("alpha",), "base")):
        for fmt in FORMATS:
            output = render_view(view, rigged, fmt, width=WIDE)
            if fmt == "ansi":
                output = SGR.sub("", output)
            assert not CONTROL.search(output), (fmt, CONTROL.findall(output))
            assert "\u2028" not in output
        assert "]8;;https://evil.exampleClick]8;; me[2J" in render_view(view, rigged, "text")


# --- ASCII mode ------------------------------------------------------------------------

ASCII_VIEWS = [
    View("stack", ("alpha",)),
    View("stack", ("beta",)),
    *(View("layer", ("alpha",), layer) for layer in ("base", "middle", "top")),
    *(View("layer", ("beta",), layer) for layer in ("chain", "rollup", "appchain")),
    View("compare", ("alpha", "beta")),
    View("drivers", ("alpha", "beta")),
    View("flow", ("alpha", "beta")),
]


@pytest.fixture(scope="module")
def ascii_catalog() -> Catalog:
    """The fixture catalog alone: all its data text is ASCII, so any other character in an
    ASCII report is layerscope's own."""
    directory = FIXTURES / "catalog"
    for path in directory.glob("*.yaml"):
        assert path.read_bytes().isascii(), path
    return load_catalog([SearchDir(directory, "--data")])


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("view", ASCII_VIEWS, ids=lambda v: v.path)
def test_ascii_reports_are_ascii(ascii_catalog: Catalog, view: View, fmt: str) -> None:
    output = render_view(view, ascii_catalog, fmt, width=100, ascii=True)
    # What the reader sees: for HTML and SVG the text on the page (their markup is Rich's).
    shown = output if fmt in ("text", "ansi", "md") else visible(fmt, output)
    others = sorted({char for char in shown if ord(char) > 127})
    assert not others, f"{view.path} {fmt}: {others}"


@pytest.mark.parametrize("view", ASCII_VIEWS, ids=lambda v: v.path)
def test_ascii_outcome_symbols_stand_only_for_outcomes(ascii_catalog: Catalog, view: View) -> None:
    # The fixture's data has none of + ~ > o-as-a-word, so each comes from an outcome: a
    # symbol and its word ("+ solved"), or a count in a tally ("+2").
    output = render_view(view, ascii_catalog, "text", width=100, ascii=True)
    words = {"+": "solved", "~": "mitigated", ">": "transferred"}
    for symbol, word in words.items():
        for found in re.finditer(re.escape(symbol), output):
            after = output[found.end() : found.end() + len(word) + 1]
            assert after == f" {word}" or after[:1].isdigit(), (
                f"{view.path}: {symbol!r} before {after!r}"
            )
