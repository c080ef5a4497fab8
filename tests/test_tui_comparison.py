"""The comparison screen: panes aligned by level, selection, strip, keys and mouse."""

from __future__ import annotations

from pathlib import Path

from test_tui_support import MARKUP, fixture_dirs, make_app, notices, screen_text
from textual.pilot import Pilot
from textual.widgets import Input, Tabs

from layerscope.catalog import SearchDir
from layerscope.report.format import UNICODE
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import SETTLE_DELAY, ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.widgets.cards import LayerCard, PaneHeader
from layerscope.tui.widgets.strip import StripCell


def cards(screen: ComparisonScreen) -> list[LayerCard]:
    assert screen.levels is not None
    return screen.levels.cards


def drawn(screen: ComparisonScreen, card: LayerCard) -> str:
    """The card's text as the levels view draws it."""
    assert screen.levels is not None
    return screen.levels.render_card(card).plain


def shown(screen: ComparisonScreen) -> set[str]:
    """The stacks whose cards are on show."""
    levels = screen.levels
    assert levels is not None
    return {card.stack.id for row in levels.rows for card in levels.shown_cards(row)}


async def click(
    pilot: Pilot[None], screen: ComparisonScreen, card: LayerCard, times: int = 1
) -> None:
    assert screen.levels is not None
    region = screen.levels.card_region(card)
    assert region is not None, "the card is not on screen"
    await pilot.click(screen.levels, offset=(region.x + 2, region.y), times=times)


def selected(screen: ComparisonScreen) -> list[tuple[str, int, str | None]]:
    """(stack, level, layer id) of every card highlighted as selected."""
    return [
        (c.stack.id, c.level, c.record.id if c.record else None) for c in cards(screen) if c.state
    ]


def current(screen: ComparisonScreen) -> list[tuple[str, int]]:
    return [(c.stack.id, c.level) for c in cards(screen) if c.state == "current"]


async def test_the_opening_panes_are_aligned_by_level_with_cards_and_headers() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.stack_ids == ["alpha", "beta"], "the stacks on show"
        rows = [
            [(c.level, c.record.id if c.record else None) for c in row.cards]
            for row in screen.levels.rows  # type: ignore[union-attr]
        ]
        # Top-down: the highest level first; alpha has no level 4, beta no level 3.
        assert rows == [
            [(4, None), (4, "appchain")],
            [(3, "top"), (3, None)],
            [(2, "middle"), (2, "rollup")],
            [(1, "base"), (1, "chain")],
        ], "panes aligned by level, top-down, with empty slots"
        empty = next(c for c in cards(screen) if c.record is None and c.stack.id == "beta")
        assert "no layer at this level" in drawn(screen, empty), "an empty slot says so"
        card = next(c for c in cards(screen) if c.record and c.record.id == "middle")
        text = drawn(screen, card)
        assert all(
            piece in text
            for piece in ("L2 Middle tools", "Makes the base fast.", "✓1 ◐1 ↪0 ✗0", "1 new problem")
        ), f"a card shows label, name, summary, counts and problems: {text}"
        headers = [h.render().plain for h in app.screen.query(PaneHeader)]
        assert headers[0].startswith("▸ Alpha\n"), "the current pane's marker, the title"
        assert "capability progression" in headers[0] and "index 0.88" in headers[0], (
            "the first header's verdict and index"
        )
        assert "problem transfer" in headers[1] and "transfer share 67%" in headers[1], (
            "the second header's verdict and transfer share"
        )


async def test_cards_headers_and_strip_show_the_compare_pieces() -> None:
    """What the compare export is made of, line by line: nothing computed on screen."""
    from layerscope.report.document import plain
    from layerscope.report.format import glyphs
    from layerscope.report.views.compare import compare_pieces

    app = make_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        pieces = compare_pieces(screen.stacks, glyphs(False))
        slots = {
            (screen.stack_ids[i], row.level): slot
            for row in pieces.levels
            for i, slot in enumerate(row.slots)
        }
        for card in cards(screen):
            text = drawn(screen, card)
            for line in slots[card.stack.id, card.level].head:
                assert plain(line) in text, (card.stack.id, card.level)
        for header, widget in zip(pieces.headers, screen.query(PaneHeader), strict=True):
            text = widget.render().plain
            assert all(plain(line) in text for line in (header.name, *header.verdict))
        await pilot.press("down")
        await pilot.pause(SETTLE_DELAY * 4)
        for i, cell in enumerate(screen.query(StripCell)):
            text = cell.render().plain
            for line in slots[screen.stack_ids[i], 2].detail:
                assert plain(line) in text


async def test_moving_the_level_moves_every_pane_and_the_strip_once_the_keys_stop() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        strip_cell = screen.query(StripCell).first()
        assert screen.selected_level == 3, "starts on the first stack's first level"
        await pilot.press("down")
        assert selected(screen) == [("alpha", 2, "middle"), ("beta", 2, "rollup")], (
            "down selects the level below in every pane"
        )
        assert "Top agents" in strip_cell.render().plain, "the strip waits: the level before"
        await pilot.pause(SETTLE_DELAY * 4)  # the strip follows once the keys stop
        strip = [cell.render().plain for cell in screen.query(StripCell)]
        assert (
            "Middle tools" in strip[0] and "✓ solved Slow" in strip[0] and "Costly" in strip[0]
        ), "the strip shows the first stack's layer and handlings"
        assert "Rollups" in strip[1] and "↪ transferred Congestion" in strip[1], (
            "the strip shows the second stack's layer and handlings"
        )
        await pilot.press("j")
        assert screen.selected_level == 1, "j moves down"
        await pilot.press("j")  # stays at the bottom
        assert screen.selected_level == 1, "j stays at the bottom"
        await pilot.press("k", "up")
        assert screen.selected_level == 3, "k and up move up"
        await pilot.press("up", "up")
        assert screen.selected_level == 4, "up stays at the top"
        await pilot.pause(SETTLE_DELAY * 4)
        assert "no layer at this level" in screen.query(StripCell).first().render().plain, (
            "the strip at an empty level says so"
        )


async def test_moving_between_panes() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert current(screen) == [("alpha", 3)]
        await pilot.press("right")
        assert screen.pane == 1 and current(screen) == [("beta", 3)]
        await pilot.press("h")
        assert screen.pane == 0
        await pilot.press("l")
        assert screen.pane == 1
        await pilot.press("left")
        assert screen.pane == 0
        await pilot.press("tab")
        assert screen.pane == 1
        await pilot.press("tab")  # wraps around
        assert screen.pane == 0
        await pilot.press("shift+tab")
        assert screen.pane == 1
        await pilot.press("o")  # the same level in the next stack
        assert screen.pane == 0
        header = screen.query(PaneHeader).first()
        assert header.has_class("-current")


async def test_enter_drills_into_the_selected_layer_or_says_the_slot_is_empty() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("right", "enter")  # beta has no level 3
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen), "enter on an empty slot stays"
        assert any("no layer at level 3" in n.message for n in notices(app)), (
            "enter on an empty slot says so"
        )
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen), "enter opens the layer"
        assert (app.screen.stack.id, app.screen.record.id) == ("beta", "rollup"), (
            "the layer opened is the selected one"
        )
        await pilot.press("escape")
        assert isinstance(app.screen, ComparisonScreen), "escape goes back"


async def test_clicks_select_drill_in_and_make_a_pane_current() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        rollup = next(c for c in cards(screen) if c.record and c.record.id == "rollup")
        await click(pilot, screen, rollup)
        await pilot.pause()
        assert screen.selected_level == 2 and screen.pane == 1, "a click selects the card"
        assert isinstance(app.screen, ComparisonScreen), "a first click does not drill in"
        await click(pilot, screen, rollup)
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen) and app.screen.record.id == "rollup", (
            "a click on the selected card drills in"
        )
        await pilot.press("escape")
        await pilot.pause()
        base = next(c for c in cards(screen) if c.record and c.record.id == "base")
        await click(pilot, screen, base, times=2)
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen) and app.screen.record.id == "base", (
            "a double click drills in"
        )
        await pilot.press("escape")
        await pilot.pause()
        assert screen.pane == 0, "back on the first pane"
        await pilot.click(screen.query(PaneHeader).last())
        assert screen.pane == 1, "a click on a pane header makes it current"


async def test_bottom_up_order_rebuilds_the_panes_under_a_working_footer() -> None:
    from layerscope.tui.screens.drivers import DriversScreen
    from layerscope.tui.widgets.footer import FooterKeys

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.set_layer_order("bottom-up")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        levels = [c.level for c in cards(screen) if c.stack.id == "alpha"]
        assert levels == [1, 2, 3, 4], "bottom-up: the lowest level first"
        assert app.settings.layer_order == "bottom-up", "the setting is kept"
        await pilot.pause()
        footer = screen_text(app).splitlines()[-1]
        assert all(key in footer for key in ("⏎ Open", "d Drivers", "? Help")), footer
        column = footer.index("d Drivers")
        keys = app.screen.query(FooterKeys).first()
        await pilot.click(keys, offset=(column - keys.region.x, 0))
        await pilot.pause()
        assert isinstance(app.screen, DriversScreen), "a click on a footer key presses it"


async def test_narrow_terminal_shows_one_pane_with_tabs() -> None:
    app = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "beta", "markup")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.narrow and screen.has_class("-narrow")
        tabs = screen.query_one(Tabs)
        assert tabs.display and tabs.active == "tab-0"
        assert shown(screen) == {"alpha"}
        await pilot.press("right")
        await pilot.pause()
        assert tabs.active == "tab-1"
        assert shown(screen) == {"beta"}
        # Wide enough again: every pane side by side, no tabs.
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not screen.narrow and not tabs.display
        assert shown(screen) == {"alpha", "beta", "markup"}


async def test_two_stacks_at_80_columns_stay_side_by_side() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.narrow  # type: ignore[attr-defined]
        text = screen_text(app)
        assert "▸ Alpha" in text and "Beta stack" in text


async def test_filter_highlights_matching_layers_and_problems_and_esc_clears() -> None:
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        await pilot.press("slash", *"engine")
        await pilot.pause()
        matched = {c.record.id for c in cards(screen) if c.hits and c.record}
        # "Base engines" by name; its examples are "Engine One" and "Engine Two".
        assert matched == {"base"}, "the layers that match by name and examples"
        base = next(c for c in cards(screen) if c.record and c.record.id == "base")
        assert "3 matches" in drawn(screen, base) and "Engine One" in drawn(screen, base), (
            "the card counts its matches and shows them"
        )
        assert "3 matches" in screen_text(app), "the count is on screen"
        await pilot.press("enter")  # keep the highlights, close the bar
        await pilot.pause()
        assert app.screen is screen and base.hits, "enter keeps the highlights"
        await pilot.press("escape")  # clears the filter, stays on the screen
        await pilot.pause()
        assert app.screen is screen and not base.hits, "escape clears the filter"
        await pilot.press("slash")
        app.screen.query_one(Input).value = "fragment"  # pasted: one filtering, not one a key
        await pilot.pause()
        assert any(c.hits for c in cards(screen)), "the bar's text matches"
        await pilot.press("escape")  # esc in the bar clears too
        await pilot.pause()
        assert app.screen is screen, "escape in the bar stays on the screen"
        assert not any(c.hits for c in cards(screen)), "escape in the bar clears too"
        count = screen.apply_filter("fragmentation")
        matched = {c.record.id for c in cards(screen) if c.hits and c.record}
        assert matched == {"rollup", "appchain"}, "the filter matches problems"
        assert count == 3, "rollup introduces it; appchain addresses it and introduces more"


async def test_tabs_appear_when_the_terminal_gets_narrow() -> None:
    app = make_app(fixture_dirs(MARKUP), start=Start(("alpha", "beta", "markup")))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert not screen.query(Tabs)
        await pilot.press("right")
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        tabs = screen.query_one(Tabs)
        assert tabs.display and tabs.active == "tab-1"
        assert shown(screen) == {"beta"}
        await pilot.click(tabs.query_one("#tab-2"))
        await pilot.pause()
        assert screen.pane == 2


LONG_SUMMARY = (
    "Makes the base fast by keeping warm copies of every engine near the work, checking "
    "each answer twice and handing the slow cases to a queue that the next layer drains."
)


def _many_handlings(directory: Path, count_: int = 12) -> Path:
    """A two-level stack whose top layer handles ``count_`` problems of the one below."""
    problems = [f"p{i}" for i in range(count_)]
    text = (
        f"""schema_version: 1
id: many
name: Many stack
summary: A stack whose second layer handles a dozen problems.
thesis: One layer handles all.
layers:
  - id: low
    level: 1
    name: Low layer
    summary: Makes the problems.
    introduces: [{", ".join(problems)}]
  - id: high
    level: 2
    name: High layer
    summary: Handles them.
    addresses:
"""
        + "".join(
            f"      - {{problem: {p}, outcome: mitigated, note: Helps., sources: [s1]}}\n"
            for p in problems
        )
        + "problems:\n"
        + "".join(
            f"  - {{id: {p}, name: Problem number {p[1:]}, description: One of many.}}\n"
            for p in problems
        )
        + """sources:
  - {id: s1, title: A report, publisher: Somebody, url: "https://example.org/r", published: "2024"}
"""
    )
    (directory / "many.yaml").write_text(text, encoding="utf-8")
    return directory


async def test_cards_show_their_summaries_in_full_where_rows_are_free(tmp_path: Path) -> None:
    from test_tui_support import copy_catalog

    catalog = copy_catalog(tmp_path / "catalog")
    alpha = catalog / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace("Makes the base fast.", LONG_SUMMARY),
        encoding="utf-8",
    )
    app = make_app([SearchDir(catalog, "--data")])
    async with app.run_test(size=(90, 44)) as pilot:
        await pilot.pause()
        await pilot.pause()
        words = screen_text(app).split()
        assert all(word in words for word in LONG_SUMMARY.split()), words


async def test_a_cut_strip_says_how_many_entries_do_not_show(tmp_path: Path) -> None:
    app = make_app(
        [*fixture_dirs(), SearchDir(_many_handlings(tmp_path), "--data")],
        start=Start(("many", "alpha")),
    )
    async with app.run_test(size=(80, 24)) as pilot:  # compact: three lines of strip
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        screen.selected_level = 2
        screen.settle()
        await pilot.pause()
        text = screen_text(app)
        # The name line and one handling show; 11 handlings and nothing else do not.
        assert f"{UNICODE.ellipsis} 11 more" in text, text
        screen.selected_level = 1
        screen.settle()
        await pilot.pause()
        assert "more" not in screen_text(app).splitlines()[-2]


async def test_the_strip_takes_the_rows_the_levels_leave_free(tmp_path: Path) -> None:
    app = make_app(
        [*fixture_dirs(), SearchDir(_many_handlings(tmp_path), "--data")],
        start=Start(("many", "alpha")),
    )
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        screen.selected_level = 2
        screen.settle()
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert all(f"Problem number {i}" in text for i in range(12)), text
        assert f"{UNICODE.ellipsis} " not in text.split("▔")[-1]


async def test_a_new_date_that_keeps_every_layer_updates_the_cards_in_place() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen) and screen.levels is not None
        levels = screen.levels
        app.as_of = "2025"  # after every launch of the fixtures: the same layers
        await pilot.pause()
        await pilot.pause()
        assert screen.levels is levels  # not made again
        app.as_of = "2020-06"  # before Engine Two (2021) and the upper layers' examples
        await pilot.pause()
        await pilot.pause()
        base = next(
            c for c in levels.cards if c.stack.id == "alpha" and c.record and c.record.id == "base"
        )
        assert [e.name for e in base.record.examples] == ["Engine One"]
        screen.apply_filter("Engine Two")
        assert base.hits == 0  # the filter reads the layer as of the date
