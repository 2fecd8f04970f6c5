"""Form 433-F (Rev. 7-2024), Collection Information Statement: case -> semantic field values.

The actual-expense column of Section H comes from the case (monthly amounts; payroll
deductions converted with the form's pay-period factors); every "IRS Allowed" amount comes
from the analysis under ``f433f.<semantic key>`` (e.g.
``f433f.section_h.food_personal_care.total.allowed``) and stays blank without one. Column
totals of the actual amounts are added here because they are plain sums of what this mapper
writes. Tables with more entries than printed rows get the first rows; the rest belong on
an additional sheet.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from formkit.case.model import (
    Address,
    AssetWithLoan,
    BankAccount,
    Case,
    Deductions,
    Income,
    OtherExpense,
    Person,
)
from formkit.forms.mappers._shared import masked_account, monthly
from formkit.forms.mapping import AnalysisLike, FieldValues, Value

_ZERO = Decimal(0)
_ANALYSIS_PREFIX = "f433f."

_ACCOUNT_TYPES = {"checking": "Checking", "savings": "Savings", "money_market": "Money market",
                  "cd": "CD", "online": "Online", "stored_value": "Stored value"}
_INVESTMENT_KINDS = {"401k": "401(k)", "403b": "403(b)", "457b": "457(b)", "ira": "IRA",
                     "roth_ira": "Roth IRA", "sep_ira": "SEP IRA", "simple_ira": "SIMPLE IRA",
                     "cd": "CD"}
_BUSINESS_KINDS = {"sole_proprietorship": "Sole proprietorship", "partnership": "Partnership",
                   "llc": "LLC", "corporation": "Corporation", "other": "Other"}
_PAY_BOXES = ("weekly", "biweekly", "semimonthly", "monthly")
# Section G: income source -> field (monthly amounts).
_NON_WAGE = {"alimony": "alimony", "child_support": "child_support",
             "self_employment": "net_self_employment", "rental": "net_rental",
             "unemployment": "unemployment", "pension": "pension",
             "interest_dividends_royalties": "interest_dividends",
             "social_security": "social_security"}
_OTHER_INCOME_LABELS = {"distributions": "Distributions",
                        "household_contribution": "Household contribution", "other": "Other"}
# Other expenses that have no printed row of their own go to "Other (specify)".
_OWN_ROW = {"student_loan", "voluntary_retirement", "unsecured_debt"}
_OTHER_ROWS = 3


def build(case: Case, analysis: AnalysisLike | None) -> FieldValues:
    values: FieldValues = {}
    _header(case, values)
    _accounts(case, values)
    _real_estate(case, values)
    _other_assets(case, values)
    _credit_cards(case, values)
    _business_information(case, values)
    for person in ("taxpayer", "spouse"):
        _employment(case, person, values)
    _non_wage_income(case, values)
    _living_expenses(case, values)
    _allowed(values, analysis)
    _signature_date(case, values)
    return values


# --------------------------------------------------------------------------- header

def _name_line(case: Case) -> str:
    if case.spouse is None:
        return case.taxpayer.full_name
    return f"{case.taxpayer.full_name} & {case.spouse.full_name}"


def _address_lines(address: Address) -> str:
    street = f"{address.street} {address.street2}" if address.street2 else address.street
    last = f"{address.city}, {address.state} {address.zip}"
    if address.country.upper() not in ("US", "USA", "UNITED STATES"):
        last = f"{last}, {address.country}"
    return f"{street}\n{last}"


def _phones(person: Person, who: str, values: FieldValues) -> None:
    values[f"{who}.home_phone"] = person.home_phone
    values[f"{who}.work_phone"] = person.work_phone
    values[f"{who}.cell_phone"] = person.cell_phone


def _header(case: Case, values: FieldValues) -> None:
    address = case.mailing_address or case.address
    values["taxpayer.name_and_address"] = f"{_name_line(case)}\n{_address_lines(address)}"
    values["taxpayer.address.county"] = case.address.county
    values["taxpayer.ssn"] = case.taxpayer.ssn
    _phones(case.taxpayer, "taxpayer", values)
    if case.spouse is not None:
        values["spouse.ssn"] = case.spouse.ssn
        _phones(case.spouse, "spouse", values)
    # People claimable on this year's return, "including you and your spouse".
    ages = [case.taxpayer.age_on(case.prepared_on)]
    if case.spouse is not None:
        ages.append(case.spouse.age_on(case.prepared_on))
    ages.extend(m.age for m in case.household if m.claimed_as_dependent)
    values["household.under_65"] = sum(1 for age in ages if age < 65)
    values["household.age_65_or_over"] = sum(1 for age in ages if age >= 65)
    biz = case.business
    if biz is not None:
        values["business.name"] = biz.name
        values["business.ein"] = biz.ein
        values["business.type"] = biz.description or _BUSINESS_KINDS[biz.kind]
        values["business.employees"] = biz.employees


# --------------------------------------------------------------------------- A. accounts

def _institution(name: str, address: Address | None) -> str:
    return f"{name}, {address.one_line()}" if address is not None else name




def _bank_row(key: str, account: BankAccount, values: FieldValues) -> None:
    values[f"{key}.institution"] = _institution(account.institution, account.institution_address)
    values[f"{key}.account_number"] = masked_account(account.account_last4)
    values[f"{key}.type"] = _ACCOUNT_TYPES[account.account_type]
    values[f"{key}.balance"] = account.balance
    values[f"{key}.business"] = account.business


def _investment_row(key: str, asset: AssetWithLoan, values: FieldValues) -> None:
    values[f"{key}.institution"] = asset.institution or asset.description
    values[f"{key}.type"] = _kind_label(asset.kind) if asset.kind else asset.description
    values[f"{key}.balance"] = asset.value


def _kind_label(kind: str) -> str:
    if kind in _INVESTMENT_KINDS:
        return _INVESTMENT_KINDS[kind]
    return kind.replace("_", " ").capitalize()


def _accounts(case: Case, values: FieldValues) -> None:
    assets = case.assets
    banks = [a for a in assets.bank_accounts if a.account_type != "cd"]
    for row, account in enumerate(banks[:2], start=1):
        _bank_row(f"section_a.bank_account[{row}]", account, values)
    # Certificates of deposit are listed under investments, as the form says.
    investments: list[BankAccount | AssetWithLoan] = [
        a for a in assets.bank_accounts if a.account_type == "cd"]
    investments += [a for a in assets.investments if not a.is_digital]
    investments += list(assets.retirement_accounts)
    for row, item in enumerate(investments[:2], start=1):
        key = f"section_a.investment[{row}]"
        if isinstance(item, BankAccount):
            _bank_row(key, item, values)
        else:
            _investment_row(key, item, values)
    digital = [a for a in assets.investments if a.is_digital]
    for row, asset in enumerate(digital[:2], start=1):
        key = f"section_a.digital_asset[{row}]"
        values[f"{key}.currency_type"] = asset.description
        values[f"{key}.wallet"] = asset.institution
        values[f"{key}.value"] = asset.value


# --------------------------------------------------------------------------- B. real estate

def _real_estate(case: Case, values: FieldValues) -> None:
    for row, prop in enumerate(case.assets.real_estate[:2], start=1):
        key = f"section_b.real_estate[{row}]"
        where = prop.address.one_line()
        if prop.address.county:
            where = f"{where} ({prop.address.county})"
        values[f"{key}.description"] = f"{prop.description}\n{where}"
        values[f"{key}.primary_residence"] = prop.primary_residence
        values[f"{key}.other"] = not prop.primary_residence
        values[f"{key}.monthly_payment"] = _positive(prop.monthly_payment)
        values[f"{key}.year_purchased"] = _year(prop.purchase_date)
        values[f"{key}.purchase_price"] = prop.purchase_price
        values[f"{key}.current_value"] = prop.value
        values[f"{key}.balance_owed"] = prop.loan_balance
        values[f"{key}.equity"] = prop.value - prop.loan_balance


def _year(day: date | None) -> int | None:
    return day.year if day is not None else None


# --------------------------------------------------------------------------- C. other assets

def _other_asset_rows(case: Case) -> Iterator[tuple[str, Decimal, int | None, date | None,
                                                    Decimal, Decimal]]:
    """(description, monthly payment, year purchased, final payment, value, balance owed)."""
    assets = case.assets
    for v in assets.vehicles:
        description = f"{v.description} (lease)" if v.leased else v.description
        yield (description, v.monthly_payment, None if v.leased else _year(v.purchase_date),
               v.final_payment_date, v.value, v.loan_balance)
    for policy in assets.life_insurance:
        if policy.policy_type == "term":
            continue  # no cash value: its premium is an expense (Section H)
        yield (f"{policy.policy_type.capitalize()} life insurance, {policy.company}", _ZERO, None,
               None, policy.cash_value, policy.loan_balance)
    for asset in (*assets.personal_effects, *assets.business_assets):
        yield (asset.description, _ZERO, None, None, asset.value, asset.loan_balance)


def _other_assets(case: Case, values: FieldValues) -> None:
    rows = list(_other_asset_rows(case))[:2]
    for row, (description, payment, year, final, value, owed) in enumerate(rows, start=1):
        key = f"section_c.other_asset[{row}]"
        values[f"{key}.description"] = description
        values[f"{key}.monthly_payment"] = payment if payment > 0 else None
        values[f"{key}.year_purchased"] = year
        if final is not None:
            values[f"{key}.final_payment_month"] = f"{final.month:02d}"
            values[f"{key}.final_payment_year"] = f"{final.year % 100:02d}"
        values[f"{key}.current_value"] = value
        values[f"{key}.balance_owed"] = owed
        values[f"{key}.equity"] = value - owed


# --------------------------------------------------------------------------- D. credit cards

def _credit_cards(case: Case, values: FieldValues) -> None:
    listed = case.expenses.monthly_equivalent(monthly).other
    debts = [e for e in listed if e.category == "unsecured_debt"]
    for row, debt in enumerate(debts[:2], start=1):
        values[f"section_d.credit_card[{row}].type"] = debt.description
        values[f"section_d.credit_card[{row}].minimum_payment"] = debt.amount


# --------------------------------------------------------------------------- E. business

def _business_information(case: Case, values: FieldValues) -> None:
    receivables = case.assets.receivables
    for row, receivable in enumerate(receivables[:2], start=1):
        values[f"section_e1.receivable[{row}].name"] = receivable.debtor
        values[f"section_e1.receivable[{row}].amount_owed"] = receivable.amount
    if len(receivables) > 2:
        values["section_e1.additional_sheets_total"] = _sum(r.amount for r in receivables[2:])
    if receivables:
        values["section_e1.total_available"] = _sum(r.amount for r in receivables)
    if case.business is not None and case.business.accepts_cards:
        values["section_e2.name_on_account"] = case.business.name


# --------------------------------------------------------------------------- F. employment

def _wages(case: Case, person: str) -> Income | None:
    for income in case.income:
        if income.person == person and income.source == "wages":
            return income
    return None


def _time_between(start: date, end: date) -> str:
    months = (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)
    months = max(months, 0)
    years, months = divmod(months, 12)
    if years == 0:
        return f"{months} mos"
    return f"{years} yrs {months} mos"


def _employment(case: Case, person: str, values: FieldValues) -> None:
    wages = _wages(case, person)
    if wages is None:
        return
    key = f"section_f.{person}"
    employer = wages.payer
    if employer is not None and wages.payer_address is not None:
        employer = f"{employer}\n{wages.payer_address.one_line()}"
    values[f"{key}.employer"] = employer
    for box in _PAY_BOXES:
        values[f"{key}.paid_{box}"] = wages.frequency == box
    values[f"{key}.gross_per_pay_period"] = wages.gross
    if wages.deductions is not None:
        values[f"{key}.federal_tax"] = wages.deductions.federal_tax
        # the case carries state and local withholding as one amount
        values[f"{key}.state_tax"] = wages.deductions.state_local_tax
    if wages.start_date is not None:
        values[f"{key}.time_at_employer"] = _time_between(wages.start_date, case.prepared_on)


# --------------------------------------------------------------------------- G. non-wage income

def _non_wage_income(case: Case, values: FieldValues) -> None:
    sums: dict[str, Decimal] = {}
    other_labels: list[str] = []
    for income in case.income:
        if income.source == "wages":
            continue
        amount = monthly(income.gross, income.frequency)
        field = _NON_WAGE.get(income.source)
        if field is None:
            field = "other"
            label = income.description or _OTHER_INCOME_LABELS[income.source]
            if label not in other_labels:
                other_labels.append(label)
        sums[field] = sums.get(field, _ZERO) + amount
    for field, amount in sums.items():
        values[f"section_g.{field}"] = amount
    if other_labels:
        values["section_g.other_description"] = ", ".join(other_labels)


# --------------------------------------------------------------------------- H. expenses

def _positive(amount: Decimal) -> Decimal | None:
    return amount if amount > 0 else None


def _sum(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, _ZERO)


def _payroll(case: Case, item: str) -> Decimal:
    """Monthly total of one payroll deduction over every paycheck in the household."""
    total = _ZERO
    for income in case.income:
        deductions: Deductions | None = income.deductions
        if deductions is not None:
            total += monthly(getattr(deductions, item), income.frequency)
    return total


def _total(values: FieldValues, box: str, rows: Iterable[str]) -> None:
    written = [v for r in rows if isinstance(v := values.get(f"{box}.{r}.actual"), Decimal)]
    if written:
        values[f"{box}.total.actual"] = _sum(written)


def _living_expenses(case: Case, values: FieldValues) -> None:
    ex = case.expenses.monthly_equivalent(monthly)
    # 1. The case holds food, clothing and miscellaneous as one amount: the form asks for the
    # total only in that case.
    values["section_h.food_personal_care.total.actual"] = _positive(ex.food_clothing_misc)

    box = "section_h.transportation"
    values[f"{box}.vehicle_operating.actual"] = _positive(ex.vehicle_operating)
    values[f"{box}.public_transportation.actual"] = _positive(ex.public_transportation)
    _total(values, box, ("vehicle_operating", "public_transportation"))

    # 3. Housing: the mortgage payment is listed in Section B, not here (instructions), so
    # it comes out of the case's housing-and-utilities amount.
    mortgage = _sum(p.monthly_payment for p in case.assets.real_estate if p.primary_residence)
    values["section_h.housing_utilities.total.actual"] = _positive(ex.housing_utilities - mortgage)

    box = "section_h.medical"
    values[f"{box}.health_insurance.actual"] = _positive(ex.health_insurance)
    values[f"{box}.out_of_pocket.actual"] = _positive(ex.out_of_pocket_health)
    _total(values, box, ("health_insurance", "out_of_pocket"))

    _other_expenses(case, values)


def _category_total(expenses: Iterable[OtherExpense], category: str) -> Decimal:
    return _sum(e.amount for e in expenses if e.category == category)


def _other_expenses(case: Case, values: FieldValues) -> None:
    ex = case.expenses.monthly_equivalent(monthly)
    box = "section_h.other"
    estimated = case.compliance.estimated_payments
    rows: dict[str, Decimal] = {
        "child_dependent_care": ex.child_dependent_care,
        "estimated_tax": (estimated.monthly_amount or _ZERO) if estimated is not None else _ZERO,
        "term_life_insurance": ex.term_life_insurance,
        "retirement_required": _payroll(case, "retirement_required"),
        "retirement_voluntary": _payroll(case, "retirement_voluntary")
        + _category_total(ex.other, "voluntary_retirement"),
        "union_dues": _payroll(case, "union_dues"),
        "delinquent_state_local_taxes": ex.delinquent_state_local_taxes,
        "student_loans": _category_total(ex.other, "student_loan"),
        # the case does not split child support, alimony and other court-ordered payments
        "other_court_ordered": ex.court_ordered_payments
        if ex.court_ordered_payments > 0 else _payroll(case, "court_ordered"),
    }
    for row, amount in rows.items():
        values[f"{box}.{row}.actual"] = _positive(amount)

    specified: list[tuple[str, Decimal]] = []
    if ex.secured_debts > 0:
        specified.append(("Secured debts", ex.secured_debts))
    specified += [(e.description, e.amount) for e in ex.other if e.category not in _OWN_ROW]
    if len(specified) > _OTHER_ROWS:
        rest = specified[_OTHER_ROWS - 1:]
        specified = [*specified[:_OTHER_ROWS - 1], ("Other (see attached)", _sum(a for _, a in rest))]
    for n, (description, amount) in enumerate(specified, start=1):
        values[f"{box}.other[{n}].description"] = description
        values[f"{box}.other[{n}].actual"] = amount
    _total(values, box, [*rows, *(f"other[{n}]" for n in range(1, len(specified) + 1))])


# --------------------------------------------------------------------------- allowed, date

_ALLOWED_KEYS = (
    *(f"section_h.food_personal_care.{r}.allowed" for r in (
        "food", "housekeeping", "clothing", "personal_care", "miscellaneous", "total")),
    *(f"section_h.transportation.{r}.allowed" for r in (
        "vehicle_operating", "public_transportation", "total")),
    *(f"section_h.housing_utilities.{r}.allowed" for r in (
        "rent", "utilities", "telephone", "real_estate_taxes_insurance", "maintenance", "total")),
    *(f"section_h.medical.{r}.allowed" for r in ("health_insurance", "out_of_pocket", "total")),
    *(f"section_h.other.{r}.allowed" for r in (
        "child_dependent_care", "estimated_tax", "term_life_insurance", "retirement_required",
        "retirement_voluntary", "union_dues", "delinquent_state_local_taxes", "student_loans",
        "child_support", "alimony", "other_court_ordered", "other[1]", "other[2]", "other[3]",
        "total")),
)


def _allowed(values: FieldValues, analysis: AnalysisLike | None) -> None:
    """IRS Allowed column: the analysis's amount for each line, by its semantic key."""
    if analysis is None:
        return
    for key in _ALLOWED_KEYS:
        amount: Value = analysis.amount(_ANALYSIS_PREFIX + key)
        if amount is not None:
            values[key] = amount


def _signature_date(case: Case, values: FieldValues) -> None:
    for signer in ("taxpayer", "spouse"):
        signature = case.signature("433-F", signer)
        if signature is not None and signature.signed and signature.date is not None:
            values["signature.date"] = signature.date
            return
