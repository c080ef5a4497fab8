"""Control and invisible characters: removed from a file's text, each removal warned about.

Control characters (other than tab and line breaks) would stop the YAML reader or move the
positions it reports; bidi controls and zero-width characters reorder or hide what a reader
sees, in the app and in every export. They are removed from the text before it is parsed
(:func:`strip_controls`) and from each string scalar (:func:`clean_scalar`), and
:class:`Removals` says so: the first :data:`LOCATED` of each kind one by one, the rest
counted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from layerscope.load.reader import Report

# Control characters other than tab and line breaks, plus the C1 range.
# NEL, LS and PS go too: libyaml counts them as line breaks, editors do not, and
# positions must match what the author sees.
# Bidi controls (embeddings, overrides, isolates, marks) and zero-width characters: they
# reorder or hide what a reader sees, in the app and in every export. A byte order mark
# opens a file harmlessly (decoding drops it); anywhere else it is one of these.
_INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff"
_RAW_CONTROL = re.compile(
    f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff{_INVISIBLE}]"
)
_SCALAR_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_SCALAR_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_IS_INVISIBLE = re.compile(f"[{_INVISIBLE}]").fullmatch
LOCATED = 20
"""Removed characters located one by one per file (of each kind); the rest are counted."""


def _character(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


class Removals:
    """Warnings about removed characters: the first :data:`LOCATED` of each kind one by
    one, then one warning that counts the rest (a file of a million of them gives a
    handful of diagnostics, not a million)."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.seen: dict[str, int] = {}
        self.first_unlisted: dict[str, tuple[int, int]] = {}

    def __call__(self, line: int, column: int, code: str, message: str) -> None:
        count = self.seen[code] = self.seen.get(code, 0) + 1
        if count <= LOCATED:
            self.report(line, column, "warning", code, message)
        elif count == LOCATED + 1:
            self.first_unlisted[code] = (line, column)

    def finish(self) -> None:
        """Count what was not located."""
        for code, (line, column) in self.first_unlisted.items():
            more = self.seen[code] - LOCATED
            what = "invisible characters" if code == "invisible-char" else "control characters"
            self.report(line, column, "warning", code, f"{more} more {what} removed from here on")


def strip_controls(text: str, removed: Removals) -> str:
    """Remove control characters the YAML reader would reject, and invisible ones (bidi
    controls, zero-width characters), with a warning each."""
    if not _RAW_CONTROL.search(text):
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines):
        if not _RAW_CONTROL.search(line):
            continue
        for match in _RAW_CONTROL.finditer(line):
            char = match.group()
            if _IS_INVISIBLE(char):
                code, message = "invisible-char", f"invisible character {_character(char)} removed"
            else:
                code, message = "control-char", f"control character U+{ord(char):04X} removed"
            removed(number + 1, match.start() + 1, code, message)
        lines[number] = _RAW_CONTROL.sub("", line)
    return "\n".join(lines)


def clean_scalar(value: str, mark: tuple[int, int], removed: Removals) -> str:
    """A string scalar without its control and invisible characters (each kind warned
    about once, at the scalar's position ``mark``)."""
    if _SCALAR_CONTROL.search(value):
        removed(*mark, "control-char", "control characters removed")
        value = _SCALAR_CONTROL.sub("", value)
    if _SCALAR_INVISIBLE.search(value):
        chars = sorted(set(_SCALAR_INVISIBLE.findall(value)))
        shown = ", ".join(_character(c) for c in chars[:3])
        removed(*mark, "invisible-char", f"invisible characters removed: {shown}")
        value = _SCALAR_INVISIBLE.sub("", value)
    return value
