"""Sensitivity on a large stack: its cost as a ratio to scoring the stack once.

Run from a checkout: ``python benchmarks/sensitivity.py [--runs N]``.

The stack has 32 layers and 300 handlings, 20 of them contested with one to three
alternative readings each (about 10**9 combinations): the range must come from the count
vectors, the margin from the search over them, never from the combinations. Two cases: a
mixed stack (the margin is small) and an all-solved one (the margin is 75, the farthest
search of a 300-handling stack). Each line gives the medians of ``--runs`` timings and the
ratio of ``sensitivity(stack)`` to ``progression(stack)``.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import msgspec  # noqa: E402

from layerscope.analysis import progression  # noqa: E402
from layerscope.analysis.sensitivity import sensitivity  # noqa: E402
from layerscope.model import OUTCOMES, Stack  # noqa: E402

LAYERS, HANDLINGS, CONTESTED = 32, 300, 20


def big_stack(mixed: bool) -> Stack:
    """32 layers; layer 0 introduces every problem, the other 31 share 300 handlings."""
    problems = [f"p{i}" for i in range(HANDLINGS)]
    layers: list[dict[str, Any]] = [
        {"id": "l0", "level": 0, "name": "L0", "summary": "s", "introduces": problems}
    ]
    per_layer = math.ceil(HANDLINGS / (LAYERS - 1))
    for k in range(1, LAYERS):
        addresses = []
        for i in range((k - 1) * per_layer, min(HANDLINGS, k * per_layer)):
            main = OUTCOMES[i % 4] if mixed else "solved"
            handling: dict[str, Any] = {"problem": f"p{i}", "outcome": main}
            if i % (HANDLINGS // CONTESTED) == 0:
                others = [o for o in OUTCOMES if o != main]
                count = 1 + (i // (HANDLINGS // CONTESTED)) % 3
                handling["alternatives"] = [{"outcome": o} for o in others[:count]]
            addresses.append(handling)
        layers.append(
            {"id": f"l{k}", "level": k, "name": f"L{k}", "summary": "s", "addresses": addresses}
        )
    value = {
        "schema_version": 1,
        "id": "big",
        "name": "Big",
        "summary": "s",
        "layers": layers,
        "problems": [{"id": p, "name": p} for p in problems],
    }
    return msgspec.convert(value, Stack)


def timed(fn: Callable[[], object], runs: int) -> float:
    """The median time of one call, each run timing enough calls to last ~20 ms."""
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        if time.perf_counter() - start > 0.02:
            break
        loops *= 2
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        times.append((time.perf_counter() - start) / loops)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    print(
        f"{'case':<34} {'combinations':>13} {'margin':>6} {'score':>10} {'sens.':>10} {'ratio':>7}"
    )
    for name, mixed in (("32 layers, 300 handlings, mixed", True), ("same, all solved", False)):
        stack = big_stack(mixed)
        result = sensitivity(stack)
        assert result.contested_handlings == CONTESTED
        base = timed(partial(progression, stack), options.runs)
        ours = timed(partial(sensitivity, stack), options.runs)
        print(
            f"{name:<34} {result.combinations:>13,} {result.margin!s:>6} "
            f"{base * 1e3:>8.3f}ms {ours * 1e3:>8.3f}ms {ours / base:>6.1f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
