"""The characters of the charts: each stands for one thing, in ASCII as in Unicode.

An ASCII chart must not borrow an outcome's symbol (``+`` is "solved") for a mark of its own,
and a sparkline must not be made of digits, which read as numbers beside the values it sits
next to. The chart glyphs live with the others in :class:`~layerscope.report.format.Glyphs`.
"""

from __future__ import annotations

import datetime

import pytest

from layerscope.analysis.time import HistoryPoint
from layerscope.report.document import STATUSES, Figure, plain
from layerscope.report.format import ASCII, UNICODE, Glyphs, spark
from layerscope.report.views.history_chart import history_figure
from layerscope.report.views.timeline_chart import Lane, LaneChart, lane_figure


def crowded_chart() -> LaneChart:
    """One lane with a single launch, three sharing a cell, and twelve sharing another."""
    launches = ("2019-02", *("2020-06",) * 3, *("2022-06",) * 12)
    return LaneChart(
        datetime.date(2019, 1, 1),
        datetime.date(2023, 12, 31),
        (Lane(1, "L1", "Alpha", launches, tuple(f"E{n}" for n in range(len(launches)))),),
    )


def drawn(figure: Figure) -> str:
    """The figure's characters and legend, as a reader sees them in text."""
    return "\n".join(plain(item) for item in (*figure.lines, *figure.legend))


def test_the_ascii_sparkline_is_no_number() -> None:
    assert not any(char.isdigit() for char in ASCII.spark)
    rising = spark([1, 2, 3, 4, 5, 6, 7, 8], ASCII)
    assert rising[0] == ASCII.spark[0] and rising[-1] == ASCII.spark[-1]
    assert len(set(ASCII.spark)) == len(ASCII.spark) >= 3


@pytest.mark.parametrize("g", [ASCII, UNICODE], ids=["ascii", "unicode"])
def test_a_crowded_cell_has_a_mark_of_its_own(g: Glyphs) -> None:
    figure = lane_figure(crowded_chart(), g)
    lane = plain(figure.lines[1])
    assert g.launch in lane and "3" in lane and g.crowd in lane
    legend = plain(figure.legend[0])
    assert legend.startswith(g.launch) and f"{g.crowd} for ten or more" in legend


def test_no_ascii_chart_mark_is_an_outcome_symbol() -> None:
    outcomes = {ASCII.symbol(status) for status in STATUSES}
    assert not {ASCII.launch, ASCII.crowd} & outcomes
    lanes = lane_figure(crowded_chart(), ASCII)
    assert "+" not in drawn(lanes)
    from layerscope.analysis import Score

    history = history_figure(
        [
            ("Alpha", [HistoryPoint("2020", Score(1, 0.5, 0.0, {}))]),
            ("Beta", [HistoryPoint("2020", Score(1, 0.5, 0.0, {}))]),
        ],
        ASCII,
    )
    assert history is not None
    text = drawn(history)
    assert not set(text) & (outcomes - {"o", "x"}), text  # letters show in words
    assert ASCII.crowd in text  # both stacks' points in one cell
