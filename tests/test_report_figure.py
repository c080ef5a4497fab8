"""Figures: one chart spec drawn in characters (text, ANSI, Markdown) and as vector shapes
(HTML, SVG), and carried whole by JSON.

The sample is a small verdict-map-like chart built here from its numbers, the way a view
builds one: regions, a threshold, axes, a point with its range box, labels.
"""

from __future__ import annotations

import difflib
import html
import math
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import msgspec
import pytest
from markdown_it import MarkdownIt
from readers import COLUMN, PAD, SVG, svg_lines

from layerscope.report import EXTENSIONS, FORMATS, render_document
from layerscope.report.document import (
    Circle,
    Document,
    Figure,
    Footer,
    Heading,
    Label,
    Line,
    Para,
    Polyline,
    Rect,
    Shape,
    Span,
    Title,
    line,
)
from layerscope.report.render.to_json import from_json

GOLDEN = Path(__file__).resolve().parent / "golden" / "figure"
UPDATE = os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1"

COLUMNS, ROWS = 40, 10
"""The plot area: index 0..1 over 40 columns, share 1..0 over 10 lines."""
CAPTION = "Progression index across, transfer share up"


def _x(index: float) -> float:
    return 1 + index * COLUMNS


def _y(share: float) -> float:
    return (1 - share) * ROWS


def sample_figure(ascii: bool = False, key: str = "verdict-map") -> Figure:
    """A verdict map of one point, in characters and shapes from the same numbers."""
    transfer, progression = ("/", ".") if ascii else ("╱", "·")
    grid = [[" "] * (COLUMNS + 1) for _ in range(ROWS)]
    for r in range(ROWS):
        share = 1 - (r + 0.5) / ROWS
        for c in range(COLUMNS + 1):
            index = c / COLUMNS
            if share >= 0.4 and (c + r) % 3 == 0:
                grid[r][c] = transfer
            elif share < 0.25 and index >= 0.6 and c % 2 == 0:
                grid[r][c] = progression
    point_c, point_r = round(0.5 * COLUMNS), int(_y(0.2))
    for k, char in enumerate("A Gamma"):
        grid[point_r][point_c + k] = char
    bar = "|" if ascii else "│"
    lines: list[Line] = [
        line(Span(bar, "dim"), Span("".join(row), "strong" if n == point_r else ""))
        for n, row in enumerate(grid)
    ]
    lines.append(line(Span(("-" if ascii else "└") + "0" + "-" * 18 + "0.50" + "-" * 17 + "1")))
    shapes: list[Shape] = [
        Rect(_x(0), _y(1), COLUMNS, _y(0.4), "transfer", text="problem transfer"),
        Rect(_x(0.6), _y(0.25), 0.4 * COLUMNS, 0.25 * ROWS, "progression", text="capability"),
        Polyline(((_x(0), _y(0.4)), (_x(1), _y(0.4))), "threshold", text="40% transfer share"),
        Polyline(((_x(0), 0), (_x(0), ROWS), (_x(1), ROWS)), "axis"),
        Rect(_x(0.2), _y(0.4), 0.4 * COLUMNS, 0.2 * ROWS, "strong", outline=True, text="range"),
        Circle(_x(0.5), _y(0.2), 0.6, "strong", text="Gamma: mixed"),
        Label(_x(0.5) + 1, _y(0.2), "A Gamma <&>", "strong"),
        Label(_x(0), ROWS + 0.5, "0", "dim", anchor="middle"),
        Label(_x(1), ROWS + 0.5, "1", "dim", anchor="end"),
        Label(_x(1) + 1, _y(0.4), "40%", "dim"),
    ]
    return Figure(
        tuple(lines),
        tuple(shapes),
        width=COLUMNS + 6,
        height=ROWS + 1,
        caption=line(CAPTION),
        legend=(
            line(Span(transfer, "transferred"), " problem transfer: share at least 40%"),
            line(Span(progression, "solved"), " capability progression: index at least 0.60"),
            line(Span("A", "strong"), " ", Span("Gamma", "strong"), ": mixed, index 0.50"),
        ),
        key=key,
    )


def sample_document(ascii: bool = False) -> Document:
    return Document(
        "verdict gamma",
        (
            Title(line("Verdict: ", Span("Gamma", "strong"))),
            Heading(line("Verdict map")),
            sample_figure(ascii),
            Para((line("After the chart."),)),
            Footer(line(Span("verdict gamma", "strong"))),
        ),
    )


# --- the spec ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda: Rect(0, 0, -1, 1),
        lambda: Rect(math.nan, 0, 1, 1),
        lambda: Polyline(((0, 0),)),
        lambda: Polyline(((0, 0), (math.inf, 1))),
        lambda: Circle(0, 0, -0.5),
        lambda: Label(math.nan, 0, "x"),
        lambda: Figure((), (), width=0, height=3),
        lambda: Figure((), (), width=3, height=math.inf),
    ],
)
def test_impossible_shapes_are_refused(make: object) -> None:
    with pytest.raises(ValueError):
        make()  # type: ignore[operator]


def test_shape_text_is_plain_text_on_one_line() -> None:
    assert Label(0, 0, "a\x1b[31mb\x07\nc\td").text == "a[31mb c d"
    assert Rect(0, 0, 1, 1, text="x\x9b2Jy").text == "x2Jy"
    assert Circle(0, 0, text="\x00dot").text == "dot"
    assert Polyline(((0, 0), (1, 1)), text="l\x7fine").text == "line"


def test_json_carries_the_whole_figure() -> None:
    doc = sample_document()
    text = render_document(doc, "json")
    assert from_json(text) == doc
    figure = next(b for b in msgspec.json.decode(text)["blocks"] if b["type"] == "figure")
    assert figure["key"] == "verdict-map"
    assert [s["type"] for s in figure["shapes"]] == [
        "rect", "rect", "line", "line", "rect", "circle", "text", "text", "text", "text",
    ]  # fmt: skip
    assert figure["shapes"][6]["text"] == "A Gamma <&>"


# --- characters -------------------------------------------------------------------------


def test_text_shows_the_lines_as_drawn() -> None:
    fig = sample_figure()
    out = render_document(sample_document(), "text", width=100).splitlines()
    drawn = ["".join(s.text for s in row).rstrip() for row in fig.lines]
    start = out.index(CAPTION)
    assert out[start + 1 : start + 1 + len(drawn)] == drawn
    after = out[start + 1 + len(drawn) :]
    assert after[:3] == [
        "╱ problem transfer: share at least 40%",
        "· capability progression: index at least 0.60",
        "A Gamma: mixed, index 0.50",
    ]


@pytest.mark.parametrize(("ascii", "ellipsis"), [(False, "…"), (True, "...")])
def test_narrow_pages_cut_the_lines_never_wrap_them(ascii: bool, ellipsis: str) -> None:
    fig = sample_figure(ascii)
    width = 30
    out = render_document(sample_document(ascii), "text", width=width, ascii=ascii).splitlines()
    first = "".join(s.text for s in fig.lines[0])[:10]
    start = next(n for n, row in enumerate(out) if row.startswith(first))
    shown = out[start : start + len(fig.lines)]
    for row, drawn in zip(shown, fig.lines, strict=True):
        full = "".join(s.text for s in drawn).rstrip()
        if len(full) > width:
            assert len(row) == width and row.endswith(ellipsis), row
            assert row[: width - len(ellipsis)] == full[: width - len(ellipsis)]
        else:
            assert row == full
    # The legend is prose: it wraps instead.
    assert "╱ problem transfer: share at" in out or "/ problem transfer: share at" in out


def test_markdown_fences_the_characters() -> None:
    fig = sample_figure()
    md = render_document(sample_document(), "md")
    tokens = MarkdownIt("commonmark").parse(md)
    fences = [t for t in tokens if t.type == "fence"]
    assert len(fences) == 1 and fences[0].info == "text"
    drawn = ["".join(s.text for s in row).rstrip() for row in fig.lines]
    assert fences[0].content.splitlines() == drawn
    assert f"**{CAPTION}**" in md
    assert "- ╱ problem transfer: share at least 40%" in md


def test_a_fence_outlasts_backticks_in_the_drawing() -> None:
    fig = Figure((line("a ``` b ```` c"),), (), width=10, height=1)
    md = render_document(Document("x", (fig,)), "md")
    (fence,) = [t for t in MarkdownIt("commonmark").parse(md) if t.type == "fence"]
    assert fence.content == "a ``` b ```` c\n"


# --- vectors ----------------------------------------------------------------------------


def _chart_elements(svg: ET.Element) -> list[ET.Element]:
    """The drawn shapes: elements with a role's class (not patterns, clips or textures)."""
    return [e for e in svg.iter() if re.search(r"\br-", e.get("class", ""))]


def test_html_draws_every_shape_in_pixels() -> None:
    fig = sample_figure()
    page = render_document(sample_document(), "html")
    found = re.search(r"<svg class=\"chart\".*?</svg>", page, flags=re.S)
    assert found is not None
    svg = ET.fromstring(found[0])
    assert svg.get("viewBox") == f"0 0 {fig.width * COLUMN:g} {fig.height * 18:g}"
    drawn = _chart_elements(svg)
    kinds = [e.tag.split("}")[1] for e in drawn]
    assert kinds == ["rect", "rect", "polyline", "polyline", "rect", "circle", *["text"] * 4]
    first = drawn[0]
    assert float(first.get("width", "0")) == pytest.approx(COLUMNS * COLUMN)
    assert float(first.get("height", "0")) == pytest.approx(_y(0.4) * 18)
    circle = drawn[5]
    assert float(circle.get("cx", "0")) == pytest.approx(_x(0.5) * COLUMN)
    assert float(circle.get("cy", "0")) == pytest.approx(_y(0.2) * 18)
    assert "r-strong" in (circle.get("class") or "")
    assert drawn[6].text == "A Gamma <&>"  # escaped in the file, the same text when read
    assert "A Gamma &lt;&amp;&gt;" in found[0]
    # The regions keep their texture (not colour alone): transfer hatched, progression dotted.
    assert 'fill="url(#figure-1-hatch)"' in found[0] and 'fill="url(#figure-1-dots)"' in found[0]
    # The characters are there too, as a text version under the chart.
    pre = re.search(r"<pre>(.*?)</pre>", page, flags=re.S)
    assert pre is not None
    shown = html.unescape(re.sub(r"<[^>]+>", "", pre[1])).split("\n")
    assert shown == ["".join(s.text for s in row) for row in fig.lines]


def test_figures_on_one_page_have_their_own_ids() -> None:
    doc = Document("two", (sample_figure(key="a"), sample_figure(key="b")))
    page = render_document(doc, "html")
    ids = re.findall(r'id="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids
    assert "figure-1-hatch" in ids and "figure-2-hatch" in ids


def test_svg_draws_the_figure_where_its_characters_would_be() -> None:
    doc = sample_document()
    fig = sample_figure()
    svg = render_document(doc, "svg", width=100)
    root = ET.fromstring(svg)
    (chart,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "chart"]
    text = render_document(doc, "text", width=100).splitlines()
    row = text.index(CAPTION) + 1  # the first line of the drawing
    assert chart.get("transform") == f"translate({PAD:g} {PAD + row * 18:g})"
    assert len(_chart_elements(chart)) == len(fig.shapes)
    # The text around it is the text export's, the drawing's rows left to the chart.
    rows = svg_lines(svg)
    assert rows[: row - 1] == [t for t in text[:row] if t]
    after = text.index("After the chart.")
    assert rows[-3:] == [t for t in text[after:] if t]
    assert "╱" not in "".join(rows[row:])  # no character of the drawing is printed


def test_svg_scales_a_figure_wider_than_the_page() -> None:
    svg = render_document(sample_document(), "svg", width=23)
    (chart,) = [g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("class") == "chart"]
    scale = float(re.findall(r"scale\(([0-9.]+)\)", chart.get("transform", ""))[0])
    assert scale == pytest.approx(23 / sample_figure().width, abs=1e-4)


# --- golden files -----------------------------------------------------------------------

CASES = [(fmt, False) for fmt in FORMATS] + [("text", True)]


@pytest.mark.parametrize(("fmt", "ascii"), CASES)
def test_figure_matches_golden(fmt: str, ascii: bool) -> None:
    name = f"verdict-map{'-ascii' if ascii else ''}.{EXTENSIONS[fmt]}"
    path = GOLDEN / name
    actual = render_document(sample_document(ascii), fmt, width=100, ascii=ascii)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        pytest.skip(f"updated {name}")
    expected = path.read_bytes().decode("utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), n=2)
        )
        pytest.fail(f"{name} differs from the golden file:\n{diff[:4000]}")
    if ascii:
        assert actual.isascii()
