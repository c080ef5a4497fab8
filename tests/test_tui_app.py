"""The app: launching, the first screen, app-wide keys, settings, export, broken data."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_tui_support import FIXTURE_CATALOG, fixture_dirs, make_app, notices, screen_text

from layerscope import paths
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.settings import Settings, load_settings, save_settings
from layerscope.tui import launch
from layerscope.tui.launch import Start, ViewError, default_stacks, resolve_views
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.layer import LayerScreen


def args(*views: str, data: list[Path] | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        views=list(views),
        data=data if data is not None else [FIXTURE_CATALOG],
        no_user_data=True,
    )


# -- launching ------------------------------------------------------------------------------


class TestResolveViews:
    def test_stacks_make_a_comparison(self, fixture_catalog: Catalog) -> None:
        assert resolve_views(["beta", "alpha"], fixture_catalog, Settings()) == Start(
            ("beta", "alpha")
        )

    def test_one_stack_is_a_stack_view(self, fixture_catalog: Catalog) -> None:
        assert resolve_views(["alpha"], fixture_catalog, Settings()).stacks == ("alpha",)

    def test_stack_layer_opens_the_drill_down(self, fixture_catalog: Catalog) -> None:
        start = resolve_views(["beta/rollup"], fixture_catalog, Settings())
        assert start == Start(("beta", "alpha"), layer=("beta", "rollup"))
        # A label works as well as an id.
        assert resolve_views(["alpha/L3"], fixture_catalog, Settings()).layer == ("alpha", "top")

    def test_default_is_the_last_comparison(self, fixture_catalog: Catalog) -> None:
        settings = Settings(last_comparison=("beta", "alpha"))
        assert resolve_views([], fixture_catalog, settings) == Start(("beta", "alpha"))

    def test_default_falls_back_to_the_first_two(self, fixture_catalog: Catalog) -> None:
        # No ai/crypto in the fixture catalog; a stale last comparison is ignored.
        settings = Settings(last_comparison=("alpha", "gone"))
        assert default_stacks(fixture_catalog, settings) == ("alpha", "beta")

    def test_default_prefers_ai_and_crypto(self) -> None:
        catalog = Catalog()
        for sid in ("network", "crypto", "ai"):
            catalog.stacks[sid] = object()  # type: ignore[assignment]
        assert default_stacks(catalog, Settings()) == ("ai", "crypto")

    def test_unknown_ids(self, fixture_catalog: Catalog) -> None:
        from layerscope.catalog import UnknownId

        with pytest.raises(UnknownId, match="did you mean 'alpha'"):
            resolve_views(["alpah"], fixture_catalog, Settings())
        with pytest.raises(UnknownId, match="known: base, middle, top"):
            resolve_views(["alpha/nope"], fixture_catalog, Settings())

    @pytest.mark.parametrize(
        "views", [["alpha/base", "beta"], ["alpha", "alpha"], ["alpha", "beta"] * 3]
    )
    def test_usage_errors(self, fixture_catalog: Catalog, views: list[str]) -> None:
        with pytest.raises(ViewError):
            resolve_views(views, fixture_catalog, Settings())


def test_unknown_id_exits_2_before_the_app_starts(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from layerscope.tui import app as app_module

    def must_not_run(self: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(app_module.LayerscopeApp, "run", must_not_run)
    assert launch.run_tui(args("alpah", "beta")) == 2
    err = capsys.readouterr().err
    assert "unknown stack 'alpah'" in err and "did you mean 'alpha'" in err
    assert "known: " in err and "alpha, beta" in err
    assert launch.run_tui(args("alpha", data=[Path("/nonexistent")])) == 2


def test_cli_unknown_id_exits_2_without_importing_textual(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from layerscope.cli import main\n"
        f"rc = main(['--no-user-data', '--data', {str(FIXTURE_CATALOG)!r}, 'tui', 'nope'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "unknown stack 'nope'" in result.stderr


def test_run_tui_starts_the_app_with_the_views(monkeypatch: pytest.MonkeyPatch) -> None:
    from layerscope.tui import app as app_module

    started: list[app_module.LayerscopeApp] = []
    monkeypatch.setattr(app_module.LayerscopeApp, "run", lambda self: started.append(self))
    assert launch.run_tui(args("beta/chain")) == 0
    # The built-in data is on the search path too, so ai joins the comparison below.
    assert started[0].start == Start(("beta", "ai"), layer=("beta", "chain"))


# -- the first screen and app-wide keys -----------------------------------------------------


async def test_starts_on_the_last_comparison() -> None:
    save_settings(Settings(last_comparison=("beta", "alpha")))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.stack_ids == ["beta", "alpha"]
        assert app.screen.sub_title == "Beta stack vs Alpha"


async def test_start_with_a_layer_opens_it_over_the_comparison() -> None:
    app = make_app(start=Start(("beta", "alpha"), layer=("beta", "appchain")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen)
        assert len(app.screen_stack) == 2
        await pilot.press("q")  # back, not quit
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.selected_level == 4 and app.screen.pane == 0
        assert app.is_running


async def test_q_on_the_first_screen_quits() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")  # nothing to go back to: stays
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ComparisonScreen)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_drivers_and_flow_for_the_stacks_on_show() -> None:
    app = make_app(start=Start(("beta", "alpha"), layer=("alpha", "base")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, other, name in (("d", "f", "DriversScreen"), ("f", "d", "FlowScreen")):
            await pilot.press(key)
            await pilot.pause()
            assert type(app.screen).__name__ == name, f"{key} opens the {name}"
            view = app.screen.current_view()  # type: ignore[attr-defined]
            assert view.stacks == ("beta", "alpha"), f"the {name} is for the stacks on show"
            # The other one replaces it rather than piling up.
            await pilot.press(other)
            await pilot.pause()
            assert type(app.screen).__name__ != name, f"{other} replaces the {name}"
            assert len(app.screen_stack) == 3, f"{other} over the {name} does not pile up"
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LayerScreen), f"escape after {key} {other}: the layer"


async def test_the_ascii_toggle_reaches_every_screen() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key, unicode in (("d", "█░"), ("f", "✓◐↪✗○▼▶")):
            await pilot.press(key)
            await pilot.pause()
            assert set(unicode) & set(screen_text(app)), f"{key}: its screen draws {unicode}"
            app.action_toggle_ascii()
            await pilot.pause()
            await pilot.pause()
            shown = screen_text(app)
            assert not set(unicode) & set(shown), (f"{key}: in ASCII, no {unicode}", shown)
            assert load_settings()[0].ascii, f"{key}: ASCII is saved"
            # The comparison below follows too, whenever it shows again.
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ComparisonScreen), f"{key}: escape is back"
            assert not set("✓◐↪✗○") & set(screen_text(app)), f"{key}: the comparison follows"
            app.action_toggle_ascii()  # Unicode again, for the next screen


async def test_a_reload_reaches_every_screen(tmp_path: Path) -> None:
    from test_tui_support import copy_catalog

    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        beta = data / "beta.yaml"
        for key, old, new in (("d", "Beta stack", "Beta prime"), ("f", "Beta prime", "Beta next")):
            await pilot.press(key)  # f replaces d
            await pilot.pause()
            assert new not in screen_text(app), f"{key}: {new} is not on show yet"
            beta.write_text(beta.read_text().replace(f"name: {old}", f"name: {new}"))
            app.check_files()
            await app.workers.wait_for_complete()
            await pilot.pause()
            await pilot.pause()
            assert new in screen_text(app), f"{key}: the reload shows {new}"


async def test_outcome_colours_are_distinct_in_every_theme() -> None:
    from textual.markup import parse_style

    from layerscope.report.document import STATUSES

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        themes = sorted(app.available_themes)
        assert {"ansi-dark", "ansi-light", "textual-dark"} <= set(themes)
        for theme in themes:
            app.theme = theme
            await pilot.pause()
            variables = app.get_css_variables()
            colours = [parse_style(f"$outcome-{s}", variables).foreground for s in STATUSES]
            assert None not in colours, theme
            assert len(set(colours)) == len(STATUSES), (theme, colours)
            # The screen's own stylesheet resolves them too (what cards and trees draw with).
            resolved = [app.stylesheet.parse_style(f"$outcome-{s}").foreground for s in STATUSES]
            assert resolved == colours, theme


async def test_picker_chooses_stacks_and_saves_them(tmp_path: Path) -> None:
    from test_tui_support import MARKUP

    from layerscope.tui.dialogs.picker import PickerScreen

    app = make_app(fixture_dirs(MARKUP))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # into a layer: s works from anywhere
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, PickerScreen)
        assert picker.chosen == ["alpha", "beta"]
        await pilot.press("space")  # untick alpha (highlighted first)
        await pilot.pause()
        assert picker.chosen == ["beta"]
        await pilot.press("enter")  # one is not enough
        await pilot.pause()
        assert app.screen is picker
        await pilot.press("down", "down", "space", "enter")
        await pilot.pause()
        await pilot.pause()
        comparison = app.screen
        assert isinstance(comparison, ComparisonScreen)
        assert comparison.stack_ids == ["beta", "markup"]
        assert len(app.screen_stack) == 1
        assert load_settings()[0].last_comparison == ("beta", "markup")
        await pilot.press("s", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.stack_ids == ["beta", "markup"]


async def test_export_from_the_screen_asks_before_overwriting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from layerscope.tui.dialogs.export import ConfirmOverwrite, ExportModal

    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        assert modal.view.kind == "compare" and modal.view.stacks == ("alpha", "beta")
        await pilot.press("ctrl+s")
        await pilot.pause()
        written = list(tmp_path.glob("layerscope-*.txt"))
        assert len(written) == 1 and "Compare: Alpha · Beta stack" in written[0].read_text()
        assert isinstance(app.screen, ComparisonScreen)
        assert any(
            n.message == f"Exported to {written[0].relative_to(tmp_path)}"
            or written[0].name in n.message
            for n in notices(app)
        )
        # Again: the file exists now, so the app asks; "n" keeps it.
        written[0].write_text("keep me")
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmOverwrite)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        assert written[0].read_text() == "keep me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        assert "Compare: Alpha · Beta stack" in written[0].read_text()


async def test_export_exports_the_layer_on_show(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from layerscope.tui.dialogs.export import ExportModal

    monkeypatch.chdir(tmp_path)
    app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "middle")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, ExportModal)
        assert app.screen.view.kind == "layer" and app.screen.view.layer == "middle"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LayerScreen)


# -- broken data ----------------------------------------------------------------------------


BROKEN = """\
schema_version: 1
id: broken
name: Broken
summary: x
layers:
  - id: a
    level: 1
    nmae: A
    summary: s
"""


async def test_broken_file_at_start_up(tmp_path: Path) -> None:
    from textual.widgets import DataTable

    from layerscope.tui.screens.issues import IssuesScreen

    (tmp_path / "broken.yaml").write_text(BROKEN)
    app = make_app(fixture_dirs(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.stack_ids == ["alpha", "beta"]
        errors = [n for n in notices(app) if n.severity == "error"]
        assert len(errors) == 1
        assert "broken.yaml:8: error: unknown key 'nmae'" in errors[0].message
        assert "broken.yaml" in errors[0].title
        await pilot.press("exclamation_mark")
        await pilot.pause()
        issues = app.screen
        assert isinstance(issues, IssuesScreen)
        table = issues.query_one(DataTable)
        rows = [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert any(row[3] == f"{tmp_path / 'broken.yaml'}:8:5" and "nmae" in row[2] for row in rows)
        assert "2 errors, 0 warnings in 4 files" in screen_text(app)


async def test_no_stacks_at_all(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN)
    app = make_app([SearchDir(tmp_path, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "No stacks loaded" in screen_text(app)
        await pilot.press("down", "right", "enter", "slash", "x", "escape", "escape")
        await pilot.press("d", "f", "e", "s", "escape")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ComparisonScreen)
        messages = [n.message for n in notices(app)]
        assert "No stacks to show" in messages
        assert any(m.startswith("Nothing to export") for m in messages)


# -- settings -------------------------------------------------------------------------------


async def test_corrupt_settings_start_with_defaults_and_keep_a_backup() -> None:
    config = paths.config_file()
    config.parent.mkdir(parents=True)
    config.write_text("{not json")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert (app.settings.theme, app.settings.layer_order) == ("textual-dark", "top-down")
        assert isinstance(app.screen, ComparisonScreen)
        warnings = [n for n in notices(app) if n.title == "Settings"]
        assert warnings and "using defaults" in warnings[0].message
    assert config.with_name("settings.json.bak").read_text() == "{not json"
    assert load_settings()[1] is None  # what was saved since is a good file


async def test_unknown_theme_in_settings_is_ignored() -> None:
    save_settings(Settings(theme="no-such-theme"))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "textual-dark"


async def test_keys_can_be_remapped_in_settings() -> None:
    save_settings(Settings(keys={"drivers": "D", "level-down": "n"}))
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        await pilot.press("n")
        assert screen.selected_level == 2
        await pilot.press("d")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("D")
        await pilot.pause()
        assert type(app.screen).__name__ == "DriversScreen"


def test_no_color_is_respected(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.filter import Monochrome, NoColor

    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    assert app.no_color
    assert any(isinstance(f, (Monochrome, NoColor)) for f in app._filters)


def test_catalog_or_search_dirs(fixture_catalog: Catalog) -> None:
    assert list(make_app(fixture_catalog).catalog.stacks) == ["alpha", "beta"]
    assert list(make_app(fixture_dirs()).catalog.stacks) == ["alpha", "beta"]
    assert list(load_catalog(fixture_dirs()).stacks) == ["alpha", "beta"]


async def test_the_theme_and_the_comparison_asked_for_are_remembered() -> None:
    app = make_app(start=Start(("beta", "alpha")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "ansi-dark"
        await pilot.pause()
        theme = json.loads(paths.config_file().read_text())["theme"]
        assert theme == "ansi-dark", "a theme change is saved at once"
    assert load_settings()[0].last_comparison == ("beta", "alpha"), "the comparison is saved"
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "ansi-dark", "the next run has the theme"
        assert app.comparison.stack_ids == ["beta", "alpha"], "the next run has the comparison"
