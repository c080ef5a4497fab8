"""The records: strict, frozen, with the helpers views rely on."""

from __future__ import annotations

import re

import msgspec
import pytest

from layerscope.catalog import Catalog
from layerscope.model import (
    DATE_PATTERN,
    ID_PATTERN,
    MAX_LAYERS,
    Handling,
    Id,
    Layer,
    Stack,
    json_schema,
)


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("ai", True),
        ("0x", True),
        ("a-b-c", True),
        ("a" * 40, True),
        ("a" * 41, False),
        ("-ai", False),
        ("Ai", False),
        ("a_b", False),
        ("a b", False),
        ("ai\n", False),
        ("", False),
    ],
)
def test_id_pattern(text: str, ok: bool) -> None:
    assert (re.search(ID_PATTERN, text) is not None) is ok
    try:
        msgspec.convert(text, Id)
    except msgspec.ValidationError:
        assert not ok
    else:
        assert ok


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("2024", True),
        ("2024-05", True),
        ("2024-05-13", True),
        ("2024-12-31", True),
        ("2024-13", False),
        ("2024-00", False),
        ("2024-05-32", False),
        ("24-05", False),
        ("2024/05", False),
        ("2024\n", False),
        ("May 2024", False),
    ],
)
def test_date_pattern(text: str, ok: bool) -> None:
    assert (re.search(DATE_PATTERN, text) is not None) is ok


def test_records_are_frozen(fixture_catalog: Catalog) -> None:
    stack = fixture_catalog.stack("alpha")
    with pytest.raises(AttributeError):
        stack.name = "changed"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        stack.layers[0].level = 9  # type: ignore[misc]


def test_strict_types_and_unknown_fields() -> None:
    base = {"id": "l", "level": 1, "name": "N", "summary": "s"}
    assert msgspec.convert(base, Layer, strict=True).level == 1
    for bad in ({"level": True}, {"level": "1"}, {"level": 1.5}, {"nmae": "x"}):
        with pytest.raises(msgspec.ValidationError):
            msgspec.convert({**base, **bad}, Layer, strict=True)


def test_defaults() -> None:
    handling = msgspec.convert({"problem": "p", "outcome": "solved"}, Handling)
    assert handling.into == ()
    assert handling.sources == ()
    assert handling.note == ""


def test_labels_and_titles(fixture_catalog: Catalog) -> None:
    alpha, beta = fixture_catalog.stack("alpha"), fixture_catalog.stack("beta")
    assert alpha.layers[1].display_label == "L2"
    assert beta.layers[2].display_label == "B3"
    assert alpha.title == "Alpha"
    assert beta.title == "Beta stack"


def test_lookup_helpers(fixture_catalog: Catalog) -> None:
    alpha = fixture_catalog.stack("alpha")
    layer = alpha.layer("middle")
    assert layer is not None
    assert layer.level == 2
    assert alpha.layer("nope") is None
    problem = alpha.problem("fragile")
    assert problem is not None
    assert problem.severity == "medium"  # the default
    source = alpha.source("s2")
    assert source is not None
    assert source.published == "2022"
    metric = alpha.metric("middle-cost")
    assert metric is not None
    assert metric.value == (3, 5)
    assert alpha.metric("nope") is None


def test_json_schema_covers_both_kinds() -> None:
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    refs = [branch["$ref"] for branch in schema["anyOf"]]
    assert refs == ["#/$defs/Stack", "#/$defs/DimensionsFile"]
    stack = schema["$defs"]["Stack"]
    assert stack["additionalProperties"] is False
    assert set(stack["required"]) == {"schema_version", "id", "name", "summary", "layers"}
    layers = stack["properties"]["layers"]
    assert (layers["minItems"], layers["maxItems"]) == (1, MAX_LAYERS)
    # Field order of the Struct is the schema's: the editor lists keys in that order.
    assert list(stack["properties"])[:3] == ["schema_version", "kind", "id"]
    assert set(schema["$defs"]) >= {s.__name__ for s in (Stack, Layer, Handling)}
