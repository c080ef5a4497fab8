"""Diffs of two editions of a stack: every kind of change, worked out by hand."""

from __future__ import annotations

import copy
from typing import Any

import msgspec
import pytest

from layerscope.analysis.diff import Change, StackDiff, diff
from layerscope.model import Stack

OLD: dict[str, Any] = {
    "schema_version": 1,
    "id": "t",
    "name": "T",
    "summary": "s",
    "as_of": "2025-01",
    "layers": [
        {
            "id": "base",
            "level": 1,
            "name": "Base",
            "summary": "s",
            "introduces": ["p1", "p2"],
            "examples": [
                {"name": "Alpha", "launched": "2020"},
                {"name": "Beta", "id": "beta", "launched": "2021"},
            ],
            "metrics": [
                {"id": "m1", "name": "M1", "value": 10, "as_of": "2024", "source": "s1"},
                {"id": "m2", "name": "M2", "value": 3, "as_of": "2024", "source": "s1"},
            ],
        },
        {
            "id": "mid",
            "level": 2,
            "name": "Middle",
            "summary": "s",
            "introduces": ["p3"],
            "addresses": [
                {"problem": "p1", "outcome": "transferred", "into": ["p3"], "note": "moved"},
                {"problem": "p2", "outcome": "mitigated", "note": "a little"},
            ],
            "metrics": [{"id": "m3", "name": "M3", "value": 1, "as_of": "2024", "source": "s1"}],
        },
        {
            "id": "gone",
            "level": 3,
            "name": "Gone",
            "summary": "s",
            "addresses": [{"problem": "p3", "outcome": "worsened"}],
            "examples": [{"name": "Gamma"}],
            "metrics": [{"id": "m4", "name": "M4", "value": 1, "as_of": "2024", "source": "s1"}],
        },
    ],
    "problems": [
        {"id": "p1", "name": "P1"},
        {"id": "p2", "name": "P2", "severity": "low"},
        {"id": "p3", "name": "P3"},
    ],
    "drivers": [{"id": "d", "name": "D", "weight": 0.6}, {"id": "e", "name": "E", "weight": 0.4}],
    "sources": [{"id": "s1", "title": "One"}, {"id": "s2", "title": "Two"}],
}


def edition(change: Any = None) -> Stack:
    value = copy.deepcopy(OLD)
    if change is not None:
        change(value)
    return msgspec.convert(value, Stack)


def _new(value: dict[str, Any]) -> None:
    base, mid, _gone = value["layers"]
    value["as_of"] = "2025-06"
    base["name"] = "Base layer"  # renamed
    base["examples"][0]["launched"] = "2020-05"  # Alpha changed
    base["examples"][1:] = [{"name": "Delta", "launched": "2024"}]  # beta removed, Delta added
    base["metrics"][0]["value"] = 12  # m1 changed
    del base["metrics"][1]  # m2 removed
    base["metrics"].append(mid["metrics"].pop())  # m3 moved from mid to base
    mid["summary"] = "new summary"
    mid["addresses"][0] = {"problem": "p1", "outcome": "solved", "note": "fixed"}
    mid["addresses"][1]["note"] = "a little more"  # p2: same outcome, new note
    mid["introduces"] = []
    mid["metrics"].append({"id": "m5", "name": "M5", "value": 2, "as_of": "2025", "source": "s3"})
    value["layers"][2] = {
        "id": "top",
        "level": 4,
        "name": "Top",
        "summary": "s",
        "addresses": [{"problem": "p2", "outcome": "solved"}],
        "metrics": [{"id": "m6", "name": "M6", "value": 1, "as_of": "2025", "source": "s1"}],
    }
    value["problems"] = [
        {"id": "p1", "name": "P1"},
        {"id": "p2", "name": "P2", "severity": "high"},
        {"id": "p4", "name": "P4"},
    ]
    value["drivers"][0]["weight"] = 0.5
    value["drivers"][1]["weight"] = 0.5
    value["sources"] = [{"id": "s1", "title": "One (2nd ed.)"}, {"id": "s3", "title": "Three"}]


@pytest.fixture(scope="module")
def changes() -> StackDiff:
    return diff(edition(), edition(_new))


def summary(group: tuple[Change[Any], ...]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return [(c.kind, c.layer, c.key, c.fields) for c in group]


def test_layers_added_removed_renamed(changes: StackDiff) -> None:
    assert summary(changes.layers) == [
        ("changed", "base", "base", ("name",)),
        ("changed", "mid", "mid", ("summary", "introduces")),
        ("added", "top", "top", ()),
        ("removed", "gone", "gone", ()),
    ]
    assert changes.layers[0].renamed and not changes.layers[1].renamed
    assert changes.layers[0].old is not None and changes.layers[0].old.name == "Base"
    assert changes.layers[0].record.name == "Base layer"


def test_problems_added_removed_changed(changes: StackDiff) -> None:
    assert summary(changes.problems) == [
        ("changed", "", "p2", ("severity",)),
        ("added", "", "p4", ()),
        ("removed", "", "p3", ()),
    ]


def test_handlings_whose_outcome_or_note_changed(changes: StackDiff) -> None:
    # The layers kept on both sides only: gone's and top's handlings go with their layers.
    assert summary(changes.handlings) == [
        ("changed", "mid", "p1", ("outcome", "into", "note")),
        ("changed", "mid", "p2", ("note",)),
    ]
    moved = changes.handlings[0]
    assert moved.old is not None and moved.new is not None
    assert (moved.old.outcome, moved.new.outcome) == ("transferred", "solved")
    assert (moved.old.note, moved.new.note) == ("moved", "fixed")


def test_examples_by_id_or_name(changes: StackDiff) -> None:
    assert summary(changes.examples) == [
        ("changed", "base", "Alpha", ("launched",)),
        ("added", "base", "Delta", ()),
        ("removed", "base", "beta", ()),
    ]


def test_metrics_value_changes_and_moves(changes: StackDiff) -> None:
    # m4 went with the removed layer and m6 came with the added one.
    assert summary(changes.metrics) == [
        ("changed", "base", "m1", ("value",)),
        ("added", "mid", "m5", ()),
        ("removed", "base", "m2", ()),
        ("changed", "base", "m3", ("layer",)),
    ]
    m1 = changes.metrics[0]
    assert m1.old is not None and m1.new is not None
    assert (m1.old.value, m1.new.value) == (10, 12)


def test_sources_drivers_and_the_stack_itself(changes: StackDiff) -> None:
    assert summary(changes.sources) == [
        ("changed", "", "s1", ("title",)),
        ("added", "", "s3", ()),
        ("removed", "", "s2", ()),
    ]
    assert summary(changes.drivers) == [
        ("changed", "", "d", ("weight",)),
        ("changed", "", "e", ("weight",)),
    ]
    assert changes.stack == ("as_of",)
    assert changes.count == 1 + 4 + 3 + 2 + 3 + 4 + 3 + 2


def test_verdict_before_and_after(changes: StackDiff) -> None:
    # Before: transferred, mitigated, worsened: index 0.5 / 3, 1 of 3 transferred.
    before, after = changes.before, changes.after
    assert (before.count, before.index, before.transfer_share) == pytest.approx((3, 0.5 / 3, 1 / 3))
    assert before.verdict == "mixed"
    # After: solved, mitigated, solved: index 2.5 / 3, nothing transferred.
    assert (after.count, after.index, after.transfer_share) == pytest.approx((3, 2.5 / 3, 0))
    assert after.verdict == "capability progression"
    assert changes.verdict_changed


def test_equal_editions_have_no_changes() -> None:
    same = diff(edition(), edition())
    assert same.equal and same.same_stack
    assert same.count == 0
    assert not same.verdict_changed
    assert all(not group for _, group in same.groups())


def test_a_handling_added_and_removed_in_a_kept_layer() -> None:
    def swap(value: dict[str, Any]) -> None:
        value["layers"][1]["addresses"][1] = {"problem": "p1", "outcome": "worsened"}

    found = diff(edition(), edition(swap))
    # p1 now appears twice in mid: the second one is told apart, p2's handling is gone.
    assert summary(found.handlings) == [
        ("added", "mid", "p1#2", ()),
        ("removed", "mid", "p2", ()),
    ]


def test_two_different_stacks_are_allowed_and_said() -> None:
    def other(value: dict[str, Any]) -> None:
        value["id"] = "u"
        value["name"] = "U"

    found = diff(edition(), edition(other))
    assert not found.same_stack and not found.equal
    assert found.stack == ("id", "name")
    assert summary(found.layers) == []
