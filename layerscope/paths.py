"""Where layerscope finds its data and keeps its settings.

Every platform directory goes through :func:`dirs`, the one seam tests patch.
"""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

APP_NAME = "layerscope"
PATH_ENV = "LAYERSCOPE_PATH"


class NoSuchUser(ValueError):
    """A path starts with ``~user`` and there is no such user (or ``~`` and no home)."""

    def __init__(self, reason: str, path: Path) -> None:
        self.reason = reason
        """E.g. ``there is no user 'bob'``."""
        self.path = path
        super().__init__(f"{reason} (in {path})")


def expand_user(path: Path, *, strict: bool = True) -> Path:
    """``path`` with a leading ``~`` or ``~user`` replaced by that user's home.

    Args:
        strict: Raise :class:`NoSuchUser` for an unknown user; with ``False`` the path is
            kept as written (as a shell does), so that it names a missing directory.
    """
    try:
        return path.expanduser()
    except RuntimeError:  # pathlib's "could not determine home directory"
        if not strict:
            return path
        first = path.parts[0] if path.parts else "~"
        who = f"there is no user '{first[1:]}'" if len(first) > 1 else "no home directory"
        raise NoSuchUser(who, path) from None


def unknown_user(path: Path) -> str | None:
    """Why ``path`` (kept as written) names no directory, if its ``~user`` is unknown."""
    if not str(path).startswith("~"):
        return None
    try:
        expand_user(path)
    except NoSuchUser as err:
        return str(err)
    return None


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
