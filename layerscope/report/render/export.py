"""Rich renderables to text and ANSI (and the console the SVG export lays text out on).

Every format prints the renderable on a console of a fixed width that writes to memory, so
the output never depends on the terminal the command runs in — except that ANSI output
honours ``NO_COLOR`` (colours are dropped; bold and dim stay).
"""

from __future__ import annotations

import io
import os

from rich.console import Console, RenderableType


def console(width: int, *, ansi: bool = False) -> Console:
    """A console of a fixed width that writes to memory (never the terminal)."""
    return Console(
        file=io.StringIO(),
        width=width,
        height=25,
        force_terminal=ansi,
        force_jupyter=False,
        force_interactive=False,
        color_system="standard" if ansi else None,
        no_color=bool(os.environ.get("NO_COLOR")) if ansi else False,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
        legacy_windows=False,
        tab_size=4,
    )


def _trim(text: str) -> str:
    """Without the padding Rich leaves at the end of lines."""
    return "\n".join(row.rstrip() for row in text.split("\n"))


def to_text(renderable: RenderableType, width: int) -> str:
    """Plain text: no escape codes at all."""
    out = console(width)
    out.print(renderable)
    return _trim(_written(out))


def to_ansi(renderable: RenderableType, width: int) -> str:
    """Text with the standard 16-colour escape codes (none but bold/dim under NO_COLOR)."""
    out = console(width, ansi=True)
    out.print(renderable)
    return _written(out)


def _written(out: Console) -> str:
    file = out.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()
