"""Stack files → records, with every problem located.

A file is untrusted input. :mod:`layerscope.yamlread` turns it into plain values safely;
this module checks them against the records of :mod:`layerscope.model` and the rules of the
data model, reporting all problems in one run. A file with an error yields no record.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import msgspec

from layerscope import yamlread
from layerscope.diagnostics import Diagnostic, Severity
from layerscope.model import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_LAYERS,
    SCHEMA_VERSION,
    DimensionsFile,
    Stack,
)
from layerscope.yamlread import Document, Path_

Record = Stack | DimensionsFile

WEIGHT_TOLERANCE = 0.01


@dataclass
class FileResult:
    """What loading one file gave: a record (if it had no errors) and its diagnostics."""

    path: Path
    record: Record | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    document: Document | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the file loaded without errors."""
        return self.record is not None

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
        self, path: Path_, severity: Severity, code: str, message: str, *, key: bool = False
    ) -> None:
        """Add a diagnostic at the node a path names."""
        line, column = self.document.at(path, key=key) if self.document else (1, 1)
        self.report(line, column, severity, code, message, format_path(path))


def format_path(path: Path_) -> str:
    """``("layers", 1, "name")`` → ``layers[1].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def load_file(path: Path) -> FileResult:
    """Load and check one file on its own (cross-file rules are the catalog's)."""
    result = FileResult(path)
    try:
        size = path.stat().st_size
        if size > yamlread.MAX_BYTES:
            result.report(1, 1, "error", "too-large", f"file is {size} bytes; the limit is 4 MiB")
            return result
        data = path.read_bytes()
    except OSError as err:
        result.report(1, 1, "error", "unreadable", err.strerror or str(err))
        return result
    return load_bytes(data, path, result)


def load_bytes(data: bytes, path: Path, result: FileResult | None = None) -> FileResult:
    """Load and check the bytes of one file."""
    result = result or FileResult(path)
    text = yamlread.decode(data, result.report)
    if text is None:
        return result
    doc = yamlread.parse(text, result.report)
    if doc is None or result.errors:
        return result
    result.document = doc
    value = doc.value
    if not isinstance(value, dict):
        got = "nothing" if value is None else _kind(value)
        result.report_at((), "error", "not-mapping", f"the top level must be a mapping, got {got}")
        return result
    record_type = _record_type(value, result)
    if record_type is None:
        return result
    try:
        record: Record = msgspec.convert(value, record_type, strict=True)
    except msgspec.ValidationError:
        _check(value, record_type, (), result)
        if not result.errors:  # pragma: no cover - the walk mirrors msgspec's rules
            result.report_at((), "error", "wrong-type", "the file does not match the schema")
        return result
    if isinstance(record, Stack):
        check_stack(record, result)
    else:
        _unique(((i, d.id) for i, d in enumerate(record.dimensions)), ("dimensions",), result)
    if not result.errors:
        result.record = record
    return result


def _record_type(value: dict[str, Any], result: FileResult) -> type[Record] | None:
    version = value.get("schema_version")
    if "schema_version" not in value:
        result.report_at((), "error", "missing-field", "missing required key 'schema_version'")
        return None
    if type(version) is not int:
        result.report_at(
            ("schema_version",), "error", "wrong-type", f"schema_version must be 1, got {version!r}"
        )
        return None
    if version > SCHEMA_VERSION:
        result.report_at(
            ("schema_version",),
            "error",
            "future-version",
            f"schema_version {version} is newer than this layerscope supports "
            f"({SCHEMA_VERSION}); upgrade layerscope",
        )
        return None
    if version != SCHEMA_VERSION:
        result.report_at(
            ("schema_version",), "error", "bad-version", f"schema_version must be {SCHEMA_VERSION}"
        )
        return None
    kind = value.get("kind", "stack")
    if kind == "stack":
        return Stack
    if kind == "dimensions":
        return DimensionsFile
    result.report_at(("kind",), "error", "bad-kind", f"kind must be 'stack' or 'dimensions', got {kind!r}")
    return None


# --- structure: walk the values against the Structs, collecting every error ---------


@cache
def _fields(struct: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _unwrap(tp: Any) -> tuple[Any, msgspec.Meta | None]:
    if hasattr(tp, "__metadata__"):
        metas = [m for m in tp.__metadata__ if isinstance(m, msgspec.Meta)]
        return tp.__origin__, (metas[0] if metas else None)
    return tp, None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


def _check(value: Any, tp: Any, path: Path_, result: FileResult) -> None:
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
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            result.report_at((*path, key), "error", "unknown-key", f"unknown key '{key}'{hint}", key=True)
    for name, info in fields.items():
        if info.required and name not in value:
            what = f"{struct.__name__.lower()} needs '{name}'"
            result.report_at(path, "error", "missing-field", f"missing required key '{name}' ({what})")
    for key, item in value.items():
        if key in fields:
            _check(item, fields[key].type, (*path, key), result)


_AT = re.compile(r" - at `\$[^`]*`$")


def _check_leaf(value: Any, tp: Any, path: Path_, result: FileResult, *, key: bool = False) -> None:
    try:
        msgspec.convert(value, tp, strict=True)
    except msgspec.ValidationError as err:
        message = _AT.sub("", str(err))
        code = "wrong-type"
        if ID_PATTERN in message:
            code, message = "bad-id", f"{value!r} is not a valid id ({_ID_RULE})"
        elif DATE_PATTERN in message:
            code, message = "bad-date", f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
        elif message.startswith("Invalid enum value") and _literal(tp):
            name = str(path[-1])
            choices = " | ".join(map(str, _literal(tp)))
            code = f"bad-{name}" if name in ("outcome", "severity", "kind") else "bad-value"
            message = f"{value!r} is not one of {choices}"
        else:
            message = f"{message.replace('`', '')} ({value!r})"
        result.report_at(path, "error", code, message, key=key)


_ID_RULE = "lowercase letters, digits and '-', starting with a letter or digit, at most 40"


def _literal(tp: Any) -> tuple[Any, ...]:
    base, _ = _unwrap(tp)
    if get_origin(base) is Union or type(base).__name__ == "UnionType":
        return tuple(v for arg in get_args(base) for v in _literal(arg))
    if str(get_origin(base)) == "typing.Literal":
        return get_args(base)
    return ()


# --- rules: references, uniqueness, order ---------------------------------------------


def _unique(items: Iterable[tuple[int, str]], path: Path_, result: FileResult) -> set[str]:
    seen: dict[str, int] = {}
    for index, ident in items:
        if ident in seen:
            result.report_at(
                (*path, index, "id"),
                "error",
                "duplicate-id",
                f"duplicate id '{ident}' (also {format_path((*path, seen[ident]))})",
            )
        else:
            seen[ident] = index
    return set(seen)


def check_stack(stack: Stack, result: FileResult) -> None:
    """Check the rules of the data model that types alone cannot express."""
    layers = stack.layers
    _unique(((i, layer.id) for i, layer in enumerate(layers)), ("layers",), result)
    problems = _unique(((i, p.id) for i, p in enumerate(stack.problems)), ("problems",), result)
    sources = _unique(((i, s.id) for i, s in enumerate(stack.sources)), ("sources",), result)
    _unique(((i, d.id) for i, d in enumerate(stack.drivers)), ("drivers",), result)

    def need(kind: str, ident: str, known: set[str], path: Path_) -> None:
        if ident not in known:
            close = difflib.get_close_matches(ident, known, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            result.report_at(path, "error", f"unknown-{kind}", f"no {kind} '{ident}'{hint}")

    metrics: dict[str, Path_] = {}
    introduced_below: set[str] = set()
    introduced_anywhere: set[str] = set()
    for i, layer in enumerate(layers):
        here: Path_ = ("layers", i)
        if i and layer.level <= layers[i - 1].level:
            result.report_at(
                (*here, "level"),
                "error",
                "level-order",
                f"level {layer.level} must be greater than the level below "
                f"({layers[i - 1].level}); layers are listed bottom first",
            )
        for j, pid in enumerate(layer.introduces):
            need("problem", pid, problems, (*here, "introduces", j))
        own = set(layer.introduces)
        for j, handling in enumerate(layer.addresses):
            at: Path_ = (*here, "addresses", j)
            if handling.problem not in problems:
                need("problem", handling.problem, problems, (*at, "problem"))
            elif handling.problem not in introduced_below:
                result.report_at(
                    (*at, "problem"),
                    "error",
                    "address-not-below",
                    f"'{handling.problem}' is not introduced by a layer below {layer.id}",
                )
            if handling.into and handling.outcome != "transferred":
                result.report_at(
                    (*at, "into"),
                    "error",
                    "bad-into",
                    f"'into' only goes with outcome 'transferred', not '{handling.outcome}'",
                )
            for k, pid in enumerate(handling.into):
                if pid not in own:
                    result.report_at(
                        (*at, "into", k),
                        "error",
                        "bad-into",
                        f"'{pid}' must be a problem this layer ({layer.id}) introduces",
                    )
            for k, sid in enumerate(handling.sources):
                need("source", sid, sources, (*at, "sources", k))
        for j, example in enumerate(layer.examples):
            for k, sid in enumerate(example.sources):
                need("source", sid, sources, (*here, "examples", j, "sources", k))
        for j, metric in enumerate(layer.metrics):
            at = (*here, "metrics", j)
            if metric.id in metrics:
                result.report_at(
                    (*at, "id"),
                    "error",
                    "duplicate-id",
                    f"duplicate metric id '{metric.id}' (also {format_path(metrics[metric.id])})",
                )
            metrics.setdefault(metric.id, at)
            need("source", metric.source, sources, (*at, "source"))
            if isinstance(metric.value, tuple) and metric.value[0] > metric.value[1]:
                result.report_at((*at, "value"), "error", "bad-range", "range must be [low, high]")
            dates = [p.as_of for p in metric.series]
            if dates != sorted(dates):
                result.report_at(
                    (*at, "series"), "warning", "series-order", "series should be oldest first"
                )
        introduced_below |= own
        introduced_anywhere |= own
    for i, problem in enumerate(stack.problems):
        if problem.id not in introduced_anywhere:
            result.report_at(
                ("problems", i, "id"),
                "warning",
                "orphan-problem",
                f"no layer introduces problem '{problem.id}'",
            )
    for i, driver in enumerate(stack.drivers):
        for k, mid in enumerate(driver.indicators):
            need("metric", mid, set(metrics), ("drivers", i, "indicators", k))
    if stack.drivers:
        total = math.fsum(d.weight for d in stack.drivers)
        if abs(total - 1) > WEIGHT_TOLERANCE:
            result.report_at(
                ("drivers",), "warning", "weights", f"driver weights sum to {total:g}, not 1"
            )


def check_profile(result: FileResult, dimension_ids: set[str]) -> None:
    """Warn about ``profile`` answers to dimensions no loaded dimensions file defines."""
    stack = result.record
    if not isinstance(stack, Stack):
        return
    for key in stack.profile:
        if key not in dimension_ids:
            close = difflib.get_close_matches(key, dimension_ids, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            result.report_at(
                ("profile", key),
                "warning",
                "unknown-dimension",
                f"no loaded dimensions file defines '{key}'{hint}",
                key=True,
            )
