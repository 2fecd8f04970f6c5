"""Form 2848 limits (Instructions for Form 2848 (Rev. 9-2021)), on the limit and one day or one
unit past it.

Part II: 'for domestic authorizations, the representative must sign within 45 days from the
date the taxpayer signed (60 days for authorizations from taxpayers residing abroad)'. Line 3:
the CAF does not record 'future tax years or periods listed that exceed 3 years from December 31
of the year that the IRS receives the power of attorney'. Line 2: 'You may not designate more
than two representatives ... to receive copies of notices'.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from formkit.case.model import Case
from tests.checks.helpers import LUMP, as_pdf, check, edit, example, findings

REP_SIGNED = date(2026, 10, 28)     # the example's representative signed on 28 October 2026


def lump() -> Case:
    case = example(LUMP)
    assert case.representatives[0].signature is not None
    assert case.representatives[0].signature.date == REP_SIGNED
    assert (case.signatures[2].form, case.signatures[2].signer) == ("2848", "taxpayer")
    return case


@pytest.mark.parametrize(("days", "abroad", "fires"), [
    (45, False, False), (46, False, True), (0, False, False),
    (60, True, False), (61, True, True), (46, True, False),
], ids=["45-days", "46-days", "same-day", "abroad-60-days", "abroad-61-days", "abroad-46-days"])
def test_representative_signs_within_45_days_60_abroad(days: int, abroad: bool, fires: bool) -> None:
    taxpayer_signed = REP_SIGNED - timedelta(days=days)
    case = edit(lump(), signatures__2__date=taxpayer_signed, lives_abroad=abroad)
    hits = findings(check(case), "POA-006")
    assert bool(hits) is fires, f"representative {days} days after the taxpayer ({'60' if abroad else '45'}-day limit)"
    if fires:
        limit = 60 if abroad else 45
        assert [str(h.location) for h in hits] == ["/representatives/0/signature"]
        assert f"signed on 10/28/2026, {days} days after the taxpayer signed on " in hits[0].message
        assert f"must sign Part II within {limit} days of the taxpayer's signature" in hits[0].message


@pytest.mark.parametrize(("periods", "fires"), [
    ("2029", False), ("2030", True), ("December 31, 2029", False), ("2029-Q4", False), ("2030-Q1", True),
], ids=["2029", "2030", "12-31-2029", "2029-Q4", "2030-Q1"])
def test_future_periods_up_to_3_years_after_december_31_of_the_year_received(periods: str, fires: bool) -> None:
    """Received in 2026 (the case's date, 2 November 2026): periods through 31 December 2029."""
    doc = as_pdf("f2848", lump(), keys={"line_3.row[1].periods": periods})
    hits = findings(check(lump(), [doc]), "POA-002")
    assert bool(hits) is fires, f"{periods} against 31 December 2029 (3 years from 31 December 2026)"


@pytest.mark.parametrize(("receiving", "fires"), [(2, False), (3, True)], ids=["two-receive", "three-receive"])
def test_at_most_two_representatives_receive_notices(receiving: int, fires: bool) -> None:
    case = lump()
    first = case.representatives[0]
    reps = tuple(replace(first, name=f"Representative {n}", receives_notices=n < receiving) for n in range(4))
    hits = findings(check(replace(case, representatives=reps)), "POA-011")
    assert bool(hits) is fires, f"{receiving} representatives receive notices (at most two)"
