"""layerscope's performance budgets, measured as ratios against a baseline in one run.

Run from a checkout: ``python benchmarks/run.py [--runs N] [--only B1 B4] [--check]``.

Each benchmark measures layerscope and its baseline alternately (so a busy machine slows
both alike) and reports the ratio of the medians. A benchmark is a function that takes the
options and returns a :class:`Result`; add one to :data:`BENCHMARKS` and it joins the table.

The app benchmarks (B1, B4, B5, S1) run each app headless in a fresh process
(``app_probe.py``), at the same terminal size, and read what it reports.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PROBE = HERE / "app_probe.py"
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
    presses: int = 200
    """How many keys B4 presses (the budget is defined for 200)."""
    moves: int = 60
    """How many moves S1 makes in each comparison (DESIGN.md's stress case: 60)."""
    size: tuple[int, int] = (120, 40)
    """The terminal size of every app benchmark."""
    warm_up: bool = True
    """Run each side once untimed first (bytecode written, files and caches warm)."""
    stress_data: Path | None = None
    """A directory that holds the stress pair already (S1 writes one otherwise)."""
    references: int = 1000
    """How many unknown references B6 validates (B6b: three times as many; the budgets are
    defined for 1,000)."""
    indicators: int = 8000
    """How many indicators D1's big stack has (its baseline: an eighth as many)."""
    starts: dict[str, list[dict[str, float]]] = field(default_factory=dict, compare=False)
    """The reports of the start-up runs, by app, once measured: B1 and B5 read the same
    runs (see :func:`start_reports`)."""


@dataclass(frozen=True)
class Result:
    """One line of the table."""

    id: str
    what: str
    ours: float
    baseline: float
    budget: float | None
    """``None``: informational, never over."""
    unit: str = "ms"
    note: str = ""

    @property
    def ratio(self) -> float:
        """Ours over the baseline."""
        return self.ours / self.baseline

    @property
    def ok(self) -> bool:
        """Whether the ratio is within the budget."""
        return self.budget is None or self.ratio <= self.budget


Timed = Callable[[], float]
"""Runs something once and returns how long it took, in seconds (or another measure)."""


def alternate(
    ours: Timed, base: Timed, options: Options, *, warm_up: Callable[[], object] | None = None
) -> tuple[float, float]:
    """Median of each, measured in turns, after a warm-up (by default one run of each)
    unless the options say none."""
    if options.warm_up:
        if warm_up is None:
            ours()
            base()
        else:
            warm_up()
    ours_times: list[float] = []
    base_times: list[float] = []
    for _ in range(options.runs):
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


def probe(
    app: str, task: str, options: Options, presses: int = 0, data: Path | None = None
) -> dict[str, float]:
    """Run ``app_probe.py APP TASK`` in a fresh process; what it reports, plus ``spawned``:
    the :func:`time.perf_counter` just before the process was started (the clock is the
    system's monotonic one, shared with the child)."""
    width, height = options.size
    argv = [sys.executable, str(PROBE), app, task, f"--size={width}x{height}"]
    argv += [f"--presses={presses}"] if presses else []
    argv += [f"--data={data}"] if data is not None else []
    spawned = time.perf_counter()
    done = subprocess.run(argv, env=options.env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[1:])} failed:\n{done.stderr}")
    report: dict[str, float] = json.loads(done.stdout.splitlines()[-1])
    report["spawned"] = spawned
    return report


def _median(reports: list[dict[str, float]], measure: Callable[[dict[str, float]], float]) -> float:
    return statistics.median(measure(report) for report in reports)


def _warm_up(options: Options, *apps: str) -> Callable[[], None]:
    """Start each app once (bytecode written, files cached) without doing the task."""

    def run() -> None:
        for app in apps:
            probe(app, "start", options)

    return run


def start_reports(options: Options) -> dict[str, list[dict[str, float]]]:
    """``app`` and ``minimal`` started in turns (:func:`alternate`, after one untimed start
    of each); the probe's reports by app. Measured once per run of the script: B1 reads the
    time to the first frame, B5 the peak memory."""
    if not options.starts:
        reports: dict[str, list[dict[str, float]]] = {"app": [], "minimal": []}

        def start(app: str) -> Timed:
            def run() -> float:
                reports[app].append(probe(app, "start", options))
                return 0.0  # what B1 and B5 read is in the reports

            return run

        warm_up = _warm_up(options, "app", "minimal")
        alternate(start("app"), start("minimal"), options, warm_up=warm_up)
        options.starts.update(reports)
    return options.starts


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
    mine, theirs = alternate(ours, base, options)
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
            # Every file parsed and checked: the cache of loaded files would skip both.
            catalog = load_catalog([SearchDir(directory, "--data")], cached=False)
            assert len(catalog.stacks) == options.catalog_size, catalog.diagnostics[:3]

        def base() -> None:
            for path in files:
                yaml.load(path.read_text(encoding="utf-8"), Loader=loader)

        mine, theirs = alternate(in_process(ours, options), in_process(base, options), options)
    return Result(
        "B3",
        f"load + validate {options.catalog_size} stacks vs yaml.load(CSafeLoader)",
        mine * 1e3,
        theirs * 1e3,
        2.0,
    )


def _validate(path: Path) -> Callable[[], None]:
    """What ``layerscope validate PATH`` does but print: load and check the file, its
    diagnostics as text."""
    from layerscope.catalog import load_paths

    def run() -> None:
        catalog = load_paths([path])
        for diagnostic in catalog.diagnostics:
            str(diagnostic)

    return run


def _references(options: Options, ident: str, references: int) -> Result:
    from generate import write_reference_pair

    with tempfile.TemporaryDirectory(prefix="layerscope-b6-") as tmp:
        clean, unknown = write_reference_pair(Path(tmp), references)
        mine, theirs = alternate(
            in_process(_validate(unknown), options), in_process(_validate(clean), options), options
        )
    return Result(
        ident,
        f"validate {references:,} unknown references vs a clean file of the same size",
        mine * 1e3,
        theirs * 1e3,
        2.0,
    )


def b6_references(options: Options) -> Result:
    """B6: validate a file of 1,000 unknown problem references (each a typo of a defined
    id, so each looks for a "did you mean") vs its clean twin, byte for byte as big."""
    return _references(options, "B6", options.references)


def b6_references_3k(options: Options) -> Result:
    """B6 again with 3,000 references: a quadratic path shows as a growing ratio."""
    return _references(options, "B6b", 3 * options.references)


def d1_drivers(options: Options) -> Result:
    """D1: the drivers view (built, then exported as JSON) of a stack of 8,000 metrics,
    each an indicator of a driver, vs the same of 1,000. Informational: linear work gives
    about 8x; a quadratic path gives far more (it was 7.4 s, over 60x)."""
    from generate import write_drivers_stack

    from layerscope.catalog import SearchDir, load_catalog
    from layerscope.report import View, build_document, render_document

    def view(directory: Path) -> Callable[[], None]:
        catalog = load_catalog([SearchDir(directory, "--data")], cached=False)
        assert "drivers" in catalog.stacks, catalog.diagnostics[:3]

        def run() -> None:
            render_document(build_document(View("drivers", ("drivers",)), catalog), "json")

        return run

    many, few = options.indicators, options.indicators // 8
    with tempfile.TemporaryDirectory(prefix="layerscope-d1-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        write_drivers_stack(big, many)
        write_drivers_stack(small, few)
        mine, theirs = alternate(
            in_process(view(big), options), in_process(view(small), options), options
        )
    return Result(
        "D1",
        f"drivers view (build + json) of {many:,} indicators vs of {few:,}",
        mine * 1e3,
        theirs * 1e3,
        None,
    )


def b1_start(options: Options) -> Result:
    """B1: process start to the first full frame, the app on the shipped data (through
    ``layerscope --no-user-data``) vs a minimal Textual app; imports included."""

    def to_frame(report: dict[str, float]) -> float:
        if options.clock == "cpu":
            return report["first_frame_cpu"]
        return report["first_frame"] - report["spawned"]

    reports = start_reports(options)
    mine, theirs = _median(reports["app"], to_frame), _median(reports["minimal"], to_frame)
    return Result(
        "B1",
        "start to first frame (ai vs crypto) vs minimal Textual app",
        mine * 1e3,
        theirs * 1e3,
        1.25,
    )


def b4_keys(options: Options) -> Result:
    """B4: key presses (down/up alternately, each processed and rendered) in the
    comparison vs in the minimal app's ListView; the time after the first frame."""
    other = {"cpu": "wall", "wall": "cpu"}[options.clock]
    seconds: dict[str, dict[str, list[float]]] = {"app": {}, "minimal": {}}

    def presses(app: str) -> Timed:
        def run() -> float:
            report = probe(app, "keys", options, options.presses)
            by_clock = {"cpu": report["task_cpu"], "wall": report["task"]}
            for clock, value in by_clock.items():
                seconds[app].setdefault(clock, []).append(value)
            return by_clock[options.clock]

        return run

    warm_up = _warm_up(options, "app", "minimal")
    mine, theirs = alternate(presses("app"), presses("minimal"), options, warm_up=warm_up)
    also = statistics.median(seconds["app"][other]) / statistics.median(seconds["minimal"][other])
    return Result(
        "B4",
        f"{options.presses} key presses: comparison vs minimal ListView",
        mine * 1e3,
        theirs * 1e3,
        1.5,
        note=f"{other} time: {also:.2f}x",
    )


def b5_memory(options: Options) -> Result:
    """B5: peak resident memory after the first frame, app on shipped data vs minimal (the
    start-up runs B1 times)."""

    def peak(report: dict[str, float]) -> float:
        return report["maxrss_kib"] / 1024

    reports = start_reports(options)
    mine, theirs = _median(reports["app"], peak), _median(reports["minimal"], peak)
    return Result("B5", "peak memory after first frame vs minimal", mine, theirs, 1.2, unit="MiB")


def s1_stress(options: Options) -> Result:
    """S1: open + ``moves`` moves down in the stress pair (two stacks of 50 layers × 500
    examples, written as files by ``generate.py``) vs the same in the shipped pair (ai,
    crypto), both launched as ``layerscope tui A B``, from the moment the catalog is ready
    (writing and loading the files is not timed). Informational, no budget: the ratio grows
    with the data by design; a stall shows as the worst single move (in the note, on the
    same clock). The row says how big the stress pair it opened was."""
    from generate import write_stress_pair

    worst: dict[str, list[float]] = {"stress": [], "shipped": []}
    shape: dict[str, float] = {}
    clock = options.clock
    with tempfile.TemporaryDirectory(prefix="layerscope-s1-") as tmp:
        directory = options.stress_data
        if directory is None:
            directory = Path(tmp)
            write_stress_pair(directory)
        data = {"stress": directory, "shipped": None}

        def open_and_move(app: str) -> Timed:
            def run() -> float:
                report = probe(app, "moves", options, options.moves, data[app])
                if report["selected"] != report["expected"]:
                    raise RuntimeError(
                        f"{app}: the selection ended at level {report['selected']}, "
                        f"not {report['expected']}: the moves were not all processed"
                    )
                worst[app].append(report[f"worst_{clock}"])
                if app == "stress":
                    shape.update(layers=report["layers"], examples=report["examples"])
                if clock == "cpu":
                    return report["first_frame_cpu"] - report["opened_cpu"] + report["task_cpu"]
                return report["first_frame"] - report["opened"] + report["task"]

            return run

        mine, theirs = alternate(open_and_move("stress"), open_and_move("shipped"), options)
    slowest = statistics.median(worst["stress"]) * 1e3
    return Result(
        "S1",
        f"stress pair {shape['layers']:.0f} layers x {shape['examples']:.0f} examples: "
        f"open + {options.moves} moves vs ai crypto",
        mine * 1e3,
        theirs * 1e3,
        None,
        note=f"worst move {slowest:.0f} ms {clock}",
    )


BENCHMARKS: dict[str, Callable[[Options], Result]] = {
    "B1": b1_start,
    "B2": b2_export,
    "B3": b3_load,
    "B4": b4_keys,
    "B5": b5_memory,
    "B6": b6_references,
    "B6b": b6_references_3k,
    "S1": s1_stress,
    "D1": d1_drivers,
}
"""Every benchmark by id; the table lists them in this order."""


def table(results: list[Result]) -> str:
    """The results as an aligned plain-text table."""
    header = ("id", "what", "layerscope", "baseline", "ratio", "budget", "ok")
    rows = [
        (
            r.id,
            r.what + (f" ({r.note})" if r.note else ""),
            f"{r.ours:.1f} {r.unit}",
            f"{r.baseline:.1f} {r.unit}",
            f"{r.ratio:.2f}x",
            f"<= {r.budget:.2f}x" if r.budget is not None else "-",
            "info" if r.budget is None else "ok" if r.ok else "OVER",
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
    parser.add_argument(
        "--runs",
        type=int,
        default=7,
        help="timed runs of each (default 7; the budgets are defined for medians of 5 or more)",
    )
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
    parser.add_argument(
        "--presses", type=int, default=200, metavar="N", help="keys B4 presses (default 200)"
    )
    parser.add_argument(
        "--moves", type=int, default=60, metavar="N", help="moves S1 makes (default 60)"
    )
    parser.add_argument(
        "--no-warm-up",
        dest="warm_up",
        action="store_false",
        help="no untimed first run (a quick check of the script, not of the budgets)",
    )
    parser.add_argument(
        "--stress-data",
        type=Path,
        metavar="DIR",
        help="S1: the stress pair already written there (generate.write_stress_pair)",
    )
    parser.add_argument(
        "--references",
        type=int,
        default=1000,
        metavar="N",
        help="unknown references B6 validates (B6b: 3N; default 1000)",
    )
    parser.add_argument(
        "--indicators",
        type=int,
        default=8000,
        metavar="N",
        help="indicators of D1's big stack (its baseline: N/8; default 8000)",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when over a budget")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.presses < 2 or args.presses % 2 or args.moves < 1:
        parser.error("--presses must be even and at least 2, --moves at least 1")
    if args.references < 1 or args.indicators < 8:
        parser.error("--references must be at least 1, --indicators at least 8")
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
            args.runs,
            tuple(args.data),
            tuple(args.stacks),
            env,
            args.clock,
            args.catalog_size,
            args.presses,
            args.moves,
            warm_up=args.warm_up,
            stress_data=args.stress_data,
            references=args.references,
            indicators=args.indicators,
        )
        results = []
        for ident, bench in BENCHMARKS.items():
            if args.only and ident not in args.only:
                continue
            print(f"running {ident}...", file=sys.stderr, flush=True)
            results.append(bench(options))
    warm = "" if args.warm_up else ", no warm-up"
    print(f"medians of {args.runs} alternating runs, {args.clock} time{warm}")
    print(table(results))
    return 1 if args.check and not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
