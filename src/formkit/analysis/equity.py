"""Form 433-A (OIC) Sections 3 and 5: quick-sale value, loans, allowances, Box A and Box B.

Every line is rounded to whole dollars and never negative ("If any line item is a negative
number, enter 0"); negative equity in one asset never offsets another, so items listed on
an attachment line are floored one by one before they are added (IRM 5.8.5.4.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, floor0, fmt
from formkit.forms.registry import supported

S3 = "Form 433-A (OIC) Section 3"
S5 = "Form 433-A (OIC) Section 5"
NRE = "IRM 5.8.5.4.1 (net realizable equity: quick-sale value less secured debt; never below 0)"
LETTERS = "abcdefghij"


def rows(table: str) -> int:
    """How many items a Form 433-A (OIC) table prints on its own lettered lines: declared once,
    in the field map (``forms/f433aoi/<rev>.json``, ``tables``)."""
    return len(supported("433-A (OIC)").tables[table].rows)


@dataclass(frozen=True, slots=True)
class Item:
    """One asset as the form lists it: value, fraction applied, loan, pointer into the case."""

    label: str
    value: Decimal
    fraction: Decimal
    loan: Decimal
    source: str
    zero_reason: str | None = None

    def equity(self) -> Decimal:
        return ZERO if self.zero_reason else floor0(self.value * self.fraction - self.loan)


@dataclass(frozen=True, slots=True)
class Equity:
    box_a: Decimal
    box_b: Decimal
    full_pay_box_a: Decimal
    """Box A without the bank and vehicle allowances (the full-pay screen)."""


def _line(ctx: Context, path: str, label: str, items: Sequence[Item], citation: str,
          row: bool = True) -> Decimal:
    """A lettered line: the rounded, floored sum of its items' equity.

    A printed row (one asset) also gets ``<path>.quick_sale_value`` when the form multiplies
    the market value (the "X .8 = $" box).
    """
    if row and len(items) == 1 and items[0].fraction != 1:
        it = items[0]
        ctx.ledger.add(f"{path}.quick_sale_value", f"{label}: quick-sale value",
                       ctx.oic_round(it.value * it.fraction), "current market value x quick-sale fraction",
                       inputs=[Input("market value", it.value), Input("quick-sale fraction", it.fraction,
                                                                      ctx.oic.label)],
                       citation=f"{citation}; IRM 5.8.5.3.1 (quick-sale value); {ctx.oic.label}",
                       sources=(it.source,))
    if not items:
        return ctx.ledger.add(path, label, ZERO, "nothing to list", citation=citation)
    inputs, exact = [], ZERO
    for it in items:
        if it.zero_reason:
            inputs.append(Input(f"{it.label}: {it.zero_reason}", ZERO))
            continue
        eq = it.equity()
        exact += eq
        loan = f" - loan {it.loan}" if it.loan else ""
        factor = f" x {it.fraction}" if it.fraction != 1 else ""
        inputs.append(Input(f"{it.label}: max(0, {it.value}{factor}{loan})", eq))
    return ctx.ledger.add(path, label, ctx.oic_round(exact),
                          "max(0, current market value" + (" x quick-sale fraction" if any(
                              i.fraction != 1 for i in items) else "") + " - loan), per item, summed, "
                          "rounded to whole dollars", inputs=inputs,
                          citation=f"{citation}; {NRE}; {ctx.oic.label} [{ctx.oic.confidence}]",
                          sources=tuple(i.source for i in items))


def _sum(ctx: Context, path: str, label: str, parts: Sequence[str], citation: str,
         minus: tuple[Decimal, Input] | None = None) -> Decimal:
    led = ctx.ledger
    total = sum((led.amount(p) for p in parts), ZERO)
    inputs = [led.ref(p) for p in parts]
    formula = " + ".join(p.rsplit(".", 1)[-1] for p in parts)
    if minus is not None:
        total = floor0(total - minus[0])
        inputs.append(minus[1])
        formula = f"max(0, {formula} - {minus[1].name})"
    return led.add(path, label, total, formula, inputs=inputs,
                   citation=f"{citation}; {ctx.oic.label} [{ctx.oic.confidence}]",
                   sources=tuple(s for p in parts for s in led.sources(p)))


def listed(ctx: Context, group: str, label: str, items: Sequence[Item], citation: str) -> None:
    """Each item of a form table on a line of its own (``<group>[k]``, with its quick-sale value),
    and ``<group>`` naming them all: what the table prints, row by row, and what its continuation
    sheet lists, with the same columns."""
    led = ctx.ledger
    paths = []
    for k, it in enumerate(items):
        path = f"{group}[{k}]"
        if it.fraction != 1:
            led.add(f"{path}.quick_sale_value", f"{label} {k + 1}: quick-sale value",
                    ctx.oic_round(it.value * it.fraction), "current market value x quick-sale fraction",
                    inputs=[Input("market value", it.value), Input("quick-sale fraction", it.fraction, ctx.oic.label)],
                    citation=f"{citation}; IRM 5.8.5.3.1 (quick-sale value)", sources=(it.source,))
        _line(ctx, path, f"{label} {k + 1}: {it.label}", [it], citation, row=False)
        paths.append(path)
    led.add(group, f"{label}: every item", sum((led.amount(p) for p in paths), ZERO),
            "sum of the items' equity as listed" if paths else "nothing to list",
            inputs=[led.ref(p) for p in paths], citation=citation, sources=tuple(it.source for it in items))


def _split(ctx: Context, prefix: str, table: str, label: str, items: Sequence[Item], citation: str,
           group: str | None = None) -> list[str]:
    """First items on their own lettered lines (as many as the map's table prints), the rest on
    the attachment line (the next letter); ``group`` also lists every item (see ``listed``)."""
    if group is not None:
        listed(ctx, group, label, items, citation)
    letters = LETTERS[: rows(table) + 1]
    paths = []
    own = letters[:-1]
    for n, letter in enumerate(letters):
        chosen = ([items[n]] if n < len(items) else []) if letter in own else list(items[len(own):])
        where = "from attachment" if letter not in own else ""
        _line(ctx, f"{prefix}{letter}", f"{label} ({letter}) {where}".strip(), chosen, citation,
              row=letter in own)
        paths.append(f"{prefix}{letter}")
    return paths


def _rows_then_rest(ctx: Context, prefix: str, label: str, citation: str,
                    *groups: tuple[Sequence[Item], int]) -> list[str]:
    """Lettered lines for a line whose rows come from several tables (e.g. 2a-2b investments,
    2c digital asset): each table's printed rows in turn, then the attachment line with what
    none of them printed."""
    paths, rest, n = [], [], 0
    for items, count in groups:
        for k in range(count):
            path = f"{prefix}{LETTERS[n]}"
            _line(ctx, path, f"{label} ({LETTERS[n]})", list(items[k:k + 1]), citation)
            paths.append(path)
            n += 1
        rest += list(items[count:])
    path = f"{prefix}{LETTERS[n]}"
    _line(ctx, path, f"{label} ({LETTERS[n]}) from attachment", rest, citation, row=False)
    return [*paths, path]


def compute(ctx: Context) -> Equity:
    case, led = ctx.case, ctx.ledger
    qsv = ctx.oic.amount("quick_sale_fraction")
    one = Decimal(1)
    assets = case.assets

    # Line 1: cash and personal bank accounts, less the bank allowance.
    cash: list[Item] = []
    if assets.cash_on_hand:
        cash.append(Item("cash on hand", assets.cash_on_hand, one, ZERO, "/assets/cash_on_hand"))
    cash += [Item(f"{a.institution} {a.account_type}", a.balance, one, ZERO, f"/assets/bank_accounts/{i}")
             for i, a in enumerate(assets.bank_accounts) if not a.business]
    parts = _split(ctx, "oic.line_1", "cash_accounts", "Cash and bank accounts", cash, f"{S3} line 1",
                   group="oic.line_1.items")
    allowance, allowance_in = ctx.oic_const("bank_allowance", "bank allowance")
    _sum(ctx, "oic.line_1", "Cash and bank accounts less the allowance", parts, f"{S3} line 1",
         (allowance, allowance_in))

    # Line 2: investments (market value - loan; x .8 only in revisions that print it), digital assets.
    inv_fraction = ctx.oic.amount("investment_fraction")
    invest = [Item(a.description, a.value, inv_fraction, a.loan_balance, f"/assets/investments/{i}")
              for i, a in enumerate(assets.investments) if not a.is_digital]
    digital = [Item(a.description, a.value, inv_fraction, a.loan_balance, f"/assets/investments/{i}")
               for i, a in enumerate(assets.investments) if a.is_digital]
    listed(ctx, "oic.line_2.investments", "Investments", invest, f"{S3} line 2")
    listed(ctx, "oic.line_2.digital_assets", "Digital assets", digital, f"{S3} line 2c")
    lines2 = _rows_then_rest(ctx, "oic.line_2", "Investments", f"{S3} line 2",
                             (invest, rows("investments")), (digital, rows("digital_assets")))
    _sum(ctx, "oic.line_2", "Investments", lines2, f"{S3} line 2")

    # Line 3: retirement accounts x .8 - loan.
    retire = [Item(a.description, a.value, qsv, a.loan_balance, f"/assets/retirement_accounts/{i}")
              for i, a in enumerate(assets.retirement_accounts)]
    _sum(ctx, "oic.line_3", "Retirement accounts",
         _split(ctx, "oic.line_3", "retirement", "Retirement accounts", retire, f"{S3} line 3",
                group="oic.line_3.items"),
         f"{S3} line 3; IRM 5.8.5.10 (tax and penalty on withdrawal may reduce it further)")

    # Line 4: cash value of life insurance - policy loans.
    policies = [Item(f"{p.company} {p.policy_type} life", p.cash_value, one, p.loan_balance,
                     f"/assets/life_insurance/{i}")
                for i, p in enumerate(assets.life_insurance) if p.policy_type != "term" or p.cash_value]
    _sum(ctx, "oic.line_4", "Cash value of life insurance",
         _split(ctx, "oic.line_4", "life_insurance", "Life insurance cash value", policies, f"{S3} line 4",
                group="oic.line_4.items"),
         f"{S3} line 4")

    # Line 5: real property x .8 - loans.
    realty = [Item(r.description, r.value, qsv, r.loan_balance, f"/assets/real_estate/{i}")
              for i, r in enumerate(assets.real_estate)]
    _sum(ctx, "oic.line_5", "Real property",
         _split(ctx, "oic.line_5", "real_estate", "Real property", realty, f"{S3} line 5",
                group="oic.line_5.items"), f"{S3} line 5")

    # Line 6: vehicles; allowance on 6b, and on 6d only for a joint offer.
    vehicle_items = [Item(v.description, v.value, qsv, v.loan_balance, f"/assets/vehicles/{i}",
                          "leased, enter 0" if v.leased else None) for i, v in enumerate(assets.vehicles)]
    v_allowance, v_allowance_in = ctx.oic_const("vehicle_allowance", "vehicle allowance")
    listed(ctx, "oic.line_6.items", "Vehicles", vehicle_items, f"{S3} line 6")
    if rows("vehicles") != 2:  # 6a and 6c, each with its allowance line (6b, 6d) below it
        raise ValueError("Form 433-A (OIC) line 6 prints two vehicles (6a, 6c); the field map says otherwise")
    _line(ctx, "oic.line_6a", "Vehicle 1 (6a)", vehicle_items[:1], f"{S3} line 6a")
    _sum(ctx, "oic.line_6b", "Vehicle 1 less the allowance (6b)", ["oic.line_6a"], f"{S3} line 6b",
         (v_allowance, v_allowance_in))
    _line(ctx, "oic.line_6c", "Vehicle 2 (6c)", vehicle_items[1:2], f"{S3} line 6c")
    if case.is_joint:
        _sum(ctx, "oic.line_6d", "Vehicle 2 less the allowance, joint offer (6d)", ["oic.line_6c"],
             f"{S3} line 6d (joint offer); IRM 5.8.5.12", (v_allowance, v_allowance_in))
    else:
        _sum(ctx, "oic.line_6d", "Vehicle 2, not a joint offer (6d)", ["oic.line_6c"],
             f"{S3} line 6d (not a joint offer: no allowance); IRM 5.8.5.12")
    _line(ctx, "oic.line_6e", "Other vehicles from attachment (6e)", vehicle_items[2:], f"{S3} line 6e",
          row=False)
    _sum(ctx, "oic.line_6", "Vehicles", ["oic.line_6b", "oic.line_6d", "oic.line_6e"], f"{S3} line 6")
    _vehicle_order_note(ctx, vehicle_items)

    # Line 7: valuables and furniture x .8 - loan, less the exclusion once on the total.
    effects = list(enumerate(assets.personal_effects))
    valuables = [Item(a.description, a.value, qsv, a.loan_balance, f"/assets/personal_effects/{i}")
                 for i, a in effects if not a.is_furniture]
    furniture = [Item(a.description, a.value, qsv, a.loan_balance, f"/assets/personal_effects/{i}")
                 for i, a in effects if a.is_furniture]
    listed(ctx, "oic.line_7.valuables", "Other valuable items", valuables, f"{S3} line 7a")
    listed(ctx, "oic.line_7.furniture", "Furniture and personal effects", furniture, f"{S3} line 7b")
    _rows_then_rest(ctx, "oic.line_7", "Valuables and personal effects", f"{S3} line 7",
                    (valuables, rows("valuables")), (furniture, rows("furniture")))
    exclusion, exclusion_in = ctx.oic_const("personal_effects_exclusion", "IRS deduction")
    _sum(ctx, "oic.line_7", "Valuables and personal effects less the IRS deduction",
         ["oic.line_7a", "oic.line_7b", "oic.line_7c"], f"{S3} line 7", (exclusion, exclusion_in))

    numbered = [f"oic.line_{n}" for n in range(1, 8)]
    box_a = _sum(ctx, "oic.box_a", "Available individual equity in assets (Box A)", numbered,
                 f"{S3} Box A (numbered lines only)")

    # Full-pay screen: the same equity without the bank and vehicle allowances.
    no_allowance = (floor0(sum((led.amount(p) for p in ("oic.line_1a", "oic.line_1b", "oic.line_1c")), ZERO))
                    + led.amount("oic.line_2") + led.amount("oic.line_3") + led.amount("oic.line_4")
                    + led.amount("oic.line_5") + led.amount("oic.line_6a") + led.amount("oic.line_6c")
                    + led.amount("oic.line_6e") + led.amount("oic.line_7"))
    full_pay_a = led.add(
        "oic.full_pay.box_a", "Individual equity without the bank and vehicle allowances", no_allowance,
        "1a + 1b + 1c + line 2 + line 3 + line 4 + line 5 + 6a + 6c + 6e + line 7",
        inputs=[led.ref(p) for p in ("oic.line_1a", "oic.line_1b", "oic.line_1c", "oic.line_2",
                                     "oic.line_3", "oic.line_4", "oic.line_5", "oic.line_6a",
                                     "oic.line_6c", "oic.line_6e", "oic.line_7")],
        citation="Form 433-A (OIC) (Rev. 4-2025) Section 8 note (allowances do not apply when the "
                 "IRS finds the debt can be paid in full); IRM 5.8.5.7, 5.8.5.12")

    box_b = _business_equity(ctx, qsv)
    return Equity(box_a, box_b, full_pay_a)


def _business_equity(ctx: Context, qsv: Decimal) -> Decimal:
    case, led = ctx.case, ctx.ledger
    assets = case.assets
    accounts = [(i, a) for i, a in enumerate(assets.bank_accounts) if a.business]
    has_section5 = case.business is not None or accounts or assets.business_assets
    if not has_section5:
        return led.add("oic.box_b", "Available business equity in assets (Box B)", ZERO,
                       "no self-employment: Sections 4-6 not completed",
                       citation="Form 433-A (OIC) Section 5 Box B")
    one = Decimal(1)
    cash = [Item(f"{a.institution} {a.account_type}", a.balance, one, ZERO, f"/assets/bank_accounts/{i}")
            for i, a in accounts]
    digital = [Item(a.description, a.value, one, a.loan_balance, f"/assets/business_assets/{i}")
               for i, a in enumerate(assets.business_assets) if a.is_digital]
    listed(ctx, "oic.line_8.accounts", "Business bank accounts", cash, f"{S5} line 8")
    listed(ctx, "oic.line_8.digital_assets", "Business digital assets", digital, f"{S5} line 8c")
    n_digital = rows("business_digital")
    lines8 = _rows_then_rest(ctx, "oic.line_8", "Business cash and bank accounts",
                             f"{S5} line 8 (no allowance for business accounts)",
                             (cash, rows("business_accounts")), (digital[:n_digital], n_digital))
    _sum(ctx, "oic.line_8", "Business cash, bank accounts and digital assets", lines8, f"{S5} line 8")
    others = [Item(a.description, a.value, qsv, a.loan_balance, f"/assets/business_assets/{i}",
                   "leased, enter 0" if a.leased else
                   ("used in the production of income, enter 0" if a.used_in_production_of_income else None))
              for i, a in enumerate(assets.business_assets) if not a.is_digital]
    _sum(ctx, "oic.line_9", "Other business assets",
         _split(ctx, "oic.line_9", "business_assets", "Business assets", others + digital[n_digital:],
                f"{S5} line 9 (0 if leased or used in the production of income); IRM 5.8.5.15",
                group="oic.line_9.items"),
         f"{S5} line 9")
    deduction, deduction_in = ctx.oic_const("tools_of_trade_deduction", "tools of trade deduction")
    led.add("oic.line_10", "IRS allowed deduction for professional books and tools of trade", deduction,
            "amount printed on the form revision", inputs=[deduction_in],
            citation=f"{S5} line 10; IRC 6334(a)(3); {ctx.oic.citation}")
    _sum(ctx, "oic.line_11", "Business assets less the deduction", ["oic.line_9"], f"{S5} line 11",
         (deduction, deduction_in))
    return _sum(ctx, "oic.box_b", "Available business equity in assets (Box B)",
                ["oic.line_8", "oic.line_11"], f"{S5} Box B (numbered lines only)")


def _vehicle_order_note(ctx: Context, items: Sequence[Item]) -> None:
    """Rows follow the case order; say so when another order would take more allowance."""
    allowance = ctx.oic.amount("vehicle_allowance")
    slots = 2 if ctx.case.is_joint else 1

    def taken(order: Sequence[Item]) -> Decimal:
        return sum((min(it.equity(), allowance) for it in order[:slots] if not it.zero_reason), ZERO)

    best = sorted(items[:2], key=lambda it: -it.equity()) + list(items[2:])
    best_all = sorted(items, key=lambda it: -it.equity())
    gain = max(taken(best), taken(best_all)) - taken(items)
    if gain > 0:
        ctx.find("OIC-VEHICLE-ORDER",
                 f"listing the vehicle with the most equity first would take {fmt(gain)} more vehicle "
                 "allowance and lower the minimum offer by as much; reorder assets.vehicles in the case",
                 f"{S3} lines 6a-6d; IRM 5.8.5.12", programs=("oic_lump_sum", "oic_periodic"),
                 path="oic.line_6b")
