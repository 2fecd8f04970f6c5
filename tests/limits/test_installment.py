"""Installment-agreement limits (Instructions for Form 9465 (Rev. 7-2024); Form 9465 (Rev. 9-2020);
IRC 6159(c)), each on the limit and one cent, dollar or unit past it.

Guaranteed: tax of $10,000 or less, paid within 3 years (36 months), no agreement in the 5
preceding tax years. Streamlined: balance of $50,000 or less, paid within 72 months; over
$25,000 only with direct debit or payroll deduction. Short term: $100,000 or less within 180
days. Line 12: payment day 1-28; line 13a routing number 9 digits starting 01-12 or 21-32;
line 13b account number up to 17 characters.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formkit.analysis import Analysis
from tests.checks.helpers import as_pdf, check, findings
from tests.limits.cases import Edit, analysed, case_from, one_liability

D = Decimal
IA = "ia-streamlined"   # as of 2026-11-16, CSED 2035-06-02: more than 72 months left


def option(a: Analysis, program: str) -> Any:
    (found,) = [o for o in a.options if o.program == program]
    return found


def request(**changes: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        req = data["requests"][0]
        for key, value in changes.items():
            if value is None:
                req.pop(key, None)
            else:
                req[key] = value
    return edit


def prior_agreements(*years: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["compliance"]["prior_installment_agreement_years"] = list(years)
    return edit


# ------------------------------------------------------------------ guaranteed: $10,000 of tax

@pytest.mark.parametrize(("tax", "eligible"), [("10000", True), ("10000.01", False)],
                         ids=["tax-$10,000", "tax-$10,000.01"])
def test_guaranteed_agreement_for_tax_of_10000_or_less(tax: str, eligible: bool) -> None:
    """IRC 6159(c)(1); Instructions for Form 9465 p.1: 'the tax you owe ... is $10,000 or less';
    penalties and interest are not counted (here $500 of them on top)."""
    case = case_from(IA, one_liability(tax, {"failure_to_pay": "300"}, "200"),
                     request(agreement_type="guaranteed", monthly_payment=D(400)))
    a = analysed(case)
    assert a.amount("total_balance") == D(tax) + 500
    assert option(a, "ia_guaranteed").eligible is eligible, f"tax {tax} against the $10,000 limit"
    hits = [f for f in findings(check(case), "IA-004") if "over $10,000" in f.message]
    assert bool(hits) is not eligible


@pytest.mark.parametrize(("payment", "fires"), [("277.78", False), ("277.77", True)],
                         ids=["$277.78-pays-$10,000-in-36", "$277.77-does-not"])
def test_guaranteed_agreement_pays_within_36_months(payment: str, fires: bool) -> None:
    """IRC 6159(c)(1)(C): full payment within 3 years: $10,000 / 36 = $277.777..., so $277.78 a
    month pays it ($10,000.08) and $277.77 does not ($9,999.72)."""
    case = case_from(IA, one_liability("10000"), request(agreement_type="guaranteed", monthly_payment=D(payment)))
    assert analysed(case).amount("ia.guaranteed.minimum_payment") == D("277.78")
    hits = [f for f in findings(check(case), "IA-004") if "within 36 months" in f.message]
    assert bool(hits) is fires


@pytest.mark.parametrize(("year", "fires"), [("2023", False), ("2018", True), ("2017", False)],
                         ids=["same-year", "5th-preceding-year-2018", "6th-preceding-year-2017"])
def test_guaranteed_agreement_lookback_is_the_5_preceding_tax_years(year: str, fires: bool) -> None:
    """IRC 6159(c)(1)(A)(iii): no installment agreement 'during any of the preceding 5 taxable
    years' before the liability's year (2023 here: 2018 to 2022)."""
    case = case_from(IA, one_liability("9000"), request(agreement_type="guaranteed"), prior_agreements(year))
    hits = [f for f in findings(check(case), "IA-004") if "installment agreement was in effect" in f.message]
    assert bool(hits) is fires


def history(*entries: tuple[str, str, str]) -> Edit:
    """compliance.penalty_history: (form, period, penalty_type) of earlier periods."""
    def edit(data: dict[str, Any]) -> None:
        data["compliance"]["penalty_history"] = [{"form": f, "period": p, "penalty_type": t} for f, p, t in entries]
    return edit


@pytest.mark.parametrize(("entry", "what"), [
    (("1040", "2022", "failure_to_pay"), "was not paid in time (a failure-to-pay penalty)"),
    (("1040", "2018", "failure_to_file"), "was filed late (a failure-to-file penalty)"),
    (("1040", "2017", "failure_to_file"), None),     # the 6th year before 2023
    (("1040", "2020", "estimated_tax"), None),       # not a failure to file or to pay
    (("941", "2020", "failure_to_file"), None),      # not an income tax return
], ids=["ftp-2022", "ftf-2018", "ftf-2017", "estimated-tax-2020", "941-ftf-2020"])
def test_guaranteed_agreement_needs_returns_filed_and_paid_in_the_5_preceding_years(
        entry: tuple[str, str, str], what: str | None) -> None:
    """IRC 6159(c)(1)(A)(i): during the 5 preceding taxable years the individual has not failed
    to file an income tax return or to pay the tax shown on it (liability year 2023: 2018-2022)."""
    case = case_from(IA, one_liability("9000"), request(agreement_type="guaranteed", monthly_payment=D(250)),
                     history(("1040", "2024", "failure_to_pay"), entry))
    hits = findings(check(case), "IA-004")
    if what is None:
        assert hits == []
    else:
        form, period, _ = entry
        assert [str(h.location) for h in hits] == ["/compliance/penalty_history/1"]
        assert hits[0].message.startswith(f"The Form {form} return for {period} {what}, within the 5 tax "
                                          "years before 2023")


def test_guaranteed_agreement_reports_each_condition_it_fails() -> None:
    """Tax $10,000.01 (over $10,000), an agreement in 2020, a failure to pay for 2019 and 2021
    (the first is named), 2021 not filed, and $250 a month against $10,000.01 / 36 = $277.78:
    every failed condition is its own finding, at its own place in the case."""
    def unfiled(data: dict[str, Any]) -> None:
        data["compliance"]["unfiled_returns"] = [{"form": "1040", "period": "2021"}]

    case = case_from(IA, one_liability("10000.01"), request(agreement_type="guaranteed", monthly_payment=D(250)),
                     prior_agreements("2020"), history(("1040", "2019", "failure_to_pay"),
                                                       ("1040", "2021", "failure_to_pay")), unfiled)
    found = {str(h.location): h.message for h in findings(check(case), "IA-004")}
    expected = {
        "/requests/0/agreement_type": "The tax owed (without penalties and interest) is $10,000.01, over $10,000.",
        "/compliance/prior_installment_agreement_years":
            "An income-tax installment agreement was in effect in 2020, within the 5 tax years before 2023",
        "/compliance/penalty_history/0": "The Form 1040 return for 2019 was not paid in time (a failure-to-pay "
                                         "penalty), within the 5 tax years before 2023",
        "/compliance/unfiled_returns/0": "The Form 1040 return for 2021 is not filed",
        "/requests/0/monthly_payment": "$250 a month does not pay $10,000.01 within 36 months.",
    }
    assert sorted(found) == sorted(expected)
    assert [where for where, text in expected.items() if not found[where].startswith(text)] == []


# ------------------------------------------------------------------ streamlined: $50,000 / $25,000

@pytest.mark.parametrize(("balance", "eligible"), [("50000", True), ("50000.01", False)],
                         ids=["balance-$50,000", "balance-$50,000.01"])
def test_streamlined_agreement_for_a_balance_of_50000_or_less(balance: str, eligible: bool) -> None:
    """Instructions for Form 9465 p.2: streamlined if the balance 'is $50,000 or less'."""
    case = case_from(IA, one_liability(balance))
    a = analysed(case)
    assert option(a, "ia_streamlined").eligible is eligible
    report = check(case)
    over = [f for f in findings(report, "IA-002") if "over $50,000" in f.message]
    assert [str(f.location) for f in over] == ([] if eligible else ["/requests/0/agreement_type"])
    assert bool(findings(report, "IA-012")) is not eligible, "over $50,000 a Form 433-F is needed"


@pytest.mark.parametrize(("balance", "needs_debit"), [("25000", False), ("25000.01", True)],
                         ids=["balance-$25,000", "balance-$25,000.01"])
def test_over_25000_streamlined_needs_direct_debit(balance: str, needs_debit: bool) -> None:
    """Instructions for Form 9465 p.2 and Line 11b: over $25,000 (and up to $50,000) only with
    direct debit or payroll deduction; otherwise Form 433-F."""
    case = case_from(IA, one_liability(balance), request(direct_debit=None, monthly_payment=D(400)))
    a = analysed(case)
    assert option(a, "ia_streamlined").eligible is True
    assert option(a, "ia_streamlined").financial_statement == ("Form 433-F" if needs_debit else None)
    hits = [f for f in findings(check(case), "IA-002") if "neither direct debit" in f.message]
    assert bool(hits) is needs_debit, f"{balance} against the $25,000 limit"
    assert [str(h.location) for h in hits] == (["/requests/0/direct_debit"] if needs_debit else [])
    with_debit = case_from(IA, one_liability(balance), request(monthly_payment=D(400)))
    assert option(analysed(with_debit), "ia_streamlined").financial_statement is None
    assert findings(check(with_debit), "IA-002") == []


NO_DEBIT = {"line_13a": "", "line_13b": ""}


@pytest.mark.parametrize(("balance", "edits", "line", "over"), [
    ("50000", {}, None, None), ("50000.01", {}, "line_9", "$50,000"),
    ("25000", NO_DEBIT, None, None), ("25000.01", NO_DEBIT, "line_13a", "$25,000"),
    ("25000.01", {}, None, None), ("25000.01", {**NO_DEBIT, "line_14": True}, None, None),
    ("", NO_DEBIT, None, None),
], ids=["$50,000", "$50,000.01", "$25,000-no-debit", "$25,000.01-no-debit", "$25,000.01-debit",
        "$25,000.01-payroll", "line-9-empty"])
def test_form_9465_line_9_limits_on_a_filled_pdf(balance: str, edits: dict[str, Any], line: str | None,
                                                 over: str | None) -> None:
    """The same $50,000 and $25,000 limits read from a filled Form 9465: line 9 against them,
    lines 13a/13b (direct debit) or line 14 (payroll deduction) over $25,000."""
    owed = D(balance or "9000")
    doc = as_pdf("f9465", case_from(IA, one_liability(str(owed))), line_9=D(balance) if balance else "", **edits)
    hits = findings(check(docs=[doc]), "IA-002")
    if line is None:
        assert hits == []
    else:
        assert [(h.location.path, h.document) for h in hits] == [(line, "Form 9465")]
        assert hits[0].message.startswith(f"Form 9465 line 9 is ${owed:,}, over {over}")


def test_with_a_filled_9465_the_pdf_is_judged_not_the_case_again() -> None:
    """A case over $50,000 checked with its filled Form 9465: one finding, on line 9, not a
    second one for the same balance in the case."""
    case = case_from(IA, one_liability("50000.01"))
    hits = findings(check(case, docs=[as_pdf("f9465", case)]), "IA-002")
    assert [(h.location.path, h.document) for h in hits] == [("line_9", "Form 9465")]


def test_a_collection_statement_lifts_the_streamlined_limits_on_a_filled_pdf() -> None:
    """Instructions for Form 9465 p.2: over $50,000 the request goes with Form 433-F; with it
    attached, line 9 of $50,000.01 is not an IA-002 finding."""
    case = case_from(IA, one_liability("50000.01"))
    assert findings(check(docs=[as_pdf("f9465", case), as_pdf("f433f", case)]), "IA-002") == []


@pytest.mark.parametrize(("payment", "fires"), [("694.45", False), ("694.44", True)],
                         ids=["$694.45-pays-$50,000-in-72", "$694.44-does-not"])
def test_streamlined_payment_pays_within_72_months(payment: str, fires: bool) -> None:
    """Form 9465 line 10: line 9 / 72.0; $50,000 / 72 = $694.444..., rounded up to the cent
    ($694.45 x 72 = $50,000.40), the least payment that pays within 72 months."""
    case = case_from(IA, one_liability("50000"), request(monthly_payment=D(payment)))
    a = analysed(case)
    assert a.amount("f9465.line_10") == D("694.45")
    assert a.amount("ia.streamlined.minimum_payment") == D("694.45")
    assert bool(findings(check(case), "IA-003")) is fires, f"{payment} against $50,000 / 72"


def test_form_9465_line_10_against_line_11a_on_a_filled_pdf() -> None:
    case = case_from(IA, one_liability("50000"))
    ok = as_pdf("f9465", case, line_11a=D("694.45"), line_11b=None, line_11b__cannot_increase=False)
    assert findings(check(docs=[ok]), "IA-003") == []
    short = as_pdf("f9465", case, line_11a=D("694.44"), line_11b=None, line_11b__cannot_increase=False)
    assert findings(check(docs=[short]), "IA-003")


# ------------------------------------------------------------------ short term: 180 days, $100,000

@pytest.mark.parametrize(("balance", "payment", "fires"), [
    ("100000", "16666.67", True),      # 6 x 16,666.67 = 100,000.02: paid within 180 days
    ("100000.01", "16666.67", False),  # over the $100,000 short-term limit
    ("60000", "10000", True),          # 6 x 10,000 = 60,000 exactly
    ("60000", "9999.99", False),       # 59,999.94: not within 180 days
], ids=["$100,000-in-180-days", "$100,000.01", "$60,000-exactly-6-payments", "one-cent-short"])
def test_short_term_plan_180_days_up_to_100000(balance: str, payment: str, fires: bool) -> None:
    """Instructions for Form 9465 p.1: a balance of $100,000 or less that can be paid within 180
    days needs no agreement (IA-010, info); 180 days counted as 6 monthly payments."""
    case = case_from(IA, one_liability(balance), request(monthly_payment=D(payment)))
    assert bool(findings(check(case), "IA-010")) is fires


# ------------------------------------------------------------------ Form 9465 lines 12, 13a, 13b

@pytest.mark.parametrize(("day", "fires"), [(1, False), (28, False), (29, True), (0, True)],
                         ids=["day-1", "day-28", "day-29", "day-0"])
def test_line_12_payment_day_1_to_28(day: int, fires: bool) -> None:
    """Form 9465 (Rev. 9-2020) line 12: 'choose a day from the 1st through the 28th'."""
    doc = as_pdf("f9465", case_from(IA), line_12=day)
    hits = findings(check(docs=[doc]), "IA-006")
    assert bool(hits) is fires
    if fires:
        assert [where(f) for f in hits] == [("line_12", "line 12", "Form 9465")]
        assert hits[0].message.startswith(f"Form 9465 line 12 payment day is {day}.")


def where(finding: Any) -> tuple[str, str | None, str | None]:
    """The form line a finding points at, and the document it names."""
    return finding.location.path, finding.location.line, finding.document


@pytest.mark.parametrize(("routing", "fires"), [
    ("010000013", False), ("120000013", False), ("130000013", True), ("000000013", True),
    ("210000013", False), ("320000013", False), ("200000013", True), ("330000013", True),
    ("07100001", True), ("0710000133", True),
], ids=["01", "12", "13", "00", "21", "32", "20", "33", "8-digits", "10-digits"])
def test_line_13a_routing_number_9_digits_01_12_or_21_32(routing: str, fires: bool) -> None:
    """Instructions for Form 9465 line 13a: 'The routing number must be nine digits. The first
    two digits of the routing number must be 01 through 12 or 21 through 32'."""
    doc = as_pdf("f9465", case_from(IA), line_13a=routing)
    hits = findings(check(docs=[doc]), "IA-006")
    assert bool(hits) is fires
    if fires:
        assert [where(f) for f in hits] == [("line_13a", "line 13a", "Form 9465")]
        digits = sum(c.isdigit() for c in routing)
        assert hits[0].message.startswith(f"Form 9465 line 13a routing number ({digits} digits, "
                                          f"starting {routing[:2]!r}) is not 9 digits starting 01-12 or 21-32")


@pytest.mark.parametrize(("length", "fires"), [(17, False), (18, True)], ids=["17-characters", "18-characters"])
def test_line_13b_account_number_up_to_17_characters(length: int, fires: bool) -> None:
    """Instructions for Form 9465 line 13b: 'The account number can be up to 17 characters'."""
    doc = as_pdf("f9465", case_from(IA), line_13b="1" * length)
    hits = findings(check(docs=[doc]), "IA-006")
    assert bool(hits) is fires
    if fires:
        assert [where(f) for f in hits] == [("line_13b", "line 13b", "Form 9465")]
        assert hits[0].message.startswith("Form 9465 line 13b account number is longer than 17 characters")


@pytest.mark.parametrize(("routing", "account", "missing"), [
    ("071000013", "", "line 13b"), ("", "4455667788", "line 13a"), ("071000013", "4455667788", None)],
    ids=["no-account", "no-routing", "both"])
def test_direct_debit_needs_both_lines_13a_and_13b(routing: str, account: str, missing: str | None) -> None:
    """Form 9465 (Rev. 9-2020) lines 13a and 13b: a debit needs the routing and the account number."""
    doc = as_pdf("f9465", case_from(IA), line_13a=routing, line_13b=account)
    hits = findings(check(docs=[doc]), "IA-006")
    if missing is None:
        assert hits == []
    else:
        assert [where(f) for f in hits] == [(missing.replace(" ", "_"), missing, "Form 9465")]
        assert f"gives only half of the direct-debit details ({missing} is empty)" in hits[0].message


def csed_on(day: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["liabilities"][0]["csed"] = day
    return edit


@pytest.mark.parametrize(("csed", "months", "minimum"), [
    ("2032-11-16", 72, "694.45"),     # 72 months from 2026-11-16: $50,000 / 72 = 694.44... -> 694.45
    ("2032-11-15", 71, "704.23"),     # a day earlier, 71 whole months: $50,000 / 71 = 704.225... -> 704.23
], ids=["csed-in-72-months", "csed-in-71-months"])
def test_streamlined_payment_pays_by_the_csed_when_it_is_sooner_than_72_months(csed: str, months: int,
                                                                                minimum: str) -> None:
    """IRM 5.14.5: the lesser of 72 months and the months left before the CSED."""
    case = case_from(IA, one_liability("50000"), csed_on(csed), request(monthly_payment=D(minimum)))
    a = analysed(case)
    assert a.amount("ia.months_to_csed") == months
    assert a.amount("ia.streamlined.minimum_payment") == D(minimum)
    assert findings(check(case), "IA-003") == [], f"{minimum} pays $50,000 in {months} months"
    short = case_from(IA, one_liability("50000"), csed_on(csed), request(monthly_payment=D(minimum) - D("0.01")))
    assert findings(check(short), "IA-003"), f"one cent under {minimum}"


def two_periods(older: tuple[str, str], newer: tuple[str, str]) -> Edit:
    """Form 1040 2023 and 2024 owing (balance, CSED), listed newest first (the order must not matter)."""
    def edit(data: dict[str, Any]) -> None:
        first = data["liabilities"][0]
        data["liabilities"] = [
            dict(first, period=period, assessed_balance=D(balance), penalties={}, interest=D(0), csed=csed)
            for period, (balance, csed) in (("2024", newer), ("2023", older))]
    return edit


@pytest.mark.parametrize(("older", "newer", "payment"), [
    # prepared 2026-11-16: the sooner CSED is paid first, then the cumulative balance by the later one
    (("1200", "2027-11-16"), ("2400", "2030-11-16"), "100"),  # max(1,200 / 12, 3,600 / 48) = max(100, 75)
    (("1200", "2030-11-16"), ("2400", "2027-11-16"), "200"),  # max(2,400 / 12, 3,600 / 48) = max(200, 75)
    (("1200", "2027-11-16"), ("2400", "2027-11-16"), "300"),  # same CSED: 3,600 / 12
], ids=["older-csed-first", "newer-csed-first", "same-csed"])
def test_agreement_pays_each_period_by_its_own_csed(older: tuple[str, str], newer: tuple[str, str],
                                                    payment: str) -> None:
    """IRC 6502(a); IRM 5.14.1.4: an agreement must pay each period before its statute runs."""
    a = analysed(case_from(IA, two_periods(older, newer)))
    assert a.amount("ia.csed_payment") == D(payment)
    assert "CSED-EXPIRED" not in {f.code for f in a.findings}


def test_a_period_whose_csed_has_passed_is_left_out_of_the_payment() -> None:
    """IRC 6502(a): after the CSED the IRS cannot collect; the 2023 period (CSED 2026-01-01, before
    the case's date 2026-11-16) is reported, and only the 2024 period is paid by its CSED: 2,400 / 48."""
    a = analysed(case_from(IA, two_periods(("1200", "2026-01-01"), ("2400", "2030-11-16"))))
    assert a.amount("ia.csed_payment") == 50
    (expired,) = [f for f in a.findings if f.code == "CSED-EXPIRED"]
    assert "Form 1040 2023: the CSED (2026-01-01) has passed" in expired.message
    both = analysed(case_from(IA, two_periods(("1200", "2026-01-01"), ("2400", "2026-11-15"))))
    assert both.amount("ia.csed_payment") is None  # nothing left to pay by a CSED
    assert len([f for f in both.findings if f.code == "CSED-EXPIRED"]) == 2


def test_a_csed_less_than_a_month_away_is_due_now() -> None:
    # 2026-12-01 is 15 days after the case's date: 0 whole months, the balance is due at once
    a = analysed(case_from(IA, two_periods(("1200", "2026-12-01"), ("2400", "2030-11-16"))))
    assert a.amount("ia.csed_payment") == 1200
    assert "CSED-EXPIRED" not in {f.code for f in a.findings}


def test_on_the_csed_itself_the_period_is_still_collectible() -> None:
    # CSED 2026-11-16 = the case's date: the statute has not yet run, the balance is due at once
    a = analysed(case_from(IA, two_periods(("1200", "2026-11-16"), ("2400", "2030-11-16"))))
    assert a.amount("ia.csed_payment") == 1200
    assert "CSED-EXPIRED" not in {f.code for f in a.findings}
