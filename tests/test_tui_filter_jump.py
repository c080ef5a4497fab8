"""The filter goes from match to match: down/up in the bar, n/N once kept; "match i/n"."""

from __future__ import annotations

from test_tui_support import make_app, notices
from textual.widgets import Input, Static

from layerscope.report.format import UNICODE
from layerscope.tui.dialogs.filter import FilterScreen
from layerscope.tui.launch import Start
from layerscope.tui.screens.flow import FlowScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.document import DocumentView
from layerscope.tui.widgets.tables import SortableTable


async def test_the_bar_and_n_go_from_match_to_match_and_the_kept_filter_stays_in_sight() -> None:
    from test_tui_support import screen_text

    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        layer = app.screen
        assert isinstance(layer, LayerScreen)
        await pilot.press("slash", *"engine")
        await pilot.pause()
        bar = app.screen
        assert isinstance(bar, FilterScreen)
        matches = layer.query_one(DocumentView).matches()
        n = len(matches)
        assert n >= 2, "at least two matches to go between"
        names = [e.name for e in layer.record.examples if "engine" in e.name.lower()]
        rows = [m.key for m in matches if isinstance(m.widget, SortableTable)]
        assert set(names) <= set(rows), "every matching example is a match"
        await pilot.press("down")
        await pilot.pause()
        label = bar.query_one("#filter-count", Static)
        assert str(label.content) == f"match 1/{n}", "down in the bar: the first match"
        await pilot.press("down")
        await pilot.pause()
        assert str(label.content) == f"match 2/{n}", "down again: the second"
        second = matches[1]
        if isinstance(second.widget, SortableTable):
            assert second.widget.cursor_key == second.key, "the cursor is on the match"
        await pilot.press("up")
        await pilot.pause()
        assert str(label.content) == f"match 1/{n}", "up: back to the first"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is layer, "enter keeps the filter and closes the bar"
        notes = [str(note.message) for note in notices(app)]
        assert any(f"match 1/{n}" in note for note in notes), "enter says which match"
        above_footer = screen_text(app).splitlines()[-2]
        assert f"filter: engine · match 1/{n}" in above_footer, "the kept filter's marker"
        await pilot.press("n")
        await pilot.pause()
        assert f"filter: engine · match 2/{n}" in screen_text(app).splitlines()[-2], (
            "n: the next match, in the marker"
        )
        await pilot.press("N", "N")  # back to the first, then round to the last
        await pilot.pause()
        notes = [str(note.message) for note in notices(app)]
        assert any(f"match {n}/{n}" in note for note in notes), "N wraps round to the last"
        await pilot.press("escape")  # clears the filter, and its marker
        await pilot.pause()
        assert app.screen is layer, "escape stays on the layer"
        assert "filter:" not in screen_text(app), "escape clears the marker"


async def test_a_match_in_a_collapsed_tree_entry_is_revealed() -> None:
    app = make_app(start=Start(("alpha", "beta")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        for _ in range(4):
            await pilot.pause()
        flow = app.screen
        assert isinstance(flow, FlowScreen)
        tree = flow.trees[0]
        tree.focus()
        await pilot.press("minus")  # collapse every problem
        await pilot.pause()
        assert not any(node.is_expanded for node in tree.root.children)
        note = "Caching removes the wait"  # a handling's note, inside a collapsed problem
        await pilot.press("slash")
        bar = app.screen
        assert isinstance(bar, FilterScreen)
        bar.query_one(Input).value = note  # pasted: one filtering, not one a key
        await pilot.pause()
        await pilot.press("enter")
        for _ in range(3):
            await pilot.pause()
        cursor = tree.cursor_node
        assert cursor is not None and cursor.parent is not None
        assert cursor.parent.is_expanded
        entry = tree.entry(cursor)
        assert entry is not None
        assert any(note in "".join(s.text for s in item) for item in entry.detail)


async def test_ctrl_o_hides_what_does_not_match_and_shows_it_again() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        layer = app.screen
        assert isinstance(layer, LayerScreen)
        body = layer.query_one(DocumentView)
        await pilot.press("slash")
        bar = app.screen
        assert isinstance(bar, FilterScreen)
        bar.query_one(Input).value = "Middle cost"  # only in the metrics table (pasted)
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        metrics = body.table("metrics")
        addresses = body.table("addresses")
        assert metrics.display and not addresses.display
        assert body.document is not None
        headings = [
            w
            for w, b in zip(body.blocks, body.document.blocks, strict=True)
            if type(b).__name__ == "Heading"
        ]
        assert sum(w.display for w in headings) == 1  # the metrics' heading only
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert all(w.display for w in body.blocks)
        await pilot.press("ctrl+o", "escape")  # hidden again, then the filter cleared
        await pilot.pause()
        assert all(w.display for w in body.blocks)


async def test_a_match_in_a_column_scrolled_out_of_sight_is_brought_into_view() -> None:
    from test_tui_layer import DocumentApp
    from test_tui_support import screen_text

    from layerscope.report import document as doc
    from layerscope.report.document import line

    columns = tuple(doc.Column(line(f"Column {n}"), no_wrap=True) for n in range(6))
    rows = tuple(
        tuple(
            (line(f"cell {r}.{n} " * 3 + ("needle" if (r, n) == (1, 5) else "")),) for n in range(6)
        )
        for r in range(3)
    )
    app = DocumentApp(doc.Document("wide", (doc.Table(columns, rows, key="wide"),)))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        grid = app.query_one(SortableTable)
        assert grid.fixed_columns == 1 and grid.scroll_x == 0
        assert "needle" not in screen_text(app)  # type: ignore[arg-type]
        assert view.highlight("needle") == 1
        (match,) = view.matches()
        view.go_to(match)
        await pilot.pause()
        assert grid.cursor_key == "1"
        shown = screen_text(app)  # type: ignore[arg-type]
        assert "needle" in shown
        assert "Column 0" in shown  # the first column stays pinned


async def test_a_match_in_the_cut_off_part_of_a_long_url_is_shown() -> None:
    from test_tui_layer import DocumentApp
    from test_tui_support import screen_text

    from layerscope.report import document as doc
    from layerscope.report.document import Span, line

    url = "https://example.org/" + "long/" * 12 + "needle-at-the-end"
    columns = (doc.Column(line("Name"), no_wrap=True), doc.Column(line("URL")))
    rows = tuple(
        (
            (line(f"source {r}"),),
            (line(Span(url if r == 1 else "https://example.org/x", link=url)),),
        )
        for r in range(3)
    )
    app = DocumentApp(doc.Document("urls", (doc.Table(columns, rows, key="urls"),)))
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        view = app.query_one(DocumentView)
        assert "needle" not in screen_text(app)  # type: ignore[arg-type]  # cut, not broken
        assert view.highlight("needle") == 1
        (match,) = view.matches()
        view.go_to(match)
        await pilot.pause()
        shown = screen_text(app)  # type: ignore[arg-type]
        assert "needle" in shown, shown
        line_ = next(row for row in shown.splitlines() if "needle" in row)
        assert UNICODE.ellipsis in line_  # still cut (to where the match is), never wrapped
        view.highlight("")
        await pilot.pause()
        assert "needle" not in screen_text(app)  # type: ignore[arg-type]  # cut as before
