"""Pure functions over records: alignment, problem flow, progression and drivers.

Nothing here is hard-coded about any particular stack; every number comes from the data.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import msgspec

from layerscope.model import Dimension, Driver, Handling, Layer, Metric, Problem, Stack

# The verdict thresholds live here and nowhere else (the README explains them).
PROGRESSION_MIN_INDEX = 0.6
PROGRESSION_MAX_TRANSFER = 0.25
TRANSFER_MIN_SHARE = 0.4

OUTCOME_SCORE: dict[str, float] = {
    "solved": 1.0,
    "mitigated": 0.5,
    "transferred": 0.0,
    "worsened": 0.0,
}

Verdict = Literal["capability progression", "problem transfer", "mixed", "no data"]
Status = Literal["solved", "mitigated", "transferred", "worsened", "unaddressed"]

# The results are frozen msgspec Structs: defining them costs a fraction of what
# dataclasses cost at start-up, which `layerscope export` pays on every run.


class Score(msgspec.Struct, frozen=True):
    """Progression index and transfer share over a set of handlings."""

    count: int
    index: float
    transfer_share: float
    outcomes: dict[str, int]

    @property
    def verdict(self) -> Verdict:
        """The verdict these numbers give."""
        return verdict(self)


class Step(msgspec.Struct, frozen=True):
    """The score of one layer's handlings of problems from below."""

    layer: Layer
    score: Score


class Progression(msgspec.Struct, frozen=True):
    """A stack's overall score and its score per layer step."""

    score: Score
    steps: tuple[Step, ...]

    @property
    def verdict(self) -> Verdict:
        """The stack's verdict."""
        return verdict(self.score)


class Handled(msgspec.Struct, frozen=True):
    """One handling of a problem, with the layer that does it."""

    layer: Layer
    handling: Handling


class ProblemFlow(msgspec.Struct, frozen=True):
    """A problem from the layer that introduces it to its status at the top."""

    problem: Problem
    introduced_by: Layer | None
    handlings: tuple[Handled, ...]

    @property
    def status(self) -> Status:
        """The last outcome, or ``unaddressed``."""
        return self.handlings[-1].handling.outcome if self.handlings else "unaddressed"

    @property
    def transferred_into(self) -> tuple[str, ...]:
        """Problem ids this problem was transferred into, in order."""
        return tuple(pid for h in self.handlings for pid in h.handling.into)


class AlignedRow(msgspec.Struct, frozen=True):
    """One level across several stacks; ``None`` where a stack has no layer there."""

    level: int
    layers: tuple[Layer | None, ...]


def score(handlings: Sequence[Handling]) -> Score:
    """Score a set of handlings (the mean outcome score and the transferred share)."""
    outcomes = {outcome: 0 for outcome in OUTCOME_SCORE}
    for handling in handlings:
        outcomes[handling.outcome] += 1
    count = len(handlings)
    if not count:
        return Score(0, 0.0, 0.0, outcomes)
    total = sum(OUTCOME_SCORE[h.outcome] for h in handlings)
    return Score(count, total / count, outcomes["transferred"] / count, outcomes)


def verdict(result: Score) -> Verdict:
    """The verdict for a score, from the thresholds above."""
    if result.count == 0:
        return "no data"
    if result.transfer_share >= TRANSFER_MIN_SHARE:
        return "problem transfer"
    if result.index >= PROGRESSION_MIN_INDEX and result.transfer_share < PROGRESSION_MAX_TRANSFER:
        return "capability progression"
    return "mixed"


def progression(stack: Stack) -> Progression:
    """Overall and per-step scores of a stack."""
    steps = tuple(Step(layer, score(layer.addresses)) for layer in stack.layers if layer.addresses)
    every = [h for layer in stack.layers for h in layer.addresses]
    return Progression(score(every), steps)


def problem_flows(stack: Stack) -> tuple[ProblemFlow, ...]:
    """Each problem of the stack, in the order layers introduce them."""
    introducer: dict[str, Layer] = {}
    handled: dict[str, list[Handled]] = {}
    for layer in stack.layers:
        for pid in layer.introduces:
            introducer.setdefault(pid, layer)
        for handling in layer.addresses:
            handled.setdefault(handling.problem, []).append(Handled(layer, handling))
    order = {layer.id: i for i, layer in enumerate(stack.layers)}

    def position(problem: Problem) -> int:
        layer = introducer.get(problem.id)
        return order[layer.id] if layer else len(order)

    problems = sorted(stack.problems, key=position)
    return tuple(
        ProblemFlow(p, introducer.get(p.id), tuple(handled.get(p.id, ()))) for p in problems
    )


def align(stacks: Sequence[Stack]) -> tuple[AlignedRow, ...]:
    """Rows of layers by level, lowest level first; a missing level is ``None``."""
    levels = sorted({layer.level for stack in stacks for layer in stack.layers})
    by_level = [{layer.level: layer for layer in stack.layers} for stack in stacks]
    return tuple(AlignedRow(level, tuple(m.get(level) for m in by_level)) for level in levels)


class Indicator(msgspec.Struct, frozen=True):
    """A driver's indicator metric, resolved (``None`` if the id does not resolve)."""

    metric_id: str
    metric: Metric | None


class DriverView(msgspec.Struct, frozen=True):
    """A driver with its indicators resolved."""

    driver: Driver
    indicators: tuple[Indicator, ...]


def drivers(stack: Stack) -> tuple[DriverView, ...]:
    """The stack's drivers, heaviest first, with indicator metrics resolved."""
    ordered = sorted(stack.drivers, key=lambda d: -d.weight)
    return tuple(
        DriverView(d, tuple(Indicator(mid, stack.metric(mid)) for mid in d.indicators))
        for d in ordered
    )


def dimension_answers(
    dimensions: Sequence[Dimension], stacks: Sequence[Stack]
) -> tuple[tuple[Dimension, tuple[str | None, ...]], ...]:
    """Each dimension (in file order) with each stack's answer, ``None`` when unanswered."""
    return tuple((dim, tuple(s.profile.get(dim.id) for s in stacks)) for dim in dimensions)


def latest(metric: Metric) -> tuple[str, float | tuple[float, float]]:
    """The most recent dated value of a metric: its own value or its newest series point."""
    newest = max(metric.series, key=lambda p: p.as_of, default=None)
    if newest is not None and newest.as_of > metric.as_of:
        return newest.as_of, newest.value
    return metric.as_of, metric.value
