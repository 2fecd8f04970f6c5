"""Installment agreements: guaranteed, streamlined, non-streamlined, partial payment; Form 9465."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from formkit.analysis.compliance import IA, missing_returns
from formkit.analysis.context import Context
from formkit.analysis.equity import Equity
from formkit.analysis.explained import Input
from formkit.analysis.liabilities import Balances
from formkit.analysis.money import ZERO, apply_rounding, floor0, fmt
from formkit.analysis.options import ProgramOption
from formkit.analysis.schedule import Schedule, installments, monthly_due_dates, until_paid
from formkit.analysis.standards import TableVersion
from formkit.case.model import InstallmentRequest
from formkit.dates import add_months

I9465 = "Instructions for Form 9465 (Rev. 7-2024)"
PPIA = "IRM 5.14.2.1 (partial payment installment agreements)"
ROUNDING_DOC = "docs/reference/rounding.md"
NSIA = "IRM 5.14.1.4 (payment from the collection information statement); Form 9465 (Rev. 9-2020) line 11b"


def _csed_payment(ctx: Context, balances: Balances) -> Decimal | None:
    """Smallest monthly payment that clears each period by its CSED (oldest CSED paid first)."""
    periods = sorted((p for p in balances.periods if p.balance > 0 and p.csed is not None),
                     key=lambda p: (p.csed, p.index))
    if not periods:
        return None
    need, inputs, cumulative = ZERO, [], ZERO
    for p in periods:
        if p.csed is not None and p.csed < ctx.as_of:
            # IRC 6502(a): no collection after the statute runs, so no payment is planned for it
            ctx.find("CSED-EXPIRED", f"{p.name}: the CSED ({p.csed}) has passed; the IRS can no longer "
                     "collect it, and no installment payment is planned for it", "IRC 6502(a)")
            continue
        cumulative += p.balance
        months = p.months or 0
        rate = cumulative / months if months else cumulative  # under a month left: due now
        inputs.append(Input(f"{p.name}: cumulative {cumulative} / {months} months to CSED "
                            f"{p.csed.isoformat() if p.csed else ''}", rate.quantize(Decimal("0.01"))))
        need = max(need, rate)
    if not inputs:
        return None
    return ctx.ledger.add("ia.csed_payment", "Monthly payment that pays every period by its CSED",
                          need, "max over CSEDs (in date order) of the balance due by that CSED / "
                          "months to it", inputs=inputs,
                          citation="IRC 6502(a); IRM 5.14.1.4 (agreements must full-pay before the "
                                   "CSED); interest and penalties accruing after today are not "
                                   "included")


def _payment(ctx: Context, path: str, label: str, total: Decimal, months: Decimal, csed_need: Decimal | None,
             rounding: Mapping[str, Any], citation: str) -> Decimal:
    led = ctx.ledger
    exact = total / months
    inputs = [led.ref("total_balance"), Input("program month limit", months)]
    formula = "total balance / program months"
    if csed_need is not None:
        exact = max(exact, csed_need)
        inputs.append(led.ref("ia.csed_payment"))
        formula = "max(total balance / program months, payment that pays each period by its CSED)"
    return led.add(path, label, apply_rounding(exact, rounding), formula + ", rounded up to the cent",
                   inputs=inputs, citation=citation)


def compute(ctx: Context, balances: Balances, rmi: Decimal | None, six_year_rmi: Decimal | None,
            equity: Equity | None) -> list[ProgramOption]:
    """The agreements the balance allows. Without ``rmi`` (a living-expense standard is not
    loaded) affordability is not judged and the agreements that need a financial statement
    (non-streamlined, partial payment) are left out."""
    case, led = ctx.case, ctx.ledger
    ia = ctx.std.version("installment_agreements")
    rounding = ia.get("minimum_payment_rounding")
    total = balances.total
    requests = case.requests_of(InstallmentRequest)
    request = requests[0] if requests else None
    _form_9465(ctx, request, ia)
    if total <= 0:
        return []
    csed_need = _csed_payment(ctx, balances)
    unfiled = bool(missing_returns(ctx))
    options: list[ProgramOption] = []

    # Guaranteed: tax (not penalties and interest) up to the limit, paid within 36 months.
    g = ia.get("guaranteed")
    g_months = ia.amount("guaranteed", "max_months")
    g_pay = _payment(ctx, "ia.guaranteed.minimum_payment", "Minimum payment, guaranteed agreement",
                     total, g_months, csed_need, rounding, f"IRC 6159(c); {I9465} p.1-2; {ia.citation}")
    lookback = int(ia.amount("guaranteed", "lookback_years"))
    recent_ia = [y for y in case.compliance.prior_installment_agreement_years
                 if int(y) >= ctx.as_of.year - lookback]
    reasons = [f"tax owed {fmt(balances.tax)} {'<=' if balances.tax <= ia.amount('guaranteed', 'max_tax') else '>'} "
               f"{fmt(g['max_tax'])} (penalties and interest not counted)",
               f"pays the balance in {g_months} months at {fmt(g_pay)} a month"]
    eligible = balances.tax <= ia.amount("guaranteed", "max_tax") and not recent_ia and not unfiled
    if recent_ia:
        reasons.append(f"an income-tax installment agreement in {', '.join(recent_ia)} (within "
                       f"{lookback} years)")
    reasons.append(f"requires: all returns filed and tax paid in the preceding {lookback} years "
                   "(confirm from the transcripts)")
    options.append(ProgramOption(
        "ia_guaranteed", "Guaranteed installment agreement", eligible, tuple(reasons),
        ("IRC 6159(c)", f"{I9465} p.1-2"), forms=("9465",), financial_statement=None,
        amount_path="ia.guaranteed.minimum_payment", total_cost=total,
        affordable=rmi >= g_pay if rmi is not None else None))

    # Streamlined: balance up to 50,000 (over 25,000 only with direct debit or payroll deduction).
    s_months = ia.amount("streamlined", "max_months")
    s_pay = _payment(ctx, "ia.streamlined.minimum_payment", "Minimum payment, streamlined agreement",
                     total, s_months, csed_need, rounding, f"{I9465} p.2; Form 9465 line 10; IRM 5.14.5; "
                     f"{ia.citation}")
    s_max, s_plain = ia.amount("streamlined", "max_balance"), ia.amount("streamlined",
                                                                          "max_balance_without_direct_debit")
    reasons = [f"balance {fmt(total)} {'<=' if total <= s_max else '>'} {fmt(s_max)}",
               f"pays the balance within {s_months} months and the CSED at {fmt(s_pay)} a month"]
    statement = None
    if s_plain < total <= s_max:
        has_debit = request is not None and (request.direct_debit is not None or request.payroll_deduction)
        reasons.append("balance over " + fmt(s_plain) + ": needs direct debit (Form 9465 lines 13a/13b) or "
                       "payroll deduction (Form 2159)" + ("; the request has it" if has_debit else
                                                          ", otherwise Form 433-F"))
        statement = None if has_debit or request is None else "Form 433-F"
    options.append(ProgramOption(
        "ia_streamlined", "Streamlined installment agreement", total <= s_max and not unfiled,
        tuple(reasons), (f"{I9465} p.2 and Line 11b", "Form 9465 (Rev. 9-2020) lines 9-11b", "IRM 5.14.5"),
        forms=("9465",), financial_statement=statement, amount_path="ia.streamlined.minimum_payment",
        total_cost=total, affordable=rmi >= s_pay if rmi is not None else None))

    # Non-streamlined: full pay by the CSED from the remaining monthly income; Form 433-F or 433-A.
    if csed_need is not None and rmi is not None and equity is not None:
        n_pay = led.add("ia.non_streamlined.minimum_payment", "Minimum payment, non-streamlined agreement",
                        apply_rounding(csed_need, rounding),
                        "payment that pays each period by its CSED, rounded up to the cent",
                        inputs=[led.ref("ia.csed_payment")], citation=f"{NSIA}; IRC 6502(a)")
        options.append(ProgramOption(
            "ia_non_streamlined", "Non-streamlined installment agreement", not unfiled,
            (f"full pays by the CSED at {fmt(n_pay)} a month or more",
             f"the IRS will generally ask for the remaining monthly income ({fmt(rmi)}) each month",
             "needs a collection information statement (Form 433-F or 433-A) with proof"),
            (NSIA, "Publication 594 (Rev. 5-2024) p.3"), forms=("9465", "433-F"),
            financial_statement="Form 433-F or Form 433-A", amount_path="ia.non_streamlined.minimum_payment",
            total_cost=total, affordable=rmi >= n_pay))
        if ZERO < rmi < n_pay and balances.months_to_csed is not None:
            options.append(_partial_payment(ctx, balances, rmi, n_pay, unfiled, equity))
    _schedules(ctx, balances, options, request)
    if rmi is not None:
        _six_year_note(ctx, balances, rmi, six_year_rmi, ia.amount("six_year_rule_months"))
    return options


def _partial_payment(ctx: Context, balances: Balances, rmi: Decimal, n_pay: Decimal, unfiled: bool,
                     equity: Equity) -> ProgramOption:
    """A PPIA pays RMI to the CSED, after the equity in assets is addressed (IRM 5.14.2.1): its
    cost to the taxpayer, for ranking against an offer, includes that equity."""
    led = ctx.ledger
    months = balances.months_to_csed or 0
    led.add("ia.partial_payment.monthly_payment", "Monthly payment, partial payment agreement", rmi,
            "remaining monthly income", inputs=[led.ref("rmi")],
            citation="IRC 6159(a); IRM 5.14.2 (partial payment installment agreements)")
    available = led.add(
        "ia.partial_payment.equity", "Equity to be addressed before a partial payment agreement",
        equity.full_pay_box_a + equity.box_b, "net realizable equity in personal and business assets "
        "(Form 433-A (OIC) lines without the offer-only $1,000 and vehicle allowances) + Box B",
        inputs=[led.ref("oic.full_pay.box_a"), led.ref("oic.box_b")],
        citation=f"{PPIA} ('Before a PPIA may be granted, equity in assets must be addressed and, if "
                 "appropriate, be used to make payment'); IRM 5.8.5.4.1 (net realizable equity)")
    after_equity = floor0(balances.total - available)
    paid = led.add("ia.partial_payment.total_paid", "Paid by the CSED under a partial payment agreement",
                   min(rmi * Decimal(months), after_equity),
                   "min(remaining monthly income x months to the latest CSED, balance left after the equity)",
                   inputs=[led.ref("rmi"), led.ref("ia.months_to_csed"), led.ref("total_balance"),
                           led.ref("ia.partial_payment.equity")], citation=PPIA)
    cost = led.add("ia.partial_payment.total_cost", "Cost of a partial payment agreement: equity + payments",
                   min(balances.total, available + paid), "min(total balance, equity + paid by the CSED)",
                   inputs=[led.ref("ia.partial_payment.equity"), led.ref("ia.partial_payment.total_paid")],
                   citation=f"{PPIA}; the equity is paid first, so an offer and a PPIA are compared on what "
                            "the taxpayer pays in all")
    reasons = [f"remaining monthly income {fmt(rmi)} is below the {fmt(n_pay)} needed to pay by the CSED",
               f"equity of {fmt(available)} must be addressed first (sold, borrowed against or paid)"
               if available else "no equity in assets to address first",
               f"then pays about {fmt(paid)} before the collection period ends: {fmt(cost)} in all; the rest "
               "expires with the CSED",
               "only necessary expenses are allowed (no conditional expenses); financial reviews every "
               "two years"]
    if cost >= balances.total:
        reasons.append("the equity and the payments pay the whole balance: a partial payment agreement "
                       "does not apply (sell or borrow against the assets and pay in full or by agreement)")
    return ProgramOption(
        "ia_partial_payment", "Partial payment installment agreement", not unfiled and cost < balances.total,
        tuple(reasons),
        ("IRC 6159(a)", "IRM 5.14.2", f"{I9465} p.2"), forms=("9465", "433-A"),
        financial_statement="Form 433-A (or 433-F)", amount_path="ia.partial_payment.monthly_payment",
        total_cost=cost, affordable=True)


def _schedules(ctx: Context, balances: Balances, options: list[ProgramOption],
               request: InstallmentRequest | None) -> None:
    """Month by month to the CSED for each agreement considered, and for the requested payment."""
    led = ctx.ledger
    limit = balances.months_to_csed
    if limit is None:
        limit = int(ctx.std.version("installment_agreements").amount("collection_statute_years")) * 12
    day = request.payment_day if request is not None else None
    max_day = int(ctx.std.version("installment_agreements").amount("payment_day_max"))
    first_due = add_months(ctx.as_of.replace(day=1), 1).replace(day=day or min(ctx.as_of.day, max_day))
    for option in options:
        if option.amount_path is None:
            continue
        payment = led.amount(option.amount_path)
        total = balances.total
        note = "interest and penalties accruing after the analysis date are not included"
        if option.program == "ia_partial_payment":
            total = floor0(balances.total - led.amount("ia.partial_payment.equity"))
            note = (f"after the equity ({fmt(led.amount('ia.partial_payment.equity'))}) is paid; what is left "
                    "at the CSED expires; " + note)
        amounts = until_paid(total, payment, limit)
        ctx.schedules.append(Schedule(
            f"schedule.{option.program}", option.title, option.program, total,
            installments(total, amounts, monthly_due_dates(first_due, day, len(amounts), max_day)),
            f"{'; '.join(option.citations)}; IRC 6502(a) (collection ends at the CSED); {ROUNDING_DOC}", note))
    if request is not None and request.monthly_payment > 0:
        owed = floor0(balances.total - request.amount_paid_with_request)
        amounts = until_paid(owed, request.monthly_payment, limit)
        schedule = Schedule(
            "schedule.ia.requested", "Requested installment agreement", "ia_requested", owed,
            installments(owed, amounts, monthly_due_dates(first_due, day, len(amounts), max_day)),
            f"Form 9465 (Rev. 9-2020) lines 8-12; IRC 6502(a); {ROUNDING_DOC}",
            "interest and penalties accruing after the analysis date are not included")
        ctx.schedules.append(schedule)
        cite = f"Form 9465 (Rev. 9-2020) lines 9 and 11a; IRC 6502(a); {ROUNDING_DOC}"
        led.add("ia.requested.payments", "Payments the requested monthly amount takes", Decimal(len(amounts)),
                "balance after the payment sent with the request / requested payment, at most to the latest CSED",
                inputs=[led.ref("f9465.line_9"), Input("requested monthly payment", request.monthly_payment)],
                unit="count", citation=cite)
        led.add("ia.requested.final_payment", "Last payment of the requested agreement",
                amounts[-1] if amounts else ZERO, "what the earlier payments leave", citation=cite)
        led.add("ia.requested.unpaid_at_csed", "Left unpaid at the latest CSED", schedule.unpaid,
                "balance - the payments that fall before the latest CSED", citation=cite)
        if schedule.unpaid > 0:
            ctx.find("IA-REQUEST-SHORT",
                     f"{len(amounts)} payments of {fmt(request.monthly_payment)} leave {fmt(schedule.unpaid)} "
                     "unpaid at the latest CSED: the IRS treats it as a partial payment agreement (Form 433-F "
                     "or 433-A needed)", f"{I9465} Line 11a; IRM 5.14.2", path="schedule.ia.requested")


def _six_year_note(ctx: Context, balances: Balances, rmi: Decimal, six_year_rmi: Decimal | None,
                   six_years: Decimal) -> None:
    if six_year_rmi is None:
        return
    months = min(six_years, Decimal(balances.months_to_csed)) if balances.months_to_csed is not None \
        else six_years
    if six_year_rmi * months >= balances.total:
        ctx.find("IA-SIX-YEAR-RULE",
                 f"with actual expenses allowed (remaining income {fmt(six_year_rmi)} a month) the balance is "
                 f"paid within {months} months: under the six-year rule the IRS may allow the actual "
                 "expenses above the standards for an installment agreement",
                 "IRM 5.14.1.4.1", programs=("ia_non_streamlined",), path="rmi.six_year_rule")
    else:
        led = ctx.ledger
        excess = floor0(led.amount("expenses.six_year_rule.total") - led.amount("expenses.allowable.total"))
        ctx.find("IA-ONE-YEAR-RULE",
                 f"actual expenses exceed the allowable ones by {fmt(excess)} a month; the balance cannot be "
                 "paid within six years with them, but under the one-year rule the IRS may allow up to "
                 "a year to reduce them before the payment steps up",
                 "IRM 5.14.1.4.1", programs=("ia_non_streamlined", "ia_partial_payment"),
                 path="rmi.six_year_rule")


def _form_9465(ctx: Context, request: InstallmentRequest | None, ia: TableVersion) -> None:
    led = ctx.ledger
    paid = request.amount_paid_with_request if request is not None else ZERO
    led.add("f9465.line_7", "Form 9465 line 7: total owed", led.amount("total_balance"),
            "total balance", inputs=[led.ref("total_balance")], citation="Form 9465 (Rev. 9-2020) lines 5-7")
    led.add("f9465.line_8", "Form 9465 line 8: payment with the request", paid, "as entered (0 if none)",
            citation="Form 9465 (Rev. 9-2020) line 8")
    line9 = led.add("f9465.line_9", "Form 9465 line 9: amount owed", floor0(led.amount("f9465.line_7") - paid),
                    "line 7 - line 8", inputs=[led.ref("f9465.line_7"), led.ref("f9465.line_8")],
                    citation="Form 9465 (Rev. 9-2020) line 9")
    divisor = ia.amount("form_9465_line_10_divisor")
    led.add("f9465.line_10", "Form 9465 line 10: line 9 / 72.0", apply_rounding(line9 / divisor,
                                                                              ia.get("line_10_rounding")),
            "line 9 / divisor printed on the form, rounded up to the cent",
            inputs=[led.ref("f9465.line_9"), Input("divisor", divisor, ia.label)],
            citation=f"Form 9465 (Rev. 9-2020) line 10; {ia.citation}")
    if request is None:
        return
    debit = request.direct_debit is not None
    if request.payroll_deduction:
        key = "low_income_other" if request.low_income else "payroll_deduction"
    elif debit:
        key = "low_income_direct_debit" if request.low_income else (
            "online_direct_debit" if request.channel == "online" else "direct_debit")
    else:
        key = "low_income_other" if request.low_income else (
            "online_other" if request.channel == "online" else "other")
    led.add("ia.user_fee", "Installment agreement user fee", ia.amount("user_fees", key),
            f"fee for: {key.replace('_', ' ')} (channel {request.channel})",
            inputs=[Input(key, ia.amount("user_fees", key), ia.label)],
            citation=f"{I9465} fee table (effective July 1, 2024); {ia.citation}",
            note="low-income reduced fees are reimbursed on completion" if request.low_income and not debit
            else None)
    _statement_needed(ctx, request, ia, line9)


def _statement_needed(ctx: Context, request: InstallmentRequest, ia: TableVersion, line9: Decimal) -> None:
    """Whether the requested agreement goes with a collection information statement, decided once
    here from the dated limits (the packet encloses Form 433-F or 433-A when this finding is made)."""
    most, plain = ia.amount("streamlined", "max_balance"), ia.amount("streamlined", "max_balance_without_direct_debit")
    line10 = ctx.ledger.amount("f9465.line_10")
    why = []
    if request.agreement_type in ("non_streamlined", "partial_payment"):
        why.append(f"a {request.agreement_type.replace('_', ' ')} agreement is requested")
    if line9 > most:
        why.append(f"the amount owed (line 9) of {fmt(line9)} is over {fmt(most)}")
    elif line9 > plain and request.direct_debit is None and not request.payroll_deduction:
        why.append(f"the amount owed (line 9) of {fmt(line9)} is over {fmt(plain)} without direct debit or "
                   "payroll deduction")
    if request.monthly_payment < line10:
        why.append(f"the payment of {fmt(request.monthly_payment)} is below line 10 ({fmt(line10)})")
    if why:
        ctx.find("IA-STATEMENT-NEEDED", "Form 9465 goes with a collection information statement (Form 433-F or "
                 "433-A): " + "; ".join(why), f"{I9465} p.2 (Line 9 caution, Line 11b); {ia.citation}",
                 programs=IA, path="f9465.line_9")
