"""Time in the app: stepping the date by quarter, back to today, a date before every
record, and the timeline screen on ``t``.

The app runs on the time fixtures (``tests/fixtures/time``): Gamma (as of 2025-06) solves
"slow" from 2022-03 and transfers "costly" from 2024-02, so its verdict is mixed from
2020-09-15 (its L2's first launch), capability progression from 2022-03 (index 0.75) and
mixed again from 2024-02 (index 0.50, a third transferred); its first launch is 2019-03-01.
Delta's is 2018-05. (Worked by hand from the files; see also ``test_time_cli.py``.)
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from test_screen_equals_export import SIZE, WIDTH, assert_same, screen_words, words
from test_tui_support import make_app, notices, screen_text
from textual.pilot import Pilot
from textual.widgets import Input

from layerscope.catalog import SearchDir
from layerscope.cli.asof import render_view_as_of
from layerscope.report import View, render_view
from layerscope.report.document import Figure, Title, plain
from layerscope.report.format import glyphs
from layerscope.report.views.history_chart import history_figure
from layerscope.report.views.timeline import step_quarter
from layerscope.report.views.timeline_chart import lane_chart, lane_figure
from layerscope.tui.app import LayerscopeApp
from layerscope.tui.launch import Start
from layerscope.tui.screens.comparison import ComparisonScreen
from layerscope.tui.screens.timeline import TimelineScreen
from layerscope.tui.widgets.document import DocumentView, FigureBlock

TIME = Path(__file__).resolve().parent / "fixtures" / "time"
PAIR = ("gamma", "delta")
TIMELINE = View("timeline", PAIR)


def time_app(as_of: str | None = None) -> LayerscopeApp:
    return make_app([SearchDir(TIME, "--data")], start=Start(PAIR), as_of=as_of)


async def settle(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.pause()


def header(app: LayerscopeApp) -> str:
    """The header line, as the terminal shows it."""
    return screen_text(app).splitlines()[0]


def pane_headers(app: LayerscopeApp) -> str:
    """The comparison's two header lines (the stacks' names and verdicts)."""
    return "\n".join(screen_text(app).splitlines()[1:3])


def headers(app: LayerscopeApp) -> tuple[str, str]:
    """The header line and the comparison's two header lines, from one screenshot."""
    lines = screen_text(app).splitlines()
    return lines[0], "\n".join(lines[1:3])


def title(app: LayerscopeApp, view: View) -> str:
    block = app.document(view).blocks[0]
    assert isinstance(block, Title)
    return "\n".join(plain(text) for text in (block.text, *block.lines))


# -- stepping by quarter (the rule, on a fixed today) -------------------------------------

TODAY = datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("date", "quarters", "expected"),
    [
        (None, -1, "2026-09"),  # today is in Q4: the last quarter that ended is Q3
        (None, 1, None),  # there is nothing after today
        ("2026-09", 1, None),  # Q4 has not ended by today: today
        ("2026-06", 1, "2026-09"),
        ("2024-06", -1, "2024-03"),
        ("2024-06-15", -1, "2024-03"),  # mid-quarter: the end of the quarter before
        ("2024-06-15", 1, "2024-06"),  # ...and on, the end of its own
        ("2024", -1, "2024-09"),  # a year ends with its Q4: back to Q3
        ("2024", 1, "2025-03"),
        ("2024-06", -4, "2023-06"),
        ("2025-12-31", 1, "2026-03"),
        ("0001-02", -1, "0001-02"),  # nothing before the first quarter of year 1
    ],
)
def test_step_quarter(date: str | None, quarters: int, expected: str | None) -> None:
    assert step_quarter(date, quarters, TODAY) == expected


def test_a_quarter_that_ends_today_is_today() -> None:
    assert step_quarter("2026-09", 1, datetime.date(2026, 12, 31)) is None
    assert step_quarter("2026-09", 1, datetime.date(2027, 1, 1)) == "2026-12"


# -- the date in the app -------------------------------------------------------------------


async def test_stepping_the_date_moves_every_view_and_the_header() -> None:
    app = time_app(as_of="2024-03")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        top, panes = headers(app)
        assert "layerscope as of 2024-03" in top
        # Gamma's transfer (2024-02) is known by 2024-03: mixed.
        assert "Gamma" in panes and "capability progression" not in panes
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert app.as_of == "2023-12"
        top, panes = headers(app)
        assert "layerscope as of 2023-12" in top
        # Without the transfer, what Gamma solved counts: capability progression, 0.75.
        assert "capability progression  index 0.75" in panes
        assert title(app, View("compare", PAIR)).startswith("Compare")
        assert " as of 2023-12" in title(app, View("compare", PAIR)).splitlines()[0]
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert app.as_of == "2024-03"
        assert "capability progression" not in pane_headers(app)


async def test_back_to_today() -> None:
    app = time_app(as_of="2021-06")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        assert "as of 2021-06" in header(app)
        await pilot.press("T")
        await settle(pilot)
        assert app.as_of is None
        top, panes = headers(app)
        assert "as of" not in top and "layerscope" in top
        assert "as of" not in title(app, View("compare", PAIR))
        assert "mixed  index 0.50" in panes  # the data's own verdict


async def test_stepping_back_from_today_starts_at_the_last_quarter_that_ended() -> None:
    app = time_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert app.as_of is not None
        end = datetime.date.fromisoformat(f"{app.as_of}-01")
        today = datetime.date.today()
        assert end.month in (3, 6, 9, 12)
        assert end < today and (today - end).days < 93 + 31
        assert f"as of {app.as_of}" in header(app)
        await pilot.press("greater_than_sign")
        await settle(pilot)
        assert app.as_of is None


async def test_a_date_before_every_record_says_nothing_was_known() -> None:
    app = time_app(as_of="2018-06")
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("less_than_sign")  # 2018-03: before Delta's first launch too
        await settle(pilot)
        assert app.as_of == "2018-03"
        notes = [n.message for n in notices(app)]
        assert notes == [
            "Gamma as of 2018-03: nothing was known then (first launch 2019-03-01).",
            "Delta as of 2018-03: nothing was known then (first launch 2018-05).",
        ]
        assert isinstance(app.screen, ComparisonScreen)
        assert "no handlings recorded" in pane_headers(app)
        # Each empty stack is said once, not at every step further back.
        app.clear_notifications()
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert app.as_of == "2017-12"
        assert not notices(app)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen)
        shown = screen_text(app)
        assert "Timeline: Gamma · Delta as of 2017-12" in shown
        assert "nothing was known then" in shown
        assert "No example has a launch date." in shown


def test_tui_as_of_opens_the_app_at_that_date(monkeypatch: pytest.MonkeyPatch) -> None:
    from layerscope import cli

    seen: dict[str, Any] = {}

    def run(app: LayerscopeApp, *_args: Any, **_kwargs: Any) -> None:
        seen.update(as_of=app.as_of, title=app.title, stacks=app.start.stacks)

    monkeypatch.setattr(LayerscopeApp, "run", run)
    argv = ["--no-user-data", "--data", str(TIME), "tui", *PAIR, "--as-of", " 2024-06 "]
    assert cli.main(argv) == 0
    assert seen == {"as_of": "2024-06", "title": "layerscope as of 2024-06", "stacks": PAIR}


# -- the timeline screen -------------------------------------------------------------------


async def test_the_timeline_opens_on_t_shows_what_the_export_writes_and_follows_the_date() -> None:
    app = time_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen), "t opens the timeline"
        assert screen.current_view() == TIMELINE, "the timeline of the pair"
        exported = render_view(TIMELINE, app.catalog, "text", width=WIDTH)
        assert_same(await screen_words(pilot, screen), words([exported]))
        # The lanes and the verdict over time are figures, drawn as their characters.
        blocks = screen.query_one(DocumentView).blocks
        assert {b.id for b in blocks if isinstance(b, FigureBlock)} == {
            "lanes",
            "verdict-history",
        }, "the lanes and the verdict history are figures"
        app.as_of = "2022-06"
        await settle(pilot)
        assert app.screen is screen, "a new date keeps the screen"
        exported = render_view_as_of(
            TIMELINE, app.catalog, "text", width=WIDTH, ascii=False, date="2022-06"
        )
        assert "as of 2022-06" in exported.splitlines()[0], "the export is as of the date"
        assert_same(await screen_words(pilot, screen), words([exported]))
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ComparisonScreen), "escape goes back"
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, TimelineScreen), "t over the drivers"
        assert len(app.screen_stack) == 2, "the timeline replaces the drivers"


async def test_m_shows_and_hides_the_metrics_and_e_exports_what_is_shown(tmp_path: Path) -> None:
    from layerscope.tui.dialogs.export import ExportModal

    with_metrics = View("timeline", PAIR, metrics=True)
    app = time_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, TimelineScreen)
        assert "Speed" not in screen_text(app)
        await pilot.press("m")
        await settle(pilot)
        assert app.screen is screen and screen.current_view() == with_metrics
        exported = render_view(with_metrics, app.catalog, "text", width=WIDTH)
        assert "Speed (ops)" in exported
        assert_same(await screen_words(pilot, screen), words([exported]))
        assert "timeline gamma delta --metrics" in header(app)
        await pilot.press("e")
        await settle(pilot)
        modal = app.screen
        assert isinstance(modal, ExportModal) and modal.view == with_metrics
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        assert screen.current_view() == TIMELINE
        assert "Speed" not in screen_text(app)


# -- the figures the timeline is drawn with --------------------------------------------------


def test_the_lane_figure_draws_each_launch_once_in_both_forms() -> None:
    from layerscope.catalog import load_catalog
    from layerscope.report.document import Circle, Label

    catalog = load_catalog([SearchDir(TIME, "--data")])
    stacks = [catalog.stack(s) for s in PAIR]
    chart = lane_chart(stacks)
    assert chart is not None
    figure = lane_figure(chart, glyphs(False))
    assert isinstance(figure, Figure) and figure.key == "lanes"
    marks = [s for s in figure.shapes if isinstance(s, Circle)]
    # Gamma has 6 dated examples, Delta 3.
    assert len(marks) == 9
    assert "G1, 2019-03-01" in {m.text for m in marks}
    # One line per lane under the years; each lane's marks on its line.
    drawn = [plain(text) for text in figure.lines]
    assert len(drawn) == 1 + len(chart.lanes) == figure.height
    assert sum(row.count("●") for row in drawn) == 9  # no two launches share a cell
    years = {s.text for s in figure.shapes if isinstance(s, Label) and s.role == "dim"}
    assert years == {"2018", "2020", "2022", "2024"}
    assert all(0 <= m.x <= figure.width and 0 <= m.y <= figure.height for m in marks)


def test_the_history_figure_steps_at_each_dated_change() -> None:
    from layerscope.analysis.time import verdict_history
    from layerscope.catalog import load_catalog
    from layerscope.report.document import Circle, Polyline

    catalog = load_catalog([SearchDir(TIME, "--data")])
    gamma = catalog.stack("gamma")
    figure = history_figure([(gamma.title, verdict_history(gamma))], glyphs(True))
    assert figure is not None and figure.key == "verdict-history"
    points = [s for s in figure.shapes if isinstance(s, Circle)][:3]  # the index's
    assert [p.text.split(":")[0] for p in points] == [
        "Gamma from 2020-09-15",
        "Gamma from 2022-03",
        "Gamma from 2024-02",
    ]
    # Index 0.50, 0.75, 0.50: the middle point higher up, the others level.
    assert points[1].y < points[0].y == points[2].y
    steps = next(s for s in figure.shapes if isinstance(s, Polyline) and s.text == "Gamma")
    assert steps.points[0] == (points[0].x, points[0].y)
    assert all(plain(text).isascii() for text in figure.lines)
    assert history_figure([("Nothing", ())], glyphs(False)) is None


# -- snapshots -----------------------------------------------------------------------------

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def timeline(pilot: Pilot[None]) -> None:
    """Open the timeline (start-up notifications cleared: they name files by their path)."""
    await settle(pilot)
    pilot.app.clear_notifications()
    await pilot.press("t")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
class TestTimelineScreen:
    @pytest.fixture(autouse=True)
    def steady_cursor(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(Input, "cursor_blink", False)

    def test_today(self, snap_compare: Any, size: tuple[int, int]) -> None:
        assert snap_compare(time_app(), terminal_size=size, run_before=timeline)

    def test_a_quarter_before_the_transfer(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def stepped(pilot: Pilot[None]) -> None:
            await timeline(pilot)
            await pilot.press("less_than_sign")  # 2024-03 → 2023-12
            await settle(pilot)

        app = time_app(as_of="2024-03")
        assert snap_compare(app, terminal_size=size, run_before=stepped)

    def test_with_the_metrics(self, snap_compare: Any, size: tuple[int, int]) -> None:
        async def with_metrics(pilot: Pilot[None]) -> None:
            await timeline(pilot)
            await pilot.press("m")
            await settle(pilot)

        assert snap_compare(time_app(), terminal_size=size, run_before=with_metrics)
