"""Random and mutated YAML never escapes the loader as anything but diagnostics."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from layerscope.diagnostics import Diagnostic
from layerscope.load.loader import FileResult, load_bytes
from layerscope.model import DimensionsFile, Stack

TESTS = Path(__file__).resolve().parent
SEEDS = [
    *sorted((TESTS / "fixtures" / "catalog").glob("*.yaml")),
    TESTS / "fixtures" / "markup" / "markup.yaml",
    TESTS / "bad" / "several-errors.yaml",
]
TEXTS = [path.read_text(encoding="utf-8") for path in SEEDS]

# Characters that break YAML in interesting ways, and bits of YAML that should never work.
INSERTS = [
    "\t",
    ":",
    ": ",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    ",",
    "#",
    "-",
    "- ",
    "? ",
    "|",
    ">",
    "\n",
    "&a ",
    "*a",
    "<<: *a\n",
    "!!python/object/apply:os.system ['true'] ",
    "!!str ",
    "!x ",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud7ff",
    "é",
    "9" * 30,
    "-1",
    ".nan",
    "~",
    "yes",
    "2024-02-30",
]

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def check(data: bytes) -> FileResult:
    """Load, and hold the result to the loader's contract."""
    result = load_bytes(data, Path("fuzz.yaml"))
    assert all(type(d) is Diagnostic for d in result.diagnostics)
    for d in result.diagnostics:
        assert d.line >= 1
        assert d.column >= 1
        assert d.severity in ("error", "warning")
        assert d.code
        assert d.message
        str(d)  # formats without error
    if result.errors:
        assert result.record is None
        assert not result.ok
    else:
        assert isinstance(result.record, Stack | DimensionsFile)
        assert result.ok
    return result


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A seed file with a few random edits."""
    text = draw(st.sampled_from(TEXTS))
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        edit = draw(
            st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "indent"])
        )
        if edit == "delete":
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "\n".join(lines)
        elif edit == "duplicate":
            i = draw(st.integers(0, len(lines) - 1))
            lines.insert(i, lines[i])
            text = "\n".join(lines)
        elif edit == "indent":
            i = draw(st.integers(0, len(lines) - 1))
            lines[i] = draw(st.sampled_from(["  ", " ", "\t", ""])) + lines[i].lstrip(" ")
            text = "\n".join(lines)
        elif edit == "swap" and len(text) > 1:
            i = draw(st.integers(0, len(text) - 2))
            text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        elif edit == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.sampled_from(INSERTS)) + text[i:]
        elif edit == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


@SETTINGS
@given(mutated())
def test_mutated_files_give_only_diagnostics(text: str) -> None:
    result = check(text.encode("utf-8"))
    lines = text.count("\n") + 1
    for d in result.diagnostics:
        if d.code != "too-large":
            assert d.line <= lines + 1, d


@SETTINGS
@given(st.text(alphabet=st.sampled_from([*"ab -:[]{}'\"#&*!|>?,\n\t\x01", "é"])))
def test_random_yaml_like_text_gives_only_diagnostics(text: str) -> None:
    check(text.encode("utf-8"))


@settings(max_examples=60, deadline=None)
@given(st.text())
def test_random_text_gives_only_diagnostics(text: str) -> None:
    check(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=60, deadline=None)
@given(st.binary())
def test_random_bytes_give_only_diagnostics(data: bytes) -> None:
    check(data)


def test_the_seeds_are_what_they_seem() -> None:
    # The mutations start from real files: valid ones and a file full of errors.
    assert check(SEEDS[0].read_bytes()).ok
    assert not check((TESTS / "bad" / "several-errors.yaml").read_bytes()).ok
