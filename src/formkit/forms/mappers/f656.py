"""Form 656 (Rev. 4-2025), Offer in Compromise: case -> semantic field values.

Section 1 comes from the identity data and the liabilities (periods grouped by return:
Form 1040 periods on the 1040 line, 941 quarters on the 941 line, ...; written as
period-ending dates MM-DD-YYYY as the form's own examples), Sections 3-6 from the
offer-in-compromise request and the compliance data, Section 8 from the Form 656
signatures (dates only: the signatures themselves are handwritten) and Section 9 from the
first representative. Section 2 (business offers for corporations, partnerships, LLCs) is
never filled: formkit cases are individual offers and the form says "fill out either
Section 1 or Section 2, but not both".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal

from formkit.case.model import Address, Case, Liability, OfferRequest
from formkit.forms.mappers._shared import daytime_phone
from formkit.forms.mappers.f843 import period_range
from formkit.forms.mapping import AnalysisLike, FieldValues

_ZERO = Decimal(0)
_BASIS_BOX = {
    "doubt_as_to_collectibility": "section_3.doubt_as_to_collectibility",
    "eta_economic_hardship": "section_3.eta_economic_hardship",
    "eta_public_policy": "section_3.eta_public_policy",
}
# Section 1 lines by return; everything else goes on "Other Federal Tax(es)".
_FORM_1040 = frozenset({"1040", "1040-SR"})
# How the case records the Trust Fund Recovery Penalty (IRC 6672, assessed as a civil
# penalty without a return of the taxpayer's own).
_TFRP_FORMS = frozenset({"CIVIL PENALTY", "6672", "TFRP", "TRUST FUND RECOVERY PENALTY"})
# Rough character capacity of the first line of the two-line period entries (the second
# line runs the full width of the form); the fill engine shrinks text that still overflows.
_FIRST_LINE_CHARS = {"1040": 50, "941": 45, "940": 26}


def build(case: Case, analysis: AnalysisLike | None) -> FieldValues:
    values: FieldValues = {}
    _section_1(case, values)
    request = _offer(case)
    if request is not None:
        _low_income(case, request, values)
        for basis, key in _BASIS_BOX.items():
            values[key] = request.basis == basis
        _section_4(request, analysis, values)
        _section_5(request, values)
        values["section_6.source_of_funds"] = request.source_of_funds
    _section_6(case, values)
    _section_8(case, values)
    _section_9(case, values)
    return values


def _offer(case: Case) -> OfferRequest | None:
    offers = case.requests_of(OfferRequest)
    return offers[0] if offers else None




def _full_address(address: Address) -> str:
    text = address.one_line()
    return f"{text}, {address.county}" if address.county else text


def period_ending(liability: Liability) -> str:
    """The period-ending date as the form's examples write it: 12-31-2021, 03-31-2021."""
    return f"{period_range(liability.period, liability.form)[1]:%m-%d-%Y}"


def _sorted_periods(liabilities: Iterable[Liability]) -> list[str]:
    ordered = sorted(liabilities, key=lambda lia: period_range(lia.period, lia.form)[1])
    return list(dict.fromkeys(period_ending(lia) for lia in ordered))


def _two_lines(periods: list[str], first_line_chars: int) -> tuple[str, str | None]:
    first: list[str] = []
    for i, period in enumerate(periods):
        if first and len(", ".join([*first, period])) > first_line_chars:
            return ", ".join(first), ", ".join(periods[i:])
        first.append(period)
    return ", ".join(first), None


def is_tfrp(liability: Liability) -> bool:
    return (liability.tax_type == "civil_penalty"
            and liability.form.strip().upper() in _TFRP_FORMS)


def _section_1(case: Case, values: FieldValues) -> None:
    tp = case.taxpayer
    values["taxpayer.full_name"] = tp.full_name
    values["taxpayer.ssn"] = tp.ssn
    if case.is_joint and case.spouse is not None:
        values["spouse.full_name"] = case.spouse.full_name
        values["spouse.ssn"] = case.spouse.ssn
    values["taxpayer.address.full"] = _full_address(case.address)
    if case.mailing_address is not None and case.mailing_address != case.address:
        values["taxpayer.mailing_address.full"] = case.mailing_address.one_line()
    biz = case.business
    if (biz is not None and biz.kind == "sole_proprietorship" and biz.ein is not None
            and biz.owner in (None, "taxpayer", "spouse", "joint")):
        values["taxpayer.ein"] = biz.ein

    groups: dict[str, list[Liability]] = {"1040": [], "tfrp": [], "941": [], "940": []}
    other: dict[str, list[Liability]] = {}
    for lia in case.liabilities:
        form = lia.form.strip().upper()
        if form in _FORM_1040:
            groups["1040"].append(lia)
        elif is_tfrp(lia):
            groups["tfrp"].append(lia)
        elif form in ("941", "940"):
            groups[form].append(lia)
        else:
            other.setdefault(lia.form.strip(), []).append(lia)

    for form in ("1040", "941", "940"):
        values[f"section_1.form_{form}"] = bool(groups[form])
        if groups[form]:
            first, second = _two_lines(_sorted_periods(groups[form]), _FIRST_LINE_CHARS[form])
            values[f"section_1.form_{form}_periods[1]"] = first
            values[f"section_1.form_{form}_periods[2]"] = second
    values["section_1.tfrp"] = bool(groups["tfrp"])
    if groups["tfrp"]:
        values["section_1.tfrp_periods"] = ", ".join(_sorted_periods(groups["tfrp"]))
        # The responsible person's business: only a business other than the taxpayer's own
        # sole proprietorship can be the one whose trust-fund taxes were not paid over.
        if biz is not None and biz.kind != "sole_proprietorship":
            values["section_1.tfrp_business_name"] = biz.name
    values["section_1.other_taxes"] = bool(other)
    if other:
        values["section_1.other_taxes_periods"] = "; ".join(
            f"Form {form}: {', '.join(_sorted_periods(items))}" for form, items in other.items())


def _low_income(case: Case, request: OfferRequest, values: FieldValues) -> None:
    """The certification box the preparer's data supports (the IRS verifies the claim).

    The case says only that the taxpayer certifies; the adjusted-gross-income box is used when
    the latest Form 1040 AGI is on file, the household-income box otherwise.
    """
    if not request.low_income_certification:
        values["low_income.agi"] = False
        values["low_income.gross_income"] = False
        return
    by_agi = case.compliance.last_return_agi is not None
    values["low_income.agi"] = by_agi
    values["low_income.gross_income"] = not by_agi


def _initial_payment(request: OfferRequest, analysis: AnalysisLike | None) -> Decimal | None:
    if request.initial_payment is not None:
        return request.initial_payment
    if request.low_income_certification:
        return _ZERO  # waived for Low-Income Certification (Section 4)
    return analysis.amount("f656.lump_sum.initial_payment") if analysis is not None else None


def _section_4(request: OfferRequest, analysis: AnalysisLike | None, values: FieldValues) -> None:
    lump = request.payment_option == "lump_sum"
    values["section_4.lump_sum.check"] = lump
    values["section_4.periodic.check"] = not lump
    if lump:
        values["section_4.lump_sum.offer_amount"] = request.offer_amount
        initial = _initial_payment(request, analysis)
        values["section_4.lump_sum.initial_payment"] = initial
        if initial is not None:
            values["section_4.lump_sum.remaining_balance"] = request.offer_amount - initial
        by_month: dict[int, Decimal] = {}
        for payment in request.lump_sum_payments:
            month = payment.months_after_acceptance
            by_month[month] = by_month.get(month, _ZERO) + payment.amount
        for month, amount in sorted(by_month.items()):
            values[f"section_4.lump_sum.payment[{month}].amount"] = amount
        return
    values["section_4.periodic.offer_amount"] = request.offer_amount
    first = request.initial_payment if request.initial_payment is not None else (
        request.monthly_payment)
    values["section_4.periodic.first_payment"] = first
    values["section_4.periodic.monthly_payment"] = request.monthly_payment
    values["section_4.periodic.payment_day"] = request.payment_day
    values["section_4.periodic.final_payment_day"] = request.payment_day
    months = request.payment_months
    if months is None:
        return
    # The first payment is month 1 and the final payment month N, so N - 2 equal payments
    # lie between them (Form 656 Section 4 note: 24 months = first, 22 payments, final).
    between = months - 2
    values["section_4.periodic.months"] = between
    values["section_4.periodic.final_month"] = months
    if first is not None and request.monthly_payment is not None:
        final = request.offer_amount - first - request.monthly_payment * between
        if final > 0:
            values["section_4.periodic.final_payment"] = final


def _section_5(request: OfferRequest, values: FieldValues) -> None:
    """Payments made electronically (EFTPS or the Individual Online Account) are listed."""
    if request.payment_method == "check" or request.low_income_certification:
        return
    values["section_5.electronic.fee_amount"] = request.application_fee
    first = request.initial_payment
    if first is None and request.payment_option == "periodic":
        first = request.monthly_payment
    values["section_5.electronic.payment_amount"] = first


def _section_6(case: Case, values: FieldValues) -> None:
    compliance = case.compliance
    values["section_6.filed_all_returns"] = not compliance.unfiled_returns
    est = compliance.estimated_payments
    if est is not None:
        values["section_6.estimated_tax_not_required"] = not est.required
        values["section_6.estimated_tax_paid"] = (
            est.required and est.required_to_date is not None and est.paid_to_date is not None
            and est.paid_to_date >= est.required_to_date)
    ftd = compliance.federal_tax_deposits
    if ftd is not None:
        values["section_6.deposits_not_required"] = not ftd.employer
        values["section_6.deposits_made"] = (
            ftd.employer and bool(ftd.current_quarter_made) and bool(ftd.prior_two_quarters_made))


def _signature_date(case: Case, signer: str) -> date | None:
    signature = case.signature("656", signer)
    return signature.date if signature is not None and signature.signed else None


def _section_8(case: Case, values: FieldValues) -> None:
    values["taxpayer.phone"] = daytime_phone(case.taxpayer)
    values["taxpayer.signature_date"] = _signature_date(case, "taxpayer")
    if case.is_joint and case.spouse is not None:
        values["spouse.phone"] = daytime_phone(case.spouse)
        values["spouse.signature_date"] = _signature_date(case, "spouse")


def _section_9(case: Case, values: FieldValues) -> None:
    """Paid preparer: the first representative (the signing date is the preparer's own)."""
    if not case.representatives:
        return
    rep = case.representatives[0]
    values["preparer.name"] = rep.name
    values["preparer.phone"] = rep.phone
    caf = rep.caf_number if rep.caf_number not in (None, "None") else None
    values["preparer.caf_or_ptin"] = caf or rep.ptin
    values["preparer.firm_name_address"] = f"{rep.firm or rep.name}\n{rep.address.one_line()}"
