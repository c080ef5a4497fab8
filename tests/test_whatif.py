"""What-if: changes applied to copies of the records, and what-if files with located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from layerscope.analysis import progression
from layerscope.analysis.debt import debt
from layerscope.analysis.whatif import (
    Change,
    WhatIfError,
    apply,
    load_changes,
    outcome_before,
    parse_changes,
    with_changes,
)
from layerscope.catalog import Catalog, load_paths
from layerscope.model import Stack

GAMMA = Path(__file__).resolve().parent / "fixtures" / "verdict" / "gamma.yaml"


@pytest.fixture
def catalog() -> Catalog:
    return load_paths([GAMMA])


@pytest.fixture
def gamma(catalog: Catalog) -> Stack:
    return catalog.stack("gamma")


def handling(stack: Stack, layer: str, problem: str):  # type: ignore[no-untyped-def]
    found = stack.layer(layer)
    assert found is not None
    return next(h for h in found.addresses if h.problem == problem)


# --- applying changes ---------------------------------------------------------------------


def test_a_listed_alternative_becomes_the_reading(gamma: Stack) -> None:
    stacks = apply({"gamma": gamma}, [Change("gamma", "lift", "leaky", "mitigated")])
    changed = handling(stacks["gamma"], "lift", "leaky")
    assert changed.outcome == "mitigated"
    # The alternative's own evidence comes with it; the data's reading is kept as an
    # alternative, so the record still says what the file holds.
    assert changed.note == "[bold]Leaks[/] less when idle."
    assert changed.sources == ("g2",)
    assert [(a.outcome, a.note, a.sources) for a in changed.alternatives] == [
        ("worsened", "Leaks more under load.", ("g1",))
    ]
    # The original record is untouched.
    assert handling(gamma, "lift", "leaky").outcome == "worsened"
    # Verdict recomputed: solved 2, mitigated 2, transferred 1: (2 + 1)/5 = .6 but share
    # .2 < .25: capability progression (from mixed, .5).
    assert progression(gamma).verdict == "mixed"
    assert progression(stacks["gamma"]).verdict == "capability progression"


def test_an_unlisted_outcome_has_no_evidence_of_its_own(gamma: Stack) -> None:
    stacks = apply({"gamma": gamma}, [Change("gamma", "lift", "noisy", "solved")])
    changed = handling(stacks["gamma"], "lift", "noisy")
    assert (changed.outcome, changed.into, changed.note, changed.sources) == (
        "solved",
        (),
        "",
        (),
    )
    assert [(a.outcome, a.into) for a in changed.alternatives] == [("transferred", ("locked",))]


def test_a_transfer_alternative_brings_its_new_problem(gamma: Stack) -> None:
    stacks = apply({"gamma": gamma}, [Change("gamma", "peak", "pricey", "transferred")])
    changed = handling(stacks["gamma"], "peak", "pricey")
    assert (changed.outcome, changed.into) == ("transferred", ("tangled",))
    # Debt at the top: leaky (worsened), locked (mitigated), tangled (nobody handles it) in
    # both; pricey is closed by the transfer as it was by the solution.
    assert [p.id for p in debt(stacks["gamma"])[-1].open] == ["leaky", "locked", "tangled"]
    # Away from a transfer, `into` goes: solved leaves nothing transferred.
    back = apply(stacks, [Change("gamma", "peak", "pricey", "solved")])
    assert handling(back["gamma"], "peak", "pricey").into == ()


def test_changes_apply_in_order_and_leave_other_stacks_alone(catalog: Catalog) -> None:
    other = load_paths([GAMMA]).stack("gamma")
    stacks = {"gamma": catalog.stack("gamma"), "other": other}
    changes = [
        Change("gamma", "lift", "slow", "worsened"),
        Change("gamma", "L2", "slow", "mitigated"),  # a layer by its label, a later change
    ]
    out = apply(stacks, changes)
    assert handling(out["gamma"], "lift", "slow").outcome == "mitigated"
    assert out["other"] is other
    assert stacks["gamma"] is catalog.stack("gamma")  # the input mapping is not changed


def test_the_same_outcome_changes_nothing(gamma: Stack) -> None:
    out = apply({"gamma": gamma}, [Change("gamma", "lift", "slow", "solved")])
    assert out["gamma"] is gamma


def test_a_change_to_nothing_known_is_a_lookup_error(gamma: Stack) -> None:
    for change, message in [
        (Change("nope", "lift", "slow", "solved"), "no stack 'nope'"),
        (Change("gamma", "attic", "slow", "solved"), "no layer 'attic'"),
        (Change("gamma", "peak", "slow", "solved"), "does not address 'slow'"),
    ]:
        with pytest.raises(LookupError, match=message):
            apply({"gamma": gamma}, [change])


def test_with_changes_copies_the_catalog(catalog: Catalog) -> None:
    changed = with_changes(catalog, [Change("gamma", "lift", "leaky", "solved")])
    assert handling(changed.stack("gamma"), "lift", "leaky").outcome == "solved"
    assert handling(catalog.stack("gamma"), "lift", "leaky").outcome == "worsened"
    assert changed.files == catalog.files
    assert outcome_before(catalog.stacks, Change("gamma", "lift", "leaky", "solved")) == "worsened"


# --- what-if files ------------------------------------------------------------------------


def test_yaml_and_json_files(tmp_path: Path, catalog: Catalog) -> None:
    yaml_file = tmp_path / "w.yaml"
    yaml_file.write_text(
        "- {stack: gamma, layer: lift, problem: leaky, outcome: mitigated}\n"
        "- stack: gamma\n  layer: L3\n  problem: pricey\n  outcome: transferred\n"
    )
    json_file = tmp_path / "w.json"
    json_file.write_text(
        '[{"stack": "gamma", "layer": "lift", "problem": "leaky", "outcome": "mitigated"},\n'
        ' {"stack": "gamma", "layer": "peak", "problem": "pricey", "outcome": "transferred"}]'
    )
    expected = (
        Change("gamma", "lift", "leaky", "mitigated"),
        Change("gamma", "peak", "pricey", "transferred"),  # the label L3 read as its id
    )
    assert load_changes(yaml_file, catalog.stacks) == expected
    assert load_changes(json_file, catalog.stacks) == expected
    assert parse_changes(b"[]\n", "empty.yaml", catalog.stacks) == ()


def errors(text: str, catalog: Catalog) -> list[tuple[str, int, int, str]]:
    with pytest.raises(WhatIfError) as caught:
        parse_changes(text.encode(), "w.yaml", catalog.stacks)
    for d in caught.value.diagnostics:
        assert d.file == "w.yaml"
        assert str(d).startswith(f"w.yaml:{d.line}:{d.column}: error {d.code}: ")
    return [(d.code, d.line, d.column, d.message) for d in caught.value.diagnostics]


@pytest.mark.parametrize(
    ("text", "code", "line", "column", "message"),
    [
        (
            "- {stack: gama, layer: lift, problem: leaky, outcome: solved}\n",
            "unknown-stack",
            1,
            11,
            "no stack 'gama' (did you mean 'gamma'?); known: gamma",
        ),
        (
            "- stack: gamma\n  layer: lfit\n  problem: leaky\n  outcome: solved\n",
            "unknown-layer",
            2,
            10,
            "stack 'gamma' has no layer 'lfit' (did you mean 'lift'?); known: ground, lift, peak",
        ),
        (
            "- stack: gamma\n  layer: lift\n  problem: leeky\n  outcome: solved\n",
            "unknown-problem",
            3,
            12,
            "stack 'gamma' has no problem 'leeky' (did you mean 'leaky'?)",
        ),
        (
            "- stack: gamma\n  layer: peak\n  problem: leaky\n  outcome: solved\n",
            "not-addressed",
            3,
            12,
            "layer 'peak' of 'gamma' does not address 'leaky'; layers that do: lift",
        ),
        (
            "- stack: gamma\n  layer: ground\n  problem: tangled\n  outcome: solved\n",
            "not-addressed",
            3,
            12,
            "layer 'ground' of 'gamma' does not address 'tangled'; no layer does",
        ),
        (
            "- stack: gamma\n  layer: lift\n  problem: leaky\n  outcome: fixed\n",
            "bad-outcome",
            4,
            12,
            "'fixed' is not one of solved | mitigated | transferred | worsened",
        ),
        (
            "- stack: gamma\n  layer: lift\n  problem: leaky\n  outcom: solved\n",
            "unknown-key",
            4,
            3,
            "unknown key 'outcom' (did you mean 'outcome'?)",
        ),
        (
            "- {stack: gamma, layer: lift, problem: leaky}\n",
            "missing-field",
            1,
            3,
            "the change has no 'outcome'",
        ),
        (
            "- {stack: gamma, layer: lift, problem: leaky, outcome: 3}\n",
            "wrong-type",
            1,
            56,
            "'outcome' must be text",
        ),
        (
            "stack: gamma\nlayer: lift\nproblem: leaky\noutcome: solved\n",
            "not-list",
            1,
            1,
            "a what-if file is a list of changes ({stack, layer, problem, outcome}), got dict",
        ),
        ("- just text\n", "not-mapping", 1, 3, "a change is a mapping of stack, layer"),
        ("- [unclosed\n", "yaml-syntax", 2, 1, ""),
        ("- &a {stack: gamma}\n- *a\n", "anchor", 1, 3, "anchors are not allowed"),
    ],
)
def test_located_errors(
    text: str, code: str, line: int, column: int, message: str, catalog: Catalog
) -> None:
    found = errors(text, catalog)
    assert (found[0][0], found[0][1], found[0][2]) == (code, line, column), found
    assert message in found[0][3]


def test_every_mistake_is_reported(catalog: Catalog) -> None:
    text = (
        "- {stack: gamma, layer: lift, problem: leaky, outcome: fixed}\n"
        "- {stack: gamma, layer: lift, problem: slow, outcome: mitigated}\n"
        "- {stack: gamma, layer: L2, problem: slow, outcome: worsened}\n"
        "- {stack: nope, layer: lift, problem: slow, outcome: solved}\n"
    )
    assert [(code, line) for code, line, _, _ in errors(text, catalog)] == [
        ("bad-outcome", 1),
        ("duplicate-change", 3),
        ("unknown-stack", 4),
    ]


def test_an_unreadable_file(tmp_path: Path, catalog: Catalog) -> None:
    with pytest.raises(OSError):
        load_changes(tmp_path / "missing.yaml", catalog.stacks)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(WhatIfError, match="empty-file"):
        load_changes(empty, catalog.stacks)


def test_what_if_never_writes_the_data(tmp_path: Path) -> None:
    data = tmp_path / "gamma.yaml"
    data.write_bytes(GAMMA.read_bytes())
    before = data.read_bytes(), data.stat().st_mtime_ns
    catalog = load_paths([data])
    changed = with_changes(catalog, [Change("gamma", "lift", "leaky", "solved")])
    assert progression(changed.stack("gamma")).verdict == "capability progression"
    assert (data.read_bytes(), data.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gamma.yaml"]
