"""Time: dates of mixed precision, a stack as of a date, lags and verdict history.

The answers are worked out by hand from the small stacks below.
"""

from __future__ import annotations

from typing import Any

import msgspec
import pytest

from layerscope.analysis import progression
from layerscope.analysis.time import (
    DateError,
    as_of,
    first_day,
    first_launches,
    known_by,
    lags,
    last_day,
    metric_at,
    months_between,
    parse_date,
    verdict_history,
)
from layerscope.catalog import Catalog
from layerscope.model import Metric, Stack


def stack(layers: list[dict[str, Any]], **extra: Any) -> Stack:
    value = {"schema_version": 1, "id": "t", "name": "T", "summary": "s", "layers": layers}
    return msgspec.convert({**value, **extra}, Stack)


def layer(level: int, ident: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "level": level, "name": ident.title(), "summary": "s", **extra}


def metric(ident: str, value: float, date: str, *series: tuple[str, float]) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident,
        "value": value,
        "as_of": date,
        "source": "s1",
        "series": [{"as_of": d, "value": v} for d, v in series],
    }


# base (L1): launches 2020-03-10 and "2021"; introduces p1 and p2; metric m1.
# mid (L2): launches 2022-05-01 and one undated; p1 solved (as_of 2022-07, an alternative
#   dated 2023), p2 transferred into p3 (undated); introduces p3.
# top (L3): launches "2024"; p3 mitigated, evidence dated 2023-12-15.
# plain (L5): no examples at all; p1 worsened (undated).
HAND = stack(
    [
        layer(
            1,
            "base",
            introduces=["p1", "p2"],
            examples=[{"name": "A", "launched": "2020-03-10"}, {"name": "B", "launched": "2021"}],
            metrics=[metric("m1", 10, "2022-06", ("2020", 1), ("2021-03", 4))],
        ),
        layer(
            2,
            "mid",
            introduces=["p3"],
            addresses=[
                {
                    "problem": "p1",
                    "outcome": "solved",
                    "as_of": "2022-07",
                    "alternatives": [{"outcome": "mitigated", "as_of": "2023"}],
                },
                {"problem": "p2", "outcome": "transferred", "into": ["p3"]},
            ],
            examples=[{"name": "C", "launched": "2022-05-01"}, {"name": "D"}],
            metrics=[metric("m2", 7, "2022-05")],
        ),
        layer(
            3,
            "top",
            addresses=[{"problem": "p3", "outcome": "mitigated", "as_of": "2023-12-15"}],
            examples=[{"name": "E", "launched": "2024"}],
        ),
        layer(5, "plain", addresses=[{"problem": "p1", "outcome": "worsened"}]),
    ],
    as_of="2025",
    problems=[{"id": p, "name": p.upper()} for p in ("p1", "p2", "p3")],
    drivers=[{"id": "d", "name": "D", "weight": 1.0, "indicators": ["m1", "m2"]}],
    sources=[{"id": "s1", "title": "S"}],
)


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["2024", "2024-06", "2024-02-29", " 2024-06 ", "0001"])
def test_good_dates_are_kept_as_written(text: str) -> None:
    assert parse_date(text) == text.strip()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2024-13", "'2024-13' is not a date: there is no month 13"),
        ("2024-00", "there is no month 0"),
        ("2024-02-30", "'2024-02-30' is not a date: February 2024 has 29 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2024-04-31", "April 2024 has 30 days"),
        ("0000", "there is no year 0"),
        ("2024-6", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("24-06", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024/06", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("June 2024", "use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("", "use YYYY, YYYY-MM or YYYY-MM-DD"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(text)


@pytest.mark.parametrize(
    ("recorded", "date", "known"),
    [
        ("2024-06", "2024-06", True),
        ("2024-06-30", "2024-06", True),
        ("2024-07-01", "2024-06", False),
        # The conservative reading: a month counts once it is over, a year likewise.
        ("2024-06", "2024-06-15", False),
        ("2024", "2024-06", False),
        ("2024", "2024-12-30", False),
        ("2024", "2024-12-31", True),
        ("2024", "2024", True),
        ("2023", "2024-01-01", True),
    ],
)
def test_a_record_is_known_once_its_period_is_over(recorded: str, date: str, known: bool) -> None:
    assert known_by(recorded, date) is known


def test_months_between_counts_calendar_months() -> None:
    assert months_between("2023-03-14", "2024-09-12") == 18
    assert months_between("2024-09-12", "2023-03-30") == -18
    assert months_between("2022-05-01", "2024") == 20  # a year reads as its January


# --- a metric at a date ---------------------------------------------------------------


def _metric(value: dict[str, Any]) -> Metric:
    return msgspec.convert(value, Metric)


def test_metric_value_comes_from_the_latest_point_known_then() -> None:
    m1 = _metric(metric("m1", 10, "2022-06", ("2020", 1), ("2021-03", 4)))
    assert metric_at(m1, "2019") is None
    assert metric_at(m1, "2020-06") is None  # "2020" is known only from 2020-12-31
    then = metric_at(m1, "2020")
    assert then is not None and (then.value, then.as_of) == (1, "2020")
    assert [p.as_of for p in then.series] == ["2020"]
    then = metric_at(m1, "2022-05-31")
    assert then is not None and (then.value, then.as_of) == (4, "2021-03")
    assert metric_at(m1, "2022-06") is m1  # its own value, the whole history
    assert metric_at(m1, "2030") is m1


def test_a_precise_point_beats_a_year_that_ends_later() -> None:
    # "2024" ends after 2024-12-20 but began long before it: the precise point is later.
    arc = _metric(metric("arc", 80, "2025-03", ("2024", 5), ("2024-12-20", 70)))
    assert metric_at(arc, "2024-12-19") is None
    then = metric_at(arc, "2024-12-25")
    assert then is not None and (then.value, then.as_of) == (70, "2024-12-20")
    then = metric_at(arc, "2024")
    assert then is not None and then.value == 70
    assert [p.as_of for p in then.series] == ["2024", "2024-12-20"]
    then = metric_at(arc, "2025-03")
    assert then is not None and then.value == 80


# --- a stack as of a date -------------------------------------------------------------


def _outcomes(result: Stack) -> list[tuple[str, str, str]]:
    return [(la.id, h.problem, h.outcome) for la in result.layers for h in la.addresses]


def test_before_the_middle_layer_launches() -> None:
    then = as_of(HAND, "2021")
    assert [la.id for la in then.stack.layers] == ["base", "plain"]
    assert [la.id for la in then.layers_dropped] == ["mid", "top"]
    # plain has no dated example, so it is always there; its handling is undated.
    assert _outcomes(then.stack) == [("plain", "p1", "worsened")]
    assert then.handlings_undated == 1
    assert then.handlings_dropped == 3  # the three handlings of mid and top
    assert then.examples_dropped == 3  # C, D and E
    assert [p.id for p in then.stack.problems] == ["p1", "p2"]
    assert then.problems_dropped == 1
    base = then.stack.layers[0]
    assert [e.name for e in base.examples] == ["A", "B"]
    assert (base.metrics[0].value, base.metrics[0].as_of) == (4, "2021-03")
    assert then.metrics_from_series == 1
    assert then.metrics_dropped == 1  # m2 went with mid
    assert then.stack.drivers[0].indicators == ("m1",)
    assert then.stack.as_of == "2021"
    score = progression(then.stack).score
    assert (score.count, score.index, score.transfer_share) == (1, 0.0, 0.0)
    assert then.changed and not then.empty
    assert then.first_launch is None


def test_evidence_dated_after_the_date_is_left_out() -> None:
    then = as_of(HAND, "2022-06")
    assert [la.id for la in then.stack.layers] == ["base", "mid", "plain"]
    # p1's solution is dated 2022-07; p2's transfer is undated and stays.
    assert _outcomes(then.stack) == [("mid", "p2", "transferred"), ("plain", "p1", "worsened")]
    assert then.handlings_undated == 2
    assert then.examples_undated == 1  # D
    assert [e.name for e in then.stack.layers[1].examples] == ["C", "D"]
    assert then.stack.layers[0].metrics[0].value == 10
    assert progression(then.stack).verdict == "problem transfer"  # 1 of 2 transferred

    then = as_of(HAND, "2022-07")
    assert _outcomes(then.stack)[0] == ("mid", "p1", "solved")
    assert then.stack.layers[1].addresses[0].alternatives == ()  # dated 2023
    assert then.alternatives_dropped == 1
    score = progression(then.stack).score
    assert score.index == pytest.approx(1 / 3) and score.transfer_share == pytest.approx(1 / 3)


def test_a_layer_counts_once_its_first_example_is_known() -> None:
    # top's only example is dated "2024": not known before 2024-12-31.
    assert "top" not in [la.id for la in as_of(HAND, "2024-06").stack.layers]
    then = as_of(HAND, "2024")
    assert [la.id for la in then.stack.layers] == ["base", "mid", "top", "plain"]
    assert then.stack.layers[1].addresses[0].alternatives != ()
    score = progression(then.stack).score
    assert score.count == 4 and score.index == pytest.approx(1.5 / 4)


def test_long_after_everything_only_the_stack_date_stays() -> None:
    then = as_of(HAND, "2030")
    assert not then.changed
    assert then.stack.layers == HAND.layers
    assert then.stack.as_of == "2025"  # the data is not newer than it says


def test_before_every_record_nothing_was_known() -> None:
    dated = msgspec.structs.replace(HAND, layers=HAND.layers[:3])  # without plain
    then = as_of(dated, "2019-12")
    assert then.empty
    assert then.first_launch == "2020-03-10"
    assert then.stack.layers == ()
    assert then.stack.problems == ()
    assert progression(then.stack).verdict == "no data"


def test_the_stack_date_caps_a_record_dated_by_its_year() -> None:
    # A file as of 2026-11 already holds what it dates "2026": known by 2026-11, not later.
    recent = stack(
        [
            layer(1, "a", introduces=["p"], examples=[{"name": "x", "launched": "2020"}]),
            layer(
                2,
                "b",
                addresses=[{"problem": "p", "outcome": "solved", "as_of": "2026"}],
                metrics=[metric("m", 5, "2026")],
            ),
        ],
        as_of="2026-11",
        problems=[{"id": "p", "name": "P"}],
        sources=[{"id": "s1", "title": "S"}],
    )
    before = as_of(recent, "2026-10")
    assert before.handlings_dropped == 1 and before.metrics_dropped == 1
    now = as_of(recent, "2026-11")
    assert not now.changed
    assert now.stack == recent
    assert [(p.date, p.score.count) for p in verdict_history(recent)] == [("2026-11", 1)]


def test_as_of_rejects_a_bad_date() -> None:
    with pytest.raises(DateError):
        as_of(HAND, "2024-02-30")


# --- lags -----------------------------------------------------------------------------


def test_first_launch_and_lag_per_level() -> None:
    firsts = first_launches(HAND)
    assert [f.date for f in firsts] == ["2020-03-10", "2022-05-01", "2024", None]
    found = [(g.lower.layer.id, g.upper.layer.id, g.months, g.approximate) for g in lags(HAND)]
    assert found == [
        ("base", "mid", 26, False),
        ("mid", "top", 20, True),  # "2024" names only a year
        ("top", "plain", None, False),  # plain has no dated example
    ]


def test_a_level_that_launched_first_has_a_negative_lag() -> None:
    early = stack(
        [
            layer(1, "a", examples=[{"name": "x", "launched": "2024-09"}, {"name": "y"}]),
            layer(2, "b", examples=[{"name": "z", "launched": "2023-03-30"}]),
        ]
    )
    (lag,) = lags(early)
    assert lag.months == -18
    assert lag.lower.example is not None and lag.lower.example.name == "x"


# --- verdict history ------------------------------------------------------------------


def test_verdict_history_has_a_point_per_change_of_dated_evidence() -> None:
    points = verdict_history(HAND)
    # plain/p1 counts once base launches (it is p1's introducer); mid/p2 when mid launches;
    # mid/p1 from its evidence; top/p3 when top launches ("2024" is later than its evidence).
    assert [p.date for p in points] == ["2020-03-10", "2022-05-01", "2022-07", "2024"]
    assert [p.score.count for p in points] == [1, 2, 3, 4]
    assert [p.score.verdict for p in points] == ["mixed", "problem transfer", "mixed", "mixed"]
    assert points[-1].score == progression(HAND).score


def test_undated_evidence_is_the_first_point() -> None:
    plain = stack(
        [
            layer(1, "a", introduces=["p"]),
            layer(2, "b", addresses=[{"problem": "p", "outcome": "solved"}]),
            layer(
                3,
                "c",
                introduces=["q"],
                addresses=[{"problem": "p", "outcome": "transferred", "as_of": "2020"}],
            ),
        ],
        problems=[{"id": "p", "name": "P"}, {"id": "q", "name": "Q"}],
    )
    points = verdict_history(plain)
    assert [(p.date, p.score.count, p.score.verdict) for p in points] == [
        (None, 1, "capability progression"),
        ("2020", 2, "problem transfer"),
    ]


def test_history_agrees_with_as_of_on_the_shipped_data(shipped: Catalog) -> None:
    for stack_ in shipped.stacks.values():
        points = verdict_history(stack_)
        assert points, stack_.id
        for point in points:
            if point.date is not None:
                assert progression(as_of(stack_, point.date).stack).score == point.score
        assert points[-1].score == progression(stack_).score


def test_every_shipped_handling_is_dated_by_its_stack_date(shipped: Catalog) -> None:
    for stack_ in shipped.stacks.values():
        for layer_ in stack_.layers:
            for handling in layer_.addresses:
                assert handling.as_of is not None, (stack_.id, layer_.id, handling.problem)
                assert stack_.as_of is not None
                assert first_day(handling.as_of) <= last_day(stack_.as_of)


@pytest.fixture(scope="module")
def shipped() -> Catalog:
    from layerscope.catalog import load_catalog, search_path

    return load_catalog(search_path(user_data=False), cached=False)
