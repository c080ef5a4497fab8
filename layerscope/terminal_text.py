"""Strings that are not data text, made safe to show: the one place that does it.

File names, paths, ids typed on the command line, environment values and exception
messages can hold anything a file system or a user allows: an escape sequence
(``ESC ] 52`` writes the clipboard, ``ESC [ 6n`` makes the terminal type into the shell),
a C1 control such as U+009B (a one-character ``ESC [``), a bidi control that reorders what
the reader sees, a zero-width character that hides a difference, or a byte that is not
UTF-8 (a lone surrogate from the file system, which would crash the write). Data text is
cleaned by the loader when it reads a file; these strings are cleaned here, when they are
shown:

- :func:`visible` for a terminal, a notification or a report: every character that is
  not printable becomes a visible escape (``\\x1b``, ``\\x9b``, ``\\u202e``); a byte
  that is not UTF-8 shows as the byte (``\\xff``).
- :func:`json_text` for JSON written with ``ensure_ascii=False`` or by ``msgspec``: the
  same characters as JSON ``\\u`` escapes, so the output holds no control character and a
  script reads back exactly the string that was escaped.

"Printable" is Python's :meth:`str.isprintable`: it excludes the C0 and C1 controls,
DEL, every format character (bidi controls U+202A-202E and U+2066-2069, U+200B-200F,
U+2060-2064, U+FEFF, U+00AD...), line and paragraph separators, private-use and
unassigned code points, surrogates and every space but the ASCII one.

Part of the headless core: no Textual, no Rich.
"""

from __future__ import annotations

import re

__all__ = ["json_text", "visible"]

_LINE_BREAKS = frozenset("\n\t")
_SURROGATE_BYTES = range(0xDC80, 0xDD00)
"""Python decodes a file name's bytes that are not UTF-8 as these (``surrogateescape``)."""


def _escape(char: str) -> str:
    code = ord(char)
    if code in _SURROGATE_BYTES:
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every character that is not printable shown as an escape.

    Args:
        text: A path, an id, an environment value, an exception message...
        lines: Keep newlines and tabs (a message of several lines); by default they are
            escaped too, so that a name cannot start a line of its own.
    """
    if text.isprintable():
        return text
    keep = _LINE_BREAKS if lines else frozenset()
    return "".join(c if c.isprintable() or c in keep else _escape(c) for c in text)


_CANDIDATES = re.compile(r"[^\n -~]+")
"""Runs of characters that may need escaping in JSON text (all but newline and ASCII)."""


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _json_run(match: re.Match[str]) -> str:
    run = match.group()
    if run.isprintable():
        return run
    return "".join(c if c.isprintable() else _json_escape(c) for c in run)


def json_text(text: str) -> str:
    """JSON text (as :func:`json.dumps` with ``ensure_ascii=False`` writes it) with every
    character that is not printable, but the newlines between its lines, as ``\\u`` escapes.

    Outside strings, JSON holds only ASCII and whitespace, so every such character is
    inside a string, where an escape means the same character: the JSON decodes to the
    same value.
    """
    return _CANDIDATES.sub(_json_run, text)
