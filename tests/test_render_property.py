"""Anything that validates clean renders in every view and every format.

A stack is generated as the plain values a YAML file holds — numbers from the whole float
range, text of any character, dates, levels, references that resolve — written as YAML and
read back through the loader. One that loads without an error is put through every kind
of view (:data:`layerscope.report.KINDS`; with a small second stack where a view takes several)
in every format (:data:`FORMATS`); none may raise. Those that do not load are no concern
here (``tests/test_yaml_property.py`` holds the loader to giving only diagnostics).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st

from layerscope.catalog import Catalog
from layerscope.load.loader import load_bytes
from layerscope.model import MAX_LEVEL, Dimension, Stack
from layerscope.report import FORMATS, KINDS, View, build_document, render_document

OUTCOMES = ("solved", "mitigated", "transferred", "worsened")

# Any character a UTF-8 file can hold (no lone surrogates), short.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=24)
NAME = st.one_of(TEXT.filter(str.strip), st.sampled_from(["x", "[bold]x[/]", "a\u202eb", "é"]))

# Numbers from all of the allowed range, its edges and the tiniest magnitudes; now and
# then one outside it (NaN, an infinity, 1e308), which the loader must reject.
NUMBER = st.one_of(
    st.floats(-1e15, 1e15),
    st.floats(-1e-300, 1e-300),
    st.integers(-(10**15), 10**15),
    st.sampled_from([0, -0.0, 1, -1, 0.5, 1e15, -1e15, 2**49 + 1, 5e-324, 1e-7, 123456.789]),
)
ANY_NUMBER = st.one_of(NUMBER, NUMBER, NUMBER, NUMBER, st.floats(), st.integers())


@st.composite
def dates(draw: st.DrawFn, era: int) -> str:
    """A date mostly within 60 years after ``era``, now and then of any year."""
    near = st.integers(0, 60).map(lambda years: min(9999, era + years))
    year = draw(st.one_of(near, near, near, st.integers(1, 9999)))
    precision = draw(st.integers(0, 2))
    if precision == 0:
        return f"{year:04d}"
    month = draw(st.integers(1, 12))
    if precision == 1:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{draw(st.integers(1, 28)):02d}"


def _ids(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


@st.composite
def stacks(draw: st.DrawFn, stack_id: str) -> dict[str, Any]:
    """The values of a stack file that is meant to be valid (whether it is, the loader
    says)."""
    # Dates of one stack lie within a lifetime, mostly of our time, now and then of any.
    era = draw(st.one_of(st.just(1970), st.integers(1, 9999)))
    sources = _ids("s", draw(st.integers(1, 2)))
    n_layers = draw(st.integers(1, 3))
    levels = sorted(draw(st.sets(st.integers(0, MAX_LEVEL), min_size=n_layers, max_size=n_layers)))
    problems = _ids("p", draw(st.integers(0, 4)))
    # Each problem is introduced by at most one layer (or by none: a warning only).
    owner = {p: draw(st.integers(-1, n_layers - 1)) for p in problems}
    layers = []
    metric_ids: list[str] = []
    for index, level in enumerate(levels):
        own = [p for p in problems if owner[p] == index]
        below = [p for p in problems if 0 <= owner[p] < index]
        addresses = []
        for problem in draw(st.lists(st.sampled_from(below), unique=True)) if below else []:
            outcome = draw(st.sampled_from(OUTCOMES))
            handling: dict[str, Any] = {
                "problem": problem,
                "outcome": outcome,
                "note": draw(TEXT),
                "sources": draw(st.lists(st.sampled_from(sources), max_size=2)),
                "confidence": draw(st.sampled_from(["low", "medium", "high"])),
            }
            if outcome == "transferred" and own:
                handling["into"] = draw(st.lists(st.sampled_from(own), unique=True))
            if draw(st.booleans()):
                handling["as_of"] = draw(dates(era))
            others = [o for o in OUTCOMES if o != outcome and o != "transferred"]
            handling["alternatives"] = [
                {"outcome": o, "note": draw(TEXT)}
                for o in draw(st.lists(st.sampled_from(others), unique=True, max_size=2))
            ]
            addresses.append(handling)
        metrics = []
        for _ in range(draw(st.integers(0, 2))):
            mid = f"m{len(metric_ids)}"
            metric_ids.append(mid)
            value: Any = draw(ANY_NUMBER)
            if draw(st.booleans()):
                value = sorted([draw(NUMBER), draw(NUMBER)])
            metric: dict[str, Any] = {
                "id": mid,
                "name": draw(NAME),
                "value": value,
                "unit": draw(st.sampled_from(["", "%", "USD", "ms", draw(TEXT)])),
                "as_of": draw(dates(era)),
                "source": draw(st.sampled_from(sources)),
                "series": [
                    {"as_of": draw(dates(era)), "value": draw(NUMBER)}
                    for _ in range(draw(st.integers(0, 3)))
                ],
            }
            if draw(st.booleans()):
                metric["higher_is_better"] = draw(st.booleans())
            metrics.append(metric)
        examples = [
            {
                "name": draw(NAME),
                "org": draw(TEXT),
                "launched": draw(dates(era)),
                "note": draw(TEXT),
                "url": draw(st.sampled_from(["", "https://example.org/x", draw(TEXT)])),
                "sources": draw(st.lists(st.sampled_from(sources), max_size=2)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ]
        layer: dict[str, Any] = {
            "id": f"layer-{index}",
            "level": level,
            "name": draw(NAME),
            "summary": draw(TEXT),
            "description": draw(TEXT),
            "introduces": own,
            "addresses": addresses,
            "examples": examples,
            "metrics": metrics,
        }
        if draw(st.booleans()):
            layer["label"] = draw(TEXT)
        layers.append(layer)
    n_drivers = draw(st.integers(0, 3))
    drivers = [
        {
            "id": f"d{k}",
            "name": draw(NAME),
            "weight": draw(st.floats(0, 1)),
            "description": draw(TEXT),
            "indicators": draw(st.lists(st.sampled_from(metric_ids), max_size=3))
            if metric_ids
            else [],
        }
        for k in range(n_drivers)
    ]
    return {
        "schema_version": 1,
        "id": stack_id,
        "name": draw(NAME),
        "short_name": draw(st.one_of(st.none(), NAME)),
        "summary": draw(TEXT),
        "description": draw(TEXT),
        "thesis": draw(TEXT),
        "as_of": draw(st.one_of(st.none(), dates(era))),
        "tags": draw(st.lists(TEXT, max_size=2)),
        "layers": layers,
        "problems": [
            {
                "id": p,
                "name": draw(NAME),
                "description": draw(TEXT),
                "severity": draw(st.sampled_from(["low", "medium", "high"])),
            }
            for p in problems
        ],
        "drivers": drivers,
        "profile": {"dim": draw(TEXT)} if draw(st.booleans()) else {},
        "sources": [
            {
                "id": s,
                "title": draw(NAME),
                "publisher": draw(TEXT),
                "url": draw(st.sampled_from(["", "https://example.org/s", "www.example.org"])),
                "published": draw(dates(era)),
            }
            for s in sources
        ],
    }


class _Dumper(yaml.SafeDumper):
    """Quotes every string: PyYAML writes YAML 1.1, where ``0438`` and ``1e+100`` are
    text and need no quotes; layerscope reads YAML 1.2, where they are numbers."""


_Dumper.add_representer(
    str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"')
)


def loaded(values: dict[str, Any]) -> Stack | None:
    """The stack, through YAML and the loader; ``None`` when it does not validate."""
    text = yaml.dump(values, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
    result = load_bytes(text.encode("utf-8"), Path(f"{values['id']}.yaml"))
    return result.record if result.ok and isinstance(result.record, Stack) else None


OTHER: dict[str, Any] = {
    "schema_version": 1,
    "id": "other",
    "name": "Other",
    "summary": "The second stack of the views of several",
    "as_of": "2025",
    "layers": [
        {
            "id": "base",
            "level": 1,
            "name": "Base",
            "summary": "",
            "introduces": ["p"],
            "examples": [{"name": "E", "launched": "2020-05"}],
            "metrics": [
                {
                    "id": "m",
                    "name": "M",
                    "value": 3,
                    "as_of": "2024",
                    "source": "s",
                    "series": [{"as_of": "2023", "value": 2}],
                }
            ],
        },
        {
            "id": "top",
            "level": 2,
            "name": "Top",
            "summary": "",
            "addresses": [{"problem": "p", "outcome": "mitigated", "sources": ["s"]}],
        },
    ],
    "problems": [{"id": "p", "name": "P"}],
    "drivers": [{"id": "d", "name": "D", "weight": 1, "indicators": ["m"]}],
    "sources": [{"id": "s", "title": "S"}],
}


@cache
def _other() -> Stack:
    """The second stack of the views of several (small: rendering is what takes time)."""
    stack = loaded(OTHER)
    assert stack is not None
    return stack


def views(stack: Stack, other: Stack, layer: int) -> list[View]:
    """One view of every kind (the layer view of the layer at index ``layer``)."""
    found: list[View] = []
    for kind in KINDS:
        if kind == "layer":
            found.append(View("layer", (stack.id,), stack.layers[layer % len(stack.layers)].id))
        elif kind == "level":
            found.append(View("level", (stack.id, other.id), level=stack.layers[-1].level))
        elif kind == "compare":
            found.append(View("compare", (stack.id, other.id)))
        else:
            found.append(View(kind, (stack.id, other.id) if kind != "stack" else (stack.id,)))
    return found


@settings(
    max_examples=15,
    deadline=None,
    # No shrinking: a failing example of this size takes minutes to shrink; the seed
    # Hypothesis prints reproduces it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
    ],
)
@given(stacks("one"), st.booleans(), st.sampled_from([40, 100]), st.integers(0, 3))
def test_what_validates_clean_renders_in_every_view_and_format(
    one: dict[str, Any], ascii: bool, width: int, layer: int
) -> None:
    first = loaded(one)
    assume(first is not None)
    assert first is not None
    second = _other()
    catalog = Catalog(
        stacks={"one": first, second.id: second},
        dimensions=[Dimension(id="dim", name="A dimension", question="Why?")],
    )
    covered = set()
    for view in views(first, second, layer):
        document = build_document(view, catalog, ascii=ascii)
        for fmt in FORMATS:
            out = render_document(document, fmt, width=width, ascii=ascii)
            assert isinstance(out, str) and out
            covered.add((view.kind, fmt))
    assert covered == {(kind, fmt) for kind in KINDS for fmt in FORMATS}


def test_a_timeline_of_ten_thousand_years_renders_narrow() -> None:
    # The year axis once found no step between its labels for a span this long.
    values = {
        "schema_version": 1,
        "id": "one",
        "name": "Old and new",
        "summary": "",
        "layers": [
            {
                "id": "base",
                "level": 0,
                "name": "Base",
                "summary": "",
                "examples": [
                    {"name": "old", "launched": "0001"},
                    {"name": "new", "launched": "9999"},
                ],
            }
        ],
    }
    stack = loaded(values)
    assert stack is not None
    catalog = Catalog(stacks={"one": stack})
    render_document(build_document(View("timeline", ("one",)), catalog), "text", width=40)


def test_tiny_numbers_read_short() -> None:
    # 1e-300 is a valid value; written out in full it took 302 characters.
    from layerscope.report.format import number

    assert number(1e-300) == "1e-300"
    assert number(5e-324) == "4.94e-324"
    assert number(-1.5e-9) == "-1.5e-09"
    assert number(0.000123) == "0.000123"
    assert number(0.0123) == "0.0123"
    assert number(1e15) == "1,000,000,000,000,000"


@settings(max_examples=200, deadline=None)
@given(st.floats(-1e15, 1e15))
def test_every_allowed_number_reads_in_a_few_characters(value: float) -> None:
    from layerscope.report.format import number

    assert len(number(value)) <= 26
