"""The benchmarks' generator writes YAML that reads back as the data it was given."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from generate import block_yaml, drivers_stack, reference_stack, stack

TRICKY = [
    "yes", "No", "on", "null", "true", "2026-01", "2026-01-05", "1.5", "-3", "0x1f", "1e3",
    "a: b", "a #b", "#x", " lead", "trail ", "", "- x", "[x]", "{x}", "*x", "&x", "!x",
    "https://example.org/a/b", "it's", 'say "hi"', "tab\there", "line\nbreak", "é ü ∑", "~",
]  # fmt: skip


@pytest.mark.parametrize(
    "data",
    [
        stack(3, layers=3, examples=4, metrics=2),
        stack(4, layers=2, examples=3, metrics=2, stack_id="stress-a", lean_examples=True),
        reference_stack(12, unknown=True, layers=3),
        drivers_stack(10, layers=2),
    ],
    ids=["stack", "lean", "references", "drivers"],
)
def test_each_generated_stack_reads_back_as_written(data: dict[str, Any]) -> None:
    assert yaml.load(block_yaml(data), Loader=yaml.CSafeLoader) == data


def test_a_string_that_looks_like_another_type_stays_a_string() -> None:
    data = {"values": TRICKY, "nested": {"empty": [], "none": {}, "n": 1, "x": 0.25}}
    assert yaml.safe_load(block_yaml(data)) == data
