"""Shared fixtures. The one seam: platform directories point into a temporary home.

Also: the stress pair of DESIGN.md as files (written by ``benchmarks/generate.py``, the one
generator), the order tests run in (slow ones first, so that the workers of ``pytest -n``
finish together), how often a test process collects garbage, when a headless app paints,
and the parsed CSS the apps of a test process share.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from layerscope.catalog import Catalog

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIXTURE_CATALOG = FIXTURES / "catalog"
BENCHMARKS = REPO / "benchmarks"

# The benchmarks' generator (benchmarks/generate.py) makes the stress pair and B3's catalog.
sys.path.insert(0, str(BENCHMARKS))

# Keep the test modules as pytest rewrites their asserts (in the ignored __pycache__ dirs),
# even where PYTHONDONTWRITEBYTECODE is set: each worker of `pytest -n` imports them all,
# and rewriting them takes it about 9 s of CPU against 3 s to read them back.
sys.dont_write_bytecode = False

# Collect the youngest generation every 20,000 allocations, not 700. A test worker runs one
# app after another; each builds a few hundred thousand objects (widgets, styles, rendered
# lines) that outlive a young collection, so with the default every app pushed the heap
# into a full collection of everything alive (~0.3 s each). Measured over the whole suite on
# the 2-core machine (gc.callbacks, three runs each): 15-16 s of CPU collecting instead of
# 43-52 s; the suite's CPU, five runs each, 233-276 s instead of 266-318 s. The app itself
# is tuned apart (layerscope/cli/startup.py).
gc.set_threshold(20_000, *gc.get_threshold()[1:])


def _paint_only_what_is_read() -> None:
    """Headless apps paint a frame when a test reads one, not on every refresh.

    Textual renders each refresh of the screen into lines even when headless, and then
    throws them away (``App._display`` writes nothing without a terminal): about a third
    of an app test's CPU. Here a headless app keeps its layout, focus and mouse-over up to
    date as before, and paints a full frame when a test reads the screen
    (``export_screenshot``, the snapshots), when a screen is left and when the app shuts
    down, so a widget that fails to render still fails its test
    (``tests/test_headless_paint.py``). Over the suite: 223 s of CPU instead of 294 s, and
    129 s instead of 167 s, one run after the other; three runs each in turns in a slower
    hour (with the freeze below), 243-254 s of CPU and 146-148 s against 288-341 s and
    163-202 s. Textual is pinned (pyproject.toml); the names below are its private ones,
    and an upgrade that moves one fails the suite.
    """
    from textual.app import App
    from textual.screen import Screen

    refresh, push, replace, shutdown = (
        Screen._compositor_refresh,
        App.push_screen,
        App._replace_screen,
        App._shutdown,
    )

    def paint(screen: Screen[Any]) -> None:
        if screen.__dict__.pop("_unpainted", False):
            screen._compositor.render_update(full=True)

    def compositor_refresh(self: Screen[Any]) -> None:
        app = self.app
        if not app.is_headless or app.is_inline or self is not app.screen:
            refresh(self)
            return
        self.__dict__["_unpainted"] = True
        self._compositor._dirty_regions.clear()
        self._dirty_widgets.clear()
        app._update_mouse_over(self)

    def push_screen(self: App[Any], *args: Any, **kw: Any) -> Any:
        if self.screen_stack:  # the screen a new one covers, as it was left
            paint(self.screen)
        return push(self, *args, **kw)

    async def replace_screen(self: App[Any], screen: Screen[Any]) -> Screen[Any]:
        paint(screen)  # popped or switched away from
        return await replace(self, screen)

    async def app_shutdown(self: App[Any]) -> None:
        if self._running and self.screen_stack:
            paint(self.screen)
        await shutdown(self)

    Screen._compositor_refresh = compositor_refresh  # type: ignore[method-assign]
    App.push_screen = push_screen  # type: ignore[assignment]
    App._replace_screen = replace_screen  # type: ignore[method-assign]
    App._shutdown = app_shutdown  # type: ignore[method-assign]


_paint_only_what_is_read()


def _parse_css_once_per_process() -> None:
    """Each stylesheet's CSS is parsed once per test process, not once per app.

    A Textual app parses its own CSS and every widget's default CSS when it starts, and
    keeps the rule sets it parsed in a cache of its own (``Stylesheet._parse_cache``),
    which it reuses whenever it parses again. Here that cache is shared by the apps of a
    process, keyed as Textual keys it and by the CSS variables (the theme) the rules were
    parsed with; rules are read, never changed, once parsed. Four app-test files in one
    process (misc, dialogs, views, layer; two runs each in turns): 40-42 s of CPU instead
    of 47-48 s. CSS that fails to parse still raises in every app (a failure is not kept).
    """
    from textual.css.stylesheet import Stylesheet

    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[Any, ...], Any] = {}

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        key = (css, read_from, is_default_rules, tie_breaker, scope, *self._variables.items())
        rules = parsed.get(key)
        if rules is None:
            rules = parsed[key] = parse_rules(
                self, css, read_from, is_default_rules, tie_breaker, scope
            )
        return rules

    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]


_parse_css_once_per_process()


NOTICES: dict[int, list[Any]] = {}
"""What each app (by id, for the life of a test) was told to show, oldest first."""


@pytest.fixture(autouse=True)
def recorded_notices(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Keep every notification an app shows, through the public ``notify`` API.

    Textual keeps the notifications on screen in a private list; tests read this record
    instead (``tests/test_tui_support.py``: ``notices(app)``).
    """
    from textual.app import App  # imported by every test process (above)
    from textual.notifications import Notification

    notify, clear = App.notify, App.clear_notifications

    def recording_notify(self: App[Any], message: str, **kw: Any) -> None:
        fields = {k: kw[k] for k in ("title", "severity", "timeout") if kw.get(k) is not None}
        NOTICES.setdefault(id(self), []).append(Notification(message, **fields))
        notify(self, message, **kw)

    def recording_clear(self: App[Any]) -> None:
        NOTICES.pop(id(self), None)
        clear(self)

    monkeypatch.setattr(App, "notify", recording_notify)
    monkeypatch.setattr(App, "clear_notifications", recording_clear)
    yield
    NOTICES.clear()


@pytest.fixture(scope="session")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A cache of loaded files (``layerscope.load.cache``) that holds the built-in data and
    the fixture catalog, made once per test process.

    A user's start finds its cache warm; so does each test's fresh home (a hard link to
    this file: the cache is replaced by a rename when it changes, never written in place,
    so no test changes another's). It saves about 30 ms of parsing and a cache write in
    every test that loads the built-in data. Tests marked ``cold_cache`` start without it.
    """
    from layerscope.catalog import SearchDir, load_catalog
    from layerscope.load.cache import cache_file
    from layerscope.paths import builtin_data_dir

    with pytest.MonkeyPatch.context() as env:
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("warm-cache")))
        load_catalog(
            [SearchDir(builtin_data_dir(), "built-in"), SearchDir(FIXTURE_CATALOG, "--data")]
        )
        return cache_file()


@pytest.fixture(scope="session")
def homes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the tests' homes are made (one directory per test process)."""
    return tmp_path_factory.mktemp("homes")


@pytest.fixture(autouse=True)
def isolated_home(
    request: pytest.FixtureRequest, homes: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Never touch the real home: XDG dirs and HOME point into a fresh directory (its cache
    of loaded files warm: :func:`warm_cache`).

    Subprocesses inherit the environment, so CLI tests are covered as well. The homes are
    made apart from pytest's numbered directories (``tmp_path``): pytest finds the next
    number by listing every directory made so far, and a home per test made each of those
    lists longer.
    """
    home = Path(tempfile.mkdtemp(prefix="home-", dir=homes))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.delenv("LAYERSCOPE_PATH", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # The commands the tests run as processes compile layerscope once, not on every run
    # (about 50 ms each; the bytecode goes to the ignored __pycache__ dirs).
    monkeypatch.delenv("PYTHONDONTWRITEBYTECODE", raising=False)
    if request.node.get_closest_marker("cold_cache") is None:
        warm: Path = request.getfixturevalue("warm_cache")
        cache = home / ".cache" / warm.relative_to(warm.parents[1])
        cache.parent.mkdir(parents=True)
        os.link(warm, cache)
    yield home


@pytest.fixture
def fixture_catalog():  # type: ignore[no-untyped-def]
    """The small fixture catalog (alpha, beta and two dimensions), nothing else."""
    from layerscope.catalog import SearchDir, load_catalog

    return load_catalog([SearchDir(FIXTURE_CATALOG, "--data")])


@pytest.fixture(scope="session")
def stress_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory with the stress pair (``stress-a.yaml``, ``stress-b.yaml``: 50 layers of
    500 examples each) and a dimensions file, written once per test process."""
    from generate import write_stress_pair

    directory = tmp_path_factory.mktemp("stress")
    write_stress_pair(directory)
    return directory


@pytest.fixture(scope="session")
def stress_catalog(stress_dir: Path) -> Catalog:
    """The stress pair loaded through the real loader (parsed and checked, no cache)."""
    from layerscope.catalog import SearchDir, load_catalog

    return load_catalog([SearchDir(stress_dir, "--data")], cached=False)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: two workers per core. An app test spends about half of its time
    waiting, not computing (Textual's pilot waits for the app to be idle in 20 ms windows
    after each key; command tests wait on their processes), and a second worker per core
    fills that time. On 2 cores the suite took 192 s with 2 workers, 160 s with 3 and
    154 s with 4 or 6; since frames are painted only when read (above), 151 s with 4 and
    152 s with 6 (two runs each, in turns). ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides
    when it is set."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # pytest-xdist's own hook reads it
    return 2 * len(os.sched_getaffinity(0))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure() -> None:
    """Collect what the tests left, then freeze what is still alive.

    After this hook pytest's own clean-up collects garbage five times (to report any
    exception raised while an object is freed). A worker's heap holds a few hundred
    thousand objects that stay alive to the end (Textual's caches of rendered lines), and
    each of those collections walked all of them: seconds at the end of every run, while
    the other workers wait. Collecting until nothing is freed first leaves only live
    objects to freeze, so those collections still find everything that becomes garbage.
    """
    while gc.collect():
        pass
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` first: with ``-n``, a long test started last would leave the
    other workers idle while it runs. Otherwise the order is the collection order."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
