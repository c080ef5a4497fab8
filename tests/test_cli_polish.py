"""The command line's polish: help for everything, shell completion, forgiving VIEWs, a
clean ``list`` table, ``new`` on an existing file."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from cli_run import layerscope

from layerscope.catalog import SearchDir, load_catalog
from layerscope.cli import HelpFormatter, build_parser, main
from layerscope.cli.completion import SHELLS, candidates, script

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "fixtures" / "catalog"
BIN = Path(sys.executable).parent


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The command in this process, as a fresh process would run it (tests/cli_run.py)."""
    return layerscope(*args)


def builtin():  # type: ignore[no-untyped-def]
    from layerscope import paths

    return load_catalog([SearchDir(paths.builtin_data_dir(), "built-in")])


# --- help -----------------------------------------------------------------------------


def parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """The parser and every visible subcommand's parser."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            visible = {choice.dest for choice in action._choices_actions}
            for name, sub in action.choices.items():
                if name in visible:
                    yield from parsers(sub, (*path, name))


ALL_PARSERS = list(parsers(build_parser()))


def test_the_walk_reaches_every_command() -> None:
    names = {path[0] for path, _ in ALL_PARSERS if path}
    assert {"list", "show", "export", "new", "completion", "validate", "tui"} <= names
    assert "__complete" not in names


@pytest.mark.parametrize(
    ("path", "parser"), ALL_PARSERS, ids=[" ".join(p) or "layerscope" for p, _ in ALL_PARSERS]
)
def test_every_argument_has_help_and_shows_its_default(
    path: tuple[str, ...], parser: argparse.ArgumentParser
) -> None:
    assert parser.formatter_class is HelpFormatter
    formatter = parser._get_formatter()
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        name = "/".join(action.option_strings) or action.dest
        assert action.help and action.help is not argparse.SUPPRESS, f"{name}: no help"
        text = formatter._expand_help(action)
        flag = action.nargs == 0
        if action.default is not None and not flag and action.default != []:
            assert f"default: {action.default}" in text, f"{name}: {text!r}"


@pytest.mark.parametrize("command", sorted({p[0] for p, _ in ALL_PARSERS if p}))
def test_help_of_every_command(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit:
        main([command, "--help"])
    assert exit.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: layerscope {command}")


def test_list_help_names_the_default_format(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["list", "--help"])
    assert "(default: table)" in " ".join(capsys.readouterr().out.split())


# --- new ------------------------------------------------------------------------------


def test_new_on_an_existing_file_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("# mine\n")
    out = run("new", "mine", "--dir", tmp_path)
    assert out.returncode == 2, out.stderr
    assert "already exists" in out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout == ""
    assert target.read_text() == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.yaml"]


# --- completion -----------------------------------------------------------------------


@pytest.mark.parametrize("shell", SHELLS)
def test_completion_prints_each_shells_script(shell: str) -> None:
    out = run("completion", shell)
    assert out.returncode == 0, out.stderr
    assert out.stdout == script(shell)
    assert "layerscope __complete --" in out.stdout
    assert out.stderr == ""


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    out = run("completion", "tcsh")
    assert out.returncode == 2
    assert "invalid choice" in out.stderr


def test_the_bash_script_parses() -> None:
    checked = subprocess.run(
        ["bash", "-n"], input=script("bash"), capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_the_zsh_and_fish_scripts_parse(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"no {shell}")
    checked = subprocess.run(
        [shell, "-n"], input=script(shell), capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr


def test_zsh_offers_ids_and_falls_back_to_files() -> None:
    if shutil.which("zsh") is None:
        pytest.skip("no zsh")
    # compadd and _files stand in for zsh's completion system: what the function offers.
    program = (
        "compdef() { :; }\n"
        'compadd() { [[ $1 == -- ]] && shift; print -l -- "$@"; }\n'
        "_files() { print FILES; }\n"
        "source <(layerscope completion zsh)\n"
        "words=(layerscope show a); CURRENT=3; _layerscope; print -r -- ---\n"
        "words=(layerscope show ai/); CURRENT=3; _layerscope; print -r -- ---\n"
        "words=(layerscope validate ''); CURRENT=3; _layerscope\n"
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    stacks, layers, paths = out.stdout.split("---\n")
    assert stacks.split() == sorted(sid for sid in builtin().stacks if sid.startswith("a"))
    assert layers.split() == sorted(f"ai/{layer.id}" for layer in builtin().stack("ai").layers)
    assert paths.split() == ["FILES"]


def test_fish_completes_a_stack_id_and_layer_ids() -> None:
    if shutil.which("fish") is None:
        pytest.skip("no fish")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    program = (
        "layerscope completion fish | source\n"
        "complete -C'layerscope show a'\n"
        "echo ---\n"
        "complete -C'layerscope show ai/'\n"
    )
    out = subprocess.run(["fish", "-c", program], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    first, _, second = out.stdout.partition("---\n")
    stack = builtin().stack("ai")
    assert first.split() == sorted(sid for sid in builtin().stacks if sid.startswith("a"))
    assert second.split() == sorted(f"ai/{layer.id}" for layer in stack.layers)


def bash_complete(*words: str) -> list[str]:
    """What bash offers after ``layerscope WORD...`` (the last word is being completed)."""
    line = " ".join(f"'{w}'" for w in ("layerscope", *words))
    # The script is what `layerscope completion bash` prints (tested above; zsh and fish
    # source the command's output): one process per completion, the one the shell runs.
    program = (
        f"{script('bash')}\n"
        f"COMP_WORDS=({line}); COMP_CWORD={len(words)}\n"
        "_layerscope\n"
        "printf '%s\\n' \"${COMPREPLY[@]}\"\n"
    )
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}
    out = subprocess.run(
        ["bash", "-c", program], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return [line for line in out.stdout.splitlines() if line]


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_a_stack_id() -> None:
    found = bash_complete("show", "a")
    assert "ai" in found
    assert found == sorted(sid for sid in builtin().stacks if sid.startswith("a"))


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_layer_ids_commands_and_formats() -> None:
    stack = builtin().stack("crypto")
    assert bash_complete("show", "crypto/") == sorted(f"crypto/{la.id}" for la in stack.layers)
    assert "export" in bash_complete("ex")
    # bash splits --option=value at the '=' (COMP_WORDBREAKS)
    assert bash_complete("show", "ai", "--format", "=", "m") == ["md"]
    assert bash_complete("list", "--format", "=") == ["json", "table"]
    assert bash_complete("show", "--format", "=", "md", "cr") == ["crypto"]
    assert bash_complete("export", "compare", "ai", "--format", "") == sorted(
        ("text", "ansi", "md", "html", "svg", "json")
    )


@pytest.mark.skipif(shutil.which("bash") is None, reason="no bash")
def test_bash_completes_the_stacks_of_a_typed_data_dir() -> None:
    extra = sorted(load_catalog([SearchDir(FIXTURES, "--data")]).stacks)
    assert extra[0] not in builtin().stacks
    assert bash_complete("--data", str(FIXTURES), "show", extra[0][:2]) == [extra[0]]
    assert bash_complete("show", "--no-user-data", f"--data={FIXTURES}", extra[0]) == [extra[0]]
    assert bash_complete("show", extra[0][:2]) == []


def fixture_candidates(*words: str) -> list[str]:
    catalog = load_catalog([SearchDir(FIXTURES, "--data")])
    return candidates(build_parser(), words, lambda: catalog)


def test_candidates_from_the_parser_and_the_catalog() -> None:
    catalog = load_catalog([SearchDir(FIXTURES, "--data")])
    stacks = sorted(catalog.stacks)
    assert fixture_candidates("show", "") == stacks
    assert fixture_candidates("verdict", "") == stacks
    assert fixture_candidates("export", "compare", stacks[0], "") == stacks
    first = catalog.stack(stacks[0])
    layers = sorted(layer.id for layer in first.layers)
    assert fixture_candidates("export", "layer", first.id, "") == layers
    assert fixture_candidates("tui", f"{first.id}/") == [f"{first.id}/{la}" for la in layers]
    kinds = build_parser()._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    kind_action = next(a for a in kinds._actions if a.dest == "kind")
    assert fixture_candidates("export", "") == sorted(kind_action.choices or ())
    assert fixture_candidates("list", "--format", "") == ["json", "table"]
    assert fixture_candidates("completion", "") == sorted(SHELLS)
    assert fixture_candidates("show", "--as-") == ["--as-of"]
    assert "--data" in fixture_candidates("--")
    assert fixture_candidates("--data", str(FIXTURES), "sh") == ["show"]


def test_candidates_for_a_path_are_left_to_the_shell() -> None:
    assert fixture_candidates("export", "compare", "a", "b", "-o", "") == []
    assert fixture_candidates("validate", "") == []


def test_completion_is_not_loaded_by_an_export() -> None:
    body = (
        "import contextlib, io, sys\n"
        "from layerscope.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['export', 'compare', 'ai', 'crypto']) == 0\n"
        "print('layerscope.cli.completion' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", body], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip().splitlines()[-1] == "False"


# --- list -----------------------------------------------------------------------------


def test_list_has_no_trailing_spaces() -> None:
    out = run("--no-user-data", "--data", FIXTURES, "list")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].split() == ["id", "name", "layers", "verdict", "index", "transfer", "file"]
    assert len(lines) == 1 + len(load_catalog([SearchDir(FIXTURES, "--data")]).stacks) + len(
        builtin().stacks
    )
    for line in lines:
        assert line == line.rstrip(), repr(line)
    # The columns still line up: every row's file starts where the header's does.
    column = lines[0].index("file")
    assert all(line[column - 1] == " " and line[column] != " " for line in lines)


def test_list_on_a_terminal_has_no_trailing_spaces() -> None:
    import io

    from layerscope.cli.data import _print_table

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    rows = [
        {
            "id": "x",
            "name": "A name",
            "layers": 2,
            "verdict": "mixed",
            "progression_index": 0.5,
            "transfer_share": 0.25,
            "file": "/a/much/longer/path/x.yaml",
        },
        {
            "id": "y",
            "name": "B",
            "layers": 1,
            "verdict": "mixed",
            "progression_index": 0.5,
            "transfer_share": 0.0,
            "file": "/p.yaml",
        },
    ]
    _print_table(rows, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 3
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in lines]
    assert plain[2].endswith("/p.yaml")
    # No space at the end, not even before a closing escape sequence.
    assert all(re.search(r" (?:\x1b\[[0-9;]*m)*$", line) is None for line in lines), lines


# --- forgiving VIEWs ------------------------------------------------------------------


def fixture_catalog_only():  # type: ignore[no-untyped-def]
    return load_catalog([SearchDir(FIXTURES, "--data")])


@pytest.mark.parametrize(
    ("typed", "stacks", "layer"),
    [
        (["alpha/middle"], ("alpha",), "middle"),
        (["alpha/2"], ("alpha",), "middle"),  # a level number
        (["alpha/L3"], ("alpha",), "top"),  # the default label
        (["beta/b3"], ("beta",), "appchain"),  # a label in another case
        (["beta/4"], ("beta",), "appchain"),  # the level, not the label's digit
        (["ALPHA/Middle"], ("alpha",), "middle"),
        (["alpha/top agents"], ("alpha",), "top"),  # the layer's name
        (["ALPHA", "Beta"], ("alpha", "beta"), None),
        (["Alpha stack", "BETA STACK"], ("alpha", "beta"), None),  # names
        (["alpha"], ("alpha",), None),
        (["nothing"], ("nothing",), None),  # left for the catalog's lookup to report
        (["alpha/nothing"], ("alpha",), "nothing"),
    ],
)
def test_views_resolve_names_case_and_levels(
    typed: list[str], stacks: tuple[str, ...], layer: str | None
) -> None:
    from layerscope.cli.views import Views, parse_views, resolve_view, show_view

    catalog = fixture_catalog_only()
    assert parse_views(typed, catalog) == Views(stacks, layer)
    resolved = resolve_view(show_view(typed), catalog)
    assert (resolved.stacks, resolved.layer) == (stacks, layer)


def test_a_missing_level_lists_the_levels() -> None:
    from layerscope.cli.views import ViewError, parse_views

    catalog = fixture_catalog_only()
    with pytest.raises(ViewError) as err:
        parse_views(["beta/3"], catalog)
    for layer in catalog.stack("beta").layers:
        assert f"{layer.level} ({layer.id})" in str(err.value)


def fixtures_run(*args: str) -> subprocess.CompletedProcess[str]:
    return run("--no-user-data", "--data", FIXTURES, *args)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        (["show", "ALPHA/2"], ["show", "alpha/middle"]),
        (["show", "Alpha"], ["show", "alpha"]),
        (["show", "Beta stack", "ALPHA"], ["show", "beta", "alpha"]),
        (["export", "layer", "BETA", "4"], ["export", "layer", "beta", "appchain"]),
        (["export", "layer", "beta/B2"], ["export", "layer", "beta", "rollup"]),
        (["export", "drivers", "Alpha", "beta"], ["export", "drivers", "alpha", "beta"]),
    ],
)
def test_show_and_export_resolve_like_the_ids(typed: list[str], canonical: list[str]) -> None:
    want = fixtures_run(*canonical, "--format", "md")
    got = fixtures_run(*typed, "--format", "md")
    assert want.returncode == 0, want.stderr
    assert got.returncode == 0, got.stderr
    assert got.stdout == want.stdout


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("ALPHS", "did you mean 'alpha'?"),
        ("alphz", "did you mean 'alpha'?"),
        ("beta/3", "no layer at level 3"),
        ("beta/rolup", "did you mean 'rollup'?"),
    ],
)
def test_a_view_that_names_nothing_suggests_and_exits_2(typed: str, hint: str) -> None:
    out = fixtures_run("show", typed)
    assert out.returncode == 2
    assert hint in out.stderr
    assert out.stdout == ""
    assert "Traceback" not in out.stderr


def test_the_app_resolves_views_the_same_way() -> None:
    from layerscope.settings import Settings
    from layerscope.tui.launch import resolve_views

    catalog = fixture_catalog_only()
    assert resolve_views(["ALPHA/2"], catalog, Settings()).layer == ("alpha", "middle")
    assert resolve_views(["Beta stack", "Alpha"], catalog, Settings()).stacks == ("beta", "alpha")
