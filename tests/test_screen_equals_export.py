"""What a screen shows for a view is what ``layerscope export --format text`` writes for it.

Each test opens the real app at a fixed size, reads the text of the widgets that show the
view (text blocks, table headers and cells, tree labels and the detail each tree entry
shows under the tree), and compares it, word for word, with the text export of the same
view at the same width. Chrome is left out on both sides: the app's header and footer, and
the characters that only draw (rules, tree guides, bullets, tree icons, sort arrows).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from test_tui_support import MARKUP, fixture_dirs, make_app
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Footer, Header, Static, Tree
from textual.widgets.tree import TreeNode

from layerscope.report import View, render_view
from layerscope.report.format import glyphs
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start
from layerscope.tui.widgets.document import Chart, Listing
from layerscope.tui.widgets.document_tree import TreeBlock

SIZE = (160, 50)
"""Wide enough for every view's columns side by side, so that no word is broken."""
WIDTH = SIZE[0]


def chrome(ascii: bool = False) -> set[str]:
    """Characters that only draw, never say anything (in either renderer)."""
    g = glyphs(ascii)
    marks = [g.rule, g.bullet, g.tree_collapsed, g.tree_expanded, *g.tree_lines]
    marks += [g.sort_ascending, g.sort_descending, g.current, g.selected, g.pane]
    return {char for mark in marks for char in mark if not char.isspace()}


def words(texts: Iterable[str], ascii: bool = False) -> Counter[str]:
    """The words of some text, without those made only of chrome."""
    drawn = chrome(ascii)
    return Counter(word for text in texts for word in text.split() if not set(word) <= drawn)


def shown(widget: Widget) -> bool:
    """Whether a widget and everything around it is displayed."""
    return widget.display and all(node.display for node in widget.ancestors_with_self)


def static_text(widget: Static) -> str:
    content = widget.content
    if isinstance(content, Content | Listing | Chart):
        return content.plain
    return str(content)


def tree_nodes(node: TreeNode[str]) -> Iterable[TreeNode[str]]:
    for child in node.children:
        yield child
        yield from tree_nodes(child)


async def screen_words(
    pilot: Pilot[None], screen: Screen[Any], *, ascii: bool = False
) -> Counter[str]:
    """The words the screen shows for its view (Header and Footer aside)."""
    texts: list[str] = []
    for widget in screen.query("*"):
        if any(isinstance(node, Header | Footer) for node in widget.ancestors_with_self):
            continue
        if not shown(widget) or widget.has_class("tree-current", "tree-detail"):
            continue  # the tree's panel is read entry by entry, below
        if isinstance(widget, Static):
            texts.append(static_text(widget))
        elif isinstance(widget, DataTable):
            texts += [column.label.plain for column in widget.ordered_columns]
            for row in range(widget.row_count):
                texts += [cell.plain for cell in widget.get_row_at(row)]
        elif isinstance(widget, Tree):
            texts += [node.label.plain for node in tree_nodes(widget.root)]  # type: ignore[union-attr]
    for block in screen.query(TreeBlock):
        if not shown(block):
            continue
        for node in tree_nodes(block.outline.root):
            block.outline.move_cursor(node)
            await pilot.pause()
            if shown(block.detail):
                texts.append(static_text(block.detail))
    return words(texts, ascii)


def export_words(app: LayerscopeApp, view: View) -> Counter[str]:
    return words([render_view(view, app.catalog, "text", width=WIDTH)])


def assert_same(on_screen: Counter[str], exported: Counter[str]) -> None:
    only_screen = on_screen - exported
    only_export = exported - on_screen
    assert not only_screen and not only_export, (
        f"only on screen: {dict(only_screen)}; only in the export: {dict(only_export)}"
    )
    assert sum(on_screen.values()) > 30  # the view said something


async def open_and_compare(app: LayerscopeApp, view: View) -> None:
    await open_and_compare_each(app, [view])


async def open_and_compare_each(app: LayerscopeApp, views: Iterable[View]) -> None:
    """Open each view in turn from the comparison, in one app, and compare it with its
    export; every view is compared, and the failure names each view that differs."""
    failures: dict[str, str] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for view in views:
            while len(app.screen_stack) > 1:  # back to the comparison, as at start-up
                await app.pop_screen()
            if view.kind != "compare":
                app.open_view(view)
            await pilot.pause()
            await pilot.pause()
            try:
                assert app.screen.current_view() == view, "the screen shows the view"  # type: ignore[attr-defined]
                assert_same(await screen_words(pilot, app.screen), export_words(app, view))
            except AssertionError as failure:
                failures[view.path] = str(failure)
    assert not failures, f"the screen differs from the export for {failures}"


async def test_each_screen_shows_what_the_export_writes() -> None:
    """stack, layer, drivers and flow views, each opened from the comparison."""
    views = [
        View("stack", ("alpha",)),
        View("stack", ("beta",)),
        View("layer", ("alpha",), "base"),
        View("layer", ("alpha",), "middle"),
        View("layer", ("beta",), "rollup"),
        View("drivers", ("alpha", "beta")),
        View("flow", ("alpha", "beta")),
        View("flow", ("beta",)),
    ]
    await open_and_compare_each(make_app(start=Start(("alpha", "beta"))), views)


async def test_markup_looking_data_shows_the_same_on_both_sides() -> None:
    views = [
        View("stack", ("markup",)),
        View("layer", ("markup",), "low"),
        View("flow", ("markup",)),
    ]
    app = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "markup")))
    await open_and_compare_each(app, views)


async def test_ascii_screen_shows_what_the_ascii_export_writes() -> None:
    app = make_app(start=Start(("alpha", "beta")))
    view = View("flow", ("alpha", "beta"))
    async with app.run_test(size=SIZE) as pilot:
        app.ascii = True
        app.open_view(view)
        await pilot.pause()
        await pilot.pause()
        on_screen = await screen_words(pilot, app.screen, ascii=True)
        exported = render_view(view, app.catalog, "text", width=WIDTH, ascii=True)
        assert_same(on_screen, words([exported], ascii=True))
        assert all(word.isascii() for word in on_screen)


async def test_comparison_shows_what_the_compare_export_writes() -> None:
    """Headers, cards and the strip at each level hold the export's table of levels.

    The cards show each slot's head and the strip the selected level's detail (after a
    first line naming the stack and layer again); the export's table has both in one cell.
    Its first column (the level numbers, "Verdict") is the screen's layout, not text.
    """
    from layerscope.report import render_document
    from layerscope.report.document import Document, Table
    from layerscope.tui.screens.comparison import ComparisonScreen
    from layerscope.tui.widgets.cards import PaneHeader
    from layerscope.tui.widgets.levels import LevelsView
    from layerscope.tui.widgets.strip import StripCell

    view = View("compare", ("alpha", "beta"))
    app = make_app(start=Start(view.stacks))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen) and screen.current_view() == view
        texts = [header.render().plain for header in screen.query(PaneHeader)]
        levels = screen.query_one(LevelsView)
        texts += [levels.render_line(y).text for y in range(levels.virtual_size.height)]
        table = next(
            b for b in app.document(view).blocks if isinstance(b, Table) and b.key == "levels"
        )
        for level in (int(key) for key in table.row_keys):
            for cell in screen.query(StripCell):
                cell.show(level)  # what the strip shows once the selection rests there
                texts += cell.render().plain.split("\n")[1:]
        exported = render_document(Document(view.path, (table,)), "text", width=WIDTH)
        row_labels = [table.columns[0].header, *(row[0][0] for row in table.rows)]
        if table.summary is not None:
            row_labels.append(table.summary[0][0])
        labels = words(" ".join(span.text for span in label) for label in row_labels)
        assert_same(words(texts), words([exported]) - labels)
