"""Start the app from the command line: check the requested views before anything is drawn.

Textual is imported only after the views check out, so a typo costs no start-up time.

When the app crashes (an exception nothing handled), the command exits with status 1 and
says so in two lines on stderr: the error, and the log file in the user's state directory
that holds its traceback (Textual's own traceback, with local variables, goes to the log
instead of the terminal). When no log can be written, stderr says why and gets the
traceback itself.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from layerscope import paths
from layerscope.catalog import Catalog, UnknownId, dir_problem, load_catalog, search_path
from layerscope.cli.common import error
from layerscope.cli.views import ViewError, parse_views
from layerscope.model import Stack
from layerscope.settings import Settings, load_settings
from layerscope.terminal_text import visible

if TYPE_CHECKING:
    from layerscope.tui.app import LayerscopeApp

__all__ = [
    "DEFAULT_PAIR",
    "Editions",
    "Start",
    "ViewError",
    "default_stacks",
    "read_editions",
    "resolve_views",
    "run_app",
    "run_tui",
]

EXIT_OK, EXIT_USAGE = 0, 2
DEFAULT_PAIR = ("ai", "crypto")


@dataclass(frozen=True)
class Editions:
    """Two editions of a stack to diff, and where each was read from."""

    old: Stack
    new: Stack
    labels: tuple[str, str]
    """The files (or ``REV:PATH``) as the user named them."""


@dataclass(frozen=True)
class Start:
    """What the app opens with: a comparison, and optionally a layer or a diff on top of it."""

    stacks: tuple[str, ...]
    layer: tuple[str, str] | None = None
    """``(stack id, layer id)`` to drill into."""
    diff: Editions | None = None
    """Two editions to show the diff of (``tui --diff OLD NEW``)."""


def read_editions(old: str, new: str) -> Editions:
    """The two sides of ``--diff OLD NEW``: stack files or ``REV:PATH`` from git.

    Raises:
        UsageError: a side that cannot be read or holds no valid stack.
    """
    from layerscope.cli.diff import read_stack

    # The labels are shown (the diff's header): file names as typed, with escapes.
    return Editions(read_stack(old), read_stack(new), (visible(old), visible(new)))


def default_stacks(catalog: Catalog, settings: Settings) -> tuple[str, ...]:
    """The last comparison if it still makes sense, else ai and crypto, else the first two."""
    last = tuple(sid for sid in settings.last_comparison if sid in catalog.stacks)
    if 2 <= len(last) <= 4 and len(last) == len(settings.last_comparison):
        return last
    if all(sid in catalog.stacks for sid in DEFAULT_PAIR):
        return DEFAULT_PAIR
    return tuple(catalog.stacks)[:2]


def resolve_views(views: Sequence[str], catalog: Catalog, settings: Settings) -> Start:
    """``STACK ...`` (1-4) → a comparison; one ``STACK/LAYER`` → that layer (on top of a
    comparison of its stack and another); none → the default comparison.

    Raises:
        ViewError: views that make no view (the grammar: :mod:`layerscope.cli.views`).
        UnknownId: a stack or layer that is not in the catalog.
    """
    if not views:
        return Start(default_stacks(catalog, settings))
    named = parse_views(views, catalog)
    if named.layer is not None:
        stack, layer = catalog.layer(named.stacks[0], named.layer)
        others = [sid for sid in default_stacks(catalog, settings) if sid != stack.id]
        return Start((stack.id, *others[:1]), layer=(stack.id, layer.id))
    for stack_id in named.stacks:
        catalog.stack(stack_id)
    if len(set(named.stacks)) != len(named.stacks):
        raise ViewError("the app shows each stack once")
    return Start(named.stacks)


def run_tui(args: argparse.Namespace) -> int:
    """``layerscope`` / ``layerscope tui [VIEW...]``; returns the exit code."""
    for directory in args.data:
        if (problem := dir_problem(directory)) is not None:
            error(f"--data {directory}: {problem}")
            return EXIT_USAGE
    dirs = search_path(args.data, user_data=not args.no_user_data)
    catalog = load_catalog(dirs)
    settings, warning = load_settings()
    try:
        start = resolve_views(getattr(args, "views", []) or [], catalog, settings)
    except (UnknownId, ViewError) as err:
        error(str(err))
        return EXIT_USAGE
    diff = getattr(args, "diff", None)
    if diff:
        # A side that cannot be read is a usage error (one line, exit 2), as for ``diff``.
        start = replace(start, diff=read_editions(*diff))

    from layerscope.tui.app import LayerscopeApp

    app = LayerscopeApp(
        catalog,
        dirs=dirs,
        start=start,
        settings=settings,
        settings_warning=warning,
        as_of=getattr(args, "as_of", None),
    )
    return run_app(app)


def run_app(app: LayerscopeApp) -> int:
    """Run the app; its exit status (1 after a crash, told on stderr: :func:`_crashed`)."""
    import io

    from rich.console import Console

    # Textual prints an unhandled exception's traceback (with locals) on this console.
    told = io.StringIO()
    app.error_console = Console(
        file=told, width=120, markup=False, highlight=False, color_system=None, soft_wrap=True
    )
    app.run()
    code = app.return_code or EXIT_OK
    if code != EXIT_OK:
        _crashed(getattr(app, "_exception", None), told.getvalue())
    return code


def _crashed(exception: BaseException | None, shown: str) -> None:
    """Tell stderr the app crashed, in two lines: what, and where the details are."""
    import traceback

    if exception is not None:
        what = traceback.format_exception_only(exception)[-1].strip()
        details = "".join(traceback.format_exception(exception))
    else:
        lines = [ln for ln in shown.splitlines() if ln.strip()]
        what = lines[-1].strip() if lines else "an unexpected error"
        details = ""
    if shown:
        details += f"\n{shown}"
    error(f"the app stopped on an unexpected error: {what}")
    try:
        log = _write_log(details)
    except OSError as err:
        error(f"no log written ({err.strerror or err}); the details:")
        print(visible(details, lines=True), file=sys.stderr)
        return
    error(f"details: {log}")


def _write_log(details: str) -> Path:
    """A new file in the user's log directory with ``details``, readable by the user only."""
    import datetime
    import os

    directory = Path(paths.dirs().user_log_dir)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = directory / f"crash-{stamp}-{os.getpid()}.log"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as f:
        f.write(visible(details, lines=True))
    return path
