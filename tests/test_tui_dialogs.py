"""The dialogs at 80x24 as a reader without colour sees them: the export dialog (format and
extension as one choice, the last format remembered, a download when served), the help
(scrolls, wraps, ``q`` closes), the footer (``? Help`` and ``^p Palette`` always there),
and a chosen marker in every dialog's plain text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_tui_support import MARKUP, fixture_dirs, make_app, screen_text
from textual import events
from textual.widgets import DataTable, Input, RadioSet

from layerscope.report import EXTENSIONS, render_document
from layerscope.report.format import ASCII, UNICODE
from layerscope.settings import load_settings
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.dialogs.export import ExportModal
from layerscope.tui.dialogs.help import HelpScreen
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen

SMALL = (80, 24)
START = Start(("alpha", "beta"))


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Input, "cursor_blink", False)


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def dialog_lines(app: LayerscopeApp, first: str) -> list[str]:
    """The plain text of the screen from the line holding ``first`` down."""
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if first in line)
    return lines[start:]


def marked(app: LayerscopeApp, mark: str) -> list[str]:
    """The words right after ``mark`` in the dialog's plain text."""
    found = []
    for line in dialog_lines(app, "Format"):
        parts = line.split(mark)
        found += [part.split()[0] for part in parts[1:] if part.split()]
    return found


async def open_export(pilot: Any) -> ExportModal:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    modal = pilot.app.screen
    assert isinstance(modal, ExportModal)
    return modal


class TestExportDialog:
    async def test_focus_on_the_format_and_a_marker_on_the_chosen_one(self, in_tmp: Path) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            modal = await open_export(pilot)
            assert isinstance(app.screen.focused, RadioSet)
            assert marked(app, UNICODE.chosen) == ["text"]
            assert "md" in marked(app, UNICODE.unchosen)
            await pilot.press("m")
            await pilot.pause()
            assert marked(app, UNICODE.chosen) == ["md"]
            assert "text" in marked(app, UNICODE.unchosen)
            assert modal.path_input.value.endswith(".md")
            await pilot.press("right")  # the arrows choose as they move
            await pilot.pause()
            assert marked(app, UNICODE.chosen) == ["html"]
            assert modal.path_input.value.endswith(".html")

    async def test_the_extension_chooses_the_format_and_an_unknown_one_is_an_error(
        self, in_tmp: Path
    ) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            modal = await open_export(pilot)
            await pilot.press("tab", "ctrl+u", *"out/report.svg")
            await pilot.pause()
            assert modal.format == "svg", ".svg chooses svg"
            assert marked(app, UNICODE.chosen) == ["svg"], "the marker moves to svg"
            await pilot.press("backspace", "backspace", "backspace", *"htm")
            await pilot.pause()
            assert modal.format == "html" and modal.path_input.value == "out/report.htm", (
                ".htm chooses html and stays as typed"
            )
            await pilot.press("shift+tab", "j")  # the format gives the path its extension
            await pilot.pause()
            assert modal.path_input.value == "out/report.json", "json gives the path .json"
            await pilot.press("tab", "ctrl+u", *"x.pdf")
            await pilot.pause()
            assert ".pdf" in modal.error, "an unknown extension is an error at once"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert app.screen is modal, "an unknown extension does not write"
            assert ".pdf" in modal.error and ".md" in modal.error, "the error lists the known"
            assert any(".pdf" in line for line in dialog_lines(app, "Format")), "it shows"
            assert list(in_tmp.iterdir()) == [], "nothing written"

    async def test_three_keys_write_markdown_and_the_format_is_remembered(
        self, in_tmp: Path
    ) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            modal = await open_export(pilot)
            path = in_tmp / modal.path_input.value.replace(".txt", ".md")
            await pilot.press("m", "enter")
            await pilot.pause()
            assert not isinstance(app.screen, ExportModal)
            document = app.document(modal.view)
            assert path.read_text("utf-8") == render_document(document, "md", width=100)
            assert app.settings.export_format == "md"
            again = await open_export(pilot)
            assert marked(app, UNICODE.chosen) == ["md"]
            assert again.path_input.value.endswith(".md")
        assert load_settings(app.settings_path)[0].export_format == "md"
        later = make_app(start=START)
        async with later.run_test(size=SMALL) as pilot:
            await open_export(pilot)
            assert marked(later, UNICODE.chosen) == ["md"]

    async def test_served_the_report_is_a_download(
        self, in_tmp: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        sent: list[tuple[str, str | None]] = []

        def deliver_text(file: Any, **kw: Any) -> str:
            sent.append((file.getvalue(), kw.get("save_filename")))
            return "key"

        monkeypatch.setattr(LayerscopeApp, "is_web", property(lambda self: True))
        app = make_app(start=START)
        monkeypatch.setattr(app, "deliver_text", deliver_text)
        async with app.run_test(size=SMALL) as pilot:
            modal = await open_export(pilot)
            await pilot.press("h")
            await pilot.pause()
            name = Path(modal.path_input.value).name
            await pilot.press("enter")
            await pilot.pause()
            assert name.endswith(f".{EXTENSIONS['html']}")
            expected = render_document(app.document(modal.view), "html", width=100)
            assert sent == [(expected, name)]
            assert list(in_tmp.iterdir()) == []  # nothing on the server's disk
            assert not isinstance(app.screen, ExportModal)

    async def test_ascii_marks(self, in_tmp: Path) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            app.ascii = True
            await open_export(pilot)
            await pilot.press("s")
            await pilot.pause()
            assert marked(app, ASCII.chosen) == ["svg"]
            lines = dialog_lines(app, "Format")[:14]
            assert all(line.isascii() for line in lines), lines
            assert any("Path" in line for line in lines)


class TestHelp:
    async def test_letters_filter_long_descriptions_wrap_and_q_closes(self) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            assert isinstance(app.screen, HelpScreen), "? opens the help"
            await pilot.press(*"verdict")
            await pilot.pause()
            assert app.screen.query_one("#help-filter", Input).value == "verdict", "letters filter"
            text = screen_text(app)
            tooltip = "How far each verdict holds: its range, pivots and problem debt"
            assert tooltip not in text, "too long for one line at 80 columns..."
            words = " ".join(text.split())
            for line in text.splitlines():
                if "How far" in line:
                    assert "anywhere" in line, "...it wraps, where it works shows on its line"
            assert "problem debt" in words and "How far each verdict holds" in words, "all shows"
            await pilot.press("enter", "q")  # back on the list, q closes
            await pilot.pause()
            assert not isinstance(app.screen, HelpScreen), "q closes the help"

    async def test_scrolls_by_keys_and_mouse_at_80x24(self) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            table = app.screen.query_one("#help-keys", DataTable)
            assert table.max_scroll_y > 0  # more keys than fit
            last = table.get_row_at(table.row_count - 1)[1].plain
            assert last not in screen_text(app)
            await pilot.press("pagedown", "pagedown", "pagedown", "pagedown")
            await pilot.pause()
            assert table.scroll_y > 0
            assert last.split()[0] in screen_text(app)
            await pilot.press("pageup", "pageup", "pageup", "pageup")
            await pilot.pause()
            assert table.scroll_y == 0
            for _ in range(3):
                await pilot._post_mouse_events([events.MouseScrollDown], "#help-keys")
            await pilot.pause()
            assert table.scroll_y > 0


class TestFooter:
    @pytest.mark.parametrize("width", [80, 60])
    async def test_help_and_palette_always_show(self, width: int) -> None:
        app = make_app(start=START)
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            for key in ("", "d", "f", "v", "t"):
                if key:
                    await pilot.press(key)
                    await pilot.pause()
                await pilot.pause()
                footer = screen_text(app).splitlines()[-1]
                assert "? Help" in footer and "^p Palette" in footer, (key or "comparison", footer)
                if key:
                    await pilot.press("escape")
                    await pilot.pause()
                    assert app.screen is app.comparison, f"escape from {key} is back"

    async def test_the_screens_own_keys_stay_first(self) -> None:
        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.pause()
            footer = screen_text(app).splitlines()[-1]
            assert footer.split()[:2] == ["↑↓", "level"], footer
            assert "Filter" not in footer  # the last of the app's keys went first
            await pilot.resize_terminal(200, 24)
            await pilot.pause()
            await pilot.pause()
            assert "/ Filter" in screen_text(app).splitlines()[-1]


class TestMarkersWithoutColour:
    async def test_the_picker_marks_the_chosen_stacks(self) -> None:
        app = make_app(fixture_dirs(MARKUP), start=START)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("s")
            await pilot.pause()
            lines = dialog_lines(app, "Choose stacks")
            chosen = [line for line in lines if UNICODE.checked in line]
            unchosen = [line for line in lines if UNICODE.unchecked in line]
            assert len(chosen) == 2 and unchosen, lines
            assert all("alpha" in line or "beta" in line for line in chosen)
            before = len(unchosen)
            await pilot.press("down", "down", "space")  # tick a third stack
            await pilot.pause()
            lines = dialog_lines(app, "Choose stacks")
            assert len([line for line in lines if UNICODE.checked in line]) == 3
            assert len([line for line in lines if UNICODE.unchecked in line]) == before - 1

    async def test_settings_say_their_values_in_words_and_save_changes(self) -> None:
        from textual.widgets import Select, Switch

        from layerscope.tui.dialogs.settings import SettingsScreen

        app = make_app(start=START)
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("comma")
            await pilot.pause()
            screen = app.screen
            assert isinstance(screen, SettingsScreen), ", opens the settings"
            lines = dialog_lines(app, "Settings")
            assert any(f"{UNICODE.chosen} {app.theme}" in line for line in lines), (
                "the theme in words",
                lines,
            )
            assert any(f"{UNICODE.unchecked} off" in line for line in lines), ("off", lines)
            screen.query_one("#setting-ascii", Switch).value = True
            await pilot.pause()
            lines = dialog_lines(app, "Settings")
            assert any(f"{ASCII.checked} on" in line for line in lines), ("on, ASCII", lines)
            assert any(f"{ASCII.chosen} {app.theme}" in line for line in lines), ("ASCII", lines)
            screen.query_one("#setting-theme", Select).value = "ansi-light"
            screen.query_one("#setting-order", Select).value = "bottom-up"
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            saved = load_settings()[0]
            assert (saved.theme, saved.layer_order, saved.ascii) == (
                "ansi-light",
                "bottom-up",
                True,
            ), "the changes are saved"
            comparison = app.screen
            assert isinstance(comparison, ComparisonScreen), "escape closes the settings"
            assert comparison.bottom_up and app.ascii, "the comparison follows the changes"
            text = screen_text(app)
            assert "+0 ~0 >0 x0" in text or "+1 ~1 >0 x0" in text, "in ASCII symbols"

    async def test_the_help_over_a_layer_has_tab_for_tables_and_ctrl_q_quits(self) -> None:
        app = make_app(start=Start(("alpha", "beta"), layer=("alpha", "base")))
        async with app.run_test(size=SMALL) as pilot:
            await pilot.pause()
            await pilot.press("question_mark")
            await pilot.pause()
            table = app.screen.query_one("#help-keys", DataTable)
            rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
            assert any(row[0].startswith("tab") and "table" in row[1] for row in rows), (
                "the help over a layer: tab reaches the tables",
                rows,
            )
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running, "ctrl+q quits from a dialog over a layer"


async def test_ascii_mode_draws_nothing_above_127(in_tmp: Path) -> None:
    app = make_app(fixture_dirs(MARKUP), start=START)
    async with app.run_test(size=SMALL) as pilot:
        app.ascii = True
        await pilot.pause()
        for key in ("", "e", "s", "comma", "question_mark"):
            if key:
                await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
            odd = {ch for ch in screen_text(app) if ord(ch) > 127}
            assert not odd, (key or "comparison", odd)
            if key:
                await pilot.press("escape")
                await pilot.pause()
                assert app.screen is app.comparison, f"escape from {key} is back"


SNAP_SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def _export_dialog_on_markdown(pilot: Any) -> None:
    """The export dialog with Markdown chosen and a path without today's date in it."""
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.press("e", "m")
    await pilot.pause()
    pilot.app.screen.query_one("#export-path", Input).value = "./layerscope-compare.md"
    await pilot.pause()


@pytest.mark.parametrize("size", SNAP_SIZES)
class TestExportDialogSnapshots:
    def test_markdown_chosen(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(
            make_app(start=START), terminal_size=size, run_before=_export_dialog_on_markdown
        )

    def test_ascii(self, snap_compare: Any, size: tuple[int, int]) -> None:
        from layerscope.settings import Settings

        ascii_app = make_app(start=START, settings=Settings(ascii=True))
        assert snap_compare(ascii_app, terminal_size=size, run_before=_export_dialog_on_markdown)
