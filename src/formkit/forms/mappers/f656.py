"""Form 656 (Rev. 4-2025), Offer in Compromise: the decisions its field map
(``forms/f656/4-2025.json``) names.

Section 1 lists the periods owed by return (Form 1040 periods on the 1040 line, 941 quarters on
the 941 line, ...), written as period-ending dates MM-DD-YYYY as the form's own examples; a line's
periods run over its two boxes, and what the second box cannot hold is printed whole on the
continuation sheet ("If you need more space, use attachment"), never dropped. Sections 3-6 come
from the offer request and the compliance data, Section 8 from the Form 656 signatures (dates
only: the signatures are handwritten) and Section 9 from the first representative. Section 2
(business offers) is never filled: formkit cases are individual offers and the form says "Fill
out either Section 1 or Section 2, but not both".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from formkit.case.model import Case, Liability, OfferRequest
from formkit.forms.mappers._shared import daytime_phone
from formkit.forms.mapping import MapContext, Mapper, Value

mapper = Mapper("f656")

_ZERO = Decimal(0)
# Section 1 lines by return; everything else goes on "Other Federal Tax(es)".
_FORM_1040 = frozenset({"1040", "1040-SR"})
# How the case records the Trust Fund Recovery Penalty (IRC 6672, assessed as a civil
# penalty without a return of the taxpayer's own).
_TFRP_FORMS = frozenset({"CIVIL PENALTY", "6672", "TFRP", "TRUST FUND RECOVERY PENALTY"})
# Characters the first box of a two-box period line holds at the form's 10 pt (284, 256 and 151
# points wide: four, four and two "12-31-2021, " entries); the second box runs the full width and
# takes the rest (the fill prints what it cannot hold on the continuation sheet).
_FIRST_LINE_CHARS = {"1040": 50, "941": 46, "940": 26}


# --------------------------------------------------------------------------- the offer


def _offer_index(case: Case) -> int | None:
    return next((i for i, r in enumerate(case.requests) if isinstance(r, OfferRequest)), None)


def _offer(case: Case) -> OfferRequest | None:
    index = _offer_index(case)
    request = case.requests[index] if index is not None else None
    return request if isinstance(request, OfferRequest) else None


@mapper.value("offer")
def _offer_value(ctx: MapContext, attr: str | None) -> Value:
    """``offer(basis)``: a fact of the case's offer-in-compromise request."""
    request = _offer(ctx.case)
    value: Value = getattr(request, attr or "") if request is not None else None
    return value


@mapper.value("offer_fact")
def _offer_fact(ctx: MapContext, attr: str | None) -> Value:
    """Where the case answers ``offer(<attr>)``: ``/requests/0/prequalifier_used``."""
    index = _offer_index(ctx.case)
    if index is None:
        return "/requests (the case has no offer_in_compromise request)"
    return f"/requests/{index}/{attr}"


@mapper.predicate("lump_sum")
def _lump_sum(ctx: MapContext, _: str | None) -> bool:
    request = _offer(ctx.case)
    return request is not None and request.payment_option == "lump_sum"


@mapper.predicate("periodic")
def _periodic(ctx: MapContext, _: str | None) -> bool:
    request = _offer(ctx.case)
    return request is not None and request.payment_option == "periodic"


@mapper.predicate("low_income")
def _low_income(ctx: MapContext, _: str | None) -> bool:
    request = _offer(ctx.case)
    return request is not None and request.low_income_certification


# --------------------------------------------------------------------------- Section 1


@mapper.value("home_address")
def _home_address(ctx: MapContext, _: str | None) -> Value:
    """Street, city, state, ZIP code and county of residence, as the box asks."""
    address = ctx.case.address
    text = address.one_line()
    return f"{text}, {address.county}" if address.county else text


@mapper.value("mailing_address")
def _mailing_address(ctx: MapContext, _: str | None) -> Value:
    """Only a post office box or an address different from the physical one."""
    mailing = ctx.case.mailing_address
    return mailing.one_line() if mailing is not None and mailing != ctx.case.address else None


@mapper.value("sole_proprietor_ein")
def _sole_proprietor_ein(ctx: MapContext, _: str | None) -> Value:
    """The individual's own EIN: a sole proprietorship of the taxpayer or spouse."""
    biz = ctx.case.business
    if (biz is not None and biz.kind == "sole_proprietorship" and biz.ein is not None
            and biz.owner in (None, "taxpayer", "spouse", "joint")):
        return biz.ein
    return None


def period_ending(liability: Liability) -> str:
    """The period-ending date as the form's examples write it: 12-31-2021, 03-31-2021."""
    return f"{liability.period.end:%m-%d-%Y}"


def is_tfrp(liability: Liability) -> bool:
    return liability.tax_type == "civil_penalty" and liability.form.strip().upper() in _TFRP_FORMS


def _group(liability: Liability) -> str:
    form = liability.form.strip().upper()
    if form in _FORM_1040:
        return "1040"
    if is_tfrp(liability):
        return "tfrp"
    return form if form in ("941", "940") else "other"


def _sorted_periods(liabilities: Iterable[Liability]) -> list[str]:
    ordered = sorted(liabilities, key=lambda lia: lia.period.end)
    return list(dict.fromkeys(period_ending(lia) for lia in ordered))


def _group_text(case: Case, group: str) -> str | None:
    items = [lia for lia in case.liabilities if _group(lia) == group]
    if not items:
        return None
    if group != "other":
        return ", ".join(_sorted_periods(items))
    by_form: dict[str, list[Liability]] = {}
    for lia in items:
        by_form.setdefault(lia.form.strip(), []).append(lia)
    return "; ".join(f"Form {form}: {', '.join(_sorted_periods(forms))}" for form, forms in by_form.items())


@mapper.value("owes")
def _owes(ctx: MapContext, group: str | None) -> Value:
    """``owes(941)``: the line's box is checked when the case owes periods of that return."""
    return any(_group(lia) == group for lia in ctx.case.liabilities)


@mapper.value("periods")
def _periods(ctx: MapContext, arg: str | None) -> Value:
    """``periods(941.1)``, ``periods(941.2)``: the line's periods over its two boxes (the first box
    as many as it holds, the second the rest); ``periods(tfrp)``: a one-box line."""
    group, _, box = (arg or "").partition(".")
    text = _group_text(ctx.case, group)
    if text is None or not box:
        return text
    first, rest = _two_lines(text.split(", "), _FIRST_LINE_CHARS[group])
    return first if box == "1" else rest


def _two_lines(periods: list[str], first_line_chars: int) -> tuple[str, str | None]:
    first: list[str] = []
    for i, period in enumerate(periods):
        if first and len(", ".join([*first, period])) > first_line_chars:
            return ", ".join(first), ", ".join(periods[i:])
        first.append(period)
    return ", ".join(first), None


@mapper.value("tfrp_business")
def _tfrp_business(ctx: MapContext, _: str | None) -> Value:
    """The responsible person's business: only one other than the taxpayer's own sole
    proprietorship can be the one whose trust-fund taxes were not paid over."""
    biz = ctx.case.business
    if biz is None or biz.kind == "sole_proprietorship":
        return None
    return biz.name if any(is_tfrp(lia) for lia in ctx.case.liabilities) else None


# --------------------------------------------------------------------------- Low-income, Sections 4-5


@mapper.value("low_income_basis")
def _low_income_basis(ctx: MapContext, _: str | None) -> Value:
    """Which certification the data supports (the IRS verifies the claim): adjusted gross income
    when the latest Form 1040 AGI is on file, household gross monthly income x 12 otherwise."""
    return "agi" if ctx.case.compliance.last_return_agi is not None else "gross_income"


def _initial_payment(ctx: MapContext, request: OfferRequest) -> Decimal | None:
    if request.initial_payment is not None:
        return request.initial_payment
    if request.low_income_certification:
        return _ZERO  # waived for Low-Income Certification (Section 4)
    return ctx.amount("f656.lump_sum.initial_payment")


@mapper.value("lump_sum")
def _lump_sum_value(ctx: MapContext, what: str | None) -> Value:
    """``lump_sum(initial_payment)``, ``lump_sum(remaining_balance)``, ``lump_sum(payment.2)``."""
    request = _offer(ctx.case)
    if request is None:
        return None
    initial = _initial_payment(ctx, request)
    if what == "initial_payment":
        return initial
    if what == "remaining_balance":
        return request.offer_amount - initial if initial is not None else None
    month = int((what or "").rpartition(".")[2])
    paid = [p.amount for p in request.lump_sum_payments if p.months_after_acceptance == month]
    return sum(paid, _ZERO) if paid else None


@mapper.value("periodic")
def _periodic_value(ctx: MapContext, what: str | None) -> Value:
    """The periodic-payment sentence. The first payment is month 1 and the final payment month N,
    so N - 2 equal payments lie between them (Section 4 note: 24 months = first, 22, final)."""
    request = _offer(ctx.case)
    if request is None:
        return None
    first = request.initial_payment if request.initial_payment is not None else request.monthly_payment
    if what == "first_payment":
        return first
    months = request.payment_months
    if months is None:
        return None
    if what == "months":
        return months - 2
    if what == "final_month":
        return months
    if first is None or request.monthly_payment is None:
        return None
    final = request.offer_amount - first - request.monthly_payment * (months - 2)
    return final if final > 0 else None


@mapper.value("electronic")
def _electronic(ctx: MapContext, what: str | None) -> Value:
    """Section 5 lists only payments made through EFTPS or the Individual Online Account; a
    Low-Income Certification pays none."""
    request = _offer(ctx.case)
    if request is None or request.payment_method == "check" or request.low_income_certification:
        return None
    if what == "fee":
        return request.application_fee
    if request.initial_payment is None and request.payment_option == "periodic":
        return request.monthly_payment
    return request.initial_payment


# --------------------------------------------------------------------------- Section 6


@mapper.value("filing")
def _filing(ctx: MapContext, _: str | None) -> Value:
    """"I have filed all required tax returns": only when the case lists no unfiled return (with
    one, no box is true: the compliance rules report the unfiled return)."""
    return "filed_all" if not ctx.case.compliance.unfiled_returns else False


@mapper.value("estimated_tax")
def _estimated_tax(ctx: MapContext, _: str | None) -> Value:
    est = ctx.case.compliance.estimated_payments
    if est is None:
        return None
    if not est.required:
        return "not_required"
    if est.required_to_date is not None and est.paid_to_date is not None and est.paid_to_date >= est.required_to_date:
        return "paid"
    if est.required_to_date is None or est.paid_to_date is None:
        return None  # required, and the case does not say whether they are paid
    return False  # required and not paid: no box is true (the compliance rules report it)


@mapper.value("deposits")
def _deposits(ctx: MapContext, _: str | None) -> Value:
    """Federal tax deposits are an employer's: without a business in the case none are required."""
    ftd = ctx.case.compliance.federal_tax_deposits
    if ftd is None:
        return "not_required" if ctx.case.business is None else None
    if not ftd.employer:
        return "not_required"
    if ftd.current_quarter_made is None or ftd.prior_two_quarters_made is None:
        return None
    return "made" if ftd.current_quarter_made and ftd.prior_two_quarters_made else False


@mapper.value("compliance_fact")
def _compliance_fact(ctx: MapContext, attr: str | None) -> Value:
    """Where the case answers a Section 6 question: ``/compliance/estimated_payments``."""
    return f"/compliance/{attr}"


# --------------------------------------------------------------------------- Sections 8-9


@mapper.value("daytime_phone")
def _daytime_phone(ctx: MapContext, who: str | None) -> Value:
    person = ctx.case.spouse if who == "spouse" else ctx.case.taxpayer
    return daytime_phone(person) if person is not None else None


@mapper.value("signature_date")
def _signature_date(ctx: MapContext, who: str | None) -> Value:
    signature = ctx.case.signature("656", who or "taxpayer")
    return signature.date if signature is not None and signature.signed else None


@mapper.value("preparer")
def _preparer(ctx: MapContext, what: str | None) -> Value:
    """Paid preparer: the first representative."""
    if not ctx.case.representatives:
        return None
    rep = ctx.case.representatives[0]
    if what == "caf_or_ptin":
        caf = rep.caf_number if rep.caf_number not in (None, "None") else None
        return caf or rep.ptin
    return f"{rep.firm or rep.name}\n{rep.address.one_line()}"
