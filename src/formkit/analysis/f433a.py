"""Form 433-A (Rev. 7-2022): the totals and computed lines the form prints.

Each table total covers every item of its kind, whether the item is printed on the form or
continued on an attachment ("Add lines 13a, 13b, and amounts from any attachments"), and
names its items (``sources``), so the field map lists exactly the items the total adds up.
Amounts are rounded as the form prints them (the field map's ``rounding``: whole dollars) and
every total is the sum of the amounts as printed, so the form adds up on paper; equity is value
minus loan, as the column heads say, and never below 0 (``money.equity``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, apply_rounding, equity, floor0, to_cents
from formkit.case.model import Income
from formkit.forms.registry import supported

FORM = "Form 433-A (Rev. 7-2022)"
S4 = f"{FORM} Section 4"
S5 = f"{FORM} Section 5"
S6 = f"{FORM} Section 6"
S7 = f"{FORM} Section 7"

# Section 5 income lines: (line, label, sources, persons or None for anyone).
_INCOME_LINES: tuple[tuple[str, str, tuple[str, ...], tuple[str, ...] | None], ...] = (
    ("20", "Wages (taxpayer)", ("wages",), ("taxpayer", "joint")),
    ("21", "Wages (spouse)", ("wages",), ("spouse",)),
    ("22", "Interest - dividends", ("interest_dividends_royalties",), None),
    ("25", "Distributions (K-1, IRA, etc.)", ("distributions",), None),
    ("26", "Pension (taxpayer)", ("pension",), ("taxpayer", "joint")),
    ("27", "Pension (spouse)", ("pension",), ("spouse",)),
    ("28", "Social Security (taxpayer)", ("social_security",), ("taxpayer", "joint")),
    ("29", "Social Security (spouse)", ("social_security",), ("spouse",)),
    ("30", "Child support", ("child_support",), None),
    ("31", "Alimony", ("alimony",), None),
)
# Income with no line of its own goes on lines 32-33 "Other Income (Specify below)".
_OTHER_SOURCES = ("unemployment", "household_contribution", "other")
_HOUSEHOLD_OWN = ("wages", "pension", "social_security")

# Section 5 expense lines: (line, label, expenses.actual.* keys).
_EXPENSE_LINES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("35", "Food, clothing and misc.", ("food_clothing_misc",)),
    ("36", "Housing and utilities", ("housing_utilities",)),
    ("37", "Vehicle ownership costs", ("vehicle_ownership",)),
    ("38", "Vehicle operating costs", ("vehicle_operating",)),
    ("39", "Public transportation", ("public_transportation",)),
    ("40", "Health insurance", ("health_insurance",)),
    ("41", "Out of pocket health care costs", ("out_of_pocket_health",)),
    ("42", "Court ordered payments", ("court_ordered_payments",)),
    ("43", "Child/dependent care", ("child_dependent_care",)),
    ("45", "Current year taxes (income/FICA)", ("current_taxes",)),
    ("46", "Secured debts", ("secured_debts",)),
    ("47", "Delinquent state or local taxes", ("delinquent_state_local_taxes",)),
)

# Section 7: (line, business.monthly field) as printed.
BUSINESS_INCOME = (("67", "gross_receipts"), ("68", "rental_income"), ("69", "interest_income"),
                   ("70", "dividends"), ("71", "other_income"))
BUSINESS_EXPENSES = (("77", "materials"), ("78", "inventory"), ("79", "gross_wages"), ("80", "rent"),
                     ("81", "supplies"), ("82", "utilities_telephone"), ("83", "vehicle_costs"),
                     ("85", "insurance"), ("86", "current_taxes"), ("87", "other_expenses"),
                     ("87", "secured_debts"))
#: Line 87 "Other expenses, including installment payments": secured-debt payments go here.
LINE_87 = ("other_expenses", "secured_debts")


@dataclass(frozen=True, slots=True)
class _Entry:
    label: str
    amount: Decimal
    source: str


def _round(value: Decimal) -> Decimal:
    rule = supported("433-A").rounding
    return apply_rounding(value, rule) if rule is not None else to_cents(value)


def _total(ctx: Context, path: str, label: str, entries: Sequence[_Entry], formula: str,
           citation: str, floor: bool = False, each: bool = True) -> Decimal:
    """A line made of items: with ``each``, every item is printed (a row or the continuation
    sheet), so the items are rounded one by one and added; otherwise the sum is rounded."""
    if each:
        amount = sum((_round(e.amount) for e in entries), ZERO)
        formula += ", each item rounded as printed"
    else:
        amount = _round(sum((e.amount for e in entries), ZERO))
    amount = floor0(amount) if floor else amount
    return ctx.ledger.add(path, label, amount, formula if entries else "nothing to list",
                          inputs=[Input(e.label, e.amount) for e in entries], citation=citation,
                          sources=tuple(e.source for e in entries))


def _sum_of(ctx: Context, path: str, label: str, parts: Sequence[str], citation: str) -> Decimal:
    led = ctx.ledger
    return led.add(path, label, sum((led.amount(p) for p in parts), ZERO),
                   " + ".join(p.rsplit(".", 1)[-1] for p in parts), inputs=[led.ref(p) for p in parts],
                   citation=citation, sources=tuple(s for p in parts for s in _sources(ctx, p)))


def _sources(ctx: Context, path: str) -> tuple[str, ...]:
    return ctx.ledger.sources(path)


def _assets(ctx: Context) -> None:
    a = ctx.case.assets
    _total(ctx, "f433a.line_13c", "Total cash (personal bank accounts)",
           [_Entry(f"{acct.institution} {acct.account_type}", acct.balance, f"/assets/bank_accounts/{i}")
            for i, acct in enumerate(a.bank_accounts) if not acct.business],
           "sum of the balances of every personal account", f"{S4} line 13c")
    investments = [_Entry(item.description, equity(item.value, item.loan_balance), f"/assets/investments/{i}")
                   for i, item in enumerate(a.investments) if not item.is_digital]
    investments += [_Entry(item.description, equity(item.value, item.loan_balance),
                           f"/assets/retirement_accounts/{i}") for i, item in enumerate(a.retirement_accounts)]
    _total(ctx, "f433a.line_14.investments", "Investments and retirement assets: equity", investments,
           "sum of max(0, current value - loan balance)", f"{S4} lines 14a-14b (retirement assets included)")
    _total(ctx, "f433a.line_14.digital", "Digital assets: value",
           [_Entry(item.description, item.value, f"/assets/investments/{i}")
            for i, item in enumerate(a.investments) if item.is_digital],
           "sum of the US dollar values", f"{S4} lines 14d-14e")
    _sum_of(ctx, "f433a.line_14f", "Total equity (investments and digital assets)",
            ["f433a.line_14.investments", "f433a.line_14.digital"], f"{S4} line 14f")
    _total(ctx, "f433a.line_16g", "Total available cash (life insurance)",
           [_Entry(p.company, equity(p.cash_value, p.loan_balance), f"/assets/life_insurance/{i}")
            for i, p in enumerate(a.life_insurance) if p.policy_type != "term" or p.cash_value > 0],
           "sum of max(0, cash value - loan amount)", f"{S4} line 16g")
    net = "sum of max(0, current fair market value - loan balance)"
    _total(ctx, "f433a.line_17c", "Total equity (real property)",
           [_Entry(x.description, equity(x.value, x.loan_balance), f"/assets/real_estate/{i}")
            for i, x in enumerate(a.real_estate)], net, f"{S4} line 17c")
    _total(ctx, "f433a.line_18c", "Total equity (vehicles)",
           [_Entry(x.description, equity(x.value, x.loan_balance), f"/assets/vehicles/{i}")
            for i, x in enumerate(a.vehicles)], net, f"{S4} line 18c")
    _total(ctx, "f433a.line_19c", "Total equity (other personal assets)",
           [_Entry(x.description, equity(x.value, x.loan_balance), f"/assets/personal_effects/{i}")
            for i, x in enumerate(a.personal_effects)], net, f"{S4} line 19c")


def _monthly(ctx: Context, index: int, net: bool = False) -> Decimal:
    return ctx.ledger.amount(f"income.monthly.item[{index}].{'net' if net else 'gross'}")


def _line_number(path: str) -> int:
    return int(path.rsplit("_", 1)[1])


def _income_entry(ctx: Context, i: int, item: Income, net: bool = False) -> _Entry:
    label = item.description or item.payer or item.source.replace("_", " ")
    return _Entry(label, _monthly(ctx, i, net), f"/income/{i}")


def is_other_income(item: Income) -> bool:
    """Lines 32-33: income with no line of its own (household members' pay included)."""
    return item.source in _OTHER_SOURCES or (item.person == "household" and item.source in _HOUSEHOLD_OWN)


def _income(ctx: Context, business_net: Decimal | None) -> list[str]:
    income = list(enumerate(ctx.case.income))
    lines = []
    for line, label, sources, persons in _INCOME_LINES:
        chosen = [_income_entry(ctx, i, x) for i, x in income if x.source in sources
                  and (persons is None or x.person in persons)]
        _total(ctx, f"f433a.line_{line}", label, chosen, "sum of monthly gross amounts", f"{S5} line {line}",
               each=False)
        lines.append(f"f433a.line_{line}")
    led = ctx.ledger
    if business_net is not None:
        led.add("f433a.line_23", "Net business income", floor0(business_net), "max(0, line 89)",
                inputs=[led.ref("f433a.line_89")], citation=f"{S5} line 23, note 2 (the amount from line 89; "
                "a loss is entered as 0)", sources=("/business/monthly",))
    else:
        _total(ctx, "f433a.line_23", "Net business income",
               [_income_entry(ctx, i, x, net=True) for i, x in income if x.source == "self_employment"],
               "sum of monthly net self-employment income", f"{S5} line 23, note 2", floor=True, each=False)
    _total(ctx, "f433a.line_24", "Net rental income",
           [_income_entry(ctx, i, x, net=True) for i, x in income if x.source == "rental"],
           "sum of monthly net rental income (rents minus ordinary and necessary rental expenses)",
           f"{S5} line 24, note 3 ('the amount earned after ordinary and necessary monthly rental "
           "expenses are paid ... If the net rental income is a loss, enter \"0\"')", floor=True, each=False)
    _total(ctx, "f433a.other_income", "Other income (lines 32-33 and attachment)",
           [_income_entry(ctx, i, x) for i, x in income if is_other_income(x)],
           "sum of monthly gross amounts", f"{S5} lines 32-33, note 5")
    parts = [*sorted([*lines, "f433a.line_23", "f433a.line_24"], key=_line_number), "f433a.other_income"]
    _sum_of(ctx, "f433a.line_34", "Total income", parts, f"{S5} line 34 (add lines 20-33)")
    return parts


def _expenses(ctx: Context) -> None:
    led, e = ctx.ledger, ctx.case.expenses.monthly_equivalent(lambda amount, f: ctx.monthly(amount, f)[0])
    parts = []
    for line, label, keys in _EXPENSE_LINES:
        path = f"f433a.line_{line}"
        led.add(path, label, _round(sum((led.amount(f"expenses.actual.{k}") for k in keys), ZERO)),
                "actual monthly, rounded as printed",
                inputs=[led.ref(f"expenses.actual.{k}") for k in keys], citation=f"{S5} line {line}",
                sources=tuple(s for k in keys for s in _sources(ctx, f"expenses.actual.{k}")))
        parts.append(path)
    whole_life = [_Entry(o.description, o.amount, f"/expenses/other/{i}") for i, o in enumerate(e.other)
                  if o.category == "whole_life_insurance"]
    _total(ctx, "f433a.line_44", "Life insurance",
           [_Entry("term life insurance", e.term_life_insurance, "/expenses/term_life_insurance"), *whole_life],
           "term premiums + whole life premiums", f"{S5} line 44", each=False)
    other = [_Entry(o.description, o.amount, f"/expenses/other/{i}") for i, o in enumerate(e.other)
             if o.category != "whole_life_insurance"]
    for i, item in enumerate(ctx.case.income):
        d = item.deductions
        for name, label in (("retirement_required", "Employer-required retirement"),
                            ("union_dues", "Union dues")):
            amount = getattr(d, name) if d is not None else ZERO
            if amount:
                other.append(_Entry(f"{label} ({item.payer or item.person})",
                                    to_cents(ctx.monthly(amount, item.frequency)[0]),
                                    f"/income/{i}/deductions/{name}"))
    _total(ctx, "f433a.line_48", "Other expenses (attached list)", other, "sum of the listed expenses",
           f"{S5} line 48 ('Other Expenses (Attach list)')")
    ordered = sorted([*parts, "f433a.line_44", "f433a.line_48"], key=_line_number)
    _sum_of(ctx, "f433a.line_49", "Total living expenses", ordered, f"{S5} line 49 (add lines 35-48)")
    total = led.amount("f433a.line_34") - led.amount("f433a.line_49")
    led.add("f433a.line_50", "Net difference", total, "line 34 - line 49",
            inputs=[led.ref("f433a.line_34"), led.ref("f433a.line_49")], citation=f"{S5} line 50")


def _business(ctx: Context) -> Decimal | None:
    """Sections 6-7 for a sole proprietorship; returns line 89 (None without one)."""
    a, biz = ctx.case.assets, ctx.case.business
    _total(ctx, "f433a.line_64c", "Total cash in banks (business)",
           [_Entry(f"{acct.institution} {acct.account_type}", acct.balance, f"/assets/bank_accounts/{i}")
            for i, acct in enumerate(a.bank_accounts) if acct.business],
           "sum of the balances of every business account", f"{S6} line 64c")
    _total(ctx, "f433a.line_65f", "Total outstanding balance (receivables)",
           [_Entry(r.debtor, r.amount, f"/assets/receivables/{i}") for i, r in enumerate(a.receivables)],
           "sum of the amounts due", f"{S6} line 65f")
    _total(ctx, "f433a.line_66c", "Total equity (business assets)",
           [_Entry(x.description, equity(x.value, x.loan_balance), f"/assets/business_assets/{i}")
            for i, x in enumerate(a.business_assets)],
           "sum of max(0, current fair market value - loan balance)", f"{S6} line 66c")
    if biz is None or biz.kind != "sole_proprietorship":
        return None
    m = biz.monthly
    income = [_Entry(f"line {line} {name}", getattr(m, name), f"/business/monthly/{name}")
              for line, name in BUSINESS_INCOME]
    expenses = [_Entry(f"line {line} {name}", getattr(m, name), f"/business/monthly/{name}")
                for line, name in BUSINESS_EXPENSES]
    _total(ctx, "f433a.line_87", "Other expenses, including installment payments",
           [_Entry(name, getattr(m, name), f"/business/monthly/{name}") for name in LINE_87],
           "other expenses + secured-debt (installment) payments", f"{S7} line 87", each=False)
    expenses = [e for e in expenses if not e.label.startswith("line 87")]
    expenses.append(_Entry("line 87", ctx.ledger.amount("f433a.line_87"), "/business/monthly/other_expenses"))
    _total(ctx, "f433a.line_76", "Total business income", income, "lines 67 through 75", f"{S7} line 76")
    _total(ctx, "f433a.line_88", "Total business expenses", expenses,
           "lines 77 through 87 (secured debts are installment payments, line 87; depreciation is "
           "a non-cash expense and is not entered)", f"{S7} line 88")
    led = ctx.ledger
    return led.add("f433a.line_89", "Net business income", led.amount("f433a.line_76") - led.amount("f433a.line_88"),
                   "line 76 - line 88", inputs=[led.ref("f433a.line_76"), led.ref("f433a.line_88")],
                   citation=f"{S7} line 89")


def compute(ctx: Context) -> None:
    """Every Form 433-A line the field map reads from the analysis (``f433a.*``)."""
    _assets(ctx)
    net = _business(ctx)
    _income(ctx, net)
    _expenses(ctx)
