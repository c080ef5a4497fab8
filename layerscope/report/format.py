"""Pieces every view shares: glyphs, outcome labels, numbers, citations and the footer."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import msgspec

from layerscope.analysis import Score
from layerscope.model import Layer, Metric, Point, Stack
from layerscope.report import glyphs as symbols
from layerscope.report.document import (
    STATUSES,
    Builder,
    Cell,
    Footer,
    Line,
    Numbered,
    Para,
    Role,
    Span,
    line,
)

BAR_WIDTH = 20


class Glyphs(msgspec.Struct, frozen=True):
    """The characters a report draws with; :data:`ASCII` has only ASCII ones."""

    ascii: bool
    dash: str
    """Stands for "nothing here" (an empty slot, an unanswered dimension)."""
    sep: str
    arrow: str
    range: str
    bar_full: str
    bar_empty: str


UNICODE = Glyphs(False, "—", " · ", "→", "–", "█", "░")
ASCII = Glyphs(True, "-", " | ", "->", "-", "#", ".")


def glyphs(ascii: bool) -> Glyphs:
    """The glyph set for a report."""
    return ASCII if ascii else UNICODE


_STATUS_ROLES: dict[str, Role] = {status: status for status in STATUSES}


def outcome(status: str, g: Glyphs) -> Span:
    """An outcome or status as symbol and word, e.g. ``✓ solved``; never colour alone."""
    return Span(symbols.labelled(status, ascii=g.ascii), _STATUS_ROLES.get(status, ""))


def number(value: float) -> str:
    """A number as people write it: ``10``, ``9.3``, ``1,250,000``, ``0.0123``."""
    if not math.isfinite(value):
        return str(value)
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


def sparkline(series: Sequence[Point], g: Glyphs) -> str:
    """A one-line chart of a metric's history, with its first and last dates."""
    if len(series) < 2:
        return ""
    chart = symbols.sparkline([p.value for p in series], ascii=g.ascii)
    return f"{chart} {series[0].as_of}{g.arrow}{series[-1].as_of}"


def bar(weight: float, g: Glyphs) -> str:
    """A weight in 0..1 as a bar of :data:`BAR_WIDTH` cells."""
    full = round(max(0.0, min(1.0, weight)) * BAR_WIDTH)
    return g.bar_full * full + g.bar_empty * (BAR_WIDTH - full)


def share(value: float) -> str:
    """A share as a whole percentage."""
    return f"{value:.0%}"


def score_line(result: Score, g: Glyphs) -> Line:
    """The verdict with its numbers, e.g. ``capability progression · index 0.83 · ...``."""
    if result.count == 0:
        return line(Span(result.verdict, "strong"), g.sep, "no handlings recorded")
    handlings = "handling" if result.count == 1 else "handlings"
    return line(
        Span(result.verdict, "strong"),
        f"{g.sep}index {result.index:.2f}{g.sep}transfer share {share(result.transfer_share)}"
        f"{g.sep}{result.count} {handlings}",
    )


def layer_name(layer: Layer) -> Line:
    """``L2 Middle tools`` with the label in bold."""
    return line(Span(layer.display_label, "strong"), " ", layer.name)


def stack_name(stack: Stack) -> Span:
    """A stack's short title, in bold."""
    return Span(stack.title, "strong")


def metric_name(metric: Metric) -> Cell:
    """A metric's name, and its definition underneath."""
    lines = [line(metric.name)]
    parts = [metric.definition] if metric.definition else []
    if metric.higher_is_better is not None:
        parts.append("(higher is better)" if metric.higher_is_better else "(lower is better)")
    if parts:
        lines.append(line(Span(" ".join(parts), "dim")))
    return tuple(lines)


class Citations:
    """Numbers the sources a report cites, in the order it first cites them."""

    def __init__(self, *, many_stacks: bool = False) -> None:
        self.many_stacks = many_stacks
        """Whether to say which stack each source belongs to."""
        self.entries: list[tuple[Stack, str]] = []
        self.numbers: dict[tuple[str, str], int] = {}

    def cite(self, stack: Stack, source_ids: Iterable[str]) -> Span | None:
        """A marker such as ``[1]`` or ``[1, 3]``; ``None`` when nothing is cited."""
        cited: list[int] = []
        for sid in source_ids:
            key = (stack.id, sid)
            if key not in self.numbers:
                self.entries.append((stack, sid))
                self.numbers[key] = len(self.entries)
            if self.numbers[key] not in cited:
                cited.append(self.numbers[key])
        if not cited:
            return None
        return Span(f"[{', '.join(map(str, sorted(cited)))}]", "ref")

    def add_to(self, doc: Builder, g: Glyphs) -> None:
        """The numbered "Sources" section."""
        doc.heading("Sources")
        if not self.entries:
            doc.add(Para((line(Span("No sources cited.", "dim")),)))
            return
        doc.add(Numbered(tuple(self._entry(stack, sid, g) for stack, sid in self.entries)))

    def _entry(self, stack: Stack, sid: str, g: Glyphs) -> Cell:
        owner = Span(f" ({stack.title})", "dim") if self.many_stacks else None
        source = stack.source(sid)
        if source is None:
            return (line(Span(sid, "strong"), Span(" (not listed in the stack)", "dim"), owner),)
        facts = [f for f in (source.publisher, source.published) if f]
        first = line(Span(source.title, "strong"), f", {', '.join(facts)}" if facts else "", owner)
        second: list[Span] = []
        if source.url:
            second.append(Span(source.url, "url", link=source.url))
        if source.accessed:
            lead = g.sep if second else ""
            second.append(Span(f"{lead}accessed {source.accessed}", "dim"))
        return (first, tuple(second)) if second else (first,)


def footer(path: str, stacks: Sequence[Stack], g: Glyphs) -> Footer:
    """The closing line: the view path and the as-of date of each stack's data."""
    stacks = list({stack.id: stack for stack in stacks}.values())
    if len(stacks) == 1:
        dates = f"data as of {stacks[0].as_of or 'an unstated date'}"
    else:
        dates = "data as of " + ", ".join(f"{s.title} {s.as_of or 'undated'}" for s in stacks)
    return Footer(line(Span(path, "strong"), Span(f"{g.sep}{dates}", "dim")))
