"""The loader against bad input: the corpus in tests/bad/ and generated binary cases.

Each corpus file starts with ``# expect: SEVERITY CODE LINE[:COLUMN] [message part]``
lines, one per diagnostic the file must give, and it must give no others.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from layerscope.catalog import Catalog, SearchDir, load_catalog, load_paths
from layerscope.diagnostics import Diagnostic
from layerscope.load.loader import FileResult, load_bytes, load_file
from layerscope.load.reader import MAX_BYTES
from layerscope.model import MAX_LAYERS, Stack

BAD = Path(__file__).resolve().parent / "bad"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ALPHA = FIXTURES / "catalog" / "alpha.yaml"

_EXPECT = re.compile(r"# expect: (error|warning) (\S+) (\d+)(?::(\d+))?(?: (.*))?$")


@dataclass(frozen=True)
class Expected:
    severity: str
    code: str
    line: int
    column: int | None
    text: str

    def matches(self, d: Diagnostic) -> bool:
        return (
            d.severity == self.severity
            and d.code == self.code
            and d.line == self.line
            and (self.column is None or d.column == self.column)
            and self.text in d.message
        )


def expectations(path: Path) -> list[Expected]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _EXPECT.match(line)
        if match is None:
            break
        severity, code, number, column, text = match.groups()
        found.append(
            Expected(severity, code, int(number), int(column) if column else None, text or "")
        )
    return found


CORPUS = sorted(BAD.glob("*.yaml"))


def load_one(path: Path, fixture_catalog: Catalog) -> Catalog:
    """Load one file as `validate FILE` does, with the fixture dimensions known."""
    return load_paths([path], dimensions_from=fixture_catalog)


def test_corpus_is_there() -> None:
    assert len(CORPUS) >= 50
    for path in CORPUS:
        assert expectations(path), f"{path.name} has no '# expect:' line"


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_bad_file(path: Path, fixture_catalog: Catalog) -> None:
    expected = expectations(path)
    catalog = load_one(path, fixture_catalog)
    got = catalog.diagnostics
    unmatched = [e for e in expected if not any(e.matches(d) for d in got)]
    extra = [d for d in got if not any(e.matches(d) for e in expected)]
    shown = "\n".join(map(str, got))
    assert not unmatched, f"missing {unmatched}; got:\n{shown}"
    assert not extra, f"unexpected:\n{shown}"
    assert len(got) == len(expected), shown
    for d in got:
        assert d.file == str(path)
    (result,) = catalog.results
    errors = any(e.severity == "error" for e in expected)
    # A file with an error gives no record; warnings alone do not skip it.
    assert result.ok is not errors
    assert (result.record is None) is errors
    assert (path.stem in catalog.stacks) is not errors


def test_python_tag_never_runs(tmp_path: Path) -> None:
    target = tmp_path / "created-by-yaml"
    text = stack_text("evil").replace(
        "name: evil", f"name: !!python/object/apply:builtins.open [{str(target)!r}, 'w']"
    )
    # The control: PyYAML's unsafe loader would create the file...
    yaml.unsafe_load(text)
    assert target.exists()
    target.unlink()
    # ...layerscope reports the tag and creates nothing.
    result = load_bytes(text.encode(), tmp_path / "evil.yaml")
    assert not target.exists()
    assert [(d.code, d.line, d.column) for d in result.errors] == [("unsafe-tag", 3, 7)]
    assert result.record is None


def test_corpus_python_tag_runs_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = load_file(BAD / "python-tag.yaml")
    assert [d.code for d in result.errors] == ["unsafe-tag"]
    assert list(tmp_path.iterdir()) == []


# --- binary cases, generated -----------------------------------------------------------


def codes(result: FileResult) -> list[tuple[str, str, int, int]]:
    return [(d.severity, d.code, d.line, d.column) for d in result.diagnostics]


def test_empty_file(tmp_path: Path) -> None:
    for data in (b"", b"   \n\n", b"\xef\xbb\xbf"):
        path = tmp_path / "empty.yaml"
        path.write_bytes(data)
        assert codes(load_file(path)) == [("error", "empty-file", 1, 1)]


def test_nul_byte(tmp_path: Path) -> None:
    path = tmp_path / "nul.yaml"
    path.write_bytes(b"schema_version: 1\nid: a\x00b\n")
    assert codes(load_file(path)) == [("error", "nul-byte", 2, 6)]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("schema_version: 1\nname: Caf\u00e9\n".encode("latin-1"))
    result = load_file(path)
    assert codes(result) == [("error", "encoding", 2, 10)]
    assert "UTF-8" in result.diagnostics[0].message


def test_utf16_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_bytes("schema_version: 1\n".encode("utf-16"))
    result = load_file(path)
    assert [d.code for d in result.errors] == ["encoding"]  # said to be UTF-16, not "a NUL byte"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(ALPHA.read_bytes() + b"#" * MAX_BYTES)
    assert codes(load_file(path)) == [("error", "too-large", 1, 1)]
    # The bytes-level check holds too (used by live reload of unsaved data).
    assert codes(load_bytes(path.read_bytes(), path)) == [("error", "too-large", 1, 1)]


def test_just_under_the_limit_loads(tmp_path: Path) -> None:
    data = ALPHA.read_bytes()
    data += b"#" * (MAX_BYTES - len(data) - 1) + b"\n"
    path = tmp_path / "limit.yaml"
    path.write_bytes(data)
    assert len(data) == MAX_BYTES
    assert load_file(path).ok


def test_raw_control_characters_are_removed_with_a_warning(tmp_path: Path) -> None:
    text = ALPHA.read_text().replace("name: Alpha stack", "name: Alpha\x07 st\x1back\x85")
    # split("\n"): splitlines() would also break at U+0085.
    line = text.split("\n").index("name: Alpha\x07 st\x1back\x85") + 1
    path = tmp_path / "control.yaml"
    path.write_text(text, encoding="utf-8")
    result = load_file(path)
    assert codes(result) == [
        ("warning", "control-char", line, 12),
        ("warning", "control-char", line, 16),
        ("warning", "control-char", line, 20),
    ]
    assert result.ok
    assert isinstance(result.record, Stack)
    assert result.record.name == "Alpha stack"


def test_windows_line_endings_load_cleanly(tmp_path: Path) -> None:
    data = ALPHA.read_bytes().replace(b"\n", b"\r\n")
    result = load_bytes(data, tmp_path / "crlf.yaml")
    assert result.diagnostics == []
    assert isinstance(result.record, Stack)
    assert result.record.description == (
        "Fixture for tests. Three layers; most problems from below get solved.\n"
    )
    broken = data.replace(b"nmae", b"x").replace(b"    name: Middle tools", b"    nmae: x")
    [*_, unknown] = load_bytes(broken, tmp_path / "crlf.yaml").errors
    assert (unknown.code, unknown.line, unknown.column) == ("unknown-key", 45, 5)


def test_escaped_control_characters_are_removed(tmp_path: Path) -> None:
    text = ALPHA.read_text().replace("name: Alpha stack", 'name: "Alpha\\e[2J\\u2028 stack"')
    result = load_bytes(text.encode(), tmp_path / "esc.yaml")
    assert [(d.severity, d.code) for d in result.diagnostics] == [("warning", "control-char")]
    assert isinstance(result.record, Stack)
    assert result.record.name == "Alpha[2J stack"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_bytes(ALPHA.read_bytes())

    def refuse(self: Path, *args: object) -> bytes:
        raise PermissionError(13, "Permission denied", str(self))

    # A patched read: chmod 0 does not stop root, and tests may run as root.
    monkeypatch.setattr(Path, "read_bytes", refuse)
    monkeypatch.setattr(Path, "open", refuse)
    result = load_file(path)
    assert codes(result) == [("error", "unreadable", 1, 1)]
    assert "permission denied" in result.diagnostics[0].message.lower()


def test_not_a_regular_file(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("no FIFOs")
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result = load_file(fifo)  # must not block reading from the pipe
    assert [d.code for d in result.errors] == ["unreadable"]


def test_too_many_layers(tmp_path: Path) -> None:
    layers = "".join(
        f"  - id: l{i}\n    level: {i}\n    name: L{i}\n    summary: s\n"
        for i in range(MAX_LAYERS + 1)
    )
    text = f"schema_version: 1\nid: tall\nname: Tall\nsummary: s\nlayers:\n{layers}"
    result = load_bytes(text.encode(), tmp_path / "tall.yaml")
    assert codes(result) == [("error", "too-many-layers", 6, 3)]


def test_deep_nesting_is_a_diagnostic(tmp_path: Path) -> None:
    text = "schema_version: 1\nid: deep\nname: Deep\nsummary: s\ntags: " + "[" * 5000
    text += "]" * 5000 + "\nlayers: []\n"
    result = load_bytes(text.encode(), tmp_path / "deep.yaml")
    assert result.errors
    assert {d.code for d in result.errors} <= {"wrong-type", "no-layers", "yaml-syntax"}


# --- rules across a catalog -------------------------------------------------------------


def stack_text(stack_id: str, extra: str = "") -> str:
    return (
        f"schema_version: 1\nid: {stack_id}\nname: {stack_id}\nsummary: s\n"
        "layers:\n  - id: only\n    level: 1\n    name: Only\n    summary: s\n" + extra
    )


def test_duplicate_stack_id_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(stack_text("same"))
    (tmp_path / "b.yaml").write_text(stack_text("same"))
    catalog = load_paths([tmp_path])
    [error] = [d for d in catalog.diagnostics if d.is_error]
    assert (error.file, error.code, error.line, error.column) == (
        str(tmp_path / "b.yaml"),
        "duplicate-id",
        2,
        5,
    )
    assert str(tmp_path / "a.yaml") in error.message
    assert catalog.files["same"] == tmp_path / "a.yaml"
    assert [r.ok for r in catalog.results] == [True, False]


def test_bad_file_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    for source in (FIXTURES / "catalog").iterdir():
        (tmp_path / source.name).write_bytes(source.read_bytes())
    (tmp_path / "broken.yaml").write_bytes((BAD / "several-errors.yaml").read_bytes())
    (tmp_path / "binary.yaml").write_bytes(b"\x00\x01\x02")
    catalog = load_catalog([SearchDir(tmp_path, "--data")])
    assert sorted(catalog.stacks) == ["alpha", "beta"]
    assert {d.id for d in catalog.dimensions} == {"layer-meaning", "competes-on"}
    failed = {Path(r.path).name for r in catalog.results if not r.ok}
    assert failed == {"broken.yaml", "binary.yaml"}


def test_warnings_do_not_skip_a_file(tmp_path: Path, fixture_catalog: Catalog) -> None:
    catalog = load_paths([BAD / "weights.yaml", BAD / "orphan-problem.yaml"])
    assert sorted(catalog.stacks) == ["orphan-problem", "weights"]
    assert all(not d.is_error for d in catalog.diagnostics)
    assert Counter(d.code for d in catalog.diagnostics) == {"weights": 1, "orphan-problem": 1}


def test_weights_within_tolerance_are_fine(tmp_path: Path) -> None:
    drivers = (
        "drivers:\n  - {id: a, name: A, weight: 0.333}\n  - {id: b, name: B, weight: 0.333}\n"
        "  - {id: c, name: C, weight: 0.333}\n"
    )
    result = load_bytes(stack_text("w", drivers).encode(), tmp_path / "w.yaml")
    assert result.ok
    assert result.diagnostics == []
    over = drivers.replace("0.333}\n  - {id: c", "0.32}\n  - {id: c")
    result = load_bytes(stack_text("w", over).encode(), tmp_path / "w.yaml")
    assert [(d.code, d.severity) for d in result.diagnostics] == [("weights", "warning")]


def test_fixture_catalog_is_clean(fixture_catalog: Catalog) -> None:
    assert fixture_catalog.diagnostics == []
    assert sorted(fixture_catalog.stacks) == ["alpha", "beta"]


# --- YAML reading ---------------------------------------------------------------------


def test_yaml_1_1_booleans_and_dates_stay_strings(tmp_path: Path) -> None:
    extra = (
        'annotations:\n  "no": no\n  "on": on\n  "yes": yes\n'
        "  date: 2024-05-13\n  octal: '0755'\n"
    )
    result = load_bytes(stack_text("s", extra).encode(), tmp_path / "s.yaml")
    assert isinstance(result.record, Stack)
    assert result.record.annotations == {
        "no": "no",
        "on": "on",
        "yes": "yes",
        "date": "2024-05-13",
        "octal": "0755",
    }


def test_true_and_false_are_booleans(tmp_path: Path) -> None:
    metric = (
        "    metrics:\n      - {id: m, name: M, value: 1, as_of: '2025', source: s,"
        " higher_is_better: %s}\nsources: [{id: s, title: S}]\n"
    )
    text = stack_text("b").replace("sources:", "") + metric % "true"
    result = load_bytes(text.encode(), tmp_path / "b.yaml")
    assert isinstance(result.record, Stack)
    assert result.record.layers[0].metrics[0].higher_is_better is True
    result = load_bytes((stack_text("b") + metric % "yes").encode(), tmp_path / "b.yaml")
    assert [d.code for d in result.errors] == ["wrong-type"]


def test_message_format_matches_the_design(tmp_path: Path) -> None:
    result = load_file(BAD / "unknown-key.yaml")
    unknown = next(d for d in result.diagnostics if d.code == "unknown-key")
    assert str(unknown) == (
        f"{BAD / 'unknown-key.yaml'}:10:5: error unknown-key: layers[0]: "
        "unknown key 'nmae' (did you mean 'name'?)"
    )


def test_huge_numbers_do_not_crash(tmp_path: Path) -> None:
    text = stack_text("n").replace("level: 1", "level: " + "9" * 5000)
    result = load_bytes(text.encode(), tmp_path / "n.yaml")
    assert [d.code for d in result.errors] == ["bad-number"]  # "5000 digits", not "a str"


def test_long_values_are_clipped_in_messages(tmp_path: Path) -> None:
    text = stack_text("n").replace("level: 1", "level: " + "x" * 10_000)
    result = load_bytes(text.encode(), tmp_path / "n.yaml")
    [error] = result.errors
    assert error.code == "wrong-type"
    assert len(error.message) < 200
