"""How much a stack's verdict depends on its judgements: range, pivots and margin.

The progression index and the transfer share depend only on how many handlings have each
outcome, so every question here is asked of count vectors — how many handlings are solved,
mitigated, transferred and worsened — and never of combinations of handlings:

- **Range**: the count vectors that the combinations of main and alternative readings give
  are built one contested handling at a time (a knapsack over counts). With k contested
  handlings there are at most C(k + 3, 3) of them (1,771 for k = 20), however many
  combinations (up to 4**k) produce them; the range is exact.
- **Margin**: changing c handlings turns a count vector into any other vector with the same
  total at distance ½·‖a − b‖₁ = c, and into no other. The search walks outwards over the
  target (solved, transferred) counts, square ring by square ring, and finds the best
  mitigated/worsened split of the rest in closed form; it stops at the first ring farther
  than the best distance found. It looks at about (2·margin + 1)² pairs, not at the
  C(n + 3, 3) vectors of a stack of n handlings.

The verdict itself always comes from :func:`layerscope.analysis.verdict` and its
thresholds. The margin search relies on one property of it: with the transfer share fixed,
the verdict changes at most once as the index rises (tests check it against brute force).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from layerscope.analysis import OUTCOME_SCORE, Score, Verdict, verdict
from layerscope.model import OUTCOMES, Alternative, Handling, Layer, Outcome, Stack

Counts = tuple[int, int, int, int]
"""How many handlings are solved, mitigated, transferred and worsened (:data:`OUTCOMES`)."""

VERDICTS: tuple[Verdict, ...] = ("capability progression", "mixed", "problem transfer", "no data")
"""Every verdict, in the order reports list them: along the scale, then "no data"."""

_SOLVED, _MITIGATED, _TRANSFERRED, _WORSENED = range(4)
_POSITION: dict[str, int] = {outcome: i for i, outcome in enumerate(OUTCOMES)}
_WEIGHTS = tuple(OUTCOME_SCORE[outcome] for outcome in OUTCOMES)


class Pivot(msgspec.Struct, frozen=True):
    """A handling whose change to one other outcome alone changes the stack's verdict."""

    layer: Layer
    handling: Handling
    to: Outcome
    verdict: Verdict
    """The verdict the stack would get."""

    @property
    def alternative(self) -> Alternative | None:
        """The listed alternative reading with this outcome, if the data has one."""
        return next((a for a in self.handling.alternatives if a.outcome == self.to), None)


class Sensitivity(msgspec.Struct, frozen=True):
    """How a stack's verdict holds up against its alternative readings and against change."""

    score: Score
    """The score of the main readings (the data's verdict)."""
    combinations: int
    """How many combinations of main and alternative readings there are."""
    contested_handlings: int
    """How many handlings list alternatives."""
    index_range: tuple[float, float]
    """The lowest and highest progression index over every combination."""
    transfer_range: tuple[float, float]
    """The lowest and highest transfer share over every combination."""
    verdicts: tuple[Verdict, ...]
    """The verdicts the combinations reach, in :data:`VERDICTS` order."""
    pivots: tuple[Pivot, ...]
    """Each single change of one handling to another outcome that changes the verdict."""
    margin: int | None
    """The fewest outcome changes that change the verdict (``None`` with no handlings)."""
    margin_verdicts: tuple[Verdict, ...]
    """The verdicts that many changes can reach, in :data:`VERDICTS` order."""

    @property
    def verdict(self) -> Verdict:
        """The data's verdict."""
        return verdict(self.score)

    @property
    def robust(self) -> bool:
        """Whether every combination of readings gives the same verdict."""
        return len(self.verdicts) == 1

    @property
    def contested(self) -> bool:
        """Whether the alternative readings reach more than one verdict."""
        return not self.robust


def counts(outcomes: Iterable[str]) -> Counts:
    """The count vector of some outcomes."""
    tally = [0, 0, 0, 0]
    for outcome in outcomes:
        tally[_POSITION[outcome]] += 1
    return tally[0], tally[1], tally[2], tally[3]


def score_counts(vector: Counts) -> Score:
    """The score of a count vector: the same numbers :func:`analysis.score` gives."""
    total = sum(vector)
    outcomes: dict[str, int] = dict(zip(OUTCOMES, vector, strict=True))
    if not total:
        return Score(0, 0.0, 0.0, outcomes)
    points = sum(weight * n for weight, n in zip(_WEIGHTS, vector, strict=True))
    return Score(total, points / total, vector[_TRANSFERRED] / total, outcomes)


def _verdict(s: int, m: int, t: int, w: int) -> Verdict:
    total = s + m + t + w
    if not total:
        return "no data"
    points = _WEIGHTS[0] * s + _WEIGHTS[1] * m + _WEIGHTS[2] * t + _WEIGHTS[3] * w
    return verdict(Score(total, points / total, t / total, {}))


class _Oracle:
    """The verdicts of the count vectors of one total, asked by points and transferred count.

    With the transferred count fixed, the verdict changes at most once as the points rise
    (the property the margin search relies on), so each transferred count keeps the
    highest points known to give the lower verdict and the lowest known to give the upper
    one: most questions are answered by a comparison, not by scoring.
    """

    def __init__(self, total: int) -> None:
        self.total = total
        self.rows: dict[int, list[Any]] = {}

    def _ask(self, points: float, t: int) -> Verdict:
        return verdict(Score(self.total, points / self.total, t / self.total, {}))

    def _row(self, t: int) -> list[Any]:
        row = self.rows.get(t)
        if row is None:
            # [verdict at the lowest points, at the highest, highest known lower, lowest
            # known upper]
            low, high = self._ask(0.0, t), self._ask(float(self.total), t)
            row = self.rows[t] = [low, high, -math.inf, math.inf]
        return row

    def only(self, t: int) -> Verdict | None:
        """The one verdict every vector with ``t`` transferred gets, if there is one."""
        low, high = self._row(t)[:2]
        return low if low == high else None

    def __call__(self, points: float, t: int) -> Verdict:
        low, high, below, above = row = self._row(t)
        if low == high:
            return low  # type: ignore[no-any-return]
        if points <= below:
            return low  # type: ignore[no-any-return]
        if points >= above:
            return high  # type: ignore[no-any-return]
        found = self._ask(points, t)
        if found == low:
            row[2] = points
        elif found == high:
            row[3] = points
        return found


def reachable(options: Iterable[Sequence[str]]) -> set[Counts]:
    """Every count vector that picking one outcome from each handling's options gives.

    A knapsack over counts: the set grows by one handling at a time and never holds two
    equal vectors, so it stays polynomial in the number of handlings.
    """
    vectors: set[Counts] = {(0, 0, 0, 0)}
    base = [0, 0, 0, 0]
    for choice in options:
        unique = {_POSITION[outcome] for outcome in choice}
        if len(unique) == 1:
            base[next(iter(unique))] += 1
            continue
        steps = [tuple(int(i == k) for i in range(4)) for k in unique]
        vectors = {
            (v[0] + d[0], v[1] + d[1], v[2] + d[2], v[3] + d[3]) for v in vectors for d in steps
        }
    b = base
    return {(v[0] + b[0], v[1] + b[1], v[2] + b[2], v[3] + b[3]) for v in vectors}


def margin(vector: Counts) -> tuple[int | None, tuple[Verdict, ...]]:
    """The fewest outcome changes that change the verdict of a count vector, and the
    verdicts that many changes reach (``None`` and none for an empty vector)."""
    s, m, t, w = vector
    n = s + m + t + w
    if not n:
        return None, ()
    now = _verdict(s, m, t, w)
    oracle = _Oracle(n)
    best = math.inf
    reached: set[Verdict] = set()
    ring = 0
    while ring <= best and ring <= n:
        for s2, t2 in _ring(s, t, ring, n):
            if oracle.only(t2) == now:
                continue  # nothing with this many transferred changes the verdict
            for distance, other in _nearest_other(vector, s2, t2, now, oracle):
                if distance < best:
                    best, reached = distance, {other}
                elif distance == best:
                    reached.add(other)
        ring += 1
    if best is math.inf:  # pragma: no cover - every non-empty vector can change verdict
        return None, ()
    return int(best), tuple(v for v in VERDICTS if v in reached)


def _ring(s: int, t: int, radius: int, n: int) -> Iterable[tuple[int, int]]:
    """The (solved, transferred) pairs at Chebyshev distance ``radius`` from ``(s, t)``,
    with both counts at least 0 and at most ``n`` together."""
    if radius == 0:
        yield s, t
        return
    for t2 in (t - radius, t + radius):
        if t2 >= 0:
            for s2 in range(max(0, s - radius), min(n - t2, s + radius) + 1):
                yield s2, t2
    for s2 in (s - radius, s + radius):
        if s2 >= 0:
            for t2 in range(max(0, t - radius + 1), min(n - s2, t + radius - 1) + 1):
                yield s2, t2


def _nearest_other(
    vector: Counts, s2: int, t2: int, now: Verdict, oracle: _Oracle
) -> list[tuple[int, Verdict]]:
    """For target solved and transferred counts, the nearest vectors (one per run of the
    same verdict along the mitigated count) whose verdict is not ``now``."""
    s, m, t, w = vector
    rest = s + m + t + w - s2 - t2  # to split between mitigated and worsened

    base = _WEIGHTS[_SOLVED] * s2 + _WEIGHTS[_TRANSFERRED] * t2

    def at(m2: int) -> Verdict:
        return oracle(base + _WEIGHTS[_MITIGATED] * m2 + _WEIGHTS[_WORSENED] * (rest - m2), t2)

    low, high = at(0), at(rest)
    runs: list[tuple[int, int, Verdict]] = []
    if low == high:
        if low != now:
            runs.append((0, rest, low))
    else:
        # The verdict changes once along the mitigated count: find where.
        lo, hi = 0, rest  # at(lo) == low, at(hi) == high
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if at(mid) == low:
                lo = mid
            else:
                hi = mid
        if low != now:
            runs.append((0, lo, low))
        if high != now:
            runs.append((hi, rest, high))
    found = []
    fixed = abs(s - s2) + abs(t - t2)
    # |m - m2| + |w - (rest - m2)| is least for m2 between m and rest - w.
    best_low, best_high = sorted((m, rest - w))
    for first, last, other in runs:
        m2 = min(max(first, best_low), last) if best_high >= first else first
        moved = fixed + abs(m - m2) + abs(w - (rest - m2))
        found.append((moved // 2, other))
    return found


def sensitivity(stack: Stack) -> Sensitivity:
    """The range, robustness, pivots and margin of a stack's verdict."""
    handled = [(layer, h) for layer in stack.layers for h in layer.addresses]
    main = counts(h.outcome for _, h in handled)
    result = score_counts(main)
    now = verdict(result)
    options = [(h.outcome, *(a.outcome for a in h.alternatives)) for _, h in handled]
    combinations = math.prod(len(set(choice)) for choice in options)
    vectors = reachable(options)
    total = max(1, result.count)  # every vector has the same total; 1 keeps 0/0 away
    points = [sum(w * k for w, k in zip(_WEIGHTS, v, strict=True)) for v in vectors]
    transferred = [v[_TRANSFERRED] for v in vectors]
    reached = {_verdict(*v) for v in vectors}
    pivots: list[Pivot] = []
    flips: dict[tuple[str, str], Verdict] = {}
    for layer, handling in handled:
        for other in OUTCOMES:
            if other == handling.outcome:
                continue
            key = (handling.outcome, other)
            if key not in flips:
                changed = list(main)
                changed[_POSITION[handling.outcome]] -= 1
                changed[_POSITION[other]] += 1
                flips[key] = _verdict(*changed)
            if flips[key] != now:
                pivots.append(Pivot(layer, handling, other, flips[key]))
    least, nearest = margin(main)
    return Sensitivity(
        score=result,
        combinations=combinations,
        contested_handlings=sum(1 for choice in options if len(set(choice)) > 1),
        index_range=(min(points) / total, max(points) / total),
        transfer_range=(min(transferred) / total, max(transferred) / total),
        verdicts=tuple(v for v in VERDICTS if v in reached),
        pivots=tuple(pivots),
        margin=least,
        margin_verdicts=nearest,
    )
