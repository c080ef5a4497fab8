"""The catalog: every stack on the search path, with overrides and lookup by id."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

import msgspec

from layerscope import paths
from layerscope.diagnostics import Diagnostic
from layerscope.load.cache import LoadCache
from layerscope.load.loader import FileResult, check_profile, load_file, unreadable
from layerscope.model import Dimension, DimensionsFile, Layer, Stack

SUFFIXES = (".yaml", ".yml")


class SearchDir(msgspec.Struct, frozen=True):
    """One directory of the search path and why it is there."""

    path: Path
    origin: str
    """``built-in``, ``user``, ``LAYERSCOPE_PATH`` or ``--data``."""


class UnknownId(LookupError):
    """An id that names nothing known; carries the known ids and the closest match."""

    def __init__(self, kind: str, ident: str, known: Sequence[str]) -> None:
        self.kind = kind
        self.ident = ident
        self.known = tuple(known)
        import difflib  # only on a miss: not worth its import time on every start

        close = difflib.get_close_matches(ident, self.known, n=1, cutoff=0.4)
        self.closest = close[0] if close else None
        super().__init__(str(self))

    def __str__(self) -> str:
        hint = f" (did you mean '{self.closest}'?)" if self.closest else ""
        known = ", ".join(self.known) or "none"
        return f"unknown {self.kind} '{self.ident}'{hint}; known: {known}"


class Catalog(msgspec.Struct):
    """Everything loaded from a set of files, and what went wrong on the way."""

    stacks: dict[str, Stack] = msgspec.field(default_factory=dict)
    files: dict[str, Path] = msgspec.field(default_factory=dict)
    """The file each stack came from, by stack id."""
    dimensions: list[Dimension] = msgspec.field(default_factory=list)
    results: list[FileResult] = msgspec.field(default_factory=list)
    extra: list[Diagnostic] = msgspec.field(default_factory=list)
    """Diagnostics that belong to no single file's loading (overrides, missing dirs)."""

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Every diagnostic, file by file."""
        return [d for r in self.results for d in r.diagnostics] + self.extra

    def stack(self, stack_id: str) -> Stack:
        """The stack with this id; :class:`UnknownId` if there is none."""
        try:
            return self.stacks[stack_id]
        except KeyError:
            raise UnknownId("stack", stack_id, list(self.stacks)) from None

    def layer(self, stack_id: str, layer_id: str) -> tuple[Stack, Layer]:
        """A stack and one of its layers (by id, or by label such as ``L2``)."""
        stack = self.stack(stack_id)
        layer = stack.layer(layer_id) or next(
            (la for la in stack.layers if la.display_label.lower() == layer_id.lower()), None
        )
        if layer is None:
            raise UnknownId(f"layer of '{stack_id}'", layer_id, [la.id for la in stack.layers])
        return stack, layer


def search_path(extra: Sequence[Path] = (), *, user_data: bool = True) -> list[SearchDir]:
    """The directories stacks are loaded from, in order (later ones override)."""
    found = [SearchDir(paths.builtin_data_dir(), "built-in")]
    if user_data:
        found.append(SearchDir(paths.user_data_dir(), "user"))
        for entry in os.environ.get(paths.PATH_ENV, "").split(os.pathsep):
            if entry.strip():
                where = paths.expand_user(Path(entry), strict=False)  # ~nobody: kept as is
                found.append(SearchDir(where, paths.PATH_ENV))
    found.extend(SearchDir(Path(p), "--data") for p in extra)
    return found


def stack_files(directory: Path) -> list[Path]:
    """The stack files directly in a directory, sorted by name."""
    try:
        return sorted(p for p in directory.iterdir() if p.suffix in SUFFIXES and p.is_file())
    except OSError:
        return []


def dir_problem(path: Path) -> str | None:
    """Why ``path`` cannot be read as a directory of stacks, in a few words (a symbolic link
    loop, permission denied, not a directory, no such file or directory); ``None`` if it can."""
    return unreadable(path, directory=True)


def load_catalog(directories: Iterable[SearchDir], *, cached: bool = True) -> Catalog:
    """Load every directory in order; a later stack with the same id replaces an earlier one.

    Unchanged files come from the cache of loaded files (see :mod:`layerscope.load.cache`);
    ``cached=False`` parses and checks every file again.
    """
    catalog = Catalog()
    cache = LoadCache() if cached else None
    loaded: set[Path] = set()
    for directory in directories:
        problem = dir_problem(directory.path)
        if problem is not None:
            if directory.origin in ("built-in", "--data", paths.PATH_ENV):
                catalog.extra.append(
                    Diagnostic(
                        str(directory.path),
                        1,
                        1,
                        "warning",
                        "missing-dir",
                        f"{directory.origin} directory: {problem}"
                        + (f" ({why})" if (why := paths.unknown_user(directory.path)) else ""),
                    )
                )
            continue
        # The same directory twice (`--data data` in a checkout, the user dir also in
        # LAYERSCOPE_PATH) would make every stack in it "override" itself.
        resolved = directory.path.resolve()
        if resolved in loaded:
            continue
        loaded.add(resolved)
        _load_group(catalog, stack_files(directory.path), overrides=True, cache=cache)
    _check_profiles(catalog)
    if cache is not None:
        cache.save()
    return catalog


def load_paths(targets: Sequence[Path], *, dimensions_from: Catalog | None = None) -> Catalog:
    """Load files and directories as one set, where a repeated stack id is an error."""
    files: list[Path] = []
    catalog = Catalog()
    for target in targets:
        if dir_problem(target) is None:
            files.extend(stack_files(target))
        elif (problem := unreadable(target)) is None or problem == "permission denied":
            files.append(target)  # the loader says why it cannot be read, where it reads it
        else:
            catalog.extra.append(Diagnostic(str(target), 1, 1, "error", "missing-file", problem))
    _load_group(catalog, files, overrides=False)
    if dimensions_from is not None:
        known = {d.id for d in catalog.dimensions}
        catalog.dimensions.extend(d for d in dimensions_from.dimensions if d.id not in known)
    _check_profiles(catalog)
    return catalog


def _load_group(
    catalog: Catalog, files: Sequence[Path], *, overrides: bool, cache: LoadCache | None = None
) -> None:
    """Load files that belong together: ids repeated among them are errors."""
    group_stacks: dict[str, Path] = {}
    group_dims: dict[str, Path] = {}
    for file in files:
        result = cache.load(file) if cache is not None else load_file(file)
        catalog.results.append(result)
        record = result.record
        if isinstance(record, Stack):
            if record.id in group_stacks:
                result.report_at(
                    ("id",),
                    "error",
                    "duplicate-id",
                    f"stack id '{record.id}' is also used by {group_stacks[record.id]}",
                )
                result.record = None
                continue
            group_stacks[record.id] = file
            if record.id in catalog.stacks:
                result.report_at(
                    ("id",),
                    "warning",
                    "override",
                    f"stack '{record.id}' replaces the one from {catalog.files[record.id]}",
                )
            catalog.stacks[record.id] = record
            catalog.files[record.id] = file
        elif isinstance(record, DimensionsFile):
            _add_dimensions(catalog, result, record, group_dims)


def _add_dimensions(
    catalog: Catalog, result: FileResult, record: DimensionsFile, group: dict[str, Path]
) -> None:
    index = {d.id: i for i, d in enumerate(catalog.dimensions)}
    for i, dim in enumerate(record.dimensions):
        if dim.id in group:
            result.report_at(
                ("dimensions", i, "id"),
                "error",
                "duplicate-id",
                f"dimension '{dim.id}' is also defined in {group[dim.id]}",
            )
            continue
        group[dim.id] = result.path
        if dim.id in index:
            result.report_at(
                ("dimensions", i, "id"),
                "warning",
                "override",
                f"dimension '{dim.id}' replaces an earlier definition",
            )
            catalog.dimensions[index[dim.id]] = dim
        else:
            index[dim.id] = len(catalog.dimensions)
            catalog.dimensions.append(dim)


def _check_profiles(catalog: Catalog) -> None:
    known = {d.id for d in catalog.dimensions}
    for result in catalog.results:
        check_profile(result, known)
