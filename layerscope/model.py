"""Typed, frozen records of a stack file (schema_version 1).

These Structs are the single source of truth: the loader validates against them and
``layerscope schema`` generates the JSON Schema from them.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any, Literal

import msgspec

SCHEMA_VERSION = 1

# ``$(?!\n)``: Python's ``$`` also matches before a final newline ("ai\n" from a block
# scalar); the lookahead closes that gap and means the same in JSON Schema (ECMA) regexes.
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$(?!\n)"
DATE_PATTERN = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$(?!\n)"

Id = Annotated[
    str,
    msgspec.Meta(
        pattern=ID_PATTERN,
        description=(
            "Lowercase letters, digits and '-', starting with a letter or digit; at most 40."
        ),
    ),
]
Date = Annotated[
    str,
    msgspec.Meta(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD."),
]
Outcome = Literal["solved", "mitigated", "transferred", "worsened"]
Severity = Literal["low", "medium", "high"]
Confidence = Literal["low", "medium", "high"]
MAX_NUMBER = 1e15
"""The largest magnitude of a metric value: every whole number up to it is exact in a
float, and every view can show it. Bigger quantities take a bigger unit ("EH/s")."""
MAX_LEVEL = 1_000_000
Number = Annotated[
    float,
    msgspec.Meta(
        ge=-MAX_NUMBER,
        le=MAX_NUMBER,
        description="A finite number, at most 1e15 in magnitude (use a larger unit).",
    ),
]
Level = Annotated[int, msgspec.Meta(ge=0, le=MAX_LEVEL)]
Weight = Annotated[float, msgspec.Meta(ge=0, le=1)]

OUTCOMES: tuple[Outcome, ...] = ("solved", "mitigated", "transferred", "worsened")


class Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Base of every record: immutable, strict, no unknown keys."""


class Alternative(Record, frozen=True, kw_only=True):
    """Another defensible reading of a handling, with its own evidence."""

    outcome: Outcome
    into: tuple[Id, ...] = ()
    note: str = ""
    sources: tuple[Id, ...] = ()
    as_of: Date | None = None
    """When the evidence for this reading was published."""


class Handling(Record, frozen=True, kw_only=True):
    """How a layer handles a problem introduced by a lower layer."""

    problem: Id
    outcome: Outcome
    into: tuple[Id, ...] = ()
    note: str = ""
    sources: tuple[Id, ...] = ()
    as_of: Date | None = None
    """When the evidence for this outcome was published."""
    confidence: Confidence = "medium"
    alternatives: tuple[Alternative, ...] = ()
    """Other defensible outcomes (never the main one)."""


class Example(Record, frozen=True, kw_only=True):
    """A notable product, model, chain or protocol at a layer."""

    name: str
    id: Id | None = None
    org: str = ""
    launched: Date | None = None
    note: str = ""
    url: str = ""
    sources: tuple[Id, ...] = ()


class Point(Record, frozen=True, kw_only=True):
    """One dated value in a metric's history."""

    as_of: Date
    value: Number


class Metric(Record, frozen=True, kw_only=True):
    """A dated, sourced measurement; ``value`` is a number or a ``[low, high]`` range."""

    id: Id
    name: str
    value: float | tuple[float, float]
    """Finite and at most :data:`MAX_NUMBER` in magnitude, checked by the loader's rules
    (msgspec cannot bound the numbers of this union; the JSON Schema says the bounds)."""
    unit: str = ""
    as_of: Date
    source: Id
    definition: str = ""
    higher_is_better: bool | None = None
    series: tuple[Point, ...] = ()


class Layer(Record, frozen=True, kw_only=True):
    """One level of a stack."""

    id: Id
    level: Level
    label: str | None = None
    name: str
    summary: str
    description: str = ""
    introduces: tuple[Id, ...] = ()
    addresses: tuple[Handling, ...] = ()
    examples: tuple[Example, ...] = ()
    metrics: tuple[Metric, ...] = ()

    @property
    def display_label(self) -> str:
        """The label, or ``L<level>`` when none is given."""
        return self.label if self.label is not None else f"L{self.level}"


MAX_LAYERS = 64
Layers = Annotated[tuple[Layer, ...], msgspec.Meta(min_length=1, max_length=MAX_LAYERS)]


class Problem(Record, frozen=True, kw_only=True):
    """A problem some layer creates or leaves open."""

    id: Id
    name: str
    description: str = ""
    severity: Severity = "medium"


class Driver(Record, frozen=True, kw_only=True):
    """A force that drives the stack, with indicator metrics."""

    id: Id
    name: str
    weight: Weight
    description: str = ""
    indicators: tuple[Id, ...] = ()


class Source(Record, frozen=True, kw_only=True):
    """A citable source."""

    id: Id
    title: str
    publisher: str = ""
    url: str = ""
    published: Date | None = None
    accessed: Date | None = None


class _Index(msgspec.Struct, frozen=True):
    """A stack's records by id (the first of each id, in file order)."""

    layers: dict[str, Layer]
    problems: dict[str, Problem]
    sources: dict[str, Source]
    metrics: dict[str, Metric]


def _first_by_id(records: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for record in records:
        found.setdefault(record.id, record)
    return found


# ``dict=True`` only gives room for ``_index``, computed on first use (never encoded,
# compared or copied: a replaced stack builds its own).
class Stack(Record, frozen=True, kw_only=True, dict=True):
    """A layered technology stack: one YAML file."""

    schema_version: Literal[1]
    kind: Literal["stack"] = "stack"
    id: Id
    name: str
    short_name: str | None = None
    summary: str
    description: str = ""
    thesis: str = ""
    as_of: Date | None = None
    tags: tuple[str, ...] = ()
    layers: Layers
    problems: tuple[Problem, ...] = ()
    drivers: tuple[Driver, ...] = ()
    profile: dict[Id, str] = {}
    sources: tuple[Source, ...] = ()
    annotations: dict[str, str] = {}

    @property
    def title(self) -> str:
        """The short name, or the name."""
        return self.short_name or self.name

    @cached_property
    def _index(self) -> _Index:
        # Views look records up by id once per reference: a scan each time is quadratic
        # in a big stack (8,000 indicators of 8,000 metrics).
        return _Index(
            _first_by_id(self.layers),
            _first_by_id(self.problems),
            _first_by_id(self.sources),
            _first_by_id(metric for layer in self.layers for metric in layer.metrics),
        )

    def layer(self, layer_id: str) -> Layer | None:
        """The layer with this id, if any."""
        return self._index.layers.get(layer_id)

    def problem(self, problem_id: str) -> Problem | None:
        """The problem with this id, if any."""
        return self._index.problems.get(problem_id)

    def source(self, source_id: str) -> Source | None:
        """The source with this id, if any."""
        return self._index.sources.get(source_id)

    def metric(self, metric_id: str) -> Metric | None:
        """The metric with this id, in any layer, if any."""
        return self._index.metrics.get(metric_id)


class Dimension(Record, frozen=True, kw_only=True):
    """A shared comparison dimension that stacks answer in their ``profile``."""

    id: Id
    name: str
    question: str = ""


class DimensionsFile(Record, frozen=True, kw_only=True):
    """A ``kind: dimensions`` file."""

    schema_version: Literal[1]
    kind: Literal["dimensions"]
    dimensions: tuple[Dimension, ...]
    annotations: dict[str, str] = {}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a layerscope file (a stack or a dimensions file)."""
    (stack_ref, dims_ref), defs = msgspec.json.schema_components(
        [Stack, DimensionsFile], ref_template="#/$defs/{name}"
    )
    bounded = {"type": "number", "minimum": -MAX_NUMBER, "maximum": MAX_NUMBER}
    value = defs["Metric"]["properties"]["value"]
    for choice in value["anyOf"]:
        if choice.get("type") == "number":
            choice.update(bounded)
        else:
            choice["prefixItems"] = [dict(bounded), dict(bounded)]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "layerscope stack file",
        "description": f"A layerscope stack or dimensions file, schema_version {SCHEMA_VERSION}.",
        "anyOf": [stack_ref, dims_ref],
        "$defs": defs,
    }
