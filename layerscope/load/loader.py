"""Stack files → records, with every problem located.

A file is untrusted input. :mod:`layerscope.load.reader` turns it into plain values safely;
this module checks them against the records of :mod:`layerscope.model`, and
:mod:`layerscope.load.rules` checks the rules of the data model, reporting all problems in one
run. A file with an error yields no record.

Valid files take the fast path: one ``msgspec.convert``. Only when that fails does the
slower structure walk (:mod:`layerscope.load.structure`) run, to find and locate every
mistake.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import Any

import msgspec

from layerscope.diagnostics import Diagnostic, Severity
from layerscope.load import reader as yamlread
from layerscope.load import rules
from layerscope.load.reader import INVALID, Document, Path_, format_path
from layerscope.load.structure import check, show, type_name
from layerscope.load.suggest import Hints, hint
from layerscope.model import SCHEMA_VERSION, DimensionsFile, Stack

Record = Stack | DimensionsFile

__all__ = ["FileResult", "Record", "check_profile", "format_path", "load_bytes", "load_file"]


class FileResult(msgspec.Struct):
    """What loading one file gave: a record (if it had no errors) and its diagnostics."""

    path: Path
    record: Record | None = None
    diagnostics: list[Diagnostic] = msgspec.field(default_factory=list)
    document: Document | None = None
    hints: Hints = msgspec.field(default_factory=Hints)
    """The file's "did you mean" (bounded per file)."""

    @property
    def ok(self) -> bool:
        """Whether the file loaded without errors."""
        return self.record is not None and not self.errors

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that are errors."""
        return [d for d in self.diagnostics if d.is_error]

    def report(
        self, line: int, column: int, severity: Severity, code: str, message: str, where: str = ""
    ) -> None:
        """Add a diagnostic at a position."""
        self.diagnostics.append(
            Diagnostic(str(self.path), line, column, severity, code, message, where)
        )

    def report_at(
        self,
        path: Path_,
        severity: Severity,
        code: str,
        message: str,
        *,
        key: bool = False,
        where: Path_ | None = None,
    ) -> None:
        """Add a diagnostic at the node a path names (its key, with ``key=True``).

        ``where`` names the record in the message when it is not ``path`` itself.
        """
        line, column = self.document.at(path, key=key) if self.document else (1, 1)
        shown = path if where is None else where
        self.report(line, column, severity, code, message, format_path(shown))


def load_file(path: Path) -> FileResult:
    """Load and check one file on its own (cross-file rules are the catalog's)."""
    result = FileResult(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            result.report(1, 1, "error", "unreadable", f"{what}, not a stack file")
            return result
        size = info.st_size
        if size > yamlread.MAX_BYTES:
            result.report(1, 1, "error", "too-large", f"file is {size} bytes; the limit is 4 MiB")
            return result
        # Bounded: a file that says it is small (those of /proc say 0 bytes) may not be.
        with path.open("rb") as file:
            data = file.read(yamlread.MAX_BYTES + 1)
    except OSError as err:
        result.report(1, 1, "error", "unreadable", f"cannot read the file: {_os_reason(err)}")
        return result
    return load_bytes(data, path, result)


_REASONS = {
    errno.ELOOP: "symbolic link loop",
    errno.ENOENT: "no such file or directory",
    errno.ENOTDIR: "not a directory (a part of the path is a file)",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENAMETOOLONG: "file name too long",
}


def _os_reason(err: OSError) -> str:
    """What an error of the operating system means, in a few words."""
    found = _REASONS.get(err.errno or 0)
    if found is not None:
        return found
    return (err.strerror or str(err)).lower()


def unreadable(path: Path, *, directory: bool = False) -> str | None:
    """Why ``path`` cannot be read as a file (or with ``directory=True``, listed as a
    directory), in a few words; ``None`` when it can be.

    A symbolic link loop is not "no such file", and an unreadable directory is not one
    that "does not exist".
    """
    try:
        info = path.stat()
    except OSError as err:
        return _os_reason(err)
    except ValueError:  # a NUL in the path
        return "not a valid path"
    if directory:
        if not stat.S_ISDIR(info.st_mode):
            return "not a directory"
        if not os.access(path, os.R_OK | os.X_OK):
            return "permission denied"
        return None
    if stat.S_ISDIR(info.st_mode):
        return "a directory, not a file"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def load_bytes(data: bytes, path: Path, result: FileResult | None = None) -> FileResult:
    """Load and check the bytes of one file."""
    result = result or FileResult(path)
    text = yamlread.decode(data, result.report)
    if text is None:
        return result
    doc = yamlread.parse(text, result.report)
    if doc is None:
        return result
    result.document = doc
    value = doc.value
    if value is None:
        result.report_at((), "error", "empty-file", "the file has no content, only comments")
        return result
    if not isinstance(value, dict):
        if value is not INVALID:
            result.report_at(
                (),
                "error",
                "not-mapping",
                f"the top level must be a mapping, got {type_name(value)}",
            )
        return result
    record_type = _record_type(value, result)
    if record_type is None:
        return result
    record: Record | None = None
    if not result.errors:
        with contextlib.suppress(msgspec.ValidationError):
            record = msgspec.convert(value, record_type, strict=True)
    if record is None:
        had_errors = bool(result.errors)
        check(value, record_type, (), result)
        if not had_errors and not result.errors:  # pragma: no cover - mirrors msgspec
            result.report_at((), "error", "wrong-type", "the file does not match the schema")
    if record_type is Stack:
        rules.check_stack(value, result)
    else:
        rules.check_dimensions(value, result)
    if not result.errors:
        result.record = record
    result.diagnostics.sort(key=_position)
    return result


def _position(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.line, diagnostic.column


def _record_type(value: dict[str, Any], result: FileResult) -> type[Record] | None:
    """The record type a file is checked against; ``None`` when it cannot be told.

    Only a newer ``schema_version`` stops the checks (its rules are unknown here); a
    missing or wrong one is reported by the structure walk along with everything else.
    """
    version = value.get("schema_version")
    if type(version) is int and version > SCHEMA_VERSION:
        result.report_at(
            ("schema_version",),
            "error",
            "future-version",
            f"schema_version {show(version)} is newer than this layerscope supports "
            f"({SCHEMA_VERSION}); upgrade layerscope",
        )
        return None
    kind = value.get("kind", "stack")
    if kind == "stack":
        return Stack
    if kind == "dimensions":
        return DimensionsFile
    if kind is not INVALID:
        result.report_at(
            ("kind",), "error", "bad-kind", f"kind must be stack | dimensions, not {show(kind)}"
        )
    return None


def check_profile(result: FileResult, dimension_ids: set[str]) -> None:
    """Warn about ``profile`` answers to dimensions no loaded dimensions file defines."""
    stack = result.record
    if not isinstance(stack, Stack):
        return
    for key in stack.profile:
        if key not in dimension_ids:
            close = result.hints.close(key, dimension_ids)
            result.report_at(
                ("profile", key),
                "warning",
                "unknown-dimension",
                f"no loaded dimensions file defines '{key}'{hint(close)}",
                key=True,
                where=("profile",),
            )
