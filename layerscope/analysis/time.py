"""Time: a stack as of a date, lags between levels, verdict history.

Dates and the rule that compares dates of mixed precision live in
:mod:`layerscope.analysis.dates` (re-exported here): a record is known by a date when its
period has ended by the end of the date's period, so a record dated ``2024`` counts from
``2024-12-31`` on.

**A stack as of D** (:func:`as_of`) keeps the examples launched by D (undated ones stay and
are counted), each metric's value from its history at D (the latest point known by then,
the metric's own value counting as its newest point; a metric with nothing known by then is
left out), the handlings whose ``as_of`` is known by D (undated ones stay and are counted)
of problems some kept layer introduces, the alternatives dated by then, and the layers that
have at least one example launched by D or no dated example at all. The verdict of the
result is :func:`layerscope.analysis.progression` of it, as for any stack.

**The stack's own date caps the rule**: a file holds what was known when it was written, so
as of the stack's ``as_of`` (or later) everything in it counts, a record dated ``2026`` in a
stack as of ``2026-11`` included.
"""

from __future__ import annotations

import datetime
from bisect import bisect_right
from collections.abc import Iterable
from itertools import pairwise

import msgspec

from layerscope.analysis import Score, score
from layerscope.analysis.dates import (
    DateError,
    Precision,
    first_day,
    known_by,
    last_day,
    months_between,
    parse_date,
    precision,
)
from layerscope.analysis.dates import bounds as _bounds
from layerscope.model import Alternative, Driver, Example, Handling, Layer, Metric, Stack

__all__ = [
    "AsOf",
    "DateError",
    "FirstLaunch",
    "HistoryPoint",
    "Lag",
    "Precision",
    "as_of",
    "first_day",
    "first_launches",
    "known_by",
    "lags",
    "last_day",
    "metric_at",
    "months_between",
    "parse_date",
    "precision",
    "verdict_history",
]


# --- a stack as of a date -------------------------------------------------------------


class AsOf(msgspec.Struct, frozen=True, kw_only=True):
    """A stack as of a date, and what that took out of it."""

    date: str
    stack: Stack
    """The stack as it was known then; it has no layers when nothing was known yet."""
    layers_dropped: tuple[Layer, ...] = ()
    """Layers whose examples were all launched later (bottom first)."""
    examples_dropped: int = 0
    examples_undated: int = 0
    """Examples without a launch date, kept."""
    metrics_dropped: int = 0
    metrics_from_series: int = 0
    """Metrics whose value then comes from an earlier point of their history."""
    handlings_dropped: int = 0
    """Handlings with later evidence, or of a problem no kept layer introduces yet."""
    handlings_undated: int = 0
    """Handlings without an ``as_of``, kept."""
    alternatives_dropped: int = 0
    problems_dropped: int = 0
    first_launch: str | None = None
    """The stack's first launch date, when nothing was known by the date."""

    @property
    def empty(self) -> bool:
        """Whether nothing of the stack was known by the date."""
        return not self.stack.layers

    @property
    def changed(self) -> bool:
        """Whether the date took anything out of the stack or changed a value."""
        return bool(
            self.layers_dropped
            or self.examples_dropped
            or self.metrics_dropped
            or self.metrics_from_series
            or self.handlings_dropped
            or self.alternatives_dropped
            or self.problems_dropped
        )


def metric_at(metric: Metric, date: str) -> Metric | None:
    """A metric as of a date: the value of its latest point known by then, or ``None``.

    The metric's own value is its newest point; among points known by the date the latest
    (by first day, then last day, then position in the history) gives the value. The
    history keeps only the points known by then.
    """
    return _metric_at(metric, last_day(date))


def _metric_at(metric: Metric, end: datetime.date) -> Metric | None:
    known = tuple(p for p in metric.series if _bounds(p.as_of)[1] <= end)
    own = _bounds(metric.as_of)[1] <= end
    if not known and not own:
        return None
    best: tuple[datetime.date, datetime.date, int] | None = None
    chosen: tuple[str, float | tuple[float, float]] = (metric.as_of, metric.value)
    for position, point in enumerate(known):
        key = (*_bounds(point.as_of), position)
        if best is None or key > best:
            best, chosen = key, (point.as_of, point.value)
    if own and (best is None or (*_bounds(metric.as_of), len(metric.series)) > best):
        chosen = (metric.as_of, metric.value)
    if chosen == (metric.as_of, metric.value) and known == metric.series:
        return metric
    return msgspec.structs.replace(metric, as_of=chosen[0], value=chosen[1], series=known)


class StackDates:
    """When each example of a stack was launched, layer by layer, sorted.

    What :func:`as_of` reads to keep a layer's examples by a date without going through
    every one: made once per stack, it serves every date (the app steps the date over and
    over; on the stress pair, 50,000 examples, a step went from ~50 to ~5 ms).
    """

    def __init__(self, stack: Stack) -> None:
        self.stack = stack
        self._layers: dict[str, tuple[list[datetime.date], list[int], list[int]]] = {}
        for layer in stack.layers:
            dated = sorted(
                (_bounds(e.launched)[1], i)
                for i, e in enumerate(layer.examples)
                if e.launched is not None
            )
            undated = [i for i, e in enumerate(layer.examples) if e.launched is None]
            self._layers[layer.id] = ([d for d, _ in dated], [i for _, i in dated], undated)

    def known(self, layer: Layer, end: datetime.date) -> bool:
        """Whether the layer has an example by then, or no dated examples at all."""
        ends = self._layers[layer.id][0]
        return not ends or ends[0] <= end

    def examples(self, layer: Layer, end: datetime.date, counts: _Counts) -> tuple[Example, ...]:
        """The layer's examples launched by then (and the undated), in the file's order."""
        ends, order, undated = self._layers[layer.id]
        known = bisect_right(ends, end)
        counts.examples_undated += len(undated)
        counts.examples_dropped += len(ends) - known
        if known == len(ends):
            return layer.examples
        return tuple(layer.examples[i] for i in sorted([*order[:known], *undated]))


def as_of(stack: Stack, date: str, dates: StackDates | None = None) -> AsOf:
    """The stack as it was known on a date (see the module's docstring for the rules).

    Args:
        stack: The stack.
        date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.
        dates: The stack's :class:`StackDates`, made once for many dates (made here when
            ``None`` or made for another stack).

    Raises:
        DateError: ``date`` is not a date (:func:`parse_date`).
    """
    end = last_day(parse_date(date))
    if dates is None or dates.stack is not stack:
        dates = StackDates(stack)
    if stack.as_of is not None and last_day(stack.as_of) <= end:
        end = datetime.date.max  # the whole file was known by then
    kept_layers = [layer for layer in stack.layers if dates.known(layer, end)]
    kept_ids = {layer.id for layer in kept_layers}
    introduced_now = {pid for layer in kept_layers for pid in layer.introduces}
    introduced_ever = {pid for layer in stack.layers for pid in layer.introduces}
    counts = _Counts()
    dropped_metrics: set[str] = set()
    layers: list[Layer] = []
    for layer in stack.layers:
        if layer.id not in kept_ids:
            counts.examples_dropped += len(layer.examples)
            counts.handlings_dropped += len(layer.addresses)
            counts.metrics_dropped += len(layer.metrics)
            dropped_metrics.update(m.id for m in layer.metrics)
            continue
        examples = dates.examples(layer, end, counts)
        handlings = []
        for handling in layer.addresses:
            there = handling.problem in introduced_now or handling.problem not in introduced_ever
            if not there or (handling.as_of is not None and _bounds(handling.as_of)[1] > end):
                counts.handlings_dropped += 1
                continue
            counts.handlings_undated += handling.as_of is None
            handlings.append(_alternatives(handling, end, counts))
        metrics = []
        for metric in layer.metrics:
            then = _metric_at(metric, end)
            if then is None:
                counts.metrics_dropped += 1
                dropped_metrics.add(metric.id)
                continue
            counts.metrics_from_series += (then.as_of, then.value) != (metric.as_of, metric.value)
            metrics.append(then)
        layers.append(
            msgspec.structs.replace(
                layer, examples=examples, addresses=tuple(handlings), metrics=tuple(metrics)
            )
        )
    problems = tuple(
        p for p in stack.problems if p.id in introduced_now or p.id not in introduced_ever
    )
    stack_date = stack.as_of if stack.as_of is not None and known_by(stack.as_of, date) else date
    result = msgspec.structs.replace(
        stack,
        as_of=stack_date,
        layers=tuple(layers),
        problems=problems,
        drivers=tuple(_indicators(d, dropped_metrics) for d in stack.drivers),
    )
    return AsOf(
        date=date,
        stack=result,
        layers_dropped=tuple(la for la in stack.layers if la.id not in kept_ids),
        problems_dropped=len(stack.problems) - len(problems),
        first_launch=None if layers else _first_launch(stack),
        examples_dropped=counts.examples_dropped,
        examples_undated=counts.examples_undated,
        metrics_dropped=counts.metrics_dropped,
        metrics_from_series=counts.metrics_from_series,
        handlings_dropped=counts.handlings_dropped,
        handlings_undated=counts.handlings_undated,
        alternatives_dropped=counts.alternatives_dropped,
    )


def _first_launch(stack: Stack) -> str | None:
    dates = [e.launched for la in stack.layers for e in la.examples if e.launched is not None]
    return min(dates, key=_bounds, default=None)


class _Counts:
    """What :func:`as_of` tallies on its way through a stack."""

    def __init__(self) -> None:
        self.examples_dropped = self.examples_undated = 0
        self.metrics_dropped = self.metrics_from_series = 0
        self.handlings_dropped = self.handlings_undated = self.alternatives_dropped = 0


def _alternatives(handling: Handling, end: datetime.date, counts: _Counts) -> Handling:
    kept: list[Alternative] = [
        alt for alt in handling.alternatives if alt.as_of is None or _bounds(alt.as_of)[1] <= end
    ]
    if len(kept) == len(handling.alternatives):
        return handling
    counts.alternatives_dropped += len(handling.alternatives) - len(kept)
    return msgspec.structs.replace(handling, alternatives=tuple(kept))


def _indicators(driver: Driver, dropped: set[str]) -> Driver:
    if not dropped.intersection(driver.indicators):
        return driver
    kept = tuple(mid for mid in driver.indicators if mid not in dropped)
    return msgspec.structs.replace(driver, indicators=kept)


# --- lags between levels --------------------------------------------------------------


class FirstLaunch(msgspec.Struct, frozen=True):
    """A layer and its first launched example (``None`` when no example is dated)."""

    layer: Layer
    example: Example | None

    @property
    def date(self) -> str | None:
        """The first launch date, if any."""
        return self.example.launched if self.example is not None else None


class Lag(msgspec.Struct, frozen=True):
    """From a layer's first launch to the next layer's, in calendar months.

    ``months`` is ``None`` when either layer has no dated example; negative when the upper
    layer's first launch came first. ``approximate`` when a date names only a year.
    """

    lower: FirstLaunch
    upper: FirstLaunch
    months: int | None
    approximate: bool = False


def first_launches(stack: Stack) -> tuple[FirstLaunch, ...]:
    """Each layer (bottom first) with its earliest-launched example."""
    out = []
    for layer in stack.layers:
        dated = [e for e in layer.examples if e.launched is not None]
        first = min(dated, key=lambda e: _bounds(e.launched or ""), default=None)
        out.append(FirstLaunch(layer, first))
    return tuple(out)


def lags(stack: Stack) -> tuple[Lag, ...]:
    """The lag from each layer to the next one up: first launch to first launch."""
    firsts = first_launches(stack)
    out = []
    for lower, upper in pairwise(firsts):
        if lower.date is None or upper.date is None:
            out.append(Lag(lower, upper, None))
            continue
        rough = precision(lower.date) == "year" or precision(upper.date) == "year"
        out.append(Lag(lower, upper, months_between(lower.date, upper.date), rough))
    return tuple(out)


# --- verdict history ------------------------------------------------------------------


class HistoryPoint(msgspec.Struct, frozen=True):
    """The score from a date on; ``date`` is ``None`` for what no date holds back."""

    date: str | None
    score: Score


def _latest(dates: Iterable[str | None]) -> str | None:
    """The date that ends last (the most precise of those ending together); None if none."""
    real = [d for d in dates if d is not None]
    return max(real, key=lambda d: (_bounds(d)[1], len(d)), default=None)


def verdict_history(stack: Stack) -> tuple[HistoryPoint, ...]:
    """The stack's score over time: a point at each date on which dated evidence changes.

    Each handling counts from the latest of: its ``as_of``, its layer's first launch and
    the first launch of a layer that introduces its problem, or from the stack's own
    ``as_of`` if that comes first (exactly when :func:`as_of` keeps it). The first point
    (date ``None``) holds the handlings nothing dates, if any; the last point's score is
    the stack's own.
    """
    cap = stack.as_of
    layer_from = {
        layer.id: _earliest([e.launched for e in layer.examples]) for layer in stack.layers
    }
    introducers: dict[str, list[str | None]] = {}
    for layer in stack.layers:
        for pid in layer.introduces:
            introducers.setdefault(pid, []).append(layer_from[layer.id])
    groups: dict[datetime.date | None, tuple[str | None, list[Handling]]] = {}
    for layer in stack.layers:
        for handling in layer.addresses:
            # A problem is there once a layer that introduces it is (always, if one is undated).
            dates = introducers.get(handling.problem, [None])
            problem_from = None if None in dates else _earliest(dates)
            start = _latest((handling.as_of, layer_from[layer.id], problem_from))
            if start is not None and cap is not None and _bounds(start)[1] > _bounds(cap)[1]:
                start = cap  # known by the stack's own date at the latest
            key = _bounds(start)[1] if start is not None else None
            label, members = groups.setdefault(key, (start, []))
            if start is not None and label is not None and len(start) > len(label):
                groups[key] = (start, members)
            members.append(handling)
    points = []
    active: list[Handling] = []
    for key in sorted(groups, key=lambda k: (k is not None, k or datetime.date.min)):
        label, members = groups[key]
        active.extend(members)
        points.append(HistoryPoint(label, score(active)))
    return tuple(points)


def _earliest(dates: Iterable[str | None]) -> str | None:
    """The date a layer is there from: its first launch known (``None`` if undated)."""
    real = [d for d in dates if d is not None]
    return min(real, key=lambda d: (_bounds(d)[1], -len(d)), default=None)
