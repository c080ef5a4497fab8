"""``--as-of``, ``export timeline`` and ``diff`` on the command line, and their golden reports.

Regenerate the golden files after an intended change with ``LAYERSCOPE_UPDATE_GOLDEN=1
pytest tests/test_time_cli.py`` and review the diff of ``tests/golden/time/`` like code.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cli_run import layerscope

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.cli import build_parser

TESTS = Path(__file__).resolve().parent
TIME = TESTS / "fixtures" / "time"
GAMMA = TIME / "gamma.yaml"
NEXT = TESTS / "fixtures" / "editions" / "gamma-next.yaml"
GOLDEN = TESTS / "golden" / "time"
UPDATE = os.environ.get("LAYERSCOPE_UPDATE_GOLDEN") == "1"
GIT = shutil.which("git")


def run(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``layerscope --no-user-data --data <time fixtures> ARGS`` in this process, as a fresh
    process would run it (tests/cli_run.py)."""
    env = {"GIT_CEILING_DIRECTORIES": str(cwd.parent) if cwd else ""}
    return layerscope("--no-user-data", "--data", TIME, *args, cwd=cwd, env=env)


def process(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The same in a real ``python -m layerscope`` process: for the app's command line, which
    the in-process runner refuses."""
    return subprocess.run(
        [sys.executable, "-m", "layerscope", "--no-user-data", "--data", str(TIME)]
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


# --- --as-of --------------------------------------------------------------------------


def test_show_as_of_a_date_says_so_and_what_it_left_out() -> None:
    out = run("show", "gamma", "--as-of", "2022")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "Gamma stack (gamma) as of 2022"
    # By the end of 2022: Peak (first launch 2023-07-04) is not there, its handling and P1
    # go with it; Speed reads 25 from its 2022-06 point; Opaque's handling has no date.
    assert " ".join(lines[2:4]) == (
        "As of 2022: not there yet: L3 Peak; 1 example launched later; 1 handling not known "
        "yet; 1 metric from its history; 1 undated handling kept."
    )
    # Solved and mitigated: (1 + 0.5) / 2, nothing transferred.
    assert "Verdict: capability progression · index 0.75 · transfer share 0% · 2 handlings" in (
        out.stdout
    )
    assert "L3 Peak" not in out.stdout.split("\n", 3)[3]
    assert "gamma · data as of 2022" in out.stdout


def test_show_layer_before_its_first_launch() -> None:
    out = run("show", "gamma/peak", "--as-of", "2023-06")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("L3 Peak as of 2023-06\n")
    assert "nothing was known then. Its first example launched 2023-07-04." in out.stdout


def test_a_date_before_every_record() -> None:
    out = run("export", "compare", "gamma", "delta", "--as-of", "2010")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Compare: Gamma · Delta as of 2010\n")
    assert "Gamma as of 2010: nothing was known then (first launch 2019-03-01)." in out.stdout
    assert "Delta as of 2010: nothing was known then (first launch 2018-05)." in out.stdout


def test_list_as_of_recomputes_the_verdicts() -> None:
    out = run("list", "--format", "json", "--as-of", "2023-12")
    assert out.returncode == 0, out.stderr
    rows = {row["id"]: row for row in json.loads(out.stdout)}
    # Gamma: all three layers; the transfer is dated 2024-02, so solved and mitigated only.
    assert (rows["gamma"]["layers"], rows["gamma"]["verdict"]) == (3, "capability progression")
    # Delta: its worsened handling is dated "2023", known by 2023-12-31.
    assert (rows["delta"]["layers"], rows["delta"]["verdict"]) == (2, "mixed")
    out = run("list", "--format", "json", "--as-of", "2023-06")
    rows = {row["id"]: row for row in json.loads(out.stdout)}
    assert (rows["delta"]["layers"], rows["delta"]["verdict"]) == (2, "no data")


@pytest.mark.parametrize(
    ("command", "date", "message"),
    [
        (["show", "gamma"], "2024-13", "there is no month 13"),
        (["export", "stack", "gamma"], "2024-02-30", "February 2024 has 29 days"),
        (["list"], "24-06", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        (["tui", "gamma"], "2024-00", "there is no month 0"),
        (["verdict", "gamma"], "2023-02-29", "February 2023 has 28 days"),
    ],
)
def test_a_bad_date_is_one_line_and_exit_2(command: list[str], date: str, message: str) -> None:
    out = (process if command[0] == "tui" else run)(*command, "--as-of", date)
    assert out.returncode == 2
    error = one_line_error(out)
    assert error.startswith(f"layerscope: --as-of: '{date}' is not a date: ")
    assert error.endswith(message)
    assert out.stdout == ""


def test_verdict_as_of_a_date() -> None:
    out = run("verdict", "gamma", "--as-of", "2023")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("Verdict: Gamma as of 2023\n")
    data = json.loads(run("verdict", "gamma", "--format", "json", "--as-of", "2023").stdout)
    assert data["as_of"] == "2023"
    (gamma,) = data["stacks"]
    # Peak's transfer is dated 2024-02: solved and mitigated remain.
    assert (gamma["verdict"], gamma["handlings"]) == ("capability progression", 2)


def test_verdict_history_rows() -> None:
    out = run("verdict", "gamma", "delta", "--format", "json", "--history")
    assert out.returncode == 0, out.stderr
    stacks = {s["id"]: s for s in json.loads(out.stdout)["stacks"]}
    # Gamma: Opaque's undated handling counts once Lift launches (2020-09-15), Slow's from
    # its evidence (2022-03), Costly's transfer from its evidence (2024-02).
    assert [
        (r["from"], r["handlings"], r["progression_index"], r["verdict"])
        for r in stacks["gamma"]["history"]
    ] == [
        ("2020-09-15", 1, 0.5, "mixed"),
        ("2022-03", 2, 0.75, "capability progression"),
        ("2024-02", 3, 0.5, "mixed"),
    ]
    assert [(r["from"], r["verdict"]) for r in stacks["delta"]["history"]] == [("2023", "mixed")]
    plain = json.loads(run("verdict", "gamma", "--format", "json").stdout)
    assert "history" not in plain["stacks"][0]


def test_tui_keeps_the_date_for_the_app() -> None:
    args = build_parser().parse_args(["tui", "ai", "--as-of", "2024-06"])
    assert args.as_of == "2024-06"
    assert build_parser().parse_args(["tui"]).as_of is None


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    from layerscope.catalog import search_path

    return load_catalog(search_path(user_data=False), cached=False)


def _views() -> list[tuple[str, ...]]:
    return [
        ("stack", "ai"),
        ("layer", "ai", "reasoning"),
        ("layer", "crypto", "app-chains"),
        ("compare", "ai", "crypto", "network"),
        ("drivers", "ai", "crypto"),
        ("flow", "crypto", "network"),
        ("timeline", "ai", "crypto", "network"),
        ("verdict", "ai", "crypto"),
    ]


@pytest.mark.parametrize("date", ["1900", "2010", "2024-06", "2025-12-31", "2100"])
@pytest.mark.parametrize("spec", _views(), ids="-".join)
def test_every_view_renders_as_of_any_date(
    shipped: Catalog, spec: tuple[str, ...], date: str
) -> None:
    from layerscope.report import View
    from layerscope.report.document import Title, plain
    from layerscope.report.views.timeline import as_of_document

    kind, *ids = spec
    layer = ids.pop() if kind == "layer" else None
    view = View(kind, tuple(ids), layer)  # type: ignore[arg-type]
    doc = as_of_document(view, shipped, date)
    title = doc.blocks[0]
    assert isinstance(title, Title)
    assert plain(title.text).endswith(f" as of {date}")
    from layerscope.cli.asof import render_document

    formats = ("text", "ansi", "md", "html", "svg", "json") if date == "2024-06" else ("text",)
    for fmt in formats:
        assert date in render_document(doc, fmt, 80, False)


# --- export timeline ------------------------------------------------------------------


def test_export_timeline_gives_first_launches_and_lags() -> None:
    out = run("export", "timeline", "gamma", "delta")
    assert out.returncode == 0, out.stderr
    text = out.stdout
    assert text.startswith("Timeline: Gamma · Delta\n")
    # Gamma: 2019-03-01 → 2020-09-15 → 2023-07-04; Delta: 2018-05 → 2021-06-01.
    assert re.search(
        r"\nGamma +L1 → L2 +18 months\n +L2 → L3 +34 months \(2 years 10 months\)\n", text
    )
    assert re.search(r"\nDelta +L1 → L2 +37 months \(3 years 1 month\)\n", text)
    assert re.search(r"\nL1 +2019-03-01 G1 +2018-05 D1\n", text)
    assert re.search(r"\nL3 +2023-07-04 P1 +— *\n", text)


def test_export_timeline_takes_one_to_four_stacks() -> None:
    out = run("export", "timeline", "gamma", "gamma", "gamma", "gamma", "gamma")
    assert out.returncode == 2
    assert "a timeline view takes 1 to 4 stacks, got 5" in one_line_error(out)


# --- diff -----------------------------------------------------------------------------


def test_diff_of_two_files() -> None:
    out = run("diff", GAMMA, NEXT)
    assert out.returncode == 1, out.stderr
    assert "~ changed L3 Peak · Costly: ↪ transferred → ◐ mitigated" in out.stdout
    assert "Verdict before: mixed · index 0.50 · transfer share 33% · 3 handlings" in out.stdout
    assert "Verdict after: capability progression · index 0.67" in out.stdout
    assert "~ renamed L2 Lift → Lift layer" in out.stdout
    assert "40 ops (2024-06) → 55 ops (2025-09)" in out.stdout
    same = run("diff", GAMMA, GAMMA)
    assert same.returncode == 0
    assert "No changes: the two editions are the same." in same.stdout


def test_diff_as_json() -> None:
    out = run("diff", GAMMA, NEXT, "--format", "json")
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["changes"] == 7 and not data["equal"] and data["same_stack"]
    assert data["verdict"]["before"]["verdict"] == "mixed"
    assert data["verdict"]["after"]["verdict"] == "capability progression"
    (handling,) = data["handlings"]
    assert (handling["old"]["outcome"], handling["new"]["outcome"]) == ("transferred", "mitigated")


def test_two_different_stacks_are_said() -> None:
    out = run("diff", GAMMA, TIME / "delta.yaml")
    assert out.returncode == 1
    assert out.stdout.startswith("Diff: Gamma stack → Delta stack\n")
    assert "Two different stacks: gamma and delta." in out.stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of ``stack.yaml``: gamma, then its next edition."""
    if GIT is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    git = [GIT, "-c", "user.name=Test", "-c", "user.email=test@example.org"]

    def commit(source: Path, message: str) -> None:
        shutil.copy(source, root / "stack.yaml")
        subprocess.run([*git, "add", "stack.yaml"], cwd=root, check=True)
        subprocess.run([*git, "commit", "-q", "-m", message], cwd=root, check=True)

    subprocess.run([GIT, "init", "-q"], cwd=root, check=True)
    commit(GAMMA, "first edition")
    commit(NEXT, "second edition")
    (root / "notes.txt").write_bytes(b"\x00\x01binary")
    shutil.copy(TESTS / "fixtures" / "catalog" / "dimensions.yaml", root / "dimensions.yaml")
    subprocess.run([*git, "add", "notes.txt", "dimensions.yaml"], cwd=root, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "more files"], cwd=root, check=True)
    return root


def test_diff_against_a_git_revision(repo: Path) -> None:
    out = run("diff", "HEAD~2:stack.yaml", "stack.yaml", cwd=repo)
    assert out.returncode == 1, out.stderr
    assert "old: HEAD~2:stack.yaml · new: stack.yaml" in out.stdout
    assert "7 changes" in out.stdout
    same = run("diff", "HEAD:stack.yaml", "stack.yaml", cwd=repo)
    assert same.returncode == 0, same.stderr
    assert "No changes" in same.stdout


@pytest.mark.parametrize(
    ("old", "message"),
    [
        ("HEAD~9:stack.yaml", "HEAD~9:stack.yaml: git knows no revision 'HEAD~9'"),
        ("HEAD:missing.yaml", "HEAD:missing.yaml: no file 'missing.yaml' in revision HEAD"),
        ("HEAD:notes.txt", "HEAD:notes.txt: a binary file, not a stack file"),
        ("HEAD:dimensions.yaml", "HEAD:dimensions.yaml: a dimensions file, not a stack file"),
        ("missing.yaml", "missing.yaml: no such file"),
        ("notes.txt", "notes.txt: a binary file, not a stack file"),
        ("-x:stack.yaml", "-x:stack.yaml: not a file, nor REV:PATH with a revision and a path"),
    ],
)
def test_diff_errors_are_one_line_and_exit_2(repo: Path, old: str, message: str) -> None:
    out = run("diff", "--", old, "stack.yaml", cwd=repo)
    assert out.returncode == 2
    assert one_line_error(out) == f"layerscope: {message}"
    assert out.stdout == ""


def test_diff_outside_a_repository(tmp_path: Path) -> None:
    shutil.copy(GAMMA, tmp_path / "stack.yaml")
    out = run("diff", "HEAD:stack.yaml", "stack.yaml", cwd=tmp_path)
    assert out.returncode == 2
    assert one_line_error(out) == (
        "layerscope: HEAD:stack.yaml: not inside a git repository (REV:PATH reads from git)"
    )


def test_diff_of_a_file_with_errors(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(GAMMA.read_text().replace("name: Ground", "nmae: Ground"))
    out = run("diff", broken, GAMMA)
    assert out.returncode == 2
    line = one_line_error(out)
    assert line.startswith(f"layerscope: not a valid stack file: {broken}:")
    # The first of the file's errors, and how many more there are.
    assert "error missing-field: layers[0]: missing required key 'name'" in line
    assert line.endswith("(and 1 more error(s))")


# --- golden reports -------------------------------------------------------------------

EXTENSION = {"text": "txt", "ansi": "ans", "md": "md", "html": "html", "svg": "svg", "json": "json"}
CASES = [
    *(("timeline", fmt, 100, False) for fmt in ("text", "ansi", "md", "html", "svg", "json")),
    ("timeline", "text", 80, False),
    ("timeline", "text", 100, True),
    *(("diff", fmt, 100, False) for fmt in ("text", "ansi", "md", "html", "svg", "json")),
    ("diff", "text", 80, False),
    ("diff", "text", 100, True),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([SearchDir(TIME, "--data")], cached=False)


def _render(kind: str, fmt: str, width: int, ascii: bool, catalog: Catalog) -> str:
    from layerscope.cli.asof import render_document
    from layerscope.cli.diff import read_stack
    from layerscope.report import View, build_document
    from layerscope.report.format import glyphs
    from layerscope.report.views.diff import diff_data, diff_document

    if kind == "timeline":
        doc = build_document(View("timeline", ("gamma", "delta")), catalog, ascii=ascii)
        return render_document(doc, fmt, width, ascii)
    old, new = (
        read_stack("tests/fixtures/time/gamma.yaml"),
        read_stack("tests/fixtures/editions/gamma-next.yaml"),
    )
    labels = ("gamma.yaml", "gamma-next.yaml")
    if fmt == "json":
        return json.dumps(diff_data(old, new, labels=labels), indent=2, ensure_ascii=False) + "\n"
    doc = diff_document(old, new, "diff gamma.yaml gamma-next.yaml", glyphs(ascii), labels=labels)
    return render_document(doc, fmt, width, ascii)


@pytest.mark.parametrize(("kind", "fmt", "width", "ascii"), CASES)
def test_golden(
    kind: str, fmt: str, width: int, ascii: bool, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(TESTS.parent)
    name = f"{kind}{'-ascii' if ascii else ''}{'-w80' if width == 80 else ''}.{EXTENSION[fmt]}"
    path = GOLDEN / name
    output = _render(kind, fmt, width, ascii, catalog)
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(output, "utf-8")
    expected = path.read_text("utf-8")
    if output != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), output.splitlines(True), str(path), "output", n=2
            )
        )
        pytest.fail(f"{name} differs from its golden file:\n{diff[:4000]}")
    if ascii:
        assert output.isascii()
