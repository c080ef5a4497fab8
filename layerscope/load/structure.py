"""The structure walk: a file's values against the record Structs, every mistake located.

It runs only when msgspec's one-call check of a file fails (see
:mod:`layerscope.load.loader`): it walks the values against the Structs of
:mod:`layerscope.model` and reports each wrong type, unknown or missing key, bad id, date,
choice or number at its place in the file, instead of msgspec's first error alone.
"""

from __future__ import annotations

import re
import reprlib
from functools import cache
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import msgspec

from layerscope.load import rules
from layerscope.load.reader import INVALID, Path_
from layerscope.load.suggest import hint
from layerscope.model import DATE_PATTERN, ID_PATTERN, MAX_LAYERS, MAX_NUMBER, SCHEMA_VERSION

if TYPE_CHECKING:
    from layerscope.load.loader import FileResult

_SHOW = reprlib.Repr()
_SHOW.maxstring = 60
_SHOW.maxother = 60
_SHOW.maxlevel = 2


def show(value: Any) -> str:
    """A short, safe ``repr`` of a value from a file for messages (never huge or deep)."""
    return _SHOW.repr(value)


def type_name(value: Any) -> str:
    """What a value from a file is, in words: ``a mapping``, ``a list``, ``null``..."""
    if value is None:
        return "null"
    return {dict: "a mapping", list: "a list", str: "a string", bool: "a boolean"}.get(
        type(value), "a number"
    )


@cache
def _fields(struct: type[msgspec.Struct]) -> dict[str, msgspec.structs.FieldInfo]:
    return {f.encode_name: f for f in msgspec.structs.fields(struct)}


def _unwrap(tp: Any) -> tuple[Any, msgspec.Meta | None]:
    if hasattr(tp, "__metadata__"):
        metas = [m for m in tp.__metadata__ if isinstance(m, msgspec.Meta)]
        return tp.__origin__, (metas[0] if metas else None)
    return tp, None


def check(value: Any, tp: Any, path: Path_, result: FileResult) -> None:
    if value is INVALID:
        return
    base, meta = _unwrap(tp)
    if isinstance(base, type) and issubclass(base, msgspec.Struct):
        _check_struct(value, base, path, result)
        return
    origin, args = get_origin(base), get_args(base)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        if not isinstance(value, list):
            result.report_at(
                path, "error", "wrong-type", f"expected a list, got {type_name(value)}"
            )
            return
        if meta is not None and path == ("layers",):
            if not value:
                result.report_at(path, "error", "no-layers", "a stack needs at least one layer")
            elif len(value) > MAX_LAYERS:
                result.report_at(
                    path, "error", "too-many-layers", f"{len(value)} layers; at most {MAX_LAYERS}"
                )
        for i, item in enumerate(value):
            check(item, args[0], (*path, i), result)
        return
    if origin is dict:
        if not isinstance(value, dict):
            result.report_at(
                path, "error", "wrong-type", f"expected a mapping, got {type_name(value)}"
            )
            return
        for key, item in value.items():
            _check_leaf(key, args[0], (*path, key), result, key=True)
            check(item, args[1], (*path, key), result)
        return
    _check_leaf(value, tp, path, result)


def _check_struct(
    value: Any, struct: type[msgspec.Struct], path: Path_, result: FileResult
) -> None:
    if not isinstance(value, dict):
        result.report_at(path, "error", "wrong-type", f"expected a mapping, got {type_name(value)}")
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
            check(item, fields[key].type, (*path, key), result)


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
