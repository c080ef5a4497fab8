"""``layerscope verdict`` and ``--what-if FILE`` (for ``show``, ``export`` and ``verdict``).

``verdict [STACK ...] [--format text|json]`` prints the verdict view's content: each
stack's verdict with its range, robust or contested, the margin, the pivotal handlings and
the problem debt per level. ``--what-if FILE`` applies a YAML or JSON list of
``{stack, layer, problem, outcome}`` to copies of the records (no data file is written);
every report made under it says so at the top. A missing file is a usage error (exit 2),
a file with bad content a data error (exit 1) with every mistake located.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layerscope.cli.common import (
    EXIT_OK,
    DataError,
    UsageError,
    json_output,
    report_problems,
    safe,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from layerscope.analysis.sensitivity import Sensitivity
    from layerscope.analysis.whatif import Change
    from layerscope.catalog import Catalog
    from layerscope.model import Stack
    from layerscope.report import View

WHAT_IF_HELP = (
    "try other outcomes: a YAML or JSON list of {stack, layer, problem, outcome} "
    "(never written to the data)"
)


def add_what_if(parser: argparse.ArgumentParser) -> None:
    """Add ``--what-if FILE`` to a command."""
    parser.add_argument("--what-if", dest="what_if", type=Path, metavar="FILE", help=WHAT_IF_HELP)


def add_show_options(parser: argparse.ArgumentParser) -> None:
    """``show``'s ``--verdict`` and ``--what-if``."""
    parser.add_argument(
        "--verdict", action="store_true", help="the verdict view of the STACKs (1 or more)"
    )
    add_what_if(parser)


def add_parser(parser: argparse.ArgumentParser) -> None:
    """The arguments of ``verdict``."""
    parser.add_argument("stacks", nargs="*", metavar="STACK", help="default: every stack")
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="text to read, json: scripts"
    )
    parser.add_argument(
        "--width",
        type=int,
        default=None,
        metavar="N",
        help="line width in columns (default: the terminal's, else 100)",
    )
    parser.add_argument("--ascii", action="store_true", help="ASCII symbols only")
    parser.add_argument(
        "--history", action="store_true", help="with --format json: each stack's verdict over time"
    )
    add_what_if(parser)


def load_what_if(args: argparse.Namespace, catalog: Catalog) -> tuple[Change, ...]:
    """The changes ``--what-if`` names (none without it), checked against the catalog.

    Raises:
        UsageError: the file does not exist.
        DataError: the file cannot be read or holds mistakes (printed, located, first).
    """
    path: Path | None = getattr(args, "what_if", None)
    if path is None:
        return ()
    from layerscope.analysis.whatif import WhatIfError, load_changes

    try:
        return load_changes(path, catalog.stacks)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise UsageError(f"--what-if {path}: no such file") from None
    except OSError as err:
        raise DataError(f"--what-if {path}: cannot read it: {err.strerror or err}") from None
    except WhatIfError as err:
        for diagnostic in err.diagnostics:
            print(safe(str(diagnostic)), file=sys.stderr)
        count = len(err.diagnostics)
        raise DataError(f"--what-if {path}: {count} error(s); nothing was shown") from None


def verdict_view(stacks: Sequence[str]) -> View:
    """The verdict view of some stack ids.

    Raises:
        UsageError: too few or too many stacks.
    """
    from layerscope.report import View

    try:
        return View("verdict", tuple(stacks))
    except ValueError as err:
        raise UsageError(str(err)) from None


def render_what_if(
    view: View,
    catalog: Catalog,
    fmt: str,
    *,
    width: int,
    ascii: bool,
    changes: Sequence[Change],
    date: str | None = None,
) -> str:
    """A view in a format with the changes applied (and as of a date when one is given);
    its top lists the changes and says it is not the data's verdict.

    Raises:
        UnknownId: a stack or layer the catalog does not know.
        DataError: a change names a handling the date leaves out.
    """
    from layerscope.analysis.whatif import with_changes
    from layerscope.cli.asof import render_document
    from layerscope.report import build_document
    from layerscope.report.format import glyphs
    from layerscope.report.views.whatif import mark_what_if

    try:
        changed = with_changes(catalog, changes)
    except LookupError as err:  # pragma: no cover - the file was checked against the catalog
        raise DataError(f"--what-if: {err}") from None
    if date is None:
        doc = build_document(view, changed, ascii=ascii)
    else:
        from layerscope.report.views.timeline import as_of_document

        doc = as_of_document(view, changed, date, ascii=ascii)
    doc = mark_what_if(doc, changes, catalog.stacks, view.stacks, glyphs(ascii))
    return render_document(doc, fmt, width, ascii)


# --- layerscope verdict ---------------------------------------------------------------


def run_verdict(args: argparse.Namespace, catalog: Catalog) -> int:
    """``verdict [STACK ...] [--format text|json] [--what-if FILE]``."""
    from layerscope.catalog import UnknownId

    ids = list(args.stacks) or list(catalog.stacks)
    try:
        for sid in ids:
            catalog.stack(sid)
    except UnknownId as err:
        raise UsageError(str(err)) from None
    changes = load_what_if(args, catalog)
    if not ids:
        print("no stacks found")
        return report_problems(catalog)
    if args.format == "json":
        _print_json(ids, catalog, changes, getattr(args, "as_of", None), args.history)
    else:
        view = verdict_view(ids)
        width = _width(args)
        if changes:
            text = render_what_if(
                view,
                catalog,
                "text",
                width=width,
                ascii=args.ascii,
                changes=changes,
                date=getattr(args, "as_of", None),
            )
        else:
            from layerscope.cli.asof import render_view_as_of

            date = getattr(args, "as_of", None)
            text = render_view_as_of(
                view, catalog, "text", width=width, ascii=args.ascii, date=date
            )
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK if args.stacks else report_problems(catalog)


def _width(args: argparse.Namespace) -> int:
    from layerscope.cli.report import DEFAULT_WIDTH, MAX_WIDTH, MIN_WIDTH

    if args.width is not None:
        if not MIN_WIDTH <= args.width <= MAX_WIDTH:
            raise UsageError(f"--width must be between {MIN_WIDTH} and {MAX_WIDTH}")
        return int(args.width)
    if sys.stdout.isatty():
        import shutil

        return max(MIN_WIDTH, shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns)
    return DEFAULT_WIDTH


def _print_json(
    ids: Sequence[str],
    catalog: Catalog,
    changes: Sequence[Change],
    date: str | None = None,
    history: bool = False,
) -> None:

    from layerscope.analysis.whatif import outcome_before, with_changes
    from layerscope.cli.asof import dated_catalog, history_json

    changed = dated_catalog(with_changes(catalog, changes), date)
    payload: dict[str, Any] = {
        "what_if": [{**c.as_dict(), "before": outcome_before(catalog.stacks, c)} for c in changes],
        "stacks": [
            {**stack_json(changed.stack(sid)), **history_json(changed.stack(sid), history)}
            for sid in ids
        ],
    }
    if date is not None:
        payload["as_of"] = date
    print(json_output(payload))


def _round(value: float) -> float:
    return round(value, 3)


def sensitivity_fields(result: Sensitivity) -> dict[str, Any]:
    """The fields ``list --format json`` adds: robust, margin and the ranges."""
    return {
        "robust": result.robust,
        "margin": result.margin,
        "index_range": [_round(v) for v in result.index_range],
        "transfer_range": [_round(v) for v in result.transfer_range],
        "verdicts_reached": list(result.verdicts),
    }


def list_fields(stack: Stack) -> dict[str, Any]:
    """:func:`sensitivity_fields` of one stack."""
    from layerscope.analysis.sensitivity import sensitivity

    return sensitivity_fields(sensitivity(stack))


def stack_json(stack: Stack) -> dict[str, Any]:
    """One stack's verdict, range, pivots, margin and debt, JSON-ready."""
    from layerscope.analysis.debt import debt
    from layerscope.analysis.sensitivity import sensitivity

    result = sensitivity(stack)
    return {
        "id": stack.id,
        "name": stack.name,
        "verdict": result.verdict,
        "progression_index": _round(result.score.index),
        "transfer_share": _round(result.score.transfer_share),
        "handlings": result.score.count,
        "outcomes": result.score.outcomes,
        "contested": result.contested,
        "combinations": result.combinations,
        "contested_handlings": result.contested_handlings,
        **sensitivity_fields(result),
        "margin_verdicts": list(result.margin_verdicts),
        "pivots": [
            {
                "layer": p.layer.id,
                "problem": p.handling.problem,
                "outcome": p.handling.outcome,
                "to": p.to,
                "verdict": p.verdict,
                "listed": p.alternative is not None,
            }
            for p in result.pivots
        ],
        "debt": [
            {
                "level": d.level,
                "layer": d.layer.id,
                "open": d.total,
                "by_severity": d.by_severity,
                "problems": [p.id for p in d.open],
            }
            for d in debt(stack)
        ],
    }
