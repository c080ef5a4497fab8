"""``layerscope show`` and ``layerscope export``: the contract scripts rely on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import layerscope

from layerscope import atomic
from layerscope.cli import main

TESTS = Path(__file__).resolve().parent
CATALOG = TESTS / "fixtures" / "catalog"
SGR = re.compile(r"\x1b\[[0-9;]*m")
COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-7]|9[0-7]|38;)")


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``layerscope --no-user-data --data <fixtures> ARGS`` in this process, as a fresh
    process would run it (tests/cli_run.py)."""
    return layerscope("--no-user-data", "--data", CATALOG, *args, env=env)


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The same in a real ``python -m layerscope`` process."""
    return subprocess.run(
        [sys.executable, "-m", "layerscope", "--no-user-data", "--data", str(CATALOG)]
        + [str(arg) for arg in args],
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


# --- exit codes and messages -----------------------------------------------------------


def test_export_prints_the_report_on_stdout() -> None:
    out = process("export", "compare", "alpha", "beta")  # `python -m layerscope export`
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Compare: Alpha · Beta stack\n")
    assert "compare alpha beta · data as of Alpha 2026-01, Beta stack 2026-02" in out.stdout
    assert out.stderr == ""


@pytest.mark.parametrize(
    ("args", "wanted"),
    [
        (["export", "compare", "alpha", "gamma"], "unknown stack 'gamma'"),
        (["export", "stack", "alpah"], "unknown stack 'alpah' (did you mean 'alpha'?)"),
        (["export", "layer", "alpha", "midle"], "unknown layer of 'alpha' 'midle'"),
        (["show", "alpha/midle"], "(did you mean 'middle'?)"),
        (["show", "betta", "alpha"], "(did you mean 'beta'?)"),
    ],
)
def test_unknown_ids_are_usage_errors_with_the_closest_match(args: list[str], wanted: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    message = one_line_error(out)
    assert wanted in message
    assert "known: " in message
    assert out.stdout == ""


def test_unknown_layer_lists_the_layers_of_that_stack() -> None:
    message = one_line_error(run("export", "layer", "alpha", "nope"))
    assert message.endswith("known: base, middle, top")


@pytest.mark.parametrize(
    "args",
    [
        ["export", "compare", "alpha"],
        ["export", "compare", "alpha", "beta", "alpha", "beta", "alpha"],
        ["export", "stack", "alpha", "beta"],
        ["export", "layer", "alpha"],
        ["export", "layer", "alpha", "base", "top"],
        ["export", "drivers", "alpha", "beta", "alpha", "beta", "alpha"],
        ["export", "flow", "alpha", "beta", "alpha", "beta", "alpha"],
        ["show", "alpha", "beta", "alpha", "beta", "alpha"],
        ["show", "alpha/base", "beta"],
        ["export", "stack", "alpha", "--width", "5"],
    ],
)
def test_wrong_arguments_are_usage_errors(args: list[str]) -> None:
    out = run(*args)
    assert out.returncode == 2
    one_line_error(out)
    assert out.stdout == ""


def test_usage_error_messages_say_what_was_expected() -> None:
    assert "takes 2 to 4 stacks, got 1" in one_line_error(run("export", "compare", "alpha"))
    assert "takes 1 stack, got 2" in one_line_error(run("export", "stack", "alpha", "beta"))
    assert "'alpha/base' names a layer" in one_line_error(run("show", "alpha/base", "beta"))


@pytest.mark.parametrize(
    ("views", "heading"),
    [
        (["alpha"], "Layers, top to bottom (3)"),
        (["alpha/middle"], "Addresses"),
        (["alpha/L2"], "alpha/middle · data as of 2026-01"),
        (["alpha", "beta"], "Layers by level, top to bottom"),
        (["alpha", "beta", "alpha", "beta"], "compare alpha beta alpha beta"),
    ],
)
def test_show_picks_the_view_from_its_arguments(views: list[str], heading: str) -> None:
    out = run("show", *views)
    assert out.returncode == 0, out.stderr
    assert heading in out.stdout


def test_show_is_the_same_report_as_export() -> None:
    # `python -m layerscope show` itself, once.
    assert process("show", "alpha/base").stdout == run("export", "layer", "alpha", "base").stdout
    assert run("show", "alpha", "beta").stdout == run("export", "compare", "alpha", "beta").stdout


def test_layer_can_be_named_by_label() -> None:
    by_label = run("export", "layer", "beta", "B2")
    assert by_label.returncode == 0, by_label.stderr
    assert by_label.stdout == run("export", "layer", "beta", "rollup").stdout


# --- output files ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "start"),
    [
        ("report.txt", "Drivers: Alpha"),
        ("report.md", "# Drivers: Alpha"),
        ("report.html", "<!DOCTYPE html>"),
        ("report.htm", "<!DOCTYPE html>"),
        ("report.svg", "<svg "),
        ("report.ans", "\x1b["),
        ("report.json", '{\n  "path": "drivers alpha beta",'),
        ("report", "Drivers: Alpha"),
    ],
)
def test_output_format_follows_the_extension(tmp_path: Path, name: str, start: str) -> None:
    target = tmp_path / name
    out = run("export", "drivers", "alpha", "beta", "-o", target)
    assert out.returncode == 0, out.stderr
    assert out.stdout == ""
    assert target.read_text(encoding="utf-8").startswith(start)


@pytest.mark.parametrize("name", ["x.pdf", "report.out", "notes.MD.bak"])
def test_an_unknown_extension_is_refused(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    out = run("export", "drivers", "alpha", "beta", "-o", target)
    assert out.returncode == 2
    assert out.stdout == ""
    lines = out.stderr.splitlines()
    assert len(lines) == 1 and name in lines[0] and ".md" in lines[0]
    assert not target.exists()


def test_a_format_given_writes_any_extension(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    out = run("export", "drivers", "alpha", "beta", "--format", "md", "-o", target)
    assert out.returncode == 0, out.stderr
    assert target.read_text(encoding="utf-8").startswith("# Drivers: Alpha")


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (["show", "alpha", "beta", "--format", "json"], "compare alpha beta"),
        (["show", "alpha/middle", "--format", "json"], "alpha/middle"),
        (["export", "flow", "beta", "--format", "json"], "flow beta"),
    ],
)
def test_json_is_the_views_document(args: list[str], path: str) -> None:
    from layerscope.catalog import SearchDir, load_catalog
    from layerscope.report import View, build_document
    from layerscope.report.render.to_json import from_json

    out = run(*args)
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["path"] == path
    kinds = [block["type"] for block in data["blocks"]]
    assert kinds[0] == "title" and kinds[-1] == "footer", kinds
    # Read back, it is the very document the other formats render: ids and keys kept.
    catalog = load_catalog([SearchDir(CATALOG, "--data")])
    views = {
        "compare alpha beta": View("compare", ("alpha", "beta")),
        "alpha/middle": View("layer", ("alpha",), "middle"),
        "flow beta": View("flow", ("beta",)),
    }
    assert from_json(out.stdout) == build_document(views[path], catalog)
    keyed = [block for block in data["blocks"] if block["type"] in ("table", "tree")]
    assert keyed and all(block["key"] for block in keyed)


def test_format_option_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    assert run("export", "stack", "alpha", "--format", "md", "-o", target).returncode == 0
    assert target.read_text(encoding="utf-8").startswith("# Alpha stack")


def test_missing_directory_is_a_clean_data_error(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir" / "report.md"
    out = run("export", "stack", "alpha", "-o", target)
    assert out.returncode == 1
    assert one_line_error(out) == (
        f"layerscope: cannot write {target}: directory {target.parent} does not exist"
    )
    assert not target.parent.exists()


def test_a_directory_as_output_is_a_clean_data_error(tmp_path: Path) -> None:
    out = run("export", "stack", "alpha", "-o", tmp_path)
    assert out.returncode == 1
    assert "cannot write" in one_line_error(out)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_read_only_directory_is_a_clean_data_error(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        out = run("export", "stack", "alpha", "-o", locked / "report.txt")
    finally:
        locked.chmod(0o700)
    assert out.returncode == 1
    assert "permission denied" in one_line_error(out)


def test_permission_error_is_a_clean_data_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Root can write anywhere, so the permission error is made where the write happens.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refuse)
    target = tmp_path / "report.txt"
    code = main(
        ["--no-user-data", "--data", str(CATALOG), "export", "stack", "alpha", "-o", str(target)]
    )
    assert code == 1
    assert capsys.readouterr().err == f"layerscope: cannot write {target}: permission denied\n"


def test_failed_write_leaves_the_previous_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.md"
    target.write_text("previous report\n", encoding="utf-8")

    def crash(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", crash)
    code = main(
        ["--no-user-data", "--data", str(CATALOG), "export", "stack", "alpha", "-o", str(target)]
    )
    assert code == 1
    assert target.read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no temporary left


def test_failed_export_does_not_touch_the_output(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("previous report\n", encoding="utf-8")
    assert run("export", "stack", "nope", "-o", target).returncode == 2
    assert target.read_text(encoding="utf-8") == "previous report\n"


def test_export_replaces_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("previous report\n", encoding="utf-8")
    assert run("export", "flow", "beta", "-o", target).returncode == 0
    assert target.read_text(encoding="utf-8").startswith("Problem flow: Beta stack\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


# --- width, colour, ASCII --------------------------------------------------------------


def _widths(text: str) -> list[int]:
    return [len(line) for line in text.splitlines()]


@pytest.mark.parametrize("width", [40, 80, 100, 160])
def test_width_sets_the_line_length(width: int) -> None:
    out = run("export", "compare", "alpha", "beta", "--width", str(width))
    assert out.returncode == 0, out.stderr
    assert max(_widths(out.stdout)) == width  # the rules span the full width


def test_default_width_is_100_when_not_a_terminal() -> None:
    out = run("export", "stack", "alpha", env={"COLUMNS": "50"})
    assert max(_widths(out.stdout)) == 100


def test_text_has_no_escape_codes_and_ansi_has_colour() -> None:
    text = run("export", "flow", "alpha", "beta").stdout
    ansi = run("export", "flow", "alpha", "beta", "--format", "ansi").stdout
    assert "\x1b" not in text
    assert COLOUR.search(ansi)
    # The same characters, but for the padding Rich leaves at the ends of lines.
    assert [line.rstrip() for line in SGR.sub("", ansi).splitlines()] == text.splitlines()


def test_ansi_respects_no_color() -> None:
    ansi = run("export", "flow", "alpha", "beta", "--format", "ansi", env={"NO_COLOR": "1"}).stdout
    assert "\x1b[1m" in ansi  # bold stays: NO_COLOR is about colour
    assert not COLOUR.search(ansi)
    assert "✓ solved" in ansi  # the meaning is in the symbol and word


def test_ascii_output_uses_only_ascii() -> None:
    for args in (["compare", "alpha", "beta"], ["layer", "alpha", "base"], ["drivers", "alpha"]):
        out = run("export", *args, "--ascii")
        assert out.returncode == 0, out.stderr
        assert out.stdout.isascii(), [c for c in out.stdout if not c.isascii()][:5]
    assert "+ solved" in run("export", "flow", "alpha", "--ascii").stdout


# --- start-up -------------------------------------------------------------------------

PROBE = """
import json, sys
from layerscope.cli import main
for argv in json.loads(sys.argv[1]):
    code = main(argv)
    sys.stdout.flush()
    textual = sorted(m for m in sys.modules if m.split(".")[0] == "textual")
    print(code, "TEXTUAL:", textual, file=sys.stderr)
"""
"""Runs ``main`` on each command line given (a JSON list) in one fresh process and says,
after each, which Textual modules are imported so far."""


def probe(*commands: list[str], before: str = "") -> list[str]:
    """What :data:`PROBE` says after each command, run in one process."""
    out = subprocess.run(
        [sys.executable, "-c", before + PROBE, json.dumps(commands)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    return out.stderr.splitlines()


def test_show_and_export_never_import_textual(tmp_path: Path) -> None:
    data = ["--no-user-data", "--data", str(CATALOG)]
    commands = [[*data, "show", "alpha"]]
    for fmt in ("text", "ansi", "md", "html", "svg", "json"):
        export = [*data, "export", "compare", "alpha", "beta", "--format", fmt]
        commands += [export, [*export, "-o", str(tmp_path / f"out.{fmt}")]]
    said = probe(*commands)
    assert said == ["0 TEXTUAL: []"] * len(commands), list(zip(said, commands, strict=False))
    assert (tmp_path / "out.svg").read_text(encoding="utf-8").startswith("<svg ")


def test_the_textual_probe_can_see_textual() -> None:
    # The control for the test above: the probe notices Textual once it is imported.
    (said,) = probe(["--no-user-data", "paths"], before="import textual.app\n")
    assert "'textual'" in said


def _on_terminal(args: list[str], columns: int, env: dict[str, str]) -> str:
    """Run a command with stdout on a pseudo-terminal of the given width."""
    import fcntl
    import pty
    import struct
    import termios

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    clean = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "layerscope", "--no-user-data", "--data", str(CATALOG), *args],
        stdout=child_fd,
        stderr=subprocess.PIPE,
        env={**clean, **env},
    )
    os.close(child_fd)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(main_fd)
    assert proc.returncode == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_show_on_a_terminal_uses_its_width_and_colour() -> None:
    shown = _on_terminal(["show", "alpha", "beta"], 72, {})
    assert COLOUR.search(shown)
    assert max(_widths(SGR.sub("", shown))) == 72
    plain = _on_terminal(["show", "alpha", "beta"], 72, {"NO_COLOR": "1"})
    assert not COLOUR.search(plain)
    piped = _on_terminal(["show", "alpha", "beta", "--format", "text"], 72, {})
    assert "\x1b" not in piped
