"""Live reload: notice changed stack files by polling, reload, keep the last good version.

Polling the modification times of a handful of files once a second costs next to nothing
and needs no extra dependency.

Editors often save by rename (``mv f f~; cp new f``), so a file can be missing for a
moment. A file that goes missing keeps its last good version on show and is looked for
again at every check; only after :data:`MISSING_POLLS` checks in a row without it is it
taken as removed (and the user told).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from layerscope.catalog import Catalog, SearchDir, load_catalog, stack_files
from layerscope.diagnostics import Diagnostic
from layerscope.tui.widgets.highlight import short_path

Signature = tuple[int, int]
"""A file's modification time (ns) and size."""


def signatures(paths: Sequence[Path]) -> dict[Path, Signature]:
    """The signature of each file that exists."""
    found: dict[Path, Signature] = {}
    for path in paths:
        try:
            stat = path.stat()
        except OSError:
            continue
        found[path] = (stat.st_mtime_ns, stat.st_size)
    return found


def dirs_of(catalog: Catalog) -> list[SearchDir]:
    """The directories a catalog was loaded from, in load order (for reloading it)."""
    seen: list[Path] = []
    for result in catalog.results:
        if result.path.parent not in seen:
            seen.append(result.path.parent)
    return [SearchDir(path, "--data") for path in seen]


MISSING_POLLS = 5
"""Checks in a row a file may be missing before its stack is dropped (about 5 s at the
app's poll interval): long enough for any save by rename."""

MAX_NOTIFIED_DIAGNOSTICS = 4
"""Per file; the issues screen (``!``) lists them all."""


@dataclass(frozen=True)
class Notice:
    """Something to tell the user in a notification (plain text)."""

    message: str
    title: str = ""
    severity: Literal["information", "warning", "error"] = "information"
    timeout: float = 6


def located(diagnostic: Diagnostic, *, severity: bool = True) -> str:
    """``data/x.yaml:12: error: message`` (the path relative to the working directory)."""
    kind = f" {diagnostic.severity}:" if severity else ""
    return f"{short_path(diagnostic.file)}:{diagnostic.line}:{kind} {diagnostic.message}"


def diagnostic_notices(diagnostics: Sequence[Diagnostic]) -> list[Notice]:
    """One notice per file with its diagnostics; a file with errors was skipped."""
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    notices = []
    for file, found in by_file.items():
        errors = any(d.is_error for d in found)
        lines = [located(d) for d in found[:MAX_NOTIFIED_DIAGNOSTICS]]
        if len(found) > MAX_NOTIFIED_DIAGNOSTICS:
            lines.append(f"and {len(found) - MAX_NOTIFIED_DIAGNOSTICS} more: press ! to see all")
        name = Path(file).name
        notices.append(
            Notice(
                "\n".join(lines),
                f"{name}: skipped (errors)" if errors else f"{name}: warnings",
                "error" if errors else "warning",
                12 if errors else 8,
            )
        )
    return notices


@dataclass
class Reload:
    """What a reload gave: the catalog to show and what to tell the user."""

    catalog: Catalog
    changed: list[Path]
    failed: dict[Path, list[Diagnostic]]
    """Changed files that have errors now, with their diagnostics (the last good kept)."""
    removed: list[Path] = field(default_factory=list)
    """Files gone for good (missing for :data:`MISSING_POLLS` checks) whose stacks were
    dropped."""

    def notices(self) -> list[Notice]:
        """What to tell the user: the files that broke, and those reloaded."""
        notices = [
            Notice(
                "\n".join(located(d, severity=False) for d in errors[:MAX_NOTIFIED_DIAGNOSTICS]),
                f"{path.name}: not reloaded, showing the last good version",
                "error",
                12,
            )
            for path, errors in self.failed.items()
        ]
        good = [p.name for p in self.changed if p not in self.failed and p.exists()]
        if good:
            notices.append(Notice(f"Reloaded {', '.join(good)}", timeout=3))
        if self.removed:
            names = ", ".join(p.name for p in self.removed)
            notices.append(Notice(f"Dropped {names}: the file was removed", "Removed", "warning"))
        return notices


class Watcher:
    """Tracks the files of a catalog and reloads it when they change."""

    def __init__(self, dirs: Sequence[SearchDir]) -> None:
        self.dirs = list(dirs)
        self._seen: dict[Path, Signature] = signatures(self.files())
        self._missing: dict[Path, int] = {}
        self.pending: frozenset[Path] = frozenset()
        """Files missing for fewer than :data:`MISSING_POLLS` checks: their last good
        version stays on show. (Replaced, never changed in place: :meth:`reload` reads it
        from a worker thread.)"""

    def files(self) -> list[Path]:
        """Every stack file on the search path now."""
        return [path for d in self.dirs for path in stack_files(d.path)]

    def changed(self) -> list[Path]:
        """Files added, changed or removed since the last call (or since creation).

        A removed file is reported when it goes missing, and once more when it has been
        missing for :data:`MISSING_POLLS` checks (the reload then drops its stack).
        """
        now = signatures(self.files())
        changed = {p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p)}
        missing: dict[Path, int] = {}
        for path in self._missing.keys() | (self._seen.keys() - now.keys()):
            if path in now:
                continue  # back again
            count = self._missing.get(path, 0) + 1
            if count < MISSING_POLLS:
                missing[path] = count
            else:
                changed.add(path)  # gone for good
        self._seen = now
        self._missing = missing
        self.pending = frozenset(missing)
        return sorted(changed)

    def _rank(self, path: Path) -> int:
        """The place of a file's directory on the search path (later ones override)."""
        for i, d in reversed(list(enumerate(self.dirs))):
            if path.parent == d.path:
                return i
        return -1

    def reload(self, old: Catalog, changed: Sequence[Path]) -> Reload:
        """Load the catalog again, keeping the last good version of files that broke."""
        pending = self.pending
        new = load_catalog(self.dirs)
        failed: dict[Path, list[Diagnostic]] = {}
        broken = {r.path: r for r in new.results if not r.ok}
        removed: list[Path] = []
        for stack_id, path in old.files.items():
            if path in pending:
                # Missing for a moment (a save by rename): keep showing it, unless a file
                # that would replace it anyway provides the stack now.
                now = new.files.get(stack_id)
                if now is not None and self._rank(now) >= self._rank(path):
                    continue
            elif stack_id in new.stacks or path not in broken:
                if stack_id not in new.stacks and path in changed and not path.exists():
                    removed.append(path)
                continue
            new.stacks[stack_id] = old.stacks[stack_id]
            new.files[stack_id] = path
        if not new.dimensions and any(p in broken or p in pending for p in _dimension_files(old)):
            new.dimensions = list(old.dimensions)
        for path in changed:
            result = broken.get(path)
            if result is not None:
                failed[path] = result.errors
        # Keep the stacks in the order they were shown before.
        order = {sid: i for i, sid in enumerate(old.stacks)}
        new.stacks = dict(sorted(new.stacks.items(), key=lambda kv: order.get(kv[0], len(order))))
        return Reload(new, list(changed), failed, removed)


def _dimension_files(catalog: Catalog) -> list[Path]:
    from layerscope.model import DimensionsFile

    return [r.path for r in catalog.results if isinstance(r.record, DimensionsFile)]
