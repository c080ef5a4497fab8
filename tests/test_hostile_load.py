"""Hostile stack files: what the loader says about each, and that it says it clearly.

Bounded "did you mean" (a file of many unknown references), invisible characters (bidi
controls, zero-width characters), numbers the schema cannot show (NaN, infinities, huge
magnitudes), and messages that used to mislead (UTF-16, symbolic link loops, huge levels,
a far-future schema_version).
"""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

import pytest
import yaml
from generate import reference_stack

from layerscope.load.loader import FileResult, load_bytes, load_file
from layerscope.model import json_schema

FILE = Path("hostile.yaml")


def dump(data: object) -> bytes:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode("utf-8")


def load(text: str) -> FileResult:
    return load_bytes(text.encode("utf-8"), FILE)


def lines(result: FileResult) -> list[str]:
    return [str(d) for d in result.diagnostics]


STACK = """\
schema_version: 1
id: s
name: {name}
summary: one line
layers:
  - id: base
    level: {level}
    name: Base
    summary: the bottom
    metrics:
      - id: m
        name: M
        value: {value}
        as_of: "2025"
        source: a
        series: [{{as_of: "2024", value: {point}}}]
sources:
  - id: a
    title: A
"""


def stack(name: str = "Name", level: str = "1", value: str = "5", point: str = "4") -> str:
    return STACK.format(name=name, level=level, value=value, point=point)


def test_the_template_is_valid() -> None:
    result = load(stack())
    assert result.ok, lines(result)
    assert result.diagnostics == []


# --- item 3: "did you mean" is bounded ---------------------------------------------------


def hinted(result: FileResult) -> list[str]:
    return [d.message for d in result.diagnostics if "did you mean" in d.message]


def test_hints_for_unknown_references_are_capped_per_file() -> None:
    from layerscope.load.suggest import MAX_HINTS

    result = load_bytes(dump(reference_stack(MAX_HINTS + 100, unknown=True)), FILE)
    unknown = [d for d in result.errors if d.code == "unknown-problem"]
    assert len(unknown) == MAX_HINTS + 100  # every reference is still reported
    assert len(hinted(result)) == MAX_HINTS
    first = unknown[0]
    assert first.message == "no problem 'probelm-00000' (did you mean 'problem-00000'?)"


def test_a_hint_is_found_among_thousands_of_names() -> None:
    data = reference_stack(3000, unknown=False)
    data["layers"][5]["introduces"][7] = "problme-01507"  # a typo at the end
    data["layers"][6]["introduces"][9] = "rpoblem-01809"  # and at the start
    messages = [d.message for d in load_bytes(dump(data), FILE).errors]
    assert messages == [
        "no problem 'problme-01507' (did you mean 'problem-01507'?)",
        "no problem 'rpoblem-01809' (did you mean 'problem-01809'?)",
    ]


def test_hints_for_unknown_keys_are_capped_too() -> None:
    from layerscope.load.suggest import MAX_HINTS

    data = reference_stack(10, unknown=False)
    data["problems"] = [
        {"id": f"p{n}", f"name{n}": "x", "name": "x"} for n in range(MAX_HINTS + 50)
    ]
    result = load_bytes(dump(data), FILE)
    keys = [d for d in result.errors if d.code == "unknown-key"]
    assert len(keys) == MAX_HINTS + 50
    assert keys[0].message == "unknown key 'name0' (did you mean 'name'?)"
    assert len(hinted(result)) == MAX_HINTS


def test_a_word_looked_up_before_gets_the_same_hint_for_free() -> None:
    from layerscope.load.suggest import MAX_HINTS

    data = reference_stack(10, unknown=False)
    data["problems"] = [{"id": f"p{n}", "nmae": "x", "name": "x"} for n in range(MAX_HINTS + 50)]
    result = load_bytes(dump(data), FILE)
    assert len(hinted(result)) == MAX_HINTS + 50
    assert set(hinted(result)) == {"unknown key 'nmae' (did you mean 'name'?)"}


# --- item 5: bidi controls and zero-width characters --------------------------------------

INVISIBLE = [
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
    *map(chr, range(0x200B, 0x2010)),
    "\u061c",
    "\ufeff",
]


@pytest.mark.parametrize("char", INVISIBLE, ids=lambda c: f"U+{ord(c):04X}")
def test_an_invisible_character_is_removed_with_a_located_warning(char: str) -> None:
    result = load(stack(name=f"Ev{char}il"))
    assert result.ok, lines(result)
    assert result.record is not None and result.record.name == "Evil"
    (warning,) = result.diagnostics
    assert (warning.severity, warning.code, warning.line, warning.column) == (
        "warning",
        "invisible-char",
        3,
        9,
    )
    assert f"U+{ord(char):04X}" in warning.message
    assert unicodedata.name(char, "") in warning.message


def test_an_escaped_invisible_character_is_removed_too() -> None:
    result = load(stack(name='"ab\\u202Ecd"'))
    assert result.ok, lines(result)
    assert result.record is not None and result.record.name == "abcd"
    assert [(d.code, d.line, d.column) for d in result.diagnostics] == [("invisible-char", 3, 7)]


def test_an_invisible_character_in_a_key_is_removed() -> None:
    result = load(stack().replace("summary: one line", "sum\u200bmary: one line"))
    assert result.ok, lines(result)
    assert [d.code for d in result.diagnostics] == ["invisible-char"]


def test_a_leading_byte_order_mark_is_no_warning() -> None:
    result = load_bytes(b"\xef\xbb\xbf" + stack().encode("utf-8"), FILE)
    assert result.ok and result.diagnostics == []


def test_thousands_of_removed_characters_give_a_bounded_number_of_warnings() -> None:
    result = load(stack(name="a" + "\u202e" * 5000 + "\x07" * 5000 + "b"))
    assert result.ok, lines(result)[:3]
    assert result.record is not None and result.record.name == "ab"
    assert len(result.diagnostics) <= 50
    assert any("more" in d.message for d in result.diagnostics)


# --- item 6: the numbers the schema allows -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "point"),
    [
        (".nan", "4"),
        (".inf", "4"),
        ("-.inf", "4"),
        ("1e308", "4"),
        ("-1.0e+308", "4"),
        ("[.nan, .inf]", "4"),
        ("[0, 1e16]", "4"),
        ("5", ".nan"),
        ("5", "1e300"),
        ("5", "-.inf"),
        ("1" * 400, "4"),
    ],
)
def test_a_number_the_schema_cannot_show_is_a_located_error(value: str, point: str) -> None:
    result = load(stack(value=value, point=point))
    assert result.record is None
    errors = result.errors
    assert errors, lines(result)
    assert {d.code for d in errors} == {"bad-number"}, lines(result)
    assert all(d.line == (16 if point != "4" else 13) for d in errors), lines(result)
    assert all("finite" in d.message and "1e+15" in d.message for d in errors), lines(result)
    assert all(len(d.message) < 160 for d in errors)


@pytest.mark.parametrize("value", ["0", "-3.5", "1e15", "-1e15", "1e-300", "[-2, 1e15]"])
def test_numbers_in_range_are_valid(value: str) -> None:
    result = load(stack(value=value))
    assert result.ok, lines(result)


def test_the_json_schema_bounds_the_numbers() -> None:
    from layerscope.model import MAX_NUMBER

    defs = json_schema()["$defs"]
    point = defs["Point"]["properties"]["value"]
    assert point["maximum"] == MAX_NUMBER and point["minimum"] == -MAX_NUMBER
    text = json.dumps(defs["Metric"]["properties"]["value"])
    assert str(MAX_NUMBER) in text or f"{MAX_NUMBER:.0f}" in text
    level = defs["Layer"]["properties"]["level"]
    assert level["minimum"] == 0 and "maximum" in level


# --- item 15: messages that used to mislead ------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffschema_version: 1\n".encode("utf-16-le"),
        "\ufeffschema_version: 1\n".encode("utf-16-be"),
        "schema_version: 1\nid: a\n".encode("utf-16-le"),
        "schema_version: 1\nid: a\n".encode("utf-16-be"),
        "schema_version: 1\n".encode("utf-16"),
    ],
)
def test_a_utf16_file_is_called_utf16(data: bytes) -> None:
    result = load_bytes(data, FILE)
    (error,) = result.diagnostics
    assert error.code == "encoding"
    assert "UTF-16" in error.message and "save it as UTF-8" in error.message
    assert "NUL" not in error.message


def test_a_utf32_file_is_called_utf32() -> None:
    (error,) = load_bytes("schema_version: 1\n".encode("utf-32"), FILE).diagnostics
    assert error.code == "encoding" and "UTF-32" in error.message


def test_a_binary_file_is_still_a_nul_byte() -> None:
    (error,) = load_bytes(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00", FILE).diagnostics
    assert error.code == "nul-byte"


def test_a_symbolic_link_loop_is_called_one(tmp_path: Path) -> None:
    from layerscope.load.loader import unreadable

    loop = tmp_path / "loop.yaml"
    os.symlink(loop.name, loop)
    (error,) = load_file(loop).diagnostics
    assert error.code == "unreadable"
    assert "symbolic link loop" in error.message
    assert unreadable(loop) == "symbolic link loop"
    assert unreadable(tmp_path / "nothing.yaml") == "no such file or directory"
    assert unreadable(tmp_path) == "a directory, not a file"
    assert unreadable(tmp_path, directory=True) is None
    assert unreadable(loop, directory=True) == "symbolic link loop"
    assert unreadable(tmp_path / "nothing", directory=True) == "no such file or directory"
    (tmp_path / "file.yaml").write_text("x: 1\n")
    assert unreadable(tmp_path / "file.yaml", directory=True) == "not a directory"
    assert "not a directory" in str(unreadable(tmp_path / "file.yaml" / "x"))


def test_a_proc_file_is_read_up_to_the_limit() -> None:
    # /proc files say their size is 0; the read is bounded all the same.
    if not Path("/proc/self/status").exists():
        pytest.skip("no /proc")
    result = load_file(Path("/proc/self/status"))
    assert result.diagnostics, "a /proc file is no stack"
    assert all(d.code not in ("unreadable", "too-large") for d in result.diagnostics)


def test_a_five_thousand_digit_level_says_what_is_wrong() -> None:
    result = load(stack(level="9" * 5000))
    (error,) = result.errors
    assert error.code == "bad-number"
    assert "5000 digits" in error.message and "Expected" not in error.message
    assert len(error.message) < 160
    assert (error.line, error.column) == (7, 12)


def test_a_huge_level_is_out_of_range() -> None:
    result = load(stack(level="1" + "0" * 30))
    (error,) = result.errors
    assert error.code == "bad-number" and "at most" in error.message
    assert len(error.message) < 160


def test_a_far_future_schema_version_is_shown_short() -> None:
    result = load(stack().replace("schema_version: 1", "schema_version: " + "7" * 3000))
    (error,) = result.errors
    assert error.code == "future-version"
    assert len(error.message) < 160 and "upgrade layerscope" in error.message


# --- the benchmarks of item 3 ---------------------------------------------------------------


def test_the_reference_pair_differs_only_by_its_errors(tmp_path: Path) -> None:
    from generate import write_reference_pair

    clean, unknown = write_reference_pair(tmp_path, 50)
    assert clean.stat().st_size == unknown.stat().st_size
    assert load_file(clean).diagnostics == []
    codes = {d.code for d in load_file(unknown).diagnostics}
    assert codes == {"unknown-problem", "orphan-problem"}


def test_the_drivers_stack_is_valid(tmp_path: Path) -> None:
    from generate import write_drivers_stack

    result = load_file(write_drivers_stack(tmp_path, 40))
    assert result.ok and result.diagnostics == [], lines(result)
    assert result.record is not None
    assert sum(len(d.indicators) for d in result.record.drivers) == 40
