"""Form 433-A (OIC) (Rev. 4-2025): case (+ analysis) -> semantic field values.

What comes from where:

* Input lines come from the case: identification, household, employment, every market value,
  loan balance, bank balance, business income/expense line, monthly household income (per-pay
  amounts converted with ``monthly``) and the actual monthly expenses on lines 40-44 and 46-51.
* Computed lines come from the analysis, by path: quick-sale values (``oic.line_3a.quick_sale_value``
  ...), the equity on every lettered result line (``oic.line_2a`` ...), line totals
  (``oic.line_1`` ... ``oic.line_11``, 17, 29, 30, 31, 36), lines 39 and 45 (entered at the full
  national standard), Boxes A-H and the minimum offer. Without an analysis they stay blank.

Rows are filled in case order: the first items go on the printed rows, the rest onto the
attachment line of the same group (1c, 2d, 3b, 4b, 5c, 6e, 7c, 8d, 9c). The analysis is expected
to allocate rows the same way, so its lettered lines describe the same assets.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from formkit.case.model import (
    AssetWithLoan,
    BankAccount,
    Case,
    Income,
    LifeInsurance,
    OfferRequest,
    Person,
    RealEstate,
    Vehicle,
)
from formkit.dates import add_years, months_between
from formkit.forms.mappers._shared import masked_account, mmddyyyy, monthly, yes_no
from formkit.forms.mapping import AnalysisLike, FieldValues

ZERO = Decimal(0)

_ACCOUNT_BOX = {
    "checking": "checking",
    "savings": "savings",
    "money_market": "money_market_cd",
    "cd": "money_market_cd",
    "online": "online",
    "stored_value": "stored_value",
}
_ATTACHMENT_BOXES: dict[str, frozenset[str]] = {
    "attachments.pay_stubs": frozenset({"pay_stub"}),
    "attachments.investment_retirement_statements": frozenset(
        {"investment_statement", "retirement_statement"}),
    "attachments.digital_asset_records": frozenset({"digital_asset_record"}),
    "attachments.other_income_statements": frozenset(
        {"social_security_statement", "pension_statement", "rental_statement"}),
    "attachments.bank_statements": frozenset({"bank_statement", "business_bank_statement"}),
    "attachments.lender_statements": frozenset(
        {"loan_statement", "mortgage_statement", "vehicle_loan_statement"}),
    "attachments.state_tax_verification": frozenset({"delinquent_state_tax_verification"}),
    "attachments.court_orders": frozenset({"court_order"}),
    "attachments.special_circumstances": frozenset({"special_circumstances"}),
    "attachments.receivables_list": frozenset({"accounts_receivable_list"}),
    "attachments.trust_documents": frozenset({"trust_documents"}),
}
# Other expenses that line 50 names ("government guaranteed student loan", "Other"); tuition,
# charitable gifts, unsecured debts, voluntary retirement and whole-life premiums have no line.
_LINE_50_CATEGORIES = frozenset({"student_loan", "other"})


def build(case: Case, analysis: AnalysisLike | None) -> FieldValues:
    v: FieldValues = {}
    _section_1(case, v)
    _section_2(case, v)
    _section_3(case, analysis, v)
    if _self_employed(case):
        _section_4(case, v)
        _section_5(case, analysis, v)
        _section_6(case, analysis, v)
    _section_7(case, analysis, v)
    _section_8(case, analysis, v)
    _section_9(case, v)
    _section_10(case, v)
    return {k: val for k, val in v.items() if val is not None}


# ---------------------------------------------------------------------------------------------
# helpers


def _amount(analysis: AnalysisLike | None, path: str) -> Decimal | None:
    return analysis.amount(path) if analysis is not None else None








def _total(amounts: Iterable[Decimal]) -> Decimal:
    return sum(amounts, ZERO)


def _self_employed(case: Case) -> bool:
    return (case.business is not None
            or any(a.business for a in case.assets.bank_accounts)
            or bool(case.assets.business_assets))


def _offer(case: Case) -> OfferRequest | None:
    offers = case.requests_of(OfferRequest)
    return offers[0] if offers else None


# ---------------------------------------------------------------------------------------------
# Section 1 - personal and household information


def _phones(person: Person) -> list[str]:
    return [p for p in (person.home_phone, person.cell_phone, person.work_phone) if p]


def _section_1(case: Case, v: FieldValues) -> None:
    tp = case.taxpayer
    v["taxpayer.last_name"] = tp.last_name
    v["taxpayer.first_name"] = tp.first_name
    v["taxpayer.date_of_birth"] = tp.date_of_birth
    v["taxpayer.ssn"] = tp.ssn

    status = case.marital_status
    if status is None and case.spouse is not None:
        status = "married"
    if status is not None:
        married = status in ("married", "separated")  # separated is still legally married
        v["marital_status.married"] = married
        v["marital_status.unmarried"] = not married

    v["taxpayer.address.full"] = case.address.one_line()
    v["taxpayer.address.county"] = case.address.county
    if any(p.primary_residence for p in case.assets.real_estate):
        v["housing.own"] = True
        v["housing.rent"] = False
        v["housing.other"] = False
    v["community_property_state"] = case.community_property_state_last_10_years

    phones = _phones(tp)
    if phones:
        v["taxpayer.primary_phone"] = phones[0]
    if len(phones) > 1:
        v["taxpayer.secondary_phone"] = phones[1]
    if (case.mailing_address is not None
            and case.mailing_address.one_line() != case.address.one_line()):
        v["taxpayer.mailing_address.full"] = case.mailing_address.one_line()

    if case.spouse is not None:
        sp = case.spouse
        v["spouse.last_name"] = sp.last_name
        v["spouse.first_name"] = sp.first_name
        v["spouse.date_of_birth"] = sp.date_of_birth
        v["spouse.ssn"] = sp.ssn

    for n, member in enumerate(case.household[:4], start=1):
        key = f"household[{n}]"
        v[f"{key}.name"] = member.name
        v[f"{key}.age"] = member.age
        v[f"{key}.relationship"] = member.relationship
        yes_no(v, f"{key}.dependent", member.claimed_as_dependent)
        yes_no(v, f"{key}.contributes", member.contributes_to_household_income)


# ---------------------------------------------------------------------------------------------
# Section 2 - employment information for wage earners


def _employer(case: Case, who: str) -> Income | None:
    for item in case.income:
        if item.person == who and item.source == "wages":
            return item
    return None


def _section_2(case: Case, v: FieldValues) -> None:
    people: list[tuple[str, Person]] = [("taxpayer", case.taxpayer)]
    if case.spouse is not None:
        people.append(("spouse", case.spouse))
    for who, person in people:
        job = _employer(case, who)
        if job is None:
            continue
        key = f"{who}.employer"
        v[f"{key}.name"] = job.payer
        if job.payer_address is not None:
            v[f"{key}.address"] = job.payer_address.one_line()
        period = job.frequency if job.frequency in ("weekly", "biweekly", "monthly") else "other"
        for box in ("weekly", "biweekly", "monthly", "other"):
            v[f"{key}.pay_period.{box}"] = box == period
        v[f"{who}.occupation"] = job.occupation or person.occupation
        if job.start_date is not None:
            months = months_between(job.start_date, case.prepared_on)
            v[f"{key}.years"] = months // 12
            v[f"{key}.months"] = months % 12


# ---------------------------------------------------------------------------------------------
# Section 3 - personal assets (Box A)


def _bank_row(v: FieldValues, row: str, account: BankAccount | None, amount: Decimal,
              cash_box: bool) -> None:
    if cash_box:
        v[f"line_{row}.cash"] = account is None
    for box in ("checking", "savings", "money_market_cd", "online", "stored_value"):
        v[f"line_{row}.{box}"] = account is not None and _ACCOUNT_BOX[account.account_type] == box
    if account is not None:
        name = account.institution
        if account.institution_address is not None:
            name = f"{name}, {account.institution_address.country}"
        v[f"line_{row}.bank_name"] = name
        v[f"line_{row}.account_number"] = masked_account(account.account_last4)
    v[f"line_{row}.amount"] = amount


def _line_1(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    # Line 1a carries a Cash box: cash on hand takes the first row, bank accounts follow.
    rows: list[tuple[BankAccount | None, Decimal]] = []
    if case.assets.cash_on_hand > 0:
        rows.append((None, case.assets.cash_on_hand))
    rows += [(a, a.balance) for a in case.assets.bank_accounts if not a.business]
    if rows:
        _bank_row(v, "1a", rows[0][0], rows[0][1], cash_box=True)
    if len(rows) > 1:
        account = rows[1][0]
        assert account is not None  # cash is always first
        _bank_row(v, "1b", account, rows[1][1], cash_box=False)
    if len(rows) > 2:
        v["line_1c.attachment_total"] = _total(amount for _, amount in rows[2:])
    v["line_1.total"] = _amount(analysis, "oic.line_1")


def _digital_row(v: FieldValues, analysis: AnalysisLike | None, row: str,
                 asset: AssetWithLoan) -> None:
    v[f"line_{row}.digital_asset"] = True
    v[f"line_{row}.description"] = asset.description
    v[f"line_{row}.location"] = asset.institution
    v[f"line_{row}.usd_value"] = asset.value
    v[f"line_{row}.amount"] = _amount(analysis, f"oic.line_{row}")


def _line_2(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    investments = [a for a in case.assets.investments if not a.is_digital]
    digital = [a for a in case.assets.investments if a.is_digital]
    for row, item in zip(("2a", "2b"), investments, strict=False):
        kind = (item.kind or "").strip().lower()
        v[f"line_{row}.stocks"] = kind == "stocks"
        v[f"line_{row}.bonds"] = kind == "bonds"
        other = kind not in ("stocks", "bonds")
        v[f"line_{row}.other"] = other
        if other:
            v[f"line_{row}.other_description"] = item.description
        v[f"line_{row}.institution"] = item.institution
        v[f"line_{row}.market_value"] = item.value
        v[f"line_{row}.loan_balance"] = item.loan_balance
        v[f"line_{row}.amount"] = _amount(analysis, f"oic.line_{row}")
    if digital:
        _digital_row(v, analysis, "2c", digital[0])
    if len(investments) > 2 or len(digital) > 1:
        v["line_2d.attachment_total"] = _amount(analysis, "oic.line_2d")
    v["line_2.total"] = _amount(analysis, "oic.line_2")


def _line_3(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    accounts = case.assets.retirement_accounts
    if accounts:
        item = accounts[0]
        kind = (item.kind or "").strip().lower().replace("(", "").replace(")", "")
        is_401k = kind == "401k"
        is_ira = "ira" in kind
        v["line_3a.401k"] = is_401k
        v["line_3a.ira"] = is_ira and not is_401k
        v["line_3a.other"] = not (is_401k or is_ira)
        if not (is_401k or is_ira):
            v["line_3a.other_description"] = item.description
        v["line_3a.institution"] = item.institution
        v["line_3a.market_value"] = item.value
        v["line_3a.quick_sale_value"] = _amount(analysis, "oic.line_3a.quick_sale_value")
        v["line_3a.loan_balance"] = item.loan_balance
        v["line_3a.amount"] = _amount(analysis, "oic.line_3a")
    if len(accounts) > 1:
        v["line_3b.attachment_total"] = _amount(analysis, "oic.line_3b")
    v["line_3.total"] = _amount(analysis, "oic.line_3")


def _line_4(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    # Only policies that carry a cash value belong here (term insurance has none).
    policies: list[LifeInsurance] = [p for p in case.assets.life_insurance
                                     if p.policy_type != "term" or p.cash_value > 0]
    if policies:
        first = policies[0]
        v["line_4a.company"] = first.company
        v["line_4a.policy_number"] = masked_account(first.policy_number_last4)
        v["line_4a.cash_value"] = first.cash_value
        v["line_4a.loan_balance"] = first.loan_balance
        v["line_4a.amount"] = _amount(analysis, "oic.line_4a")
    if len(policies) > 1:
        v["line_4b.cash_value"] = _total(p.cash_value for p in policies[1:])
        v["line_4b.loan_balance"] = _total(p.loan_balance for p in policies[1:])
        v["line_4b.amount"] = _amount(analysis, "oic.line_4b")
    v["line_4.total"] = _amount(analysis, "oic.line_4")


def _location(prop: RealEstate) -> str:
    parts = [prop.address.one_line()]
    if prop.address.county:
        parts.append(prop.address.county)
    parts.append(prop.address.country)
    return ", ".join(parts)


def _line_5(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    properties = case.assets.real_estate
    if properties:
        yes_no(v, "real_property.for_sale", any(p.for_sale for p in properties))
    for row, prop in zip(("5a", "5b"), properties, strict=False):
        description = prop.description
        if prop.primary_residence and "residence" not in description.lower():
            description = f"{description} (personal residence)"
        v[f"line_{row}.description"] = description
        v[f"line_{row}.purchase_date"] = prop.purchase_date
        if prop.monthly_payment > 0:
            v[f"line_{row}.mortgage_payment"] = prop.monthly_payment
        v[f"line_{row}.final_payment_date"] = prop.final_payment_date
        v[f"line_{row}.location"] = _location(prop)
        v[f"line_{row}.lender"] = prop.lender
        v[f"line_{row}.market_value"] = prop.value
        v[f"line_{row}.quick_sale_value"] = _amount(analysis, f"oic.line_{row}.quick_sale_value")
        v[f"line_{row}.loan_balance"] = prop.loan_balance
        v[f"line_{row}.amount"] = _amount(analysis, f"oic.line_{row}")
    if len(properties) > 2:
        v["line_5c.attachment_total"] = _amount(analysis, "oic.line_5c")
    v["line_5.total"] = _amount(analysis, "oic.line_5")


def _vehicle_row(v: FieldValues, analysis: AnalysisLike | None, row: str, car: Vehicle) -> None:
    k = f"line_{row}"
    v[f"{k}.make_model"] = f"{car.make} {car.model}"
    v[f"{k}.year"] = car.year
    v[f"{k}.purchase_date"] = car.purchase_date
    v[f"{k}.mileage"] = car.mileage
    v[f"{k}.license_plate"] = car.license_plate
    v[f"{k}.lease"] = car.leased
    v[f"{k}.own"] = not car.leased
    v[f"{k}.creditor"] = car.lender
    v[f"{k}.final_payment_date"] = car.final_payment_date
    if car.monthly_payment > 0:
        v[f"{k}.monthly_payment"] = car.monthly_payment
    v[f"{k}.market_value"] = car.value
    v[f"{k}.quick_sale_value"] = _amount(analysis, f"oic.line_{row}.quick_sale_value")
    v[f"{k}.loan_balance"] = car.loan_balance
    v[f"{k}.amount"] = _amount(analysis, f"oic.line_{row}")


def _line_6(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    cars = case.assets.vehicles
    if cars:
        _vehicle_row(v, analysis, "6a", cars[0])
        v["line_6b.after_allowance"] = _amount(analysis, "oic.line_6b")
    if len(cars) > 1:
        _vehicle_row(v, analysis, "6c", cars[1])
        v["line_6d.after_allowance"] = _amount(analysis, "oic.line_6d")
    if len(cars) > 2:
        v["line_6e.attachment_total"] = _amount(analysis, "oic.line_6e")
    v["line_6.total"] = _amount(analysis, "oic.line_6")


def _value_row(v: FieldValues, analysis: AnalysisLike | None, row: str,
               asset: AssetWithLoan) -> None:
    k = f"line_{row}"
    v[f"{k}.description"] = asset.description
    v[f"{k}.market_value"] = asset.value
    v[f"{k}.quick_sale_value"] = _amount(analysis, f"oic.line_{row}.quick_sale_value")
    v[f"{k}.loan_balance"] = asset.loan_balance
    v[f"{k}.amount"] = _amount(analysis, f"oic.line_{row}")


def _line_7(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    # 7a: other valuable items; 7b: the remaining furniture and personal effects; 7c: the rest.
    effects = case.assets.personal_effects
    furniture = [a for a in effects if a.is_furniture]
    valuables = [a for a in effects if not a.is_furniture]
    if valuables:
        _value_row(v, analysis, "7a", valuables[0])
    if furniture:
        _value_row(v, analysis, "7b", furniture[0])
    if len(valuables) > 1 or len(furniture) > 1:
        v["line_7c.attachment_total"] = _amount(analysis, "oic.line_7c")
    v["line_7.total"] = _amount(analysis, "oic.line_7")


def _section_3(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    _line_1(case, analysis, v)
    _line_2(case, analysis, v)
    _line_3(case, analysis, v)
    _line_4(case, analysis, v)
    _line_5(case, analysis, v)
    _line_6(case, analysis, v)
    _line_7(case, analysis, v)
    v["box_a"] = _amount(analysis, "oic.box_a")


# ---------------------------------------------------------------------------------------------
# Sections 4-6 - self-employed (Box B, Box C)

_OTHER_TYPES = {"partnership": "partnership", "llc": "llc", "corporation": "corporation",
                "other": "other"}


def _section_4(case: Case, v: FieldValues) -> None:
    biz = case.business
    if biz is None:
        return
    sole = biz.kind == "sole_proprietorship"
    yes_no(v, "business.sole_proprietorship", sole)
    if sole:
        v["business.name"] = biz.name
        if biz.address is not None and biz.address.one_line() != case.address.one_line():
            v["business.address"] = biz.address.one_line()
        v["business.phone"] = biz.phone
        v["business.ein"] = biz.ein
        v["business.website"] = biz.website
        v["business.description"] = biz.description
        v["business.employees"] = biz.employees
        if biz.monthly.gross_wages > 0:
            v["business.average_gross_monthly_payroll"] = biz.monthly.gross_wages
        # The case holds one business: a sole proprietor has no other business interest on file.
        yes_no(v, "other_business", False)
        return
    yes_no(v, "other_business", True)
    v["other_business.ownership_percent"] = biz.ownership_percent
    v["other_business.name"] = biz.name
    if biz.address is not None:
        v["other_business.address"] = biz.address.one_line()
    v["other_business.phone"] = biz.phone
    v["other_business.ein"] = biz.ein
    for kind, box in _OTHER_TYPES.items():
        v[f"other_business.type.{box}"] = biz.kind == kind


def _section_5(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    accounts = [a for a in case.assets.bank_accounts if a.business]
    for row, account in zip(("8a", "8b"), accounts, strict=False):
        v[f"line_{row}.cash"] = False
        for box in ("checking", "savings", "money_market_cd", "online", "stored_value"):
            v[f"line_{row}.{box}"] = _ACCOUNT_BOX[account.account_type] == box
        name = account.institution
        if account.institution_address is not None:
            name = f"{name}, {account.institution_address.country}"
        v[f"line_{row}.bank_name"] = name
        v[f"line_{row}.account_number"] = masked_account(account.account_last4)
        v[f"line_{row}.amount"] = account.balance
    if len(accounts) > 2:
        v["line_8d.attachment_total"] = _total(a.balance for a in accounts[2:])
    digital = [a for a in case.assets.business_assets if a.is_digital]
    if digital:
        _digital_row(v, analysis, "8c", digital[0])
    v["line_8.total"] = _amount(analysis, "oic.line_8")

    others = [a for a in case.assets.business_assets if not a.is_digital]
    for row, asset in zip(("9a", "9b"), others, strict=False):
        _value_row(v, analysis, row, asset)
    if len(others) > 2 or len(digital) > 1:
        v["line_9c.attachment_total"] = _amount(analysis, "oic.line_9c")
    v["line_9.total"] = _amount(analysis, "oic.line_9")
    v["line_11.total"] = _amount(analysis, "oic.line_11")

    if case.business is not None:
        has_receivables = bool(case.assets.receivables)
        # The case does not tell notes from accounts receivable: answer both only when none.
        v["accounts_receivable.yes"] = has_receivables
        v["accounts_receivable.no"] = not has_receivables
        if not has_receivables:
            yes_no(v, "notes_receivable", False)
    v["box_b"] = _amount(analysis, "oic.box_b")


def _section_6(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    biz = case.business
    if biz is None:
        return
    v["section_6.period_start"] = biz.period_start
    v["section_6.period_end"] = biz.period_end
    # With a current P&L the form wants only lines 17 and 29 (Section 6 header).
    has_pl = any(a.document_type == "profit_and_loss" for a in case.attachments)
    if not has_pl:
        m = biz.monthly
        lines: dict[str, Decimal] = {
            "line_12.gross_receipts": m.gross_receipts,
            "line_13.gross_rental_income": m.rental_income,
            "line_14.interest_income": m.interest_income,
            "line_15.dividends": m.dividends,
            "line_16.other_income": m.other_income,
            "line_18.materials": m.materials,
            "line_19.inventory": m.inventory,
            "line_20.gross_wages": m.gross_wages,
            "line_21.rent": m.rent,
            "line_22.supplies": m.supplies,
            "line_23.utilities_telephone": m.utilities_telephone,
            "line_24.vehicle_costs": m.vehicle_costs,
            "line_25.insurance": m.insurance,
            "line_26.current_taxes": m.current_taxes,
            "line_27.secured_debts": m.secured_debts,
            "line_28.other_expenses": m.other_expenses,  # depreciation is never an expense here
        }
        v.update(lines)
    v["line_17.total_income"] = _amount(analysis, "oic.line_17")
    v["line_29.total_expenses"] = _amount(analysis, "oic.line_29")
    v["box_c"] = _amount(analysis, "oic.box_c")


# ---------------------------------------------------------------------------------------------
# Section 7 - monthly household income and expenses (Boxes D, E, F)


def _monthly_sum(items: Iterable[Income], *, net: bool = False) -> Decimal:
    return _total(monthly(i.net if net and i.net is not None else i.gross, i.frequency)
                  for i in items)


def _section_7(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    income = case.income
    people: list[tuple[str, frozenset[str]]] = [("30", frozenset({"taxpayer", "joint"}))]
    if case.spouse is not None:
        people.append(("31", frozenset({"spouse"})))
    for line, persons in people:
        mine = [i for i in income if i.person in persons]
        v[f"line_{line}.wages"] = _monthly_sum(i for i in mine if i.source == "wages")
        v[f"line_{line}.social_security"] = _monthly_sum(
            i for i in mine if i.source == "social_security")
        v[f"line_{line}.pensions"] = _monthly_sum(i for i in mine if i.source == "pension")
        v[f"line_{line}.other_income"] = _monthly_sum(
            i for i in mine if i.source in ("unemployment", "other"))
        v[f"line_{line}.total"] = _amount(analysis, f"oic.line_{line}")

    personal = ("wages", "social_security", "pension", "unemployment", "other")
    contributions = [i for i in income if i.source == "household_contribution"
                     or (i.person == "household" and i.source in personal)]
    v["line_32.amount"] = _monthly_sum(contributions)
    sources = [i.description or i.payer for i in contributions]
    if any(sources):
        v["line_32.sources"] = "; ".join(s for s in sources if s)
    v["line_33.interest_dividends_royalties"] = _monthly_sum(
        i for i in income if i.source == "interest_dividends_royalties")
    v["line_34.distributions"] = _monthly_sum(i for i in income if i.source == "distributions")
    v["line_35.net_rental_income"] = _monthly_sum(
        (i for i in income if i.source == "rental"), net=True)
    v["line_36.net_business_income"] = _amount(analysis, "oic.line_36")
    v["line_37.child_support"] = _monthly_sum(i for i in income if i.source == "child_support")
    v["line_38.alimony"] = _monthly_sum(i for i in income if i.source == "alimony")
    v["box_d"] = _amount(analysis, "oic.box_d")

    # Lines 40-51 show the amounts the analysis allows (the lesser of actual and the local
    # standard, per CFS), so the printed lines add up to Box E; without an analysis, the actual
    # amounts from the case. Lines 39 and 45 are always the full national standard.
    e = case.expenses
    actual: dict[str, Decimal] = {
        "40": e.housing_utilities,
        "41": _total(c.monthly_payment for c in case.assets.vehicles),
        "42": e.vehicle_operating,
        "43": e.public_transportation,
        "44": e.health_insurance,
        "46": e.court_ordered_payments,
        "47": e.child_dependent_care,
        "48": e.term_life_insurance,
        "49": e.current_taxes,
        "51": e.delinquent_state_local_taxes,
    }
    listed = [o for o in e.other if o.category in _LINE_50_CATEGORIES]
    actual["50"] = e.secured_debts + _total(o.amount for o in listed)

    def expense(number: str) -> Decimal | None:
        allowed = _amount(analysis, f"oic.line_{number}")
        return allowed if allowed is not None else actual[number]

    v["line_39.food_clothing_misc"] = _amount(analysis, "oic.line_39")
    v["line_40.housing_utilities"] = expense("40")
    v["line_41.vehicle_payments"] = expense("41")
    v["line_42.vehicle_operating"] = expense("42")
    v["line_43.public_transportation"] = expense("43")
    v["line_44.health_insurance"] = expense("44")
    v["line_45.out_of_pocket_health"] = _amount(analysis, "oic.line_45")
    v["line_46.court_ordered_payments"] = expense("46")
    v["line_47.child_dependent_care"] = expense("47")
    v["line_48.life_insurance_premiums"] = expense("48")
    if case.assets.life_insurance:
        v["line_48.policy_amount"] = _total(p.face_amount for p in case.assets.life_insurance)
    v["line_49.current_taxes"] = expense("49")
    v["line_50.secured_debts_other"] = expense("50")
    names = (["Secured debts"] if e.secured_debts > 0 else []) + [o.description for o in listed]
    if names:
        v["line_50.list"] = "; ".join(names)
    v["line_51.delinquent_state_local_taxes"] = expense("51")
    v["box_e"] = _amount(analysis, "oic.box_e")
    v["box_f"] = _amount(analysis, "oic.box_f")


# ---------------------------------------------------------------------------------------------
# Section 8 - minimum offer (Boxes G, H)


def _section_8(case: Case, analysis: AnalysisLike | None, v: FieldValues) -> None:
    offer = _offer(case)
    option = offer.payment_option if offer is not None else None
    box_f = _amount(analysis, "oic.box_f")
    box_g = _amount(analysis, "oic.box_g")
    box_h = _amount(analysis, "oic.box_h")
    if option in (None, "lump_sum"):
        v["section_8.lump_sum.box_f"] = box_f
        v["box_g"] = box_g
    if option in (None, "periodic"):
        v["section_8.periodic.box_f"] = box_f
        v["box_h"] = box_h
    box_a = _amount(analysis, "oic.box_a")
    if box_a is not None:
        box_b = _amount(analysis, "oic.box_b") if _self_employed(case) else None
        v["section_8.box_a_plus_box_b"] = box_a + (box_b or ZERO)
    if option == "lump_sum":
        v["section_8.box_g_or_box_h"] = box_g
        v["section_8.offer_amount"] = _amount(analysis, "oic.minimum_offer.lump_sum")
    elif option == "periodic":
        v["section_8.box_g_or_box_h"] = box_h
        v["section_8.offer_amount"] = _amount(analysis, "oic.minimum_offer.periodic")


# ---------------------------------------------------------------------------------------------
# Sections 9-10 - other information, signatures, attachment checklist


def _section_9(case: Case, v: FieldValues) -> None:
    info = case.other_information
    yes_no(v, "litigation", info.party_to_lawsuit)
    if info.party_to_lawsuit:
        v["litigation.subject"] = info.lawsuit_details

    bk = case.compliance.bankruptcy
    if bk is not None:
        cutoff = add_years(case.prepared_on, -7)
        recent = bk.open or (bk.filed_on is not None and bk.filed_on >= cutoff)
        yes_no(v, "bankruptcy", recent)
        if recent:
            v["bankruptcy.date_filed"] = mmddyyyy(bk.filed_on)
            v["bankruptcy.petition_number"] = bk.case_number
            v["bankruptcy.location"] = bk.location

    yes_no(v, "lived_abroad", info.lived_outside_us_6_months_last_10_years)
    yes_no(v, "trust_beneficiary", info.beneficiary_of_trust_or_estate)
    yes_no(v, "trustee", info.trustee_or_fiduciary)
    yes_no(v, "safe_deposit_box", info.safe_deposit_box)
    yes_no(v, "asset_transfers", info.assets_transferred_last_10_years)
    if info.assets_transferred_last_10_years:
        v["asset_transfers.assets"] = info.transfer_details
    yes_no(v, "foreign_assets", info.foreign_assets)
    yes_no(v, "funds_in_trust", info.funds_in_trust_or_escrow)


def _section_10(case: Case, v: FieldValues) -> None:
    for signer in ("taxpayer", "spouse"):
        sig = case.signature("433-A (OIC)", signer)
        if sig is not None and sig.signed:
            v[f"{signer}.signature_date"] = sig.date

    kinds = {a.document_type for a in case.attachments}
    for key, types in _ATTACHMENT_BOXES.items():
        v[key] = bool(kinds & types)
    v["attachments.form_2848"] = bool(case.representatives)
    offer_signed = case.signature("656", "taxpayer")
    v["attachments.form_656"] = (_offer(case) is not None and offer_signed is not None
                                 and offer_signed.signed)
