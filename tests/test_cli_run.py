"""The in-process runner of the command tests (tests/cli_run.py) gives what a process gives."""

from __future__ import annotations

import argparse
import gc
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import LeftState, NeedsAProcess, layerscope

from layerscope import cli

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "catalog"
BAD = TESTS / "bad"


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "layerscope", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "args",
    [
        ["--no-user-data", "--data", FIXTURES, "export", "compare", "alpha", "beta"],
        ["validate", BAD / "unknown-key.yaml", FIXTURES / "beta.yaml"],
        ["--no-user-data", "show", "nope"],
    ],
    ids=["export", "validate errors", "unknown stack"],
)
def test_the_same_as_a_process(args: list[str | Path]) -> None:
    real, here = process(*args), layerscope(*args)
    assert (here.returncode, here.stdout, here.stderr) == (
        real.returncode,
        real.stdout,
        real.stderr,
    )
    assert here.args == real.args == [sys.executable, "-m", "layerscope", *map(str, args)]


def test_a_usage_error_from_argparse_is_2_on_stderr() -> None:
    out = layerscope("list", "--format", "xml")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith("usage: layerscope list")
    assert "invalid choice: 'xml'" in out.stderr


def test_version_and_help_exit_0_on_stdout() -> None:
    out = layerscope("--version")
    assert (out.returncode, out.stdout, out.stderr) == (0, "layerscope 0.1.0\n", "")
    out = layerscope("validate", "--help")
    assert out.returncode == 0 and out.stdout.startswith("usage: layerscope validate")


def test_a_data_error_is_1_with_diagnostics_on_stderr() -> None:
    out = layerscope("validate", BAD / "unknown-key.yaml")
    assert out.returncode == 1
    assert out.stderr.startswith(f"{BAD / 'unknown-key.yaml'}:")
    assert out.stdout == "1 file(s) checked: 2 error(s), 0 warning(s)\n"


def test_a_system_exit_with_a_message_is_1_and_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def leave(args: argparse.Namespace) -> int:
        print("before")
        raise SystemExit("gone")

    monkeypatch.setitem(cli.COMMANDS, "paths", leave)
    out = layerscope("paths")
    assert (out.returncode, out.stdout, out.stderr) == (1, "before\n", "gone\n")
    monkeypatch.setitem(cli.COMMANDS, "paths", lambda args: sys.exit(None))
    assert layerscope("paths").returncode == 0
    monkeypatch.setitem(cli.COMMANDS, "paths", lambda args: sys.exit(3))
    assert layerscope("paths").returncode == 3


def test_the_streams_are_files_and_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def probe(args: argparse.Namespace) -> int:
        seen["tty"] = (sys.stdout.isatty(), sys.stderr.isatty(), os.isatty(sys.stdout.fileno()))
        seen["stdin"] = sys.stdin.read()
        sys.stdout.write("text\r\n")
        sys.stdout.flush()
        sys.stdout.buffer.write("bytes \xff\r".encode())
        sys.stderr.write("bad \udcff\n")
        return 0

    monkeypatch.setitem(cli.COMMANDS, "paths", probe)
    out = layerscope("paths", stdin="typed\n")
    assert seen == {"tty": (False, False, False), "stdin": "typed\n"}
    assert out.stdout == "text\nbytes \xff\n"  # universal newlines, as text=True reads
    assert out.stderr == "bad \\udcff\n"  # what Python's stderr does with a lone surrogate
    assert layerscope("paths").returncode == 0 and seen["stdin"] == ""


def test_the_environment_is_the_call_s_and_restored_after(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("NO_COLOR", "kept")
    monkeypatch.delenv("LAYERSCOPE_PATH", raising=False)
    out = layerscope("paths", env={"LAYERSCOPE_PATH": str(tmp_path), "NO_COLOR": None})
    assert str(tmp_path) in out.stdout
    assert "LAYERSCOPE_PATH" not in os.environ
    assert os.environ["NO_COLOR"] == "kept"


def test_the_environment_is_restored_after_an_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(args: argparse.Namespace) -> int:
        assert os.environ["NO_COLOR"] == "1"
        raise RuntimeError("boom")

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setitem(cli.COMMANDS, "paths", crash)
    streams, here = (sys.stdin, sys.stdout, sys.stderr), os.getcwd()
    with pytest.raises(RuntimeError, match="boom"):
        layerscope("paths", env={"NO_COLOR": "1"}, cwd=TESTS)
    assert "NO_COLOR" not in os.environ
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
    assert os.getcwd() == here


def test_cwd_is_the_call_s(tmp_path: Path) -> None:
    (tmp_path / "one.yaml").write_bytes((BAD / "unknown-key.yaml").read_bytes())
    here = os.getcwd()
    out = layerscope("validate", "one.yaml", cwd=tmp_path)
    assert out.returncode == 1
    assert out.stderr.startswith("one.yaml:")
    assert os.getcwd() == here


@pytest.mark.parametrize("key", ["PYTHONIOENCODING", "PYTHONUTF8", "LANG", "LC_ALL"])
def test_environment_read_at_interpreter_start_is_refused(key: str) -> None:
    with pytest.raises(NeedsAProcess, match=f"{key}.*real process"):
        layerscope("list", env={key: "ascii"})
    assert os.environ.get(key) != "ascii"


@pytest.mark.parametrize("args", [[], ["tui"], ["--data", "x", "tui", "ai"], ["serve"]])
def test_the_app_and_the_server_are_refused(args: list[str]) -> None:
    with pytest.raises(NeedsAProcess, match="real process"):
        layerscope(*args)


def test_a_usage_error_of_the_server_runs_here() -> None:
    out = layerscope("serve", "--port", "x")  # argparse stops it: nothing is started
    assert out.returncode == 2 and "invalid" in out.stderr


def _keeps_stdout(args: argparse.Namespace) -> int:
    sys.stdout = io.StringIO()
    return 0


def _sets_a_variable(args: argparse.Namespace) -> int:
    os.environ["LAYERSCOPE_LEFT"] = "1"
    return 0


def _stops_collection(args: argparse.Namespace) -> int:
    gc.disable()
    return 0


@pytest.mark.parametrize(
    ("command", "what"),
    [
        (_keeps_stdout, "sys.stdout"),
        (_sets_a_variable, "the environment"),
        (_stops_collection, "garbage collection"),
    ],
)
def test_a_command_that_leaves_the_process_changed_fails(
    monkeypatch: pytest.MonkeyPatch, command: object, what: str
) -> None:
    monkeypatch.setitem(cli.COMMANDS, "paths", command)
    streams = (sys.stdin, sys.stdout, sys.stderr)
    try:
        with pytest.raises(LeftState, match=what):
            layerscope("paths")
    finally:
        os.environ.pop("LAYERSCOPE_LEFT", None)
        gc.enable()
    assert (sys.stdin, sys.stdout, sys.stderr) == streams
