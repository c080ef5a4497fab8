"""The time axis every chart over time shares: whole years from the first date to the last,
where a date falls on it (to scale, or rounded to a character cell) and the labelled years
under a chart."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence

import msgspec

from layerscope.analysis.dates import first_day, last_day


class TimeAxis(msgspec.Struct, frozen=True):
    """A time axis from ``start`` to ``end`` (whole years)."""

    start: datetime.date
    end: datetime.date

    @property
    def days(self) -> int:
        """Days on the axis, both ends included."""
        return (self.end - self.start).days + 1


def time_axis(dates: Sequence[str]) -> TimeAxis:
    """The whole years from the first date's to the last date's (``dates`` not empty)."""
    start = min(first_day(d) for d in dates).replace(month=1, day=1)
    return TimeAxis(start, max(last_day(d) for d in dates).replace(month=12, day=31))


def position(chart: TimeAxis, date: str) -> float:
    """Where a date falls on the axis, from 0 to 1: the middle of its period."""
    low, high = first_day(date), last_day(date)
    middle = low + (high - low) / 2
    return (middle - chart.start).days / chart.days


def cell_of(chart: TimeAxis, date: str, width: int) -> int:
    """The cell a date falls in, to scale."""
    low, high = first_day(date), last_day(date)
    middle = low + (high - low) / 2
    return max(0, min(width - 1, (middle - chart.start).days * width // chart.days))


def year_marks(chart: TimeAxis, width: int) -> list[tuple[int, int]]:
    """The labelled years and the cells where they begin, as many as fit apart."""
    if width <= 0:
        return []
    years = chart.end.year - chart.start.year + 1
    # 1, 2, 5, 10, 20, 50, ... years apart: the first step at which the labels fit, for a
    # span of any length.
    tens = (10**k for k in itertools.count())
    steps = itertools.chain.from_iterable((m, 2 * m, 5 * m) for m in tens)
    step = next(s for s in steps if years / s * 6 <= width)
    out = []
    free_from = 0
    first = chart.start.year + (-chart.start.year) % step
    for year in range(first, chart.end.year + 1, step):
        at = (datetime.date(year, 1, 1) - chart.start).days * width // chart.days
        if at >= free_from and at + len(str(year)) <= width:
            out.append((year, at))
            free_from = at + len(str(year)) + 1
    return out


def year_axis(chart: TimeAxis, width: int) -> str:
    """The years' line under a chart: each labelled year where it begins."""
    cells = [" "] * width
    for year, at in year_marks(chart, width):
        cells[at : at + len(str(year))] = str(year)
    return "".join(cells).rstrip()


def year_start(chart: TimeAxis, year: int) -> float:
    """Where a year begins on the axis, from 0 to 1, exactly."""
    return (datetime.date(year, 1, 1) - chart.start).days / chart.days
