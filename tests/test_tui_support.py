"""Helpers for the app's tests (no tests here): apps on fixture data, screen text."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path
from typing import Any

from rich.cells import cell_len

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


_SVG_TEXT = re.compile(
    r'<text [^>]*?x="([0-9.]+)"[^>]*?clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>'
)
_CHAR_WIDTH = 20 * 0.61
"""Rich draws an SVG cell 20 units high and 0.61 of that wide (``Console.export_svg``)."""


def screen_text(app: LayerscopeApp) -> str:
    """What the terminal shows now, as plain text, a line per row (screens under a dialog
    included), read from the app's own screenshot."""
    width, height = app.size
    rows: list[list[tuple[int, str]]] = [[] for _ in range(height)]
    for x, row, text in _SVG_TEXT.findall(app.export_screenshot()):
        if int(row) < height:
            text = html.unescape(text).replace("\xa0", " ")  # Rich writes spaces as &#160;
            rows[int(row)].append((round(float(x) / _CHAR_WIDTH), text))
    lines = []
    for runs in rows:
        line = ""
        for column, text in sorted(runs):
            line += " " * max(0, column - cell_len(line)) + text
        lines.append(line + " " * max(0, width - cell_len(line)))
    return "\n".join(lines)


def fixture_catalog_copy() -> Catalog:
    """A fresh load of the fixture catalog."""
    return load_catalog(fixture_dirs())


def notices(app: Any) -> list[Any]:
    """The notifications ``app`` was told to show since its last ``clear_notifications``."""
    from conftest import NOTICES

    return list(NOTICES.get(id(app), []))
