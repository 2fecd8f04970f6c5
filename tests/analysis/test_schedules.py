"""Payment schedules to the cent, the two Low-Income Certification tests and PPIA ranking.

Expected values are worked by hand from Form 656 (Rev. 4-2025) Section 4 ("The offer amount
should be in whole dollars only"; 20% with a lump-sum offer; a 24-month periodic offer is the
first payment, 22 payments and the final payment), the Form 656 p.2 Low-Income Certification
("your adjusted gross income ... or your household's gross monthly income ... x 12, is equal
to or less than the amount shown") and IRM 5.14.2.1 ("Before a PPIA may be granted, equity in
assets must be addressed"). Rounding: docs/reference/rounding.md (payments up to the cent,
the final payment absorbs the rounding).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from formkit.analysis import Analysis
from formkit.analysis.money import CENT
from formkit.analysis.schedule import equal_split, until_paid
from tests.analysis.conftest import amount, run
from tests.analysis.test_rules import codes, variant

UP = {"quantum": "0.01", "mode": "ROUND_CEILING"}


def d(text: str) -> Decimal:
    return Decimal(text)


def schedule(a: Analysis, path: str) -> Any:
    found = a.schedule(path)
    assert found is not None, f"no schedule {path}: {[s.path for s in a.schedules]}"
    return found


def test_equal_split_rounds_up_and_the_final_payment_absorbs_it() -> None:
    # 10,000 / 7 = 1,428.5714... -> 1,428.58; final = 10,000 - 6 x 1,428.58 = 1,428.52
    assert equal_split(d("10000"), 7, UP) == (d("1428.58"), d("1428.52"))
    # 15,291 / 24 = 637.125 -> 637.13; final = 15,291 - 23 x 637.13 = 637.01
    assert equal_split(d("15291"), 24, UP) == (d("637.13"), d("637.01"))
    # exact division leaves nothing to absorb
    assert equal_split(d("27786"), 24, UP) == (d("1157.75"), d("1157.75"))
    # $1 over 24 months: 0.05 x 23 would overshoot; 0.04 x 23 = 0.92, final 0.08
    assert equal_split(d("1"), 24, UP) == (d("0.04"), d("0.08"))


def test_until_paid_stops_at_the_limit() -> None:
    # 1,000 at 300 a month: 300, 300, 300, 100
    assert until_paid(d("1000"), d("300"), 10) == [d("300")] * 3 + [d("100")]
    # a partial payment agreement stops at the CSED with money left unpaid
    assert until_paid(d("1000"), d("300"), 2) == [d("300"), d("300")]


def test_minimum_periodic_offer_month_by_month() -> None:
    a = run("oic-lump-sum-single")  # as of 2026-11-02; minimum periodic offer 15,291
    assert amount(a, "oic.periodic.months") == 24
    assert amount(a, "oic.periodic.monthly_payment") == d("637.13")
    assert amount(a, "oic.periodic.first_payment") == d("637.13")
    assert amount(a, "oic.periodic.final_payment") == d("637.01")
    s = schedule(a, "schedule.oic.minimum.periodic")
    assert len(s.payments) == 24  # first (month 1), 22 payments, final (month 24)
    assert s.payments[0].due == date(2026, 11, 2) and s.payments[0].when == "with the offer"
    assert s.payments[1].due == date(2026, 12, 2)
    assert s.payments[-1].due == date(2028, 10, 2) and s.payments[-1].amount == d("637.01")
    assert s.paid == 15291 and s.unpaid == 0
    assert s.payments[-2].balance_after == d("637.01")
    assert all(p.amount == p.amount.quantize(CENT) for p in s.payments)


def test_requested_periodic_offer_final_payment_absorbs_the_rounding() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["requests"][0].update(payment_option="periodic", offer_amount=Decimal("16000"),
                                   payment_months=7, payment_day=10, monthly_payment=Decimal("2285.72"))
        for key in ("initial_payment", "lump_sum_payments"):
            data["requests"][0].pop(key, None)
    a = variant("oic-lump-sum-single", mutate)
    # 16,000 / 7 = 2,285.714... -> 2,285.72; final = 16,000 - 6 x 2,285.72 = 2,285.68
    assert amount(a, "oic.requested.monthly_payment") == d("2285.72")
    assert amount(a, "oic.requested.final_payment") == d("2285.68")
    s = schedule(a, "schedule.oic.requested")
    assert [p.due for p in s.payments][:3] == [date(2026, 11, 2), date(2026, 12, 10), date(2027, 1, 10)]
    assert s.payments[-1].due == date(2027, 5, 10) and s.unpaid == 0
    assert "OIC-PERIODIC-TERMS" not in codes(a)


def test_requested_periodic_payments_that_do_not_add_up_are_flagged() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["requests"][0].update(payment_option="periodic", offer_amount=Decimal("16000"),
                                   payment_months=7, monthly_payment=Decimal("2000"),
                                   initial_payment=Decimal("2000"))
        data["requests"][0].pop("lump_sum_payments", None)
    a = variant("oic-lump-sum-single", mutate)
    # 2,000 + 5 x 2,000 = 12,000: the final payment is 4,000, more than a monthly payment (a note)
    assert amount(a, "oic.requested.final_payment") == 4000
    finding = next(f for f in a.findings if f.code == "OIC-PERIODIC-FINAL-PAYMENT")
    assert finding.severity == "info" and "2,285.72" in finding.message

    def too_much(data: dict[str, Any]) -> None:
        mutate(data)
        data["requests"][0].update(monthly_payment=Decimal("3000"), initial_payment=Decimal("3000"))
    b = variant("oic-lump-sum-single", too_much)
    # 3,000 + 5 x 3,000 = 18,000 > 16,000: nothing is left for the final payment
    assert amount(b, "oic.requested.final_payment") == 0
    finding = next(f for f in b.findings if f.code == "OIC-PERIODIC-TERMS")
    assert finding.severity == "warning"


def test_lump_sum_initial_payment_is_exactly_twenty_percent() -> None:
    a = run("oic-lump-sum-single")  # requested 13,500: 20% = 2,700.00; the rest, 10,800, within 2 months
    assert amount(a, "oic.requested.initial_payment") == 2700
    s = schedule(a, "schedule.oic.requested")
    assert [p.amount for p in s.payments] == [2700, 10800]
    assert s.payments[1].when == "within 2 month(s) after acceptance"

    def cents(data: dict[str, Any]) -> None:
        data["requests"][0].update(offer_amount=Decimal("13457.37"), initial_payment=Decimal("2691.48"))
        data["requests"][0]["lump_sum_payments"] = [{"amount": Decimal("10765.89"), "months_after_acceptance": 2}]
    b = variant("oic-lump-sum-single", cents)
    # 13,457.37 x .20 = 2,691.474 -> 2,691.48 (up: never less than 20%); cents draw a warning
    assert amount(b, "oic.requested.initial_payment") == d("2691.48")
    assert "OIC-WHOLE-DOLLARS" in codes(b)
    assert "OIC-006" not in codes(b) and "OIC-LUMP-SUM-TERMS" not in codes(b)


def test_lump_sum_payments_that_miss_the_remaining_balance_are_flagged() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["requests"][0]["lump_sum_payments"] = [{"amount": Decimal("10000"), "months_after_acceptance": 2}]
    a = variant("oic-lump-sum-single", mutate)  # 13,500 - 2,700 = 10,800 remain, 10,000 listed
    assert "OIC-LUMP-SUM-TERMS" in codes(a)


def test_requested_installment_agreement_to_the_csed() -> None:
    a = run("ia-streamlined")  # 21,000.25 at 320 a month on the 20th, from 2026-11-16
    s = schedule(a, "schedule.ia.requested")
    # 65 x 320 = 20,800; the 66th payment is 200.25
    assert len(s.payments) == 66 and s.payments[-1].amount == d("200.25") and s.unpaid == 0
    assert s.payments[0].due == date(2026, 12, 20) and s.payments[-1].due == date(2032, 5, 20)
    streamlined = schedule(a, "schedule.ia_streamlined")
    # 71 x 291.68 = 20,709.28; final 21,000.25 - 20,709.28 = 290.97
    assert len(streamlined.payments) == 72 and streamlined.payments[-1].amount == d("290.97")


def test_requested_installment_short_of_the_csed_is_flagged() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["requests"][0]["monthly_payment"] = Decimal("150")
    a = variant("ia-streamlined", mutate)
    s = schedule(a, "schedule.ia.requested")
    # months to the latest CSED: ia.months_to_csed; 150 a month leaves the rest unpaid
    months = int(amount(a, "ia.months_to_csed"))
    assert len(s.payments) == months
    assert s.unpaid == d("21000.25") - 150 * months
    assert "IA-REQUEST-SHORT" in codes(a)


def test_low_income_is_two_tests_either_qualifies() -> None:
    a = run("oic-lump-sum-single")  # AGI 46,300; 3,863 x 12 = 46,356; limit 37,650 (1 person)
    agi, income = a.criterion("oic.low_income.agi_test"), a.criterion("oic.low_income.income_test")
    assert agi is not None and income is not None
    assert (agi.passed, agi.value, agi.limit) == (False, 46300, 37650)
    assert (income.passed, income.value, income.limit) == (False, 46356, 37650)
    assert a.criterion("oic.low_income.qualifies").passed is False  # type: ignore[union-attr]

    def low_agi(data: dict[str, Any]) -> None:
        data["compliance"]["last_return_agi"] = Decimal("37650")  # equal qualifies
    b = variant("oic-lump-sum-single", low_agi)
    assert b.criterion("oic.low_income.agi_test").passed is True  # type: ignore[union-attr]
    assert b.criterion("oic.low_income.income_test").passed is False  # type: ignore[union-attr]
    assert b.criterion("oic.low_income.qualifies").passed is True  # type: ignore[union-attr]
    assert "OIC-LOW-INCOME-AVAILABLE" in codes(b)
    assert "the AGI test qualifies" in next(f.message for f in b.findings if f.code == "OIC-LOW-INCOME-AVAILABLE")

    def no_agi(data: dict[str, Any]) -> None:
        data["compliance"].pop("last_return_agi")
    c = variant("oic-lump-sum-single", no_agi)
    assert c.criterion("oic.low_income.agi_test").passed is None  # type: ignore[union-attr]


def test_partial_payment_agreement_is_ranked_with_its_equity() -> None:
    a = run("oic-lump-sum-single")
    # Equity without the offer allowances 16,045 (Box A's lines before the $1,000 and $3,450) + Box B 0;
    # after it, 46,208.74 - 16,045 = 30,163.74 is left; 154 x 66 months = 10,164 paid by the CSED.
    # Cost 16,045 + 10,164 = 26,209, more than the lump-sum offer 13,443 + fee 205 = 13,648.
    assert amount(a, "ia.partial_payment.equity") == 16045
    assert amount(a, "ia.partial_payment.total_paid") == 10164
    assert amount(a, "ia.partial_payment.total_cost") == 26209
    option = a.option("ia_partial_payment")
    assert option is not None and option.total_cost == 26209
    assert a.recommendation[0] == "oic_lump_sum"
    ppia = schedule(a, "schedule.ia_partial_payment")
    assert ppia.total == d("30163.74") and len(ppia.payments) == 66
    assert ppia.unpaid == d("30163.74") - 10164  # expires with the CSED


def test_partial_payment_agreement_does_not_apply_when_equity_pays_the_balance() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["real_estate"] = [{"description": "Rental lot", "value": Decimal("60000"),
                                          "loan_balance": Decimal("0"), "address": data["address"]}]
    a = variant("oic-lump-sum-single", mutate)
    option = a.option("ia_partial_payment")
    # 16,045 + 60,000 x .8 = 64,045 of equity covers the 46,208.74 balance
    assert option is None or not option.eligible
