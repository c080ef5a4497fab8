"""User settings in the platform's config directory.

Saved atomically on every change (a symlinked settings file stays a symlink: its target is
replaced). A corrupt file never stops the app: it starts with defaults and says so, and the
bad file is kept: moved to ``<name>.bak``, or to ``<name>.bak.1``, ``<name>.bak.2``, ... when
that is taken (an older backup is never overwritten), beside the file itself (a symlink's
target). If no backup can be made the bad file stays where it is and is not overwritten:
saving then fails with a message until it is fixed or removed.

Values that name something the app offers (a theme, a binding id in ``keys``) are checked
against what the app registered (:func:`register_choices`); an unknown one is kept as
written (a later version may know it) and said once, with the closest valid choices.
"""

from __future__ import annotations

import difflib
import errno
import os
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Literal

import msgspec

from layerscope import paths
from layerscope.atomic import write_atomic

LayerOrder = Literal["top-down", "bottom-up"]
ChoiceKind = Literal["theme", "binding"]

MAX_BACKUPS = 1000
"""Numbered backups tried before giving up (and then not overwriting the bad file)."""


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """What the user chose; unknown keys (from a newer version) are ignored."""

    theme: str = "textual-dark"
    last_comparison: tuple[str, ...] = ()
    layer_order: LayerOrder = "top-down"
    ascii: bool = False
    export_format: str = "text"
    """The format last exported from the app (the export dialog starts on it)."""
    keys: dict[str, str] = {}
    """Key remapping: binding id → keys, e.g. ``{"drivers": "D"}``."""


class NotSaved(OSError):
    """Settings not saved, to keep a bad file that could not be backed up."""

    def __str__(self) -> str:
        return str(self.strerror)


# -- the choices settings may name ------------------------------------------------------------

_CHOICES: dict[str, Callable[[], Collection[str]]] = {}


def register_choices(kind: ChoiceKind, known: Callable[[], Collection[str]]) -> None:
    """Say what values of ``kind`` are valid (the app's themes, its binding ids).

    The headless core knows neither (they come from Textual and the app's key registry), so
    the app registers them; where nothing is registered nothing is checked.
    """
    _CHOICES[kind] = known


def known_choices(kind: ChoiceKind) -> frozenset[str]:
    """The registered valid values of ``kind`` (empty if none are registered)."""
    known = _CHOICES.get(kind)
    return frozenset(known()) if known is not None else frozenset()


def unknown_choices(settings: Settings) -> list[str]:
    """A line per value that names nothing registered, with the closest valid ones."""
    lines = []
    themes = known_choices("theme")
    if themes and settings.theme not in themes:
        lines.append(
            f"unknown theme '{settings.theme}'{_closest(settings.theme, themes)}; "
            f"themes: {', '.join(sorted(themes))}"
        )
    ids = known_choices("binding")
    if ids:
        for binding in settings.keys:
            if binding not in ids:
                hint = _closest(binding, ids) or " (the help, ?, lists every binding)"
                lines.append(f"unknown binding id '{binding}' in keys{hint}")
    return lines


def _closest(value: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(value, sorted(known), n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"


# -- loading and saving -----------------------------------------------------------------------


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and a warning, if the file was unusable or names unknown things."""
    path = path or paths.config_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as err:
        return Settings(), f"could not read settings ({err.strerror}); using defaults"
    try:
        found = msgspec.json.decode(data, type=Settings, strict=True)
    except msgspec.DecodeError as err:
        try:
            backup = keep_bad_file(path)
        except OSError as failure:
            return Settings(), (
                f"settings file {path} is corrupt ({err}); using defaults, but could not "
                f"keep a copy of it ({failure.strerror or failure}), so it is not "
                "overwritten: fix or remove it to save settings again"
            )
        return Settings(), f"settings file was corrupt ({err}); using defaults, kept it as {backup}"
    unknown = unknown_choices(found)
    return found, "\n".join(f"settings: {line}" for line in unknown) or None


def keep_bad_file(path: Path) -> Path:
    """Move an unusable settings file to the first free backup name; return that name.

    The file itself is moved (a symlink's target, so the link stays), never copied over a
    backup that exists.

    Raises:
        OSError: no backup could be made; the file is where it was.
    """
    real = Path(os.path.realpath(path)) if os.path.islink(path) else path
    for n in range(MAX_BACKUPS):
        backup = real.with_name(real.name + (f".bak.{n}" if n else ".bak"))
        if os.path.lexists(backup):
            continue
        try:
            os.link(real, backup)  # fails if the name was taken meanwhile
        except FileExistsError:
            continue
        except OSError as err:
            if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            os.rename(real, backup)  # no hard links here: the name was free just now
            return backup
        os.unlink(real)
        return backup
    raise OSError(errno.EEXIST, f"{MAX_BACKUPS} backups exist already", str(path))


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Save settings atomically (creating the config directory if needed).

    A file there that is not valid settings is backed up first (see :func:`keep_bad_file`).

    Raises:
        OSError: the file could not be written, or it is not valid settings and no backup
            of it could be made (then it is left as it is).
    """
    path = path or paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    _keep_unless_settings(path)
    write_atomic(path, msgspec.json.format(msgspec.json.encode(settings), indent=2) + b"\n")


def _keep_unless_settings(path: Path) -> None:
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        return
    try:
        msgspec.json.decode(data, type=Settings, strict=True)
    except msgspec.DecodeError:
        try:
            keep_bad_file(path)
        except OSError as err:
            raise NotSaved(
                err.errno,
                f"{path} is not valid settings and no copy of it could be kept "
                f"({err.strerror or err}); not overwriting it",
            ) from None
