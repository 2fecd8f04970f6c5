"""Tax periods as written on forms, reduced to their period-ending dates.

Cases write periods as ``2023``, ``2024-Q2`` or ``2019-06-30`` (parsed once, when the case
loads: ``formkit.case.periods.TaxPeriod``); forms write ``2019``,
``12/31/2019``, ``12-31-2019``, ``Q2 2024``, ``2019 through 2021`` or a fiscal ``201906``.
Everything is compared by the date the period ends (a calendar year ends December 31),
so the same period matches however it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from formkit.case.periods import MONTHS_PER_QUARTER
from formkit.dates import month_end

#: 'all years', 'all periods', 'all taxes', 'any and all years', 'all open years', 'various',
#: a cell that says only 'All' ... (i2848 Line 3). 'all'/'any' must be followed by a word for
#: years, periods or taxes: "Income tax and any related penalties" is specific (penalties tied
#: to a listed return are covered automatically).
GENERAL_REFERENCE = re.compile(
    r"\b(all|any|every)\b(\s+(open|prior|past|future|subsequent|later|remaining|other|tax|"
    r"taxable|relevant|related|and\s+all))*\s+(years?|periods?|taxes|quarters?|returns?|"
    r"matters?)\b|^\s*(all|any|every)\s*$|\bvarious\b|\bopen\s+years\b",
    re.IGNORECASE)
_RANGES = (re.compile(r"\s+(?:through|thru|to)\s+", re.IGNORECASE), re.compile(r"\s*[–—]\s*"),
           re.compile(r"\s+-\s+"), re.compile(r"-"))


def _token_end(token: str) -> tuple[date, str] | None:
    """One written period -> (end date, granularity: 'year' | 'quarter' | 'date')."""
    t = token.strip().strip(".;:").strip()
    t = re.sub(r"^(tax\s+)?(years?|periods?|yr|fy|cy)\s*", "", t, flags=re.IGNORECASE)
    t = re.sub(r"^period\s+ending\s+", "", t, flags=re.IGNORECASE)
    try:
        if re.fullmatch(r"[0-9]{4}", t):
            return date(int(t), 12, 31), "year"
        m = (re.fullmatch(r"([0-9]{4})\s*-?\s*Q([1-4])", t, re.IGNORECASE)
             or re.fullmatch(r"Q([1-4])\s*[/-]?\s*([0-9]{4})", t, re.IGNORECASE))
        if m:
            a, b = m.group(1), m.group(2)
            year, quarter = (int(a), int(b)) if len(a) == 4 else (int(b), int(a))
            return month_end(year, quarter * MONTHS_PER_QUARTER), "quarter"
        m = re.fullmatch(r"([0-9]{1,2})[/-]([0-9]{1,2})[/-]([0-9]{4})", t)
        if m:
            return date(int(m.group(3)), int(m.group(1)), int(m.group(2))), "date"
        m = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", t)
        if m:
            return date.fromisoformat(t), "date"
        m = re.fullmatch(r"([0-9]{4})([0-9]{2})", t)   # fiscal year YYYYMM
        if m and 1 <= int(m.group(2)) <= 12:
            return month_end(int(m.group(1)), int(m.group(2))), "date"
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class PeriodList:
    """What a periods cell says: the period-ending dates, whole years, and what did not parse."""

    ends: frozenset[date] = frozenset()
    years: frozenset[int] = frozenset()
    unparsed: tuple[str, ...] = ()
    general: tuple[str, ...] = field(default=())

    def covers(self, end: date) -> bool:
        """A listed year covers every period ending in it (quarters of a Form 941 year, too)."""
        return end in self.ends or end.year in self.years

    @property
    def empty(self) -> bool:
        return not self.ends and not self.years

    def latest(self) -> date | None:
        candidates = list(self.ends) + [date(y, 12, 31) for y in self.years]
        return max(candidates) if candidates else None


def _expand(start: tuple[date, str], end: tuple[date, str]) -> tuple[set[date], set[int]] | None:
    (d1, g1), (d2, g2) = start, end
    if d2 < d1:
        return None
    if g1 == g2 == "year":
        return set(), set(range(d1.year, d2.year + 1))
    ends: set[date] = set()
    step = 3 if g1 == g2 == "quarter" or (d1.month % 3 == 0 and d2.month % 3 == 0) else 12
    y, m = d1.year, d1.month
    while (y, m) <= (d2.year, d2.month) and len(ends) < 400:
        ends.add(month_end(y, m) if g1 != "year" else date(y, 12, 31))
        m += step
        y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return ends, set()


def _range(chunk: str) -> tuple[set[date], set[int]] | None:
    """'2019 through 2021', '2019-2021', 'Q1 2023 - Q2 2024' -> the periods in between."""
    for separator in _RANGES:
        parts = separator.split(chunk, maxsplit=1)
        if len(parts) == 2:
            a, b = _token_end(parts[0]), _token_end(parts[1])
            if a and b:
                return _expand(a, b)
    return None


def parse_periods(text: str) -> PeriodList:
    """Parse a 'Year(s) or Period(s)' cell. General references are reported, not parsed."""
    general = tuple(m.group(0).strip() for m in GENERAL_REFERENCE.finditer(text)
                    if m.group(0).strip())
    ends: set[date] = set()
    years: set[int] = set()
    unparsed: list[str] = []
    for chunk in re.split(r"[,;\n]|\band\b|&", text):
        chunk = chunk.strip()
        if not chunk:
            continue
        single = _token_end(chunk)
        if single:
            if single[1] == "year":
                years.add(single[0].year)
            else:
                ends.add(single[0])
            continue
        expanded = _range(chunk)
        if expanded:
            ends |= expanded[0]
            years |= expanded[1]
        else:
            unparsed.append(chunk)
    return PeriodList(frozenset(ends), frozenset(years), tuple(unparsed), general)


def label(end: date) -> str:
    """A period-ending date as a preparer reads it: '2021' for a calendar year, else MM/DD/YYYY."""
    if (end.month, end.day) == (12, 31):
        return str(end.year)
    return end.strftime("%m/%d/%Y")


