"""What every command shares: exit codes, the two errors, one-line messages, the catalog
the global options describe, and writing a file.

Every module of the command line imports these from here (or from :mod:`layerscope.cli`,
which re-exports them); this module imports nothing of the command line itself.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from layerscope.terminal_text import json_text, visible

if TYPE_CHECKING:
    import argparse
    from pathlib import Path

    from layerscope.catalog import Catalog

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """A mistake in how the command was called (exit 2)."""


class DataError(Exception):
    """A problem with the data or a file the command was asked to write (exit 1)."""


def error(message: str) -> None:
    """One line on stderr (data text never goes through markup; paths and ids in it are
    shown with their control characters as escapes)."""
    print(f"layerscope: {safe(message)}", file=sys.stderr)


def safe(text: str) -> str:
    """One line with every control character shown as an escape, newlines too, so none
    reaches the terminal (:func:`layerscope.terminal_text.visible`).

    Ids and paths from the command line or the file system can hold anything.
    """
    return visible(text)


def json_output(value: object) -> str:
    """``value`` as indented JSON for scripts: non-ASCII text as it is, every control
    character (C1 too) escaped (:func:`layerscope.terminal_text.json_text`)."""
    import json

    return json_text(json.dumps(value, indent=2, ensure_ascii=False))


def load(args: argparse.Namespace) -> Catalog:
    """The catalog the global options describe."""
    from layerscope.catalog import dir_problem, load_catalog, search_path

    for directory in args.data:
        if (problem := dir_problem(directory)) is not None:
            raise UsageError(f"--data {directory}: {problem}")
    return load_catalog(search_path(args.data, user_data=not args.no_user_data))


def report_problems(catalog: Catalog) -> int:
    """Print the catalog's errors on stderr; 1 if there were any."""
    errors = [d for d in catalog.diagnostics if d.is_error]
    for diagnostic in errors:
        print(safe(str(diagnostic)), file=sys.stderr)
    if errors:
        error(f"{len(errors)} error(s): the files with errors were skipped")
    return EXIT_DATA if errors else EXIT_OK


def write_output(path: Path, data: str | bytes, *, overwrite: bool = True) -> None:
    """Write a file atomically; a failure is a one-line :class:`DataError`.

    Raises:
        FileExistsError: ``overwrite`` is false and the file exists.
    """
    from layerscope.atomic import write_atomic

    try:
        written = write_atomic(path, data, overwrite=overwrite)
    except FileExistsError:
        if not overwrite:
            raise
        raise DataError(f"cannot write {path}: it exists and cannot be replaced") from None
    except FileNotFoundError:
        raise DataError(f"cannot write {path}: directory {path.parent} does not exist") from None
    except PermissionError:
        raise DataError(f"cannot write {path}: permission denied") from None
    except IsADirectoryError:
        raise DataError(f"cannot write {path}: it is a directory") from None
    except OSError as err:
        raise DataError(f"cannot write {path}: {err.strerror or err}") from None
    if written.note:
        print(f"layerscope: note: {safe(written.note)}", file=sys.stderr)
