"""Allowable living expenses (Collection Financial Standards), lines 39-51, Box E, Box F (RMI)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from formkit.analysis.context import Context
from formkit.analysis.errors import StandardsDataError, StandardsError
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, floor0, fmt, to_cents
from formkit.analysis.tables import Looked
from formkit.case.model import OtherExpense, Vehicle

T = TypeVar("T")

SECTION7 = "Form 433-A (OIC) (Rev. 4-2025) Section 7, lines 39-51, Boxes E and F"
CFS = "IRS Collection Financial Standards; IRM 5.15.1; IRM 5.8.5.22"
OTHER_ALLOWED = ("student_loan", "other")
NOT_ALLOWED = ("tuition", "charitable", "unsecured_debt", "voluntary_retirement", "whole_life_insurance")

# (line, key, label) in form order; key names expenses.actual.* / expenses.allowable.*
LINES = (("39", "food_clothing_misc", "Food, clothing and miscellaneous"),
         ("40", "housing_utilities", "Housing and utilities"),
         ("41", "vehicle_ownership", "Vehicle loan and/or lease payments"),
         ("42", "vehicle_operating", "Vehicle operating costs"),
         ("43", "public_transportation", "Public transportation"),
         ("44", "health_insurance", "Health insurance premiums"),
         ("45", "out_of_pocket_health", "Out-of-pocket health care"),
         ("46", "court_ordered_payments", "Court-ordered payments"),
         ("47", "child_dependent_care", "Child/dependent care"),
         ("48", "term_life_insurance", "Life insurance premiums (term)"),
         ("49", "current_taxes", "Current monthly taxes"),
         ("50", "secured_debts_other", "Secured debts/other"),
         ("51", "delinquent_state_local_taxes", "Delinquent state/local tax payments"))


@dataclass(frozen=True, slots=True)
class ExpenseResult:
    box_e: Decimal
    rmi: Decimal
    shortfall: Decimal
    six_year_rmi: Decimal | None


def _actual(ctx: Context) -> dict[str, Decimal]:
    """Actual monthly amounts per category, recorded as expenses.actual.*."""
    case, led = ctx.case, ctx.ledger
    e = case.expenses
    direct = {key: getattr(e, key) for key in (
        "food_clothing_misc", "housing_utilities", "vehicle_operating", "public_transportation",
        "health_insurance", "out_of_pocket_health", "court_ordered_payments", "child_dependent_care",
        "term_life_insurance", "current_taxes", "secured_debts", "delinquent_state_local_taxes")}
    out = {}
    for key, value in direct.items():
        frequency = e.frequency_of(key)
        if frequency == "monthly":
            out[key] = led.add(f"expenses.actual.{key}", f"Actual {key.replace('_', ' ')}", value, "as entered",
                               citation="Case expenses (actual monthly amounts)", sources=(f"/expenses/{key}",))
            continue
        monthly, factor = ctx.monthly(value, frequency)
        out[key] = led.add(f"expenses.actual.{key}", f"Actual {key.replace('_', ' ')}", to_cents(monthly),
                           f"{value} {frequency} {factor}, to the cent",
                           inputs=[Input(f"amount paid {frequency}", value), Input("frequency", frequency)],
                           citation=f"Case expenses; {ctx.pay_period_citation()}",
                           sources=(f"/expenses/{key}", f"/expenses/frequencies/{key}"))
    payments = [(i, v.monthly_payment) for i, v in enumerate(case.assets.vehicles) if v.monthly_payment]
    out["vehicle_ownership"] = led.add(
        "expenses.actual.vehicle_ownership", "Actual vehicle loan/lease payments",
        sum((p for _, p in payments), ZERO), "sum of each vehicle's monthly payment",
        inputs=[Input(f"vehicle[{i}] payment", p) for i, p in payments],
        citation="Case vehicles", sources=tuple(f"/assets/vehicles/{i}" for i, _ in payments))
    required, sources, inputs = ZERO, [], []
    for i, item in enumerate(case.income):
        d = item.deductions
        if d is None or not (d.retirement_required or d.union_dues):
            continue
        monthly, factor = ctx.monthly(d.retirement_required + d.union_dues, item.frequency)
        required += to_cents(monthly)
        inputs.append(Input(f"income[{i}] required retirement + union dues {factor}", to_cents(monthly)))
        sources.append(f"/income/{i}/deductions")
    out["required_deductions"] = led.add(
        "expenses.actual.required_payroll_deductions",
        "Employer-required retirement and union dues", required,
        "sum of required deductions converted to monthly", inputs=inputs,
        citation=f"{SECTION7} (line 50 'employer required retirement or dues'); "
                 f"{ctx.pay_period_citation()}", sources=sources)
    monthly_other = [_other_monthly(ctx, o) for o in e.other]
    for group, categories, label in (("other_allowed", OTHER_ALLOWED, "Other necessary expenses"),
                                     ("not_allowed", NOT_ALLOWED, "Expenses not allowed for offers")):
        chosen = [(i, o) for i, o in enumerate(e.other) if o.category in categories]
        out[group] = led.add(
            f"expenses.actual.{group}", label, sum((monthly_other[i][0] for i, _ in chosen), ZERO),
            "sum of the listed expenses, each per month",
            inputs=[Input(o.description + monthly_other[i][1], monthly_other[i][0]) for i, o in chosen],
            citation=("Form 433-A (OIC) line 50 (government guaranteed student loan, other necessary "
                      "expenses); IRM 5.15.1" if group == "other_allowed" else
                      "Form 656-B (Rev. 4-2021) p.5 Step 1; Form 433-A (Rev. 7-2022) note 6; IRM 5.8.5.22.4"),
            sources=[f"/expenses/other/{i}" for i, _ in chosen])
        if group == "not_allowed" and chosen:
            ctx.find("OIC-023",
                     "not allowed as living expenses and left out of the expense lines: "
                     + ", ".join(f"{o.description} ({o.category.replace('_', ' ')}, {fmt(monthly_other[i][0])} a "
                                 "month)" for i, o in chosen),
                     "Form 656-B (Rev. 4-2021) p.5 Step 1; IRM 5.8.5.22.4",
                     path="expenses.actual.not_allowed")
    return out


DEVIATION = ("IRM 5.15.1 (a deviation from the standards is allowed when they are inadequate to provide for "
             "basic living expenses; the taxpayer documents it)")


def _overrides(ctx: Context, allowable: dict[str, Decimal], actual: dict[str, Decimal]) -> None:
    """The allowances claimed above the standards (scenario 'claimed') or the IRS's proposed
    ones (scenario 'irs_proposed') replace the standards' amount on the form line; the
    standards' own amount stays at expenses.allowable.<key> for comparison."""
    led, case = ctx.ledger, ctx.case
    labels = {key: label for _, key, label in LINES}
    if ctx.scenario == "irs_proposed":
        proposal = case.irs_proposal
        for key, amount in sorted((proposal.allowed if proposal is not None else {}).items()):
            allowable[key] = led.add(
                f"expenses.irs_proposed.{key}", f"{labels[key]}: allowed by the IRS", amount,
                "as the IRS proposed", inputs=[led.ref(f"expenses.allowable.{key}", "standards allow")],
                citation=f"{proposal.description if proposal else ''}; IRM 5.15.1", sources=("/irs_proposal/allowed",))
        return
    for key, claim in sorted(case.expenses.claimed.items()):
        standard = allowable[key]
        docs = "; ".join(claim.documents)
        allowable[key] = led.add(
            f"expenses.claimed.{key}", f"{labels[key]}: claimed above the standard", claim.amount,
            "as claimed, with its reason and documents",
            inputs=[led.ref(f"expenses.allowable.{key}", "standards allow"), Input("reason", claim.reason),
                    Input("documents", docs or "none")],
            citation=DEVIATION, sources=(f"/expenses/claimed/{key}",))
        paid = actual.get(key, actual["secured_debts"] + actual["required_deductions"] + actual["other_allowed"]
                          if key == "secured_debts_other" else None)
        ctx.find("EXPENSE-CLAIMED",
                 f"{labels[key]}: {fmt(claim.amount)} a month is claimed instead of the {fmt(standard)} the "
                 f"standards allow ({fmt(claim.amount - standard)} more): {claim.reason}"
                 + (f" (documents: {docs})" if docs else ""), DEVIATION,
                 programs=("oic_lump_sum", "oic_periodic", "ia_non_streamlined", "ia_partial_payment", "cnc"),
                 path=f"expenses.claimed.{key}")
        if not claim.documents:
            ctx.find("EXPENSE-CLAIM-UNDOCUMENTED",
                     f"{labels[key]}: the claim above the standard lists no documents; the IRS allows a deviation "
                     "only with proof that the standard is inadequate", DEVIATION, path=f"expenses.claimed.{key}")
        if paid is not None and claim.amount > paid:
            ctx.find("EXPENSE-CLAIM-ABOVE-ACTUAL",
                     f"{labels[key]}: {fmt(claim.amount)} is claimed but {fmt(paid)} a month is actually paid",
                     DEVIATION, path=f"expenses.claimed.{key}")


def _other_monthly(ctx: Context, item: OtherExpense) -> tuple[Decimal, str]:
    """(monthly amount to the cent, ': 600 annual / 12' or '') for an 'other' expense."""
    if item.frequency == "monthly":
        return item.amount, ""
    monthly, factor = ctx.monthly(item.amount, item.frequency)
    return to_cents(monthly), f": {item.amount} {item.frequency} {factor}"


def _standard(ctx: Context, path: str, label: str, looked: list[Looked], formula: str) -> Decimal:
    total = sum((x.amount for x in looked), ZERO)
    return ctx.ledger.add(path, label, total, formula,
                          inputs=[Input(x.what, x.amount, x.version.label) for x in looked],
                          citation="; ".join(dict.fromkeys(x.version.citation for x in looked)) or CFS)


def _lesser(ctx: Context, key: str, label: str, actual: Decimal, standard_path: str,
            citation: str) -> Decimal:
    led = ctx.ledger
    standard = led.amount(standard_path)
    allowed = min(actual, standard)
    note = (f"actual {fmt(actual)} is above the standard; the IRS allows {fmt(standard)} unless the excess "
            "is shown to be necessary" if actual > standard else None)
    return led.add(f"expenses.allowable.{key}", f"Allowable {label.lower()}", allowed,
                   "lesser of actual and standard",
                   inputs=[led.ref(f"expenses.actual.{key}", "actual"), led.ref(standard_path, "standard")],
                   citation=citation, note=note)


def _vehicles_allowed(ctx: Context) -> int:
    v = ctx.std.version("transportation")
    key = "two_adults" if ctx.case.spouse is not None else "one_adult"
    return int(v.amount("vehicles_allowed", key))


def compute(ctx: Context, box_d: Decimal) -> ExpenseResult:
    case, led, std = ctx.case, ctx.ledger, ctx.std
    actual = _actual(ctx)
    size = case.household_size
    address = case.address
    if not address.county:
        raise StandardsError("Form 433-A (OIC) lines 40 and 42 (housing and utilities, vehicle operating "
                             "costs) need the county: the housing and transportation standards are chosen "
                             "by state and county (add address.county, e.g. 'Harris County')")
    allowable: dict[str, Decimal] = {}

    national = _table("39", "food, clothing and miscellaneous", lambda: std.national_standard(size))
    _standard(ctx, "expenses.standard.national", "National Standards (food, clothing, other items)",
              [national], f"table amount for a household of {size}")
    allowable["food_clothing_misc"] = led.add(
        "expenses.allowable.food_clothing_misc", "Allowable food, clothing and miscellaneous",
        national.amount, "the full National Standard for the household size, even if actual is less",
        inputs=[led.ref("expenses.standard.national", "standard"),
                Input("household size", str(size))],
        citation=f"{SECTION7} note for lines 39 and 45; {national.version.citation}",
        note=(f"actual {fmt(actual['food_clothing_misc'])} is above the standard: the excess needs proof that "
              "it is necessary" if actual["food_clothing_misc"] > national.amount else None))

    county = address.county
    housing = _table("40", "housing and utilities", lambda: std.housing(address.state, county, size))
    _standard(ctx, "expenses.standard.housing_utilities", "Housing and utilities standard", [housing],
              "table amount for the county and family size")
    allowable["housing_utilities"] = _lesser(ctx, "housing_utilities", "Housing and utilities",
                                             actual["housing_utilities"],
                                             "expenses.standard.housing_utilities",
                                             f"{CFS} (lesser of actual and standard; primary residence)")

    vehicles = case.assets.vehicles
    allowed_count = _vehicles_allowed(ctx)
    with_payment = sorted(((i, v) for i, v in enumerate(vehicles) if v.monthly_payment),
                          key=lambda iv: (-iv[1].monthly_payment, iv[0]))[:allowed_count]
    own = _table("41", "vehicle loan and/or lease payments", std.ownership)
    _standard(ctx, "expenses.standard.vehicle_ownership", "Vehicle ownership standard",
              [own] * len(with_payment),
              f"{own.amount} per vehicle with a loan or lease payment, at most {allowed_count}")
    per_vehicle = [(i, v, min(v.monthly_payment, own.amount)) for i, v in with_payment]
    allowable["vehicle_ownership"] = led.add(
        "expenses.allowable.vehicle_ownership", "Allowable vehicle ownership costs",
        sum((a for _, _, a in per_vehicle), ZERO),
        "sum over allowed vehicles of the lesser of the payment and the ownership standard",
        inputs=[Input(f"vehicle[{i}] {v.description}: min({v.monthly_payment}, {own.amount})", a)
                for i, v, a in per_vehicle],
        citation=f"{CFS} (ownership cost only with a loan or lease payment; "
                 f"at most {allowed_count} vehicle(s) for this household); {own.version.citation}",
        note=_excess_vehicles_note(vehicles, allowed_count),
        sources=[f"/assets/vehicles/{i}" for i, _ in with_payment])

    count = min(len(vehicles), allowed_count)
    operating = [_table("42", "vehicle operating costs", lambda: std.operating(address.state, county, count))
                 ] if count else []
    _standard(ctx, "expenses.standard.vehicle_operating", "Vehicle operating standard", operating,
              f"operating-cost column for {count} vehicle(s)" if count else "no vehicle")
    allowable["vehicle_operating"] = _lesser(ctx, "vehicle_operating", "Vehicle operating costs",
                                             actual["vehicle_operating"],
                                             "expenses.standard.vehicle_operating", CFS)

    public = _table("43", "public transportation", std.public_transportation)
    _standard(ctx, "expenses.standard.public_transportation", "Public transportation standard",
              [public], "per household")
    if vehicles:
        allowable["public_transportation"] = _lesser(
            ctx, "public_transportation", "Public transportation", actual["public_transportation"],
            "expenses.standard.public_transportation",
            f"{CFS}; Form 433-F instructions (Rev. 7-2024) p.4 (allowed in addition to vehicle costs "
            "when actually incurred; lesser-of for this case UNCONFIRMED)")
    else:
        allowable["public_transportation"] = led.add(
            "expenses.allowable.public_transportation", "Allowable public transportation",
            public.amount, "no vehicle: the public transportation standard in full",
            inputs=[led.ref("expenses.standard.public_transportation", "standard")],
            citation=f"{CFS} (taxpayers with no vehicle are allowed the standard without checking "
                     f"actual spending); {public.version.citation}")

    people = [("taxpayer", case.taxpayer.age_on(ctx.as_of))]
    if case.spouse is not None:
        people.append(("spouse", case.spouse.age_on(ctx.as_of)))
    people += [(m.name, m.age) for m in case.household]
    oop = [_table("45", "out-of-pocket health care", lambda age=age: std.out_of_pocket(age))  # type: ignore[misc]
           for _, age in people]
    _standard(ctx, "expenses.standard.out_of_pocket_health", "Out-of-pocket health care standard",
              oop, "per person by age band, summed over the household")
    allowable["out_of_pocket_health"] = led.add(
        "expenses.allowable.out_of_pocket_health", "Allowable out-of-pocket health care",
        led.amount("expenses.standard.out_of_pocket_health"),
        "the full standard per person, even if actual is less",
        inputs=[led.ref("expenses.standard.out_of_pocket_health", "standard")],
        citation=f"{SECTION7} note for lines 39 and 45; {oop[0].version.citation}")

    for key in ("health_insurance", "court_ordered_payments", "child_dependent_care",
                "term_life_insurance", "current_taxes", "delinquent_state_local_taxes"):
        allowable[key] = led.add(f"expenses.allowable.{key}", f"Allowable {key.replace('_', ' ')}",
                                 actual[key], "actual amount (other necessary expense)",
                                 inputs=[led.ref(f"expenses.actual.{key}", "actual")],
                                 citation=f"{CFS}; IRM 5.15.1 other expenses (necessary-expense test)")
    allowable["secured_debts_other"] = led.add(
        "expenses.allowable.secured_debts_other", "Allowable secured debts and other necessary expenses",
        actual["secured_debts"] + actual["required_deductions"] + actual["other_allowed"],
        "secured debts + employer-required retirement/dues + other necessary expenses",
        inputs=[led.ref("expenses.actual.secured_debts", "secured debts"),
                led.ref("expenses.actual.required_payroll_deductions", "required deductions"),
                led.ref("expenses.actual.other_allowed", "other necessary")],
        citation=f"{SECTION7} line 50; IRM 5.15.1 other expenses")

    _overrides(ctx, allowable, actual)
    line_paths = []
    for number, key, label in LINES:
        path = f"oic.line_{number}"
        value = allowable[key]
        source = next((p for p in (f"expenses.irs_proposed.{key}", f"expenses.claimed.{key}") if p in led),
                      f"expenses.allowable.{key}")
        led.add(path, label, ctx.oic_round(value), f"{source.split('.')[1].replace('_', ' ')} {value} rounded to "
                "whole dollars", inputs=[led.ref(source, source.split(".")[1])], citation=SECTION7)
        line_paths.append(path)
    total_allowable = led.add("expenses.allowable.total", "Total allowable expenses",
                              sum(allowable.values(), ZERO), "sum of the allowable amounts",
                              inputs=[led.ref(f"expenses.allowable.{k}") for _, k, _ in LINES],
                              citation=CFS)
    box_e = led.add("oic.box_e", "Total household expenses (Box E)",
                    sum((led.amount(p) for p in line_paths), ZERO), "lines 39 through 51",
                    inputs=[led.ref(p) for p in line_paths], citation=SECTION7,
                    note="the lines carry the amounts the IRS allows (standards and lesser-of rules), "
                         "so Box F is the remaining monthly income the IRS will compute")
    rmi = led.add("oic.box_f", "Remaining monthly income (Box F)", floor0(box_d - box_e),
                  "max(0, Box D - Box E)", inputs=[led.ref("oic.box_d"), led.ref("oic.box_e")],
                  citation=SECTION7)
    led.add("rmi", "Remaining monthly income (monthly disposable income)", rmi, "Box F",
            inputs=[led.ref("oic.box_f")], citation=f"{SECTION7}; IRM 5.14.1.4 (installment agreements)")
    shortfall = floor0(box_e - box_d)
    led.add("expenses.monthly_shortfall", "Allowable expenses above income", shortfall,
            "max(0, Box E - Box D)", inputs=[led.ref("oic.box_e"), led.ref("oic.box_d")],
            citation="IRM 5.16.1.2.9 (hardship: income does not cover allowable expenses)")

    six_year = _six_year(ctx, actual, allowable, total_allowable, box_d)
    return ExpenseResult(box_e, rmi, shortfall, six_year)


def _table(line: str, what: str, look: Callable[[], T]) -> T:
    """A standards lookup for one form line; a missing table says which line needs it."""
    try:
        return look()
    except StandardsDataError:
        raise
    except StandardsError as exc:
        raise StandardsError(f"Form 433-A (OIC) line {line} ({what}) needs a standard that is not "
                             f"loaded: {exc}") from None


def _excess_vehicles_note(vehicles: tuple[Vehicle, ...], allowed: int) -> str | None:
    if len(vehicles) > allowed:
        return (f"{len(vehicles)} vehicles, {allowed} allowed for this household; ownership and "
                "operating costs are counted for the allowed number only")
    return None


def _six_year(ctx: Context, actual: dict[str, Decimal], allowable: dict[str, Decimal],
              total_allowable: Decimal, box_d: Decimal) -> Decimal | None:
    """Installment agreements only: with the six-year rule all reasonable actual amounts count."""
    led = ctx.ledger
    mapping = {key: actual.get(key, ZERO) for _, key, _ in LINES}
    mapping["secured_debts_other"] = (actual["secured_debts"] + actual["required_deductions"]
                                      + actual["other_allowed"])
    larger = {key: max(mapping[key], allowable[key]) for _, key, _ in LINES}
    total = sum(larger.values(), ZERO) + actual["not_allowed"]
    if total <= total_allowable:
        return None
    excess = [(k, mapping[k] - allowable[k]) for _, k, _ in LINES if mapping[k] > allowable[k]]
    inputs = [Input(f"{k.replace('_', ' ')}: actual above allowable by", v) for k, v in excess]
    if actual["not_allowed"]:
        inputs.append(led.ref("expenses.actual.not_allowed", "conditional expenses"))
    led.add("expenses.six_year_rule.total", "Expenses if actual amounts above the standards are allowed",
            total, "sum over lines 39-51 of the larger of actual and allowable, plus conditional expenses",
            inputs=[led.ref("expenses.allowable.total"), *inputs],
            citation="IRM 5.14.1.4.1 (six-year rule: installment agreements that full-pay within six "
                     "years and the CSED; not for offers)")
    return led.add("rmi.six_year_rule", "Remaining monthly income under the six-year rule",
                   to_cents(floor0(box_d - total)), "max(0, Box D - six-year-rule expenses)",
                   inputs=[led.ref("oic.box_d"), led.ref("expenses.six_year_rule.total")],
                   citation="IRM 5.14.1.4.1")
