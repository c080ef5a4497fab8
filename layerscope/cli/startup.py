"""Cyclic garbage collection while a command starts: the one place layerscope tunes it.

Start-up builds objects that live until exit (records, documents, the app's widgets,
Rich's and Textual's caches). Every collection walks all of them and frees next to
nothing. So :func:`layerscope.cli.main` pauses collection for ``show``, ``export`` and the
app (:func:`pause`), and then:

- a one-shot report resumes it when ``main`` returns (``main`` also runs in-process, in
  tests) and skips the collection Python runs at exit: the system frees the memory;
- the app resumes it at its first frame (``on_ready``), after freezing what was built so
  far: :func:`gc.freeze` moves it out of the collector's sight for good, so the app's later
  collections walk only what it allocates while it runs.

What it pays, measured on the 2-core development machine with Python 3.11 against the
same code without it (``benchmarks/app_probe.py`` reports ``gc_until_frame`` and
``gc_task``, the time spent collecting; medians of 5 runs, 60 for B2; CPU time):

- the app on the shipped pair (B1): 10 ms collecting until the first frame instead of
  64-77 ms; B1 1.21x the minimal app instead of 1.31x (budget 1.25x);
- 200 key presses (B4): 153 ms collecting instead of 226-233 ms (start-up is frozen);
- the stress pair (S1): 12 ms collecting until the first frame instead of 244-307 ms,
  460 ms during 60 moves instead of 660-760 ms, the worst move 120-154 ms instead of
  194-226 ms;
- memory (B5): +0.2 MiB on the shipped pair, +4.6 MiB on the stress pair (start-up's
  cyclic garbage stays frozen);
- ``export compare ai crypto`` (B2): 3 ms collecting instead of 14 ms and no exit
  collection; the whole process 3-5 % less CPU (187-227 ms instead of 193-239 ms).

Half of it does not pay: pausing without the freeze makes the first collection after
start-up walk everything (the worst stress move 231 ms), and freezing without the pause
saves nothing before the first frame. The app's exit is in no benchmark: it collects.

Other commands (``list``, ``validate``, ...) are left alone: no benchmark shows a gain.
"""

from __future__ import annotations

import atexit
import gc

_paused = False
"""Whether :func:`pause` stopped the collector (and nothing resumed it yet)."""
_exit_hook = False


def pause(*, skip_exit_collection: bool) -> None:
    """Pause cyclic collection until :func:`resume` (a no-op if it is off already).

    With ``skip_exit_collection``, the collection Python runs at interpreter exit is
    skipped as well (for one-shot commands).
    """
    global _paused, _exit_hook
    if not gc.isenabled():
        return
    gc.disable()
    _paused = True
    if skip_exit_collection and not _exit_hook:
        atexit.register(gc.disable)  # atexit runs before the interpreter's last collection
        _exit_hook = True


def resume(*, freeze: bool) -> None:
    """Resume what :func:`pause` paused; with ``freeze``, first freeze every object alive
    (the app, once it is ready). A no-op if :func:`pause` did not pause anything."""
    global _paused
    if not _paused:
        return
    _paused = False
    if freeze:
        gc.freeze()
    gc.enable()
