"""Behaviour tests of the drivers, problem-flow and stack screens and the export dialog.

Every screen runs in the real app, on the fixture catalog; what a screen shows is checked
against its view's document (the words themselves are checked against the export in
``test_screen_equals_export.py``).
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from rich.text import Text
from test_tui_support import MARKUP, fixture_dirs, make_app, screen_text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Input, RadioSet, Static
from textual.widgets.tree import TreeNode

from layerscope.catalog import Catalog
from layerscope.model import Driver
from layerscope.report import EXTENSIONS, FORMATS, View, render_view
from layerscope.report import document as doc
from layerscope.report.format import glyphs
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.dialogs.export import ConfirmOverwrite, ExportModal
from layerscope.tui.launch import Start
from layerscope.tui.screens.drivers import DriversScreen
from layerscope.tui.screens.flow import FlowScreen, sections
from layerscope.tui.screens.stack import StackScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.document_tree import DocumentTree, TreeBlock
from layerscope.tui.widgets.tables import SortableTable

SIZE = (80, 24)
WIDE = (100, 30)
"""The flow screen's two panes side by side (48 columns each at least)."""
DRIVERS = View("drivers", ("alpha", "beta"))
FLOW = View("flow", ("alpha", "beta"))


def app_on(view: View, catalog: Catalog | None = None) -> LayerscopeApp:
    """The app, opening ``view`` once it runs (see :func:`opened`)."""
    app = make_app(catalog, start=Start(("alpha", "beta")))
    app.opening = view  # type: ignore[attr-defined]
    return app


async def opened(app: LayerscopeApp, pilot: Any) -> Screen[Any]:
    await pilot.pause()
    app.open_view(app.opening)  # type: ignore[attr-defined]
    await pilot.pause()
    await pilot.pause()
    return app.screen


def with_stack(catalog: Catalog, stack: Any) -> Catalog:
    """A copy of ``catalog`` where ``stack`` replaces the stack with its id."""
    stacks = dict(catalog.stacks)
    stacks[stack.id] = stack
    return Catalog(stacks=stacks, files=dict(catalog.files), dimensions=list(catalog.dimensions))


def cells(table: SortableTable) -> list[list[str]]:
    return [[cell.plain for cell in table.get_row_at(n)] for n in range(table.row_count)]


def all_cells(table: SortableTable) -> list[Text]:
    return [cell for n in range(table.row_count) for cell in table.get_row_at(n)]


def block_cells(block: doc.Table) -> list[list[str]]:
    return [["\n".join(doc.plain(item) for item in cell) for cell in row] for row in block.rows]


def marked(text: Text) -> list[str]:
    """The stretches of a text that the filter marks (reverse video)."""
    return [text.plain[s.start : s.end] for s in text.spans if "reverse" in str(s.style)]


def label(node: TreeNode[str]) -> Text:
    assert isinstance(node.label, Text)
    return node.label


def entries(tree: DocumentTree) -> Iterator[TreeNode[str]]:
    def walk(node: TreeNode[str]) -> Iterator[TreeNode[str]]:
        for child in node.children:
            yield child
            yield from walk(child)

    return walk(tree.root)


def doc_entries(nodes: tuple[doc.Node, ...]) -> Iterator[doc.Node]:
    for node in nodes:
        yield node
        yield from doc_entries(node.children)


def trees_of(document: doc.Document) -> list[doc.Tree]:
    return [block for block in document.blocks if isinstance(block, doc.Tree)]


def shown(widget: Widget) -> str:
    """The plain text of a Static."""
    assert isinstance(widget, Static)
    return str(widget.content)


# -- drivers screen ------------------------------------------------------------------------


class TestDrivers:
    async def test_tables_are_the_documents_tables_and_follow_the_ascii_toggle(self) -> None:
        app = app_on(DRIVERS)
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, DriversScreen), "the drivers view opens its screen"
            document = app.document(DRIVERS)
            blocks = [b for b in document.blocks if isinstance(b, doc.Table)]
            assert [t.id for t in screen.tables] == [b.key for b in blocks], "a table per block"
            assert [t.id for t in screen.tables] == ["weights", "dimensions", "indicators"]
            for table, block in zip(screen.tables, blocks, strict=True):
                assert cells(table) == block_cells(block), f"{table.id}: the block's cells"
                keys = [str(k.value) for k in table.rows]
                assert keys == list(block.row_keys), f"{table.id}: the block's row keys"
            weights = screen.query_one("#weights", SortableTable)
            bars = [row[2] for row in cells(weights)]
            unicode = set(glyphs(False).bar_full + glyphs(False).bar_empty)
            assert all(set(bar) <= unicode for bar in bars), "Unicode bars first"
            app.ascii = True
            await pilot.pause()
            ascii = set(glyphs(True).bar_full + glyphs(True).bar_empty)
            assert all(set(row[2]) <= ascii for row in cells(weights)), "ASCII bars after"
            assert all(text.isascii() for row in cells(weights) for text in row), "all ASCII"

    async def test_long_answers_wrap_inside_the_screen(self) -> None:
        catalog = make_app().catalog
        beta = catalog.stack("beta")
        long = "settles " * 30
        changed = msgspec.structs.replace(beta, profile={"layer-meaning": long.strip()})
        app = app_on(DRIVERS, with_stack(catalog, changed))
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(app, pilot)
            dimensions = screen.query_one("#dimensions", SortableTable)
            width = sum(c.get_render_width(dimensions) for c in dimensions.ordered_columns)
            assert width <= dimensions.size.width
            assert dimensions.ordered_rows[0].height > 3  # thirty words in a quarter of 80
            assert long.strip() in cells(dimensions)[0]

    async def test_tab_moves_between_tables(self) -> None:
        app = app_on(DRIVERS)
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, DriversScreen)
            first, second, third = screen.tables
            await pilot.press("tab")
            assert screen.focused is first
            await pilot.press("tab", "tab")
            assert screen.focused is third
            await pilot.press("tab")
            assert screen.focused is first
            await pilot.press("shift+tab")
            assert screen.focused is third
            await pilot.press("h")
            assert screen.focused is second

    async def test_filter_highlights_and_counts(self) -> None:
        app = app_on(DRIVERS)
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            document = app.document(DRIVERS)
            rows = [
                " ".join(row)
                for b in document.blocks
                if isinstance(b, doc.Table)
                for row in block_cells(b)
            ]
            lines = [
                doc.plain(item)
                for b in document.blocks
                for item in (
                    (b.text, *b.lines)
                    if isinstance(b, doc.Title)
                    else (b.text,)
                    if isinstance(b, doc.Heading | doc.Footer)
                    else b.lines
                    if isinstance(b, doc.Para)
                    else ()
                )
            ]
            items = [
                " ".join(doc.plain(x) for x in item)
                for b in document.blocks
                if isinstance(b, doc.Numbered | doc.Bullets)
                for item in b.items
            ]
            units = rows + lines + items
            for query in ("speed", "Tier", "token", "nothing like this"):
                expected = sum(query.casefold() in unit.casefold() for unit in units)
                assert screen.apply_filter(query) == expected
            screen.apply_filter("speed")
            await pilot.pause()
            dimensions = screen.query_one("#dimensions", SortableTable)
            found = [
                m
                for row in range(dimensions.row_count)
                for c in dimensions.get_row_at(row)
                for m in marked(c)
            ]
            assert found and all(m.casefold() == "speed" for m in found)
            assert screen.apply_filter("") == 0
            assert not any(
                marked(c) for row in range(dimensions.row_count) for c in dimensions.get_row_at(row)
            )

    async def test_live_reload_shows_new_data_keeps_the_focus_and_a_gone_stack(self) -> None:
        app = app_on(DRIVERS)
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            await pilot.press("tab")
            weights = screen.query_one("#weights", SortableTable)
            assert screen.focused is weights, "tab focuses the first table"
            beta = app.catalog.stack("beta")
            changed = msgspec.structs.replace(
                beta,
                drivers=(
                    Driver(id="tokens", name="Token prices", weight=0.5),
                    Driver(id="tvl", name="Locked value", weight=0.5),
                ),
            )
            app.catalog = with_stack(app.catalog, changed)
            await pilot.pause()
            assert screen.query_one("#weights", SortableTable) is weights, "the same table"
            shown_now = cells(weights)
            assert shown_now == block_cells(app.document(DRIVERS).blocks[2]), "the new data"  # type: ignore[arg-type]
            assert screen.focused is weights, "the focus stays"
            # A stack gone from the next reload: the screen keeps its last version.
            app.catalog = Catalog(
                stacks={"alpha": app.catalog.stack("alpha")},
                dimensions=list(app.catalog.dimensions),
            )
            await pilot.pause()
            assert app.screen is screen, "a stack gone leaves the screen on show"
            kept = cells(screen.query_one("#weights", SortableTable))
            assert kept == shown_now, "a stack gone leaves the last version"

    async def test_markup_shows_literally(self) -> None:
        app = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "markup")))
        app.opening = View("drivers", ("markup", "alpha"))  # type: ignore[attr-defined]
        async with app.run_test(size=SIZE) as pilot:
            await opened(app, pilot)
            stack = app.catalog.stack("markup")
            assert "[" in stack.title  # it looks like markup
            assert stack.title in screen_text(app)

    def test_only_drivers_views(self) -> None:
        with pytest.raises(ValueError):
            DriversScreen(FLOW)


# -- problem-flow screen -------------------------------------------------------------------


class TestFlow:
    async def test_a_tree_per_stack_with_the_documents_entries_and_tab_between(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=WIDE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, FlowScreen), "the flow view opens its screen"
            document = app.document(FLOW)
            blocks = trees_of(document)
            assert [b.key for b in blocks] == list(FLOW.stacks), "a tree block per stack"
            assert len(screen.trees) == len(blocks), "a tree per tree block"
            for tree, block in zip(screen.trees, blocks, strict=True):
                nodes = list(entries(tree))
                expected = list(doc_entries(block.nodes))
                labels = [label(n).plain for n in nodes]
                assert labels == [doc.plain(e.text) for e in expected], f"{block.key}: entries"
                assert [n.data for n in nodes] == [e.key for e in expected], f"{block.key}: keys"
            # each pane holds its stack's part of the document, the sources come after them
            for pane, block in zip(screen.panes, blocks, strict=True):
                assert pane.document is not None and block in pane.document.blocks, block.key
            tail = screen.query_one("#flow-tail", DocumentView).document
            assert tail is not None and isinstance(tail.blocks[-1], doc.Footer), "sources last"
            first, second = screen.trees
            assert screen.focused is first, "the first tree has the focus"
            await pilot.press("tab")
            assert screen.focused is second and screen.active == 1, "tab: the second tree"
            assert screen.panes[1].has_class("-active"), "tab: its pane is the active one"
            await pilot.press("tab")
            assert screen.focused is first, "tab wraps round to the first tree"
            await pilot.press("shift+tab")
            assert screen.focused is second, "shift+tab wraps back"
            await pilot.press("h")
            assert screen.focused is first and screen.active == 0, "h: the tree on the left"
            await pilot.press("l")
            assert screen.focused is second, "l: the tree on the right"

    async def test_the_detail_of_the_entry_at_the_cursor_shows_under_its_tree(self) -> None:
        app = app_on(View("flow", ("alpha",)))
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            block = screen.query_one(TreeBlock)
            assert screen.focused is block.outline
            assert not block.detail.display  # no entry under the cursor yet
            for node in entries(block.outline):
                block.outline.move_cursor(node)
                await pilot.pause()
                entry = block.outline.entry(node)
                assert entry is not None
                expected = "\n".join(doc.plain(item) for item in entry.detail)
                assert block.detail.display == bool(entry.detail)
                assert shown(block.detail) == expected

    async def test_a_cut_line_shows_whole_under_the_tree(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=WIDE) as pilot:  # two panes of 48 or so
            screen = await opened(app, pilot)
            block = screen.query(TreeBlock).last()
            tree = block.outline
            widest = max(entries(tree), key=lambda n: tree.get_label_width(n))
            assert tree.get_label_width(widest) > tree.size.width  # cut in its pane
            tree.move_cursor(widest)
            await pilot.pause()
            assert block.current.display and shown(block.current) == label(widest).plain
            tree.move_cursor(tree.root.children[0])
            await pilot.pause()
            short = tree.get_label_width(tree.root.children[0]) < tree.size.width
            assert block.current.display != short

    async def test_entries_fold_and_unfold_and_a_reload_keeps_them_and_the_cursor(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=WIDE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, FlowScreen)
            tree = screen.query(DocumentTree).first()
            first = tree.root.children[0]
            assert first.is_expanded, "the problems start unfolded"
            await pilot.press("down")  # the cursor lands on the first entry
            assert tree.cursor_node is first, "down: the cursor on the first entry"
            await pilot.press("space")
            assert not first.is_expanded, "space folds"
            await pilot.press("enter")
            assert first.is_expanded, "enter unfolds"
            await pilot.press("minus")
            assert not any(node.is_expanded for node in tree.root.children), "minus folds all"
            await pilot.press("plus")
            assert all(node.is_expanded for node in tree.root.children), "plus unfolds all"
            await pilot.press("tab", "down", "space")  # collapse the first problem of beta
            tree = screen.trees[1]
            first = tree.root.children[0]
            assert not first.is_expanded and tree.cursor_node is first, "beta's first folded"
            beta = app.catalog.stack("beta")
            rollup = beta.layers[1]
            handling = msgspec.structs.replace(rollup.addresses[0], note="Rollups batch it.")
            rollup = msgspec.structs.replace(rollup, addresses=(handling,))
            changed = msgspec.structs.replace(beta, layers=(beta.layers[0], rollup, beta.layers[2]))
            app.catalog = with_stack(app.catalog, changed)
            await pilot.pause()
            await pilot.pause()
            tree = screen.trees[1]
            assert any(
                "Rollups batch it."
                in [doc.plain(d) for d in (tree.entry(n) or doc.Node(())).detail]
                for n in entries(tree)
            ), "the reload shows the new note"
            first = tree.root.children[0]
            assert not first.is_expanded, "the reload keeps the folded entry folded"
            assert screen.focused is tree and tree.cursor_node is first, "and the cursor"

    async def test_the_cursor_stays_in_view(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=(80, 16)) as pilot:
            screen = await opened(app, pilot)
            tree = screen.query(DocumentTree).first()
            body = screen.query_one("#flow-body")
            tree.focus()
            *_, last = entries(tree)
            tree.move_cursor(last)
            await pilot.pause()
            line_y = tree.region.y + last.line - round(tree.scroll_y)
            assert body.region.y <= line_y < body.region.bottom

    async def test_filter_highlights_counts_and_opens_matches(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=WIDE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, FlowScreen)
            await pilot.press("minus")  # every problem collapsed in the first tree
            tree = screen.trees[0]
            block = trees_of(app.document(FLOW))[0]
            query = "retries"
            hits = [
                e
                for e in doc_entries(block.nodes)
                if any(query in doc.plain(x).casefold() for x in (e.text, *e.detail))
            ]
            assert hits  # the fixture has a handling whose note says so
            assert tree.highlight(screen.trees[0].pattern) == 0
            count = screen.apply_filter(query)
            assert tree.matches == len(hits) and count >= len(hits)
            for node in entries(tree):
                entry = tree.entry(node)
                if entry in hits:
                    parent = node.parent
                    assert parent is tree.root or (parent is not None and parent.is_expanded)
                    assert marked(label(node))  # matched in its line, or marked whole
            assert screen.apply_filter("") == 0
            assert not any(marked(label(node)) for node in entries(tree))

    async def test_one_pane_at_a_time_when_narrow(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, FlowScreen)
            assert screen.has_class("-narrow")
            panes = screen.panes
            assert [pane.display for pane in panes] == [True, False]
            assert screen.query_one("#flow-tabs").display
            await pilot.press("tab")
            await pilot.pause()
            assert [pane.display for pane in panes] == [False, True]
            assert screen.focused is screen.trees[1]
            heading = next(b for b in app.document(FLOW).blocks if isinstance(b, doc.Heading))
            assert doc.plain(heading.text) in shown(screen.query_one("#flow-tabs"))

    async def test_ascii_icons_and_guides(self) -> None:
        app = app_on(FLOW)
        async with app.run_test(size=WIDE) as pilot:
            screen = await opened(app, pilot)
            app.ascii = True
            await pilot.pause()
            await pilot.pause()
            g = glyphs(True)
            for tree in screen.query(DocumentTree):
                assert (g.tree_collapsed, g.tree_expanded) == (
                    tree.ICON_NODE,
                    tree.ICON_NODE_EXPANDED,
                )
                assert tree.LINES["default"] == g.tree_lines
                assert all(label(node).plain.isascii() for node in entries(tree))
            text = screen_text(app)
            # Between the header and the footer, left of the scroll bar (Textual's own).
            body = [line[:-1] for line in text.splitlines()[1:-1]]
            assert [line for line in body if not line.isascii()] == []

    async def test_markup_shows_literally(self) -> None:
        app = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "markup")))
        view = View("flow", ("markup",))
        app.opening = view  # type: ignore[attr-defined]
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            tree = screen.query_one(DocumentTree)
            labels = [label(n).plain for n in entries(tree)]
            assert labels[0].startswith("[blink]Problem[/blink]")
            text = screen_text(app)
            for literal in ("[blink]Problem[/blink]", "[bold red]Markup[/] stack"):
                assert literal in text
            assert screen.apply_filter("[/]") > 0

    @pytest.mark.parametrize("what_if", [False, True])
    @pytest.mark.parametrize("cited", [False, True])
    def test_sections_put_each_stack_in_its_pane(self, what_if: bool, cited: bool) -> None:
        def heading(text: str) -> doc.Heading:
            return doc.Heading(doc.line(text))

        title = doc.Title(doc.line("Problem flow"))
        changes = [heading("What if"), doc.Para((doc.line("one change"),))] if what_if else []
        alpha = [heading("Alpha"), doc.Tree((doc.Node(doc.line("Slow"), "slow"),), "alpha")]
        beta = [heading("Beta"), doc.Para((doc.line("No problems recorded."),))]
        sources = doc.Numbered(((doc.line("A source"),),)) if cited else doc.Para(())
        closing = [heading("Sources"), sources, doc.Footer(doc.line("flow alpha beta"))]
        blocks = (title, *changes, *alpha, *beta, *closing)
        head, stacks, tail = sections(doc.Document("flow alpha beta", blocks), 2)
        assert head.blocks == (title, *changes)
        assert [part.blocks for part in stacks] == [tuple(alpha), tuple(beta)]
        assert tail.blocks == tuple(closing)

    def test_only_flow_views(self) -> None:
        with pytest.raises(ValueError):
            FlowScreen(DRIVERS)


# -- stack screen --------------------------------------------------------------------------


class TestStack:
    async def test_shows_the_stack_document_and_follows_ascii(self) -> None:
        view = View("stack", ("beta",))
        app = app_on(view)
        async with app.run_test(size=SIZE) as pilot:
            screen = await opened(app, pilot)
            assert isinstance(screen, StackScreen) and screen.current_view() == view
            body = screen.query_one(DocumentView)
            assert body.document == app.document(view)
            g = glyphs(False)
            assert any(g.symbol("transferred") in b.content.plain for b in body.blocks)  # type: ignore[attr-defined]
            app.ascii = True
            await pilot.pause()
            assert body.document == app.document(view) and body.ascii
            assert not any(g.symbol("transferred") in b.content.plain for b in body.blocks)  # type: ignore[attr-defined]

    def test_only_stack_views(self) -> None:
        with pytest.raises(ValueError):
            StackScreen(DRIVERS)


# -- export dialog -------------------------------------------------------------------------


class Host(LayerscopeApp):
    """The app on the fixture catalog, with one dialog over its first screen; it records
    what the dialog is dismissed with."""

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__(fixture_dirs(MARKUP), poll_interval=None, start=Start(("alpha", "beta")))
        self.shown = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.shown, self.results.append)


def top(app: LayerscopeApp) -> Screen[Any]:
    """The screen on top (a function, so each check looks again)."""
    return app.screen


@pytest.fixture
def fixture_catalog() -> Catalog:
    """The catalog the export dialog's app has (the fixtures and the markup stack)."""
    from layerscope.catalog import load_catalog

    return load_catalog(fixture_dirs(MARKUP))


@pytest.fixture
def markup_catalog(fixture_catalog: Catalog) -> Catalog:
    return fixture_catalog


# -- export dialog -------------------------------------------------------------------------


VIEW = View("drivers", ("alpha", "beta"))


def dated(value: str, before: str, after: str) -> str:
    """``value``, once it is ``before`` + today's date + ``after`` (or yesterday's, when
    midnight passed since the dialog opened); fails otherwise."""
    today = datetime.date.today()
    days = (today, today - datetime.timedelta(days=1))
    assert value in {f"{before}{day.isoformat()}{after}" for day in days}, value
    return value


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def set_path(pilot: Any, modal: ExportModal, path: Path | str) -> None:
    modal.path_input.value = str(path)
    await pilot.pause()


class TestExport:
    async def test_default_path_and_text_format(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            expected = dated(
                modal.path_input.value,
                "./layerscope-drivers-alpha-beta-",
                f".{EXTENSIONS['text']}",
            )
            assert isinstance(app.screen.focused, RadioSet)  # focus starts on the format
            await pilot.press("enter")
            await pilot.pause()
            written = in_tmp / expected
            assert written.read_text("utf-8") == render_view(VIEW, fixture_catalog, "text")
            assert app.results == [Path(expected)]
            assert top(app) is not modal

    async def test_format_choice_sets_extension_and_content(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen.focused, RadioSet)
            await pilot.press("right", "right")  # text, ansi, md: the arrows choose
            await pilot.pause()
            assert modal.format == "md"
            expected = dated(
                modal.path_input.value, "./layerscope-drivers-alpha-beta-", f".{EXTENSIONS['md']}"
            )
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert (in_tmp / expected).read_text("utf-8") == render_view(
                VIEW, fixture_catalog, "md"
            )
            assert app.results == [Path(expected)]

    async def test_edited_path_takes_the_formats_extension(
        self, fixture_catalog: Catalog, in_tmp: Path
    ) -> None:
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("tab", "ctrl+u", *"report.txt")
            assert modal.path_input.value == "report.txt"
            await pilot.press("shift+tab", "left")  # wraps round to the last format
            await pilot.pause()
            assert modal.format == FORMATS[-1]
            assert modal.path_input.value == f"report.{EXTENSIONS[FORMATS[-1]]}"
            await pilot.click("#export-write")
            await pilot.pause()
            assert (in_tmp / f"report.{EXTENSIONS[FORMATS[-1]]}").read_text("utf-8") == render_view(
                VIEW, fixture_catalog, FORMATS[-1]
            )

    async def test_asks_before_overwriting(self, fixture_catalog: Catalog, tmp_path: Path) -> None:
        target = tmp_path / "report.txt"
        target.write_text("old", "utf-8")
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(top(app), ConfirmOverwrite)
            await pilot.press("n")
            await pilot.pause()
            assert top(app) is modal
            assert target.read_text("utf-8") == "old"
            assert app.results == []
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(top(app), ConfirmOverwrite)
            await pilot.press("enter")  # the focused button is "keep it"
            await pilot.pause()
            assert top(app) is modal and target.read_text("utf-8") == "old"
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert target.read_text("utf-8") == render_view(VIEW, fixture_catalog, "text")
            assert app.results == [target]

    async def test_a_missing_directory_or_a_directory_is_an_inline_error(
        self, fixture_catalog: Catalog, tmp_path: Path
    ) -> None:
        target = tmp_path / "missing" / "report.txt"
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal, "a missing directory: the dialog stays"
            assert "does not exist" in modal.error and str(tmp_path / "missing") in modal.error, (
                "a missing directory is named in the error"
            )
            assert modal.query_one("#export-error").display, "the error shows"
            assert not target.parent.exists(), "no directory is made"
            assert app.results == [], "nothing was written"
            await pilot.press("x")  # editing the path clears the error
            assert modal.error == "", "editing the path clears the error"
            await set_path(pilot, modal, tmp_path)
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal and "is a directory" in modal.error, "a directory"

    async def test_write_error_leaves_the_old_file(
        self, fixture_catalog: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        target = tmp_path / "report.txt"
        target.write_text("old", "utf-8")

        def refuse(path: Path, data: str | bytes) -> None:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr("layerscope.tui.dialogs.export.write_atomic", refuse)
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, target)
            await pilot.press("enter", "y")
            await pilot.pause()
            assert top(app) is modal
            assert "permission denied" in modal.error
            assert target.read_text("utf-8") == "old"
            assert app.results == []

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
    )
    async def test_read_only_directory(self, fixture_catalog: Catalog, tmp_path: Path) -> None:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        modal = ExportModal(VIEW)
        app = Host(modal)
        try:
            async with app.run_test(size=SIZE) as pilot:
                await set_path(pilot, modal, locked / "report.txt")
                await pilot.press("enter")
                await pilot.pause()
                assert top(app) is modal
                assert "permission denied" in modal.error
        finally:
            locked.chmod(0o700)
        assert list(locked.iterdir()) == []

    async def test_escape_cancels(self, fixture_catalog: Catalog, in_tmp: Path) -> None:
        modal = ExportModal(VIEW)
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("escape")
            await pilot.pause()
            assert app.results == [None]
            assert top(app) is not modal
        assert list(in_tmp.iterdir()) == []

    async def test_unknown_stack_is_an_inline_error(
        self, fixture_catalog: Catalog, tmp_path: Path
    ) -> None:
        modal = ExportModal(View("drivers", ("alpha", "gone")))
        app = Host(modal)
        async with app.run_test(size=SIZE) as pilot:
            await set_path(pilot, modal, tmp_path / "x.txt")
            await pilot.press("enter")
            await pilot.pause()
            assert top(app) is modal and "gone" in modal.error
            assert not (tmp_path / "x.txt").exists()

    async def test_title_shows_the_view_literally(self, markup_catalog: Catalog) -> None:
        view = View("layer", ("markup",), "low")
        modal = ExportModal(view)
        app = Host(modal)
        async with app.run_test(size=SIZE):
            assert view.path in shown(modal.query_one("#export-title"))
            slug = view.path.replace(" ", "-").replace("/", "-")
            start = f"./layerscope-{slug}-"
            dated(modal.path_input.value[: len(start) + len("YYYY-MM-DD.")], start, ".")
            assert isinstance(modal.query_one("#export-path"), Input)
