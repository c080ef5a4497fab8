"""One headless run of an app, in a fresh process, for the app benchmarks of ``run.py``.

``python benchmarks/app_probe.py APP TASK [--size WxH] [--presses N] [--data DIR]`` prints one
JSON object:

- ``first_frame``: :func:`time.perf_counter` when the first full frame was painted, on the
  clock the parent shares (the parent subtracts the moment it started the process);
- ``first_frame_cpu``: CPU seconds of this process until then (interpreter start-up and
  every import included: the user pays for them);
- ``opened`` and ``opened_cpu``: the same two clocks when the catalog was ready (not for
  ``minimal``);
- ``task`` and ``task_cpu``: wall and CPU seconds of the task after the first frame, and
  ``worst_wall`` and ``worst_cpu``: those of its slowest press;
- ``selected`` and ``expected``: for ``moves``, the level selected at the end and the level
  the presses should have reached; ``layers`` and ``examples``: the most layers of a stack
  on show and the most examples of one of their layers (what the row says it measured);
- ``maxrss_kib``: peak resident memory of this process at exit (``VmHWM``);
- ``gc_until_frame`` and ``gc_task``: seconds spent in cyclic garbage collection until the
  first frame and during the task, and ``collections``: how many ran in all.

APP is ``app`` (``layerscope --no-user-data`` through its command line, shipped data),
``minimal`` (Header, a ListView of a few items, Footer), or, for S1, ``shipped``
(``layerscope --no-user-data tui ai crypto``) and ``stress`` (``layerscope --no-user-data
--data DIR tui stress-a stress-b``, DIR holding the stress pair that
``benchmarks/generate.py`` writes). TASK is ``start`` (exit after the first frame),
``keys`` (then ``--presses`` alternating down/up presses, each processed and rendered) or
``moves`` (then ``--presses`` presses of ``j``, each processed and rendered).

Only the standard library's ``time`` is imported before the first timestamp; everything
else is imported by the run it measures.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

STARTED = time.perf_counter()

import gc  # noqa: E402  (built in: nothing to load)

GC_TIME = {"total": 0.0, "started": 0.0, "collections": 0}


def _time_collections(phase: str, _info: dict[str, int]) -> None:
    if phase == "start":
        GC_TIME["started"] = time.perf_counter()
    else:
        GC_TIME["total"] += time.perf_counter() - GC_TIME["started"]
        GC_TIME["collections"] += 1


gc.callbacks.append(_time_collections)

if TYPE_CHECKING:
    from typing import Any

    from layerscope.catalog import Catalog

APPS = ("app", "minimal", "shipped", "stress")
TASKS = ("start", "keys", "moves")
MINIMAL_ITEMS = 8


def main(argv: list[str]) -> int:
    """Run one app headless, do the task, print the measurements."""
    import argparse
    import asyncio
    import json

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app", choices=APPS)
    parser.add_argument("task", choices=TASKS)
    parser.add_argument("--size", default="120x40", help="terminal size, WxH (default 120x40)")
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--data", help="for stress: the directory of the stress pair")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    probe = Probe((width, height), args.task, args.presses)
    if args.app == "minimal":
        asyncio.run(probe.drive(_minimal()))
    elif args.app == "stress":
        if args.data is None:
            parser.error("stress needs --data DIR (see benchmarks/generate.py)")
        probe.through_cli(["--data", args.data, "tui", "stress-a", "stress-b"])
    elif args.app == "shipped":
        probe.through_cli(["tui", "ai", "crypto"])
    else:
        probe.through_cli([])
    probe.results["collections"] = GC_TIME["collections"]
    print(json.dumps({**probe.results, "started": STARTED, "maxrss_kib": _peak_kib()}))
    return 0


def _peak_kib() -> int:
    """Peak resident memory of this process, in KiB.

    ``VmHWM`` where there is a ``/proc``: Linux carries ``ru_maxrss`` over ``exec`` from
    the process that forked (a parent that peaked at 300 MiB would show here too).
    """
    import resource

    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


class Probe:
    """Drives an app under ``run_test`` and records what the benchmarks need."""

    def __init__(self, size: tuple[int, int], task: str, presses: int) -> None:
        self.size = size
        self.task = task
        self.presses = presses
        self.results: dict[str, float] = {}

    def through_cli(self, argv: list[str]) -> None:
        """``layerscope --no-user-data ARGV``, the app's ``run`` driven headless instead.

        The whole launch path runs as for a user (files loaded, settings, start-up as the
        launcher does it). ``opened`` is noted when the catalog is ready.
        """
        import asyncio

        from layerscope import cli
        from layerscope.catalog import load_catalog
        from layerscope.tui import launch

        probe = self

        def run(app: Any, *_args: Any, **_kwargs: Any) -> None:
            asyncio.run(probe.drive(app))

        def load(dirs: Any, **options: Any) -> Catalog:
            loaded = load_catalog(dirs, **options)
            probe.results["opened"] = time.perf_counter()
            probe.results["opened_cpu"] = time.process_time()
            # Imported where the launcher is about to import it.
            from layerscope.tui.app import LayerscopeApp

            LayerscopeApp.run = run  # type: ignore[method-assign,assignment]
            return loaded

        launch.__dict__["load_catalog"] = load  # the name the launcher calls
        code = cli.main(["--no-user-data", *argv])
        if code != 0:
            raise SystemExit(f"layerscope exited with {code}")

    async def drive(self, app: Any) -> None:
        """Run ``app`` until its first full frame, then do the task."""
        import asyncio

        async with app.run_test(size=self.size) as pilot:
            painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            # Called once the screen has been laid out and rendered (the compositor ran).
            app.screen.call_after_refresh(painted.set_result, None)
            await painted
            self.results["first_frame"] = time.perf_counter()
            self.results["first_frame_cpu"] = time.process_time()
            self.results["gc_until_frame"] = GC_TIME["total"]
            if self.task == "start":
                return
            if self.task == "moves":
                self.results["expected"] = _level_after(app.screen, self.presses)
                stacks = app.screen.stacks
                self.results["layers"] = max(len(stack.layers) for stack in stacks)
                self.results["examples"] = max(
                    len(layer.examples) for stack in stacks for layer in stack.layers
                )
            keys = ("down", "up") if self.task == "keys" else ("j",)
            worst_wall = worst_cpu = 0.0
            wall, cpu = time.perf_counter(), time.process_time()
            for n in range(self.presses):
                press_wall, press_cpu = time.perf_counter(), time.process_time()
                await pilot.press(keys[n % len(keys)])
                await pilot.pause()
                worst_wall = max(worst_wall, time.perf_counter() - press_wall)
                worst_cpu = max(worst_cpu, time.process_time() - press_cpu)
            self.results["task"] = time.perf_counter() - wall
            self.results["task_cpu"] = time.process_time() - cpu
            self.results["gc_task"] = GC_TIME["total"] - self.results["gc_until_frame"]
            self.results["worst_wall"], self.results["worst_cpu"] = worst_wall, worst_cpu
            if self.task == "moves":
                self.results["selected"] = app.screen.selected_level


def _level_after(screen: Any, moves: int) -> int:
    """The level ``moves`` moves down from the selected one, on a top-down comparison."""
    from layerscope.analysis import align

    levels = sorted({row.level for row in align(screen.stacks)}, reverse=True)
    index = levels.index(screen.selected_level) + moves
    return levels[min(index, len(levels) - 1)]


def _minimal() -> Any:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Label, ListItem, ListView

    class Minimal(App[None]):
        """The baseline: what any Textual list app starts with."""

        def compose(self) -> ComposeResult:
            yield Header()
            yield ListView(*(ListItem(Label(f"Item {n}")) for n in range(MINIMAL_ITEMS)))
            yield Footer()

    return Minimal()


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
