"""The layer screen: breadcrumb, sections, tables, sparklines, [ ] and o."""

from __future__ import annotations

from rich.text import Text
from test_tui_support import make_app, screen_text
from textual.widgets import DataTable, Sparkline, Static

from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.tables import sort_key


def section(screen: LayerScreen, name: str) -> str:
    return "\n".join(w.content.plain for w in screen.query(f"#{name} Static").results(Static))


def column(table: DataTable[Text], index: int) -> list[str]:
    return [table.get_row_at(row)[index].plain for row in range(table.row_count)]


async def test_breadcrumb_and_sections() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        crumb = screen.query_one("#breadcrumb", Static).content.plain
        assert crumb.startswith("Alpha stack / L2 Middle tools")
        assert "level 2 · layer 2 of 3" in crumb
        titles = [w.content.plain.split()[0] for w in screen.query(".section-title")]
        assert titles == ["Addresses", "Introduces", "Examples", "Metrics", "Sources"]
        addresses = section(screen, "addresses")
        assert (
            "✓ solved" in addresses and "Slow" in addresses and "from L1 Base engines" in addresses
        )
        assert "◐ mitigated" in addresses and "Retries help but do not cure.  [s2]" in addresses
        introduces = section(screen, "introduces")
        assert "Costly" in introduces and "low severity" in introduces
        assert "at the top: ✓ solved" in introduces
        sources = screen.query_one("#sources", Static).content.plain
        assert "[s2] Middle report" in sources and "https://example.org/report?a=1|b=2" in sources
        metrics = screen.query_one("#metrics", DataTable)
        assert metrics.get_row_at(0)[1].plain == "3–5"
        assert "None listed." in screen_text(app)  # no examples at this layer


async def test_examples_table_sorts_by_clicked_column() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        table = screen.query_one("#examples", DataTable)
        assert column(table, 0) == ["Engine One", "Engine Two"]
        table.sort_by("Org")  # type: ignore[attr-defined]
        assert column(table, 1) == ["Alpha Labs", "Beta Works"]
        table.sort_by("Org")  # type: ignore[attr-defined]
        assert column(table, 1) == ["Beta Works", "Alpha Labs"]
        assert table.columns["Org"].label.plain == "Org ▼"  # type: ignore[index]
        # Clicking a header sorts as well.
        await pilot.click(table, offset=(2, 0))
        await pilot.pause()
        assert column(table, 0) == ["Engine One", "Engine Two"]


def test_sort_key_orders_numbers_ranges_and_text() -> None:
    cells = [Text("b"), Text("10"), Text("3–5"), Text(""), Text("A"), Text("2.5")]
    assert [c.plain for c in sorted(cells, key=sort_key)] == ["2.5", "3–5", "10", "A", "b", ""]


async def test_metric_with_a_series_has_a_sparkline() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        sparkline = screen.query_one(Sparkline)
        assert list(sparkline.data or []) == [2, 5, 10]
        table = screen.query_one("#metrics", DataTable)
        row = [cell.plain for cell in table.get_row_at(0)]
        assert row[:5] == ["Base speed", "10", "ops/s", "2021-06", "s1"]
        assert row[5] == "▁▄█"


async def test_ascii_symbols_replace_the_sparkline_widget() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.set_ascii(True)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        assert "+ solved" in section(screen, "addresses")
        assert "~ mitigated" in section(screen, "addresses")
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert not screen.query(Sparkline)
        assert screen.query_one("#metrics", DataTable).get_row_at(0)[5].plain == "_-#"


async def test_brackets_move_to_the_previous_and_next_layer() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.record.id == "top"
        assert "L3 Top agents" in screen.query_one("#breadcrumb", Static).content.plain
        await pilot.press("right_square_bracket")  # already at the top
        await pilot.pause()
        assert screen.record.id == "top"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await pilot.pause()
        assert screen.record.id == "base"
        # The comparison follows: back there, the layer's level is selected.
        await pilot.press("escape")
        await pilot.pause()
        comparison = app.screen
        assert isinstance(comparison, ComparisonScreen)
        assert comparison.selected_level == 1 and comparison.pane == 0


async def test_o_shows_the_aligned_layer_of_the_other_stack() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        await pilot.press("o")
        await pilot.pause()
        assert (screen.stack.id, screen.record.id) == ("beta", "rollup")
        await pilot.press("o")
        await pilot.pause()
        assert (screen.stack.id, screen.record.id) == ("alpha", "middle")
        await pilot.press("right_square_bracket", "o")  # beta has no level 3
        await pilot.pause()
        assert (screen.stack.id, screen.record.id) == ("alpha", "top")
        assert any("level 3" in n.message for n in app._notifications)


async def test_j_and_k_move_the_row_of_a_focused_table() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#examples", DataTable)
        table.focus()
        await pilot.press("j")
        assert table.cursor_row == 1
        await pilot.press("k")
        assert table.cursor_row == 0
        await pilot.press("down")
        assert table.cursor_row == 1
        body = app.screen.query_one("#layer-body")
        body.focus()
        await pilot.press("j")
        await pilot.pause()
        assert table.cursor_row == 1


async def test_filter_highlights_problems_and_examples() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LayerScreen)
        await pilot.press("slash", *"two")
        await pilot.pause()
        table = screen.query_one("#examples", DataTable)
        name = table.get_row_at(1)[0]
        assert name.plain == "Engine Two"
        assert any("reverse" in str(span.style) for span in name.spans)
        assert "1 match" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert not any("reverse" in str(s.style) for s in table.get_row_at(1)[0].spans)
        assert screen.apply_filter("fragile") == 1


async def test_palette_example_opens_its_layer_with_the_row_selected() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_layer("alpha", "base", example="Engine Two")
        await pilot.pause()
        await pilot.pause()
        table = app.screen.query_one("#examples", DataTable)
        assert table.cursor_row == 1 and table.has_focus


async def test_shift_s_sorts_the_focused_table_column_by_column() -> None:
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#examples", DataTable)
        table.focus()
        await pilot.press("S")  # by name, ascending
        assert column(table, 0) == ["Engine One", "Engine Two"]
        await pilot.press("S")  # by name, descending
        assert column(table, 0) == ["Engine Two", "Engine One"]
        await pilot.press("S")  # by org, ascending
        assert column(table, 1) == ["Alpha Labs", "Beta Works"]
        assert table.columns["Org"].label.plain == "Org ▲"  # type: ignore[index]
