"""Where layerscope finds its data and keeps its settings.

Every platform directory goes through :func:`dirs`, the one seam tests patch.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "layerscope"
PATH_ENV = "LAYERSCOPE_PATH"


def dirs() -> PlatformDirs:
    """The platform's directories for layerscope."""
    return PlatformDirs(APP_NAME, appauthor=False)


def builtin_data_dir() -> Path:
    """The shipped ``data/``: inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    return packaged if packaged.is_dir() else here.parent / "data"


def user_data_dir() -> Path:
    """The user's own stack files."""
    return Path(dirs().user_data_dir)


def config_file() -> Path:
    """The settings file."""
    return Path(dirs().user_config_dir) / "settings.json"
