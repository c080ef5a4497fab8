"""Rich renderables to text, ANSI, HTML and SVG.

Every format prints the renderable on a console of a fixed width that writes to memory, so
the output never depends on the terminal the command runs in — except that ANSI output
honours ``NO_COLOR`` (colours are dropped; bold and dim stay).
"""

from __future__ import annotations

import io
import os

from rich.console import Console, RenderableType
from rich.terminal_theme import DEFAULT_TERMINAL_THEME

HTML_TEMPLATE = """\
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="layerscope">
<title>{title}</title>
<style>
{{stylesheet}}
body {{{{
    color: {{foreground}};
    background-color: {{background}};
}}}}
pre {{{{ font-family: Menlo, 'DejaVu Sans Mono', Consolas, 'Courier New', monospace; }}}}
</style>
</head>
<body>
<pre><code style="font-family:inherit">{{code}}</code></pre>
</body>
</html>
"""


def _console(width: int, *, ansi: bool = False, record: bool = False) -> Console:
    return Console(
        file=io.StringIO(),
        width=width,
        height=25,
        record=record,
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
    console = _console(width)
    console.print(renderable)
    return _trim(_written(console))


def to_ansi(renderable: RenderableType, width: int) -> str:
    """Text with the standard 16-colour escape codes (none but bold/dim under NO_COLOR)."""
    console = _console(width, ansi=True)
    console.print(renderable)
    return _written(console)


def _written(console: Console) -> str:
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def to_html(renderable: RenderableType, width: int, title: str) -> str:
    """A standalone HTML document; Rich escapes every piece of text."""
    console = _console(width, record=True)
    console.print(renderable)
    import html

    # The template is formatted twice (here and by Rich): braces in the title are doubled.
    safe_title = html.escape(title).replace("{", "{{").replace("}", "}}")
    template = HTML_TEMPLATE.format(title=safe_title)
    return console.export_html(theme=DEFAULT_TERMINAL_THEME, code_format=template)


def to_svg(renderable: RenderableType, width: int, title: str) -> str:
    """An SVG picture of a terminal showing the report (its id derives from the content)."""
    console = _console(width, record=True)
    console.print(renderable)
    return console.export_svg(title=title)
