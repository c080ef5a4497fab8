"""Problem debt: what each level of a stack still leaves open.

The debt at a level N is every problem introduced at a level <= N that is neither solved
nor transferred at a level <= N. A transfer closes the old problem; the problems it turned
into count as introduced by the layer that transferred it (the loader makes sure they are
among that layer's ``introduces``). Mitigated and worsened problems stay open.

Falling debt up the stack reads as progression: each layer leaves less to do than the one
below. Rising debt reads as transfer.
"""

from __future__ import annotations

from typing import get_args

import msgspec

from layerscope.model import Layer, Problem, Severity, Stack

SEVERITIES: tuple[Severity, ...] = tuple(reversed(get_args(Severity)))
"""The severities, the most severe first."""

CLOSING = ("solved", "transferred")
"""The outcomes that close a problem."""


class LevelDebt(msgspec.Struct, frozen=True):
    """The problems still open at one layer of a stack."""

    layer: Layer
    open: tuple[Problem, ...]
    """Open problems, in the order the layers introduced them."""
    by_severity: dict[str, int]
    """How many open problems have each severity (every severity, most severe first)."""

    @property
    def level(self) -> int:
        """The layer's level."""
        return self.layer.level

    @property
    def total(self) -> int:
        """How many problems are open."""
        return len(self.open)


def debt(stack: Stack) -> tuple[LevelDebt, ...]:
    """The problem debt at each layer of a stack, bottom first."""
    problems = {p.id: p for p in stack.problems}
    introduced: dict[str, None] = {}  # an ordered set
    closed: set[str] = set()
    levels: list[LevelDebt] = []
    for layer in stack.layers:
        for pid in layer.introduces:
            introduced.setdefault(pid)
        for handling in layer.addresses:
            if handling.outcome in CLOSING:
                closed.add(handling.problem)
            for pid in handling.into:
                introduced.setdefault(pid)
        still = tuple(problems.get(pid) or Problem(id=pid, name=pid) for pid in introduced)
        still = tuple(p for p in still if p.id not in closed)
        tally: dict[str, int] = {severity: 0 for severity in SEVERITIES}
        for problem in still:
            tally[problem.severity] += 1
        levels.append(LevelDebt(layer, still, tally))
    return tuple(levels)
