"""Dates of mixed precision: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

Each date stands for a period (a year, a month, a day) from its first to its last day.

**The rule** (the conservative reading): a record dated R is *known by* a date D when R's
period has ended by the end of D's period, ``last_day(R) <= last_day(D)``. So as of
``2024-06`` everything dated ``2024-06`` or earlier counts (``2024-06-30`` included), and a
record dated only ``2024`` counts from ``2024-12-31`` on: as of ``2024-06`` it is not yet
known, as of ``2024`` it is.
"""

from __future__ import annotations

import calendar
import datetime
import re
from functools import lru_cache
from typing import Literal

Precision = Literal["year", "month", "day"]

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
_FORMS = "use YYYY, YYYY-MM or YYYY-MM-DD"


class DateError(ValueError):
    """A date that is malformed or names no period of the calendar."""


def parse_date(text: str) -> str:
    """A date given by a person, checked: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Returns the date as written (without surrounding blanks): its precision is kept.

    Raises:
        DateError: a malformed date, or one the calendar does not have (``2024-13``,
            ``2024-02-30``, year 0).
    """
    date = text.strip()
    match = _DATE.fullmatch(date)
    if match is None:
        raise DateError(f"'{date}' is not a date: {_FORMS}")
    year, month, day = (int(part) if part else None for part in match.groups())
    assert year is not None
    if year < datetime.MINYEAR:
        raise DateError(f"'{date}' is not a date: there is no year 0")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{date}' is not a date: there is no month {month}")
    if month is not None and day is not None:
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            name = calendar.month_name[month]
            raise DateError(f"'{date}' is not a date: {name} {year} has {days} days")
    return date


def precision(date: str) -> Precision:
    """Whether a date names a year, a month or a day."""
    return "year" if len(date) == 4 else "month" if len(date) == 7 else "day"


@lru_cache(maxsize=4096)
def bounds(date: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day of a date's period."""
    # Records were checked by the loader; a day past the month's end (a record built in
    # code) is read as the month's last day rather than failing a report.
    year = int(date[:4])
    if len(date) == 4:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    month = int(date[5:7])
    days = calendar.monthrange(year, month)[1]
    if len(date) == 7:
        return datetime.date(year, month, 1), datetime.date(year, month, days)
    day = datetime.date(year, month, min(max(int(date[8:10]), 1), days))
    return day, day


def first_day(date: str) -> datetime.date:
    """The first day of a date's period (``2024-06`` → 2024-06-01)."""
    return bounds(date)[0]


def last_day(date: str) -> datetime.date:
    """The last day of a date's period (``2024`` → 2024-12-31)."""
    return bounds(date)[1]


def known_by(recorded: str, date: str) -> bool:
    """Whether a record dated ``recorded`` is known by ``date`` (see the module's rule)."""
    return bounds(recorded)[1] <= bounds(date)[1]


def months_between(earlier: str, later: str) -> int:
    """Calendar months from one date's first month to another's (negative if before)."""
    a, b = first_day(earlier), first_day(later)
    return (b.year - a.year) * 12 + (b.month - a.month)
