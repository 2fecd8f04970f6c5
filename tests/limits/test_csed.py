"""Collection-statute limits (rules/csed.json), on the limit and one day past it. Every date is
worked out by hand on a calendar from the cited rule.

Assessed 1 June 2016: the base CSED is 1 June 2026 (IRC 6502(a)(1): 10 years after assessment).
"""

from __future__ import annotations

from datetime import date

import pytest

from formkit.case.model import Assessment, CollectionEvent
from formkit.csed.engine import AssessmentStatute, Unused, compute_assessment
from formkit.csed.rules import load_rules

D = date
ASSESSED = D(2016, 6, 1)
BASE = D(2026, 6, 1)
AS_OF = D(2026, 12, 1)


def statute(*events: CollectionEvent, assessed: date = ASSESSED, as_of: date = AS_OF) -> AssessmentStatute:
    result = compute_assessment(Assessment("150", assessed), events, as_of, load_rules())
    assert isinstance(result, AssessmentStatute), result
    return result


def test_base_is_ten_years_and_the_csed_itself_is_still_open() -> None:
    """The CSED is the last day the IRS may levy (rules/csed.json convention)."""
    on = statute(as_of=BASE)
    assert (on.csed, on.expired, on.days_remaining) == (BASE, False, 0)
    after = statute(as_of=D(2026, 6, 2))
    assert (after.csed, after.expired, after.days_remaining) == (BASE, True, -1)


@pytest.mark.parametrize(("assessed", "usable"), [(D(1984, 11, 6), True), (D(1984, 11, 5), False)],
                         ids=["1984-11-06-first-10-year", "1984-11-05-6-year-era"])
def test_ten_year_rule_from_its_effective_date(assessed: date, usable: bool) -> None:
    """OBRA 1990 sec. 11317: 10 years for assessments whose 6-year period was open on 5 November
    1990, i.e. assessed on or after 6 November 1984."""
    result = compute_assessment(Assessment("150", assessed), (), AS_OF, load_rules())
    assert isinstance(result, AssessmentStatute) is usable
    if usable:
        assert isinstance(result, AssessmentStatute) and result.csed == D(1994, 11, 6)


def offer(start: date, end: date | None, outcome: str | None = "rejected", **extra: date) -> CollectionEvent:
    return CollectionEvent("offer", start, end, outcome=outcome, **extra)  # type: ignore[arg-type]


def test_rejected_offer_suspends_30_days_past_the_rejection() -> None:
    """IRC 6331(k)(1): pending 2 March to 1 May 2020, rejected: +30 days to 31 May 2020.
    2 Mar -> 31 May 2020 = 31 + 30 + 29 = 90 days; 1 June 2026 + 90 days = 30 August 2026."""
    result = statute(offer(D(2020, 3, 2), D(2020, 5, 1)))
    (s,) = result.suspensions
    assert (s.until, s.tail) == (D(2020, 5, 31), "+30 days")
    assert (result.days_suspended, result.csed) == (90, D(2026, 8, 30))


def test_withdrawn_offer_has_no_30_day_tail() -> None:
    """2 Mar -> 1 May 2020 = 60 days; 1 June 2026 + 60 = 31 July 2026."""
    result = statute(offer(D(2020, 3, 2), D(2020, 5, 1), "withdrawn"))
    assert (result.days_suspended, result.csed) == (60, D(2026, 7, 31))


@pytest.mark.parametrize(("filed", "csed"), [(D(2020, 5, 31), D(2026, 11, 30)), (D(2020, 6, 1), D(2026, 8, 30))],
                         ids=["appeal-on-the-30th-day", "appeal-on-the-31st-day"])
def test_appeal_filed_within_the_30_days_extends_the_suspension(filed: date, csed: date) -> None:
    """IRC 6331(k)(1): an appeal filed within the 30 days keeps the offer pending to its decision
    (31 Aug 2020): 2 Mar -> 31 Aug 2020 = 182 days, CSED 30 Nov 2026; filed a day late it does
    not (90 days, CSED 30 Aug 2026)."""
    result = statute(offer(D(2020, 3, 2), D(2020, 5, 1), appeal_filed_on=filed, appeal_decided_on=D(2020, 8, 31)))
    assert result.csed == csed


@pytest.mark.parametrize(("returned", "counts"), [(D(2020, 7, 15), True), (D(2020, 7, 14), False)],
                         ids=["exactly-6-months", "one-day-short"])
def test_outside_the_us_counts_from_6_months_continuous(returned: date, counts: bool) -> None:
    """IRC 6503(c): 'a continuous period of at least 6 months': 15 Jan -> 15 Jul 2020 is 6 months
    (182 days, 2020 a leap year): CSED 1 June 2026 + 182 = 30 Nov 2026."""
    result = statute(CollectionEvent("outside_us", D(2020, 1, 15), returned))
    assert result.csed == (D(2026, 11, 30) if counts else BASE)


@pytest.mark.parametrize(("end", "csed"), [(D(2016, 6, 1), BASE), (D(2016, 6, 2), D(2026, 6, 2))],
                         ids=["ends-on-the-assessment-day", "ends-the-day-after"])
def test_a_suspension_ending_on_the_assessment_date_is_ignored(end: date, csed: date) -> None:
    result = statute(offer(D(2016, 5, 1), end, "withdrawn"))
    assert result.csed == csed


@pytest.mark.parametrize(("start", "csed"), [(D(2026, 6, 1), D(2026, 6, 11)), (D(2026, 6, 2), BASE)],
                         ids=["starts-on-the-csed", "starts-the-day-after"])
def test_a_suspension_starting_after_the_csed_does_not_revive_it(start: date, csed: date) -> None:
    """An installment request pending 10 days from the CSED day itself moves it 10 days; one made
    the day after the statute ran moves nothing."""
    event = CollectionEvent("installment_request", start, D(start.year, start.month, start.day + 10),
                            outcome="granted")
    assert statute(event).csed == csed


@pytest.mark.parametrize(("signed", "csed"), [(D(2026, 6, 1), D(2028, 3, 30)), (D(2026, 6, 2), BASE)],
                         ids=["signed-on-the-csed", "signed-the-day-after"])
def test_extension_agreement_adds_89_days_if_signed_before_the_csed_ran(signed: date, csed: date) -> None:
    """26 CFR 301.6502-1: the agreed date plus 89 days: 1 Jan 2028 + 89 days = 30 March 2028
    (2028 a leap year: 31 + 29 + 29)."""
    event = CollectionEvent("extension_agreement", signed, agreed_date=D(2028, 1, 1))
    assert statute(event).csed == csed


@pytest.mark.parametrize(("start", "csed", "floored"), [
    (D(2026, 3, 3), D(2026, 7, 1), False), (D(2026, 3, 4), D(2026, 7, 2), True)],
    ids=["starts-90-days-before-the-csed", "starts-89-days-before"])
def test_cdp_floor_is_the_90th_day_after_the_determination(start: date, csed: date, floored: bool) -> None:
    """IRC 6330(e)(1): the period does not expire before the 90th day after the final
    determination. Hearing from START to a determination 30 days later suspends 30 days
    (1 June + 30 = 1 July 2026); the floor is the determination + 90 days: from 3 March (to
    2 April, + 90 = 1 July) it equals the suspended CSED; from 4 March (to 3 April, + 90 =
    2 July) it is one day later and applies."""
    end = D(2026, 4, 2) if start.day == 3 else D(2026, 4, 3)
    result = statute(CollectionEvent("cdp_hearing", start, end))
    assert result.csed_before_floor == D(2026, 7, 1)
    assert result.csed == csed
    assert (result.floor is not None) is floored


@pytest.mark.parametrize(("second_start", "intervals"), [(D(2020, 5, 1), 1), (D(2020, 5, 2), 2)],
                         ids=["touching", "one-day-apart"])
def test_touching_suspensions_are_merged(second_start: date, intervals: int) -> None:
    """IRM 5.1.19.3.7.4(4)(b): concurrent suspensions count once; formkit joins touching ones."""
    result = statute(offer(D(2020, 3, 2), D(2020, 5, 1), "withdrawn"),
                     CollectionEvent("installment_request", second_start, D(2020, 6, 1), outcome="granted"))
    assert len(result.merged) == intervals


@pytest.mark.parametrize(("start", "usable"), [(D(2000, 1, 1), True), (D(1999, 12, 31), False)],
                         ids=["offer-2000-01-01", "offer-1999-12-31"])
def test_offer_rule_applies_from_1_january_2000(start: date, usable: bool) -> None:
    """RRA 98 sec. 3462: offers submitted after 31 December 1999."""
    result = statute(offer(start, D(2000, 3, 1), "withdrawn"), assessed=D(1998, 1, 5), as_of=D(2001, 1, 1))
    unusable = [u for u in result.unused if isinstance(u, Unused) and u.status == "unusable"]
    assert bool(result.suspensions) is usable and bool(unusable) is not usable
