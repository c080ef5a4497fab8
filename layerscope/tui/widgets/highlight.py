"""Content builders for data text: literal, never markup, with the theme's colours."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from rich.text import Text
from textual.content import Content

from layerscope.analysis import Progression
from layerscope.model import OUTCOMES, Layer, Metric, Stack
from layerscope.report import glyphs as symbols

# Theme variables for outcomes; the symbol and word always carry the meaning as well.
OUTCOME_STYLE: dict[str, str] = {
    "solved": "$text-success",
    "mitigated": "$text-warning",
    "transferred": "$text-accent",
    "worsened": "$text-error",
    "unaddressed": "$text-muted",
}
VERDICT_STYLE: dict[str, str] = {
    "capability progression": "$text-success",
    "problem transfer": "$text-accent",
    "mixed": "$text-warning",
    "no data": "$text-muted",
}
MATCH_STYLE = "reverse"
"""Filter matches: reverse video reads without colour (NO_COLOR) too."""


def plain(text: str, style: str = "") -> Content:
    """Data text as content: shown literally, whatever brackets it holds."""
    return Content.styled(text, style) if style else Content(text)


def matcher(query: str) -> re.Pattern[str] | None:
    """A case-insensitive literal pattern for a filter, ``None`` for no filter."""
    query = query.strip()
    return re.compile(re.escape(query), re.IGNORECASE) if query else None


def marked(text: str, pattern: re.Pattern[str] | None, style: str = "") -> Content:
    """Data text with the filter's matches highlighted."""
    content = plain(text, style)
    if pattern is None:
        return content
    return content.highlight_regex(pattern, style=MATCH_STYLE)


def marked_text(text: str, pattern: re.Pattern[str] | None, style: str = "") -> Text:
    """Like :func:`marked`, as Rich text (for DataTable cells)."""
    result = Text(text, style=style, end="")
    if pattern is not None:
        result.highlight_regex(pattern, style=MATCH_STYLE)
    return result


def matches(pattern: re.Pattern[str] | None, *texts: str) -> bool:
    """Whether any of the texts matches the filter."""
    return pattern is not None and any(pattern.search(t) for t in texts if t)


def outcome(name: str, *, ascii: bool = False, word: bool = True) -> Content:
    """An outcome (or status) as symbol and word, e.g. ``✓ solved``."""
    label = symbols.labelled(name, ascii=ascii) if word else symbols.symbol(name, ascii=ascii)
    return Content.styled(label, OUTCOME_STYLE.get(name, ""))


def outcome_counts(counts: Mapping[str, int], *, ascii: bool = False) -> Content:
    """Counts per outcome, e.g. ``✓2 ◐1 ↪0 ✗0``; zeros are dimmed."""
    parts: list[Content] = []
    for name in OUTCOMES:
        number = counts.get(name, 0)
        style = OUTCOME_STYLE[name] if number else "$text-disabled"
        parts.append(Content.styled(f"{symbols.symbol(name, ascii=ascii)}{number}", style))
    return Content(" ").join(parts)


def verdict(result: Progression) -> Content:
    """A verdict with the numbers behind it, e.g. ``capability progression · 0.83 · 8%``."""
    score = result.score
    name = Content.styled(result.verdict, f"bold {VERDICT_STYLE[result.verdict]}")
    if not score.count:
        return name
    return Content.assemble(
        name,
        (f"  index {score.index:.2f}", "$text-muted"),
        (f" · transfer {score.transfer_share:.0%}", "$text-muted"),
    )


def layer_title(layer: Layer, pattern: re.Pattern[str] | None = None) -> Content:
    """``L2 Reasoning models`` with the label in bold."""
    return Content.assemble(
        marked(layer.display_label, pattern, "bold $text-accent"),
        " ",
        marked(layer.name, pattern, "bold"),
    )


def problem_name(stack: Stack, problem_id: str) -> str:
    """A problem's name, or its id when the stack does not define it."""
    problem = stack.problem(problem_id)
    return problem.name if problem else problem_id


def short_path(file: str | Path) -> str:
    """A path relative to the working directory when it is below it, else as given."""
    path = Path(file)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(file)


def join(parts: Iterable[Content], separator: str = ", ") -> Content:
    """Join content with a plain separator."""
    return Content(separator).join(list(parts))


def format_value(value: float | tuple[float, float]) -> str:
    """A metric value: a number, or a ``low–high`` range."""
    if isinstance(value, tuple):
        return f"{value[0]:g}–{value[1]:g}"
    return f"{value:g}"


def series_range(metric: Metric) -> Content:
    """``2 → 10 ops/s  2019 → 2021-06``: what a sparkline spans."""
    first, last = metric.series[0], metric.series[-1]
    unit = f" {metric.unit}" if metric.unit else ""
    return Content.assemble(
        plain(f"{first.value:g} → {last.value:g}{unit}"),
        (f"  {first.as_of} → {last.as_of}", "$text-muted"),
    )
