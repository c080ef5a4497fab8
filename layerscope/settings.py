"""User settings in the platform's config directory.

Saved atomically on every change. A corrupt file never stops the app: it starts with
defaults, says so, and keeps the bad file as ``<name>.bak``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import msgspec

from layerscope import paths
from layerscope.atomic import write_atomic

LayerOrder = Literal["top-down", "bottom-up"]


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


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and a warning, if the file was unusable."""
    path = path or paths.config_file()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings(), None
    except OSError as err:
        return Settings(), f"could not read settings ({err.strerror}); using defaults"
    try:
        return msgspec.json.decode(data, type=Settings, strict=True), None
    except msgspec.DecodeError as err:
        backup = path.with_name(path.name + ".bak")
        try:
            path.replace(backup)
        except OSError:
            return Settings(), f"settings file {path} is corrupt ({err}); using defaults"
        return Settings(), f"settings file was corrupt ({err}); using defaults, kept it as {backup}"


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Save settings atomically (creating the config directory if needed)."""
    path = path or paths.config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, msgspec.json.format(msgspec.json.encode(settings), indent=2) + b"\n")
