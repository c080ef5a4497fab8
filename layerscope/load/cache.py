"""A cache of loaded stack files, so that starting the app does not parse unchanged YAML.

Loading a file (PyYAML's import, the parse, the checks) is most of what the data costs at
start-up; the shipped files and a user's own rarely change between two starts. The cache
keeps, per file path, what :func:`layerscope.load.loader.load_file` gave — the record, the
diagnostics and the position of every node (for the catalog's own diagnostics, decoded
only if one is reported) — with the file's size, modification time and CRC-32. An entry
is used only when all three still match and it was written by the same loader code.

The cache is an optimisation only: a missing, unreadable, corrupt or foreign cache file is
ignored (and replaced), and a cache that cannot be written is not an error.
"""

from __future__ import annotations

import stat
import zlib
from collections.abc import Iterator
from pathlib import Path

import msgspec

from layerscope import __version__, paths
from layerscope.atomic import write_atomic
from layerscope.diagnostics import Diagnostic
from layerscope.load.loader import FileResult, load_file
from layerscope.load.reader import MAX_BYTES, Document, Path_
from layerscope.model import DimensionsFile, Stack

FORMAT = 1
"""Bumped when the layout of the cache file changes."""
_LOADER_MODULES = (
    "loader",
    "structure",
    "model",
    "rules",
    "reader",
    "characters",
    "suggest",
    "diagnostics",
)
"""The modules whose code decides what loading a file gives."""

_KINDS: dict[str, type[Stack] | type[DimensionsFile]] = {
    "stack": Stack,
    "dimensions": DimensionsFile,
}


class _Entry(msgspec.Struct, array_like=True, frozen=True):
    """What loading one file gave, and the state of the file it was loaded from."""

    size: int
    mtime_ns: int
    crc: int
    kind: str
    """``stack``, ``dimensions``, or empty when the file gave no record."""
    record: msgspec.Raw
    diagnostics: list[Diagnostic]
    positions: msgspec.Raw
    """``Document.positions`` and ``key_positions`` as ``[[path, line, column], ...]``."""


class _CacheFile(msgspec.Struct, array_like=True):
    stamp: str
    entries: dict[str, msgspec.Raw]
    """Encoded :class:`_Entry` by file path, decoded only when the file is loaded."""


class _Positions(msgspec.Struct, array_like=True):
    values: list[tuple[Path_, int, int]]
    keys: list[tuple[Path_, int, int]]


class CachedDocument(Document):
    """A document read from the cache: no value, positions decoded on first use."""

    raw: msgspec.Raw = msgspec.field(default_factory=msgspec.Raw)
    decoded: bool = False

    def at(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """The position of a path, or of its nearest located ancestor."""
        if not self.decoded:
            self.decoded = True
            try:
                found = msgspec.msgpack.decode(self.raw, type=_Positions)
            except msgspec.DecodeError:
                found = _Positions([], [])  # a damaged entry: line 1, column 1 everywhere
            self.positions = {tuple(p): (line, col) for p, line, col in found.values}
            self.key_positions = {tuple(p): (line, col) for p, line, col in found.keys}
        return super().at(path, key=key)


def cache_file() -> Path:
    """Where the cache lives (the platform's cache directory)."""
    return Path(paths.dirs().user_cache_dir) / "catalog.msgpack"


def _stamp() -> str:
    """The loader code that writes and reads entries: the version and its modules' files."""
    here = Path(__file__).resolve().parent
    parts = [f"{FORMAT}", __version__]
    for name in _LOADER_MODULES:
        try:
            info = (here / f"{name}.py").stat()
        except OSError:
            continue  # an install without sources: the version says enough
        parts.append(f"{name}:{info.st_size}:{info.st_mtime_ns}")
    return " ".join(parts)


class LoadCache:
    """Loads files through the cache; :meth:`save` writes back what changed."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_file()
        self.stamp = _stamp()
        self._entries: dict[str, msgspec.Raw] = {}
        self._changed = False
        try:
            data = self.path.read_bytes()
            found = msgspec.msgpack.decode(data, type=_CacheFile)
        except (OSError, msgspec.DecodeError):
            return
        if found.stamp == self.stamp:
            self._entries = found.entries

    def load(self, file: Path) -> FileResult:
        """What :func:`layerscope.load.loader.load_file` gives for ``file``."""
        key = str(file)
        if not key.isascii() and _not_utf8(key):
            return load_file(file)  # a name the cache (UTF-8 text) cannot hold: not cached
        try:
            info = file.stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return load_file(file)
            data = file.read_bytes()
        except OSError:
            return load_file(file)
        crc = zlib.crc32(data)
        raw = self._entries.get(key)
        if raw is not None:
            result = self._result(file, raw, len(data), info.st_mtime_ns, crc)
            if result is not None:
                return result
        result = load_file(file)
        self._store(key, result, (len(data), info.st_mtime_ns, crc))
        return result

    def _result(
        self, file: Path, raw: msgspec.Raw, size: int, mtime_ns: int, crc: int
    ) -> FileResult | None:
        try:
            entry = msgspec.msgpack.decode(raw, type=_Entry)
            if (entry.size, entry.mtime_ns, entry.crc) != (size, mtime_ns, crc):
                return None
            record = None
            if entry.kind:
                record = msgspec.msgpack.decode(entry.record, type=_KINDS[entry.kind])
        except (msgspec.DecodeError, KeyError):
            return None
        document = CachedDocument(raw=entry.positions)
        return FileResult(file, record, list(entry.diagnostics), document)

    def _store(self, key: str, result: FileResult, state: tuple[int, int, int]) -> None:
        record = result.record
        kind = "stack" if isinstance(record, Stack) else "dimensions" if record else ""
        document = result.document or Document()
        positions = _Positions(
            list(_located(document.positions)), list(_located(document.key_positions))
        )
        entry = _Entry(
            *state,
            kind=kind,
            record=msgspec.Raw(msgspec.msgpack.encode(record)),
            diagnostics=list(result.diagnostics),
            positions=msgspec.Raw(msgspec.msgpack.encode(positions)),
        )
        self._entries[key] = msgspec.Raw(msgspec.msgpack.encode(entry))
        self._changed = True

    def save(self) -> None:
        """Write the cache if an entry changed (entries of vanished files are dropped)."""
        if not self._changed:
            return
        entries = {key: raw for key, raw in self._entries.items() if Path(key).is_file()}
        data = msgspec.msgpack.encode(_CacheFile(self.stamp, entries))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, data)
        except OSError:
            return
        self._changed = False


def _not_utf8(text: str) -> bool:
    """Whether ``text`` holds bytes of a file name that are not UTF-8 (kept as surrogates)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _located(table: dict[Path_, tuple[int, int]]) -> Iterator[tuple[Path_, int, int]]:
    for path, (line, column) in table.items():
        yield path, line, column
