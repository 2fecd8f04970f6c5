"""Form 433-A (OIC) Section 8 and Form 656: future income, minimum offers, fee, initial payment.

The future-income months are 12 (lump sum) and 24 (periodic) as the revision prints them,
or the months left to the latest CSED when fewer remain (IRM 5.8.5.25).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.criteria import Criterion
from formkit.analysis.equity import Equity
from formkit.analysis.explained import Input
from formkit.analysis.liabilities import Balances
from formkit.analysis.money import ZERO, apply_rounding, floor0, fmt
from formkit.analysis.options import ProgramOption
from formkit.analysis.schedule import Schedule, equal_split, installments, monthly_due_dates
from formkit.analysis.standards import TableVersion
from formkit.case.model import Case, LumpSumPayment, OfferRequest

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
        ctx.find("OIC-MINIMUM-ZERO", "the computed minimum offer is $0; the offer amount must be "
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
        ctx.find("OIC-FULL-PAY-UNKNOWN", "no CSED is known, so the full-pay screen "
                 "(equity + future income to the CSED against the balance) was not run",
                 f"{S8} note", programs=("oic_lump_sum", "oic_periodic"))
    judged = request is None or request.basis == "doubt_as_to_collectibility"
    if can_full_pay and balances.total > 0 and judged:
        ctx.find("OIC-014", "the IRS could collect the full balance by the CSED (equity without allowances plus "
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
    if agi is not None:
        led.add("oic.low_income.agi", "Household AGI from the latest Form 1040", agi, "as entered",
                citation=F656_LOW, sources=("/compliance/last_return_agi",))
    agi_test = Criterion(
        "oic.low_income.agi_test", "AGI from the most recently filed Form 1040 at or below the limit",
        agi <= threshold if agi is not None else None, agi, threshold, "<=", F656_LOW,
        None if agi is not None else "no AGI in the case (compliance.last_return_agi): this test "
        "is not made")
    income_test = Criterion(
        "oic.low_income.income_test", "Household gross monthly income (Box D) x 12 at or below the limit",
        annual <= threshold, annual, threshold, "<=", F656_LOW)
    excluded = low_income_excluded(case)
    eligible = (bool(agi_test.passed) or bool(income_test.passed)) and excluded is None
    ctx.criteria += [agi_test, income_test, Criterion(
        "oic.low_income.qualifies", "Low-Income Certification: either test qualifies", eligible, None,
        None, "either", F656_LOW,
        "; ".join(f"{name}: {c.display()}" for name, c in (("AGI test", agi_test),
                                                            ("income x 12 test", income_test)))
        + (f"; excluded: {excluded}" if excluded else ""))]
    claimed = request is None or request.low_income_certification
    waived = eligible and claimed
    if eligible and not claimed:
        ctx.find("OIC-LOW-INCOME-AVAILABLE",
                 "the household qualifies for the Low-Income Certification (no fee, no initial or "
                 "monthly payments while the offer is considered) but the request does not claim it: "
                 + ", ".join(name for name, c in (("the AGI test", agi_test),
                                                  ("the income x 12 test", income_test)) if c.passed)
                 + " qualifies", F656_LOW, programs=("oic_lump_sum", "oic_periodic"),
                 path="oic.low_income.qualifies")
    if request is not None and request.low_income_certification and not eligible:
        ctx.find("OIC-008",
                 f"the request claims the Low-Income Certification but {excluded}, which does not qualify"
                 if excluded else "the request claims the Low-Income Certification but neither test qualifies: "
                 f"AGI test {agi_test.display()}, income x 12 test {income_test.display()}",
                 F656_LOW, programs=("oic_lump_sum", "oic_periodic"), path="oic.low_income.qualifies")
    fee_amount = f656.amount("application_fee")
    fee = led.add("oic.application_fee", "Application fee", ZERO if waived else fee_amount,
                  "waived: low-income certification" if waived else "fee printed on the form revision",
                  inputs=[Input("fee", fee_amount, f656.label),
                          Input("low-income certification", "applies" if waived else "does not apply")],
                  citation=f"Form 656 (Rev. 4-2025) p.1 and Section 7(c); {f656.citation}")
    _initial_payment(ctx, "oic.initial_payment.lump_sum", "Initial payment with a lump-sum offer of the minimum",
                     "oic.minimum_offer.lump_sum", "minimum lump-sum offer", f656, waived)
    _lump_sum_schedule(ctx, "oic.minimum_offer.lump_sum", "oic.initial_payment.lump_sum",
                       "schedule.oic.minimum.lump_sum", "Lump-sum offer of the minimum", (), f656)
    max_months = int(f656.amount("periodic_max_months"))
    term = (request.payment_months if request is not None and request.payment_option == "periodic"
            and request.payment_months else max_months)
    _periodic(ctx, "oic.periodic", "minimum periodic offer", "oic.minimum_offer.periodic", term, None, None,
              request.payment_day if request is not None else None, waived, f656,
              "schedule.oic.minimum.periodic", "Periodic offer of the minimum")
    if request is not None:
        _requested(ctx, request, lump, periodic, waived, f656)
    return Offer(lump, periodic, can_full_pay, eligible, fee, request)


F656_TERMS = "Form 656 (Rev. 4-2025) Section 4"
ROUNDING_DOC = "docs/reference/rounding.md"


def _initial_payment(ctx: Context, path: str, label: str, offer_path: str, what: str, f656: TableVersion,
                     waived: bool) -> Decimal:
    """20% of an offer to the cent (rounded up, so never less than 20%), or 0 with the
    low-income certification (data rule: form_656 initial_payment_rounding)."""
    led = ctx.ledger
    share = f656.amount("initial_payment_fraction")
    value = ZERO if waived else apply_rounding(led.amount(offer_path) * share, f656.get("initial_payment_rounding"))
    return led.add(path, label, value, "waived: low-income certification" if waived else
                   f"{what} x initial-payment share, to the cent (rounded up: never less than the share)",
                   inputs=[led.ref(offer_path), Input("share", share, f656.label)],
                   citation=f"IRC 7122(c)(1)(A); {F656_TERMS} 'Lump Sum'; {ROUNDING_DOC}; {f656.citation}")


def _lump_sum_schedule(ctx: Context, offer_path: str, initial_path: str, path: str, title: str,
                       listed: tuple[LumpSumPayment, ...], f656: TableVersion) -> None:
    """Initial payment with the offer, then the remaining balance as listed (or in one payment
    within the form's month limit)."""
    led = ctx.ledger
    total, initial = led.amount(offer_path), led.amount(initial_path)
    if total <= ZERO:
        return
    remaining = total - initial
    max_months = int(f656.amount("lump_sum_max_months"))
    amounts, labels = [initial], ["with the offer" if initial else "with the offer: none (low-income certification)"]
    if listed:
        for item in sorted(listed, key=lambda p: p.months_after_acceptance):
            amounts.append(item.amount)
            labels.append(f"within {item.months_after_acceptance} month(s) after acceptance")
    elif remaining > ZERO:
        amounts.append(remaining)
        labels.append(f"within {max_months} months after acceptance (one payment)")
    ctx.schedules.append(Schedule(
        path, title, "oic_lump_sum", total, installments(total, amounts, labels=labels),
        f"{F656_TERMS} 'Lump Sum' (20% with the offer; the rest in 5 or fewer payments within 5 "
        f"months of acceptance); {ROUNDING_DOC}"))


def _periodic(ctx: Context, base: str, what: str, offer_path: str, months: int, first: Decimal | None,
              monthly: Decimal | None, day: int | None, waived: bool, f656: TableVersion, path: str,
              title: str) -> None:
    """First payment with the offer (month 1), equal monthly payments, a final payment in month
    ``months`` that absorbs the rounding (Form 656 Section 4: 24 months = first, 22, final)."""
    led = ctx.ledger
    total = led.amount(offer_path)
    rule = f656.get("payment_rounding")
    led.add(f"{base}.months", f"Payment months ({what})", Decimal(months), "month 1 = the first payment, "
            "the last payment in this month", unit="months", citation=f"{F656_TERMS} 'Periodic Payment' note")
    if total <= ZERO or months < 1:
        regular = final = ZERO
    elif monthly is None:
        regular, final = equal_split(total, months, rule)
    else:
        regular = monthly
        final = total - (first if first is not None else monthly) - monthly * (months - 2)
    first_amount = regular if first is None else first
    formula = ("as requested" if monthly is not None else
               f"{what} / {months} months, rounded up to the cent")
    led.add(f"{base}.monthly_payment", f"Monthly payment ({what})", regular, formula,
            inputs=[led.ref(offer_path), led.ref(f"{base}.months")],
            citation=f"IRC 7122(c)(1)(B); {F656_TERMS} 'Periodic Payment'; {ROUNDING_DOC}; {f656.citation}",
            note="no payments while the offer is considered (low-income certification): the first is "
                 "due 30 days after acceptance" if waived else "the monthly payments are due while the "
                 "offer is considered")
    led.add(f"{base}.first_payment", f"First payment, sent with the offer ({what})",
            ZERO if waived else first_amount, "waived: low-income certification" if waived else
            ("as requested" if first is not None else "the monthly payment"),
            inputs=[led.ref(f"{base}.monthly_payment")], citation=f"{F656_TERMS} 'Periodic Payment'")
    led.add(f"{base}.final_payment", f"Final payment in month {months} ({what})", floor0(final),
            "offer - first payment - monthly payment x (months - 2): absorbs the rounding",
            inputs=[led.ref(offer_path), led.ref(f"{base}.monthly_payment"), led.ref(f"{base}.months")],
            citation=f"{F656_TERMS} 'Periodic Payment'; {ROUNDING_DOC}")
    if total <= ZERO or months < 1 or regular <= ZERO:
        return
    amounts = [first_amount] + [regular] * (months - 2) + [final] if months > 1 else [total]
    if waived:
        dates: list[date] | None = None
        labels = ["30 days after acceptance"] + [f"month {n} after the first payment" for n in range(1, months)]
    else:
        dates = monthly_due_dates(ctx.as_of, day, months, int(ctx.std.version("form_656").amount("payment_day_max")))
        labels = ["with the offer"] + [""] * (months - 1)
    ctx.schedules.append(Schedule(
        path, title, "oic_periodic", total, installments(total, amounts, dates, labels),
        f"{F656_TERMS} 'Periodic Payment' (6 to 24 months, first payment with the offer); {ROUNDING_DOC}",
        note=("dates assume the offer is sent on the analysis date; with the low-income certification "
              "the first payment is due 30 days after acceptance instead" if waived else
              "dates assume the offer is sent on the analysis date")))


def low_income_excluded(case: Case) -> str | None:
    """Who cannot claim the certification whatever the income: Form 656 (Rev. 4-2025) p.2 "If your
    business is other than a sole proprietor or the offer is being filed for a deceased individual,
    you do not qualify". formkit files individual offers (Section 1), and Form 656-B (Rev. 4-2021)
    "Paying for Your Offer" counts as an individual anyone "seeking compromise of a liability for
    which you are personally responsible", so owning part of a partnership or corporation does not
    exclude."""
    if case.taxpayer.deceased:
        return "the offer is filed for a deceased individual"
    return None


def _requested(ctx: Context, request: OfferRequest, lump: Decimal, periodic: Decimal, waived: bool,
               f656: TableVersion) -> None:
    led = ctx.ledger
    amount = request.offer_amount
    led.add("oic.requested.offer_amount", "Offer amount requested", amount, "as entered",
            citation="Form 656 Section 4", sources=(ctx.request_pointer(request),))
    if amount != amount.to_integral_value():
        ctx.find("OIC-WHOLE-DOLLARS", f"the offer of {fmt(amount)} has cents: the offer amount "
                 "should be in whole dollars only", f"{F656_TERMS} ('The offer amount should be in whole "
                 "dollars only')", programs=(f"oic_{request.payment_option}",), path="oic.requested.offer_amount")
    minimum_path = f"oic.minimum_offer.{request.payment_option}"
    minimum = lump if request.payment_option == "lump_sum" else periodic
    if amount < minimum and not request.special_circumstances and request.basis == "doubt_as_to_collectibility":
        ctx.find("OIC-012",
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
            ctx.find("OIC-006", f"the initial payment of {fmt(request.initial_payment)} is less than 20% of the offer "
                     f"({fmt(required)})", "IRC 7122(c)(1)(A); Form 656 (Rev. 4-2025) Sections 4 and 6",
                     programs=("oic_lump_sum",), path="oic.requested.initial_payment")
        listed = sum((p.amount for p in request.lump_sum_payments), ZERO)
        if request.lump_sum_payments and listed != amount - required:
            ctx.find("OIC-LUMP-SUM-TERMS",
                     f"the listed payments after acceptance add up to {fmt(listed)}, not the remaining "
                     f"balance {fmt(amount - required)} (offer {fmt(amount)} - initial payment "
                     f"{fmt(required)})", f"{F656_TERMS} 'Lump Sum'", programs=("oic_lump_sum",),
                     path="schedule.oic.requested")
        _lump_sum_schedule(ctx, "oic.requested.offer_amount", "oic.requested.initial_payment",
                           "schedule.oic.requested", "Requested lump-sum offer", request.lump_sum_payments, f656)
        return
    months = request.payment_months or int(f656.amount("periodic_max_months"))
    _periodic(ctx, "oic.requested", "requested periodic offer", "oic.requested.offer_amount", months,
              request.initial_payment, request.monthly_payment, request.payment_day, waived, f656,
              "schedule.oic.requested", "Requested periodic offer")
    regular = led.amount("oic.requested.monthly_payment")
    exact = amount - (request.initial_payment or regular) - regular * (months - 2)
    if request.monthly_payment is not None and (exact <= ZERO or exact > regular):
        even = equal_split(amount, months, f656.get("payment_rounding"))[0]
        ctx.find("OIC-PERIODIC-TERMS" if exact <= ZERO else "OIC-PERIODIC-FINAL-PAYMENT",
                 f"the first payment plus {months - 2} monthly payments of {fmt(regular)} leave a final payment "
                 f"of {fmt(exact)} in month {months}"
                 + (" (the payments exceed the offer)" if exact <= ZERO else " (more than a monthly payment)")
                 + f": equal payments are {fmt(even)}, the final one absorbing the rounding",
                 f"{F656_TERMS} 'Periodic Payment'; {ROUNDING_DOC}",
                 programs=("oic_periodic",), path="schedule.oic.requested")


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
