"""The command line contract: exit codes, stdout for results, stderr for errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import layerscope

from layerscope import paths
from layerscope.cli import main

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "catalog"
BAD = TESTS / "bad"
BAD_FILES = sorted(BAD.glob("*.yaml"))
STACK_FIELDS = {
    "id",
    "name",
    "short_name",
    "layers",
    "file",
    "verdict",
    "progression_index",
    "transfer_share",
}


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command in this process, as a fresh process would run it (tests/cli_run.py)."""
    return layerscope(*args)


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The real ``python -m layerscope`` in a fresh process (the home dir is the test's, by
    environment): kept where the process itself is under test."""
    return subprocess.run(
        [sys.executable, "-m", "layerscope", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def fixtures(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """A command over the fixture catalog only (plus the built-in data)."""
    return run("--no-user-data", "--data", FIXTURES, *args)


def no_traceback(out: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in out.stderr
    assert "Traceback" not in out.stdout


def stack_text(stack_id: str) -> str:
    return (
        f"schema_version: 1\nid: {stack_id}\nname: {stack_id}\nsummary: s\n"
        "layers:\n  - id: only\n    level: 1\n    name: Only\n    summary: s\n"
    )


# --- usage ----------------------------------------------------------------------------


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0
    assert out.stdout.strip() == "layerscope 0.1.0"


@pytest.mark.parametrize(
    "args",
    [["frobnicate"], ["list", "--format", "xml"], ["--bogus"], ["new"], ["serve", "--port", "x"]],
    ids=lambda a: " ".join(a),
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "usage:" in out.stderr
    no_traceback(out)


@pytest.mark.parametrize("command", ["list", "validate", "show ai", "export stack ai"])
def test_missing_data_dir_exits_2(tmp_path: Path, command: str) -> None:
    out = run("--data", tmp_path / "missing", *command.split())
    assert out.returncode == 2
    assert out.stdout == ""
    assert f"--data {tmp_path / 'missing'}: no such file or directory" in out.stderr
    no_traceback(out)


@pytest.mark.parametrize("args", [["show", "alpah"], ["export", "stack", "alpah"]])
def test_unknown_stack_exits_2_with_the_closest_match(args: list[str]) -> None:
    out = fixtures(*args)
    assert out.returncode == 2
    assert out.stdout == ""
    assert "alpah" in out.stderr
    assert "alpha" in out.stderr
    no_traceback(out)


# --- list -----------------------------------------------------------------------------


def test_list_table() -> None:
    out = process("--no-user-data", "--data", FIXTURES, "list")  # `python -m layerscope list`
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    header, *rows = out.stdout.splitlines()
    assert header.split()[:4] == ["id", "name", "layers", "verdict"]
    alpha = next(row for row in rows if row.startswith("alpha "))
    assert "capability progression" in alpha
    assert str(FIXTURES / "alpha.yaml") in out.stdout.replace("\n", "")


def test_list_json_fields() -> None:
    out = fixtures("list", "--format", "json")
    assert out.returncode == 0, out.stderr
    assert out.stderr == ""
    rows = {row["id"]: row for row in json.loads(out.stdout)}
    for row in rows.values():
        assert set(row) >= STACK_FIELDS  # and the verdict's fields (tests/test_verdict_cli.py)
    assert {key: rows["alpha"][key] for key in STACK_FIELDS} == {
        "id": "alpha",
        "name": "Alpha stack",
        "short_name": "Alpha",
        "layers": 3,
        "file": str(FIXTURES / "alpha.yaml"),
        "verdict": "capability progression",
        "progression_index": 0.875,
        "transfer_share": 0.0,
    }
    assert rows["beta"]["short_name"] is None
    assert rows["beta"]["verdict"] == "problem transfer"
    assert rows["beta"]["transfer_share"] == 0.667


def test_list_with_a_broken_file_lists_the_rest(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(stack_text("good"))
    (tmp_path / "broken.yaml").write_bytes((BAD / "unknown-key.yaml").read_bytes())
    out = run("--no-user-data", "--data", tmp_path, "list", "--format", "json")
    assert out.returncode == 1
    assert "good" in [row["id"] for row in json.loads(out.stdout)]
    assert f"{tmp_path / 'broken.yaml'}:10:5: error unknown-key:" in out.stderr
    no_traceback(out)


def test_data_is_repeatable_before_and_after_the_command(tmp_path: Path) -> None:
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / f"{name}.yaml").write_text(stack_text(name))
    out = run(
        "--data",
        tmp_path / "one",
        "--data",
        tmp_path / "two",
        "list",
        "--format",
        "json",
        "--data",
        tmp_path / "three",
    )
    assert out.returncode == 0, out.stderr
    assert {"one", "two", "three"} <= {row["id"] for row in json.loads(out.stdout)}


def test_layerscope_path_and_no_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "from-env.yaml").write_text(stack_text("from-env"))
    user = paths.user_data_dir()
    user.mkdir(parents=True)
    (user / "from-user.yaml").write_text(stack_text("from-user"))
    monkeypatch.setenv("LAYERSCOPE_PATH", str(tmp_path / "env"))
    ids = {row["id"] for row in json.loads(run("list", "--format", "json").stdout)}
    assert {"from-env", "from-user"} <= ids
    out = run("--no-user-data", "list", "--format", "json")
    ids = {row["id"] for row in json.loads(out.stdout)}
    assert not ids & {"from-env", "from-user"}
    out = run("list", "--no-user-data", "--format", "json")
    assert not {row["id"] for row in json.loads(out.stdout)} & {"from-env", "from-user"}


def test_override_across_dirs_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    (tmp_path / "alpha.yaml").write_text(stack_text("alpha"))
    out = run("--no-user-data", "--data", FIXTURES, "--data", tmp_path, "list", "--format", "json")
    assert out.returncode == 0
    rows = {row["id"]: row for row in json.loads(out.stdout)}
    assert rows["alpha"]["file"] == str(tmp_path / "alpha.yaml")
    out = run("--no-user-data", "--data", FIXTURES, "--data", tmp_path, "validate", "--strict")
    assert out.returncode == 1
    assert "warning override: id: stack 'alpha' replaces the one from" in out.stderr


# --- validate -------------------------------------------------------------------------


def test_validate_clean_files() -> None:
    out = process("validate", FIXTURES)  # `python -m layerscope validate` itself
    assert out.returncode == 0
    assert out.stderr == ""
    assert out.stdout == "3 file(s) checked: 0 error(s), 0 warning(s)\n"


def test_validate_everything_on_the_search_path() -> None:
    out = fixtures("validate", "--format", "json")
    assert out.returncode == 0, out.stdout
    checked = {Path(f["path"]) for f in json.loads(out.stdout)["files"]}
    assert {FIXTURES / "alpha.yaml", FIXTURES / "beta.yaml"} <= checked
    assert any(p.parent == paths.builtin_data_dir() for p in checked)


def test_validate_the_bad_corpus() -> None:
    out = run("validate", BAD)
    assert out.returncode == 1
    no_traceback(out)
    lines = out.stderr.splitlines()
    for path in BAD_FILES:
        assert any(line.startswith(f"{path}:") for line in lines), path.name
    for line in lines:
        location, severity_code, _ = line.split(": ", 2)
        file, line_no, column = location.rsplit(":", 2)
        assert Path(file).parent == BAD
        assert int(line_no) >= 1
        assert int(column) >= 1
        assert severity_code.split()[0] in ("error", "warning")
    assert out.stdout.startswith(f"{len(BAD_FILES)} file(s) checked: ")


@pytest.mark.parametrize("path", BAD_FILES, ids=[p.stem for p in BAD_FILES])
def test_validate_each_bad_file(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    warnings_only = first.startswith("# expect: warning") and "# expect: error" not in (
        path.read_text(encoding="utf-8")
    )
    code = main(["--no-user-data", "--data", str(FIXTURES), "validate", str(path)])
    out, err = capsys.readouterr()
    assert code == (0 if warnings_only else 1)
    assert err.startswith(f"{path}:")
    assert out.startswith("1 file(s) checked: ")


def test_validate_strict_fails_on_warnings() -> None:
    path = BAD / "weights.yaml"
    assert run("validate", path).returncode == 0
    out = run("validate", "--strict", path)
    assert out.returncode == 1
    assert "warning weights:" in out.stderr
    assert out.stdout == "1 file(s) checked: 0 error(s), 1 warning(s)\n"


def test_validate_json() -> None:
    out = run("validate", "--format", "json", BAD / "unknown-key.yaml", FIXTURES / "beta.yaml")
    assert out.returncode == 1
    assert out.stderr == ""
    payload = json.loads(out.stdout)
    assert set(payload) == {"files", "diagnostics", "errors", "warnings"}
    assert (payload["errors"], payload["warnings"]) == (2, 0)
    bad, good = payload["files"]
    assert (bad["path"], bad["ok"], good["ok"]) == (str(BAD / "unknown-key.yaml"), False, True)
    assert good["diagnostics"] == []
    assert payload["diagnostics"] == bad["diagnostics"]
    assert bad["diagnostics"][1] == {
        "file": str(BAD / "unknown-key.yaml"),
        "line": 10,
        "column": 5,
        "severity": "error",
        "code": "unknown-key",
        "where": "layers[0]",
        "message": "unknown key 'nmae' (did you mean 'name'?)",
    }
    clean = run("validate", "--format", "json", FIXTURES)
    assert clean.returncode == 0
    assert json.loads(clean.stdout)["errors"] == 0


def test_validate_missing_path() -> None:
    out = run("validate", TESTS / "no-such-file.yaml")
    assert out.returncode == 1
    assert "missing-file" in out.stderr
    no_traceback(out)


def test_validate_binary_and_oversized_files(tmp_path: Path) -> None:
    (tmp_path / "nul.yaml").write_bytes(b"\x00" * 10)
    (tmp_path / "latin.yaml").write_bytes(b"name: caf\xe9\n")
    (tmp_path / "big.yaml").write_bytes(b"#" * (4 * 1024 * 1024 + 1))
    (tmp_path / "empty.yaml").write_bytes(b"")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.yaml")
    out = run("validate", *sorted(tmp_path.iterdir()))
    assert out.returncode == 1
    no_traceback(out)
    codes = {line.split(": ")[1].split()[1] for line in out.stderr.splitlines()}
    assert {"nul-byte", "encoding", "too-large", "empty-file"} <= codes


def test_validate_unreadable_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "locked.yaml"
    path.write_text(stack_text("locked"))

    def refuse(self: Path, *args: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_bytes", refuse)  # chmod does not stop root
    monkeypatch.setattr(Path, "open", refuse)  # the loader reads a bounded amount
    assert main(["--no-user-data", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert err == f"{path}:1:1: error unreadable: cannot read the file: permission denied\n"
    assert out == "1 file(s) checked: 1 error(s), 0 warning(s)\n"


# --- schema, new, paths ---------------------------------------------------------------


def test_schema_to_stdout_and_to_a_file(tmp_path: Path) -> None:
    out = run("schema")
    assert out.returncode == 0
    assert json.loads(out.stdout)["title"] == "layerscope stack file"
    target = tmp_path / "stack.schema.json"
    written = run("schema", "-o", target)
    assert written.returncode == 0
    assert written.stdout == ""
    assert target.read_text() == out.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["stack.schema.json"]


def test_schema_into_a_missing_directory(tmp_path: Path) -> None:
    out = run("schema", "-o", tmp_path / "missing" / "s.json")
    assert out.returncode == 1
    assert out.stdout == ""
    assert "does not exist" in out.stderr
    no_traceback(out)


def test_new_writes_a_valid_starter_into_the_user_data_dir(isolated_home: Path) -> None:
    out = run("new", "my-stack", "--name", "My stack: a test")
    assert out.returncode == 0, out.stderr
    target = paths.user_data_dir() / "my-stack.yaml"
    assert out.stdout.strip() == str(target)
    assert target.is_relative_to(isolated_home)
    assert (target.parent / "stack.schema.json").is_file()
    check = run("validate", "--strict", target)
    assert check.returncode == 0, check.stderr
    assert check.stderr == ""
    listed = {row["id"]: row for row in json.loads(run("list", "--format", "json").stdout)}
    assert listed["my-stack"]["name"] == "My stack: a test"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert run("new", "mine", "--dir", tmp_path).returncode == 0
    target = tmp_path / "mine.yaml"
    target.write_text("# edited by hand\n")
    out = run("new", "mine", "--dir", tmp_path)
    assert out.returncode == 2  # a usage error: pick another id or --dir
    assert "already exists" in out.stderr
    assert out.stdout == ""
    assert target.read_text() == "# edited by hand\n"


@pytest.mark.parametrize("bad_id", ["My_Stack", "-x", "a" * 41, "../escape", "x\n", ""])
def test_new_rejects_a_bad_id(tmp_path: Path, bad_id: str) -> None:
    out = run("new", "--dir", tmp_path, "--", bad_id)
    assert out.returncode == 2
    assert "not a valid id" in out.stderr
    assert list(tmp_path.iterdir()) == []


def test_new_mentions_known_dimensions(tmp_path: Path) -> None:
    out = run("--no-user-data", "--data", FIXTURES, "new", "dims", "--dir", tmp_path)
    assert out.returncode == 0, out.stderr
    text = (tmp_path / "dims.yaml").read_text()
    assert "# layer-meaning: your answer" in text
    assert "# competes-on: your answer" in text


def test_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, isolated_home: Path) -> None:
    monkeypatch.setenv("LAYERSCOPE_PATH", str(tmp_path / "env"))
    out = run("--data", FIXTURES, "paths")
    assert out.returncode == 0
    assert out.stderr == ""
    text = out.stdout
    assert f"built-in data  {paths.builtin_data_dir()}\n" in text
    assert f"user data      {paths.user_data_dir()}\n" in text
    assert f"config file    {paths.config_file()}\n" in text
    assert str(paths.config_file()).startswith(str(isolated_home))
    search = text.split("search path (later overrides earlier):\n")[1].splitlines()
    assert [line.split()[0] for line in search] == ["built-in", "user", "LAYERSCOPE_PATH", "--data"]
    assert search[2].endswith("(missing)")
    assert search[3].endswith(str(FIXTURES))


def test_broken_pipe_is_quiet() -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the command writes
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "layerscope", "schema"],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert proc.returncode == 0
    assert proc.stderr == ""


def test_escape_sequences_from_arguments_never_reach_the_terminal(tmp_path: Path) -> None:
    out = run("new", "--dir", tmp_path, "--", "\x1b[2Jx")
    assert out.returncode == 2
    assert "\x1b" not in out.stderr
    assert "\\x1b[2Jx" in out.stderr
    weird = tmp_path / "a\x1b[31m.yaml"
    weird.write_bytes((BAD / "bad-id.yaml").read_bytes())
    out = run("validate", weird)
    assert out.returncode == 1
    assert "\x1b" not in out.stderr
    assert "a\\x1b[31m.yaml:7:9: error bad-id:" in out.stderr


def test_new_with_a_missing_data_dir_writes_nothing(tmp_path: Path) -> None:
    out = run("--data", tmp_path / "missing", "new", "x", "--dir", tmp_path / "out")
    assert out.returncode == 2
    assert not (tmp_path / "out").exists()


# -- the VIEW grammar (layerscope.cli.views): show, export, tui and serve parse it there ------


@pytest.mark.parametrize(
    ("views", "stacks", "layer"),
    [
        (["ai"], ("ai",), None),
        (["ai/reasoning"], ("ai",), "reasoning"),
        (["ai/L2"], ("ai",), "L2"),
        (["ai", "crypto", "network", "ai"], ("ai", "crypto", "network", "ai"), None),
        ([], (), None),
    ],
)
def test_views_name_stacks_or_one_layer(
    views: list[str], stacks: tuple[str, ...], layer: str | None
) -> None:
    from layerscope.cli.views import Views, parse_views

    assert parse_views(views) == Views(stacks, layer)


@pytest.mark.parametrize(
    ("views", "message"),
    [
        (["ai/reasoning", "crypto"], "'ai/reasoning' names a layer"),
        (["crypto", "ai/reasoning"], "'ai/reasoning' names a layer"),
        (["a", "b", "c", "d", "e"], "at most 4 stacks"),
        (["ai/"], "'ai/' is not a view"),
        (["/reasoning"], "'/reasoning' is not a view"),
    ],
)
def test_views_that_make_no_view(views: list[str], message: str) -> None:
    from layerscope.cli import UsageError
    from layerscope.cli.views import parse_views

    with pytest.raises(UsageError, match=message):
        parse_views(views)


def test_show_and_export_read_views_alike() -> None:
    from layerscope.cli.views import export_view, show_view
    from layerscope.report import View

    assert show_view(["ai"]) == export_view("stack", ["ai"]) == View("stack", ("ai",))
    assert (
        show_view(["ai/llm"])
        == export_view("layer", ["ai", "llm"])
        == View("layer", ("ai",), "llm")
    )
    assert export_view("layer", ["ai/llm"]) == show_view(["ai/llm"])
    assert show_view(["ai", "crypto"]) == export_view("compare", ["ai", "crypto"])
    assert export_view("flow", ["ai", "crypto"]) == View("flow", ("ai", "crypto"))


@pytest.mark.parametrize(
    ("kind", "args", "message"),
    [
        ("layer", ["ai"], "takes a stack and a layer"),
        ("layer", ["ai/"], "'ai/' is not a view"),
        ("compare", ["ai"], "takes 2 to 4 stacks, got 1"),
        ("nope", ["ai"], "unknown kind 'nope'"),
    ],
)
def test_export_arguments_that_make_no_view(kind: str, args: list[str], message: str) -> None:
    from layerscope.cli import UsageError
    from layerscope.cli.views import export_view

    with pytest.raises(UsageError, match=message):
        export_view(kind, args)


def test_the_app_reads_views_with_the_same_grammar(fixture_catalog) -> None:  # type: ignore[no-untyped-def]
    from layerscope.cli.views import ViewError
    from layerscope.settings import Settings
    from layerscope.tui.launch import resolve_views

    with pytest.raises(ViewError, match="'alpha/base' names a layer"):
        resolve_views(["beta", "alpha/base"], fixture_catalog, Settings())
    with pytest.raises(ViewError, match="'alpha/' is not a view"):
        resolve_views(["alpha/"], fixture_catalog, Settings())


# -- garbage collection at start-up (layerscope.cli.startup) ---------------------------------


def test_a_report_pauses_collection_only_while_it_runs(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    from layerscope.cli import startup

    seen: list[bool] = []
    real_pause = startup.pause

    def pause(**kw: bool) -> None:
        real_pause(**kw)
        seen.append(gc.isenabled())

    monkeypatch.setattr(startup, "pause", pause)
    assert main(["--data", str(FIXTURES), "--no-user-data", "export", "stack", "alpha"]) == 0
    assert seen == [False]  # paused while the report was built
    assert gc.isenabled()  # and collecting again once main returned (here: in-process)
    assert "alpha" in capsys.readouterr().out.lower()


def test_resume_freezes_only_when_asked_and_only_what_pause_paused() -> None:
    import gc

    from layerscope.cli import startup

    gc.disable()  # someone else's pause is left alone
    try:
        startup.pause(skip_exit_collection=False)
        startup.resume(freeze=True)
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()
    startup.pause(skip_exit_collection=False)
    assert not gc.isenabled()
    startup.resume(freeze=True)
    try:
        assert gc.isenabled() and gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
    startup.resume(freeze=True)  # nothing paused: nothing frozen
    assert gc.get_freeze_count() == 0
