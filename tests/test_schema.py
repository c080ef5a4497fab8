"""The generated JSON Schema, checked by an independent validator (jsonschema)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cli_run import layerscope

from layerscope.load import reader as yamlread
from layerscope.model import json_schema

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = sorted((TESTS / "fixtures" / "catalog").glob("*.yaml"))
SHIPPED_SCHEMA = REPO / "data" / "stack.schema.json"


def read_yaml(path: Path) -> Any:
    """The plain values layerscope reads from a file."""
    diagnostics: list[tuple[object, ...]] = []
    doc = yamlread.parse(path.read_text(encoding="utf-8"), lambda *d: diagnostics.append(d))
    assert doc is not None
    assert diagnostics == []
    return doc.value


@pytest.fixture(scope="module")
def validator() -> jsonschema.protocols.Validator:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def errors(validator: jsonschema.protocols.Validator, value: Any) -> list[str]:
    return [e.message for e in validator.iter_errors(value)]


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_fixtures_are_valid(validator: jsonschema.protocols.Validator, path: Path) -> None:
    assert errors(validator, read_yaml(path)) == []


def test_schema_rejects_wrong_types(validator: jsonschema.protocols.Validator) -> None:
    alpha = read_yaml(TESTS / "fixtures" / "catalog" / "alpha.yaml")
    assert errors(validator, alpha) == []

    def broken(edit: Any) -> Any:
        value = copy.deepcopy(alpha)
        edit(value)
        return value

    cases = {
        "level: one": lambda v: v["layers"][0].update(level="one"),
        "level: yes (a boolean)": lambda v: v["layers"][0].update(level=True),
        "unknown key": lambda v: v["layers"][0].update(nmae="x"),
        "missing summary": lambda v: v.pop("summary"),
        "bad id": lambda v: v.update(id="Alpha Stack"),
        "id with a newline": lambda v: v.update(id="alpha\n"),
        "bad outcome": lambda v: v["layers"][1]["addresses"][0].update(outcome="fixed"),
        "bad date": lambda v: v.update(as_of="2026-13"),
        "no layers": lambda v: v.update(layers=[]),
        "weight over 1": lambda v: v["drivers"][0].update(weight=1.5),
        "future version": lambda v: v.update(schema_version=2),
        "metric without source": lambda v: v["layers"][0]["metrics"][0].pop("source"),
    }
    for name, edit in cases.items():
        assert errors(validator, broken(edit)), f"the schema accepts {name}"


def test_schema_rejects_a_wrong_typed_file(validator: jsonschema.protocols.Validator) -> None:
    value = read_yaml(TESTS / "bad" / "level-word.yaml")
    assert errors(validator, value)
    value = read_yaml(TESTS / "bad" / "level-yes.yaml")
    assert errors(validator, value)


def test_dimensions_file_is_not_a_stack(validator: jsonschema.protocols.Validator) -> None:
    dims = read_yaml(TESTS / "fixtures" / "catalog" / "dimensions.yaml")
    assert errors(validator, dims) == []
    dims["kind"] = "stack"
    assert errors(validator, dims)


def test_shipped_schema_is_the_generated_one() -> None:
    """data/stack.schema.json is what editors use: regenerate it with `layerscope schema`."""
    shipped = json.loads(SHIPPED_SCHEMA.read_text(encoding="utf-8"))
    generated = json.loads(json.dumps(json_schema()))  # tuples → lists, as in the file
    assert shipped == generated, (
        "data/stack.schema.json is stale: run `layerscope schema -o data/stack.schema.json`"
    )


def test_schema_command_prints_the_shipped_file() -> None:
    out = layerscope("schema")
    assert out.returncode == 0, out.stderr
    assert out.stdout == SHIPPED_SCHEMA.read_text(encoding="utf-8")
    assert out.stderr == ""
