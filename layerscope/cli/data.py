"""The commands about the data itself: ``list``, ``validate``, ``schema``, ``new``, ``paths``.

Imported only when one of them runs.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from layerscope.cli.common import (
    EXIT_DATA,
    EXIT_OK,
    DataError,
    UsageError,
    json_output,
    load,
    report_problems,
    safe,
    write_output,
)

if TYPE_CHECKING:
    import argparse

    from layerscope.diagnostics import Diagnostic


def run_list(args: argparse.Namespace) -> int:
    """``layerscope list``."""
    from layerscope.analysis import progression
    from layerscope.cli.asof import dated_catalog

    catalog = dated_catalog(load(args), args.as_of)
    rows: list[dict[str, Any]] = []
    for stack in catalog.stacks.values():
        result = progression(stack)
        rows.append(
            {
                "id": stack.id,
                "name": stack.name,
                "short_name": stack.short_name,
                "layers": len(stack.layers),
                "file": str(catalog.files[stack.id]),
                "verdict": result.verdict,
                "progression_index": round(result.score.index, 3),
                "transfer_share": round(result.score.transfer_share, 3),
            }
        )
    if args.format == "json":
        from layerscope.cli.verdict import list_fields

        for row in rows:
            row.update(list_fields(catalog.stack(row["id"])))
        print(json_output(rows))
    else:
        _print_table(rows, sys.stdout)
    return report_problems(catalog)


def _print_table(rows: list[dict[str, Any]], out: TextIO) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    if not rows:
        print("no stacks found", file=out)
        return
    cells = [
        (
            row["id"],
            row["name"],
            str(row["layers"]),
            row["verdict"],
            f"{row['progression_index']:.2f}",
            f"{row['transfer_share']:.0%}",
            safe(row["file"]),  # a file name can hold anything
        )
        for row in rows
    ]
    table = Table(box=None, pad_edge=False, header_style="bold")
    headers = ("id", "name", "layers", "verdict", "index", "transfer", "file")
    for i, column in enumerate(headers):
        # Name and file fold on a narrow terminal; the other columns are never cut.
        folds = column in ("name", "file")
        widest = max(len(column), *(len(row[i]) for row in cells))
        table.add_column(
            column,
            justify="right" if column in ("layers", "index", "transfer") else "left",
            no_wrap=not folds,
            overflow="fold",
            min_width=None if folds else widest,
        )
    for row in cells:
        table.add_row(*(Text(cell) for cell in row))
    # Piped output is for scripts: whole lines, never folded to a guessed width.
    width = None if out.isatty() else 10_000
    console = Console(file=out, highlight=False, soft_wrap=False, width=width)
    # Each cell is padded to its column's width, the last one too: no line ends in spaces.
    for line in console.render_lines(table, pad=False, new_lines=False):
        text = Text.assemble(*((seg.text, seg.style or "") for seg in line if not seg.control))
        text.rstrip()
        console.print(text, no_wrap=True, crop=False, overflow="ignore")


def run_validate(args: argparse.Namespace) -> int:
    """``layerscope validate``."""
    from layerscope.catalog import load_paths

    catalog = load_paths(args.paths, dimensions_from=load(args)) if args.paths else load(args)
    diagnostics = catalog.diagnostics
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len(catalog.results)
    if args.format == "json":
        payload = {
            "files": [
                {
                    "path": str(r.path),
                    "ok": r.ok,
                    "diagnostics": [d.as_dict() for d in r.diagnostics],
                }
                for r in catalog.results
            ],
            "diagnostics": [d.as_dict() for d in diagnostics],
            "errors": errors,
            "warnings": warnings,
        }
        print(json_output(payload))
    else:
        # The diagnostics are errors and warnings: stderr. The tally is the result: stdout.
        _print_diagnostics(diagnostics, sys.stderr)
        print(f"{files} file(s) checked: {errors} error(s), {warnings} warning(s)")
    failed = errors or (args.strict and warnings)
    return EXIT_DATA if failed else EXIT_OK


def _print_diagnostics(diagnostics: Sequence[Diagnostic], out: TextIO) -> None:
    for diagnostic in diagnostics:
        print(safe(str(diagnostic)), file=out)


def run_schema(args: argparse.Namespace) -> int:
    """``layerscope schema``."""
    import json

    from layerscope.model import json_schema

    text = json.dumps(json_schema(), indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
    else:
        write_output(args.output, text)
    return EXIT_OK


def run_new(args: argparse.Namespace) -> int:
    """``layerscope new``."""
    import re

    from layerscope import paths
    from layerscope.cli.starter import starter_stack
    from layerscope.model import ID_PATTERN

    if not re.match(ID_PATTERN, args.id):
        raise UsageError(
            f"'{args.id}' is not a valid id (lowercase letters, digits and '-', at most 40)"
        )
    directory: Path = args.dir or paths.user_data_dir()
    target = directory / f"{args.id}.yaml"
    if target.exists():
        raise UsageError(f"{target} already exists; not overwriting it (pick another ID)")
    catalog = load(args)  # usage errors before any write
    dimensions = [d.id for d in catalog.dimensions]
    existing = catalog.files.get(args.id)
    if existing is not None and not args.force:
        # A later file with the same id overrides the earlier one: the user data dir hides
        # the built-in stack of that id from then on, without a word.
        raise UsageError(
            f"there is a stack '{args.id}' already ({existing}); a new one would hide it "
            "wherever both are on the search path: pick another ID, or give --force"
        )
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise DataError(f"cannot create {directory}: {err.strerror or err}") from None
    try:
        write_output(target, starter_stack(args.id, args.name, dimensions), overwrite=False)
    except FileExistsError:
        raise UsageError(f"{target} already exists; not overwriting it (pick another ID)") from None
    schema_file = directory / "stack.schema.json"
    if not schema_file.exists():
        import json

        from layerscope.model import json_schema

        write_output(schema_file, json.dumps(json_schema(), indent=2) + "\n")
    print(safe(str(target)))
    return EXIT_OK


def run_paths(args: argparse.Namespace) -> int:
    """``layerscope paths``."""
    from layerscope import paths
    from layerscope.catalog import search_path

    # Every path can come from the environment ($XDG_*, $LAYERSCOPE_PATH): shown safe.
    print(f"built-in data  {safe(str(paths.builtin_data_dir()))}")
    print(f"user data      {safe(str(paths.user_data_dir()))}")
    print(f"config file    {safe(str(paths.config_file()))}")
    print("search path (later overrides earlier):")
    for entry in search_path(args.data, user_data=not args.no_user_data):
        state = "" if entry.path.is_dir() else "  (missing)"
        print(f"  {entry.origin:<16} {safe(str(entry.path))}{state}")
    return EXIT_OK
