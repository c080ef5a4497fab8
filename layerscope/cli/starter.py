"""The starter stack ``layerscope new`` writes: valid, commented, ready to edit."""

from __future__ import annotations

import json
from collections.abc import Sequence

_TEMPLATE = """\
# yaml-language-server: $schema=stack.schema.json
# A layerscope stack. Check it with: layerscope validate {id}.yaml
schema_version: 1
id: {id}
name: {name}
summary: One line on what this stack is.
thesis: The claim this stack illustrates.
as_of: "{year}"
layers:                       # bottom first; levels strictly increase
  - id: base
    level: 1
    name: Base layer
    summary: What the bottom layer does.
    introduces: [first-problem]
    examples:
      - name: First example
        note: One identifying fact.
        sources: [src1]
    metrics:
      - id: base-metric
        name: A measurement of the base layer
        value: 1
        unit: units
        as_of: "{year}"
        source: src1
        definition: What exactly is measured.
  - id: next
    level: 2
    name: Next layer
    summary: What the layer above does.
    addresses:                # how this layer handles problems from below
      - problem: first-problem
        outcome: mitigated    # solved | mitigated | transferred | worsened
        note: Why this outcome.
        sources: [src1]
problems:
  - id: first-problem
    name: The first problem
    description: What goes wrong at the base.
    severity: medium          # low | medium | high
drivers:
  - id: main-driver
    name: What drives this stack
    weight: 1                 # weights sum to 1
    indicators: [base-metric]
{profile}sources:
  - id: src1
    title: Where the facts come from
    publisher: Someone
    url: https://example.org/
    accessed: "{year}"
"""


def starter_stack(stack_id: str, name: str | None, dimensions: Sequence[str]) -> str:
    """The text of a valid starter stack file."""
    import datetime

    if dimensions:
        lines = "".join(f"  # {dim}: your answer\n" for dim in dimensions)
        profile = "profile: {}                   # answers to shared dimensions:\n" + lines
    else:
        profile = ""
    return _TEMPLATE.format(
        id=stack_id,
        name=json.dumps(name or stack_id.replace("-", " ").capitalize(), ensure_ascii=False),
        year=datetime.date.today().strftime("%Y-%m"),
        profile=profile,
    )
