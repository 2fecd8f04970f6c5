"""Form 656 (Rev. 4-2025) limits, each tested on the limit and one cent, dollar or day past it.

Low-Income Certification (p.2): household AGI from the latest Form 1040, or household gross
monthly income x 12, "equal to or less than" the table amount for the household size and
location. Section 4: 20% of the offer with a lump-sum offer; periodic payments over 6 to 24
months on a day "1-28"; lump sum in "5 or fewer payments within 5 months". The expected
amounts are read from the form, not from formkit.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.analysis import load_library
from formkit.analysis.offer import low_income_threshold
from formkit.case.load import validate_data
from tests.analysis.conftest import example_data
from tests.checks.helpers import as_pdf, check, findings
from tests.limits.cases import Edit, analysed, case_from, codes

D = Decimal
LUMP = "oic-lump-sum-single"


def household(size: int, state: str = "TX") -> Edit:
    """A single taxpayer plus ``size - 1`` dependants, living in ``state``."""
    def edit(data: dict[str, Any]) -> None:
        data["household"] = [{"name": f"Child {n}", "age": 4 + n, "relationship": "son",
                              "claimed_as_dependent": True} for n in range(size - 1)]
        data["address"]["state"] = state
    return edit


def monthly_income(gross: str) -> Edit:
    """One wage item of ``gross`` a month: Box D (household gross monthly income) = gross."""
    def edit(data: dict[str, Any]) -> None:
        item = data["income"][0]
        item.update(gross=D(gross), frequency="monthly")
        item.pop("net", None)
        item.pop("deductions", None)
    return edit


def agi(value: str | None) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        if value is None:
            data["compliance"].pop("last_return_agi", None)
        else:
            data["compliance"]["last_return_agi"] = D(value)
    return edit


def claims_low_income(data: dict[str, Any]) -> None:
    request = data["requests"][0]
    request["low_income_certification"] = True
    request.pop("initial_payment", None)
    request.pop("application_fee", None)


def criterion(analysis: Any, path: str) -> Any:
    (found,) = [c for c in analysis.criteria if c.path == path]
    return found.passed


# Form 656 (Rev. 4-2025) p.2 table, household of 4 in the 48 states: $78,000, which divides by 12,
# so Box D can sit exactly on it (the shipped housing standards cover no Alaska or Hawaii county,
# so those two columns are checked on the table lookup below).
LIMITS_OF_FOUR = [("TX", "78000", "6500")]


@pytest.mark.parametrize(("state", "size", "limit"), [
    ("TX", 1, "37650"), ("TX", 4, "78000"), ("TX", 8, "131800"), ("TX", 9, "145250"), ("TX", 10, "158700"),
    ("AK", 1, "47025"), ("AK", 4, "97500"), ("AK", 8, "164800"), ("AK", 9, "181625"),
    ("HI", 1, "43275"), ("HI", 4, "89700"), ("HI", 8, "151600"), ("HI", 9, "167075"),
], ids=lambda v: str(v))
def test_low_income_table_amount_by_household_and_location(state: str, size: int, limit: str) -> None:
    """Form 656 (Rev. 4-2025) p.2, as printed; over 8 persons, 'add' $13,450 (48 states), $16,825
    (Alaska) or $15,475 (Hawaii) for each additional person."""
    version = load_library().at("form_656", date(2026, 1, 1))
    assert low_income_threshold(version, state, size)[0] == D(limit)


@pytest.mark.parametrize(("state", "limit", "box_d"), LIMITS_OF_FOUR, ids=[s for s, _, _ in LIMITS_OF_FOUR])
def test_low_income_income_test_qualifies_exactly_at_the_656_table_amount(state: str, limit: str,
                                                                           box_d: str) -> None:
    """Box D x 12 equal to the table amount qualifies ('equal to or less than'): no fee, no
    initial payment, no OIC-008 in the analysis or the check."""
    case = case_from(LUMP, household(4, state), monthly_income(box_d), agi(None), claims_low_income)
    a = analysed(case)
    assert a.amount("oic.low_income.threshold") == D(limit), f"Form 656 p.2, household of 4, {state}"
    assert a.amount("oic.low_income.annual_income") == D(limit)
    assert criterion(a, "oic.low_income.income_test") is True, f"${limit} x 12 is 'equal to' the ${limit} limit"
    assert criterion(a, "oic.low_income.qualifies") is True
    assert a.amount("oic.application_fee") == 0 and a.amount("oic.initial_payment.lump_sum") == 0
    assert "OIC-008" not in codes(a)
    assert findings(check(case), "OIC-008") == [], f"OIC-008 fired at exactly ${limit} ({state})"


@pytest.mark.parametrize(("state", "limit", "box_d"), LIMITS_OF_FOUR, ids=[s for s, _, _ in LIMITS_OF_FOUR])
def test_low_income_income_test_fails_one_dollar_a_month_above_the_656_table_amount(state: str, limit: str,
                                                                                     box_d: str) -> None:
    case = case_from(LUMP, household(4, state), monthly_income(str(D(box_d) + 1)), agi(None), claims_low_income)
    a = analysed(case)
    assert a.amount("oic.low_income.annual_income") == D(limit) + 12
    assert criterion(a, "oic.low_income.income_test") is False, f"${D(limit) + 12} is over the ${limit} limit"
    assert criterion(a, "oic.low_income.qualifies") is False
    assert a.amount("oic.application_fee") == 205, "Form 656 (Rev. 4-2025) $205 fee"
    assert "OIC-008" in codes(a)
    (hit,) = findings(check(case), "OIC-008")
    assert f"both exceed ${int(limit):,}" in hit.message
    assert "no AGI is stated (compliance.last_return_agi)" in hit.message
    assert "include the $205 fee" in hit.fix, "Form 656 (Rev. 4-2025) $205 application fee"


# AGI test, Form 656 (Rev. 4-2025) p.2: household of 1 $37,650; of 8 $131,800; of 9 $131,800 +
# $13,450 for each additional person = $145,250 (48 states).
AGI_LIMITS = [(1, "37650"), (8, "131800"), (9, "145250")]


@pytest.mark.parametrize(("size", "limit"), AGI_LIMITS, ids=[f"household-of-{n}-${v}" for n, v in AGI_LIMITS])
def test_low_income_agi_test_at_the_limit_and_one_cent_above(size: int, limit: str) -> None:
    """Household income of $20,000 a month ($240,000 a year) fails the income test, so the AGI
    test alone decides."""
    high_income = monthly_income("20000")
    on = case_from(LUMP, household(size), high_income, agi(limit), claims_low_income)
    a = analysed(on)
    assert a.amount("oic.low_income.threshold") == D(limit)
    assert criterion(a, "oic.low_income.income_test") is False
    assert criterion(a, "oic.low_income.agi_test") is True, f"AGI ${limit} is 'equal to' the limit"
    assert criterion(a, "oic.low_income.qualifies") is True
    assert "OIC-008" not in codes(a)
    assert findings(check(on), "OIC-008") == []

    over = case_from(LUMP, household(size), high_income, agi(str(D(limit) + D("0.01"))), claims_low_income)
    b = analysed(over)
    assert criterion(b, "oic.low_income.agi_test") is False, f"AGI ${D(limit) + D('0.01')} is over ${limit}"
    assert criterion(b, "oic.low_income.qualifies") is False
    assert "OIC-008" in codes(b)
    assert findings(check(over), "OIC-008")


def test_oic_008_check_needs_both_tests_over_the_limit() -> None:
    """The check fires only when income x 12 AND the AGI exceed the limit: income over with the
    AGI exactly on $37,650 passes; the AGI one cent over fires."""
    income_over = monthly_income("3200")    # x 12 = 38,400 > 37,650
    assert findings(check(case_from(LUMP, household(1), income_over, agi("37650"), claims_low_income)),
                    "OIC-008") == []
    assert findings(check(case_from(LUMP, household(1), income_over, agi("37650.01"), claims_low_income)),
                    "OIC-008")


def test_oic_008_a_deceased_taxpayer_cannot_certify_even_under_the_limit() -> None:
    """Income x 12 of $78,000, exactly the limit for a household of 4, qualifies a living
    taxpayer; a deceased taxpayer's offer cannot claim the certification at all."""
    def deceased(data: dict[str, Any]) -> None:
        data["taxpayer"]["deceased"] = True

    case = case_from(LUMP, household(4), monthly_income("6500"), agi(None), claims_low_income, deceased)
    (hit,) = findings(check(case), "OIC-008")
    assert str(hit.location) == "/requests/0/low_income_certification"
    assert hit.message.startswith("Low-Income Certification is claimed, but the offer is filed for a deceased "
                                  "individual.")
    assert "include the $205 fee" in hit.fix


# -------------------------------------------------------------------- 20% initial payment

def offer(amount: str, initial: str | None) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        request = data["requests"][0]
        request["offer_amount"] = D(amount)
        if initial is None:
            request.pop("initial_payment", None)
        else:
            request["initial_payment"] = D(initial)
        request.pop("lump_sum_payments", None)
    return edit


def test_initial_payment_is_twenty_percent_to_the_cent() -> None:
    """IRC 7122(c)(1)(A) and Form 656 Section 4: 20% of a $13,501 offer is $2,700.20, the
    amount the form prints; paying it is enough, one cent less is a returned offer (OIC-006)."""
    exact = case_from(LUMP, offer("13501", "2700.20"))
    a = analysed(exact)
    assert a.amount("oic.requested.initial_payment") == D("2700.20")
    assert a.amount("f656.lump_sum.initial_payment") == D("2700.20")
    assert "OIC-006" not in codes(a)
    assert findings(check(exact, with_forms=True), "OIC-006") == [], "20% of $13,501 is $2,700.20"
    short = case_from(LUMP, offer("13501", "2700.19"))
    assert "OIC-006" in codes(analysed(short))
    (hit,) = findings(check(short, with_forms=True), "OIC-006")
    assert "$2,700.20" in hit.message


def test_initial_payment_left_to_formkit_is_never_below_twenty_percent() -> None:
    """No initial payment in the case: the form gets 20% of $13,499 = $2,699.80, and the check of
    what the form prints passes; as a filled PDF with $2,699.79 it is returned."""
    case = case_from(LUMP, offer("13499", None))
    assert analysed(case).amount("f656.lump_sum.initial_payment") == D("2699.80")
    assert findings(check(case, with_forms=True), "OIC-006") == []
    doc = as_pdf("f656", case, section_4__lump_sum__initial_payment=D("2699.79"))
    (hit,) = findings(check(docs=[doc]), "OIC-006")
    assert (hit.location.path, hit.document) == ("section_4.lump_sum.initial_payment", "Form 656")
    assert hit.message.startswith("Form 656 Section 4 shows an initial payment of $2,699.79: a lump-sum offer of "
                                  "$13,499 needs a nonrefundable initial payment of at least $2,699.80 (20%), "
                                  "short by $0.01."), "$2,699.79 is under 20% of $13,499"
    doc = as_pdf("f656", case, section_4__lump_sum__initial_payment=D("2699.80"))
    assert findings(check(docs=[doc]), "OIC-006") == []


def test_no_initial_payment_is_due_with_low_income_certification_or_without_an_offer_amount() -> None:
    """Form 656 (Rev. 4-2025) Section 4: 'Enclose a check for 20% of the offer amount (waived if
    you met the requirements for Low-Income Certification)'; a Section 4 without an amount has
    no 20% to judge (the completeness rules speak for it)."""
    case = case_from(LUMP, offer("13499", None))
    certified = as_pdf("f656", case, section_4__lump_sum__initial_payment="", low_income__gross_income=True)
    assert findings(check(docs=[certified]), "OIC-006") == []
    blank = as_pdf("f656", case, section_4__lump_sum__check=True, section_4__lump_sum__offer_amount="",
                   section_4__lump_sum__initial_payment="")
    assert findings(check(docs=[blank]), "OIC-006") == []


# -------------------------------------------------------------------- periodic terms (OIC-043)

JOINT = "oic-periodic-joint-self-employed"


def _periodic_pdf(**keys: Any) -> Any:
    from tests.checks.helpers import JOINT as JOINT_FILE
    from tests.checks.helpers import example
    return as_pdf("f656", example(JOINT_FILE), keys=keys)


@pytest.mark.parametrize(("day", "fires"), [(1, False), (28, False), (29, True), (0, True)],
                         ids=["day-1", "day-28-last-printed", "day-29", "day-0"])
def test_periodic_payment_day_is_1_to_28(day: int, fires: bool) -> None:
    """Form 656 (Rev. 4-2025) Section 4: 'paid on the (pick number 1-28) day of each month'."""
    for key in ("section_4.periodic.payment_day", "section_4.periodic.final_payment_day"):
        doc = _periodic_pdf(**{key: day})
        hits = findings(check(docs=[doc]), "OIC-043")
        assert [(h.location.path, h.document) for h in hits] == ([(key, "Form 656")] if fires else []), key
        if fires:
            assert hits[0].message.startswith(f"Form 656 Section 4 names day {day} of the month.")


@pytest.mark.parametrize(("month", "fires"), [(24, False), (25, True)], ids=["month-24", "month-25"])
def test_periodic_final_payment_within_24_months(month: int, fires: bool) -> None:
    """Form 656 (Rev. 4-2025) Section 4: periodic offers are paid within 24 months."""
    doc = _periodic_pdf(**{"section_4.periodic.final_month": month})
    hits = findings(check(docs=[doc]), "OIC-043")
    assert [(h.location.path, h.document) for h in hits] == (
        [("section_4.periodic.final_month", "Form 656")] if fires else [])
    if fires:
        assert hits[0].message.startswith(f"Form 656 Section 4 puts the final payment in month {month}, "
                                          "beyond month 24.")


# -------------------------------------------------------------------- the case schema's terms

def _validate(edit: Edit, name: str = LUMP) -> list[str]:
    data = example_data(name)
    edit(data)
    result = validate_data(data, "<test>")
    return [p.path for p in result.problems if p.severity == "error"]


@pytest.mark.parametrize(("count", "ok"), [(5, True), (6, False)], ids=["5-payments", "6-payments"])
def test_lump_sum_in_5_or_fewer_payments(count: int, ok: bool) -> None:
    """Form 656 Section 4 'Lump Sum': the rest 'in 5 or fewer payments'."""
    def edit(data: dict[str, Any]) -> None:
        data["requests"][0]["lump_sum_payments"] = [{"amount": D(2160), "months_after_acceptance": 1 + n % 5}
                                                    for n in range(count)]
    assert (_validate(edit) == []) is ok


@pytest.mark.parametrize(("months", "ok"), [(5, True), (6, False)], ids=["month-5", "month-6"])
def test_lump_sum_paid_within_5_months(months: int, ok: bool) -> None:
    """Form 656 Section 4 'Lump Sum': paid 'within 5 months' of acceptance."""
    def edit(data: dict[str, Any]) -> None:
        data["requests"][0]["lump_sum_payments"] = [{"amount": D(10800), "months_after_acceptance": months}]
    assert (_validate(edit) == []) is ok


@pytest.mark.parametrize(("months", "ok"), [(5, False), (6, True), (24, True), (25, False)],
                         ids=["5-months", "6-months", "24-months", "25-months"])
def test_periodic_offer_over_6_to_24_months(months: int, ok: bool) -> None:
    """Form 656 Section 4 'Periodic Payment': 'within 24 months'; 6 months is the shortest
    periodic term (5 or fewer is a lump sum)."""
    def edit(data: dict[str, Any]) -> None:
        data["requests"][0]["payment_months"] = months
    assert (_validate(edit, JOINT) == []) is ok


@pytest.mark.parametrize(("day", "ok"), [(0, False), (1, True), (28, True), (29, False)],
                         ids=["day-0", "day-1", "day-28", "day-29"])
def test_case_payment_day_1_to_28(day: int, ok: bool) -> None:
    def edit(data: dict[str, Any]) -> None:
        data["requests"][0]["payment_day"] = day
    assert (_validate(edit, JOINT) == []) is ok


# -------------------------------------------------------------------- future income and the CSED

def latest_csed(day: str) -> Edit:
    """One period left, its CSED on ``day`` (the example is analysed as of 2026-11-02)."""
    def edit(data: dict[str, Any]) -> None:
        last = data["liabilities"][-1]
        last["csed"] = day
        data["liabilities"] = [last]
    return edit


@pytest.mark.parametrize(("csed", "g_months", "h_months"), [
    ("2028-11-02", 12, 24), ("2028-11-01", 12, 23), ("2027-11-02", 12, 12), ("2027-11-01", 11, 11)],
    ids=["24-months-left", "23-months-left", "12-months-left", "11-months-left"])
def test_future_income_months_are_12_and_24_or_fewer_left_to_the_csed(csed: str, g_months: int,
                                                                      h_months: int) -> None:
    """Form 433-A (OIC) Section 8: Box G = Box F x 12, Box H = Box F x 24; IRM 5.8.5.25: fewer
    months when fewer remain before the CSED. Box F is 154 (3,863 - 3,709)."""
    a = analysed(case_from(LUMP, latest_csed(csed)))
    assert a.amount("oic.box_f") == 154
    assert (a.amount("oic.box_g"), a.amount("oic.box_h")) == (154 * g_months, 154 * h_months)


@pytest.mark.parametrize(("csed", "listed"), [("2028-11-02", True), ("2028-12-02", False)],
                         ids=["24-months-left", "25-months-left"])
def test_letting_the_statute_run_is_weighed_within_24_months_of_the_csed(csed: str, listed: bool) -> None:
    """rules/csed.json strategy: an offer may stay pending up to 24 months (IRC 7122(f)), so within
    24 months of the last CSED waiting it out is listed as an option to weigh."""
    a = analysed(case_from(LUMP, latest_csed(csed)))
    assert (a.option("wait_out") is not None) is listed
