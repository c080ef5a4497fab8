"""Metrics on the timeline's time axis, where the user asks for them (``--metrics``).

The fixture is ``tests/fixtures/time``: gamma's metric Speed (ops) has the history 2020: 10,
2022-06: 25 and its own value 40 as of 2024-06; no other metric has a history. The lanes
run 2018-01-01 to 2024-12-31 (2557 days) over 40 cells; a date sits at the middle of its
period, so 2020 falls in cell 912 * 40 // 2557 = 14, 2022-06 in 1626 * 40 // 2557 = 25 and
2024-06 in 2357 * 40 // 2557 = 36 (hand-worked).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from cli_run import layerscope

from layerscope.catalog import Catalog, SearchDir, load_catalog
from layerscope.report import View, build_document
from layerscope.report.document import Circle, Document, Figure, Label, Polyline, plain
from layerscope.report.format import ASCII, UNICODE
from layerscope.report.views.timeline import as_of_document

TESTS = Path(__file__).resolve().parent
TIME = TESTS / "fixtures" / "time"
STACKS = ("gamma", "delta")
LANES = View("timeline", STACKS)
METRICS = View("timeline", STACKS, metrics=True)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([SearchDir(TIME, "--data")], cached=False)


def lanes(doc: Document) -> Figure:
    found = [b for b in doc.blocks if isinstance(b, Figure) and b.key == "lanes"]
    assert len(found) == 1
    return found[0]


def rows(figure: Figure) -> list[str]:
    return [plain(item) for item in figure.lines]


CHART = slice(16, 56)
"""The chart's cells on a line: after ``Level`` (5) and ``Stack`` (5) and their gaps (3)."""


def test_metrics_show_only_when_asked(catalog: Catalog) -> None:
    figure = lanes(build_document(LANES, catalog))
    assert not any("Speed" in row for row in rows(figure))
    assert LANES.path == "timeline gamma delta"
    assert METRICS.path == "timeline gamma delta --metrics"


def test_a_metric_is_drawn_on_the_lanes_time_axis(catalog: Catalog) -> None:
    plain_rows = rows(lanes(build_document(LANES, catalog)))
    shown = rows(lanes(build_document(METRICS, catalog)))
    # The lanes and their axis are as they were: the metric's dates fall within it.
    assert [row[: CHART.stop] for row in shown[: len(plain_rows)]] == [
        row[: CHART.stop] for row in plain_rows
    ]
    name = next(i for i, row in enumerate(shown) if "Speed" in row)
    assert shown[name].split() == ["L1", "Gamma", "Speed", "(ops)"]
    chart = shown[name + 1]
    cells = chart[CHART]
    assert len(cells) == 40
    dots = UNICODE.track
    assert cells == dots * 14 + "▁" + dots * 10 + "▅" + dots * 10 + "█" + dots * 3
    assert chart[CHART.stop :].strip() == "10–40 ops"


def test_ascii_draws_the_metric_in_its_spark_glyphs(catalog: Catalog) -> None:
    shown = rows(lanes(build_document(METRICS, catalog, ascii=True)))
    name = next(i for i, row in enumerate(shown) if "Speed" in row)
    cells = shown[name + 1][CHART]
    assert cells == "." * 14 + "," + "." * 10 + ";" + "." * 10 + "!" + "." * 3
    assert shown[name + 1][CHART.stop :].strip() == "10 to 40 ops"
    assert all(row.isascii() for row in shown)


def test_the_legend_says_how_to_read_a_metric(catalog: Catalog) -> None:
    figure = lanes(build_document(METRICS, catalog))
    legend = [plain(item) for item in figure.legend]
    assert any(item.startswith(UNICODE.spark) for item in legend), legend
    assert "metric" in plain(figure.caption)
    ascii_legend = [plain(i) for i in lanes(build_document(METRICS, catalog, ascii=True)).legend]
    assert any(item.startswith(ASCII.spark) for item in ascii_legend)


def test_the_vector_series_sits_on_the_same_axis(catalog: Catalog) -> None:
    figure = lanes(build_document(METRICS, catalog))
    years = {s.text: s.x for s in figure.shapes if isinstance(s, Label) and s.text.isdigit()}
    points = [
        s for s in figure.shapes if isinstance(s, Circle) and s.text.startswith("Gamma Speed")
    ]
    assert [p.text for p in points] == [
        "Gamma Speed: 10 ops, 2020",
        "Gamma Speed: 25 ops, 2022-06",
        "Gamma Speed: 40 ops, 2024-06",
    ]
    assert years["2020"] < points[0].x < years["2022"] < points[1].x < years["2024"] < points[2].x
    row = rows(figure).index(next(r for r in rows(figure) if r.endswith("10–40 ops")))
    assert all(row < p.y < row + 1 for p in points)
    assert points[0].y > points[1].y > points[2].y  # higher values stand higher
    line = next(s for s in figure.shapes if isinstance(s, Polyline) and s.text == "Gamma Speed")
    assert [(x, y) for x, y in line.points] == [(p.x, p.y) for p in points]


def test_a_metric_as_of_a_date_shows_what_was_known(catalog: Catalog) -> None:
    shown = rows(lanes(as_of_document(METRICS, catalog, "2023")))
    name = next(i for i, row in enumerate(shown) if "Speed" in row)
    cells = shown[name + 1]
    assert "█" in cells and "▁" in cells and "▅" not in cells  # 10 then 25: two points
    assert cells.rstrip().endswith("10–25 ops")
    before = rows(lanes(as_of_document(METRICS, catalog, "2019")))
    assert not any("Speed" in row for row in before)


def test_no_metric_with_a_history_is_said(catalog: Catalog) -> None:
    doc = build_document(View("timeline", ("delta",), metrics=True), catalog)
    text = "\n".join(
        plain(item) for block in doc.blocks if hasattr(block, "lines") for item in block.lines
    )
    assert "No metric on show has a history." in text


def test_only_a_timeline_shows_metrics() -> None:
    with pytest.raises(ValueError, match="only a timeline"):
        View("stack", ("gamma",), metrics=True)


# --- the command line -----------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in this process, as a fresh process would run it (tests/cli_run.py)."""
    return layerscope("--no-user-data", "--data", TIME, *args, env={"COLUMNS": "100"})


def test_export_timeline_with_metrics() -> None:
    out = run("export", "timeline", "gamma", "delta", "--metrics")
    assert out.returncode == 0, out.stderr
    assert "Speed (ops)" in out.stdout and "10–40 ops" in out.stdout
    assert "timeline gamma delta --metrics" in out.stdout  # the footer names the view
    assert "Speed" not in run("export", "timeline", "gamma", "delta").stdout


def test_metrics_with_another_kind_is_a_usage_error() -> None:
    out = run("export", "stack", "gamma", "--metrics")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "layerscope: --metrics goes with export timeline (the metrics on its time axis)"
    ]
