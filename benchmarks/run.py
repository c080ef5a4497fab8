"""layerscope's performance budgets, measured as ratios against a baseline in one run.

Run from a checkout: ``python benchmarks/run.py [--runs N] [--only B2 B3] [--check]``.

Each benchmark times layerscope and its baseline alternately (so a busy machine slows
both alike) and reports the ratio of the medians. A benchmark is a function that takes the
options and returns a :class:`Result`; add one to :data:`BENCHMARKS` and it joins the table.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))


@dataclass(frozen=True)
class Options:
    """What every benchmark may use."""

    runs: int
    data: tuple[Path, ...]
    """Extra ``--data`` directories for the export benchmark (e.g. fixtures while the
    shipped data is not there yet)."""
    stacks: tuple[str, ...]
    """The stacks B2 compares."""
    env: dict[str, str]
    """An environment with an empty home, so no user data or settings are involved."""
    clock: str = "cpu"
    """``cpu`` (user + system time: steady on a busy machine) or ``wall``."""
    catalog_size: int = 200
    """How many stacks B3 generates (the budget is defined for 200)."""


@dataclass(frozen=True)
class Result:
    """One line of the table."""

    id: str
    what: str
    ours: float
    baseline: float
    budget: float
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> float:
        """Ours over the baseline."""
        return self.ours / self.baseline

    @property
    def ok(self) -> bool:
        """Whether the ratio is within the budget."""
        return self.ratio <= self.budget


Timed = Callable[[], float]
"""Runs something once and returns how long it took, in seconds."""


def alternate(ours: Timed, base: Timed, runs: int) -> tuple[float, float]:
    """Median seconds of each, timed in turns (one warm-up each, not counted)."""
    ours()
    base()
    ours_times: list[float] = []
    base_times: list[float] = []
    for _ in range(runs):
        base_times.append(base())
        ours_times.append(ours())
    return statistics.median(ours_times), statistics.median(base_times)


def process(argv: list[str], options: Options) -> Timed:
    """A command run as a process, timed by the clock the options name."""

    def run() -> float:
        before_cpu = _children_cpu()
        start = time.perf_counter()
        subprocess.run(argv, env=options.env, check=True, stdout=subprocess.DEVNULL)
        wall = time.perf_counter() - start
        return _children_cpu() - before_cpu if options.clock == "cpu" else wall

    return run


def in_process(fn: Callable[[], object], options: Options) -> Timed:
    """A function called in this process, timed by the clock the options name."""
    clock = time.process_time if options.clock == "cpu" else time.perf_counter

    def run() -> float:
        start = clock()
        fn()
        return clock() - start

    return run


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _layerscope() -> list[str]:
    script = Path(sys.executable).with_name("layerscope")
    return [str(script)] if script.exists() else [sys.executable, "-m", "layerscope"]


def b2_export(options: Options) -> Result:
    """B2: ``layerscope export compare ai crypto``, the whole process."""
    data = [arg for d in options.data for arg in ("--data", str(d))]
    ours = process([*_layerscope(), *data, "export", "compare", *options.stacks], options)
    base = process(
        [sys.executable, "-c", "import rich.console, rich.table, yaml, msgspec"], options
    )
    mine, theirs = alternate(ours, base, options.runs)
    shown = " ".join(options.stacks)
    note = "provisional: --data" if options.data else ""
    return Result(
        "B2",
        f"export compare {shown} vs import rich, yaml, msgspec",
        mine * 1e3,
        theirs * 1e3,
        1.6,
        note=note,
    )


def b3_load(options: Options) -> Result:
    """B3: load and validate 200 generated stacks vs a bare ``yaml.load`` of the same files."""
    import yaml
    from generate import write_catalog

    from layerscope.catalog import SearchDir, load_catalog

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with tempfile.TemporaryDirectory(prefix="layerscope-b3-") as tmp:
        directory = Path(tmp)
        write_catalog(directory, options.catalog_size)
        files = sorted(directory.glob("*.yaml"))

        def ours() -> None:
            catalog = load_catalog([SearchDir(directory, "--data")])
            assert len(catalog.stacks) == options.catalog_size, catalog.diagnostics[:3]

        def base() -> None:
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=loader)

        mine, theirs = alternate(in_process(ours, options), in_process(base, options), options.runs)
    return Result(
        "B3",
        f"load + validate {options.catalog_size} stacks vs yaml.load(CSafeLoader)",
        mine * 1e3,
        theirs * 1e3,
        2.0,
    )


BENCHMARKS: dict[str, Callable[[Options], Result]] = {
    "B2": b2_export,
    "B3": b3_load,
}
"""Every benchmark by id; the table lists them in this order."""


def table(results: list[Result]) -> str:
    """The results as an aligned plain-text table."""
    header = ("id", "what", "layerscope", "baseline", "ratio", "budget", "")
    rows = [
        (
            r.id,
            r.what + (f" ({r.note})" if r.note else ""),
            f"{r.ours:.1f} {r.unit}",
            f"{r.baseline:.1f} {r.unit}",
            f"{r.ratio:.2f}x",
            f"<= {r.budget:.2f}x",
            "ok" if r.ok else "OVER",
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for n, row in enumerate([header, *rows]):
        lines.append("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks and print the table; with ``--check``, exit 1 if one is over."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each (default 7)")
    parser.add_argument("--only", nargs="+", metavar="ID", choices=sorted(BENCHMARKS))
    parser.add_argument("--data", action="append", type=Path, default=[], metavar="DIR")
    parser.add_argument("--stacks", nargs="+", default=["ai", "crypto"], metavar="ID")
    parser.add_argument(
        "--clock",
        choices=("cpu", "wall"),
        default="cpu",
        help="cpu: user + system time, steady on a busy machine (default); wall: elapsed",
    )
    parser.add_argument(
        "--catalog-size", type=int, default=200, metavar="N", help="stacks B3 generates"
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    with tempfile.TemporaryDirectory(prefix="layerscope-home-") as home:
        env = dict(os.environ)
        env.update(
            HOME=home,
            XDG_CONFIG_HOME=f"{home}/.config",
            XDG_DATA_HOME=f"{home}/.local/share",
            XDG_CACHE_HOME=f"{home}/.cache",
            XDG_STATE_HOME=f"{home}/.local/state",
        )
        env.pop("LAYERSCOPE_PATH", None)
        # An installed package has its bytecode compiled (pip does it); let the warm-up
        # run write it rather than timing the compiler on every run.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        options = Options(
            args.runs, tuple(args.data), tuple(args.stacks), env, args.clock, args.catalog_size
        )
        results = []
        for ident, bench in BENCHMARKS.items():
            if args.only and ident not in args.only:
                continue
            print(f"running {ident}...", file=sys.stderr, flush=True)
            results.append(bench(options))
    print(f"medians of {args.runs} alternating runs, {args.clock} time")
    print(table(results))
    return 1 if args.check and not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
