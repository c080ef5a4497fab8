"""``layerscope ARGS`` for the tests, run in this process: what a fresh process would give.

A fresh ``python -m layerscope`` costs about 170 ms of interpreter start and imports before
the command does anything; the command tests run hundreds of them. :func:`layerscope` calls
:func:`layerscope.cli.main` (documented as callable in-process) instead, with the standard
streams, the environment and the working directory set up as the process would have them,
and returns what :func:`subprocess.run` would (``capture_output=True, text=True``):

- stdout and stderr are files (``fileno()``, ``.buffer``, not a terminal), written in UTF-8
  with the errors Python uses under ``LANG=C.UTF-8`` (``surrogateescape`` on stdout,
  ``backslashreplace`` on stderr), read back as a parent reads a pipe: UTF-8, universal
  newlines;
- stdin holds the text given, or nothing;
- a command that leaves the process changed when ``main`` returns (a standard stream, the
  environment, the working directory, garbage collection off) fails with
  :class:`LeftState`: a second command in the same process would inherit it;
- the exit code is what ``main`` returns, or the code of a :class:`SystemExit` (argparse,
  ``--help``, ``--version``) as Python turns it into an exit status. Any other exception
  propagates: the test fails with the real traceback.

What only a real process shows still needs one (``subprocess`` of ``sys.executable -m
layerscope``): what is imported at start-up, start-up time, a closed or broken stdout,
signals, a terminal, environment read when the interpreter starts (``PYTHON*``, ``LANG``,
``LC_*``: refused here), the app and the server (no command, ``tui``, ``serve``: refused
here), the ``layerscope`` console script and shell completion run by a shell.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from typing import IO, BinaryIO, cast

import pytest

from layerscope.cli import build_parser, main

__all__ = ["LeftState", "NeedsAProcess", "layerscope"]

PROCESS_COMMANDS = (None, "tui", "serve")
"""Commands that start the app or the server (``None``: no command, the app)."""


class NeedsAProcess(Exception):
    """What was asked cannot be run faithfully in this process: use a real one."""


class LeftState(AssertionError):
    """``main`` returned and left the process changed (a stream, the environment, ...)."""


def _state() -> dict[str, object]:
    """What a command must leave as it found it, for ``main`` to be callable in-process."""
    return {
        "sys.stdin": sys.stdin,
        "sys.stdout": sys.stdout,
        "sys.stderr": sys.stderr,
        "the working directory": os.getcwd(),
        "the environment": dict(os.environ),
        "garbage collection": gc.isenabled(),
    }


def _interpreter_level(key: str) -> bool:
    return key.startswith("PYTHON") or key == "LANG" or key.startswith("LC_")


def _stream(errors: str) -> io.TextIOWrapper:
    return io.TextIOWrapper(
        tempfile.TemporaryFile(), encoding="utf-8", errors=errors, line_buffering=False
    )


def _read_back(stream: io.TextIOWrapper) -> str:
    """What a parent reading this as a pipe with ``text=True`` gets."""
    stream.flush()
    raw = cast("BinaryIO", stream.buffer)
    raw.seek(0)
    data = raw.read()
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _command(argv: list[str]) -> str | bool | None:
    """The command ``argv`` runs, or ``False`` if parsing stops first (an error, --help)."""
    with (
        open(os.devnull, "w") as sink,
        contextlib.redirect_stdout(sink),
        contextlib.redirect_stderr(sink),
    ):
        try:
            command: str | None = build_parser().parse_args(argv).command
        except SystemExit:
            return False
    return command


def layerscope(
    *args: str | os.PathLike[str],
    stdin: str | None = None,
    env: Mapping[str, str | None] | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``layerscope ARGS`` as ``subprocess.run([sys.executable, "-m", "layerscope", *args],
    capture_output=True, text=True, input=stdin, env={**os.environ, **env}, cwd=cwd)`` would
    run it, in this process. ``env`` values of ``None`` unset a variable.

    Raises :class:`NeedsAProcess` for what only a real process can show faithfully.
    """
    argv = [os.fspath(arg) for arg in args]
    env = dict(env or {})
    early = sorted(key for key in env if _interpreter_level(key))
    if early:
        raise NeedsAProcess(
            f"{', '.join(early)} take effect when the interpreter starts: "
            "run `python -m layerscope` in a real process (subprocess) for this"
        )
    if _command(argv) in PROCESS_COMMANDS:
        raise NeedsAProcess(
            f"`layerscope {' '.join(argv)}` starts the app or the server: "
            "run it in a real process (subprocess)"
        )
    stdout, stderr = _stream("surrogateescape"), _stream("backslashreplace")
    stdin_stream = io.TextIOWrapper(
        io.BytesIO((stdin or "").encode("utf-8", "surrogateescape")),
        encoding="utf-8",
        errors="surrogateescape",
    )
    saved: tuple[IO[str], IO[str], IO[str]] = (sys.stdin, sys.stdout, sys.stderr)
    try:
        with pytest.MonkeyPatch.context() as process:  # the environment and cwd come back
            for key, value in env.items():
                if value is None:
                    process.delenv(key, raising=False)
                else:
                    process.setenv(key, value)
            if cwd is not None:
                process.chdir(cwd)
            sys.stdin, sys.stdout, sys.stderr = stdin_stream, stdout, stderr
            before = _state()
            try:
                code = main(argv)
            except SystemExit as exit:
                code = _exit_status(exit.code, stderr)
            finally:
                after = _state()
                sys.stdin, sys.stdout, sys.stderr = saved
        left = [name for name in before if before[name] != after[name]]
        if left:
            raise LeftState(
                f"`layerscope {' '.join(argv)}`: main() returned with {', '.join(left)} "
                "changed; a second command in the same process would inherit it"
            )
        return subprocess.CompletedProcess(
            [sys.executable, "-m", "layerscope", *argv],
            code,
            _read_back(stdout),
            _read_back(stderr),
        )
    finally:
        for stream in (stdout, stderr, stdin_stream):
            stream.close()


def _exit_status(code: object, stderr: IO[str]) -> int:
    """The status Python exits with for ``SystemExit(code)``."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)
    return 1
