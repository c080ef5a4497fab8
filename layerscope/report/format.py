"""The one formatting module: glyphs, numbers, verdict lines, outcomes, charts.

Every view, and every screen of the app, formats through these functions, so a number, a
verdict or an outcome reads the same wherever it shows. Nothing here picks a colour: an
outcome is a :class:`~layerscope.report.document.Span` with a role, and each renderer maps
roles to its own styles.

:data:`ASCII` is pure ASCII and gives each glyph one meaning: ``+`` is only "solved", a
range reads ``3 to 5``, a sparkline rises ``,`` ``;`` ``!`` (no digits: they would read as
numbers), a bar is ``#`` and ``_``, a launch on a timeline lane is counted in digits.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import msgspec

from layerscope.analysis import Score
from layerscope.model import Layer, Metric, Point, Stack
from layerscope.report.document import STATUSES, Cell, Line, Role, Span, line
from layerscope.report.views.cite import Citations, footer

__all__ = [
    "ASCII",
    "BAR_WIDTH",
    "OUTCOMES",
    "UNICODE",
    "Citations",
    "Glyphs",
    "bar",
    "count",
    "date",
    "decimal",
    "footer",
    "glyphs",
    "index",
    "labelled",
    "layer_name",
    "metric_name",
    "number",
    "outcome",
    "problem_name",
    "problem_names",
    "quantity",
    "score_line",
    "score_numbers",
    "share",
    "spark",
    "sparkline",
    "stack_name",
    "symbol",
    "tally",
    "verdict_compact",
    "verdict_line",
]

BAR_WIDTH = 20
OUTCOMES: tuple[str, ...] = ("solved", "mitigated", "transferred", "worsened")
"""The outcomes of a handling, in the order tallies list them."""
_POSITION: dict[str, int] = {status: i for i, status in enumerate(STATUSES)}


class Glyphs(msgspec.Struct, frozen=True, kw_only=True):
    """Every character layerscope draws with, for the reports and the app's chrome.

    Lines (``sep``, ``rule``, ``tree_lines``) only draw; every other glyph stands for one
    thing. :data:`ASCII` has only ASCII characters.
    """

    ascii: bool
    statuses: tuple[str, str, str, str, str]
    """Symbols of solved, mitigated, transferred, worsened and unaddressed."""
    dash: str
    """Stands for "nothing here" (an empty slot, an unanswered dimension)."""
    sep: str
    """Between the facts of one line: ``mixed · index 0.50``."""
    range: str
    """Between the ends of a range: ``3–5 USD``, ``2019–2021``."""
    arrow: str
    """Between an old and a new value, a space each side: ``solved → mitigated``."""
    ellipsis: str
    """Where text is cut short or entries are hidden."""
    bullet: str
    spark: str
    """Sparkline levels, lowest first (also a metric's value on the timeline's axis)."""
    launch: str
    """A launch on a timeline lane (several in one cell show as a digit)."""
    crowd: str
    """A chart cell holding more than its mark can say: ten launches or more, or the
    points of several stacks."""
    track: str
    """The empty cells of a timeline lane (it only draws)."""
    bar_full: str
    bar_empty: str
    rule: str
    """The character of horizontal rules."""
    current: str
    """Marks the current card (selected level, current pane)."""
    selected: str
    """Marks the selected card of another pane."""
    pane: str
    """Marks the current pane's header."""
    sort_ascending: str
    sort_descending: str
    tree_collapsed: str
    """Before a tree entry whose entries are hidden (with its trailing space)."""
    tree_expanded: str
    """Before a tree entry whose entries show (with its trailing space)."""
    tree_lines: tuple[str, str, str, str]
    """Tree guides, two cells each: blank, vertical, last entry, other entry (Textual's
    order for ``Tree.LINES``)."""
    chosen: str = "(*)"
    """Marks the one choice made among several (a format, a theme)."""
    unchosen: str = "( )"
    """Marks a choice not made (as wide as :attr:`chosen`)."""
    checked: str = "[x]"
    """Marks an option that is on (a chosen stack, a switch)."""
    unchecked: str = "[ ]"
    """Marks an option that is off (as wide as :attr:`checked`)."""
    focus: str = "@"
    """Marks where the keys act in the widget that has the keyboard: the cursor's row of a
    focused table or list, the cursor's entry of a focused tree. The same meaning as
    :attr:`current` and :attr:`pane`, so the same glyph as one of them."""

    def symbol(self, status: str) -> str:
        """The symbol of an outcome or status; ``?`` for anything else."""
        position = _POSITION.get(status)
        return "?" if position is None else self.statuses[position]


UNICODE = Glyphs(
    ascii=False,
    statuses=("✓", "◐", "↪", "✗", "○"),
    dash="—",
    sep=" · ",
    range="–",
    arrow="→",
    ellipsis="…",
    bullet="•",
    spark="▁▂▃▄▅▆▇█",
    launch="●",
    crowd="+",
    track="·",
    bar_full="█",
    bar_empty="░",
    rule="─",
    current="█",
    selected="▌",
    pane="▸",
    sort_ascending="▲",
    sort_descending="▼",
    tree_collapsed="▶ ",
    tree_expanded="▼ ",
    tree_lines=("  ", "│ ", "└─", "├─"),
    chosen="(•)",
    focus="▸",
)
ASCII = Glyphs(
    ascii=True,
    statuses=("+", "~", ">", "x", "o"),
    dash="-",
    sep=" | ",
    range=" to ",
    arrow="becomes",
    ellipsis="...",
    bullet="*",
    # Low to high by where the ink stands and how much of it there is.
    spark=",;!",
    launch="1",
    crowd="&",
    track=".",
    bar_full="#",
    bar_empty="_",
    rule="-",
    current="@",
    selected=":",
    pane="@",
    sort_ascending="^",
    sort_descending="v",
    # A closed entry is folded flat; an open one runs down into its guides.
    tree_collapsed="= ",
    tree_expanded="| ",
    tree_lines=("  ", "| ", "`-", "|-"),
)


def glyphs(ascii: bool) -> Glyphs:
    """The glyph set for a report or a screen."""
    return ASCII if ascii else UNICODE


# --- numbers -------------------------------------------------------------------------


def number(value: float) -> str:
    """A number as people write it: ``10``, ``9.3``, ``10,000``, ``1,250,000``, ``0.0123``;
    below 0.0001 in magnitude, with an exponent: ``1.5e-09``."""
    if not math.isfinite(value):
        return str(value)
    if value and abs(value) < 1e-4:
        return f"{value:.3g}"  # 1e-300 written out takes 302 characters
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    digits = max(0, 3 - math.floor(math.log10(abs(value))))
    text = f"{value:,.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def quantity(value: float | tuple[float, float], unit: str, g: Glyphs) -> str:
    """A value or ``[low, high]`` range with its unit: ``9.3%``, ``3–5 USD``."""
    if isinstance(value, tuple):
        text = f"{number(value[0])}{g.range}{number(value[1])}"
    else:
        text = number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def decimal(value: float, places: int = 2) -> str:
    """A number with a fixed count of decimals (a driver's weight: ``0.70``)."""
    return f"{value:.{places}f}"


def index(value: float) -> str:
    """A progression index: ``0.83``."""
    return decimal(value, 2)


def share(value: float) -> str:
    """A share as a whole percentage: ``25%``."""
    return f"{value:.0%}"


def date(value: str | None, g: Glyphs) -> str:
    """A date as the data gives it (``2024``, ``2024-05``, ``2024-05-13``), or a dash."""
    return value or g.dash


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 handling``, ``3 handlings``, ``2 new problems``."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def more(n: int, g: Glyphs) -> str:
    """Says that ``n`` entries do not show where a list is cut short: ``… 3 more``."""
    return f"{g.ellipsis} {n} more"


# --- verdicts and outcomes -----------------------------------------------------------


def score_numbers(result: Score, g: Glyphs) -> str:
    """The numbers behind a verdict: ``index 0.50 · transfer share 0% · 3 handlings``."""
    if result.count == 0:
        return "no handlings recorded"
    return (
        f"index {index(result.index)}{g.sep}transfer share {share(result.transfer_share)}"
        f"{g.sep}{count(result.count, 'handling')}"
    )


def verdict_line(result: Score, g: Glyphs) -> Line:
    """The verdict with its numbers on one line: ``mixed · index 0.50 · ...``."""
    return line(Span(result.verdict, "strong"), g.sep, score_numbers(result, g))


score_line = verdict_line
"""The name :func:`verdict_line` had first."""


def verdict_compact(result: Score, g: Glyphs) -> Cell:
    """The verdict and, on a second line, its numbers: for narrow places."""
    return (line(Span(result.verdict, "strong")), line(Span(score_numbers(result, g), "dim")))


_ROLES: dict[str, Role] = {status: status for status in STATUSES}


def outcome(status: str, g: Glyphs) -> Span:
    """An outcome or status as symbol and word, e.g. ``✓ solved``; its role is the outcome."""
    return Span(f"{g.symbol(status)} {status}", _ROLES.get(status, ""))


def tally(outcomes: Mapping[str, int], g: Glyphs) -> Line:
    """Handlings counted by outcome, ``✓2 ◐1 ↪0 ✗0``; a zero has the role ``dim``."""
    spans: list[Span] = []
    for status in OUTCOMES:
        n = outcomes.get(status, 0)
        if spans:
            spans.append(Span(" "))
        spans.append(Span(f"{g.symbol(status)}{n}", _ROLES[status] if n else "dim"))
    return tuple(spans)


def symbol(status: str, *, ascii: bool = False) -> str:
    """The symbol of an outcome or status (``glyphs(ascii).symbol(status)``)."""
    return glyphs(ascii).symbol(status)


def labelled(status: str, *, ascii: bool = False) -> str:
    """Symbol and word as plain text, e.g. ``✓ solved``."""
    return outcome(status, glyphs(ascii)).text


# --- charts --------------------------------------------------------------------------


def spark(values: Sequence[float], g: Glyphs) -> str:
    """A one-line chart of values, one character each, lowest to highest level."""
    if not values:
        return ""
    levels = g.spark
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    return "".join(levels[round((v - low) / span * (len(levels) - 1))] for v in values)


def sparkline(series: Sequence[Point], g: Glyphs) -> str:
    """A metric's history as a chart with its first and last dates; empty under 2 points."""
    if len(series) < 2:
        return ""
    chart = spark([p.value for p in series], g)
    return f"{chart} {series[0].as_of}{g.range}{series[-1].as_of}"


def bar(weight: float, g: Glyphs) -> str:
    """A weight in 0..1 as a bar of :data:`BAR_WIDTH` cells."""
    full = round(max(0.0, min(1.0, weight)) * BAR_WIDTH)
    return g.bar_full * full + g.bar_empty * (BAR_WIDTH - full)


# --- names ---------------------------------------------------------------------------


def layer_name(layer: Layer) -> Line:
    """``L2 Middle tools`` with the label in bold."""
    return line(Span(layer.display_label, "strong"), " ", layer.name)


def stack_name(stack: Stack) -> Span:
    """A stack's short title, in bold."""
    return Span(stack.title, "strong")


def problem_name(stack: Stack, problem_id: str) -> str:
    """A problem's name, or its id when the stack does not list it."""
    problem = stack.problem(problem_id)
    return problem.name if problem else problem_id


def problem_names(stack: Stack, problem_ids: Sequence[str]) -> str:
    """Problems' names, comma-separated: ``Slow, Fragile``."""
    return ", ".join(problem_name(stack, pid) for pid in problem_ids)


def metric_name(metric: Metric) -> Cell:
    """A metric's name, and its definition underneath."""
    lines = [line(metric.name)]
    parts = [metric.definition] if metric.definition else []
    if metric.higher_is_better is not None:
        parts.append("(higher is better)" if metric.higher_is_better else "(lower is better)")
    if parts:
        lines.append(line(Span(" ".join(parts), "dim")))
    return tuple(lines)
