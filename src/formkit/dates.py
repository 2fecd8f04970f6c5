"""Calendar arithmetic shared by the analysis, the checks and the mappers, and the one clock.

CSEDs, refund deadlines, look-back windows and "months at this job" all need the same
two or three operations; one implementation keeps them agreeing on 29 February.

Every rule is applied as of a date the caller passes (``as_of``, else the case's
``prepared_on``); only the edges read the clock, through ``today()``: the CLI, and the
public entry points that have no case date to fall back on (a PDF checked without its
case, the "not in the future" test of validation). A test keeps it so.
"""

from __future__ import annotations

import calendar
from datetime import date


def today() -> date:
    """The local date, for the edges that have no dated source to use instead."""
    return date.today()


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years (negative for earlier); 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February: the convention of rules/csed.json (leap_day), docs/adr/0007
        return day.replace(year=day.year + years, day=28)


def month_end(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the last day of the target month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when ``end`` is not later)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return max(months, 0)
