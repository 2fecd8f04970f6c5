"""Installment agreements (Form 9465, Rev. 9-2020; instructions Rev. 7-2024).

Limits (guaranteed $10,000 / 3 years, streamlined $25,000 / $50,000 / 72 months,
short-term 180 days / $100,000) come from ``standards/installment_agreements.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from formkit.analysis.money import apply_rounding
from formkit.case.model import InstallmentRequest, OfferRequest
from formkit.checks.documents import Document, digits
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import (
    ZERO,
    has_form,
    money,
    months_to_csed,
    ptr,
    signed,
    signers,
    total_balance,
)
from formkit.checks.subject import Subject
from formkit.findings import Location

STREAMLINED_TYPES = (None, "streamlined", "guaranteed")


def _limit(s: Subject, path: str) -> Decimal:
    return s.params.money("installment_agreements", path)


def _statement(s: Subject) -> bool:
    """A collection information statement (Form 433-F or 433-A) is provided."""
    return has_form(s, "433-F") or has_form(s, "433-A")


def _owed(s: Subject, req: InstallmentRequest) -> Decimal:
    """Form 9465 line 9: the balance less the payment sent with the request."""
    return total_balance(s) - req.amount_paid_with_request


@rule("IA-001", needs=("case", "analysis"))
def unfiled_returns(s: Subject) -> Iterator[Hit]:
    """The analysis decides which listed returns are missing (due by the as-of date: a return
    not yet due does not stop an agreement); its finding is OIC-001, for offers and agreements."""
    assert s.case is not None
    if not s.installments():
        return
    missing = s.decided_at("OIC-001")
    for i, ret in enumerate(s.case.compliance.unfiled_returns):
        if ptr("compliance", "unfiled_returns", i) not in missing:
            continue
        yield hit(ptr("compliance", "unfiled_returns", i),
                  detail=f"The Form {ret.form} return for {ret.period} is listed as not filed")


@rule("IA-002", inputs=("case", "pdf"))
def streamlined_limits(s: Subject) -> Iterator[Hit]:
    top = _limit(s, "streamlined.max_balance")
    no_dd = _limit(s, "streamlined.max_balance_without_direct_debit")
    if not _statement(s):
        for i, req in s.installments(judged_on="f9465"):
            if req.agreement_type not in STREAMLINED_TYPES:
                continue
            owed = _owed(s, req)
            if owed > top:
                yield hit(ptr("requests", i, "agreement_type"),
                          detail=f"The balance of {money(owed)} is over {money(top)}")
            elif owed > no_dd and req.direct_debit is None and not req.payroll_deduction:
                yield hit(ptr("requests", i, "direct_debit"),
                          detail=f"The balance of {money(owed)} is over {money(no_dd)} and "
                                 "neither direct debit nor payroll deduction is chosen")
    for doc in s.pdf_docs("f9465"):
        owed_doc = doc.money("line_9")
        if owed_doc is None or _statement(s):
            continue
        if owed_doc > top:
            yield hit(doc.where("line_9"), doc.label,
                      detail=f"{doc.label} line 9 is {money(owed_doc)}, over {money(top)}")
        elif owed_doc > no_dd and not doc.text("line_13a") and not doc.checked("line_14"):
            yield hit(doc.where("line_13a"), doc.label,
                      detail=f"{doc.label} line 9 is {money(owed_doc)}, over {money(no_dd)}, and "
                             "neither line 13a/13b (direct debit) nor line 14 (payroll) is used")


@rule("IA-003", inputs=("case", "pdf"))
def streamlined_minimum(s: Subject) -> Iterator[Hit]:
    if s.case is not None and not _statement(s):
        left = months_to_csed(s)
        limit = s.params.number("installment_agreements", "streamlined.max_months")
        months = min(limit, left) if left else limit
        for i, req in s.installments(judged_on="f9465"):
            if req.agreement_type not in STREAMLINED_TYPES or months <= 0:
                continue
            owed = _owed(s, req)
            minimum = apply_rounding(owed / months, s.params.get("installment_agreements", "minimum_payment_rounding"))
            if req.monthly_payment < minimum:
                yield hit(ptr("requests", i, "monthly_payment"), balance=money(owed),
                          months=months, minimum=money(minimum),
                          detail=f"The proposed payment is {money(req.monthly_payment)}")
    divisor = Decimal(str(s.params.get("installment_agreements", "form_9465_line_10_divisor")))
    for doc in s.pdf_docs("f9465"):
        line_10 = doc.money("line_10")
        proposed = doc.money("line_11b") or doc.money("line_11a")
        if line_10 is None or proposed is None or doc.checked("line_11b.cannot_increase"):
            continue
        if proposed < line_10:
            yield hit(doc.where("line_11a"), doc.label, balance=money(doc.money("line_9") or 0),
                      months=int(divisor), minimum=money(line_10),
                      detail=f"{doc.label} proposes {money(proposed)} a month (line 11a/11b)")


@rule("IA-004", needs=("case",))
def guaranteed(s: Subject) -> Iterator[Hit]:
    """The guaranteed-agreement conditions of Instructions for Form 9465 p.1-2 and IRC 6159(c):
    tax of $10,000 or less; in the 5 tax years before the liability's year, every income tax
    return filed on time, the tax paid and no installment agreement; paid within 3 years."""
    assert s.case is not None
    case = s.case
    max_tax = _limit(s, "guaranteed.max_tax")
    max_months = s.params.number("installment_agreements", "guaranteed.max_months")
    lookback = s.params.number("installment_agreements", "guaranteed.lookback_years")
    years = sorted(lia.period.year for lia in case.liabilities if lia.tax_type == "income")
    window = range(years[0] - lookback, years[0]) if years else range(0)
    for i, req in s.installments():
        if req.agreement_type != "guaranteed":
            continue
        tax = sum((lia.assessed_balance for lia in case.liabilities), ZERO)
        if tax > max_tax:
            yield hit(ptr("requests", i, "agreement_type"),
                      detail=f"The tax owed (without penalties and interest) is {money(tax)}, "
                             f"over {money(max_tax)}")
        recent = [y for y in case.compliance.prior_installment_agreement_years if int(y) in window]
        if recent:
            yield hit(ptr("compliance", "prior_installment_agreement_years"),
                      detail=f"An income-tax installment agreement was in effect in {recent[0]}, "
                             f"within the {lookback} tax years before {years[0]}")
        for k, past in enumerate(case.compliance.penalty_history):
            if past.penalty_type in ("failure_to_file", "failure_to_pay") and past.form.startswith(
                    "1040") and past.period.year in window:
                what = "filed late" if past.penalty_type == "failure_to_file" else "not paid in time"
                yield hit(ptr("compliance", "penalty_history", k),
                          detail=f"The Form {past.form} return for {past.period} was {what} (a "
                                 f"{past.penalty_type.replace('_', '-')} penalty), within the "
                                 f"{lookback} tax years before {years[0]}")
                break
        for k, ret in enumerate(case.compliance.unfiled_returns):
            if ret.period.year in window:
                yield hit(ptr("compliance", "unfiled_returns", k),
                          detail=f"The Form {ret.form} return for {ret.period} is not filed")
                break
        owed = _owed(s, req)
        if req.monthly_payment * max_months < owed:
            yield hit(ptr("requests", i, "monthly_payment"),
                      detail=f"{money(req.monthly_payment)} a month does not pay {money(owed)} "
                             f"within {max_months} months")


def _routing_ok(s: Subject, routing: str) -> bool:
    if not re.fullmatch(r"[0-9]{9}", routing):
        return False
    prefix = int(routing[:2])
    ranges = s.params.get("form_9465_checks", "routing_prefixes")
    return any(low <= prefix <= high for low, high in ranges)


@rule("IA-006", inputs=("case", "pdf"))
def payment_details(s: Subject) -> Iterator[Hit]:
    """On the lines Form 9465 will print: the case's request and any form_overrides, or a
    filled PDF."""
    for doc in s.docs("f9465"):
        yield from _doc_payment_details(s, doc)


def _doc_payment_details(s: Subject, doc: Document) -> Iterator[Hit]:
    day = doc.get("line_12")
    max_day = s.params.number("form_9465_checks", "payment_day_max")
    if day is not None and not (isinstance(day, int) and 1 <= day <= max_day):
        yield hit(doc.where("line_12"), doc.label,
                  detail=f"{doc.label} line 12 payment day is {day!s}")
    routing, account = doc.text("line_13a"), doc.text("line_13b")
    if routing and not _routing_ok(s, routing):
        yield hit(doc.where("line_13a"), doc.label,
                  detail=f"{doc.label} line 13a routing number ({len(digits(routing))} digits, "
                         f"starting {routing[:2]!r}) is not 9 digits starting 01-12 or 21-32")
    limit = s.params.number("form_9465_checks", "account_number_max_length")
    if account and not re.fullmatch(rf"[A-Za-z0-9-]{{1,{limit}}}", account):
        yield hit(doc.where("line_13b"), doc.label,
                  detail=f"{doc.label} line 13b account number is longer than {limit} characters "
                         "or holds characters other than letters, digits and hyphens")
    if bool(routing) != bool(account):
        missing = "line_13b" if routing else "line_13a"
        yield hit(doc.where(missing), doc.label,
                  detail=f"{doc.label} gives only half of the direct-debit details "
                         f"({missing.replace('line_', 'line ')} is empty)")


def _unsigned(s: Subject) -> list[str]:
    """Filers who have not signed Form 9465: the taxpayer, and the spouse on a joint request."""
    assert s.case is not None
    return [who for who in signers(s.case) if not signed(s.case, "9465", who)]


@rule("IA-007", needs=("case",))
def joint_signatures(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.installments():
        return
    for signer in _unsigned(s):
        yield hit(ptr("signatures"),
                  detail=f"Form 9465 has no signature by the {signer}"
                         + (" on a joint request" if s.case.is_joint else ""))


def _direct_debit(s: Subject) -> list[tuple[str | Location, str | None]]:
    """Where direct debit is requested: on the Form 9465 lines 13a/13b the packet will carry."""
    docs = [d for d in s.docs("f9465") if d.text("line_13a") or d.text("line_13b")]
    if docs:
        return [(d.where("line_13a"), d.label) for d in docs]
    return [(ptr("requests", i, "direct_debit"), None) for i, req in s.installments()
            if req.direct_debit is not None]


@rule("IA-013", needs=("case",))
def direct_debit_signatures(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.installments():
        return
    missing = _unsigned(s)
    if not missing:
        return
    for where, document in _direct_debit(s):
        yield hit(where, document,
                  detail="Direct debit is requested (lines 13a and 13b) and Form 9465 has no "
                         "signature by the " + " or the ".join(missing))


@rule("IA-008", inputs=("case", "pdf"))
def wrong_channel(s: Subject) -> Iterator[Hit]:
    if s.case is not None and s.installments():
        c = s.case.compliance
        i = s.installments()[0][0]
        if c.bankruptcy is not None and c.bankruptcy.open:
            yield hit(ptr("compliance", "bankruptcy", "open"),
                      detail="The taxpayer is in an open bankruptcy")
        if c.pending_offer or s.case.requests_of(OfferRequest):
            yield hit(ptr("requests", i), detail="An offer in compromise is pending or requested "
                                                 "in the same case")
        b = s.case.business
        payroll = [lia for lia in s.case.liabilities if lia.tax_type in ("employment",
                                                                         "unemployment")]
        if b is not None and payroll and (b.employees or 0) > 0:
            yield hit(ptr("business"), detail=f"{b.name} still operates and owes employment tax "
                                              f"(Form {payroll[0].form} {payroll[0].period})")
    if s.pdf_docs("f9465") and s.pdf_docs("f656"):
        doc = s.pdf_docs("f9465")[0]
        yield hit(doc.whole, doc.label,
                  detail=f"The packet holds both {doc.label} and a Form 656 offer")


@rule("IA-009", needs=("case",))
def part_ii(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.case.compliance.defaulted_installment_agreement_last_12_months:
        return
    low = _limit(s, "streamlined.max_balance_without_direct_debit")
    high = _limit(s, "streamlined.max_balance")
    divisor = Decimal(str(s.params.get("installment_agreements", "form_9465_line_10_divisor")))
    for i, req in s.installments():
        owed = _owed(s, req)
        if not (low < owed <= high) or req.monthly_payment >= owed / divisor:
            continue
        docs = s.docs("f9465")
        if docs:
            for doc in docs:
                if not (doc.text("taxpayer.address.county") or doc.text("line_15")) \
                        or not doc.text("line_20"):
                    yield hit(doc.where("line_20"), doc.label,
                              detail=f"{doc.label} Part II (county, take-home pay) is empty")
        elif not s.case.address.county or not s.case.income:
            yield hit(ptr("requests", i),
                      detail="The case lacks the county or the income Part II needs")


@rule("IA-010", inputs=("case", "pdf"))
def short_term(s: Subject) -> Iterator[Hit]:
    cap = _limit(s, "short_term.max_balance")
    months = s.params.number("installment_agreements", "short_term.max_days") // 30
    for i, req in s.installments(judged_on="f9465"):
        owed = _owed(s, req)
        if owed <= cap and req.monthly_payment * months >= owed:
            yield hit(ptr("requests", i, "monthly_payment"),
                      detail=f"{money(req.monthly_payment)} a month pays the {money(owed)} "
                             f"balance within {months} months")
    for doc in s.pdf_docs("f9465"):
        owed_doc = doc.money("line_9")
        proposed = doc.money("line_11b") or doc.money("line_11a")
        if owed_doc is not None and proposed and owed_doc <= cap and proposed * months >= owed_doc:
            yield hit(doc.where("line_11a"), doc.label,
                      detail=f"{doc.label}: {money(proposed)} a month pays line 9 "
                             f"({money(owed_doc)}) within {months} months")


@rule("IA-011", needs=("case",))
def before_csed(s: Subject) -> Iterator[Hit]:
    left = months_to_csed(s)
    if left is None:
        return
    for i, req in s.installments():
        if req.agreement_type == "partial_payment":
            continue
        owed = _owed(s, req)
        paid = req.monthly_payment * left
        if paid < owed:
            yield hit(ptr("requests", i, "monthly_payment"), payment=money(req.monthly_payment),
                      months=left, paid=money(paid), balance=money(owed),
                      detail="The installment agreement request")


@rule("IA-012", inputs=("case", "pdf"))
def statement_required(s: Subject) -> Iterator[Hit]:
    if _statement(s):
        return
    top = _limit(s, "streamlined.max_balance")
    for i, req in s.installments(judged_on="f9465"):
        owed = _owed(s, req)
        if req.agreement_type in ("non_streamlined", "partial_payment"):
            yield hit(ptr("requests", i, "agreement_type"),
                      detail=f"A {req.agreement_type.replace('_', '-')} agreement is requested "
                             "and no signed Form 433-F or 433-A is in the case")
        elif owed > top:
            yield hit(ptr("requests", i), detail=f"The balance is {money(owed)} and no signed "
                                                 "Form 433-F or 433-A is in the case")
    for doc in s.pdf_docs("f9465"):
        owed_doc = doc.money("line_9")
        if doc.checked("line_11b.cannot_increase") or (owed_doc is not None and owed_doc > top):
            yield hit(doc.where("line_11b.cannot_increase"), doc.label,
                      detail=f"{doc.label} needs a Form 433-F and the packet has none")
