"""Helpers for the app's tests (no tests here): apps on fixture data, screen text."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

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


def screen_text(app: LayerscopeApp) -> str:
    """What the terminal shows now, as plain text, a line per row (screens under a dialog
    included): the frame ``App.export_screenshot`` draws, read as text instead of as SVG
    (the same characters, a sixth of the time)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        color_system="truecolor",
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    text = console.export_text(styles=False).replace("\xa0", " ")
    lines = text.split("\n")[:height]
    lines += [""] * (height - len(lines))
    return "\n".join(line + " " * max(0, width - cell_len(line)) for line in lines)


def fixture_catalog_copy() -> Catalog:
    """A fresh load of the fixture catalog."""
    return load_catalog(fixture_dirs())


def notices(app: Any) -> list[Any]:
    """The notifications ``app`` was told to show since its last ``clear_notifications``."""
    from conftest import NOTICES

    return list(NOTICES.get(id(app), []))
