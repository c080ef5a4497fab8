"""Hostile names and broken streams: nothing but plain text reaches the terminal, and a
failure never turns into success.

A stack file's name, a directory in ``LAYERSCOPE_PATH``, an id typed on the command line
or an exception message can hold escape sequences (``ESC ] 52`` writes the clipboard,
``ESC [ 6n`` makes the terminal type), C1 controls (U+009B is a one-character ``ESC [``)
and bidi controls. Every output shows them as visible escapes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from layerscope.cli import main
from layerscope.terminal_text import json_text, visible

OSC52 = "\x1b]52;c;aGVsbG8=\x1b\\"
"""Writes "hello" to the clipboard."""
DSR = "\x1b[6n"
"""Makes the terminal answer (type) its cursor position."""
CSI = "\x9b"
"""A C1 control: ``ESC [`` in one character."""
RLO = "\u202e"
"""Right-to-left override: what follows reads backwards."""
HOSTILE = f"{OSC52}{DSR}{CSI}{RLO}\u200b"
CONTROLS = ("\x1b", "\x9b", "\x07", "\u202e", "\u200b")
"""None of these may reach an output."""

GOOD = (
    "schema_version: 1\nid: evil\nname: Evil stack\nsummary: s\n"
    "layers:\n  - id: only\n    level: 1\n    name: Only\n    summary: s\n"
)
BROKEN = "schema_version: 1\nid: [\n"


def clean(text: str) -> bool:
    """Whether ``text`` holds none of the hostile characters."""
    return not any(c in text for c in CONTROLS)


@pytest.fixture
def hostile_dir(tmp_path: Path) -> Path:
    """A directory with a valid and a broken stack file, both with hostile names."""
    directory = tmp_path / f"dir{HOSTILE}"
    directory.mkdir()
    (directory / f"evil{HOSTILE}.yaml").write_text(GOOD)
    (directory / f"broken{HOSTILE}.yaml").write_text(BROKEN)
    return directory


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


# -- the module ---------------------------------------------------------------------------


def test_visible_escapes_every_control() -> None:
    shown = visible(f"a{HOSTILE}\x7f\n\tb\udcff")
    assert clean(shown)
    assert shown.isprintable()
    assert shown == ("a\\x1b]52;c;aGVsbG8=\\x1b\\\\x1b[6n\\x9b\\u202e\\u200b\\x7f\\x0a\\x09b\\xff")
    assert visible("a\nb\tc\x1b", lines=True) == "a\nb\tc\\x1b"
    assert visible("plain ü ✓ path/x.yaml") == "plain ü ✓ path/x.yaml"


def test_json_text_escapes_c1_and_reads_back_the_same() -> None:
    value = {"file": f"/tmp/{HOSTILE}\x7f\U000e0001\udcff", "n": "ü ✓"}
    text = json_text(json.dumps(value, indent=2, ensure_ascii=False))
    assert clean(text)
    assert all(c.isprintable() or c == "\n" for c in text)
    assert json.loads(text) == value
    assert "ü ✓" in text  # printable text stays as it is


# -- the command line ---------------------------------------------------------------------


def test_list_shows_hostile_file_names_as_escapes(
    capsys: pytest.CaptureFixture[str], hostile_dir: Path
) -> None:
    code, out, err = cli(capsys, "--no-user-data", "--data", hostile_dir, "list")
    assert code == 1  # the broken file
    assert "evil" in out and "\\x1b]52" in out
    assert clean(out) and clean(err)
    assert "\\x9b" in err  # the broken file's diagnostic


def test_list_json_escapes_c1(capsys: pytest.CaptureFixture[str], hostile_dir: Path) -> None:
    code, out, err = cli(capsys, "--no-user-data", "--data", hostile_dir, "list", "--format=json")
    assert code == 1  # the broken file
    assert clean(out) and clean(err)
    rows = {row["id"]: row for row in json.loads(out)}
    assert rows["evil"]["file"] == str(hostile_dir / f"evil{HOSTILE}.yaml")  # read back as is


def test_validate_text_and_json(capsys: pytest.CaptureFixture[str], hostile_dir: Path) -> None:
    code, out, err = cli(capsys, "--no-user-data", "validate", hostile_dir)
    assert code == 1
    assert clean(out) and clean(err)
    code, out, err = cli(capsys, "--no-user-data", "validate", "--format", "json", hostile_dir)
    assert code == 1
    assert clean(out) and clean(err)
    files = {r["path"] for r in json.loads(out)["files"]}
    assert str(hostile_dir / f"broken{HOSTILE}.yaml") in files


def test_paths_escapes_layerscope_path(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, hostile_dir: Path
) -> None:
    monkeypatch.setenv("LAYERSCOPE_PATH", f"{hostile_dir}{os.pathsep}/nowhere{HOSTILE}")
    code, out, err = cli(capsys, "paths")
    assert code == 0
    assert clean(out) and clean(err)
    assert "nowhere\\x1b]52" in out


def test_usage_errors_escape_what_was_typed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "--no-user-data", "show", f"no{HOSTILE}")
    assert code == 2
    assert clean(out) and clean(err)
    with pytest.raises(SystemExit):
        main([f"cmd{HOSTILE}"])  # argparse: invalid choice
    out, err = capsys.readouterr()
    assert "invalid choice" in err
    assert clean(out) and clean(err)


def test_new_escapes_the_dir_it_names(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / f"d{HOSTILE}"
    code, out, err = cli(capsys, "--no-user-data", "new", "fresh", "--dir", target)
    assert code == 0
    assert clean(out) and clean(err)
    assert (target / "fresh.yaml").is_file()


# -- the app ------------------------------------------------------------------------------


async def test_app_notices_and_issues_screen(hostile_dir: Path) -> None:
    from test_tui_support import fixture_dirs, make_app, notices, screen_text
    from textual.widgets import DataTable

    from layerscope.tui.screens.issues import IssuesScreen

    app = make_app(fixture_dirs(hostile_dir))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        told = notices(app)
        assert any("broken" in str(n.title) for n in told)
        for notice in told:
            assert clean(str(notice.title)) and clean(str(notice.message))
        await pilot.press("exclamation_mark")
        await pilot.pause()
        assert isinstance(app.screen, IssuesScreen)
        table = app.screen.query_one(DataTable)
        cells = [cell.plain for i in range(table.row_count) for cell in table.get_row_at(i)]
        assert any("broken" in cell for cell in cells)
        assert all(clean(cell) for cell in cells)
        assert clean(screen_text(app))


async def test_export_dialog_messages_and_notice(tmp_path: Path) -> None:
    from test_tui_support import make_app, notices

    from layerscope.tui.dialogs.export import ConfirmOverwrite, ExportModal

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ExportModal)
        modal.path_input.value = str(tmp_path / f"no{HOSTILE}" / "out.md")
        await pilot.pause()
        modal.action_write()  # the directory does not exist
        await pilot.pause()
        assert "does not exist" in modal.error and "\\x1b]52" in modal.error
        assert clean(modal.error)
        existing = tmp_path / f"out{HOSTILE}.md"
        existing.write_text("old")
        modal.path_input.value = str(existing)
        await pilot.pause()
        modal.action_write()
        await pilot.pause()
        confirm = app.screen
        assert isinstance(confirm, ConfirmOverwrite)
        message = str(confirm.query_one("#confirm-message").content)  # type: ignore[attr-defined]
        assert "already exists" in message and clean(message)
        await pilot.press("y")
        await pilot.pause()
        assert existing.read_text() != "old"
        told = [n for n in notices(app) if n.title == "Export"]
        assert told and all(clean(str(n.message)) for n in told)


def test_document_json_escapes_c1_and_reads_back() -> None:
    from layerscope.report.document import Document, Para, line
    from layerscope.report.render.to_json import from_json, to_json

    doc = Document(path=f"stack x{CSI}{RLO}", blocks=(Para(lines=(line(f"a{RLO}\u200bb"),)),))
    text = to_json(doc)
    assert clean(text)
    assert all(c.isprintable() or c == "\n" for c in text)
    assert from_json(text) == doc


# -- closed and broken standard output -----------------------------------------------------


def _process(*args: str | Path, close_stdout: bool) -> tuple[int, str]:
    """Run the command; its stdout closed (``>&-``) or a pipe whose reader went away.

    Returns the exit status and stderr.
    """
    command = [sys.executable, "-m", "layerscope", "--no-user-data", *map(str, args)]
    if close_stdout:
        done = subprocess.run(
            command,
            stdout=None,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            preexec_fn=lambda: os.close(1),
        )
        return done.returncode, done.stderr
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.close()  # the reader is gone before anything is written (`| grep -q`)
        err = p.stderr.read()
        return p.wait(timeout=60), err


DATA_DIR = Path(__file__).resolve().parent / "fixtures" / "catalog"
CLOSED = [
    ["list"],
    ["list", "--format", "json"],
    ["paths"],
    ["schema"],
    ["validate"],
    ["show", "ai"],
    ["export", "stack", "ai"],
    ["verdict"],
    ["completion", "bash"],
    ["diff", DATA_DIR / "alpha.yaml", DATA_DIR / "beta.yaml"],
]


@pytest.mark.parametrize("args", CLOSED, ids=lambda a: " ".join(map(str, a)))
def test_a_closed_stdout_is_an_error_without_traceback(args: list[str]) -> None:
    code, err = _process(*args, close_stdout=True)
    assert "Traceback" not in err
    assert code == 1
    assert err.count("\n") == 1 and "standard output is closed" in err


def test_a_closed_stdout_is_no_error_when_nothing_is_written_to_it(tmp_path: Path) -> None:
    code, err = _process("export", "stack", "ai", "-o", tmp_path / "ai.md", close_stdout=True)
    assert (code, err) == (0, "")
    assert (tmp_path / "ai.md").read_text().startswith("# ")


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_validate_keeps_its_error_status_when_the_reader_goes_away(
    tmp_path: Path, fmt: str
) -> None:
    (tmp_path / "broken.yaml").write_text(BROKEN)
    code, err = _process("validate", "--format", fmt, tmp_path, close_stdout=False)
    assert "Traceback" not in err
    assert code == 1
    code, err = _process("validate", "--format", fmt, DATA_DIR, close_stdout=False)
    assert (code, "Traceback" in err) == (0, False)  # a clean check stays a success


def test_list_keeps_its_status_when_the_reader_goes_away(tmp_path: Path) -> None:
    code, err = _process("list", close_stdout=False)
    assert (code, err) == (0, "")
    (tmp_path / "broken.yaml").write_text(BROKEN)
    code, err = _process("--data", tmp_path, "list", close_stdout=False)
    assert code == 1 and "Traceback" not in err


# -- the app crashes -------------------------------------------------------------------------


def _crash_on_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app runs headless and raises as soon as its first frame is up."""
    from layerscope.tui import app as app_module

    run = app_module.LayerscopeApp.run
    monkeypatch.setattr(
        app_module.LayerscopeApp, "run", lambda self: run(self, headless=True, size=(80, 24))
    )

    def boom(self: object) -> None:
        raise RuntimeError(f"boom {HOSTILE}")

    monkeypatch.setattr(app_module.LayerscopeApp, "on_ready", boom)


def _tui_args() -> argparse.Namespace:
    return argparse.Namespace(views=[], data=[DATA_DIR], no_user_data=True)


def test_a_crash_exits_non_zero_with_a_short_message_and_a_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from layerscope.tui import launch

    _crash_on_start(monkeypatch)
    code = launch.run_tui(_tui_args())
    out, err = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in err and "Traceback" not in out
    assert len(err.splitlines()) == 2 and clean(err)
    assert "RuntimeError: boom" in err
    log = Path(err.split("details: ", 1)[1].strip())
    assert log.is_relative_to(Path(os.environ["XDG_STATE_HOME"]))
    text = log.read_text()
    assert "Traceback" in text and "RuntimeError: boom" in text and clean(text)


def test_a_crash_with_an_unwritable_log_dir(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from layerscope.tui import launch

    (tmp_path / "state").write_text("a file where the directory would be")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    _crash_on_start(monkeypatch)
    code = launch.run_tui(_tui_args())
    _, err = capsys.readouterr()
    assert code == 1
    assert "RuntimeError: boom" in err and "no log written" in err and clean(err)


# -- `new` with the id of a stack that exists ------------------------------------------------


def test_new_refuses_the_id_of_a_built_in_stack(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from layerscope import paths

    target = paths.user_data_dir() / "ai.yaml"
    code, out, err = cli(capsys, "new", "ai")
    assert code == 2 and out == ""
    assert "--force" in err and "ai" in err and len(err.splitlines()) == 1
    assert not target.exists()
    code, _, _ = cli(capsys, "list", "--format", "json")  # the built-in ai is still shown
    assert code == 0
    code, out, err = cli(capsys, "new", "ai", "--force")
    assert code == 0 and target.is_file()
    assert out.strip() == str(target)


def test_new_refuses_the_id_of_a_stack_in_a_data_dir(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = cli(capsys, "--data", DATA_DIR, "new", "alpha", "--dir", tmp_path)
    assert code == 2 and "alpha" in err and "--force" in err
    assert not (tmp_path / "alpha.yaml").exists()
    assert cli(capsys, "--data", DATA_DIR, "new", "gamma", "--dir", tmp_path)[0] == 0


def test_new_help_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["new", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--force" in out and "hides" in out


def test_diff_labels_show_hostile_file_names_as_escapes(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old = tmp_path / f"old{HOSTILE}.yaml"
    old.write_text(GOOD)
    new = tmp_path / "new.yaml"
    new.write_text(GOOD.replace("summary: s\nlayers", "summary: t\nlayers"))
    for fmt in ("text", "md", "json"):
        code, out, err = cli(capsys, "diff", "--format", fmt, old, new)
        assert code == 1, err  # different
        assert clean(out) and clean(err), fmt
        escape = "u001b" if fmt == "json" else "x1b"  # Markdown escapes the backslash
        assert escape in out, fmt


def test_tui_diff_labels_show_hostile_file_names_as_escapes(tmp_path: Path) -> None:
    from layerscope.tui.launch import read_editions

    old = tmp_path / f"old{HOSTILE}.yaml"
    old.write_text(GOOD)
    editions = read_editions(str(old), str(old))
    assert all(clean(label) for label in editions.labels)
