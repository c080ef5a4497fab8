"""Helpers for the app's tests (no tests here): apps on fixture data, screen text."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any
from unittest import mock

from rich.cells import cell_len
from rich.console import Console

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog"
MARKUP = FIXTURES / "markup"


def fixture_dirs(*extra: Path) -> list[SearchDir]:
    """The fixture catalog (and more directories) as a search path."""
    return [SearchDir(FIXTURE_CATALOG, "--data"), *(SearchDir(p, "--data") for p in extra)]


def make_app(
    source: Catalog | list[SearchDir] | None = None, *, start: Start | None = None, **kw: Any
) -> LayerscopeApp:
    """The app on the fixture catalog (by default), without the live-reload timer."""
    kw.setdefault("poll_interval", None)
    return LayerscopeApp(source if source is not None else fixture_dirs(), start=start, **kw)


def copy_catalog(target: Path) -> Path:
    """A writable copy of the fixture catalog."""
    shutil.copytree(FIXTURE_CATALOG, target)
    return target


def _text_of_recording(console: Console, **_: Any) -> str:
    return console.export_text()


def screen_text(app: LayerscopeApp) -> str:
    """What the terminal shows now, as plain text, a line per row (screens under a dialog
    included), from the app's own screenshot.

    ``App.export_screenshot`` prints the frame to a recording console and returns that
    console's SVG; here it returns the same recording as text (``Console.export_text`` in
    place of ``Console.export_svg``, for this call only). Building and reading back the SVG
    cost 40-65 ms a frame at 120x40, the text 5 ms.
    """
    width, height = app.size
    with mock.patch.object(Console, "export_svg", _text_of_recording):
        shot = app.export_screenshot()
    assert not shot.startswith("<svg"), "the screenshot no longer goes through export_svg"
    rows = shot.split("\n")[:height]
    rows += [""] * (height - len(rows))
    return "\n".join(row + " " * max(0, width - cell_len(row)) for row in rows)


def fixture_catalog_copy() -> Catalog:
    """A fresh load of the fixture catalog."""
    return load_catalog(fixture_dirs())


def notices(app: Any) -> list[Any]:
    """The notifications ``app`` was told to show since its last ``clear_notifications``."""
    from conftest import NOTICES

    return list(NOTICES.get(id(app), []))
