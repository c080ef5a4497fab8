"""Helpers for the app's tests (no tests here): apps on fixture data, screen text, big stacks."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

from rich.console import Console

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.model import Example, Layer, Metric, Point, Problem, Source, Stack
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
    """What the terminal shows now, as plain text (every screen, as composited)."""
    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    update = app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens, simplify=True
    )
    console.print(update)
    return console.export_text(styles=False)


def big_stack(stack_id: str, layers: int = 50, examples: int = 500) -> Stack:
    """A generated stack: ``layers`` layers with ``examples`` examples and a metric each."""
    problems = [Problem(id=f"p{i}", name=f"Problem {i}") for i in range(layers)]
    made = []
    for i in range(layers):
        made.append(
            Layer(
                id=f"layer-{i}",
                level=i,
                name=f"Layer {i} of {stack_id}",
                summary=f"Generated layer number {i}.",
                introduces=(f"p{i}",),
                examples=tuple(
                    Example(name=f"Example {i}.{j}", org=f"Org {j % 17}", launched="2024")
                    for j in range(examples)
                ),
                metrics=(
                    Metric(
                        id=f"m{i}",
                        name=f"Metric {i}",
                        value=float(i),
                        as_of="2025",
                        source="s",
                        series=(Point(as_of="2024", value=1.0), Point(as_of="2025", value=2.0)),
                    ),
                ),
            )
        )
    return Stack(
        schema_version=1,
        id=stack_id,
        name=f"Big {stack_id}",
        summary="Generated.",
        layers=tuple(made),
        problems=tuple(problems),
        sources=(Source(id="s", title="S"),),
    )


def big_catalog() -> Catalog:
    """Two generated stacks of 50 layers × 500 examples."""
    catalog = Catalog()
    for sid in ("big-a", "big-b"):
        catalog.stacks[sid] = big_stack(sid)
        catalog.files[sid] = Path(f"/nonexistent/{sid}.yaml")
    return catalog


def fixture_catalog_copy() -> Catalog:
    """A fresh load of the fixture catalog."""
    return load_catalog(fixture_dirs())
