"""``~nosuchuser/...`` in ``LAYERSCOPE_PATH`` and in the export dialog's path: a clear
message, never a traceback; and the export dialog on a FIFO, a symlink, a hard link."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest
from test_tui_support import FIXTURE_CATALOG, notices

from layerscope import paths
from layerscope.catalog import load_catalog, search_path
from layerscope.report import View
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.dialogs.export import ExportModal
from layerscope.tui.launch import Start

NOBODY = "~nosuchuser-ls14"


def test_the_name_is_no_user() -> None:
    import pwd

    with pytest.raises(KeyError):
        pwd.getpwnam(NOBODY[1:])


# -- paths ------------------------------------------------------------------------------------


def test_expand_user_says_which_user_is_unknown() -> None:
    with pytest.raises(paths.NoSuchUser) as caught:
        paths.expand_user(Path(f"{NOBODY}/stacks"))
    assert str(caught.value) == f"there is no user '{NOBODY[1:]}' (in {NOBODY}/stacks)"


def test_expand_user_not_strict_keeps_the_path_as_written() -> None:
    assert paths.expand_user(Path(f"{NOBODY}/x"), strict=False) == Path(f"{NOBODY}/x")


def test_expand_user_expands_the_home(isolated_home: Path) -> None:
    assert paths.expand_user(Path("~/x")) == isolated_home / "x"


# -- LAYERSCOPE_PATH --------------------------------------------------------------------------


def test_an_unknown_user_on_the_search_path_is_a_located_warning(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(paths.PATH_ENV, f"{NOBODY}/stacks{os.pathsep}{FIXTURE_CATALOG}")
    found = search_path()
    assert [d.origin for d in found][-2:] == [paths.PATH_ENV, paths.PATH_ENV]
    catalog = load_catalog(found)
    assert "alpha" in catalog.stacks  # the rest of the path still loads
    [warning] = [d for d in catalog.extra if d.file.startswith(NOBODY)]
    assert warning.severity == "warning"
    assert f"there is no user '{NOBODY[1:]}'" in warning.message


def test_the_commands_do_not_break_on_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from layerscope.cli import main

    monkeypatch.setenv(paths.PATH_ENV, f"{NOBODY}/stacks")
    assert main(["--data", str(FIXTURE_CATALOG), "list"]) == 0
    assert main(["paths"]) == 0
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out


# -- the export dialog ------------------------------------------------------------------------

VIEW = View("drivers", ("alpha", "beta"))


class Host(LayerscopeApp):
    def __init__(self, screen: ExportModal) -> None:
        from test_tui_support import fixture_dirs

        super().__init__(fixture_dirs(), poll_interval=None, start=Start(("alpha", "beta")))
        self.shown = screen
        self.results: list[object] = []

    def on_mount(self) -> None:
        self.push_screen(self.shown, self.results.append)


async def test_an_unknown_user_and_a_fifo_nobody_reads_are_inline_errors(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    modal = ExportModal(VIEW)
    app = Host(modal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modal.path_input.value = f"{NOBODY}/report.txt"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is modal, "an unknown user: the dialog stays"
        assert (
            modal.error == f"Cannot write {NOBODY}/report.txt: there is no user '{NOBODY[1:]}'."
        ), "an unknown user: the error says which"
        modal.path_input.value = str(fifo)
        await pilot.pause()
        await pilot.press("enter")  # no "replace it?": a FIFO is written into
        await pilot.pause()
        assert app.screen is modal, "a FIFO nobody reads: the dialog stays, no hang"
        assert "nothing reads from" in modal.error, "a FIFO nobody reads: the error says so"
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO is still a FIFO"
        assert app.results == [], "nothing was written"


async def test_the_dialog_writes_through_a_symlink(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("old")
    (tmp_path / "link.txt").symlink_to("real.txt")
    modal = ExportModal(VIEW)
    app = Host(modal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modal.path_input.value = str(tmp_path / "link.txt")
        await pilot.pause()
        await pilot.press("enter", "y")  # it exists: confirmed
        await pilot.pause()
        assert (tmp_path / "link.txt").is_symlink()
        assert "Alpha" in (tmp_path / "real.txt").read_text()


async def test_the_dialog_says_a_hard_link_was_broken(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("old")
    os.link(tmp_path / "a.txt", tmp_path / "b.txt")
    modal = ExportModal(VIEW)
    app = Host(modal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modal.path_input.value = str(tmp_path / "a.txt")
        await pilot.pause()
        await pilot.press("enter", "y")
        await pilot.pause()
        assert (tmp_path / "b.txt").read_text() == "old"
        assert any("hard link" in n.message for n in notices(app))


async def test_the_dialog_writes_into_a_fifo_that_is_read(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    got: list[bytes] = []
    opened = threading.Event()

    def read() -> None:
        with open(fifo, "rb") as handle:  # blocks until the writer opens
            opened.set()
            got.append(handle.read())

    modal = ExportModal(VIEW)
    app = Host(modal)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modal.path_input.value = str(fifo)
        await pilot.pause()
        # A reader that is already waiting: open it first from this side, non-blocking.
        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        keep = _wait_for_reader(fifo)
        await pilot.press("enter")
        await pilot.pause()
        os.close(keep)
        reader.join(timeout=30)
        assert app.results == [fifo]
        assert b"Alpha" in got[0]
        assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def _wait_for_reader(fifo: Path) -> int:
    """Open the FIFO for writing once the reader has it open (so its open returns)."""
    import time

    for _ in range(3000):
        try:
            return os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            time.sleep(0.01)
    raise AssertionError("the reader never opened the FIFO")
