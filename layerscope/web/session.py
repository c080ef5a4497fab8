"""One ``layerscope serve`` session: ``python -m layerscope.web.session ARGS`` runs
``layerscope ARGS`` (a ``tui`` command) as the server's child, and ends when the server does.

The server closes a session's app when its browser socket closes, but a server that is
killed (``kill -9``, a crash, the OOM killer) closes nothing, and its sessions would run on
with nobody to talk to. So a session watches its parent in two ways:

- on Linux, the parent-death signal (``prctl(PR_SET_PDEATHSIG)``) sends it SIGTERM the moment
  the server's process ends;
- everywhere, a watchdog thread checks ``os.getppid()`` and, once the server is gone, sends
  the same SIGTERM (the app's own clean exit), then ends the process outright if the app has
  not exited within :data:`GRACE` seconds.

The server names itself in :data:`PARENT_ENV`; without it (run by hand) this is plain
``layerscope``.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Sequence

PARENT_ENV = "LAYERSCOPE_SERVE_PID"
"""The environment variable that holds the server's process id."""

POLL = 0.5
"""Seconds between the watchdog's looks at the parent."""

GRACE = 5.0
"""Seconds the app gets to exit on SIGTERM before the watchdog ends the process."""

EXIT_ORPHANED = 1
"""The exit status of a session whose server went away."""

PR_SET_PDEATHSIG = 1
"""From ``<linux/prctl.h>``."""


def main(argv: Sequence[str] | None = None) -> int:
    """Tie this process to the server named in :data:`PARENT_ENV`, then run ``layerscope``."""
    parent = _parent()
    if parent is not None:
        # The server runs each session in its own process group and ends it itself; a
        # SIGINT that still comes (sent to this process) must not break off one that is
        # starting (a traceback). Once running, the app takes SIGINT as a request to quit.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        end_with_parent(parent)
    from layerscope.cli import main as layerscope_main

    return layerscope_main(argv)


def end_with_parent(parent: int) -> None:
    """End this process (SIGTERM, then for good) once process ``parent`` is no longer its
    parent; at once if it already is not (the server went away while this one started)."""
    set_parent_death_signal(signal.SIGTERM)
    # Checked after the signal is set, so a parent that died in between is not missed.
    if os.getppid() != parent:
        os._exit(EXIT_ORPHANED)
    threading.Thread(
        target=_watch, args=(parent,), name="layerscope-serve-watchdog", daemon=True
    ).start()


def set_parent_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` to this process when its parent ends.

    Returns:
        Whether the signal is set (False off Linux or when ``prctl`` is unavailable).
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE)
    os._exit(EXIT_ORPHANED)


def _parent() -> int | None:
    value = os.environ.pop(PARENT_ENV, "")
    return int(value) if value.isascii() and value.isdigit() else None


if __name__ == "__main__":
    sys.exit(main())
