"""Help, command palette, live reload and data that looks like markup."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_tui_support import MARKUP, copy_catalog, fixture_dirs, make_app, notices, screen_text
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from layerscope.catalog import SearchDir
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.dialogs.help import HelpScreen
from layerscope.tui.keys import ALL_BINDINGS, APP_BINDINGS, COMPARISON_BINDINGS, MOVES
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen
from layerscope.tui.watch import MISSING_POLLS

# -- every key of the keys table, from the comparison screen --------------------------------

KEYS_AND_SCREENS = [
    ("enter", "LayerScreen"),
    ("d", "DriversScreen"),
    ("f", "FlowScreen"),
    ("s", "PickerScreen"),
    ("e", "ExportModal"),
    ("slash", "FilterScreen"),
    ("question_mark", "HelpScreen"),
    ("f1", "HelpScreen"),
    ("ctrl+p", "CommandPalette"),
    ("exclamation_mark", "IssuesScreen"),
    ("comma", "SettingsScreen"),
]


def unregistered_bindings(app: LayerscopeApp) -> list[tuple[str, object]]:
    """The bindings of the screen on show (and its widgets) that the registry does not hold."""
    from textual.widget import Widget

    registered = {id(b) for bindings in ALL_BINDINGS.values() for b in bindings}
    nodes: list[Widget] = [app.screen, *app.screen.query("*")]
    return [
        (type(node).__name__, binding)
        for node in nodes
        if type(node).__module__.startswith("layerscope.")
        for binding in type(node).__dict__.get("BINDINGS", [])
        if id(binding) not in registered
    ]


async def test_each_key_opens_its_screen_with_registered_bindings_and_esc_comes_back() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert unregistered_bindings(app) == [], "the comparison's bindings are registered"
        for key, screen in KEYS_AND_SCREENS:
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == screen, f"{key} opens the {screen}"
            assert unregistered_bindings(app) == [], f"the {screen}'s bindings are registered"
            if screen == "IssuesScreen":
                assert "No issues in 3 files." in screen_text(app), "the issues screen: none"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ComparisonScreen), f"escape from the {screen} is back"


async def test_app_keys_do_nothing_under_a_dialog() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("exclamation_mark", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        app.screen.query_one(Input).blur()
        await pilot.press("d", "s", "e")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


# -- help -------------------------------------------------------------------------------------


def help_rows(app: LayerscopeApp) -> list[list[str]]:
    table = app.screen.query_one("#help-keys", DataTable)
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_help_lists_the_bindings_of_the_screen_and_filters() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        rows = help_rows(app)
        described = {row[1] for row in rows}
        for binding in [*COMPARISON_BINDINGS, *APP_BINDINGS]:
            assert binding.tooltip in described, binding
        keys = {row[1]: row[0] for row in rows}
        assert keys["Select the level below"] == "↓ j"
        assert keys["Keys of this screen"] == "? f1"
        assert rows[0][2] == "comparison" and rows[-1][2] == "anywhere"
        await pilot.press(*"export")
        await pilot.pause()
        assert [row[0] for row in help_rows(app)] == ["e"]
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)


async def test_help_follows_the_keymap_and_the_screen() -> None:
    from layerscope.settings import Settings, save_settings

    save_settings(Settings(keys={"export": "x"}))
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        keys = {row[1]: row[0] for row in help_rows(app)}
        assert keys["Export the current view to a file"] == "x"
        assert keys["The layer above"] == "]"
        assert "Select the level below" not in keys


# -- command palette --------------------------------------------------------------------------


async def palette(pilot: Pilot[None], query: str) -> list[str]:
    """Open the palette, type ``query`` and return the hits' text."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*query)
    for _ in range(20):
        await asyncio.sleep(0.05)
        await pilot.pause()
        commands = pilot.app.screen.query_one(CommandList)
        if commands.option_count:
            break
    return [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]


async def test_palette_jumps_to_a_layer_a_problem_and_an_example() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hits = await palette(pilot, "rollups")
        assert "Beta stack / B2 Rollups" in hits[0], "a layer is found by its name"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen), "the layer hit opens the layer screen"
        assert app.screen.record.id == "rollup", "the layer hit opens its layer"
        await pilot.press("escape")
        await pilot.pause()
        hits = await palette(pilot, "more fragmentation")
        assert any("problem" in hit and "More fragmentation" in hit for hit in hits), (
            "a problem is found by its name",
            hits,
        )
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen) and app.screen.record.id == "appchain", (
            "the problem hit opens the layer that introduces it"
        )
        hits = await palette(pilot, "engine two")
        assert "Alpha / Engine Two" in hits[0], "an example is found by its name"
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen) and app.screen.record.id == "base", (
            "the example hit opens its layer"
        )
        assert len(app.screen_stack) == 2, "a jump from a layer replaces it"


async def test_palette_jumps_to_a_stack() -> None:
    app = make_app(fixture_dirs(MARKUP))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await palette(pilot, "markup stack")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.stack_ids == ["alpha", "beta", "markup"] and screen.pane == 2


COMMANDS = (
    "What drives the stacks on show",
    "Each problem through the layers",
    "Choose the stacks to compare",
    "Export the current view to a file",
    "Highlight what matches",
    "Keys of this screen",
    "Problems found while loading the data",
    "Theme, layer order, symbols",
    "Drill into the selected layer",
    "The same level in the next stack",
    "Layer order: bottom-up",
    "Symbols: ASCII",
    "Theme",
    "Quit",
)
"""Commands the palette has over the comparison: every action of the app and the screen."""


async def test_the_palette_lists_each_command_once_no_cursor_moves_and_runs_them() -> None:
    moves = {
        binding.tooltip
        for bindings in ALL_BINDINGS.values()
        for binding in bindings
        if isinstance(binding, Binding) and binding.id in MOVES
    }
    hand_picked = {"The next line", "The previous line", "Scroll down a line"}
    assert hand_picked <= moves, "the cursor moves are known as moves"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, under in (("", "comparison"), ("f", "flow"), ("d", "drivers"), ("enter", "layer")):
            if key:
                await pilot.press(key)
                await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            palette_screen = app.screen
            assert isinstance(palette_screen, CommandPalette), f"ctrl+p on the {under} screen"
            # What the palette lists: the commands of the screen below it.
            titles = [c.title for c in app.get_system_commands(app.screen_stack[-2])]
            assert len(titles) == len(set(titles)), (f"each command once over {under}", titles)
            assert titles.count("Quit") == 1 and "Keys" not in titles, f"one quit over {under}"
            assert "Keys of this screen" in titles, f"the help is a command over {under}"
            assert not moves & set(titles), (f"no cursor move over {under}", moves & set(titles))
            await pilot.press("escape", *(["escape"] if key else []))
            await pilot.pause()
            assert isinstance(app.screen, ComparisonScreen), f"back from the {under} screen"
        titles = {c.title for c in app.get_system_commands(app.screen)}
        for expected in COMMANDS:
            assert expected in titles, f"the palette has {expected!r}"
        await palette(pilot, "layer order: bottom")
        await pilot.press("enter")
        await pilot.pause()
        assert app.settings.layer_order == "bottom-up", "the palette runs a setting"
        await palette(pilot, "problem through")
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FlowScreen", "the palette opens a screen"


def test_every_binding_is_registered_once_with_a_kebab_case_id() -> None:
    import re

    ids: dict[str, str] = {}
    for bindings in ALL_BINDINGS.values():
        for binding in bindings:
            assert isinstance(binding, Binding) and binding.id and binding.tooltip, binding
            assert re.fullmatch(r"[a-z]+(-[a-z]+)*", binding.id), binding.id
            # One id, one action: the same id in two lists must mean the same thing.
            assert ids.setdefault(binding.id, binding.action) == binding.action, binding.id


# -- live reload ------------------------------------------------------------------------------


async def reload(app: LayerscopeApp, pilot: Pilot[None]) -> None:
    app.check_files()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_live_reload_of_a_good_save_keeps_the_selection(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("down", "right")
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        alpha = data / "alpha.yaml"
        alpha.write_text(alpha.read_text().replace("name: Middle tools", "name: Middle gears"))
        await reload(app, pilot)
        assert app.catalog.stacks["alpha"].layers[1].name == "Middle gears"
        assert "L2 Middle gears" in screen_text(app)
        assert (screen.selected_level, screen.pane) == (2, 1)
        assert any("Reloaded alpha.yaml" in n.message for n in notices(app))


async def test_live_reload_of_a_broken_save_keeps_the_last_good_version(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")], start=Start(("alpha", "beta"), ("alpha", "top")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        alpha = data / "alpha.yaml"
        alpha.write_text(alpha.read_text().replace("name: Top agents", "nmae: Top agents"))
        await reload(app, pilot)
        assert app.catalog.stacks["alpha"].layers[2].name == "Top agents"
        errors = [n for n in notices(app) if n.severity == "error"]
        assert (
            errors and "alpha.yaml: not reloaded, showing the last good version" in errors[0].title
        )
        assert "unknown key 'nmae'" in errors[0].message and "alpha.yaml:" in errors[0].message
        assert isinstance(app.screen, LayerScreen) and app.screen.record.name == "Top agents"
        # Fixed again: reloads.
        alpha.write_text(alpha.read_text().replace("nmae: Top agents", "name: Top bots"))
        await reload(app, pilot)
        assert app.screen.record.name == "Top bots"
        await pilot.press("escape")
        await pilot.pause()
        assert "L3 Top bots" in screen_text(app)


async def test_live_reload_polls_on_a_timer(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")], poll_interval=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        beta = data / "beta.yaml"
        beta.write_text(beta.read_text().replace("name: Beta stack", "name: Beta prime"))
        for _ in range(40):
            await asyncio.sleep(0.05)
            await pilot.pause()
            if app.catalog.stacks["beta"].name == "Beta prime":
                break
        assert app.catalog.stacks["beta"].name == "Beta prime"
        assert "Beta prime" in screen_text(app)


async def test_live_reload_of_a_removed_file_drops_its_stack(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (data / "beta.yaml").unlink()
        for _ in range(MISSING_POLLS):  # a missing file is looked for again a few times
            await reload(app, pilot)
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.stack_ids == ["alpha"]


# -- markup-like data shows literally --------------------------------------------------------

NAME = "[bold red]Markup[/] stack"
TITLE = "[@click=app.quit]Q[/]"


async def test_markup_like_data_shows_literally_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual.widgets import SelectionList

    monkeypatch.chdir(tmp_path)
    app = make_app(fixture_dirs(MARKUP), start=Start(("markup", "alpha")))
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert f"▸ {TITLE}" in text  # pane header: the current pane's marker, the title
        assert f"layerscope — {TITLE} vs Alpha" in text  # header sub-title
        assert "L2 $variable and {braces} and [/]" in text  # card
        assert "L1 [reverse]Low[/reverse]" in text
        assert "\\[bold]escaped markup\\[/bold]" in text  # summary
        assert "[blink]Problem[/blink]" in text  # strip: what the layer addresses
        # Palette hits.
        hits = await palette(pilot, "markup")
        assert any(NAME in hit for hit in hits)
        await pilot.press("escape")
        await pilot.pause()
        # Picker prompts.
        await pilot.press("s")
        await pilot.pause()
        prompts = app.screen.query_one(SelectionList)
        assert any(
            NAME in str(prompts.get_option_at_index(i).prompt) for i in range(prompts.option_count)
        )
        await pilot.press("escape")
        await pilot.pause()
        # The drill-down: breadcrumb, sections, table cells, sources.
        app.open_layer("markup", "low")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "L1 [reverse]Low[/reverse]" in text and NAME in text
        assert "[b]Example[/b] | with pipe" in text
        assert "<script>alert(1)</script>" in text
        assert "[i]Metric[/i]" in text and "[%]" in text
        assert "[link=javascript:alert(1)]Source[/link]" in text
        assert "[blink]Problem[/blink]" in text
        # The loader removed the control characters; what is left shows literally.
        assert "Colour [31mred[0m and a bell  here" in text and "\x1b" not in text
        app.open_layer("markup", "high")
        await pilot.pause()
        await pilot.pause()
        text = screen_text(app)
        assert "[on red]note[/]" in text
        # The export path (notified) comes from the view, not from data text.
        await pilot.press("o")  # alpha has a level 2: fine; then back to markup
        await pilot.press("o")
        await pilot.pause()
        assert app.screen.stack.id == "markup"  # type: ignore[attr-defined]
        await pilot.press("e", "ctrl+s")
        await pilot.pause()
        assert any("layerscope-markup-high" in n.message for n in notices(app))


async def test_markup_in_tabs_and_notifications() -> None:
    from textual.widgets import Tabs

    app = make_app(fixture_dirs(MARKUP), start=Start(("markup", "alpha", "beta")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Diagnostics of the markup file (control characters removed) are notified literally
        # (checked first: notifications time out, and a busy machine runs slow).
        assert any("markup.yaml" in n.title for n in notices(app))
        tabs = app.screen.query_one(Tabs)
        assert tabs.active_tab is not None and tabs.active_tab.label.plain == TITLE
        assert TITLE in screen_text(app)
        await pilot.press("up")  # level 2 (top) has a markup layer; go to an empty slot
        await pilot.press("right", "right")  # beta
        await pilot.press("left", "left")  # markup
        app.screen.selected_level = 3  # type: ignore[attr-defined]
        await pilot.press("enter")
        await pilot.pause()
        assert any(n.message == f"{TITLE} has no layer at level 3" for n in notices(app))
        assert TITLE in screen_text(app)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="[]\\/ab$@{}=.:# \n", max_size=20))
def test_palette_help_text_round_trips_through_markup(text: str) -> None:
    from textual.content import Content

    from layerscope.tui.palette import escape_help

    assert Content.from_markup(escape_help(text)).plain == text


# -- the same footer on every screen ---------------------------------------------------------


async def test_the_level_screen_and_the_detail_panel_have_the_footer_of_every_screen() -> None:
    from textual.widgets import Footer

    from layerscope.tui.dialogs.detail import DetailScreen
    from layerscope.tui.screens.level import LevelScreen
    from layerscope.tui.widgets.footer import ScreenFooter

    app = make_app(start=Start(("alpha", "beta")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("L")
        await pilot.pause()
        assert isinstance(app.screen, LevelScreen)
        assert [type(f) for f in app.screen.query(Footer)] == [ScreenFooter]
        app.push_screen(DetailScreen("alpha", "source", "s1"))
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert [type(f) for f in app.screen.query(Footer)] == [ScreenFooter]
