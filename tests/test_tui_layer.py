"""The layer screen and the document renderer it shows: breadcrumb, blocks, tables, keys."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import msgspec
import pytest
from rich.text import Text
from test_tui_support import make_app
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from layerscope.catalog import Catalog
from layerscope.model import Example
from layerscope.report import View
from layerscope.report import document as doc
from layerscope.report.document import Column, Heading, Title, line, plain
from layerscope.report.format import glyphs
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.document import DocumentView, TextBlock
from layerscope.tui.widgets.table_layout import fit_widths
from layerscope.tui.widgets.tables import SortableTable, sort_key

SIZE = (120, 40)


def layer_app(layer: str = "base", stack: str = "alpha") -> Any:
    return make_app(start=Start(("alpha", "beta"), layer=(stack, layer)))


def screen(app: Any) -> LayerScreen:
    """The layer screen (under the filter bar, if that is open)."""
    found = [s for s in app.screen_stack if isinstance(s, LayerScreen)]
    assert found
    return found[-1]


def table(app: Any, key: str) -> SortableTable:
    return screen(app).query_one(DocumentView).table(key)


def column(grid: DataTable[Text], index: int) -> list[str]:
    return [grid.get_row_at(row)[index].plain for row in range(grid.row_count)]


def notes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages of the notifications the app shows from now on."""
    seen: list[str] = []
    notify = App.notify

    def record(self: App[Any], message: str, *args: Any, **kw: Any) -> None:
        seen.append(message)
        notify(self, message, *args, **kw)

    monkeypatch.setattr(App, "notify", record)
    return seen


async def test_the_layer_shows_its_documents_title_and_headings_and_ascii_on_the_toggle() -> None:
    app = layer_app("middle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        doc = app.document(View("layer", ("alpha",), "middle"))
        title = doc.blocks[0]
        assert isinstance(title, Title)
        crumb = screen(app).query_one("#breadcrumb", Static).content
        assert crumb.plain == f"{plain(title.text)}   {plain(title.lines[0])}", (
            "the breadcrumb is the document's title and its first line"
        )
        headings = [
            block.content.plain  # type: ignore[union-attr]
            for block in screen(app).query(TextBlock)
            if block.has_class("doc-heading")
        ]
        assert [h.split()[0] for h in headings] == [
            "Addresses",
            "Introduces",
            "Examples",
            "Metrics",
            "Sources",
        ], "the sections, in order"
        assert headings == [plain(b.text) for b in doc.blocks if isinstance(b, Heading)], (
            "the headings are the document's"
        )
        # The title's remaining line (the summary) opens the body.
        first = screen(app).query_one(DocumentView).blocks[0]
        assert isinstance(first, TextBlock) and first.units[0].plain == plain(title.lines[1]), (
            "the summary opens the body"
        )
        app.ascii = True
        await pilot.pause()
        body = screen(app).query_one(DocumentView)
        texts = [b.content.plain for b in body.query(TextBlock)]  # type: ignore[union-attr]
        for grid in body.query(SortableTable):
            texts += [c.label.plain for c in grid.ordered_columns]
            texts += [cell.plain for n in range(grid.row_count) for cell in grid.get_row_at(n)]
        # The fixture's data is ASCII.
        assert all(text.isascii() for text in texts), "ASCII mode: only ASCII"
        assert "+ solved" in column(table(app, "addresses"), 0), "ASCII mode: the ASCII glyph"
        assert body.ascii, "the body knows it is in ASCII"
        app.ascii = False
        await pilot.pause()
        assert "✓ solved" in column(table(app, "addresses"), 0), "the Unicode glyph again"


async def test_tables_show_the_documents_cells_one_row_per_row_multi_line_rows_taller() -> None:
    app = layer_app("base")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        doc = app.document(View("layer", ("alpha",), "base"))
        for block in doc.blocks:
            if not hasattr(block, "rows"):
                continue
            key = block.key  # type: ignore[attr-defined]
            grid = table(app, key)
            assert grid.row_count == len(block.rows), f"{key}: a row per row"  # type: ignore[attr-defined]
            for n, row in enumerate(block.rows):  # type: ignore[attr-defined]
                expected = ["\n".join(plain(item) for item in cell) for cell in row]
                assert [cell.plain for cell in grid.get_row_at(n)] == expected, f"{key} row {n}"
        metrics = table(app, "metrics")
        first = metrics.get_row_at(0)[0]
        assert "\n" in first.plain, "a metric's cell: its name, then its definition"
        assert metrics.ordered_rows[0].height >= len(first.plain.splitlines()), (
            "a multi-line cell makes a taller row"
        )


async def test_long_text_wraps_inside_the_width() -> None:
    catalog = make_app().catalog
    alpha = catalog.stack("alpha")
    base = alpha.layers[0]
    long = Example(name="Long one", org="Org", note="a note that goes on " * 12)
    layers = (msgspec.structs.replace(base, examples=(*base.examples, long)), *alpha.layers[1:])
    stacks = {**catalog.stacks, "alpha": msgspec.structs.replace(alpha, layers=layers)}
    app = make_app(Catalog(stacks=stacks), start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        examples = table(app, "examples")
        width = sum(c.get_render_width(examples) for c in examples.ordered_columns)
        assert width <= examples.size.width  # no sideways scrolling
        assert examples.ordered_rows[-1].height > 2  # the note wraps in its cell


def test_fit_widths_share_by_ratio_and_squeeze_wrapping_columns() -> None:
    wide = Column(line("a"), ratio=1)
    wider = Column(line("b"), ratio=3)
    assert fit_widths([5, 5], [5, 5], [wide, wider], 40) == [10, 30]
    fixed = Column(line("n"), no_wrap=True)
    text = Column(line("t"))
    assert fit_widths([10, 30], [10, 8], [fixed, text], 60) == [10, 30]  # it fits
    squeezed = fit_widths([10, 70], [10, 8], [fixed, text], 40)
    assert squeezed[0] == 10 and squeezed[1] == 30  # only the wrapping column gives way
    tight = fit_widths([10, 70], [10, 12], [fixed, text], 15)
    assert tight[1] == 6  # no room even for a whole word: words break, nothing scrolls
    # A short column keeps its longest word; the others share the rest, all of it.
    three = fit_widths([27, 374, 28, 10], [16, 16, 9, 10], [text, text, text, fixed], 53)
    assert three == [16, 18, 9, 10] and sum(three) == 53


def test_sort_key_orders_numbers_ranges_and_text() -> None:
    cells = [Text("b"), Text("10 ops/s"), Text("3–5 USD"), Text(""), Text("A"), Text("2.5")]
    order = [c.plain for c in sorted(cells, key=sort_key)]
    assert order == ["2.5", "3–5 USD", "10 ops/s", "A", "b", ""]
    assert sort_key(Text("1,250,000")) < sort_key(Text("10,000,000"))


async def test_examples_sort_by_shift_s_and_header_click_and_keep_it_over_new_data() -> None:
    app = layer_app("base")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        examples = table(app, "examples")
        names = column(examples, 0)
        examples.focus()
        await pilot.press("S")  # by the first column, ascending
        assert column(examples, 0) == sorted(names), "S: by the first column"
        await pilot.press("S")  # again: descending
        assert column(examples, 0) == sorted(names, reverse=True), "S again: descending"
        arrow = glyphs(False).sort_descending
        assert examples.ordered_columns[0].label.plain.endswith(arrow), "the arrow says so"
        await pilot.press("S")  # the next column, ascending
        orgs = column(examples, 1)
        assert orgs == sorted(orgs), "S a third time: the next column"
        assert not examples.ordered_columns[0].label.plain.endswith(arrow), "the arrow moved"
        await pilot.click(examples, offset=(2, 0))  # a header click sorts by that column
        await pilot.pause()
        assert column(examples, 0) == sorted(names), "a header click sorts by its column"
        examples.sort_by(0)  # the same column again: descending
        assert examples.select_row("Engine One"), "Engine One is a row to select"
        row = examples.cursor_row
        app.catalog = Catalog(
            stacks=dict(app.catalog.stacks),
            files=dict(app.catalog.files),
            dimensions=list(app.catalog.dimensions),
        )
        await pilot.pause()
        examples = table(app, "examples")
        assert examples.cursor_key == "Engine One" and examples.cursor_row == row, (
            "the cursor survives new data"
        )
        assert column(examples, 0) == sorted(column(examples, 0), reverse=True), (
            "the sort survives new data"
        )


async def test_o_and_the_brackets_move_between_layers_and_the_comparison_follows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen = notes(monkeypatch)
    app = layer_app("middle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        level = screen(app).record.level
        await pilot.press("o")
        await pilot.pause()
        assert screen(app).stack.id == "beta" and screen(app).record.level == level, (
            "o: the aligned layer of the other stack"
        )
        await pilot.press("o")
        await pilot.pause()
        assert screen(app).current_view() == View("layer", ("alpha",), "middle"), "o again: back"
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen(app).current_view() == View("layer", ("alpha",), "top"), "]: the next layer"
        crumb = screen(app).query_one("#breadcrumb", Static).content.plain
        title = app.document(screen(app).current_view()).blocks[0]
        assert crumb.startswith(plain(title.text)), "the breadcrumb follows"  # type: ignore[union-attr]
        await pilot.press("right_square_bracket")  # already at the top
        await pilot.pause()
        assert screen(app).current_view().layer == "top", "] at the top stays"
        assert any("top layer" in message for message in seen), "] at the top says so"
        top = app.catalog.stack("alpha").layers[-1]
        assert all(la.level != top.level for la in app.catalog.stack("beta").layers), (
            "beta has no layer at alpha's top level"
        )
        await pilot.press("o")  # beta has nothing at that level
        await pilot.pause()
        assert screen(app).current_view() == View("layer", ("alpha",), top.id), (
            "o with nothing at that level stays"
        )
        assert any(f"level {top.level}" in message for message in seen), "... and says so"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen(app).current_view().layer == "base", "[ [: two layers down"
        await pilot.press("escape")  # the comparison followed
        await pilot.pause()
        comparison = app.screen
        assert isinstance(comparison, ComparisonScreen)
        assert comparison.selected_level == app.catalog.stack("alpha").layers[0].level, (
            "the comparison selects the layer last shown"
        )


async def test_j_and_k_move_the_row_of_a_focused_table_else_scroll() -> None:
    app = layer_app("base")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        examples = table(app, "examples")
        examples.focus()
        await pilot.press("j")
        assert examples.cursor_row == 1
        await pilot.press("k")
        assert examples.cursor_row == 0
        body = screen(app).query_one(DocumentView)
        body.focus()
        await pilot.wait_for_scheduled_animations()
        body.scroll_home(animate=False)
        await pilot.press("j", "j")
        await pilot.wait_for_scheduled_animations()
        assert examples.cursor_row == 0 and body.scroll_y == 2 < body.max_scroll_y


async def test_the_cursor_row_stays_in_view() -> None:
    catalog = make_app().catalog
    alpha = catalog.stack("alpha")
    base = alpha.layers[0]
    many = tuple(Example(name=f"Example {n:02}", org="Org") for n in range(40))
    layers = (msgspec.structs.replace(base, examples=many), *alpha.layers[1:])
    stacks = {**catalog.stacks, "alpha": msgspec.structs.replace(alpha, layers=layers)}
    app = make_app(Catalog(stacks=stacks), start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 16)) as pilot:
        await pilot.pause()
        examples = table(app, "examples")
        body = screen(app).query_one(DocumentView)
        examples.focus()
        await pilot.pause()
        for _ in range(30):
            await pilot.press("j")
        await pilot.wait_for_scheduled_animations()
        assert examples.cursor_row == 30
        # The table does not scroll (it is as tall as its rows); the document does.
        assert examples.scroll_y == 0 and body.scroll_y > 0
        row_y = examples.region.y + examples.header_height + 30  # rows of one line
        assert body.content_region.y <= row_y < body.content_region.bottom


async def test_filter_highlights_and_counts_every_block() -> None:
    app = layer_app("base")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"two")
        await pilot.pause()
        examples = table(app, "examples")
        name = examples.get_row_at(1)[0]
        assert name.plain == "Engine Two"
        assert any("reverse" in str(span.style) for span in name.spans)
        await pilot.press("escape")
        await pilot.pause()
        assert not any("reverse" in str(s.style) for s in examples.get_row_at(1)[0].spans)
        doc = app.document(View("layer", ("alpha",), "base"))
        text = render_plain(doc)
        # Each unit (line, item, row, entry) with a match counts once.
        assert screen(app).apply_filter("fragile") == sum(
            "fragile" in unit.casefold() for unit in text
        )
        assert screen(app).apply_filter("") == 0


def render_plain(doc: Any) -> list[str]:
    """The body's units as plain text: a line of text, an item, a table row.

    (The title and its first line are the breadcrumb, which the filter leaves alone.)
    """
    units: list[str] = []
    for block in doc.blocks:
        if isinstance(block, Title):
            units += [plain(item) for item in block.lines[1:]]
        elif hasattr(block, "rows"):
            units += [" ".join(plain(x) for cell in row for x in cell) for row in block.rows]
        elif hasattr(block, "items"):
            units += [" ".join(plain(x) for x in item) for item in block.items]
        elif hasattr(block, "lines"):
            units += [plain(item) for item in block.lines]
        elif hasattr(block, "text"):
            units.append(plain(block.text))
    return units


async def test_palette_example_opens_its_layer_with_the_row_selected() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_layer("alpha", "base", example="Engine Two")
        await pilot.pause()
        await pilot.pause()
        examples = table(app, "examples")
        assert examples.cursor_key == "Engine Two" and examples.has_focus


class DocumentApp(App[None]):
    """Any app can show a document: the renderer needs nothing of layerscope's app."""

    def __init__(self, document: Any, *, ascii: bool = False) -> None:
        super().__init__()
        self.document, self.ascii = document, ascii

    def compose(self) -> Any:
        yield DocumentView()

    def on_mount(self) -> None:
        self.query_one(DocumentView).update(self.document, ascii=self.ascii)


@pytest.mark.parametrize("ascii", [False, True])
async def test_a_figure_shows_its_lines_cut_not_wrapped(ascii: bool) -> None:
    from layerscope.report import build_document
    from layerscope.tui.widgets.text_blocks import FigureBlock

    catalog = make_app().catalog
    document = build_document(View("verdict", ("alpha", "beta")), catalog, ascii=ascii)
    figure = next(b for b in document.blocks if isinstance(b, doc.Figure))
    app = DocumentApp(document, ascii=ascii)
    width = 40
    async with app.run_test(size=(width + 4, 60)) as pilot:
        await pilot.pause()
        block = app.query_one(FigureBlock)
        assert block.chart.size.height == len(figure.lines)  # one row a line: none wraps
        rows = [strip.text for strip in block.chart.render_lines(block.chart.region.reset_offset)]
        ellipsis = glyphs(ascii).ellipsis
        for row, source in zip(rows, figure.lines, strict=True):
            text = plain(source)
            if len(text) > block.chart.size.width:
                assert row.rstrip().endswith(ellipsis)
                assert text.startswith(row.rstrip()[: -len(ellipsis)])
            else:
                assert row.rstrip() == text.rstrip()
        assert any(len(plain(item)) > block.chart.size.width for item in figure.lines)


async def test_a_table_too_wide_to_wrap_keeps_its_first_column_in_view() -> None:
    columns = tuple(doc.Column(line(f"Column {n}"), no_wrap=True) for n in range(6))
    rows = tuple(tuple((line(f"cell {r}.{n} " * 3),) for n in range(6)) for r in range(3))
    table = doc.Table(columns, rows, key="wide")
    app = DocumentApp(doc.Document("wide", (table,)))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        grid = app.query_one(SortableTable)
        width = sum(c.get_render_width(grid) for c in grid.ordered_columns)
        assert width > grid.size.width  # nothing may wrap: it scrolls sideways
        assert grid.fixed_columns == 1  # ... with the first column kept in view
        assert [c.width for c in grid.ordered_columns] == [len(rows[0][0][0][0].text)] * 6


async def test_a_document_of_the_same_shape_updates_its_widgets_in_place() -> None:
    catalog = make_app().catalog
    from layerscope.report import build_document

    first = build_document(View("layer", ("alpha",), "base"), catalog)
    app = DocumentApp(first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        body = app.query_one(DocumentView)
        widgets = list(body.blocks)
        body.update(build_document(View("layer", ("alpha",), "base"), catalog, ascii=True))
        await pilot.pause()
        assert body.blocks == widgets and list(body.children) == widgets  # the same ones
        other = build_document(View("layer", ("alpha",), "middle"), catalog)
        await body.update(other)
        assert body.blocks != widgets and list(body.children) == body.blocks
        assert len(body.blocks) == len(other.blocks)


async def test_brackets_and_o_keep_the_apps_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from pathlib import Path

    from layerscope.catalog import SearchDir

    seen = notes(monkeypatch)
    time = Path(__file__).resolve().parent / "fixtures" / "time"
    # As of 2021-06 Gamma has two layers: its L3 "peak" comes with a launch in 2023.
    app = make_app(
        [SearchDir(time, "--data")],
        start=Start(("gamma", "delta"), layer=("gamma", "lift")),
        as_of="2021-06",
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen(app).current_view().layer == "lift"
        assert any("top layer" in message for message in seen)
        assert app.as_of == "2021-06"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen(app).current_view().layer == "ground"
        title = app.document(screen(app).current_view()).blocks[0]
        assert "2021-06" in plain(title.text)  # type: ignore[union-attr]


async def until(pilot: Pilot[None], done: Callable[[], bool], frames: int = 60) -> None:
    """Let the app run until ``done()`` (at most ``frames`` pauses; the caller asserts)."""
    for _ in range(frames):
        await pilot.pause()
        if done():
            return


async def test_o_keeps_the_section_and_o_again_the_scroll_position() -> None:
    from layerscope.tui.widgets.place import place_of

    app = layer_app("middle")
    async with app.run_test(size=(80, 12)) as pilot:  # a short screen: the sections scroll
        await pilot.pause()
        body = screen(app).query_one(DocumentView)
        metrics = body.table("introduces")
        heading = body.blocks[body.blocks.index(metrics) - 1]
        body.scroll_to(y=heading.virtual_region.y + 1, animate=False, immediate=True)
        await pilot.pause()
        before = place_of(body)
        assert before.section == "Introduces" and before.offset == 1
        await pilot.press("o")
        # The screen lands once the other layer is laid out: a few frames, more on a busy
        # machine (asked again after each, for at most 60).
        await until(pilot, lambda: place_of(body).section == "Introduces")
        assert screen(app).stack.id == "beta"
        after = place_of(body)
        assert after.section == "Introduces"  # the same section of the other stack's layer
        await pilot.press("o")
        await until(pilot, lambda: place_of(body).scroll_y == before.scroll_y)
        assert screen(app).current_view() == View("layer", ("alpha",), "middle")
        assert place_of(body).scroll_y == before.scroll_y  # where the reader was


async def test_o_keeps_the_focused_table() -> None:
    app = layer_app("middle")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table(app, "addresses").focus()
        await pilot.pause()
        await pilot.press("o")
        await until(pilot, lambda: screen(app).focused is table(app, "addresses"))
        focused = screen(app).focused
        assert isinstance(focused, SortableTable) and focused.block.key == "addresses"
        assert focused is table(app, "addresses")  # of the layer now on show
