"""Form 433-A (Rev. 7-2022): Collection Information Statement for Wage Earners and
Self-Employed Individuals (installment agreements, CNC, other collection cases).

Keys are those of ``forms/f433a/7-2022.json``. Section 5 is filled in the taxpayer's
columns only (Gross Monthly income, Actual Monthly expenses); the "Allowable Expenses"
column is IRS use only and has no widget. Tables print a fixed number of rows; items that do
not fit are left for an attachment, and the table total is then taken only from the analysis
(``f433a.line_<n>``), because the mapper would be adding amounts it did not write.

Every date on this revision is printed "(mmddyyyy)" with a MaxLen of 8, so dates are given
as 8-digit strings (format ``digits``). Free text longer than a field's MaxLen is cut at a
word boundary (the PDF refuses longer text); identifiers are never cut.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from formkit.case.model import (
    ZERO,
    Address,
    AssetWithLoan,
    BankAccount,
    Case,
    Income,
    Person,
    PersonRef,
)
from formkit.forms.mappers._shared import masked_account, mmddyyyy, monthly, yes_no
from formkit.forms.mapping import AnalysisLike, FieldValues

T = TypeVar("T")

_ACCOUNT_TYPES = {
    "checking": "Checking",
    "savings": "Savings",
    "money_market": "Money market",
    "cd": "Cert. of deposit",
    "online": "Online",
    "stored_value": "Stored value card",
}
_INVESTMENT_KINDS = {
    "401k": "401(k)",
    "403b": "403(b)",
    "ira": "IRA",
    "roth_ira": "Roth IRA",
    "sep_ira": "SEP IRA",
    "mutual_fund": "Mutual fund",
    "stocks": "Stocks",
    "bonds": "Bonds",
    "pension": "Pension",
}
_ENTITY_BOX = {"partnership": "line_3c.partnership", "llc": "line_3c.llc",
               "corporation": "line_3c.corporation", "other": "line_3c.other"}
_PAY_PERIOD_BOX = {"weekly": "weekly", "biweekly": "biweekly", "monthly": "monthly"}
_OTHER_INCOME_LABELS = {
    "unemployment": "Unemployment compensation",
    "household_contribution": "Household member contribution",
}


def build(case: Case, analysis: AnalysisLike | None) -> FieldValues:
    """Semantic values for Form 433-A (Rev. 7-2022) from a case."""
    v: FieldValues = {}
    _section_1(case, v)
    _section_2(case, v)
    _section_3(case, v)
    _section_4(case, analysis, v)
    _section_5(case, analysis, v)
    _sections_6_7(case, analysis, v)
    return v


# --------------------------------------------------------------------------- helpers






def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-10:]


def _split_phone(v: FieldValues, prefix: str, phone: str | None) -> None:
    if phone:
        d = _digits(phone)
        v[f"{prefix}.area_code"] = d[:3]
        v[f"{prefix}.number"] = d[3:]


def _address_lines(addr: Address, county: bool = False) -> str:
    lines = [addr.street]
    if addr.street2:
        lines.append(addr.street2)
    lines.append(f"{addr.city}, {addr.state} {addr.zip}")
    if county and addr.county:
        lines.append(addr.county)
    if addr.country and addr.country != "US":
        lines.append(addr.country)
    return "\n".join(lines)


def _same_place(a: Address, b: Address) -> bool:
    return (a.street, a.street2, a.city, a.state, a.zip[:5]) == (b.street, b.street2, b.city,
                                                                   b.state, b.zip[:5])




def _owner(case: Case, ref: PersonRef | None, width: int) -> str | None:
    person: Person | None = None
    if ref in (None, "taxpayer"):
        person = case.taxpayer
    elif ref == "spouse":
        person = case.spouse
    if person is not None and len(person.full_name) <= width:
        return person.full_name
    return {"taxpayer": "Taxpayer", "spouse": "Spouse", "joint": "Joint",
            "household": "Household"}.get(ref or "taxpayer")


def _years_months(start: date, end: date) -> tuple[int, int]:
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    months = max(months, 0)
    return months // 12, months % 12


def _total(analysis: AnalysisLike | None, line: str, amounts: Iterable[Decimal],
           all_written: bool) -> Decimal | None:
    """A table or column total: the analysis's amount when it has one, else the sum of the
    amounts written on the form (only when nothing was left for an attachment)."""
    if analysis is not None:
        amount = analysis.amount(f"f433a.{line}")
        if amount is not None:
            return amount
    return sum(amounts, ZERO) if all_written else None


def _rows(items: Sequence[T], room: int) -> tuple[Sequence[T], bool]:
    return items[:room], len(items) <= room


# --------------------------------------------------------------------------- Section 1


def _full_names(case: Case) -> str:
    tp, sp = case.taxpayer, case.spouse
    if sp is None or not case.is_joint:
        return tp.full_name
    both = f"{tp.full_name} & {sp.full_name}"
    if len(both) > 45 and tp.last_name == sp.last_name and not tp.suffix:
        first = " ".join(p for p in (tp.first_name, f"{tp.middle_initial}." if
                                     tp.middle_initial else None) if p)
        both = f"{first} & {sp.full_name}"
    return both


def _married(case: Case) -> bool | None:
    if case.marital_status is not None:
        return case.marital_status in ("married", "separated")
    if case.spouse is not None or case.filing_status in ("married_filing_jointly",
                                                         "married_filing_separately"):
        return True
    if case.filing_status in ("single", "qualifying_surviving_spouse"):
        return False
    return None  # head of household: the filing status does not tell


def _section_1(case: Case, v: FieldValues) -> None:
    tp = case.taxpayer
    v["taxpayer.full_name"] = _full_names(case)
    v["taxpayer.address.full"] = _address_lines(case.address)
    v["taxpayer.address.county"] = case.address.county
    _split_phone(v, "taxpayer.home_phone", tp.home_phone)
    _split_phone(v, "taxpayer.cell_phone", tp.cell_phone)
    _split_phone(v, "taxpayer.work_phone", tp.work_phone)
    married = _married(case)
    if married is not None:
        v["marital_status.married"] = married
        v["marital_status.unmarried"] = not married
    v["taxpayer.ssn"] = tp.ssn
    v["taxpayer.date_of_birth"] = mmddyyyy(tp.date_of_birth)
    if case.spouse is not None:
        v["spouse.ssn"] = case.spouse.ssn
        v["spouse.date_of_birth"] = mmddyyyy(case.spouse.date_of_birth)
    for n, member in enumerate(case.household[:3], start=1):
        v[f"household[{n}].name"] = member.name
        v[f"household[{n}].age"] = member.age
        v[f"household[{n}].relationship"] = member.relationship

    # 3a-3c: interests in an LLC, partnership, corporation, ... (a sole proprietorship is
    # reported in Sections 6 and 7 instead).
    biz = case.business
    entity = biz is not None and biz.kind != "sole_proprietorship"
    yes_no(v, "line_3a", entity)
    if biz is not None and entity:
        if biz.ownership_percent is not None:
            v["line_3a.ownership_percent"] = biz.ownership_percent
        v["line_3b.business_name"] = biz.name
        for kind, key in _ENTITY_BOX.items():
            v[key] = biz.kind == kind


# --------------------------------------------------------------------------- Section 2


def _section_2(case: Case, v: FieldValues) -> None:
    dependents = sum(1 for m in case.household if m.claimed_as_dependent)
    people: list[tuple[str, Person | None, tuple[PersonRef, ...]]] = [
        ("taxpayer", case.taxpayer, ("taxpayer", "joint")),
        ("spouse", case.spouse, ("spouse",)),
    ]
    for who, person, refs in people:
        if person is None:
            continue
        job = next((i for i in case.income if i.source == "wages" and i.person in refs), None)
        if job is None:
            continue
        p = f"{who}.employer"
        v[f"{p}.name"] = job.payer
        if job.payer_address is not None:
            v[f"{p}.address"] = _address_lines(job.payer_address)
        _split_phone(v, f"{p}.phone", job.payer_phone)
        yes_no(v, f"{p}.contact_allowed", job.contact_at_work_allowed)
        if job.start_date is not None:
            years, months = _years_months(job.start_date, case.prepared_on)
            v[f"{p}.years"] = years
            v[f"{p}.months"] = months
        v[f"{who}.occupation"] = job.occupation or person.occupation
        # Dependents are claimed once per return: on a joint return both blocks show it.
        if who == "taxpayer" or case.is_joint:
            v[f"{who}.dependents_claimed"] = dependents
        box = _PAY_PERIOD_BOX.get(job.frequency, "other")
        for name in ("weekly", "biweekly", "monthly", "other"):
            v[f"{who}.pay_period.{name}"] = name == box


# --------------------------------------------------------------------------- Section 3


def _section_3(case: Case, v: FieldValues) -> None:
    info = case.other_information
    yes_no(v, "line_6", info.party_to_lawsuit)
    if info.party_to_lawsuit and info.lawsuit_details:
        v["line_6.subject"] = info.lawsuit_details

    bk = case.compliance.bankruptcy
    if bk is not None:
        filed = bk.open or bk.filed_on is not None or bk.case_number is not None
        yes_no(v, "line_7", filed)
        if filed:
            v["line_7.date_filed"] = mmddyyyy(bk.filed_on)
            v["line_7.petition_number"] = bk.case_number
            v["line_7.location"] = bk.location

    yes_no(v, "line_8", info.lived_outside_us_6_months_last_10_years)
    yes_no(v, "line_9a", info.beneficiary_of_trust_or_estate)
    yes_no(v, "line_9b", info.trustee_or_fiduciary)
    yes_no(v, "line_10", info.safe_deposit_box)
    yes_no(v, "line_11", info.assets_transferred_last_10_years)
    if info.assets_transferred_last_10_years and info.transfer_details:
        v["line_11.assets"] = info.transfer_details


# --------------------------------------------------------------------------- Section 4


def _bank_rows(v: FieldValues, accounts: Sequence[BankAccount], prefix: str,
               room: int) -> tuple[list[Decimal], bool]:
    written, fits = _rows(accounts, room)
    for n, acct in enumerate(written, start=1):
        p = f"{prefix}.account[{n}]"
        v[f"{p}.type"] = _ACCOUNT_TYPES[acct.account_type]
        v[f"{p}.institution"] = (f"{acct.institution}\n{_address_lines(acct.institution_address)}"
                                 if acct.institution_address else acct.institution)
        v[f"{p}.account_number"] = masked_account(acct.account_last4)
        v[f"{p}.balance"] = acct.balance
    return [a.balance for a in written], fits


def _investment_type(item: AssetWithLoan) -> str:
    if item.kind is None:
        return item.description
    label = _INVESTMENT_KINDS.get(item.kind, item.kind.replace("_", " ").capitalize())
    if label.lower() in item.description.lower():
        return item.description
    return f"{label}: {item.description}"


def _asset_rows(v: FieldValues, items: Sequence[AssetWithLoan], prefix: str,
                room: int) -> tuple[list[Decimal], bool]:
    """Lines 19 and 66: description, FMV, loan balance, equity, lender."""
    written, fits = _rows(items, room)
    equities = []
    for n, item in enumerate(written, start=1):
        p = f"{prefix}[{n}]"
        equity = item.value - item.loan_balance
        v[f"{p}.description"] = item.description
        v[f"{p}.fmv"] = item.value
        v[f"{p}.loan_balance"] = item.loan_balance
        v[f"{p}.equity"] = equity
        if item.institution and (item.loan_balance > 0 or item.leased):
            v[f"{p}.lender"] = item.institution
        equities.append(equity)
    return equities, fits


def _section_4(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    assets = case.assets
    v["line_12.cash_on_hand"] = assets.cash_on_hand

    personal = [a for a in assets.bank_accounts if not a.business]
    balances, fits = _bank_rows(v, personal, "line_13", 2)
    if personal:
        v["line_13.as_of"] = mmddyyyy(case.prepared_on)
    v["line_13c.total_cash"] = _total(analysis, "line_13c", balances, fits)

    # 14a-b investments (retirement assets included, as the form asks); 14d-e digital assets.
    investments = [i for i in assets.investments if not i.is_digital]
    investments += list(assets.retirement_accounts)
    digital = [i for i in assets.investments if i.is_digital]
    written, inv_fits = _rows(investments, 2)
    equity_14: list[Decimal] = []
    for n, item in enumerate(written, start=1):
        p = f"line_14.investment[{n}]"
        equity = item.value - item.loan_balance
        v[f"{p}.type"] = _investment_type(item)
        v[f"{p}.company"] = item.institution
        v[f"{p}.value"] = item.value
        v[f"{p}.loan_balance"] = item.loan_balance
        v[f"{p}.equity"] = equity
        equity_14.append(equity)
    if written:
        v["line_14.loan_balance_as_of"] = mmddyyyy(case.prepared_on)
    written_digital, dig_fits = _rows(digital, 2)
    for n, item in enumerate(written_digital, start=1):
        p = f"line_14.digital_asset[{n}]"
        v[f"{p}.type"] = item.description
        v[f"{p}.platform"] = item.institution
        v[f"{p}.value"] = item.value
        equity_14.append(item.value)
    v["line_14f.total_equity"] = _total(analysis, "line_14f", equity_14, inv_fits and dig_fits)

    # 15: the case carries no lines of credit; only an analysis amount can fill 15c.
    v["line_15c.total_available_credit"] = _total(analysis, "line_15c", (), False)

    # 16: life insurance with cash value.
    cash_value_policies = [p for p in assets.life_insurance
                           if p.policy_type != "term" or p.cash_value > 0]
    yes_no(v, "line_16a", bool(cash_value_policies))
    policies, pol_fits = _rows(cash_value_policies, 3)
    available: list[Decimal] = []
    for n, pol in enumerate(policies, start=1):
        p = f"line_16.policy[{n}]"
        v[f"{p}.company"] = pol.company
        v[f"{p}.policy_number"] = masked_account(pol.policy_number_last4)
        v[f"{p}.owner"] = _owner(case, pol.owner, 20)
        v[f"{p}.cash_value"] = pol.cash_value
        v[f"{p}.loan_balance"] = pol.loan_balance
        available.append(pol.cash_value - pol.loan_balance)
    v["line_16g.total_available_cash"] = _total(analysis, "line_16g", available, pol_fits)

    # 17: real property.
    properties, re_fits = _rows(assets.real_estate, 2)
    equity_17: list[Decimal] = []
    for n, prop in enumerate(properties, start=1):
        p = f"line_17.property[{n}]"
        equity = prop.value - prop.loan_balance
        v[f"{p}.description"] = prop.description
        v[f"{p}.purchase_date"] = mmddyyyy(prop.purchase_date)
        v[f"{p}.fmv"] = prop.value
        v[f"{p}.loan_balance"] = prop.loan_balance
        v[f"{p}.monthly_payment"] = prop.monthly_payment
        v[f"{p}.final_payment_date"] = mmddyyyy(prop.final_payment_date)
        v[f"{p}.equity"] = equity
        v[f"{p}.location"] = _address_lines(prop.address, county=True)
        v[f"{p}.lender"] = prop.lender
        equity_17.append(equity)
    v["line_17c.total_equity"] = _total(analysis, "line_17c", equity_17, re_fits)

    # 18: personal vehicles, leased and purchased.
    vehicles, veh_fits = _rows(assets.vehicles, 2)
    equity_18: list[Decimal] = []
    for n, car in enumerate(vehicles, start=1):
        p = f"line_18.vehicle[{n}]"
        equity = car.value - car.loan_balance
        v[f"{p}.year"] = car.year
        v[f"{p}.make_model"] = f"{car.make} {car.model}"
        v[f"{p}.mileage"] = car.mileage
        v[f"{p}.license_plate"] = car.license_plate
        v[f"{p}.purchase_date"] = mmddyyyy(car.purchase_date)
        v[f"{p}.fmv"] = car.value
        v[f"{p}.loan_balance"] = car.loan_balance
        v[f"{p}.monthly_payment"] = car.monthly_payment
        v[f"{p}.final_payment_date"] = mmddyyyy(car.final_payment_date)
        v[f"{p}.equity"] = equity
        v[f"{p}.lender"] = car.lender
        equity_18.append(equity)
    v["line_18c.total_equity"] = _total(analysis, "line_18c", equity_18, veh_fits)

    # 19: other personal assets.
    equity_19, pe_fits = _asset_rows(v, assets.personal_effects, "line_19.asset", 2)
    v["line_19c.total_equity"] = _total(analysis, "line_19c", equity_19, pe_fits)


# --------------------------------------------------------------------------- Section 5


def _monthly_sum(items: Iterable[Income]) -> Decimal:
    return sum((monthly(i.gross, i.frequency) for i in items), ZERO)


def _other_income(case: Case) -> list[tuple[str, Decimal]]:
    """Lines 32-33: income with no line of its own, grouped by what it is, in case order."""
    groups: dict[str, Decimal] = {}
    for inc in case.income:
        if inc.source in ("unemployment", "household_contribution", "other"):
            label = inc.description or _OTHER_INCOME_LABELS.get(inc.source, "Other income")
        elif inc.source in ("wages", "pension", "social_security") and inc.person == "household":
            label = inc.description or "Household member " + inc.source.replace("_", " ")
        else:
            continue
        groups[label] = groups.get(label, ZERO) + monthly(inc.gross, inc.frequency)
    return list(groups.items())


def _section_5(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    inc = case.income

    def of(source: str, people: tuple[PersonRef, ...] | None = None) -> Decimal:
        return _monthly_sum(i for i in inc if i.source == source
                            and (people is None or i.person in people))

    taxpayer: tuple[PersonRef, ...] = ("taxpayer", "joint")
    spouse: tuple[PersonRef, ...] = ("spouse",)
    income: dict[str, Decimal] = {
        "line_20.wages_taxpayer": of("wages", taxpayer),
        "line_21.wages_spouse": of("wages", spouse),
        "line_22.interest_dividends": of("interest_dividends_royalties"),
        "line_23.net_business_income": _net_business_income(case, analysis),
        "line_24.net_rental_income": of("rental"),
        "line_25.distributions": of("distributions"),
        "line_26.pension_taxpayer": of("pension", taxpayer),
        "line_27.pension_spouse": of("pension", spouse),
        "line_28.social_security_taxpayer": of("social_security", taxpayer),
        "line_29.social_security_spouse": of("social_security", spouse),
        "line_30.child_support": of("child_support"),
        "line_31.alimony": of("alimony"),
    }
    other = _other_income(case)
    if len(other) > 2:  # two lines print: the rest is combined on line 33, each one named
        rest = other[1:]
        other = [other[0], ("; ".join(label for label, _ in rest), sum((a for _, a in rest), ZERO))]
    for line, (label, amount) in zip(("line_32", "line_33"), other, strict=False):
        v[f"{line}.other_income.source"] = label
        income[f"{line}.other_income.amount"] = amount
    v.update(income)
    total_income = _total(analysis, "line_34", income.values(), True)
    v["line_34.total_income"] = total_income

    ex = case.expenses
    whole_life = sum((o.amount for o in ex.other if o.category == "whole_life_insurance"), ZERO)
    other_expenses = sum((o.amount for o in ex.other if o.category != "whole_life_insurance"),
                         ZERO)
    expenses: dict[str, Decimal] = {
        "line_35.food_clothing_misc": ex.food_clothing_misc,
        "line_36.housing_utilities": ex.housing_utilities,
        "line_37.vehicle_ownership": sum((c.monthly_payment for c in case.assets.vehicles), ZERO),
        "line_38.vehicle_operating": ex.vehicle_operating,
        "line_39.public_transportation": ex.public_transportation,
        "line_40.health_insurance": ex.health_insurance,
        "line_41.out_of_pocket_health": ex.out_of_pocket_health,
        "line_42.court_ordered_payments": ex.court_ordered_payments,
        "line_43.child_dependent_care": ex.child_dependent_care,
        "line_44.life_insurance": ex.term_life_insurance + whole_life,
        "line_45.current_taxes": ex.current_taxes,
        "line_46.secured_debts": ex.secured_debts,
        "line_47.delinquent_state_local_taxes": ex.delinquent_state_local_taxes,
        "line_48.other_expenses": other_expenses,
    }
    v.update(expenses)
    total_expenses = _total(analysis, "line_49", expenses.values(), True)
    v["line_49.total_living_expenses"] = total_expenses
    net = None
    if analysis is not None:
        net = analysis.amount("f433a.line_50")
    if net is None and total_income is not None and total_expenses is not None:
        net = total_income - total_expenses
    v["line_50.net_difference"] = net


def _sole_proprietor(case: Case) -> bool:
    return case.business is not None and case.business.kind == "sole_proprietorship"


def _net_business_income(case: Case, analysis: AnalysisLike | None) -> Decimal:
    """Line 23: the case's self-employment income; without one, line 89 (a loss is 0)."""
    if analysis is not None:
        amount = analysis.amount("f433a.line_23")
        if amount is not None:
            return amount
    entries = [i for i in case.income if i.source == "self_employment"]
    if entries:
        return _monthly_sum(entries)
    if case.business is not None and _sole_proprietor(case):
        m = case.business.monthly
        return max(m.total_income - m.total_expenses, ZERO)
    return ZERO


# --------------------------------------------------------------------------- Sections 6-7


def _sections_6_7(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    biz = case.business
    if biz is not None:
        yes_no(v, "line_51", biz.kind == "sole_proprietorship")
        if biz.kind != "sole_proprietorship":
            return  # the form sends other entities to Form 433-B
        name = biz.name
        if biz.address is not None and not _same_place(biz.address, case.address):
            name = f"{biz.name}, {biz.address.one_line()}"
        v["business.name_address"] = name
        _split_phone(v, "business.phone", biz.phone)
        v["business.ein"] = biz.ein
        v["business.type"] = biz.description
        v["business.website"] = biz.website
        v["business.employees"] = biz.employees
        v["business.average_monthly_payroll"] = biz.monthly.gross_wages

    accounts = [a for a in case.assets.bank_accounts if a.business]
    balances, fits = _bank_rows(v, accounts, "line_64", 2)
    if accounts:
        v["line_64.as_of"] = mmddyyyy(case.prepared_on)
    if accounts or biz is not None:
        v["line_64c.total_cash"] = _total(analysis, "line_64c", balances, fits)

    receivables, rec_fits = _rows(case.assets.receivables, 5)
    for n, rec in enumerate(receivables, start=1):
        p = f"line_65.receivable[{n}]"
        v[f"{p}.name_address"] = rec.debtor
        v[f"{p}.status"] = rec.status
        v[f"{p}.date_due"] = mmddyyyy(rec.due_date)
        v[f"{p}.amount_due"] = rec.amount
    if receivables or biz is not None:
        v["line_65f.total_outstanding"] = _total(analysis, "line_65f",
                                                 [r.amount for r in receivables], rec_fits)

    equity_66, ba_fits = _asset_rows(v, case.assets.business_assets, "line_66.asset", 2)
    if equity_66 or biz is not None:
        v["line_66c.total_equity"] = _total(analysis, "line_66c", equity_66, ba_fits)

    if biz is None:
        return
    m = biz.monthly
    v["section_7.period.from"] = mmddyyyy(biz.period_start)
    v["section_7.period.to"] = mmddyyyy(biz.period_end)
    income = {
        "line_67.gross_receipts": m.gross_receipts,
        "line_68.gross_rental_income": m.rental_income,
        "line_69.interest": m.interest_income,
        "line_70.dividends": m.dividends,
        # The case's business "other income" carries no description for lines 72-75.
        "line_71.other_cash_receipts": m.other_income,
    }
    expenses = {
        "line_77.materials": m.materials,
        "line_78.inventory": m.inventory,
        "line_79.gross_wages": m.gross_wages,
        "line_80.rent": m.rent,
        "line_81.supplies": m.supplies,
        "line_82.utilities_telephone": m.utilities_telephone,
        "line_83.vehicle_gasoline_oil": m.vehicle_costs,
        "line_85.insurance": m.insurance,
        "line_86.current_taxes": m.current_taxes,
        # "Other expenses, including installment payments": secured-debt payments go here.
        "line_87.other_expenses": m.other_expenses + m.secured_debts,
    }
    v.update(income)
    v.update(expenses)
    total_income = _total(analysis, "line_76", income.values(), True)
    total_expenses = _total(analysis, "line_88", expenses.values(), True)
    v["line_76.total_income"] = total_income
    v["line_88.total_expenses"] = total_expenses
    net = analysis.amount("f433a.line_89") if analysis is not None else None
    if net is None and total_income is not None and total_expenses is not None:
        net = total_income - total_expenses
    v["line_89.net_business_income"] = net
