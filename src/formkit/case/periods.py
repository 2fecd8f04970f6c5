"""Tax periods as the case writes them, parsed once when the case is loaded.

A case writes a period as ``2023`` (a calendar year), ``2024-Q2`` (a calendar quarter) or
``2019-06-30`` (the last day of any other period: a fiscal year, a quarter of a quarterly
return). ``TaxPeriod`` is that text (it prints, compares and serialises exactly as written)
with the parse kept alongside: its kind, the date it ends and, given the return's cadence,
the date it starts. Every layer reads these instead of slicing the string again.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from formkit.dates import add_months, month_end

PeriodKind = Literal["year", "quarter", "ending"]

_PATTERN = re.compile(r"^(?P<year>[0-9]{4})(?:-Q(?P<quarter>[1-4])|-(?P<month>[0-9]{2})-(?P<day>[0-9]{2}))?$")
MONTHS_PER_QUARTER = 3
#: Returns filed for a quarter (Form 941 and its territorial versions 941-SS and 941-PR, Form 720):
#: their period-ending date covers three months; any other return's covers twelve (a fiscal year).
QUARTERLY_RETURNS = frozenset({"941", "941-SS", "941-PR", "720"})


def quarterly_return(form: str | None) -> bool:
    """Whether ``form`` (as a case names a return: '941', ' 720 ') is filed for a quarter."""
    return form is not None and form.strip().upper() in QUARTERLY_RETURNS


class TaxPeriod(str):
    """``'2023'``, ``'2024-Q2'`` or ``'2019-06-30'``, with ``kind``, ``end`` and ``quarter`` parsed.

    ``TaxPeriod(text)`` raises ValueError for anything else (the case schema's pattern and
    a real calendar date), so a period that exists is a valid one.
    """

    kind: PeriodKind
    end: date
    quarter: int | None

    def __new__(cls, text: str) -> TaxPeriod:
        if isinstance(text, TaxPeriod):
            return text
        match = _PATTERN.match(text) if isinstance(text, str) else None
        if match is None:
            raise ValueError(f"{text!r} is not a tax period ('YYYY', 'YYYY-Qn' or a period-ending date "
                             "'YYYY-MM-DD')")
        self = super().__new__(cls, text)
        year = int(match["year"])
        if match["quarter"]:
            self.kind, self.quarter = "quarter", int(match["quarter"])
            self.end = month_end(year, self.quarter * MONTHS_PER_QUARTER)
        elif match["month"]:
            self.kind, self.quarter = "ending", None
            try:
                self.end = date(year, int(match["month"]), int(match["day"]))
            except ValueError:
                raise ValueError(f"{text!r} is not a real date (period-ending dates are YYYY-MM-DD)") from None
        else:
            self.kind, self.quarter, self.end = "year", None, date(year, 12, 31)
        return self

    @property
    def year(self) -> int:
        """The calendar year the period ends in."""
        return self.end.year

    def start(self, form: str | None = None) -> date:
        """The first day. A period-ending date covers a quarter for a quarterly return of
        ``form`` (QUARTERLY_RETURNS) and twelve months (a fiscal year) for any other."""
        if self.kind == "year":
            return date(self.end.year, 1, 1)
        months = MONTHS_PER_QUARTER if self.kind == "quarter" or quarterly_return(form) else 12
        return add_months(self.end + timedelta(days=1), -months)

    def span(self, form: str | None = None) -> tuple[date, date]:
        """First and last day of the period of a ``form`` return ('2023-Q2': 04/01 to 06/30)."""
        return self.start(form), self.end

    def label(self) -> str:
        """As a letter names it: '2021', 'Q2 2024', 'period ending 06/30/2019'."""
        if self.kind == "year":
            return str(self)
        if self.kind == "quarter":
            return f"Q{self.quarter} {self.end.year}"
        return f"period ending {self.end:%m/%d/%Y}"

    def __reduce__(self) -> tuple[type[TaxPeriod], tuple[str]]:
        return TaxPeriod, (str(self),)


def tax_period(text: str) -> TaxPeriod:
    """Parse a period (the dacite hook and the one entry point for code holding plain text)."""
    return TaxPeriod(text)
