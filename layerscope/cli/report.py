"""``layerscope show`` and ``layerscope export``: a view on stdout or in a file."""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

from layerscope.catalog import Catalog, UnknownId
from layerscope.cli.common import EXIT_OK, UsageError, write_output
from layerscope.cli.verdict import load_what_if, verdict_view
from layerscope.cli.views import export_view, resolve_view, show_view
from layerscope.report import EXTENSIONS, View, format_for_path, render_view

if TYPE_CHECKING:
    from layerscope.analysis.whatif import Change

DEFAULT_WIDTH = 100
MIN_WIDTH, MAX_WIDTH = 20, 1000


def _width(args: argparse.Namespace, to_terminal: bool) -> int:
    if args.width is not None:
        if not MIN_WIDTH <= args.width <= MAX_WIDTH:
            raise UsageError(f"--width must be between {MIN_WIDTH} and {MAX_WIDTH}")
        return int(args.width)
    if to_terminal:
        return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def _render(
    view: View,
    catalog: Catalog,
    fmt: str,
    width: int,
    ascii: bool,
    as_of: str | None = None,
    what_if: Sequence[Change] = (),
) -> str:
    try:
        if what_if:
            from layerscope.cli.verdict import render_what_if

            text = render_what_if(
                view, catalog, fmt, width=width, ascii=ascii, changes=what_if, date=as_of
            )
        elif as_of is None:
            text = render_view(view, catalog, fmt, width=width, ascii=ascii)
        else:
            from layerscope.cli.asof import render_view_as_of

            text = render_view_as_of(view, catalog, fmt, width=width, ascii=ascii, date=as_of)
    except UnknownId as err:
        broken = sum(1 for result in catalog.results if not result.ok)
        hint = (
            f" ({broken} file(s) with errors were skipped: see `layerscope validate`)"
            if broken
            else ""
        )
        raise UsageError(f"{err}{hint}") from None
    return text if text.endswith("\n") else text + "\n"


def _stdout(text: str) -> None:
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        # A terminal that cannot show every character still gets the report.
        sys.stdout.flush()
        encoding = sys.stdout.encoding or "ascii"
        sys.stdout.buffer.write(text.encode(encoding, errors="replace"))
    sys.stdout.flush()


def _format_of(name: str) -> str:
    """The format ``-o``'s extension names; no extension is text, an unknown one an error."""
    suffix = PurePath(name).suffix
    fmt = format_for_path(name, default="")
    if not suffix:
        return "text"
    if not fmt:
        known = ", ".join(sorted({f".{ext}" for ext in EXTENSIONS.values()} | {".htm"}))
        raise UsageError(f"cannot tell the format of {name} ({known}, or give --format)")
    return fmt


def run_show(args: argparse.Namespace, catalog: Catalog) -> int:
    """``show VIEW... [--format F] [--width N] [--ascii]``: the view on stdout.

    Without ``--format``, a terminal gets colour (unless ``NO_COLOR``) and a pipe plain text.
    """
    view = verdict_view(args.views) if getattr(args, "verdict", False) else show_view(args.views)
    view = resolve_view(view, catalog)
    changes = load_what_if(args, catalog)
    tty = sys.stdout.isatty()
    fmt = args.format or ("ansi" if tty else "text")
    width = _width(args, tty and fmt in ("text", "ansi"))
    _stdout(_render(view, catalog, fmt, width, args.ascii, getattr(args, "as_of", None), changes))
    return EXIT_OK


def _level_view(args: argparse.Namespace) -> View:
    """``export level S1 [...] --level N``: level N of every stack named."""
    if args.level is None:
        raise UsageError("export level takes --level N (the level to show)")
    try:
        return View("level", tuple(args.args), level=args.level)
    except ValueError as err:
        raise UsageError(str(err)) from None


def run_export(args: argparse.Namespace, catalog: Catalog) -> int:
    """``export KIND ARGS... [--format F] [-o FILE] [--width N] [--ascii]``."""
    view = _level_view(args) if args.kind == "level" else export_view(args.kind, args.args)
    if args.metrics:
        if view.kind != "timeline":
            raise UsageError("--metrics goes with export timeline (the metrics on its time axis)")
        view = dataclasses.replace(view, metrics=True)
    view = resolve_view(view, catalog)
    changes = load_what_if(args, catalog)
    output = args.output
    fmt = args.format or (_format_of(output.name) if output is not None else "text")
    tty = output is None and sys.stdout.isatty()
    width = _width(args, tty and fmt in ("text", "ansi"))
    text = _render(view, catalog, fmt, width, args.ascii, getattr(args, "as_of", None), changes)
    if output is None:
        _stdout(text)
    else:
        write_output(output, text)
    return EXIT_OK
