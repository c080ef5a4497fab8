"""``layerscope diff OLD NEW``: what changed between two editions of a stack.

Each side is a stack file or ``REV:PATH``, read from git with ``git show`` (PATH as git
reads it: from the top of the repository, or from here with ``./``). An existing file
wins over a revision of the same spelling. Exit codes, like ``diff``: 0 the editions are
the same, 1 they differ, 2 trouble (a usage error, a file that cannot be read or is no
stack file).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from layerscope.cli.common import EXIT_OK, UsageError
from layerscope.model import Stack
from layerscope.terminal_text import visible

EXIT_DIFFER = 1
FORMATS = ("text", "ansi", "md", "html", "svg", "json")
GIT_TIMEOUT = 60


def add_parser(command: argparse.ArgumentParser) -> None:
    """The arguments of ``diff``."""
    command.add_argument("old", metavar="OLD", help="a stack file or REV:PATH from git")
    command.add_argument("new", metavar="NEW", help="a stack file or REV:PATH from git")
    command.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: ansi on a terminal, else text)",
    )
    command.add_argument(
        "--width",
        type=int,
        default=None,
        metavar="N",
        help="line width in columns (default: the terminal's, else 100)",
    )
    command.add_argument("--ascii", action="store_true", help="ASCII symbols only")


def run_diff(args: argparse.Namespace) -> int:
    """``diff OLD NEW [--format F] [--width N] [--ascii]``: 0 same, 1 different, 2 trouble."""
    old = read_stack(args.old)
    new = read_stack(args.new)
    from layerscope.cli.report import _stdout, _width

    tty = sys.stdout.isatty()
    fmt = args.format or ("ansi" if tty else "text")
    labels = (args.old, args.new)
    if fmt == "json":
        from layerscope.cli.common import json_output
        from layerscope.report.views.diff import diff_data

        text = json_output(diff_data(old, new, labels=labels)) + "\n"
    else:
        from layerscope.cli.asof import render_document
        from layerscope.report.format import glyphs
        from layerscope.report.views.diff import diff_document

        width = _width(args, tty and fmt in ("text", "ansi"))
        # File names as typed can hold anything: a report shows them with escapes (JSON
        # keeps them, its escapes read back as the name).
        labels = (visible(args.old), visible(args.new))
        path = f"diff {labels[0]} {labels[1]}"
        doc = diff_document(old, new, path, glyphs(args.ascii), labels=labels)
        text = render_document(doc, fmt, width, args.ascii)
    _stdout(text if text.endswith("\n") else text + "\n")
    return EXIT_OK if old == new else EXIT_DIFFER


def read_stack(spec: str) -> Stack:
    """The stack a file or ``REV:PATH`` holds.

    Raises:
        UsageError: the file or revision cannot be read, or holds no valid stack.
    """
    path = Path(spec)
    if ":" in spec and not path.exists():
        rev, _, inner = spec.partition(":")
        return _parse(_git_show(spec, rev, inner), spec)
    return _parse(_read_file(path, spec), spec)


def _read_file(path: Path, spec: str) -> bytes:
    from layerscope.load.reader import MAX_BYTES

    try:
        if path.is_dir():
            raise UsageError(f"{spec}: is a directory, not a stack file")
        if path.stat().st_size > MAX_BYTES:
            raise UsageError(f"{spec}: file is larger than 4 MiB")
        return path.read_bytes()
    except FileNotFoundError:
        raise UsageError(f"{spec}: no such file") from None
    except PermissionError:
        raise UsageError(f"{spec}: permission denied") from None
    except OSError as err:
        raise UsageError(f"{spec}: cannot read it: {err.strerror or err}") from None


def _git_show(spec: str, rev: str, inner: str) -> bytes:
    if not rev or rev.startswith("-") or not inner:
        raise UsageError(f"{spec}: not a file, nor REV:PATH with a revision and a path")
    try:
        done = subprocess.run(
            ["git", "show", f"{rev}:{inner}"],
            capture_output=True,
            timeout=GIT_TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise UsageError(f"{spec}: git is needed to read REV:PATH and is not installed") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"{spec}: git show took longer than {GIT_TIMEOUT} s") from None
    except OSError as err:
        raise UsageError(f"{spec}: cannot run git: {err.strerror or err}") from None
    if done.returncode != 0:
        raise UsageError(_git_error(spec, rev, inner, done.stderr))
    if done.stdout.startswith(f"tree {rev}:{inner}\n".encode()):
        raise UsageError(f"{spec}: is a directory in {rev}, not a stack file")
    return done.stdout


def _git_error(spec: str, rev: str, inner: str, stderr: bytes) -> str:
    said = stderr.decode("utf-8", "replace").strip()
    fatal = next((ln for ln in said.splitlines() if ln.startswith("fatal:")), said)
    reason = fatal.removeprefix("fatal:").strip()
    if "not a git repository" in reason:
        return f"{spec}: not inside a git repository (REV:PATH reads from git)"
    if "invalid object name" in reason or "unknown revision" in reason or "bad revision" in reason:
        return f"{spec}: git knows no revision '{rev}'"
    if "does not exist in" in reason or "exists on disk, but not in" in reason:
        return f"{spec}: no file '{inner}' in revision {rev}"
    return f"{spec}: git show failed: {reason or 'no reason given'}"


def _parse(data: bytes, spec: str) -> Stack:
    from layerscope.load.loader import load_bytes
    from layerscope.load.reader import MAX_BYTES

    if b"\x00" in data[:8192]:
        raise UsageError(f"{spec}: a binary file, not a stack file")
    if len(data) > MAX_BYTES:
        raise UsageError(f"{spec}: larger than 4 MiB")
    result = load_bytes(data, Path(spec))
    errors = result.errors
    if errors:
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise UsageError(f"not a valid stack file: {errors[0]}{more}")
    if not isinstance(result.record, Stack):
        raise UsageError(f"{spec}: a dimensions file, not a stack file")
    return result.record
