"""``--as-of DATE`` for ``show``, ``export``, ``list``, ``verdict`` and ``tui``; rendering a
document; the verdict history as JSON rows (``verdict --format json --history``).

The date is checked once, before any work (a bad one is a usage error, exit 2, one line);
``args.as_of`` then holds it for the command (and, for ``tui``, for the app).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from layerscope.cli.common import UsageError

if TYPE_CHECKING:
    from layerscope.catalog import Catalog
    from layerscope.model import Stack
    from layerscope.report import View
    from layerscope.report.document import Document

HELP = "the stacks as they were on DATE (YYYY, YYYY-MM or YYYY-MM-DD)"


def add_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of DATE`` to a command."""
    parser.add_argument("--as-of", dest="as_of", metavar="DATE", default=None, help=HELP)


def check_date(text: str) -> str:
    """The date of ``--as-of``, checked.

    Raises:
        UsageError: a malformed or impossible date.
    """
    from layerscope.analysis.time import DateError, parse_date

    try:
        return parse_date(text)
    except DateError as err:
        raise UsageError(f"--as-of: {err}") from None


def dated_catalog(catalog: Catalog, date: str | None) -> Catalog:
    """The catalog with every stack as of ``date`` (the catalog itself without one)."""
    if date is None:
        return catalog
    from layerscope.report.views.timeline import catalog_as_of

    return catalog_as_of(catalog, date)[0]


def history_json(stack: Stack, wanted: bool = True) -> dict[str, Any]:
    """``{"history": [...]}``: the stack's verdict over time, a row per change of dated
    evidence (``from`` is ``null`` for the undated evidence); ``{}`` when not ``wanted``."""
    if not wanted:
        return {}
    from layerscope.analysis.time import verdict_history

    return {
        "history": [
            {
                "from": point.date,
                "verdict": point.score.verdict,
                "progression_index": round(point.score.index, 3),
                "transfer_share": round(point.score.transfer_share, 3),
                "handlings": point.score.count,
            }
            for point in verdict_history(stack)
        ]
    }


def render_view_as_of(
    view: View, catalog: Catalog, fmt: str, *, width: int, ascii: bool, date: str | None
) -> str:
    """A view in a format, as of a date when one is given (its title then says so).

    Raises:
        UnknownId: a stack or layer the catalog does not know.
        ValueError: an unknown format.
    """
    if date is None:
        from layerscope.report import render_view

        return render_view(view, catalog, fmt, width=width, ascii=ascii)
    from layerscope.report.views.timeline import as_of_document

    return render_document(as_of_document(view, catalog, date, ascii=ascii), fmt, width, ascii)


def render_document(doc: Document, fmt: str, width: int, ascii: bool) -> str:
    """A document in one of the report formats, or ``json`` (the document itself).

    Raises:
        ValueError: an unknown format.
    """
    if fmt == "json":
        import msgspec

        from layerscope.terminal_text import json_text

        return json_text(msgspec.json.format(msgspec.json.encode(doc), indent=2).decode()) + "\n"
    from layerscope.report import render_document as render

    return render(doc, fmt, width=width, ascii=ascii)
