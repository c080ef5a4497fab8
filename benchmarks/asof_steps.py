"""Stepping the date in the app on the stress pair, against B4's baseline.

``python benchmarks/asof_steps.py [--runs N] [--steps N] [--clock cpu|wall] [--size WxH]
[--data DIR]``

Each run starts ``layerscope --no-user-data --data DIR tui stress-a stress-b`` headless in
a fresh process (DIR holds the stress pair ``generate.py`` writes; a temporary one by
default), then presses ``<`` eight times and ``>`` eight times, over and over (``--steps``
presses in all, a multiple of 16, so the date ends at today again), each press processed
and rendered. B4's baseline, as many presses in the minimal app's list
(``app_probe.py minimal keys``), runs alternately in its own process. One line comes out:
the medians of both, their ratio (B4's budget for key presses is 1.5×) and the slowest
single step (S1's budget for a key press on the stress pair is 50 ms).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

CYCLE = ("less_than_sign",) * 8 + ("greater_than_sign",) * 8
"""Two years back a quarter at a time, then on again to today."""


def child(data: str, steps: int, size: tuple[int, int]) -> dict[str, Any]:
    """In a fresh process: open the stress pair, step the date, report the times."""
    from app_probe import Probe

    class Stepper(Probe):
        async def drive(self, app: Any) -> None:
            import asyncio

            async with app.run_test(size=self.size) as pilot:
                painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
                app.screen.call_after_refresh(painted.set_result, None)
                await painted
                worst_wall = worst_cpu = 0.0
                wall, cpu = time.perf_counter(), time.process_time()
                for n in range(self.presses):
                    press_wall, press_cpu = time.perf_counter(), time.process_time()
                    await pilot.press(CYCLE[n % len(CYCLE)])
                    await pilot.pause()
                    worst_wall = max(worst_wall, time.perf_counter() - press_wall)
                    worst_cpu = max(worst_cpu, time.process_time() - press_cpu)
                self.results["task"] = time.perf_counter() - wall
                self.results["task_cpu"] = time.process_time() - cpu
                self.results["worst_wall"], self.results["worst_cpu"] = worst_wall, worst_cpu
                self.results["back_to_today"] = float(app.as_of is None)

    stepper = Stepper(size, "steps", steps)
    stepper.through_cli(["--data", data, "tui", "stress-a", "stress-b"])
    return stepper.results


def _run(argv: list[str]) -> dict[str, float]:
    done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr}")
    report: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    return report


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=48)
    parser.add_argument("--clock", choices=("cpu", "wall"), default="cpu")
    parser.add_argument("--size", default="120x40", help="terminal size, WxH (default 120x40)")
    parser.add_argument("--data", type=Path, help="a directory that holds the stress pair")
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    if args.steps <= 0 or args.steps % len(CYCLE):
        parser.error(f"--steps must be a positive multiple of {len(CYCLE)}")
    if args.child:
        print(json.dumps(child(args.child, args.steps, (width, height))))
        return 0
    with tempfile.TemporaryDirectory(prefix="layerscope-asof-") as tmp:
        data = args.data
        if data is None:
            from generate import write_stress_pair

            data = Path(tmp)
            write_stress_pair(data)
        ours_argv = [__file__, "--child", str(data), f"--steps={args.steps}", f"--size={args.size}"]
        base_argv = [str(HERE / "app_probe.py"), "minimal", "keys", f"--presses={args.steps}"]
        base_argv.append(f"--size={args.size}")
        key = "task_cpu" if args.clock == "cpu" else "task"
        ours: list[float] = []
        baseline: list[float] = []
        worst: list[float] = []
        _run(base_argv)  # warm up: bytecode written, files cached
        for _ in range(args.runs):
            report = _run(ours_argv)
            if report["back_to_today"] != 1.0:
                raise RuntimeError("the steps did not all arrive: the date is not today again")
            ours.append(report[key])
            worst.append(report[f"worst_{args.clock}"])
            baseline.append(_run(base_argv)[key])
    mine, theirs = statistics.median(ours), statistics.median(baseline)
    print(
        f"date steps on the stress pair: {args.steps} steps {mine * 1e3:.0f} ms vs "
        f"{args.steps} presses in the minimal ListView {theirs * 1e3:.0f} ms ({args.clock}): "
        f"{mine / theirs:.1f}x (B4 budget 1.5x); worst step "
        f"{statistics.median(worst) * 1e3:.0f} ms (S1 budget 50 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
