"""Stack files → records, with every problem located.

A file is untrusted input. :mod:`layerscope.load.reader` turns it into plain values safely;
this module checks them against the records of :mod:`layerscope.model`, and
:mod:`layerscope.load.rules` checks the rules of the data model, reporting all problems in one
run. A file with an error yields no record.

Valid files take the fast path: one ``msgspec.convert``. Only when that fails does the
slower structure walk run, to find and locate every mistake.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import reprlib
import stat
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import msgspec

from layerscope.diagnostics import Diagnostic, Severity
from layerscope.load import reader as yamlread
from layerscope.load import rules
from layerscope.load.reader import INVALID, Document, Path_, format_path
from layerscope.load.suggest import Hints, hint
from layerscope.model import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_LAYERS,
    MAX_NUMBER,
    SCHEMA_VERSION,
    DimensionsFile,
    Stack,
)

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
                (), "error", "not-mapping", f"the top level must be a mapping, got {_kind(value)}"
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
        _check(value, record_type, (), result)
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


_SHOW = reprlib.Repr()
_SHOW.maxstring = 60
_SHOW.maxother = 60
_SHOW.maxlevel = 2


def show(value: Any) -> str:
    """A short, safe ``repr`` of a value from a file for messages (never huge or deep)."""
    return _SHOW.repr(value)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


# --- structure: walk the values against the Structs, collecting every error ---------


@cache
def _fields(struct: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _unwrap(tp: Any) -> tuple[Any, msgspec.Meta | None]:
    if hasattr(tp, "__metadata__"):
        metas = [m for m in tp.__metadata__ if isinstance(m, msgspec.Meta)]
        return tp.__origin__, (metas[0] if metas else None)
    return tp, None


def _check(value: Any, tp: Any, path: Path_, result: FileResult) -> None:
    if value is INVALID:
        return
    base, meta = _unwrap(tp)
    if isinstance(base, type) and issubclass(base, msgspec.Struct):
        _check_struct(value, base, path, result)
        return
    origin, args = get_origin(base), get_args(base)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, list):
            result.report_at(path, "error", "wrong-type", f"expected a list, got {_kind(value)}")
            return
        if meta is not None and path == ("layers",):
            if not value:
                result.report_at(path, "error", "no-layers", "a stack needs at least one layer")
            elif len(value) > MAX_LAYERS:
                result.report_at(
                    path, "error", "too-many-layers", f"{len(value)} layers; at most {MAX_LAYERS}"
                )
        for i, item in enumerate(value):
            _check(item, args[0], (*path, i), result)
        return
    if origin is dict:
        if not isinstance(value, dict):
            result.report_at(path, "error", "wrong-type", f"expected a mapping, got {_kind(value)}")
            return
        for key, item in value.items():
            _check_leaf(key, args[0], (*path, key), result, key=True)
            _check(item, args[1], (*path, key), result)
        return
    _check_leaf(value, tp, path, result)


def _check_struct(
    value: Any, struct: type[msgspec.Struct], path: Path_, result: FileResult
) -> None:
    if not isinstance(value, dict):
        result.report_at(path, "error", "wrong-type", f"expected a mapping, got {_kind(value)}")
        return
    fields = _fields(struct)
    for key in value:
        if key not in fields:
            close = result.hints.close(key, fields)
            result.report_at(
                (*path, key),
                "error",
                "unknown-key",
                f"unknown key {show(key)}{hint(close)}",
                key=True,
                where=path,
            )
    for name, info in fields.items():
        if info.required and name not in value:
            what = f"{struct.__name__.lower()} needs '{name}'"
            result.report_at(
                path, "error", "missing-field", f"missing required key '{name}' ({what})"
            )
    for key, item in value.items():
        if key in fields:
            _check(item, fields[key].type, (*path, key), result)


_AT = re.compile(r" - at `\$[^`]*`$")
_ID_RULE = "lowercase letters, digits and '-', starting with a letter or digit, at most 40"


def _check_leaf(value: Any, tp: Any, path: Path_, result: FileResult, *, key: bool = False) -> None:
    if value is INVALID:
        return
    try:
        msgspec.convert(value, tp, strict=True)
    except msgspec.ValidationError as err:
        bounds = _bounds(tp)
        if bounds is not None and _bad_numbers(value, bounds, path, result):
            return  # a number no view can show, or one too long to read
        message = _AT.sub("", str(err))
        code = "wrong-type"
        patterns = _patterns(tp) if "matching regex" in message else set()
        if path == ("schema_version",):
            code = "bad-version"
            message = f"schema_version must be {SCHEMA_VERSION}, not {show(value)}"
        elif ID_PATTERN in patterns:
            code, message = "bad-id", f"{show(value)} is not a valid id ({_ID_RULE})"
        elif DATE_PATTERN in patterns:
            code, message = "bad-date", f"{show(value)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        elif DATE_PATTERN in _patterns(tp) and type(value) in (int, float):
            code = "bad-date"
            message = f'{show(value)} is a number; write dates as strings: "{value}"'
        elif message.startswith("Invalid enum value") and _literal(tp):
            name = str(path[-1])
            choices = " | ".join(map(str, _literal(tp)))
            code = f"bad-{name}" if name in ("outcome", "severity", "kind") else "bad-value"
            message = f"{show(value)} is not one of {choices}"
        else:
            message = f"{message.replace('`', '')} ({show(value)})"
            if message.startswith("Expected str") and type(value) in (int, float, bool):
                message += "; quote it to make it text"
        result.report_at(path, "error", code, message, key=key)


def _bounds(tp: Any) -> tuple[float, float] | None:
    """The bounds of the number a type is or holds (a union, a ``[low, high]`` tuple);
    ``None`` when it holds no number."""
    base, meta = _unwrap(tp)
    if base in (int, float):
        low = meta.ge if meta is not None and meta.ge is not None else -MAX_NUMBER
        high = meta.le if meta is not None and meta.le is not None else MAX_NUMBER
        return low, high
    for arg in get_args(base) if get_origin(base) in (Union, tuple) or _is_union(base) else ():
        found = _bounds(arg)
        if found is not None:
            return found
    return None


def _huge(value: Any) -> bool:
    return type(value) is int and value > MAX_NUMBER


def _is_union(base: Any) -> bool:
    return type(base).__name__ == "UnionType"


def _bad_numbers(value: Any, bounds: tuple[float, float], path: Path_, result: FileResult) -> bool:
    """Report numbers out of bounds (a ``[low, high]`` range's ends one by one); whether
    there were any. A value of another type is left to the usual message."""
    found = rules.number_problems(value, *bounds, path)
    if bounds != (-MAX_NUMBER, MAX_NUMBER):
        # A weight of 1.5 or a level of -1 reads well as msgspec says it; only what it
        # says badly (NaN, infinities, a level of 31 digits, a number too long) is said
        # here.
        found = [
            (where, message) for where, message in found if "range" not in message or _huge(value)
        ]
    for where, message in found:
        result.report_at(where, "error", "bad-number", message)
    return bool(found)


def _literal(tp: Any) -> tuple[Any, ...]:
    base, _ = _unwrap(tp)
    if get_origin(base) is Union or _is_union(base):
        return tuple(v for arg in get_args(base) for v in _literal(arg))
    if str(get_origin(base)) == "typing.Literal":
        return get_args(base)
    return ()


def _patterns(tp: Any) -> set[str]:
    """The regex patterns a type (or any member of a union type) constrains strings to."""
    base, meta = _unwrap(tp)
    found = {meta.pattern} if meta is not None and meta.pattern else set()
    if get_origin(base) is Union or _is_union(base):
        for arg in get_args(base):
            found |= _patterns(arg)
    return found


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
