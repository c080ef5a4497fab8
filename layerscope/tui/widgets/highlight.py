"""Data text as Textual content: document lines with their roles' styles, filter matches.

Everything a screen shows comes from a :class:`~layerscope.report.document.Document`;
this module only decides how each semantic role looks on screen, with the theme's
variables (``$outcome-solved``... are defined by the app for every theme). Text is always
literal: content is built from spans, never parsed as markup.
"""

from __future__ import annotations

import re
from pathlib import Path

from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content, Span
from textual.style import Style

from layerscope.report.document import STATUSES, Cell, Line

ROLE_STYLES: dict[str, str] = {
    "": "",
    "strong": "bold",
    "em": "italic",
    "dim": "$text-muted",
    "ref": "$text-muted",
    "url": "underline",
    "bar": "$text-primary",
    **{status: f"$outcome-{status}" for status in STATUSES},
}
"""Roles to theme styles: the look of every screen (exports have their own, in to_rich)."""
MATCH_STYLE = "reverse"
"""Filter matches: reverse video reads without colour (NO_COLOR) too."""


def line_content(text: Line, style: str = "") -> Content:
    """One document line as content, each span literal with its role's style.

    ``style`` applies to the whole line underneath the roles (``bold`` for a heading).
    """
    plain: list[str] = []
    spans: list[Span] = []
    if style:
        spans.append(Span(0, sum(len(span.text) for span in text), style))
    offset = 0
    for span in text:
        end = offset + len(span.text)
        if span.role and (role_style := ROLE_STYLES.get(span.role, "")):
            spans.append(Span(offset, end, role_style))
        if span.link:
            spans.append(Span(offset, end, Style(link=span.link)))
        plain.append(span.text)
        offset = end
    return Content("".join(plain), spans)


def cell_content(cell: Cell, style: str = "") -> Content:
    """The lines of a table cell or list item as one content, a line each."""
    return Content("\n").join(line_content(item, style) for item in cell)


def matcher(query: str) -> re.Pattern[str] | None:
    """A case-insensitive literal pattern for a filter, ``None`` for no filter."""
    query = query.strip()
    return re.compile(re.escape(query), re.IGNORECASE) if query else None


def mark(content: Content, pattern: re.Pattern[str] | None) -> Content:
    """``content`` with what matches ``pattern`` shown in :data:`MATCH_STYLE`."""
    if pattern is None:
        return content
    return content.highlight_regex(pattern, style=MATCH_STYLE)


def matches(pattern: re.Pattern[str] | None, *texts: str) -> bool:
    """Whether any of the texts matches the filter."""
    return pattern is not None and any(pattern.search(t) for t in texts if t)


def rich_text(content: Content, cache: dict[object, RichStyle] | None = None) -> Text:
    """``content`` as Rich text with the current theme's colours (for tables and trees).

    DataTable and Tree draw Rich text, which knows no theme variables: each style is
    resolved now, against the running app's theme. A muted colour (``auto 60%``: a blend
    with whatever lies below) becomes Rich's ``dim``, which means the same on any row.
    ``cache`` memoises the resolved styles over many calls.
    """
    text = Text(content.plain, end="")
    styles = cache if cache is not None else {}
    for span in content.spans:
        rich = styles.get(span.style)
        if rich is None:
            rich = styles[span.style] = _resolve(span.style)
        text.stylize(rich, span.start, span.end)
    return text


def rich_cell(cell: Cell, cache: dict[object, RichStyle], style: str = "") -> Text:
    """A table cell straight to Rich text: what ``rich_text(cell_content(cell))`` gives,
    at a fraction of the cost (a table of 500 rows makes thousands of cells)."""
    text = Text(end="")
    for n, item in enumerate(cell):
        if n:
            text.append("\n")
        for span in item:
            key = (span.role, span.link, style)
            rich = cache.get(key)
            if rich is None:
                rich = RichStyle.null()
                for part in (style, ROLE_STYLES.get(span.role, "")):
                    if part:
                        rich += _resolve(part)
                if span.link:
                    rich += RichStyle(link=span.link)
                cache[key] = rich
            text.append(span.text, rich or None)
    return text


def _resolve(style: str | Style) -> RichStyle:
    if isinstance(style, str):
        try:
            style = Style.parse(style)
        except Exception:  # an unknown variable: show the text unstyled rather than fail
            return RichStyle.null()
    foreground = style.foreground
    if foreground is not None and foreground.auto:
        return style.rich_style + RichStyle(color="default", dim=True)
    return style.rich_style


# -- links: never broken inside themselves ---------------------------------------------------


def fit_links(content: Content, width: int, ellipsis: str) -> Content:
    """``content`` with every link longer than ``width`` cells cut to ``width``, its end
    an ellipsis: wrapped, it would break inside itself. The cut text still links to the
    whole URL (OSC 8), and the detail panel shows it whole."""
    cuts = sorted(
        {
            (span.start, span.end, span.style)
            for span in content.spans
            if isinstance(span.style, Style) and span.style.link and span.end - span.start > width
        },
        key=lambda cut: cut[0],
        reverse=True,
    )
    done = -1
    for start, end, style in cuts:
        if done >= 0 and end > done:
            continue  # overlaps a cut already made
        keep = max(0, width - len(ellipsis))
        content = content[: start + keep] + Content.styled(ellipsis, style) + content[end:]
        done = start
    return content


def fit_text_links(
    text: Text, width: int, ellipsis: str, pattern: re.Pattern[str] | None = None
) -> Text:
    """:func:`fit_links` for Rich text (a table's cells).

    With a ``pattern`` whose first match in a link would be cut off, the link keeps the
    stretch around the match instead (an ellipsis each side): the filter's match shows.
    """
    cuts = sorted(
        {
            (span.start, span.end)
            for span in text.spans
            if isinstance(span.style, RichStyle)
            and span.style.link
            and span.end - span.start > width
        },
        reverse=True,
    )
    if not cuts:
        return text
    done = -1
    for start, end in cuts:
        if done >= 0 and end > done:
            continue
        keep = max(0, width - len(ellipsis))
        style = next(
            s.style for s in text.spans if s.start == start and isinstance(s.style, RichStyle)
        )
        found = pattern.search(text.plain, start, end) if pattern is not None else None
        if found is not None and found.end() > start + keep:
            room = max(0, width - 2 * len(ellipsis))
            begin = max(start, min(found.start(), end - room))
            cut = text[:start]
            cut.append(ellipsis, style)
            cut.append_text(text[begin : begin + room])
            if begin + room < end:
                cut.append(ellipsis, style)
        else:
            cut = text[: start + keep]
            cut.append(ellipsis, style)
        text = cut + text[end:]
        done = start
    return text


# -- small helpers for screens that do not show a document (issues, dialogs) ---------------


def marked_text(text: str, pattern: re.Pattern[str] | None, style: str = "") -> Text:
    """Data text as Rich text with the filter's matches marked (for DataTable cells)."""
    result = Text(text, style=style, end="")
    if pattern is not None:
        result.highlight_regex(pattern, style=MATCH_STYLE)
    return result


def short_path(file: str | Path) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    path = Path(file)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(file)
