"""Monthly income: pay-period conversion, business income (Section 6, Box C), lines 30-38, Box D."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, floor0, fmt, to_cents
from formkit.case.model import Deductions, Income

F433 = "Form 433-A (OIC)"
SECTION6 = f"{F433} Section 6, lines 12-29 and Box C; IRM 5.8.5.26 (non-cash expenses not allowed)"
SECTION7 = f"{F433} Section 7, lines 30-38 and Box D (household income, including non-taxable income)"

BUSINESS_INCOME = (("12", "gross_receipts", "Gross receipts"), ("13", "rental_income", "Gross rental income"),
                   ("14", "interest_income", "Interest income"), ("15", "dividends", "Dividends"),
                   ("16", "other_income", "Other income"))
BUSINESS_EXPENSES = (("18", "materials", "Materials purchased"), ("19", "inventory", "Inventory purchased"),
                     ("20", "gross_wages", "Gross wages and salaries"), ("21", "rent", "Rent"),
                     ("22", "supplies", "Supplies"), ("23", "utilities_telephone", "Utilities/telephones"),
                     ("24", "vehicle_costs", "Vehicle costs"), ("25", "insurance", "Business insurance"),
                     ("26", "current_taxes", "Current business taxes"),
                     ("27", "secured_debts", "Secured debts (not credit cards)"),
                     ("28", "other_expenses", "Other business expenses"))
PERSON_PARTS = (("gross_wages", "Gross wages", ("wages",)),
                ("social_security", "Social Security", ("social_security",)),
                ("pensions", "Pension(s)", ("pension",)),
                ("other_income", "Other income (e.g. unemployment)", ("unemployment", "other")))
HOUSEHOLD_LINES = (("33", "Interest, dividends and royalties", ("interest_dividends_royalties",)),
                   ("34", "Distributions", ("distributions",)),
                   ("35", "Net rental income", ("rental",)),
                   ("37", "Child support received", ("child_support",)),
                   ("38", "Alimony received", ("alimony",)))


@dataclass(frozen=True, slots=True)
class MonthlyItem:
    index: int
    item: Income
    gross: Decimal
    net: Decimal


def deductions_total(d: Deductions) -> Decimal:
    return (d.federal_tax + d.state_local_tax + d.fica_medicare + d.health_insurance + d.life_insurance
            + d.retirement_required + d.retirement_voluntary + d.union_dues + d.court_ordered + d.other)


def _items(ctx: Context) -> list[MonthlyItem]:
    led, out = ctx.ledger, []
    for i, item in enumerate(ctx.case.income):
        base, src = f"income.monthly.item[{i}]", f"/income/{i}"
        what = f"{item.person} {item.source.replace('_', ' ')}" + (f" ({item.payer})" if item.payer else "")
        gross, factor = ctx.monthly(item.gross, item.frequency)
        gross = to_cents(gross)
        led.add(f"{base}.gross", f"Monthly gross, {what}", gross, f"{item.gross} {item.frequency} {factor}",
                inputs=[Input("gross per period", item.gross), Input("frequency", item.frequency)],
                citation=ctx.pay_period_citation(), sources=(src,))
        if item.net is not None:
            per_period, how = item.net, "net per period"
        elif item.deductions is not None:
            per_period, how = item.gross - deductions_total(item.deductions), "gross - deductions"
        else:
            per_period, how = item.gross, "no deductions given: net = gross"
        net = to_cents(ctx.monthly(per_period, item.frequency)[0])
        led.add(f"{base}.net", f"Monthly net, {what}", net, f"{per_period} {item.frequency} {factor}",
                inputs=[Input(how, per_period)], citation=ctx.pay_period_citation(), sources=(src,))
        out.append(MonthlyItem(i, item, gross, net))
    return out


def _person_totals(ctx: Context, items: Sequence[MonthlyItem]) -> None:
    led = ctx.ledger
    for person in ("taxpayer", "spouse", "joint", "household"):
        mine = [m for m in items if m.item.person == person]
        if not mine:
            continue
        for kind in ("gross", "net"):
            total = sum((getattr(m, kind) for m in mine), ZERO)
            led.add(f"income.monthly.{person}.{kind}", f"Monthly {kind} income, {person}", total,
                    " + ".join(f"item[{m.index}]" for m in mine),
                    inputs=[led.ref(f"income.monthly.item[{m.index}].{kind}") for m in mine],
                    citation=ctx.pay_period_citation())
    for kind in ("gross", "net"):
        total = sum((getattr(m, kind) for m in items), ZERO)
        led.add(f"income.monthly.total.{kind}", f"Monthly {kind} income, household", total,
                "sum of all income items", inputs=[led.ref(f"income.monthly.item[{m.index}].{kind}")
                                                  for m in items],
                citation=ctx.pay_period_citation())


def _business(ctx: Context) -> Decimal | None:
    """Section 6 and Box C for a sole proprietorship; None when there is none."""
    business, led = ctx.case.business, ctx.ledger
    if business is None:
        return None
    if business.kind != "sole_proprietorship":
        ctx.find("OIC-433B", f"{business.name} is a {business.kind.replace('_', ' ')}: its finances go on Form "
                 "433-B (OIC); list what the household receives from it as wages or distributions "
                 "(line 34). Section 6 is not computed for it.",
                 "Form 433-A (OIC) (Rev. 4-2025) Section 4 and Section 10; Form 656-B p.4",
                 programs=("oic_lump_sum", "oic_periodic"))
        return None
    month = business.monthly
    for number, name, label in BUSINESS_INCOME + BUSINESS_EXPENSES:
        value = getattr(month, name)
        led.add(f"oic.line_{number}", label, ctx.oic_round(value), f"{value} rounded to whole dollars",
                inputs=[Input(name, value)], citation=SECTION6,
                sources=(f"/business/monthly/{name}",))
    line17 = led.add("oic.line_17", "Total business income", sum(
        (led.amount(f"oic.line_{n}") for n, _, _ in BUSINESS_INCOME), ZERO), "lines 12 + 13 + 14 + 15 + 16",
        inputs=[led.ref(f"oic.line_{n}") for n, _, _ in BUSINESS_INCOME], citation=SECTION6)
    line29 = led.add("oic.line_29", "Total business expenses", sum(
        (led.amount(f"oic.line_{n}") for n, _, _ in BUSINESS_EXPENSES), ZERO), "lines 18 through 28",
        inputs=[led.ref(f"oic.line_{n}") for n, _, _ in BUSINESS_EXPENSES], citation=SECTION6,
        note=(f"depreciation of {fmt(month.depreciation)} a month is a non-cash expense and is not "
              "included" if month.depreciation else None))
    if month.depreciation:
        ctx.find("OIC-025", f"Depreciation of {fmt(month.depreciation)} a month is left out of the "
                 "business expenses (non-cash expenses are not allowed for offers)",
                 "Form 433-A (OIC) (Rev. 4-2025) line 36 note; IRM 5.8.5.26", path="oic.line_29")
    return led.add("oic.box_c", "Net business income (Box C)", floor0(line17 - line29),
                   "max(0, line 17 - line 29)", inputs=[led.ref("oic.line_17"), led.ref("oic.line_29")],
                   citation=SECTION6)


def _sum_line(ctx: Context, path: str, label: str, items: Sequence[MonthlyItem], use_net: bool = False,
              note: str | None = None) -> Decimal:
    exact = sum(((m.net if use_net else m.gross) for m in items), ZERO)
    kind = "net" if use_net else "gross"
    return ctx.ledger.add(path, label, ctx.oic_round(exact),
                          ("sum of monthly " + kind + " amounts, rounded to whole dollars") if items
                          else "no income of this kind",
                          inputs=[ctx.ledger.ref(f"income.monthly.item[{m.index}].{kind}") for m in items],
                          citation=SECTION7, note=note,
                          sources=tuple(f"/income/{m.index}" for m in items))


def compute(ctx: Context) -> Decimal:
    """Lines 30-38 and Box D; returns Box D."""
    led = ctx.ledger
    items = _items(ctx)
    _person_totals(ctx, items)
    box_c = _business(ctx)
    by_person_line = (("30", "Total primary taxpayer income", ("taxpayer", "joint")),
                      ("31", "Total spouse income", ("spouse",)))
    for number, label, persons in by_person_line:
        parts = []
        for key, part_label, sources in PERSON_PARTS:
            chosen = [m for m in items if m.item.person in persons and m.item.source in sources]
            _sum_line(ctx, f"oic.line_{number}.{key}", f"{part_label}, line {number}", chosen)
            parts.append(f"oic.line_{number}.{key}")
        led.add(f"oic.line_{number}", label, sum((led.amount(p) for p in parts), ZERO),
                "gross wages + Social Security + pension(s) + other income",
                inputs=[led.ref(p) for p in parts], citation=SECTION7)
    others = [m for m in items if m.item.source == "household_contribution"
              or (m.item.person == "household" and m.item.source in
                  ("wages", "social_security", "pension", "unemployment", "other"))]
    _sum_line(ctx, "oic.line_32", "Additional household income (other contributors)", others)
    for number, label, sources in HOUSEHOLD_LINES:
        chosen = [m for m in items if m.item.source in sources]
        rental = number == "35"
        missing_net = rental and any(m.item.net is None for m in chosen)
        _sum_line(ctx, f"oic.line_{number}", label, chosen, use_net=rental,
                  note="net rental income = gross where no net amount is given" if missing_net else None)
    se_items = [m for m in items if m.item.source == "self_employment"]
    if box_c is not None:
        declared = sum((m.gross for m in se_items), ZERO)
        if se_items and ctx.oic_round(declared) != box_c:
            ctx.find("INCOME-SE-MISMATCH",
                     f"self-employment income items total {fmt(declared)} a month but the business "
                     f"detail gives Box C = {fmt(box_c)}; line 36 uses Box C", SECTION6, path="oic.line_36")
        led.add("oic.line_36", "Net business income from Box C", box_c, "Box C",
                inputs=[led.ref("oic.box_c")], citation=SECTION7,
                note="self-employment income items are the same income and are not added again"
                     if se_items else None)
    else:
        _sum_line(ctx, "oic.line_36", "Net business income", se_items)
    lines = [f"oic.line_{n}" for n in range(30, 39)]
    proposal = ctx.case.irs_proposal
    if ctx.scenario == "irs_proposed" and proposal is not None and proposal.monthly_income is not None:
        return led.add("oic.box_d", "Total household income (Box D), as the IRS computed it",
                       proposal.monthly_income, "as the IRS proposed (the case's lines 30-38 total "
                       f"{fmt(sum((led.amount(p) for p in lines), ZERO))})", inputs=[led.ref(p) for p in lines],
                       citation=f"{SECTION7}; {proposal.description}", sources=("/irs_proposal/monthly_income",))
    return led.add("oic.box_d", "Total household income (Box D)", sum((led.amount(p) for p in lines), ZERO),
                   "lines 30 through 38", inputs=[led.ref(p) for p in lines], citation=SECTION7)
