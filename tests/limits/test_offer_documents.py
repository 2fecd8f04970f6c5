"""Offer-document windows (rules/parameters.json), on the limit and one day past it.

Form 656 (Rev. 4-2025) Section 6: a copy of any return 'filed within 10 weeks' (12 weeks in
Rev. 4-2021); deposits for the current quarter and the two preceding quarters (the current
quarter only in Rev. 4-2021). Form 433-A (OIC) (Rev. 4-2025) Section 10: the most recent pay stub
and statements, which formkit reads as at most 45 days old (120 for a quarterly statement;
UNCONFIRMED, its own reading).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from formkit.case.model import Case, FederalTaxDeposits, FiledReturn
from tests.checks.helpers import LUMP, check, example, findings

PAY_STUB_END = date(2026, 10, 24)        # the example's latest pay stub
STATEMENT_END = date(2026, 9, 30)        # its bank and retirement statements (quarterly)


def lump() -> Case:
    return example(LUMP)


def day(base: date, days: int) -> date:
    return base + timedelta(days=days)


@pytest.mark.parametrize(("age", "fires"), [(45, False), (46, True)], ids=["45-days-old", "46-days-old"])
def test_pay_stub_at_most_45_days_old(age: int, fires: bool) -> None:
    hits = [f for f in findings(check(lump(), as_of=day(PAY_STUB_END, age)), "ATT-001") if "days before" in f.message]
    assert bool(hits) is fires, f"pay stub {age} days old (45-day reading of 'most recent')"


@pytest.mark.parametrize(("age", "fires"), [(45, False), (46, True)], ids=["45-days-old", "46-days-old"])
def test_bank_statement_at_most_45_days_old(age: int, fires: bool) -> None:
    hits = [f for f in findings(check(lump(), as_of=day(STATEMENT_END, age)), "ATT-002") if "days before" in f.message]
    assert bool(hits) is fires


@pytest.mark.parametrize(("age", "fires"), [(120, False), (121, True)], ids=["120-days-old", "121-days-old"])
def test_quarterly_retirement_statement_at_most_120_days_old(age: int, fires: bool) -> None:
    hits = [f for f in findings(check(lump(), as_of=day(STATEMENT_END, age)), "ATT-004") if "days before" in f.message]
    assert bool(hits) is fires


def with_recent_return(case: Case, filed: date) -> Case:
    compliance = replace(case.compliance, recent_returns_filed=(FiledReturn("1040", "2025", filed),))
    return replace(case, compliance=compliance)


@pytest.mark.parametrize(("as_of", "weeks"), [(date(2026, 11, 2), 10), (date(2025, 3, 31), 12)],
                         ids=["rev-4-2025-10-weeks", "rev-4-2021-12-weeks"])
def test_copy_of_a_return_filed_within_the_weeks_the_revision_prints(as_of: date, weeks: int) -> None:
    on_limit = with_recent_return(lump(), day(as_of, -weeks * 7))
    assert findings(check(on_limit, as_of=as_of), "OIC-031"), f"filed {weeks} weeks ago: a copy is needed"
    past = with_recent_return(lump(), day(as_of, -weeks * 7 - 1))
    assert findings(check(past, as_of=as_of), "OIC-031") == [], f"filed {weeks} weeks and a day ago"


@pytest.mark.parametrize(("as_of", "fires"), [(date(2025, 4, 1), True), (date(2025, 3, 31), False)],
                         ids=["rev-4-2025-three-quarters", "rev-4-2021-current-quarter"])
def test_deposits_for_three_quarters_from_rev_4_2025(as_of: date, fires: bool) -> None:
    """An employer with the current quarter's deposits made but not the two before: a returned
    offer from Rev. 4-2025 (effective 1 April 2025), fine under Rev. 4-2021 the day before."""
    case = replace(lump(), compliance=replace(lump().compliance, federal_tax_deposits=FederalTaxDeposits(
        employer=True, current_quarter_made=True, prior_two_quarters_made=False)))
    hits = [f for f in findings(check(case, as_of=as_of), "OIC-003") if "two preceding quarters" in f.message]
    assert bool(hits) is fires
