"""Coverage of the catalog shipped in ``data/``.

The shipped AI, crypto and network stacks are the app's main content. The loader enforces
the schema and the rules (references resolve, ids, dates, `into`, weights, series order,
problems nobody introduces, profile answers to unknown dimensions): the shipped files load
without a single diagnostic, and the tests here add only what the loader does not check:
the coverage the project promises (layers, examples, metrics, sourced handlings, drivers,
every dimension answered, sources) and no unverified material; one written rubric; every
handling and alternative dated by its evidence; every source cited; dates and bounds that
mean what their fields say.

No test here checks an outcome: which outcome a handling gets is a judgement the data
makes (by the rubric at the top of each file) and may revise; tests check that it is
made with evidence, dated and sourced.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from layerscope.analysis.dates import bounds
from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.model import Handling, Stack

DATA = Path(__file__).resolve().parents[1] / "data"
MODELINE = "# yaml-language-server: $schema=stack.schema.json"

STACK_IDS = ("ai", "crypto", "network")
LAYERED_PAIR = ("ai", "crypto")

EXPECTED_LAYERS: dict[str, tuple[tuple[str, int], ...]] = {
    "ai": (("llm", 1), ("reasoning", 2), ("agents", 3)),
    "crypto": (("base-chains", 1), ("rollups", 2), ("app-chains", 3)),
    "network": (("link", 2), ("internet", 3), ("transport", 4), ("application", 7)),
}
EXPECTED_NAMES: dict[str, tuple[str, ...]] = {
    "ai": ("large language models", "reasoning models", "agents"),
    "crypto": ("base-layer public chains", "rollups", "application chains"),
    "network": ("link", "internet", "transport", "application"),
}


@cache
def catalog() -> Catalog:
    """The built-in data alone, every file parsed and checked (no cache of loaded files)."""
    return load_catalog([SearchDir(DATA, "built-in")], cached=False)


def stack(stack_id: str) -> Stack:
    return catalog().stack(stack_id)


def test_shipped_files_are_the_expected_ones() -> None:
    names = {p.name for p in DATA.glob("*.yaml")}
    assert {"ai.yaml", "crypto.yaml", "network.yaml", "dimensions.yaml"} <= names


@pytest.mark.parametrize("name", ["ai.yaml", "crypto.yaml", "network.yaml", "dimensions.yaml"])
def test_file_starts_with_modeline_and_has_no_tabs(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.splitlines()[0] == MODELINE
    assert "\t" not in text


def test_everything_loads_without_a_diagnostic() -> None:
    assert [str(d) for d in catalog().diagnostics] == []  # not even a warning
    assert sorted(catalog().stacks) == sorted(STACK_IDS)


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_stack_states_its_thesis(stack_id: str) -> None:
    assert stack(stack_id).thesis.strip()


def test_enough_dimensions_each_with_a_question() -> None:
    dims = catalog().dimensions
    assert len(dims) >= 5
    assert all(d.name.strip() and d.question.strip() for d in dims)


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_layers_match_the_stack_definition(stack_id: str) -> None:
    layers = stack(stack_id).layers
    assert tuple((layer.id, layer.level) for layer in layers) == EXPECTED_LAYERS[stack_id]
    for layer, expected in zip(layers, EXPECTED_NAMES[stack_id], strict=True):
        assert layer.name.lower().startswith(expected), (layer.id, layer.name)
        assert layer.summary.strip() and layer.description.strip()


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_example_and_metric_counts(stack_id: str) -> None:
    minimum_examples, minimum_metrics = (5, 3) if stack_id in LAYERED_PAIR else (3, 1)
    for layer in stack(stack_id).layers:
        assert len(layer.examples) >= minimum_examples, layer.id
        assert len(layer.metrics) >= minimum_metrics, layer.id


@pytest.mark.parametrize("stack_id", LAYERED_PAIR)
def test_examples_are_complete_and_sourced(stack_id: str) -> None:
    loaded = stack(stack_id)
    for layer in loaded.layers:
        for example in layer.examples:
            where = f"{layer.id}/{example.name}"
            assert example.org.strip(), where
            assert example.launched, where
            assert example.note.strip(), where
            assert example.url.startswith(("https://", "http://")), where
            assert example.sources, where


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_metric_is_defined(stack_id: str) -> None:
    for layer in stack(stack_id).layers:
        for metric in layer.metrics:
            assert metric.definition.strip(), metric.id


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_at_least_one_metric_has_a_history(stack_id: str) -> None:
    histories = [m for layer in stack(stack_id).layers for m in layer.metrics if len(m.series) >= 2]
    assert histories, f"{stack_id} needs a metric with a series"


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_upper_layers_address_problems_with_notes_and_sources(stack_id: str) -> None:
    loaded = stack(stack_id)
    for layer in loaded.layers[1:]:
        if stack_id in LAYERED_PAIR:
            assert layer.addresses, f"{layer.id} must say how it handles problems from below"
        for handling in layer.addresses:
            where = f"{layer.id}/{handling.problem}"
            assert handling.note.strip(), where
            assert handling.sources, where
            if handling.outcome == "transferred":
                assert handling.into, f"{where}: a transfer names what it turns into"
    assert not loaded.layers[0].addresses, "the bottom layer has nothing below to address"


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_problems_are_described(stack_id: str) -> None:
    loaded = stack(stack_id)
    assert loaded.problems
    for problem in loaded.problems:
        assert problem.description.strip(), problem.id


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_drivers_each_with_indicators(stack_id: str) -> None:
    loaded = stack(stack_id)
    assert len(loaded.drivers) >= 2
    for driver in loaded.drivers:
        assert driver.indicators, driver.id


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_dimension_is_answered(stack_id: str) -> None:
    profile = stack(stack_id).profile
    for dimension in catalog().dimensions:
        assert profile.get(dimension.id, "").strip(), dimension.id


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_sources_are_complete(stack_id: str) -> None:
    sources = stack(stack_id).sources
    if stack_id in LAYERED_PAIR:
        assert len(sources) >= 8
    for source in sources:
        assert source.title.strip() and source.publisher.strip(), source.id
        assert source.url.startswith(("https://", "http://")), source.id
        assert source.accessed, source.id


@pytest.mark.parametrize("stack_id", LAYERED_PAIR)
def test_thesis_article_is_cited(stack_id: str) -> None:
    urls = {s.url for s in stack(stack_id).sources}
    assert "https://www.gatenode.pro/post/status/11542017" in urls


def test_nothing_unverified_is_shipped() -> None:
    for path in sorted(DATA.rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "UNVERIFIED" not in text.upper(), path


def _handlings(stack_id: str) -> list[tuple[str, Handling]]:
    return [(layer.id, h) for layer in stack(stack_id).layers for h in layer.addresses]


def _raw(stack_id: str) -> dict[str, Any]:
    loaded = yaml.safe_load((DATA / f"{stack_id}.yaml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_the_unreliability_of_agents_is_in_the_data() -> None:
    # Coverage, not a judgement: the problem and its measurement are recorded.
    agents = stack("ai").layer("agents")
    assert agents is not None and "agent-unreliability" in agents.introduces
    assert stack("ai").metric("tau-retail-pass8") is not None


# -- One rubric -----------------------------------------------------------------------------


def _rubric_comment(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()[1:]
    block = []
    for line in lines:
        if not line.startswith("#"):
            break
        block.append(line)
    return block


def test_every_stack_file_opens_with_the_same_rubric() -> None:
    blocks = {name: _rubric_comment(name) for name in ("ai.yaml", "crypto.yaml", "network.yaml")}
    first = blocks["ai.yaml"]
    assert first and first[0].startswith("# How outcomes are judged")
    for word in ("solved", "mitigated", "transferred", "worsened", "no entry", "confidence"):
        assert any(word in line for line in first), word
    assert all(block == first for block in blocks.values())


def test_every_stack_annotates_the_same_rubric() -> None:
    rubrics = {sid: stack(sid).annotations.get("outcome-rubric", "") for sid in STACK_IDS}
    assert rubrics["ai"].strip()
    assert "layer directly below" in rubrics["ai"]
    assert len(set(rubrics.values())) == 1, "one rubric for every stack"


def test_readme_explains_how_outcomes_are_judged() -> None:
    readme = (DATA.parent / "README.md").read_text(encoding="utf-8")
    assert "How outcomes are judged" in readme


# -- Handlings and their alternatives -------------------------------------------------------


def _dates_in(text: str) -> set[str]:
    return set(re.findall(r"\b\d{4}(?:-\d{2}(?:-\d{2})?)?\b", text))


def _evidence_dates(stack_id: str, sources: tuple[str, ...], note: str) -> set[str]:
    loaded = stack(stack_id)
    published = {s.published for s in loaded.sources if s.id in sources and s.published}
    return published | _dates_in(note)


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_handling_and_alternative_is_dated_by_its_evidence(stack_id: str) -> None:
    loaded = stack(stack_id)
    assert loaded.as_of is not None
    for layer_id, handling in _handlings(stack_id):
        readings = [(handling.as_of, handling.sources, handling.note, "")]
        readings += [
            (a.as_of, a.sources, a.note, f" or {a.outcome}") for a in handling.alternatives
        ]
        for as_of, sources, note, which in readings:
            where = f"{stack_id}/{layer_id}/{handling.problem}{which}"
            assert as_of is not None, f"{where}: no as_of"
            assert bounds(as_of)[0] <= bounds(loaded.as_of)[1], where
            # The date of a cited source, or a date the note itself gives; never the
            # date a page was read.
            assert as_of in _evidence_dates(stack_id, sources, note), where


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_alternatives_carry_their_own_evidence(stack_id: str) -> None:
    for layer_id, handling in _handlings(stack_id):
        for alternative in handling.alternatives:
            where = f"{stack_id}/{layer_id}/{handling.problem} or {alternative.outcome}"
            assert alternative.note.strip(), where
            assert alternative.sources, where
            assert alternative.note.strip() != handling.note.strip(), where


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_handling_states_its_confidence(stack_id: str) -> None:
    for layer in _raw(stack_id)["layers"]:
        for handling in layer.get("addresses", []):
            where = f"{stack_id}/{layer['id']}/{handling['problem']}"
            assert handling.get("confidence") in ("low", "medium", "high"), where


# Names a note may use for its evidence, each with the text a cited source must contain.
NAMED_IN_NOTES = {
    "ethereum.org": "ethereum.org",
    "L2BEAT": "L2BEAT",
    "Vals.ai": "Vals.ai",
    "METR": "METR",
    "ARC Prize": "ARC Prize",
    "Optimism": "Optimism",
    "Taiko": "Taiko",
    "Buterin": "Buterin",
    "Apple": "Apple",
    "Jacobson": "Jacobson",
    "DeepSeek's": "DeepSeek",
    "system card": "System Card",
}


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_the_evidence_a_note_names_is_among_its_sources(stack_id: str) -> None:
    loaded = stack(stack_id)
    by_id = {s.id: f"{s.title} {s.publisher}" for s in loaded.sources}
    for layer_id, handling in _handlings(stack_id):
        readings = [(handling.note, handling.sources, "")]
        readings += [(a.note, a.sources, f" or {a.outcome}") for a in handling.alternatives]
        for note, sources, which in readings:
            cited = " ".join(by_id[s] for s in sources).lower()
            where = f"{stack_id}/{layer_id}/{handling.problem}{which}"
            for name, needed in NAMED_IN_NOTES.items():
                if name.lower() in note.lower():
                    assert needed.lower() in cited, f"{where}: names {name} but cites none"
            for rfc in re.findall(r"RFC \d+", note):
                assert rfc.lower() in cited, f"{where}: names {rfc} but does not cite it"


# -- Sources --------------------------------------------------------------------------------


def _cited(loaded: Stack) -> set[str]:
    cited: set[str] = set()
    for layer in loaded.layers:
        for handling in layer.addresses:
            cited.update(handling.sources)
            for alternative in handling.alternatives:
                cited.update(alternative.sources)
        for example in layer.examples:
            cited.update(example.sources)
        cited.update(metric.source for metric in layer.metrics)
    return cited


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_every_source_is_cited(stack_id: str) -> None:
    loaded = stack(stack_id)
    defined = {s.id for s in loaded.sources}
    # Prose (descriptions, problems, drivers, profile) cannot cite; the annotation names
    # the sources its facts come from.
    prose = set(re.findall(r"\b[a-z]+\d+[a-z]?\b", loaded.annotations.get("prose-sources", "")))
    assert prose <= defined, f"prose-sources names unknown sources: {sorted(prose - defined)}"
    assert defined <= _cited(loaded) | prose, (
        f"never cited: {sorted(defined - _cited(loaded) - prose)}"
    )


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_source_dates_are_possible(stack_id: str) -> None:
    loaded = stack(stack_id)
    assert loaded.as_of is not None
    for source in loaded.sources:
        assert source.accessed is not None, source.id
        if source.published is not None:
            assert bounds(source.published)[0] <= bounds(source.accessed)[1], source.id
            assert bounds(source.published)[0] <= bounds(loaded.as_of)[1], source.id


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_no_figure_is_dated_by_reading_an_undated_page(stack_id: str) -> None:
    loaded = stack(stack_id)
    undated = {s.id: s.accessed for s in loaded.sources if s.published is None}
    for layer in loaded.layers:
        for metric in layer.metrics:
            if metric.source in undated:
                dates = {metric.as_of, *(p.as_of for p in metric.series)}
                assert undated[metric.source] not in dates, metric.id


# -- Dates and bounds that mean what they say -----------------------------------------------


def _number(text: str) -> float:
    return float(text.replace(",", "").rstrip("."))


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_bounds_are_shown_as_bounds(stack_id: str) -> None:
    for layer in stack(stack_id).layers:
        for metric in layer.metrics:
            if isinstance(metric.value, tuple):
                continue
            text = metric.definition.lower()
            lower = {_number(n) for n in re.findall(r"(?:more than|at least) ([\d,.]+\d)", text)}
            upper = {_number(n) for n in re.findall(r"(?:below|under|less than) ([\d,.]+\d)", text)}
            if metric.value in lower:
                assert "(more than)" in metric.unit, f"{metric.id}: a lower bound"
            if metric.value in upper:
                assert "(less than)" in metric.unit, f"{metric.id}: an upper bound"


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_announcements_are_named_as_announcements(stack_id: str) -> None:
    for layer in stack(stack_id).layers:
        for example in layer.examples:
            if "announcement" in example.note.lower():
                assert "announced" in example.name.lower(), example.name


@pytest.mark.parametrize("stack_id", STACK_IDS)
def test_nothing_is_dated_after_the_stack(stack_id: str) -> None:
    loaded = stack(stack_id)
    assert loaded.as_of is not None
    end = bounds(loaded.as_of)[1]
    for layer in loaded.layers:
        for example in layer.examples:
            assert example.launched is None or bounds(example.launched)[0] <= end, example.name
        for metric in layer.metrics:
            assert bounds(metric.as_of)[0] <= end, metric.id


def test_verdict_is_never_written_in_the_data() -> None:
    for stack_id in STACK_IDS:
        text = (DATA / f"{stack_id}.yaml").read_text(encoding="utf-8").lower()
        assert "verdict:" not in text and "progression_index" not in text
