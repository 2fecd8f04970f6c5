"""Form 433-F (Rev. 7-2024): the monthly amounts and totals the form prints (``f433f.*``).

Section G lists monthly non-wage income, self-employment and rental income "after expenses"
(a loss is 0); Section H the actual monthly expenses. The instructions ask, for boxes 1 and 4,
for "the IRS allowable standards, or the actual amount you pay if the amount exceeds the IRS
allowable standards", so food/personal care and out-of-pocket health care print the larger of
the two. The "IRS Allowed" column is the IRS's (the allowed amounts are in the worksheet,
``expenses.allowable.*``). Amounts are rounded as printed and totals add the printed amounts.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, apply_rounding, floor0, to_cents
from formkit.forms.registry import supported

FORM = "Form 433-F (Rev. 7-2024)"
STANDARD_OR_ACTUAL = (
    f"{FORM} p.4, Section H: 'For expenses claimed in boxes 1 and 4, you should provide the "
    "IRS allowable standards, or the actual amount you pay if the amount exceeds the IRS "
    "allowable standards'"
)
# Section G: field -> income sources ("net" = after expenses, a loss is 0).
NON_WAGE: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("alimony", ("alimony",), False),
    ("child_support", ("child_support",), False),
    ("net_rental", ("rental",), True),
    ("unemployment", ("unemployment",), False),
    ("pension", ("pension",), False),
    ("interest_dividends", ("interest_dividends_royalties",), False),
    ("social_security", ("social_security",), False),
    ("other", ("distributions", "household_contribution", "other"), False),
)


def _round(value: Decimal) -> Decimal:
    rule = supported("433-F").rounding
    return apply_rounding(value, rule) if rule is not None else to_cents(value)


def _add(
    ctx: Context,
    path: str,
    label: str,
    amount: Decimal,
    formula: str,
    citation: str,
    inputs: Sequence[Input] = (),
    sources: Sequence[str] = (),
) -> Decimal:
    return ctx.ledger.add(
        path, label, _round(amount), formula, inputs=list(inputs), citation=citation, sources=tuple(sources)
    )


def _total(ctx: Context, path: str, label: str, parts: Sequence[str], citation: str) -> Decimal:
    led = ctx.ledger
    return led.add(
        path,
        label,
        sum((led.amount(p) for p in parts), ZERO),
        " + ".join(p.rsplit(".", 1)[-1] for p in parts),
        inputs=[led.ref(p) for p in parts],
        citation=citation,
    )


def _income(ctx: Context) -> None:
    led = ctx.ledger
    income = list(enumerate(ctx.case.income))
    for field, sources, net in NON_WAGE:
        chosen = [(i, x) for i, x in income if x.source in sources and x.source != "wages"]
        amount = sum((led.amount(f"income.monthly.item[{i}].{'net' if net else 'gross'}") for i, _ in chosen), ZERO)
        _add(
            ctx,
            f"f433f.section_g.{field}",
            f"Section G: {field.replace('_', ' ')}",
            floor0(amount) if net else amount,
            "sum of monthly amounts" + (", a loss is 0" if net else ""),
            f"{FORM} Section G",
            [led.ref(f"income.monthly.item[{i}].{'net' if net else 'gross'}") for i, _ in chosen],
            [f"/income/{i}" for i, _ in chosen],
        )
    biz = ctx.case.business
    if biz is not None and biz.kind == "sole_proprietorship" and "oic.box_c" in led:
        _add(
            ctx,
            "f433f.section_g.net_self_employment",
            "Section G: net self-employment income",
            led.amount("oic.box_c"),
            "gross receipts less ordinary and necessary business expenses "
            "(the business detail, as Form 433-A (OIC) Box C)",
            f"{FORM} Section G, p.3 'Net Self-Employment Income'",
            [led.ref("oic.box_c")],
            ("/business/monthly",),
        )
    else:
        se = [i for i, x in income if x.source == "self_employment"]
        _add(
            ctx,
            "f433f.section_g.net_self_employment",
            "Section G: net self-employment income",
            floor0(sum((led.amount(f"income.monthly.item[{i}].net") for i in se), ZERO)),
            "sum of monthly net self-employment income, a loss is 0",
            f"{FORM} Section G",
            [led.ref(f"income.monthly.item[{i}].net") for i in se],
            [f"/income/{i}" for i in se],
        )


def _standard_or_actual(ctx: Context, path: str, label: str, actual_path: str, standard_path: str) -> Decimal:
    led = ctx.ledger
    actual = led.amount(actual_path)
    standard = led.amount(standard_path) if standard_path in led else ZERO
    return _add(
        ctx,
        path,
        label,
        max(actual, standard),
        "the larger of the actual amount and the standard",
        STANDARD_OR_ACTUAL,
        [led.ref(actual_path, "actual"), Input("standard", standard, standard_path)],
    )


def _expenses(ctx: Context) -> None:
    led, case = ctx.ledger, ctx.case
    h = "f433f.section_h"
    _standard_or_actual(
        ctx,
        f"{h}.food_personal_care.total",
        "Food/personal care (total only)",
        "expenses.actual.food_clothing_misc",
        "expenses.standard.national",
    )
    for key in ("vehicle_operating", "public_transportation"):
        _add(
            ctx,
            f"{h}.transportation.{key}",
            f"Transportation: {key.replace('_', ' ')}",
            led.amount(f"expenses.actual.{key}"),
            "actual monthly",
            f"{FORM} Section H.2",
            [led.ref(f"expenses.actual.{key}")],
        )
    _total(
        ctx,
        f"{h}.transportation.total",
        "Transportation total",
        [f"{h}.transportation.vehicle_operating", f"{h}.transportation.public_transportation"],
        f"{FORM} Section H.2",
    )
    mortgage = [(i, p.monthly_payment) for i, p in enumerate(case.assets.real_estate) if p.primary_residence]
    _add(
        ctx,
        f"{h}.housing_utilities.total",
        "Housing and utilities (total)",
        floor0(led.amount("expenses.actual.housing_utilities") - sum((m for _, m in mortgage), ZERO)),
        "housing and utilities less the mortgage payment, which Section B lists",
        f"{FORM} p.4, Section H: 'Rent - Do not enter mortgage payment here. Mortgage payment is listed in Section B.'",
        [led.ref("expenses.actual.housing_utilities"), *(Input(f"real_estate[{i}] mortgage", m) for i, m in mortgage)],
    )
    _add(
        ctx,
        f"{h}.medical.health_insurance",
        "Health insurance",
        led.amount("expenses.actual.health_insurance"),
        "actual monthly",
        f"{FORM} Section H.4",
        [led.ref("expenses.actual.health_insurance")],
    )
    _standard_or_actual(
        ctx,
        f"{h}.medical.out_of_pocket",
        "Out-of-pocket health care",
        "expenses.actual.out_of_pocket_health",
        "expenses.standard.out_of_pocket_health",
    )
    _total(
        ctx,
        f"{h}.medical.total",
        "Medical total",
        [f"{h}.medical.health_insurance", f"{h}.medical.out_of_pocket"],
        f"{FORM} Section H.4",
    )


# Section H.5 rows with a line of their own, from the case's expense categories.
OWN_ROW_CATEGORIES = {"student_loans": "student_loan", "retirement_voluntary": "voluntary_retirement"}
#: Other expenses with no row of their own go to "Other (specify)" (unsecured debts are Section D).
SPECIFIED_EXCLUDED = frozenset({"student_loan", "voluntary_retirement", "unsecured_debt"})


def _payroll(ctx: Context, item: str) -> tuple[Decimal, list[Input], list[str]]:
    """Monthly total of one payroll deduction over every paycheck in the household."""
    total, inputs, sources = ZERO, [], []
    for i, income in enumerate(ctx.case.income):
        amount = getattr(income.deductions, item) if income.deductions is not None else ZERO
        if amount:
            monthly, factor = ctx.monthly(amount, income.frequency)
            total += to_cents(monthly)
            inputs.append(Input(f"income[{i}] {item.replace('_', ' ')} {factor}", to_cents(monthly)))
            sources.append(f"/income/{i}/deductions/{item}")
    return total, inputs, sources


def _other(ctx: Context) -> None:
    case, h = ctx.case, "f433f.section_h.other"
    e = case.expenses.monthly_equivalent(lambda amount, f: ctx.monthly(amount, f)[0])
    rows: list[str] = []

    def row(
        key: str, label: str, amount: Decimal, formula: str, inputs: Sequence[Input] = (), sources: Sequence[str] = ()
    ) -> None:
        _add(ctx, f"{h}.{key}", label, amount, formula, f"{FORM} Section H.5", inputs, sources)
        rows.append(f"{h}.{key}")

    def category(name: str) -> tuple[Decimal, list[str]]:
        chosen = [(i, o) for i, o in enumerate(e.other) if o.category == name]
        return sum((o.amount for _, o in chosen), ZERO), [f"/expenses/other/{i}" for i, _ in chosen]

    est = case.compliance.estimated_payments
    row("child_dependent_care", "Child/dependent care", e.child_dependent_care, "actual monthly")
    row(
        "estimated_tax",
        "Estimated tax payments",
        (est.monthly_amount or ZERO) if est is not None else ZERO,
        "monthly estimated tax (quarterly amount / 3)",
    )
    row("term_life_insurance", "Term life insurance", e.term_life_insurance, "actual monthly")
    for key, label in (("retirement_required", "Retirement (employer required)"), ("union_dues", "Union dues")):
        amount, inputs, sources = _payroll(ctx, key)
        row(key, label, amount, "payroll deductions converted to monthly", inputs, sources)
    voluntary, v_inputs, v_sources = _payroll(ctx, "retirement_voluntary")
    listed, listed_sources = category("voluntary_retirement")
    row(
        "retirement_voluntary",
        "Retirement (voluntary)",
        voluntary + listed,
        "voluntary payroll deductions + listed voluntary contributions",
        v_inputs,
        [*v_sources, *listed_sources],
    )
    row(
        "delinquent_state_local_taxes",
        "Delinquent state & local taxes",
        e.delinquent_state_local_taxes,
        "minimum monthly payment",
    )
    loans, loan_sources = category("student_loan")
    row("student_loans", "Student loans", loans, "minimum monthly payments", sources=loan_sources)
    court = e.court_ordered_payments
    if not court:
        court, _, _ = _payroll(ctx, "court_ordered")
    row(
        "other_court_ordered",
        "Other court ordered payments",
        court,
        "court-ordered payments (the case does not split child support and alimony from them)",
    )
    specified = [("Secured debts", e.secured_debts, "/expenses/secured_debts")] if e.secured_debts else []
    specified += [
        (o.description, o.amount, f"/expenses/other/{i}")
        for i, o in enumerate(e.other)
        if o.category not in SPECIFIED_EXCLUDED
    ]
    ctx.ledger.add(
        f"{h}.specified",
        "Other (specify): every expense listed",
        sum((_round(a) for _, a, _ in specified), ZERO),
        "sum of the listed expenses, each rounded as printed" if specified else "nothing to list",
        inputs=[Input(d, a) for d, a, _ in specified],
        citation=f"{FORM} Section H.5 'Other (specify)'",
        sources=tuple(src for _, _, src in specified),
    )
    _total(ctx, f"{h}.total", "Other expenses total", [*rows, f"{h}.specified"], f"{FORM} Section H.5")


def compute(ctx: Context) -> None:
    """Every Form 433-F amount the field map reads from the analysis (``f433f.*``)."""
    _income(ctx)
    if "expenses.actual.food_clothing_misc" in ctx.ledger:
        _expenses(ctx)
    _other(ctx)
