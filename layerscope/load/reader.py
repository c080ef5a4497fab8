"""Untrusted YAML → plain Python values, with the position of every node.

PyYAML's event stream is consumed directly instead of ``yaml.load``, so that:

- no tag is ever constructed (``!!python/...`` cannot execute anything);
- duplicate keys, anchors and aliases are reported instead of silently accepted;
- scalars resolve by the YAML 1.2 core schema: only ``true``/``false`` are booleans,
  ``yes``/``no``/``on`` and dates stay strings;
- control characters, bidi controls and zero-width characters are removed with a
  warning (the first few located one by one, the rest counted; see
  :mod:`layerscope.load.characters`);
- deep nesting cannot exhaust the Python stack (the builder is iterative).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import msgspec

from layerscope.diagnostics import Severity
from layerscope.load.characters import Removals, clean_scalar, strip_controls

if TYPE_CHECKING:
    import yaml

MAX_BYTES = 4 * 1024 * 1024

Path_ = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_SPECIAL_FLOAT = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
}
_STR_TAGS = {"!", "tag:yaml.org,2002:str"}
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema."""
    if text in _NULL:
        return None
    first = text[0]
    if first in "tTfF":
        return _BOOL.get(text, text)
    if first in "0123456789+-.":
        if _INT.match(text):
            # Past Python's int-from-text limit (4300 digits) it stays a string.
            return int(text) if len(text) < 4000 else text
        if _INT_OTHER.match(text):
            return int(text, 0)
        if _FLOAT.match(text):
            return float(text)
        return _SPECIAL_FLOAT.get(text, text)
    return text


def format_path(path: Path_) -> str:
    """``("layers", 1, "name")`` → ``layers[1].name``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


class Document(msgspec.Struct):
    """The value of a YAML document and where each of its nodes starts."""

    value: Any = None
    positions: dict[Path_, tuple[int, int]] = msgspec.field(default_factory=dict)
    """1-based (line, column) of each value, by path from the root."""
    key_positions: dict[Path_, tuple[int, int]] = msgspec.field(default_factory=dict)
    """1-based (line, column) of each mapping key, by the path of its value."""

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of a path, or of its nearest located ancestor."""
        table = self.key_positions if key else self.positions
        while path:
            if path in table:
                return table[path]
            path = path[:-1]
            table = self.positions
        return self.positions.get((), (1, 1))


def _where(err: yaml.YAMLError) -> tuple[int, int]:
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    return 1, 1


def _syntax(err: yaml.YAMLError, text: str, line: int, column: int) -> tuple[str, str]:
    problem = getattr(err, "problem", None) or str(err).splitlines()[0]
    lines = text.split("\n", line)
    here = lines[line - 1] if line <= len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip(" \t-"))]:
        return "tab-indent", "tab character in indentation (indent with spaces)"
    context = getattr(err, "context", None)
    if not context:
        return "yaml-syntax", problem
    # The context mark is where the unfinished construct began: often the real mistake.
    mark = getattr(err, "context_mark", None)
    began = (mark.line + 1, mark.column + 1) if mark is not None else (line, column)
    if began != (line, column):
        context += f" that starts at line {began[0]}, column {began[1]}"
    return "yaml-syntax", f"{problem} ({context})"


Report = Callable[[int, int, Severity, str, str], None]


def _wide(data: bytes) -> str | None:
    """``UTF-16`` or ``UTF-32`` when the bytes look like text in one of those, by its
    byte order mark or by the NUL bytes of mostly-ASCII text in it."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:512]
    if len(sample) < 4 or b"\x00" not in sample:
        return None

    def zeros(part: bytes) -> float:
        return part.count(0) / len(part)

    quarters = [zeros(sample[i::4]) for i in range(4)]
    if sorted(quarters)[:3] == [1.0, 1.0, 1.0] and max(quarters) < 1:
        return "UTF-32"  # three NUL bytes of every four: ASCII in UTF-32
    even, odd = zeros(sample[0::2]), zeros(sample[1::2])
    if (even >= 0.9 and odd <= 0.1) or (odd >= 0.9 and even <= 0.1):
        return "UTF-16"  # one NUL byte of every two: ASCII in UTF-16
    return None


def decode(data: bytes, report: Report) -> str | None:
    """Bytes → text, or ``None`` (with a diagnostic) when unusable."""
    if len(data) > MAX_BYTES:
        report(1, 1, "error", "too-large", f"file is {len(data)} bytes; the limit is 4 MiB")
        return None
    wide = _wide(data)
    if wide is not None:
        report(1, 1, "error", "encoding", f"file is {wide} encoded; save it as UTF-8")
        return None
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        column = nul - (data.rfind(b"\n", 0, nul) + 1) + 1
        report(line, column, "error", "nul-byte", "file contains a NUL byte (binary file?)")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        column = err.start - (data.rfind(b"\n", 0, err.start) + 1) + 1
        report(line, column, "error", "encoding", "file is not valid UTF-8")
        return None
    if not text.strip():
        report(1, 1, "error", "empty-file", "file is empty")
        return None
    return text


class _Invalid:
    """The value of a node that was reported and must not be checked again."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<invalid>"


INVALID: Any = _Invalid()
"""Stands in for an alias or a wrongly tagged node; the structure checks skip it."""

_DROP = object()  # the pending key of a mapping entry whose key was unusable


def parse(text: str, report: Report) -> Document | None:
    """Parse one YAML document into plain values.

    Returns ``None`` only when the text is not YAML at all (a syntax error, several
    documents). Anchors, aliases, tags and bad or duplicate keys are reported, and the
    document is still returned so that the rest of the file can be checked in the same
    run: an alias or a tagged node reads as :data:`INVALID`, an entry with an unusable key
    is left out, and of duplicate keys the last one counts.
    """
    # PyYAML is imported here, not with the module: a catalog read from the cache
    # (layerscope.load.cache) never needs it, and importing it costs ~10 ms of start-up.
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C one when present
    removed = Removals(report)
    try:
        return _parse(yaml, loader, strip_controls(text, removed), report, removed)
    finally:
        removed.finish()


def _parse(yaml: Any, loader: Any, text: str, report: Report, removed: Removals) -> Document | None:
    from yaml.events import (
        AliasEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
    )

    doc = Document()
    positions = doc.positions
    key_positions = doc.key_positions
    # Each frame: [container, path, pending key, key is set]
    frames: list[list[Any]] = []
    documents = 0

    def add(value: Any, path: Path_, mark: tuple[int, int]) -> None:
        if not frames:
            positions[path] = mark
            doc.value = value
            return
        frame = frames[-1]
        container = frame[0]
        if isinstance(container, list):
            positions[path] = mark
            container.append(value)
            return
        if frame[3]:
            if frame[2] is not _DROP:
                positions[path] = mark
                container[frame[2]] = value
            frame[3] = False
            return
        # ``value`` is a key
        frame[3] = True
        if type(value) is not str:
            if value is not INVALID:
                shown = "null" if value is None else str(value)[:40]
                report(*mark, "error", "bad-key", f"a key must be a string, not {shown} (quote it)")
            frame[2] = _DROP
            return
        key_path = frame[1] + (value,)
        if value in container:
            first = key_positions.get(key_path, (0, 0))[0]
            report(
                *mark, "error", "duplicate-key", f"duplicate key '{value}' (first on line {first})"
            )
        else:
            key_positions[key_path] = mark
        frame[2] = value

    def child_path() -> Path_:
        if not frames:
            return ()
        frame = frames[-1]
        container = frame[0]
        path: Path_ = frame[1]
        if isinstance(container, list):
            return (*path, len(container))
        if frame[3] and frame[2] is not _DROP:
            return (*path, frame[2])
        return path  # a key, or the value of a dropped key: never recorded

    events: Iterator[Any] = yaml.parse(text, Loader=loader)
    try:
        for event in events:
            kind = type(event)
            if kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)
                if event.anchor is not None:
                    report(*mark, "error", "anchor", f"anchors are not allowed (&{event.anchor})")
                tag = event.tag
                path = child_path()
                if kind is ScalarEvent:
                    value: Any = event.value
                    if tag is not None and tag not in _STR_TAGS:
                        _bad_tag(tag, mark, report)
                        value = INVALID
                    elif event.implicit[0] and tag is None:
                        value = resolve_plain(value)
                        if value == "<<" and frames and not frames[-1][3]:
                            # A YAML 1.1 merge key: the entry is dropped, said once.
                            report(*mark, "error", "anchor", "merge keys (<<) are not allowed")
                            value = INVALID
                    if type(value) is str:
                        value = clean_scalar(value, mark, removed)
                    add(value, path, mark)
                else:
                    container: Any = {} if kind is MappingStartEvent else []
                    allowed = _MAP_TAGS if kind is MappingStartEvent else _SEQ_TAGS
                    if tag in allowed:
                        add(container, path, mark)
                    else:
                        _bad_tag(tag, mark, report)
                        add(INVALID, path, mark)
                    # Children of a dropped or invalid node still need a frame to land in.
                    frames.append([container, path, None, False])
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                frames.pop()
            elif kind is AliasEvent:
                mark = (event.start_mark.line + 1, event.start_mark.column + 1)
                report(*mark, "error", "anchor", f"aliases are not allowed (*{event.anchor})")
                add(INVALID, child_path(), mark)
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = (event.start_mark.line + 1, event.start_mark.column + 1)
                    report(*mark, "error", "multiple-documents", "one document per file")
                    return None
    except yaml.YAMLError as err:
        line, column = _where(err)
        code, message = _syntax(err, text, line, column)
        report(line, column, "error", code, message)
        return None
    except RecursionError:  # pragma: no cover - libyaml's own limits come first
        report(1, 1, "error", "yaml-syntax", "document nests too deeply")
        return None
    return doc


def _bad_tag(tag: str, mark: tuple[int, int], report: Report) -> None:
    if tag.startswith("tag:yaml.org,2002:python/"):
        report(*mark, "error", "unsafe-tag", f"Python tags are never executed: {tag}")
    else:
        report(*mark, "error", "bad-tag", f"YAML tags are not allowed: {tag}")
