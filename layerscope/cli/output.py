"""Standard output for one command: closed, or left by its reader, without a traceback.

:func:`layerscope.cli.main` runs every one-shot command with ``sys.stdout`` replaced by an
:class:`Output` around it:

- a closed stdout (``layerscope list >&-``; Python then has no ``sys.stdout``): the first
  write raises :class:`OutputClosed`, which ``main`` reports as one line on stderr (exit 1).
  A command that writes nothing there (``export -o FILE``) runs as usual.
- a reader that goes away early (``| head``, ``| grep -q``): the rest of the output is
  dropped (stdout points at the null device from then on) and the command runs to its end,
  so it exits with its own status: ``validate`` with errors still fails.
"""

from __future__ import annotations

import io
import os
from typing import IO, Any


class OutputClosed(Exception):
    """Something was written to a standard output that is closed."""


class Output(io.TextIOBase):
    """A text stream that writes to ``stream`` (``None``: stdout is closed)."""

    def __init__(self, stream: IO[str] | None) -> None:
        super().__init__()
        self.stream = stream
        self.broken = False
        """Whether the reader went away (what was written since went nowhere)."""

    def _target(self) -> IO[str]:
        if self.stream is None:
            raise OutputClosed("standard output is closed")
        return self.stream

    def _drop_the_rest(self) -> None:
        """The reader went away: what is still buffered and written from now on goes to
        the null device (also Python's flush at exit)."""
        self.broken = True
        stream = self._target()
        try:
            fd = stream.fileno()
        except (OSError, ValueError):  # not a file (a test's capture): nothing to point
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, fd)
        finally:
            os.close(devnull)

    def write(self, text: str) -> int:
        stream = self._target()
        if self.broken:
            return len(text)
        try:
            return stream.write(text)
        except BrokenPipeError:
            self._drop_the_rest()
            return len(text)

    def flush(self) -> None:
        if self.stream is None or self.broken:
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._drop_the_rest()

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def fileno(self) -> int:
        return self._target().fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self.stream, "errors", None)

    @property
    def buffer(self) -> Any:
        """The stream's bytes (``report`` writes them when the encoding falls short)."""
        return self._target().buffer  # type: ignore[attr-defined]
