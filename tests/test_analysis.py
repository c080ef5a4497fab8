"""Analysis: progression index, transfer share, verdicts, problem flow, alignment, drivers."""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from layerscope import analysis
from layerscope.analysis import align, problem_flows, progression, score, verdict
from layerscope.analysis.debt import debt
from layerscope.catalog import Catalog
from layerscope.model import Handling, Metric, Point, Stack


def handlings(**counts: int) -> list[Handling]:
    """``handlings(solved=2, transferred=1)`` → that many handlings of each outcome."""
    return [
        Handling(problem=f"p{i}", outcome=outcome)  # type: ignore[arg-type]
        for outcome, n in counts.items()
        for i in range(n)
    ]


def stack(layers: list[dict[str, Any]], **extra: Any) -> Stack:
    value = {"schema_version": 1, "id": "t", "name": "T", "summary": "s", "layers": layers}
    return msgspec.convert({**value, **extra}, Stack)


def layer(level: int, ident: str = "", **extra: Any) -> dict[str, Any]:
    return {"id": ident or f"l{level}", "level": level, "name": "N", "summary": "s", **extra}


# --- progression index and transfer share ---------------------------------------------


def test_fixture_numbers(fixture_catalog: Catalog) -> None:
    alpha = progression(fixture_catalog.stack("alpha"))
    # solved, mitigated, solved, solved: (1 + 0.5 + 1 + 1) / 4
    assert alpha.score.count == 4
    assert alpha.score.index == pytest.approx(0.875)
    assert alpha.score.transfer_share == 0
    assert alpha.verdict == "capability progression"
    beta = progression(fixture_catalog.stack("beta"))
    # transferred, transferred, mitigated: 0.5 / 3 and 2 / 3
    assert beta.score.index == pytest.approx(0.5 / 3)
    assert beta.score.transfer_share == pytest.approx(2 / 3)
    assert beta.score.outcomes == {"solved": 0, "mitigated": 1, "transferred": 2, "worsened": 0}
    assert beta.verdict == "problem transfer"


def test_scores_per_layer_step(fixture_catalog: Catalog) -> None:
    steps = progression(fixture_catalog.stack("alpha")).steps
    assert [(s.layer.id, s.score.index, s.score.count) for s in steps] == [
        ("middle", 0.75, 2),
        ("top", 1.0, 2),
    ]
    steps = progression(fixture_catalog.stack("beta")).steps
    assert [(s.layer.id, s.score.transfer_share, s.score.verdict) for s in steps] == [
        ("rollup", 1.0, "problem transfer"),
        ("appchain", 0.5, "problem transfer"),
    ]


def test_outcome_scores() -> None:
    assert score(handlings(solved=1)).index == 1
    assert score(handlings(mitigated=1)).index == 0.5
    assert score(handlings(transferred=1)).index == 0
    assert score(handlings(worsened=1)).index == 0
    assert score(handlings(worsened=1)).transfer_share == 0
    assert score(handlings(transferred=1)).transfer_share == 1


@pytest.mark.parametrize(
    ("counts", "index", "share", "expected"),
    [
        # index exactly 0.6, nothing transferred: progression
        ({"solved": 2, "mitigated": 2, "worsened": 1}, 0.6, 0.0, "capability progression"),
        # index just under 0.6: mixed
        ({"solved": 1, "mitigated": 2, "worsened": 2}, 0.4, 0.0, "mixed"),
        ({"solved": 11, "worsened": 9}, 0.55, 0.0, "mixed"),
        # transfer share just under 0.25 with a high index: progression
        ({"solved": 4, "transferred": 1}, 0.8, 0.2, "capability progression"),
        # transfer share exactly 0.25 (index exactly 0.6): no longer progression
        ({"solved": 9, "mitigated": 6, "transferred": 5}, 0.6, 0.25, "mixed"),
        ({"solved": 3, "transferred": 1}, 0.75, 0.25, "mixed"),
        # between 0.25 and 0.4: mixed, whatever the index
        ({"solved": 2, "transferred": 1}, 2 / 3, 1 / 3, "mixed"),
        # transfer share exactly 0.4: problem transfer, even with index 0.6
        ({"solved": 3, "transferred": 2}, 0.6, 0.4, "problem transfer"),
        ({"transferred": 1}, 0.0, 1.0, "problem transfer"),
        # low index, little transfer: mixed
        ({"worsened": 3}, 0.0, 0.0, "mixed"),
    ],
)
def test_verdict_thresholds(
    counts: dict[str, int], index: float, share: float, expected: str
) -> None:
    result = score(handlings(**counts))
    assert result.index == pytest.approx(index)
    assert result.transfer_share == pytest.approx(share)
    assert verdict(result) == expected
    assert result.verdict == expected


def test_thresholds_live_in_one_place() -> None:
    assert analysis.PROGRESSION_MIN_INDEX == 0.6
    assert analysis.PROGRESSION_MAX_TRANSFER == 0.25
    assert analysis.TRANSFER_MIN_SHARE == 0.4


def test_no_data() -> None:
    assert score([]).verdict == "no data"
    result = progression(stack([layer(1), layer(2)]))
    assert result.verdict == "no data"
    assert result.score.count == 0
    assert result.steps == ()


# --- problem flow ---------------------------------------------------------------------


def test_problem_flow(fixture_catalog: Catalog) -> None:
    flows = problem_flows(fixture_catalog.stack("alpha"))
    summary = [
        (f.problem.id, f.introduced_by and f.introduced_by.id, [h.layer.id for h in f.handlings])
        for f in flows
    ]
    assert summary == [
        ("slow", "base", ["middle"]),
        ("fragile", "base", ["middle", "top"]),
        ("costly", "middle", ["top"]),
    ]
    # The status is the last outcome: fragile is mitigated, then solved.
    assert [f.status for f in flows] == ["solved", "solved", "solved"]


def test_problem_flow_status_and_transfers(fixture_catalog: Catalog) -> None:
    flows = {f.problem.id: f for f in problem_flows(fixture_catalog.stack("beta"))}
    assert flows["congestion"].status == "mitigated"  # transferred, then mitigated
    assert [h.handling.outcome for h in flows["congestion"].handlings] == [
        "transferred",
        "mitigated",
    ]
    assert flows["congestion"].transferred_into == ("fragmentation",)
    assert flows["fragmentation"].status == "transferred"
    assert flows["more-fragmentation"].status == "unaddressed"
    assert flows["more-fragmentation"].handlings == ()


def test_problem_nobody_introduces_comes_last() -> None:
    flows = problem_flows(
        stack(
            [layer(1, introduces=["b"]), layer(2)],
            problems=[{"id": "orphan", "name": "O"}, {"id": "b", "name": "B"}],
        )
    )
    assert [(f.problem.id, f.introduced_by) for f in flows][1] == ("orphan", None)
    assert flows[0].problem.id == "b"
    assert flows[1].status == "unaddressed"


# --- alignment ------------------------------------------------------------------------


def test_alignment_with_gaps(fixture_catalog: Catalog) -> None:
    alpha, beta = fixture_catalog.stack("alpha"), fixture_catalog.stack("beta")
    rows = align([alpha, beta])
    shown = [(r.level, [la.id if la else None for la in r.layers]) for r in rows]
    # alpha has levels 1-3, beta 1, 2 and 4: level 3 and 4 each have an empty slot.
    assert shown == [
        (1, ["base", "chain"]),
        (2, ["middle", "rollup"]),
        (3, ["top", None]),
        (4, [None, "appchain"]),
    ]


def test_alignment_of_several_stacks() -> None:
    a = stack([layer(0), layer(7)])
    b = stack([layer(3)])
    c = stack([layer(7), layer(9)])
    rows = align([a, b, c])
    assert [r.level for r in rows] == [0, 3, 7, 9]
    assert [[la is not None for la in r.layers] for r in rows] == [
        [True, False, False],
        [False, True, False],
        [True, False, True],
        [False, False, True],
    ]
    assert align([]) == ()


# --- drivers and dimensions -----------------------------------------------------------


def test_drivers_heaviest_first_with_indicators(fixture_catalog: Catalog) -> None:
    views = analysis.drivers(fixture_catalog.stack("alpha"))
    assert [(v.driver.id, v.driver.weight) for v in views] == [
        ("competition", 0.7),
        ("money", 0.3),
    ]
    [indicator] = views[0].indicators
    assert indicator.metric_id == "base-speed"
    assert indicator.metric is not None
    assert indicator.metric.value == 10


def test_dimension_answers(fixture_catalog: Catalog) -> None:
    alpha, beta = fixture_catalog.stack("alpha"), fixture_catalog.stack("beta")
    answers = analysis.dimension_answers(fixture_catalog.dimensions, [alpha, beta])
    assert [(d.id, a) for d, a in answers] == [
        ("layer-meaning", ("a capability tier", "a settlement tier")),
        ("competes-on", ("speed", None)),
    ]


def test_latest_metric_value() -> None:
    metric = Metric(
        id="m",
        name="M",
        value=3,
        as_of="2024",
        source="s",
        series=(Point(as_of="2023", value=1), Point(as_of="2025-06", value=9)),
    )
    assert analysis.latest(metric) == ("2025-06", 9)
    older = Metric(id="m", name="M", value=3, as_of="2026", source="s", series=metric.series)
    assert analysis.latest(older) == ("2026", 3)


# --- problem debt ---------------------------------------------------------------------


def test_problem_debt_by_level() -> None:
    levels = debt(
        stack(
            [
                layer(1, introduces=["a", "b", "c"]),
                layer(
                    2,
                    introduces=["d", "e"],
                    addresses=[
                        {"problem": "a", "outcome": "solved"},
                        {"problem": "b", "outcome": "transferred", "into": ["d"]},
                        {"problem": "c", "outcome": "mitigated"},
                    ],
                ),
                layer(
                    3,
                    introduces=["f"],
                    addresses=[
                        {"problem": "d", "outcome": "worsened"},
                        {"problem": "e", "outcome": "solved"},
                        {"problem": "c", "outcome": "solved"},
                        # b was transferred below: closed there, whatever comes later.
                        {"problem": "b", "outcome": "worsened"},
                    ],
                ),
            ],
            problems=[
                {"id": "a", "name": "A", "severity": "high"},
                {"id": "b", "name": "B"},
                {"id": "c", "name": "C", "severity": "low"},
                {"id": "d", "name": "D", "severity": "high"},
                {"id": "e", "name": "E", "severity": "low"},
                {"id": "f", "name": "F"},
            ],
        )
    )
    # L1: a, b, c introduced, nothing handled: 3 open (high a, medium b, low c).
    # L2: d, e added; a solved, b transferred (into d): c, d, e open (mitigated c stays).
    # L3: f added; e and c solved, d worsened: d and f open.
    assert [(d.level, [p.id for p in d.open]) for d in levels] == [
        (1, ["a", "b", "c"]),
        (2, ["c", "d", "e"]),
        (3, ["d", "f"]),
    ]
    assert [d.by_severity for d in levels] == [
        {"high": 1, "medium": 1, "low": 1},
        {"high": 1, "medium": 0, "low": 2},
        {"high": 1, "medium": 1, "low": 0},
    ]
    assert [d.total for d in levels] == [3, 3, 2]
    assert list(levels[0].by_severity) == ["high", "medium", "low"]


def test_problem_debt_of_a_transfer_chain(fixture_catalog: Catalog) -> None:
    # beta: chain introduces congestion (high); rollup transfers it into fragmentation;
    # appchain transfers fragmentation into more-fragmentation and mitigates congestion
    # (closed already by the transfer at level 2).
    levels = debt(fixture_catalog.stack("beta"))
    assert [(d.layer.id, [p.id for p in d.open]) for d in levels] == [
        ("chain", ["congestion"]),
        ("rollup", ["fragmentation"]),
        ("appchain", ["more-fragmentation"]),
    ]
    assert levels[0].by_severity["high"] == 1
    assert levels[1].by_severity["high"] == 0


def test_problem_debt_without_problems() -> None:
    levels = debt(stack([layer(1), layer(4)]))
    assert [(d.level, d.total, d.by_severity) for d in levels] == [
        (1, 0, {"high": 0, "medium": 0, "low": 0}),
        (4, 0, {"high": 0, "medium": 0, "low": 0}),
    ]
