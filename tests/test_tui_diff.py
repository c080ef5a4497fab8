"""The diff screen (``layerscope tui --diff OLD NEW``): what it shows, moving between changes,
and the command line that opens it.

The editions are ``tests/fixtures/time/gamma.yaml`` and ``tests/fixtures/editions/
gamma-next.yaml``: seven changes, one per section, in this order: the stack's date, a
renamed layer, a problem's severity, a handling's outcome, an added example, a metric's
value and an added source (see ``tests/golden/time/diff.txt``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_screen_equals_export import SIZE, WIDTH, assert_same, screen_words, words
from test_tui_support import make_app, notices, screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.catalog import SearchDir
from layerscope.report import render_document
from layerscope.report.format import glyphs
from layerscope.report.views.diff import diff_document
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start, read_editions
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.diff import DiffScreen

REPO = Path(__file__).resolve().parent.parent
OLD = "tests/fixtures/time/gamma.yaml"
NEW = "tests/fixtures/editions/gamma-next.yaml"
SECTIONS = [
    "Stack",
    "Layers (1)",
    "Problems (1)",
    "Handlings (1)",
    "Examples (1)",
    "Metrics (1)",
    "Sources (1)",
]
"""The heading above each change, in order (one change per section)."""


@pytest.fixture(autouse=True)
def from_the_repository(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The editions are named as a user in a checkout would (and shown so)."""
    monkeypatch.chdir(REPO)
    yield


def diff_app(old: str = OLD, new: str = NEW) -> LayerscopeApp:
    dirs = [SearchDir(REPO / "tests" / "fixtures" / "time", "--data")]
    return make_app(dirs, start=Start(("gamma", "delta"), diff=read_editions(old, new)))


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()


def top_line(app: LayerscopeApp) -> str:
    """The first line of the document on show (under the header)."""
    return screen_text(app).splitlines()[1].strip()


def at(screen: DiffScreen) -> int | None:
    """The change brought up (read afresh: a key press moves it)."""
    return screen.change


def exported(ascii: bool = False) -> str:
    old, new = read_editions(OLD, NEW).old, read_editions(OLD, NEW).new
    doc = diff_document(old, new, f"diff {OLD} {NEW}", glyphs(ascii), labels=(OLD, NEW))
    return render_document(doc, "text", width=WIDTH, ascii=ascii)


async def test_the_diff_opens_over_the_comparison_shows_what_diff_writes_and_goes_back() -> None:
    app = diff_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen), "the diff opens first"
        assert isinstance(app.screen_stack[0], ComparisonScreen) and len(app.screen_stack) == 2, (
            "over the comparison"
        )
        assert_same(await screen_words(pilot, screen), words([exported()]))
        assert screen.changes == 7, "seven changes"
        app.ascii = True
        await settle(pilot)
        on_screen = await screen_words(pilot, app.screen, ascii=True)
        assert_same(on_screen, words([exported(ascii=True)], ascii=True))
        assert "becomes" in on_screen and all(word.isascii() for word in on_screen), (
            "the diff follows the ASCII toggle"
        )
        await pilot.press("d")
        await settle(pilot)
        assert type(app.screen).__name__ == "DriversScreen", "other views open over the diff"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen), "escape: back to the diff"
        await pilot.press("q")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen), "q: back to the comparison"


async def test_next_and_previous_change_bring_each_change_up_with_its_heading() -> None:
    app = diff_app()
    # Short enough for the document to scroll each of the first four changes to the top.
    async with app.run_test(size=(80, 16)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert top_line(app).startswith("Diff: Gamma stack")
        assert screen.change is None
        for n, heading in enumerate(SECTIONS[:4]):
            await pilot.press("n")
            await settle(pilot)
            assert screen.change == n
            assert top_line(app) == heading
            assert screen.sub_title.startswith(f"change {n + 1} of 7 · diff {OLD}")
        await pilot.press("N")
        await settle(pilot)
        assert (at(screen), top_line(app)) == (2, "Problems (1)")
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert (at(screen), top_line(app)) == (3, "Handlings (1)")
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert (at(screen), top_line(app)) == (2, "Problems (1)")


async def test_the_last_change_stays_the_last() -> None:
    app = diff_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await pilot.press("N")  # from the top, back: the last change
        await settle(pilot)
        assert screen.change == 6
        assert "+ added [s3] Third source, 2025-11" in screen_text(app)
        app.clear_notifications()
        await pilot.press("n")
        await settle(pilot)
        assert screen.change == 6
        assert [n.message for n in notices(app)] == ["Already at the last change"]
        for _ in range(6):
            await pilot.press("N")
        await settle(pilot)
        assert (at(screen), top_line(app)) == (0, "Stack")
        app.clear_notifications()
        await pilot.press("N")
        await settle(pilot)
        assert screen.change == 0
        assert [n.message for n in notices(app)] == ["Already at the first change"]


async def test_the_same_edition_twice_has_no_changes_to_move_between() -> None:
    app = diff_app(OLD, OLD)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        assert "No changes: the two editions are the same." in screen_text(app)
        app.clear_notifications()
        await pilot.press("n")
        await settle(pilot)
        assert screen.change is None
        assert [n.message for n in notices(app)] == ["No changes"]


async def test_e_exports_the_diff_as_layerscope_diff_writes_it_in_the_apps_symbols(
    tmp_path: Path,
) -> None:
    from layerscope.tui.dialogs.export import ExportModal

    app = diff_app()
    old, new = read_editions(OLD, NEW).old, read_editions(OLD, NEW).new
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal), "e opens the export dialog"
        assert f"diff {OLD} {NEW}" in screen_text(app), "the dialog names what it writes"
        name = modal.path_input.value
        assert name.startswith(
            "./layerscope-diff-tests-fixtures-time-gamma.yaml-"
        ) and name.endswith(".txt"), f"the name it proposes: {name}"
        target = tmp_path / "diff.md"
        modal.path_input.value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DiffScreen), "back on the diff once written"
        doc = diff_document(old, new, f"diff {OLD} {NEW}", glyphs(False), labels=(OLD, NEW))
        assert target.read_text("utf-8") == render_document(doc, "md", width=100), (
            "what diff writes"
        )
        assert [n.message for n in notices(app)][-1] == f"Exported to {target}", "said"
        app.ascii = True
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal)
        target = tmp_path / "diff.txt"
        modal.path_input.value = str(target)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        doc = diff_document(old, new, f"diff {OLD} {NEW}", glyphs(True), labels=(OLD, NEW))
        written = target.read_text("utf-8")
        assert written == render_document(doc, "text", width=100, ascii=True), (
            "in ASCII, what diff --ascii writes"
        )
        assert written.isascii() and "becomes" in written, "ASCII only"


# -- the command line ----------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layerscope", "--no-user-data", "tui", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
        env={**os.environ, "GIT_CEILING_DIRECTORIES": str(REPO.parent)},
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--diff", "missing.yaml", NEW), "layerscope: missing.yaml: no such file"),
        (("--diff", OLD, "tests/fixtures"), "layerscope: tests/fixtures: is a directory"),
        (("--diff", "nosuchrev:stack.yaml", NEW), "layerscope: nosuchrev:stack.yaml: git knows"),
    ],
)
def test_an_edition_that_cannot_be_read_is_one_line_and_exit_2(
    args: tuple[str, ...], message: str
) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), out.stderr


def test_diff_takes_two_editions() -> None:
    out = run("--diff", OLD)
    assert out.returncode == 2
    assert "--diff: expected 2 arguments" in out.stderr


def test_tui_diff_reads_both_editions_before_the_app_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from layerscope import cli

    seen: list[Any] = []
    monkeypatch.setattr(LayerscopeApp, "run", lambda app, *a, **k: seen.append(app.start.diff))
    assert cli.main(["--no-user-data", "tui", "--diff", OLD, NEW]) == 0
    (editions,) = seen
    assert editions.labels == (OLD, NEW)
    assert (editions.old.id, editions.old.as_of) == ("gamma", "2025-06")
    assert (editions.new.id, editions.new.as_of) == ("gamma", "2026-01")


# -- snapshots -----------------------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.mark.parametrize("size", SIZES)
class TestDiffScreen:
    @pytest.fixture(autouse=True)
    def steady_cursor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(Input, "cursor_blink", False)

    def test_opened(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(diff_app(), terminal_size=size, run_before=quiet)

    def test_at_the_fourth_change(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def fourth(pilot: Pilot[None]) -> None:
            await quiet(pilot)
            await pilot.press("n", "n", "n", "n")
            await settle(pilot)

        assert snap_compare(diff_app(), terminal_size=size, run_before=fourth)


async def quiet(pilot: Pilot[None]) -> None:
    await settle(pilot)
    pilot.app.clear_notifications()
    await settle(pilot)
