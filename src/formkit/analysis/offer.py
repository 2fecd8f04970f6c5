"""Form 433-A (OIC) Section 8 and Form 656: future income, minimum offers, fee, initial payment.

The future-income months are 12 (lump sum) and 24 (periodic) as the revision prints them,
or the months left to the latest CSED when fewer remain (IRM 5.8.5.25).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.equity import Equity
from formkit.analysis.explained import Input
from formkit.analysis.liabilities import Balances
from formkit.analysis.money import ZERO, apply_rounding, floor0, fmt
from formkit.analysis.options import ProgramOption
from formkit.analysis.standards import TableVersion
from formkit.case.model import OfferRequest

S8 = "Form 433-A (OIC) (Rev. 4-2025) Section 8"
F656_LOW = "Form 656 (Rev. 4-2025) p.2 Low-Income Certification; IRC 7122(c)(3)"
LOCATIONS = {"AK": "alaska", "HI": "hawaii"}
MONTHS_PER_YEAR = 12


@dataclass(frozen=True, slots=True)
class Offer:
    lump_sum: Decimal
    periodic: Decimal
    can_full_pay: bool
    low_income: bool
    fee: Decimal
    request: OfferRequest | None


def _months(ctx: Context, kind: str, balances: Balances) -> Decimal:
    led = ctx.ledger
    months = ctx.oic.amount("future_income_months", kind)
    inputs = [Input(f"months printed on the form ({kind.replace('_', ' ')})", months,
                    f"{ctx.oic.label}: future_income_months")]
    formula = "the form's multiplier"
    if balances.months_to_csed is not None and balances.months_to_csed < months:
        inputs.append(led.ref("ia.months_to_csed", "months to the latest CSED"))
        months = Decimal(balances.months_to_csed)
        formula = "months left to the latest CSED (fewer than the form's multiplier)"
    return led.add(f"oic.future_income_months.{kind}", f"Future-income months ({kind.replace('_', ' ')})",
                   months, formula, inputs=inputs, unit="months",
                   citation=f"{S8}; IRM 5.8.5.25 (fewer months remaining on the CSED)")


def low_income_threshold(version: TableVersion, state: str, size: int) -> tuple[Decimal, str]:
    """The Form 656 low-income limit for the household size and location (AK, HI, elsewhere)."""
    location = LOCATIONS.get(state, "contiguous")
    sizes = version.get("low_income", location, "by_household_size")
    largest = max(int(k) for k in sizes)
    if size <= largest:
        return version.amount("low_income", location, "by_household_size", str(size)), location
    top = version.amount("low_income", location, "by_household_size", str(largest))
    extra = version.amount("low_income", location, "additional_person")
    return top + extra * (size - largest), location


def compute(ctx: Context, equity: Equity, box_d: Decimal, rmi: Decimal, balances: Balances) -> Offer:
    case, led = ctx.case, ctx.ledger
    f656 = ctx.std.version("form_656")
    requests = case.requests_of(OfferRequest)
    request = requests[0] if requests else None

    g_months = _months(ctx, "lump_sum", balances)
    h_months = _months(ctx, "periodic", balances)
    box_g = led.add("oic.box_g", "Future remaining income, lump sum (Box G)",
                    ctx.oic_round(floor0(rmi * g_months)), "Box F x lump-sum months",
                    inputs=[led.ref("oic.box_f"), led.ref("oic.future_income_months.lump_sum")],
                    citation=S8)
    box_h = led.add("oic.box_h", "Future remaining income, periodic (Box H)",
                    ctx.oic_round(floor0(rmi * h_months)), "Box F x periodic months",
                    inputs=[led.ref("oic.box_f"), led.ref("oic.future_income_months.periodic")],
                    citation=S8)
    assets = led.add("oic.assets_total", "Box A + Box B", equity.box_a + equity.box_b, "Box A + Box B",
                     inputs=[led.ref("oic.box_a"), led.ref("oic.box_b")], citation=S8)
    lump = led.add("oic.minimum_offer.lump_sum", "Minimum offer, lump sum (5 or fewer payments)",
                   assets + box_g, "Box A + Box B + Box G",
                   inputs=[led.ref("oic.assets_total"), led.ref("oic.box_g")],
                   citation=f"{S8}; Form 656 (Rev. 4-2025) Section 4; IRM 5.8.5.25")
    periodic = led.add("oic.minimum_offer.periodic", "Minimum offer, periodic payment (6 to 24 months)",
                       assets + box_h, "Box A + Box B + Box H",
                       inputs=[led.ref("oic.assets_total"), led.ref("oic.box_h")],
                       citation=f"{S8}; Form 656 (Rev. 4-2025) Section 4; IRM 5.8.5.25")
    if lump == ZERO:
        ctx.find("OIC-013", "warning", "the computed minimum offer is $0; the offer amount must be "
                 "more than $0 (enter the amount the taxpayer can pay, in whole dollars)",
                 f"{S8} ('Your offer must be more than zero'); Form 656 Section 4",
                 programs=("oic_lump_sum", "oic_periodic"), path="oic.minimum_offer.lump_sum")

    # Full-pay screen: equity without allowances + RMI x months to CSED against the balance.
    months = balances.months_to_csed
    future = rmi * Decimal(months) if months is not None else None
    b_full = led.add("oic.full_pay.box_b", "Business equity for the full-pay screen", equity.box_b,
                     "Box B (no allowance to remove)", inputs=[led.ref("oic.box_b")], citation=S8)
    if future is not None:
        led.add("oic.full_pay.future_income", "Future income to the CSED", future,
                "Box F x months to the latest CSED",
                inputs=[led.ref("oic.box_f"), led.ref("ia.months_to_csed")],
                citation="Form 656-B (Rev. 4-2021) p.1 'Can You Pay in Full?'; IRM 5.8.5.25")
        collectible = led.add("oic.full_pay.collectible", "What the IRS could collect by the CSED",
                              equity.full_pay_box_a + b_full + future,
                              "equity without allowances + Box B + future income to the CSED",
                              inputs=[led.ref("oic.full_pay.box_a"), led.ref("oic.full_pay.box_b"),
                                      led.ref("oic.full_pay.future_income")],
                              citation=f"{S8} note; Form 656-B (Rev. 4-2021) p.1")
        can_full_pay = collectible >= balances.total
    else:
        can_full_pay = False
    if future is None and balances.total > 0:
        ctx.find("OIC-FULL-PAY-UNKNOWN", "warning", "no CSED is known, so the full-pay screen "
                 "(equity + future income to the CSED against the balance) was not run",
                 f"{S8} note", programs=("oic_lump_sum", "oic_periodic"))
    if can_full_pay and balances.total > 0:
        ctx.find("OIC-014", "warning",
                 "the IRS could collect the full balance by the CSED (equity without allowances plus "
                 "remaining monthly income to the CSED is at least the balance): an offer based on "
                 "doubt as to collectibility would be rejected; an installment agreement fits",
                 f"{S8} note; Form 656-B (Rev. 4-2021) p.1", programs=("oic_lump_sum", "oic_periodic"),
                 path="oic.full_pay.collectible")

    # Low-Income Certification, fee and initial payment (Form 656).
    size = case.household_size
    threshold, location = low_income_threshold(f656, case.address.state, size)
    led.add("oic.low_income.threshold", "Low-Income Certification limit", threshold,
            f"table amount, household of {size}, {location}",
            inputs=[Input("household size", str(size)), Input("location", location)],
            citation=f"{F656_LOW}; {f656.citation}")
    annual = led.add("oic.low_income.annual_income", "Household gross monthly income x 12",
                     box_d * MONTHS_PER_YEAR, "Box D x 12 (months in a year)", inputs=[led.ref("oic.box_d")],
                     citation=F656_LOW)
    agi = case.compliance.last_return_agi
    tests = [annual <= threshold]
    if agi is not None:
        led.add("oic.low_income.agi", "Household AGI from the latest Form 1040", agi, "as entered",
                citation=F656_LOW, sources=("/compliance/last_return_agi",))
        tests.append(agi <= threshold)
    eligible = any(tests)
    claimed = request is None or request.low_income_certification
    waived = eligible and claimed
    if eligible and not claimed:
        ctx.find("OIC-LOW-INCOME-AVAILABLE", "warning",
                 "the household qualifies for the Low-Income Certification (no fee, no initial or "
                 "monthly payments while the offer is considered) but the request does not claim it",
                 F656_LOW, programs=("oic_lump_sum", "oic_periodic"), path="oic.low_income.threshold")
    if request is not None and request.low_income_certification and not eligible:
        ctx.find("OIC-008", "blocker",
                 "the request claims the Low-Income Certification but both the AGI and the income x 12 "
                 "are above the limit for the household size and location",
                 F656_LOW, programs=("oic_lump_sum", "oic_periodic"), path="oic.low_income.threshold")
    fee_amount = f656.amount("application_fee")
    fee = led.add("oic.application_fee", "Application fee", ZERO if waived else fee_amount,
                  "waived: low-income certification" if waived else "fee printed on the form revision",
                  inputs=[Input("fee", fee_amount, f656.label),
                          Input("low-income certification", "applies" if waived else "does not apply")],
                  citation=f"Form 656 (Rev. 4-2025) p.1 and Section 7(c); {f656.citation}")
    _initial_payment(ctx, "oic.initial_payment.lump_sum", "Initial payment with a lump-sum offer of the minimum",
                     "oic.minimum_offer.lump_sum", "minimum lump-sum offer", f656, waived)
    max_months = f656.amount("periodic_max_months")
    term = Decimal(request.payment_months) if (request is not None and request.payment_option == "periodic"
                                               and request.payment_months) else max_months
    led.add("oic.periodic.monthly_payment", "Monthly payment for a periodic offer of the minimum",
            apply_rounding(periodic / term, f656.get("initial_payment_rounding")) if term else ZERO,
            "minimum periodic offer / payment months, rounded up to the whole dollar",
            inputs=[led.ref("oic.minimum_offer.periodic"), Input("payment months", term)],
            citation=f"IRC 7122(c)(1)(B); Form 656 (Rev. 4-2025) Section 4; {f656.citation}",
            note="while the offer is considered the monthly payments are due (waived with the "
                 "low-income certification)" if not waived else "no payments while the offer is "
                 "considered (low-income certification)")
    if request is not None:
        _requested(ctx, request, lump, periodic, waived, f656)
    return Offer(lump, periodic, can_full_pay, eligible, fee, request)


def _initial_payment(ctx: Context, path: str, label: str, offer_path: str, what: str, f656: TableVersion,
                     waived: bool) -> Decimal:
    """20% of an offer, rounded up to the whole dollar (data rule), or 0 with low-income certification."""
    led = ctx.ledger
    share = f656.amount("initial_payment_fraction")
    value = ZERO if waived else apply_rounding(led.amount(offer_path) * share, f656.get("initial_payment_rounding"))
    return led.add(path, label, value, "waived: low-income certification" if waived else
                   f"{what} x initial-payment share, rounded up to the whole dollar",
                   inputs=[led.ref(offer_path), Input("share", share, f656.label)],
                   citation=f"IRC 7122(c)(1)(A); Form 656 (Rev. 4-2025) Section 4; {f656.citation}")


def _requested(ctx: Context, request: OfferRequest, lump: Decimal, periodic: Decimal, waived: bool,
               f656: TableVersion) -> None:
    led = ctx.ledger
    amount = request.offer_amount
    led.add("oic.requested.offer_amount", "Offer amount requested", amount, "as entered",
            citation="Form 656 Section 4", sources=(ctx.request_pointer(request),))
    minimum_path = f"oic.minimum_offer.{request.payment_option}"
    minimum = lump if request.payment_option == "lump_sum" else periodic
    if amount < minimum and not request.special_circumstances:
        ctx.find("OIC-012", "warning",
                 f"the offer of {fmt(amount)} is below the computed minimum {request.payment_option.replace('_', ' ')} "
                 f"offer of {fmt(minimum)} and no special circumstances are explained (Form 656 Section 3): "
                 "rejection is likely", f"{S8}; Form 656 (Rev. 4-2025) Section 3; IRM 5.8.5",
                 programs=(f"oic_{request.payment_option}",), path=minimum_path)
    if request.payment_option == "lump_sum":
        required = _initial_payment(ctx, "oic.requested.initial_payment",
                                    "Initial payment required with the requested offer",
                                    "oic.requested.offer_amount", "requested offer", f656, waived)
        led.add("f656.lump_sum.initial_payment", "Form 656 Section 4: initial payment (lump sum)", required,
                "the initial payment required with the requested offer",
                inputs=[led.ref("oic.requested.initial_payment")],
                citation="Form 656 (Rev. 4-2025) Section 4 'Lump Sum'")
        if request.initial_payment is not None and request.initial_payment < required:
            ctx.find("OIC-006", "blocker",
                     f"the initial payment of {fmt(request.initial_payment)} is less than 20% of the offer "
                     f"({fmt(required)})", "IRC 7122(c)(1)(A); Form 656 (Rev. 4-2025) Sections 4 and 6",
                     programs=("oic_lump_sum",), path="oic.requested.initial_payment")


def options(ctx: Context, offer: Offer, balance: Decimal) -> list[ProgramOption]:
    """The two offer payment options, eligible when the IRS could not collect the balance."""
    if balance <= 0:
        return []
    led = ctx.ledger
    out = []
    for kind, minimum, title in (
            ("lump_sum", offer.lump_sum, "Offer in compromise, lump sum"),
            ("periodic", offer.periodic, "Offer in compromise, periodic payments")):
        reasons = [f"minimum offer {fmt(minimum)} (Box A {fmt(led.amount('oic.box_a'))} + Box B "
                   f"{fmt(led.amount('oic.box_b'))} + Box {'G' if kind == 'lump_sum' else 'H'} "
                   f"{fmt(led.amount('oic.box_g' if kind == 'lump_sum' else 'oic.box_h'))}) against a balance "
                   f"of {fmt(balance)}"]
        if offer.can_full_pay:
            reasons.append(f"the IRS could collect {fmt(led.amount('oic.full_pay.collectible'))} by the CSED, "
                           "at least the balance: doubt as to collectibility does not apply")
        if minimum >= balance:
            reasons.append("the minimum offer is not less than the balance")
        if minimum <= 0:
            reasons.append("the computed minimum is 0, but Form 656 Section 4 needs an offer of more than $0: "
                           "offer a whole-dollar amount the taxpayer can raise")
        fee = led.amount("oic.application_fee")
        if kind == "lump_sum":
            reasons.append(f"application fee {fmt(fee)}; initial payment "
                           f"{fmt(led.amount('oic.initial_payment.lump_sum'))} (20% of the offer) with the "
                           "application; the rest in 5 or fewer payments within 5 months of acceptance")
        else:
            reasons.append(f"application fee {fmt(fee)}; about {fmt(led.amount('oic.periodic.monthly_payment'))} a "
                           "month, paid while the offer is considered, within 24 months")
        if offer.low_income:
            reasons.append("qualifies for the Low-Income Certification (no fee, no payments while the "
                           "offer is considered)")
        reasons.append("5 years of filing and paying on time after acceptance")
        out.append(ProgramOption(
            f"oic_{kind}", title, not offer.can_full_pay and minimum < balance, tuple(reasons),
            (S8, "Form 656 (Rev. 4-2025) Sections 3-4", "IRM 5.8.5.25", "IRC 7122"),
            forms=("656", "433-A (OIC)"), financial_statement="Form 433-A (OIC)",
            amount_path=f"oic.minimum_offer.{kind}", total_cost=minimum + fee, affordable=None))
    return out
