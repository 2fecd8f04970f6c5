"""The values a cover-letter template sees: plain strings, lists and dicts, already formatted.

This is the contract with firms' own templates, so it is explicit and stable:

* ``date``, ``date_iso``, ``case_id``, ``program``, ``program_title``, ``writer``
  (``"representative"`` or ``"taxpayer"``)
* ``sender`` (name, firm, title, address_lines, phone, fax, email, caf_number, letterhead: lines)
* ``representative`` (same keys, or None), ``representatives`` (list)
* ``taxpayer`` / ``spouse`` (name, first_name, last_name, ssn_masked, address_lines, phone, email;
  spouse may be None), ``names`` ("A and B"), ``joint`` (bool)
* ``irs`` (lines, resolved, instruction, phone, fax, citation)
* ``periods`` (list of {form, period, label, tax_type}), ``periods_text``, ``balance``
* ``request``: the program's own values (see the ``_oic``, ``_ia``, ``_cnc``, ``_abatement`` functions)
* ``enclosures`` (list of {title, pages}), ``enclosure_count``, ``forms`` (form numbers in the packet)
* ``compliance`` (all_returns_filed, unfiled, last_return_filed, estimated_required, estimated_current,
  employer, deposits_current)

No full SSN or EIN is ever in the context: only ``ssn_masked``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case.model import (
    AbatementRequest,
    Address,
    Case,
    InstallmentRequest,
    Liability,
    NotCollectibleRequest,
    OfferRequest,
    Person,
    Representative,
    Request,
)
from formkit.case.periods import TaxPeriod
from formkit.forms.mapping import AnalysisLike
from formkit.packet.addresses import MailingAddress
from formkit.packet.letter import join_and, long_date, money
from formkit.redact import mask_tin

DESIGNATIONS: Mapping[str, str] = {
    "a": "Attorney", "b": "Certified Public Accountant", "c": "Enrolled Agent", "d": "Officer",
    "e": "Full-Time Employee", "f": "Family Member", "g": "Enrolled Actuary",
    "h": "Unenrolled Return Preparer", "k": "Qualifying Student or Law Graduate",
    "r": "Enrolled Retirement Plan Agent",
}
BASIS: Mapping[str, str] = {
    "doubt_as_to_collectibility": "doubt as to collectibility",
    "eta_economic_hardship": "effective tax administration (economic hardship)",
    "eta_public_policy": "effective tax administration (public policy or equity)",
}
PENALTY_LABELS: Mapping[str, str] = {
    "failure_to_file": "failure-to-file penalty", "failure_to_pay": "failure-to-pay penalty",
    "failure_to_deposit": "failure-to-deposit penalty", "estimated_tax": "estimated tax penalty",
    "accuracy_related": "accuracy-related penalty", "other": "penalty",
}
PENALTY_SECTIONS: Mapping[str, str] = {
    "failure_to_file": "IRC § 6651(a)(1)", "failure_to_pay": "IRC § 6651(a)(2)",
    "failure_to_deposit": "IRC § 6656", "estimated_tax": "IRC § 6654", "accuracy_related": "IRC § 6662",
}
AGREEMENT_TYPES: Mapping[str, str] = {
    "guaranteed": "guaranteed installment agreement", "streamlined": "streamlined installment agreement",
    "non_streamlined": "installment agreement", "partial_payment": "partial payment installment agreement",
}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def address_lines(address: Address) -> list[str]:
    lines = [address.street]
    if address.street2:
        lines.append(address.street2)
    lines.append(f"{address.city}, {address.state} {address.zip}")
    if (address.country or "US").upper() not in ("US", "USA"):
        lines.append(address.country.upper())
    return lines


def _person(person: Person, address: Address) -> dict[str, Any]:
    return {
        "name": person.full_name, "first_name": person.first_name, "last_name": person.last_name,
        "ssn_masked": mask_tin(person.ssn), "address_lines": address_lines(address),
        "phone": person.cell_phone or person.home_phone or person.work_phone, "email": person.email,
    }


def _representative(rep: Representative) -> dict[str, Any]:
    title = DESIGNATIONS.get(rep.designation, "")
    lines = [rep.firm] if rep.firm else [rep.name]
    sub = [f"{rep.name}, {title}"] if rep.firm else [title]
    contact = " · ".join(p for p in (f"Phone {rep.phone}" if rep.phone else None,
                                     f"Fax {rep.fax}" if rep.fax else None, rep.email) if p)
    letterhead = [*lines, *sub, " · ".join(address_lines(rep.address)), *([contact] if contact else [])]
    return {
        "name": rep.name, "firm": rep.firm, "title": title, "designation": rep.designation,
        "address_lines": address_lines(rep.address), "phone": rep.phone, "fax": rep.fax, "email": rep.email,
        "caf_number": rep.caf_number, "letterhead": {"lines": letterhead},
    }


def _taxpayer_sender(case: Case) -> dict[str, Any]:
    person = case.taxpayer
    address = case.mailing_address or case.address
    names = person.full_name if not case.is_joint or case.spouse is None else \
        f"{person.full_name} and {case.spouse.full_name}"
    phone = person.cell_phone or person.home_phone or person.work_phone
    contact = " · ".join(p for p in (f"Phone {phone}" if phone else None, person.email) if p)
    letterhead = [names, " · ".join(address_lines(address)), *([contact] if contact else [])]
    return {
        "name": person.full_name, "firm": None, "title": "Taxpayer", "designation": None,
        "address_lines": address_lines(address), "phone": phone, "fax": None, "email": person.email,
        "caf_number": None, "letterhead": {"lines": letterhead},
    }


def _amount(analysis: AnalysisLike | None, path: str) -> Decimal | None:
    if analysis is None:
        return None
    try:
        return analysis.amount(path)
    except Exception:  # an analysis that cannot compute a line leaves the letter without it
        return None


def _m(value: Decimal | None) -> str | None:
    return money(value) if value is not None else None


def _liabilities_for(case: Case, request: Request) -> list[Liability]:
    if isinstance(request, AbatementRequest):
        keys = {(i.form, i.period) for i in request.items}
        return [li for li in case.liabilities if (li.form, li.period) in keys]
    return list(case.liabilities)


def _periods(case: Case, request: Request) -> list[dict[str, str]]:
    seen: list[tuple[str, TaxPeriod]] = []
    if isinstance(request, AbatementRequest):
        seen = [(i.form, i.period) for i in request.items]
    else:
        seen = [(li.form, li.period) for li in case.liabilities]
    out: list[dict[str, str]] = []
    for form, period in dict.fromkeys(seen):
        tax_type = next((li.tax_type for li in case.liabilities if (li.form, li.period) == (form, period)), "")
        out.append({"form": form, "period": period, "label": period.label(), "tax_type": tax_type})
    return out


def periods_text(periods: Sequence[Mapping[str, str]]) -> str:
    """'Form 1040: 2019, 2020 and 2021; Form 941: period ending 06/30/2024'."""
    by_form: dict[str, list[str]] = {}
    for p in periods:
        by_form.setdefault(p["form"], []).append(p["label"])
    return "; ".join(f"Form {form}: {join_and(labels)}" for form, labels in by_form.items())


def _oic(case: Case, r: OfferRequest, analysis: AnalysisLike | None) -> dict[str, Any]:
    option = "lump_sum" if r.payment_option == "lump_sum" else "periodic"
    minimum = _amount(analysis, f"oic.minimum_offer.{option}")
    fee = None if r.low_income_certification else (
        r.application_fee if r.application_fee is not None else _amount(analysis, "oic.application_fee"))
    initial = None
    if not r.low_income_certification:
        if r.initial_payment is not None:
            initial = r.initial_payment
        elif option == "lump_sum":
            initial = _amount(analysis, "oic.initial_payment.lump_sum")
        else:
            initial = r.monthly_payment
    remaining = r.offer_amount - (initial or Decimal(0))
    lump = [{"amount": money(p.amount), "months_after_acceptance": str(p.months_after_acceptance),
             "when": f"within {p.months_after_acceptance} month{'s' if p.months_after_acceptance != 1 else ''} "
                     "of acceptance"}
            for p in r.lump_sum_payments]
    if len(lump) == 1:
        remaining_terms = lump[0]["when"]
    else:
        remaining_terms = f"in {len(lump)} payments: " + join_and(
            [f"{p['amount']} {p['when']}" for p in lump])
    signed = case.signature("656", "taxpayer")
    special_docs = [a.description or a.account or "supporting document" for a in case.attachments
                    if a.document_type in ("special_circumstances", "hardship_statement")]
    return {
        "basis": r.basis, "basis_text": BASIS.get(r.basis, r.basis.replace("_", " ")),
        "payment_option": r.payment_option, "lump_sum": option == "lump_sum",
        "offer_amount": money(r.offer_amount),
        "application_fee": _m(fee), "initial_payment": _m(initial), "remaining": _m(remaining),
        "total_with_offer": _m((fee or Decimal(0)) + (initial or Decimal(0))),
        "later_months": str(r.payment_months - 1) if r.payment_months and r.payment_months > 1 else None,
        "monthly_payment": _m(r.monthly_payment), "payment_months": str(r.payment_months) if r.payment_months else None,
        "payment_day": ordinal(r.payment_day) if r.payment_day else None,
        "lump_sum_payments": lump, "remaining_terms": remaining_terms if lump else None,
        "initial_is_twenty_percent": initial is not None and initial * 5 == r.offer_amount,
        "signed_date": (f"{signed.date:%m/%d/%Y}" if signed is not None and signed.signed and signed.date
                        else None),
        "special_documents": join_and(special_docs) if special_docs else None,
        "low_income": r.low_income_certification,
        "payment_method": r.payment_method, "source_of_funds": r.source_of_funds,
        "special_circumstances": r.special_circumstances,
        "minimum_offer": _m(minimum),
        # periodic: the final payment absorbs the rounding (docs/reference/rounding.md)
        "final_payment": _m(_amount(analysis, "oic.requested.final_payment")) if option == "periodic" else None,
        "final_differs": option == "periodic" and _amount(analysis, "oic.requested.final_payment") not in (
            None, r.monthly_payment),
        "middle_months": str(r.payment_months - 1) if r.payment_months else None,
        "offer_below_minimum": minimum is not None and r.offer_amount < minimum,
    }


def _claimed(case: Case, analysis: AnalysisLike | None, *, oic: bool) -> list[dict[str, str | None]]:
    """Allowances claimed above the standards (IRM 5.15.1: a deviation is allowed when the standard
    is inadequate to provide for basic living expenses), each with what the standards allow and, when
    the IRS has proposed its own figures, what it allowed: the letter argues every disputed line."""
    from formkit.analysis.expenses import LINES
    lines = {key: (number, label) for number, key, label in LINES}
    allowed = case.irs_proposal.allowed if case.irs_proposal is not None else {}
    out: list[dict[str, str | None]] = []
    for key, claim in sorted(case.expenses.claimed.items()):
        number, label = lines[key]
        standard = _amount(analysis, f"expenses.allowable.{key}")
        out.append({
            "line": f"Form 433-A (OIC) line {number}, {label.lower()}" if oic else label,
            "claimed": money(claim.amount), "standard": _m(standard),
            "above": _m(claim.amount - standard) if standard is not None and claim.amount > standard else None,
            "irs_allowed": _m(allowed.get(key)), "reason": claim.reason.strip().rstrip("."),
            "documents": join_and(list(claim.documents)) if claim.documents else None,
        })
    return out


def _ia(case: Case, r: InstallmentRequest, analysis: AnalysisLike | None, balance: Decimal) -> dict[str, Any]:
    debit = r.direct_debit
    return {
        "agreement_type": r.agreement_type,
        "agreement_text": AGREEMENT_TYPES.get(r.agreement_type or "", "installment agreement"),
        "monthly_payment": money(r.monthly_payment),
        "payment_day": ordinal(r.payment_day) if r.payment_day else None,
        "amount_paid_with_request": _m(r.amount_paid_with_request) if r.amount_paid_with_request else None,
        "direct_debit": debit is not None,
        "account_masked": f"{debit.account_type} account ending {debit.account_number[-4:]}" if debit else None,
        "payroll_deduction": r.payroll_deduction, "low_income": r.low_income,
        "user_fee": _m(_amount(analysis, "ia.user_fee")),
        "balance_after_payment": money(balance - r.amount_paid_with_request),
        # the analysis' schedule of the requested payment (docs/analysis-paths.md, schedules)
        "payments": _count(_amount(analysis, "ia.requested.payments")),
        "final_payment": _m(_amount(analysis, "ia.requested.final_payment")),
        "unpaid_at_csed": _m(_amount(analysis, "ia.requested.unpaid_at_csed") or None),
    }


def _count(value: Decimal | None) -> str | None:
    return str(int(value)) if value is not None else None


def _cnc(case: Case, r: NotCollectibleRequest, analysis: AnalysisLike | None) -> dict[str, Any]:
    income = _amount(analysis, "income.monthly.total.gross")
    expenses = _amount(analysis, "expenses.allowable.total")
    # the shortfall the letter states is the difference of the two amounts it states
    shortfall = expenses - income if income is not None and expenses is not None and expenses > income else None
    return {
        "hardship_statement": r.hardship_statement,
        "monthly_income": _m(income), "allowable_expenses": _m(expenses),
        "shortfall": _m(shortfall),
        "remaining_monthly_income": _m(_amount(analysis, "rmi")),
        "equity": _m(_amount(analysis, "cnc.equity")),
    }


def _fta_lookback_years(day: date) -> int:
    """First-time abatement's look-back, from the dated penalty-relief table in force on ``day``."""
    from formkit.analysis.standards import load_library
    from formkit.analysis.tables import StandardsAt

    return int(StandardsAt(load_library(), day).version("penalty_relief").amount("lookback_years"))


def _abatement(case: Case, r: AbatementRequest, analysis: AnalysisLike | None, day: date) -> dict[str, Any]:
    items = []
    total = Decimal(0)
    for item in r.items:
        total += item.amount or Decimal(0)
        items.append({
            "form": item.form, "period": item.period, "period_label": item.period.label(),
            "penalty_type": item.penalty_type, "penalty": PENALTY_LABELS.get(item.penalty_type, "penalty"),
            "section": PENALTY_SECTIONS.get(item.penalty_type), "amount": _m(item.amount),
            "paid_on": long_date(item.paid_on) if item.paid_on else None,
        })
    paid = [i for i in r.items if i.paid_on is not None]
    first = min((i.period.end for i in r.items), default=None)
    lookback = _fta_lookback_years(day)
    prior_years = [str(y) for y in range(first.year - lookback, first.year)] if first else []
    unfiled = [f"{u.form} {u.period}" for u in case.compliance.unfiled_returns]
    liabilities = _liabilities_for(case, r)
    # the analysis found each penalty eligible for First Time Abate (it checked the prior years: the
    # letter states the decision, it does not make it again)
    fta_amounts = [_amount(analysis, f"abatement.fta.{i.form}.{i.period}.{i.penalty_type}") for i in r.items]
    fta_confirmed = bool(fta_amounts) and all(a is not None and a > 0 for a in fta_amounts)
    return {
        "grounds": r.grounds, "fta": r.grounds == "first_time_abatement",
        "penalties": items, "total": money(total), "refund_requested": bool(paid),
        "all_paid": len(paid) == len(r.items),
        "explanation": r.explanation,
        "events": [{"date": long_date(e.date), "description": e.description} for e in r.events],
        "prior_years": prior_years, "prior_years_text": join_and(prior_years), "lookback_years": lookback,
        "clean_history": fta_confirmed, "fta_confirmed": fta_confirmed,
        "all_returns_filed": not unfiled, "unfiled": unfiled,
        "tax_paid": bool(liabilities) and all(li.assessed_balance == 0 for li in liabilities),
    }


def _compliance(case: Case) -> dict[str, Any]:
    c = case.compliance
    est = c.estimated_payments
    estimated_current = est is None or not est.required or (
        est.required_to_date is not None and est.paid_to_date is not None and est.paid_to_date >= est.required_to_date)
    deposits = c.federal_tax_deposits
    return {
        "all_returns_filed": not c.unfiled_returns,
        "unfiled": [f"Form {u.form} {u.period.label()}" for u in c.unfiled_returns],
        "last_return_filed": c.last_return_filed,
        "estimated_required": bool(est and est.required), "estimated_current": estimated_current,
        "employer": bool(deposits and deposits.employer),
        "deposits_current": bool(deposits and deposits.current_quarter_made and deposits.prior_two_quarters_made),
    }


def letter_context(case: Case, request: Request, *, program: str, program_title: str, letter_date: date,
                   irs: MailingAddress, enclosures: Sequence[Mapping[str, Any]],
                   analysis: AnalysisLike | None, forms: Sequence[str] = ()) -> dict[str, Any]:
    """Everything a cover-letter or payment-summary template may use."""
    reps = [_representative(r) for r in case.representatives]
    sender = reps[0] if reps else _taxpayer_sender(case)
    taxpayer = _person(case.taxpayer, case.mailing_address or case.address)
    spouse = _person(case.spouse, case.mailing_address or case.address) if case.is_joint and case.spouse else None
    names = join_and([taxpayer["name"], spouse["name"]]) if spouse else taxpayer["name"]
    liabilities = _liabilities_for(case, request)
    balance = sum((li.total for li in liabilities), Decimal(0))
    periods = _periods(case, request)
    if isinstance(request, OfferRequest):
        specific = _oic(case, request, analysis)
    elif isinstance(request, InstallmentRequest):
        specific = _ia(case, request, analysis, balance)
    elif isinstance(request, NotCollectibleRequest):
        specific = _cnc(case, request, analysis)
    else:
        specific = _abatement(case, request, analysis, letter_date)
    writer = "representative" if reps else "taxpayer"
    return {
        "date": long_date(letter_date), "date_iso": letter_date.isoformat(), "case_id": case.case_id,
        "program": program, "program_title": program_title, "writer": writer,
        "sender": sender, "representative": reps[0] if reps else None, "representatives": reps,
        "taxpayer": taxpayer, "spouse": spouse, "joint": spouse is not None, "names": names,
        "irs": {"lines": list(irs.lines), "resolved": irs.resolved, "instruction": irs.instruction,
                "phone": irs.phone, "fax": irs.fax, "citation": irs.citation},
        "periods": periods, "periods_text": periods_text(periods), "balance": money(balance),
        "request": specific,
        "enclosures": [dict(e) for e in enclosures], "enclosure_count": len(enclosures),
        "forms": list(dict.fromkeys(forms)), "compliance": _compliance(case),
        "claimed": _claimed(case, analysis, oic=isinstance(request, OfferRequest)),
        "irs_proposal": ({"description": case.irs_proposal.description,
                          "date": long_date(case.irs_proposal.date) if case.irs_proposal.date else None}
                         if case.irs_proposal is not None else None),
    }
