"""TaxPeriod: a case period parsed once, read by every layer (expected dates worked out by hand)."""

from __future__ import annotations

import json
import pickle
from datetime import date
from decimal import Decimal

import pytest

from formkit.case import load_case
from formkit.case.model import AbatementItem, Liability
from formkit.case.periods import TaxPeriod
from tests.conftest import ROOT


@pytest.mark.parametrize("text, kind, start, end, label", [
    ("2023", "year", date(2023, 1, 1), date(2023, 12, 31), "2023"),
    ("2024-Q2", "quarter", date(2024, 4, 1), date(2024, 6, 30), "Q2 2024"),
    ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31), "Q1 2024"),
    # a fiscal year ending 30 June 2019 began 1 July 2018
    ("2019-06-30", "ending", date(2018, 7, 1), date(2019, 6, 30), "period ending 06/30/2019"),
    # ending 29 February 2024: twelve months from 1 March 2023
    ("2024-02-29", "ending", date(2023, 3, 1), date(2024, 2, 29), "period ending 02/29/2024"),
])
def test_the_three_notations(text: str, kind: str, start: date, end: date, label: str) -> None:
    period = TaxPeriod(text)
    assert (period.kind, period.start(), period.end, period.year, period.label()) == (
        kind, start, end, end.year, label)
    assert period == text and str(period) == text and hash(period) == hash(text)


def test_a_period_ending_date_of_a_quarterly_return_is_one_quarter() -> None:
    # Form 941 for the quarter ending 30 September 2023 covers July to September
    assert TaxPeriod("2023-09-30").start("941") == date(2023, 7, 1)
    assert TaxPeriod("2023-Q3").start("1040") == date(2023, 7, 1)


@pytest.mark.parametrize(("text", "form", "start", "end"), [
    ("2022", None, date(2022, 1, 1), date(2022, 12, 31)),
    ("2023-Q2", None, date(2023, 4, 1), date(2023, 6, 30)),
    ("2024-Q1", "941", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-Q4", None, date(2024, 10, 1), date(2024, 12, 31)),
    ("2024-06-30", "1120", date(2023, 7, 1), date(2024, 6, 30)),       # a fiscal year
    ("2024-03-31", "941", date(2024, 1, 1), date(2024, 3, 31)),        # a quarter of a 941
    ("2024-03-31", " 941-pr ", date(2024, 1, 1), date(2024, 3, 31)),   # as a case may spell it
    ("2024-09-30", "720", date(2024, 7, 1), date(2024, 9, 30)),
    ("2024-02-29", "1040", date(2023, 3, 1), date(2024, 2, 29)),
])
def test_span_of_a_return(text: str, form: str | None, start: date, end: date) -> None:
    """Form 843 line 1 ("Period: from ... to ...") prints these, worked out by calendar."""
    assert TaxPeriod(text).span(form) == (start, end)


@pytest.mark.parametrize("text", ["2019-13-01", "2023-02-30", "23", "2024-Q5", "2024Q2", "FY2023", ""])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"tax period|real date"):
        TaxPeriod(text)


def test_parsed_once_when_the_case_loads() -> None:
    case = load_case(ROOT / "examples" / "fta-penalty-abatement.json")
    periods = [li.period for li in case.liabilities]
    assert periods and all(type(p) is TaxPeriod for p in periods)
    assert all(type(h.period) is TaxPeriod for h in case.compliance.penalty_history)


def test_plain_text_given_in_code_is_parsed_too() -> None:
    item = AbatementItem("941", "2023-Q2", "failure_to_deposit")
    assert isinstance(item.period, TaxPeriod) and item.period.end == date(2023, 6, 30)
    with pytest.raises(ValueError):
        Liability("income", "1040", "2023-13-01", assessed_balance=Decimal(1))


def test_it_serialises_and_pickles_as_written() -> None:
    period = TaxPeriod("2024-Q2")
    assert json.dumps({"period": period}) == '{"period": "2024-Q2"}'
    again = pickle.loads(pickle.dumps(period))
    assert type(again) is TaxPeriod and again.end == date(2024, 6, 30)
