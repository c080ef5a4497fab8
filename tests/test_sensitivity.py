"""Sensitivity: the verdict's range, robust or contested, pivotal handlings and the margin.

Every expected answer is worked out by hand in the comments: index = (solved + mitigated / 2)
/ handlings, transfer share = transferred / handlings; progression needs index >= 0.6 and
share < 0.25, transfer needs share >= 0.4, anything else with handlings is mixed.
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path
from typing import Any, get_args

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layerscope.analysis import Verdict, score
from layerscope.analysis.sensitivity import (
    VERDICTS,
    Counts,
    counts,
    margin,
    reachable,
    score_counts,
    sensitivity,
)
from layerscope.load.loader import load_bytes
from layerscope.model import OUTCOMES, Handling, Stack

Reading = str | tuple[str, ...]
"""A main outcome, or a main outcome followed by its alternatives."""


def stack_of(*steps: list[Reading]) -> Stack:
    """A stack whose layer ``k`` (level k + 2) handles the problems of ``steps[k]``; every
    problem is introduced by the bottom layer."""
    problems = [f"p{k}-{i}" for k, step in enumerate(steps) for i in range(len(step))]
    layers: list[dict[str, Any]] = [
        {"id": "base", "level": 1, "name": "Base", "summary": "s", "introduces": problems}
    ]
    for k, step in enumerate(steps):
        addresses = []
        for i, reading in enumerate(step):
            main, *alternatives = (reading,) if isinstance(reading, str) else reading
            addresses.append(
                {
                    "problem": f"p{k}-{i}",
                    "outcome": main,
                    "note": f"main reading of p{k}-{i}",
                    "alternatives": [
                        {"outcome": a, "note": f"{a} reading", "sources": ["s1"]}
                        for a in alternatives
                    ],
                }
            )
        layers.append(
            {"id": f"l{k + 2}", "level": k + 2, "name": "N", "summary": "s", "addresses": addresses}
        )
    value = {
        "schema_version": 1,
        "id": "t",
        "name": "T",
        "summary": "s",
        "layers": layers,
        "problems": [{"id": p, "name": p} for p in problems],
        "sources": [{"id": "s1", "title": "S"}],
    }
    return msgspec.convert(value, Stack)


def flat(**tally: int) -> list[Reading]:
    """``flat(solved=2, worsened=1)`` → that many readings without alternatives."""
    return [outcome for outcome, n in tally.items() for _ in range(n)]


def pivots_of(stack: Stack) -> list[tuple[str, str, str, str]]:
    return [(p.layer.id, p.handling.problem, p.to, p.verdict) for p in sensitivity(stack).pivots]


# --- hand-worked stacks -------------------------------------------------------------------


def test_one_contested_handling_reaches_progression() -> None:
    # l2: p0-0 solved, p0-1 worsened (alternative: mitigated); l3: p1-0 mitigated
    # (alternative: solved).
    ai = stack_of(["solved", ("worsened", "mitigated")], [("mitigated", "solved")])
    result = sensitivity(ai)
    # main: (1 + 0 + 0.5) / 3 = 0.5, share 0 -> mixed
    assert result.score.index == pytest.approx(0.5)
    assert result.verdict == "mixed"
    # 2 x 2 combinations: (1 + 0 + .5)/3 = .5 mixed; (1 + .5 + .5)/3 = .667 progression;
    # (1 + 0 + 1)/3 = .667 progression; (1 + .5 + 1)/3 = .833 progression
    assert result.combinations == 4
    assert result.contested_handlings == 2
    assert result.index_range == pytest.approx((0.5, 2.5 / 3))
    assert result.transfer_range == (0.0, 0.0)
    assert result.verdicts == ("capability progression", "mixed")
    assert result.contested and not result.robust
    # Single changes: p0-1 worsened -> solved (2.5/3) or -> mitigated (2/3) give
    # progression, -> transferred gives share 1/3: mixed. p1-0 mitigated -> solved (2/3)
    # gives progression; -> transferred (1/3, 1/3) and -> worsened (1/3) stay mixed.
    # p0-0 solved -> anything lowers the index below 0.5: mixed.
    assert pivots_of(ai) == [
        ("l2", "p0-1", "solved", "capability progression"),
        ("l2", "p0-1", "mitigated", "capability progression"),
        ("l3", "p1-0", "solved", "capability progression"),
    ]
    assert result.margin == 1
    assert result.margin_verdicts == ("capability progression",)
    listed = [p.alternative for p in result.pivots]
    assert [a.outcome if a else None for a in listed] == [None, "mitigated", "solved"]


def test_alternatives_that_agree_leave_the_verdict_robust() -> None:
    # solved, solved, mitigated (alternative: solved): (2 + .5)/3 = .833 or 3/3 = 1, share 0:
    # progression either way.
    result = sensitivity(stack_of(["solved", "solved", ("mitigated", "solved")]))
    assert result.robust and not result.contested
    assert result.verdicts == ("capability progression",)
    assert result.index_range == pytest.approx((2.5 / 3, 1.0))
    assert result.combinations == 2


def test_index_exactly_at_0_6_is_progression() -> None:
    # 2 solved, 2 mitigated, 1 worsened: (2 + 1)/5 = 0.6 exactly, share 0 -> progression.
    tie = stack_of(flat(solved=2, mitigated=2, worsened=1))
    result = sensitivity(tie)
    assert result.score.index == 0.6
    assert result.verdict == "capability progression"
    # Flips: a solved -> mitigated (2.5/5 = .5), -> transferred (.4, share .2),
    # -> worsened (.4): mixed, for both solved: 6. A mitigated -> transferred (.5, .2) or
    # -> worsened (.5): mixed, for both: 4. No flip: mitigated -> solved (.7);
    # worsened -> solved (.8), -> mitigated (.7), and -> transferred: index stays 0.6 with
    # share 1/5 = 0.2 < 0.25, still progression.
    pivots = pivots_of(tie)
    assert len(pivots) == 10
    assert {p[3] for p in pivots} == {"mixed"}
    assert [p for p in pivots if p[1] == "p0-4"] == []
    assert result.margin == 1
    assert result.margin_verdicts == ("mixed",)


def test_alternative_landing_exactly_on_0_6_keeps_progression() -> None:
    # 2 solved, 2 mitigated, 1 solved (alternative: worsened), share 0 throughout:
    # main (3 + 1)/5 = .8; alternative (2 + 1 + 0)/5 = .6 exactly: progression both.
    result = sensitivity(stack_of([*flat(solved=2, mitigated=2), ("solved", "worsened")]))
    assert result.index_range == pytest.approx((0.6, 0.8))
    assert result.verdicts == ("capability progression",)
    # A second contested handling, mitigated (alternative: worsened): one alternative
    # alone gives (3 + .5)/5 = .7 or .6, both together (2 + .5)/5 = .5: mixed is reached.
    further = stack_of(
        [*flat(solved=2, mitigated=1), ("mitigated", "worsened"), ("solved", "worsened")]
    )
    assert sensitivity(further).verdicts == ("capability progression", "mixed")


def test_transfer_share_exactly_at_0_25_is_not_progression() -> None:
    # 6 solved, 2 transferred: index 6/8 = .75, share 2/8 = 0.25 exactly -> mixed.
    tie = stack_of(flat(solved=6, transferred=2))
    result = sensitivity(tie)
    assert result.score.transfer_share == 0.25
    assert result.verdict == "mixed"
    # One transferred -> anything else: share 1/8 with index >= .75: progression.
    # Transfer needs share >= .4, i.e. 4 of 8 transferred: 2 more changes.
    assert result.margin == 1
    assert result.margin_verdicts == ("capability progression",)
    pivots = pivots_of(tie)
    assert {(p[2], p[3]) for p in pivots} == {
        ("solved", "capability progression"),
        ("mitigated", "capability progression"),
        ("worsened", "capability progression"),
    }
    assert len(pivots) == 6  # both transferred handlings, three outcomes each


def test_all_solved_falls_to_mixed_on_a_quarter_transferred() -> None:
    # 4 solved: index 1, share 0. One solved -> transferred: index .75, share .25 -> mixed
    # (the 0.25 tie again); -> mitigated .875 or -> worsened .75 stay progression.
    four = stack_of(flat(solved=4))
    assert sensitivity(four).margin == 1
    assert {(p[2], p[3]) for p in pivots_of(four)} == {("transferred", "mixed")}
    # 10 solved: two transfers give (.8, .2): progression; three give (.7, .3): mixed.
    # Worsening needs 5 (index .5). So the margin is 3, and only mixed is that close.
    ten = sensitivity(stack_of(flat(solved=10)))
    assert ten.margin == 3
    assert ten.margin_verdicts == ("mixed",)
    assert ten.pivots == ()


def test_transfer_share_exactly_at_0_4_is_transfer() -> None:
    # 3 solved, 2 transferred: index .6, share 2/5 = 0.4 exactly -> problem transfer.
    tie = stack_of(flat(solved=3, transferred=2))
    result = sensitivity(tie)
    assert result.score.transfer_share == 0.4
    assert result.verdict == "problem transfer"
    # A transferred -> solved (.8, .2), -> mitigated (.7, .2), -> worsened (.6, .2): all
    # progression (the last one on the 0.6 tie). A solved -> anything keeps share >= .4.
    pivots = pivots_of(tie)
    assert len(pivots) == 6
    assert {p[3] for p in pivots} == {"capability progression"}
    assert {p[1] for p in pivots} == {"p0-3", "p0-4"}
    assert result.margin == 1
    assert result.margin_verdicts == ("capability progression",)


def test_just_under_0_4_needs_one_more_transfer() -> None:
    # solved, mitigated, transferred: index .5, share 1/3 -> mixed. One more transfer
    # (solved or mitigated -> transferred): share 2/3 -> transfer. The transferred one ->
    # solved: (2.5/3 = .833, share 0) -> progression. Both one change away.
    result = sensitivity(stack_of(flat(solved=1, mitigated=1, transferred=1)))
    assert result.verdict == "mixed"
    assert result.margin == 1
    assert result.margin_verdicts == ("capability progression", "problem transfer")


def test_mixed_stacks_one_and_three_changes_away() -> None:
    # 5 solved, 3 mitigated, 2 transferred, 2 worsened (12): index 6.5/12 = .542,
    # share 2/12 = .167 -> mixed. Progression needs 7.2 points: one worsened -> solved gives
    # 7.5/12 = .625 with share .167: 1 change. Transfer needs 4.8 -> 5 transferred: 3.
    result = sensitivity(stack_of(flat(solved=5, mitigated=3, transferred=2, worsened=2)))
    assert result.verdict == "mixed"
    assert result.margin == 1
    assert result.margin_verdicts == ("capability progression",)
    # 4 solved, 2 mitigated, 2 transferred, 4 worsened: 5/12 = .417, share .167. One change
    # adds at most 1 point (worsened or transferred -> solved): 6/12 = .5 < .6. Two
    # worsened -> solved: 7/12 = .583, still under. Transferred -> solved twice: 7/12 and
    # share 0: under. Three changes: 8/12 = .667 -> progression. Transfer needs 5
    # transferred: 3 more. So margin 3, both verdicts at that distance.
    far = sensitivity(stack_of(flat(solved=4, mitigated=2, transferred=2, worsened=4)))
    assert far.verdict == "mixed"
    assert far.pivots == ()
    assert far.margin == 3
    assert far.margin_verdicts == ("capability progression", "problem transfer")


def test_transferred_alternative_reaches_transfer() -> None:
    # 1 solved, 1 mitigated (alternative: transferred), 1 transferred, 2 worsened (5):
    # main index 1.5/5 = .3, share .2 -> mixed; with the alternative share 2/5 = .4 ->
    # transfer, index 1/5 = .2.
    result = sensitivity(
        stack_of(["solved", ("mitigated", "transferred"), "transferred", "worsened", "worsened"])
    )
    assert result.verdicts == ("mixed", "problem transfer")
    assert result.index_range == pytest.approx((0.2, 0.3))
    assert result.transfer_range == pytest.approx((0.2, 0.4))


def test_no_handlings_no_data() -> None:
    result = sensitivity(stack_of())
    assert result.verdict == "no data"
    assert result.verdicts == ("no data",)
    assert result.robust
    assert result.margin is None
    assert result.margin_verdicts == ()
    assert result.pivots == ()
    assert result.combinations == 1


def test_many_contested_handlings_stay_polynomial() -> None:
    # 300 handlings, 20 with three alternatives each: 4**20 combinations (about 10**12),
    # at most C(23, 3) = 1771 distinct count vectors.
    step = [*flat(solved=140, mitigated=80, transferred=30, worsened=30)]
    step += [("mitigated", "solved", "transferred", "worsened")] * 20
    big = stack_of(step)
    options = [(h.outcome, *(a.outcome for a in h.alternatives)) for h in big.layers[1].addresses]
    vectors = reachable(options)
    assert len(vectors) == math.comb(23, 3)
    result = sensitivity(big)
    assert result.combinations == 4**20
    # The 280 others score 140 + 80/2 = 180 points. All 20 solved: 200/300; all 20
    # transferred or worsened: 180/300. Transferred: 30 + 0 to 30 + 20 of 300.
    assert result.index_range == pytest.approx((180 / 300, 200 / 300))
    assert result.transfer_range == pytest.approx((30 / 300, 50 / 300))


def test_every_verdict_is_listed_once() -> None:
    assert sorted(VERDICTS) == sorted(get_args(Verdict))


def test_score_counts_matches_score() -> None:
    handlings = [
        Handling(problem="p", outcome=o)
        for o in ("solved", "mitigated", "mitigated", "transferred", "worsened", "solved")
    ]
    vector = counts(h.outcome for h in handlings)
    assert vector == (2, 2, 1, 1)
    assert score_counts(vector) == score(handlings)


def test_alternatives_load_from_a_file(tmp_path: Path) -> None:
    text = """\
schema_version: 1
id: alt
name: Alt
summary: s
layers:
  - id: base
    level: 1
    name: Base
    summary: s
    introduces: [slow, dear]
  - id: top
    level: 2
    name: Top
    summary: s
    introduces: [locked]
    addresses:
      - problem: slow
        outcome: solved
        confidence: low
        sources: [s1]
        alternatives:
          - outcome: transferred
            into: [locked]
            note: The speed comes from a committee.
            sources: [s2]
            as_of: "2025-02"
          - outcome: mitigated
            sources: [s1]
      - problem: dear
        outcome: worsened
problems:
  - {id: slow, name: Slow}
  - {id: dear, name: Dear}
  - {id: locked, name: Locked}
sources:
  - {id: s1, title: One}
  - {id: s2, title: Two}
"""
    result = load_bytes(text.encode(), tmp_path / "alt.yaml")
    assert result.diagnostics == []
    assert isinstance(result.record, Stack)
    handling = result.record.layers[1].addresses[0]
    assert handling.confidence == "low"
    assert [(a.outcome, a.into) for a in handling.alternatives] == [
        ("transferred", ("locked",)),
        ("mitigated", ()),
    ]
    # main: (1 + 0)/2 = .5 mixed; transferred: (0 + 0)/2, share .5 -> transfer;
    # mitigated: .25 -> mixed.
    assert sensitivity(result.record).verdicts == ("mixed", "problem transfer")


# --- against brute force ------------------------------------------------------------------


def brute_margin(vector: Counts) -> tuple[int | None, tuple[str, ...]]:
    """Every count vector with the same total, the nearest with another verdict."""
    n = sum(vector)
    if not n:
        return None, ()
    now = score_counts(vector).verdict
    best: int | None = None
    reached: set[str] = set()
    for s, m, t in itertools.product(range(n + 1), repeat=3):
        if s + m + t > n:
            continue
        other = (s, m, t, n - s - m - t)
        verdict = score_counts(other).verdict
        if verdict == now:
            continue
        distance = sum(abs(a - b) for a, b in zip(vector, other, strict=True)) // 2
        if best is None or distance < best:
            best, reached = distance, {verdict}
        elif distance == best:
            reached.add(verdict)
    return best, tuple(v for v in VERDICTS if v in reached)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(OUTCOMES), max_size=14))
def test_margin_matches_brute_force(outcomes: list[str]) -> None:
    vector = counts(outcomes)
    assert margin(vector) == brute_margin(vector)


readings = st.lists(
    st.tuples(st.sampled_from(OUTCOMES), st.sets(st.sampled_from(OUTCOMES), max_size=3)).map(
        lambda pair: (pair[0], *sorted(pair[1] - {pair[0]}))
    ),
    max_size=7,
)


@settings(max_examples=200, deadline=None)
@given(readings)
def test_range_matches_every_combination(step: list[tuple[str, ...]]) -> None:
    stack = stack_of(list(step))
    result = sensitivity(stack)
    handlings = stack.layers[1].addresses if len(stack.layers) > 1 else ()
    scores = []
    for combination in itertools.product(*(reading for reading in step)):
        changed = [
            msgspec.structs.replace(h, outcome=o)
            for h, o in zip(handlings, combination, strict=True)
        ]
        scores.append(score(changed))
    assert result.combinations == len(scores)
    assert result.index_range == (min(s.index for s in scores), max(s.index for s in scores))
    assert result.transfer_range == (
        min(s.transfer_share for s in scores),
        max(s.transfer_share for s in scores),
    )
    assert set(result.verdicts) == {s.verdict for s in scores}
    # The property the issue asks for: the range always holds the data's verdict.
    assert result.verdict in result.verdicts
    assert result.index_range[0] <= result.score.index <= result.index_range[1]
    lo, hi = result.transfer_range
    assert lo <= result.score.transfer_share <= hi
    assert result.robust == (len({s.verdict for s in scores}) == 1)
    # Pivots: exactly the single changes that re-scoring the stack says flip the verdict.
    expected = []
    for i, handling in enumerate(handlings):
        for other in OUTCOMES:
            if other == handling.outcome:
                continue
            changed = list(handlings)
            changed[i] = msgspec.structs.replace(handling, outcome=other)
            if score(changed).verdict != result.verdict:
                expected.append((handling.problem, other, score(changed).verdict))
    assert [(p.handling.problem, p.to, p.verdict) for p in result.pivots] == expected
    # The margin is 1 exactly when there is a pivot.
    assert (result.margin == 1) == bool(result.pivots)
