"""Live reload across an editor's save by rename: the file is briefly missing.

Editors save by moving the old file away and writing a new one (``mv f f~; cp new f``).
A poll that falls between the two sees no file; the stack must not be dropped for good.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_tui_support import copy_catalog, make_app, notices, screen_text
from textual.pilot import Pilot

from layerscope.catalog import SearchDir, load_catalog
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.watch import MISSING_POLLS, Watcher


async def reload(app: LayerscopeApp, pilot: Pilot[None]) -> None:
    app.check_files()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_a_rename_save_keeps_the_stack_on_show(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.stack_ids == ["alpha", "beta"]
        beta = data / "beta.yaml"
        new = beta.read_text().replace("name: Beta stack", "name: Beta prime")
        beta.rename(data / "beta.yaml~")  # the editor moves the old file away ...
        await reload(app, pilot)  # ... a poll sees no file ...
        assert "beta" in app.catalog.stacks
        assert screen.stack_ids == ["alpha", "beta"]
        beta.write_text(new)  # ... and the new file is written.
        await reload(app, pilot)
        assert app.catalog.stacks["beta"].name == "Beta prime"
        assert screen.stack_ids == ["alpha", "beta"]
        assert "Beta prime" in screen_text(app)


async def test_a_missing_file_that_comes_back_later_is_shown_again(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        beta = data / "beta.yaml"
        kept = tmp_path / "beta.yaml"
        shutil.move(beta, kept)
        for _ in range(MISSING_POLLS - 1):
            await reload(app, pilot)
            assert "beta" in app.catalog.stacks  # retried, still the last good version
        shutil.move(kept, beta)
        await reload(app, pilot)
        assert "beta" in app.catalog.stacks
        screen = app.screen
        assert isinstance(screen, ComparisonScreen)
        assert screen.stack_ids == ["alpha", "beta"]


async def test_a_file_gone_for_good_is_dropped_and_said(tmp_path: Path) -> None:
    data = copy_catalog(tmp_path / "data")
    app = make_app([SearchDir(data, "--data")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (data / "beta.yaml").unlink()
        for _ in range(MISSING_POLLS + 1):
            await reload(app, pilot)
        assert "beta" not in app.catalog.stacks
        assert isinstance(app.screen, ComparisonScreen)
        assert app.screen.stack_ids == ["alpha"]
        assert any("beta.yaml" in n.message and "removed" in n.message for n in notices(app))


def test_a_missing_override_keeps_overriding(tmp_path: Path) -> None:
    """While a user's file that replaces a built-in stack is missing, the built-in one
    does not flash up in its place."""
    base = copy_catalog(tmp_path / "base")
    user = tmp_path / "user"
    user.mkdir()
    (user / "beta.yaml").write_text(
        (base / "beta.yaml").read_text().replace("name: Beta stack", "name: Beta mine")
    )
    dirs = [SearchDir(base, "--data"), SearchDir(user, "--data")]
    old = load_catalog(dirs)
    watcher = Watcher(dirs)
    (user / "beta.yaml").unlink()
    result = watcher.reload(old, watcher.changed())
    assert result.catalog.stacks["beta"].name == "Beta mine"
