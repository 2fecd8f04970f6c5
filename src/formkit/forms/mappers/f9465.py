"""Form 9465 (Rev. 9-2020), Installment Agreement Request: case -> semantic field values.

Part I comes from the identity data, the liabilities (line 5 = tax + penalties + interest
of every liability) and the installment-agreement request; line 10 (line 9 / 72) comes
from the analysis (``f9465.line_10``). Part II (lines 15-27) is filled from the household
data whenever the case carries it; whether the IRS needs it is the checker's business.
"""

from __future__ import annotations

from decimal import Decimal

from formkit.case.model import (
    Address,
    Case,
    Income,
    InstallmentRequest,
    Person,
)
from formkit.forms.mappers._shared import monthly, yes_no
from formkit.forms.mapping import AnalysisLike, FieldValues

_ZERO = Decimal(0)
_OPERATING_TAXES = ("employment", "unemployment")
# Line 19 / 21 boxes as printed: once a week, once every 2 weeks, once a month, twice a month.
_PAY_BOXES = ("weekly", "biweekly", "monthly", "semimonthly")


def build(case: Case, analysis: AnalysisLike | None) -> FieldValues:
    values: FieldValues = {}
    _header(case, values)
    _identity(case, values)
    _amounts(case, analysis, values)
    _part_ii(case, values)
    return values


def period_label(period: str) -> str:
    """'2023' stays; '2024-Q2' -> 'Q2 2024'; '2019-06-30' -> 'period ending 06/30/2019'."""
    if len(period) == 4:
        return period
    if "-Q" in period:
        year, quarter = period.split("-Q")
        return f"Q{quarter} {year}"
    year, month, day = period.split("-")
    return f"period ending {month}/{day}/{year}"


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _header(case: Case, values: FieldValues) -> None:
    values["request.forms"] = ", ".join(_unique([lia.form for lia in case.liabilities]))
    values["request.periods"] = ", ".join(
        _unique([period_label(lia.period) for lia in case.liabilities]))


def _first_and_initial(person: Person) -> str:
    if person.middle_initial:
        return f"{person.first_name} {person.middle_initial}"
    return person.first_name


def _identity(case: Case, values: FieldValues) -> None:
    tp = case.taxpayer
    values["taxpayer.first_name"] = _first_and_initial(tp)
    values["taxpayer.last_name"] = f"{tp.last_name} {tp.suffix}" if tp.suffix else tp.last_name
    values["taxpayer.ssn"] = tp.ssn
    # Line 1a: the spouse line is for a joint return only, names in the order of the return.
    if case.is_joint and case.spouse is not None:
        sp = case.spouse
        values["spouse.first_name"] = _first_and_initial(sp)
        values["spouse.last_name"] = f"{sp.last_name} {sp.suffix}" if sp.suffix else sp.last_name
        values["spouse.ssn"] = sp.ssn
    address: Address = case.mailing_address or case.address
    values["taxpayer.address.street"] = address.street
    values["taxpayer.address.apt"] = address.street2
    values["taxpayer.address.city_state_zip"] = f"{address.city}, {address.state} {address.zip}"
    if address.country.upper() not in ("US", "USA", "UNITED STATES"):
        values["taxpayer.address.foreign_country"] = address.country
    # Line 2: only a sole proprietorship whose (employment) taxes are in this request; the
    # form is not for an operating business's employment taxes.
    biz = case.business
    if (biz is not None and biz.kind == "sole_proprietorship"
            and any(lia.tax_type in _OPERATING_TAXES for lia in case.liabilities)):
        values["business.name"] = biz.name
        values["business.ein"] = biz.ein
    values["taxpayer.home_phone"] = tp.home_phone or tp.cell_phone
    values["taxpayer.work_phone"] = tp.work_phone


def _request(case: Case) -> InstallmentRequest | None:
    requests = case.requests_of(InstallmentRequest)
    return requests[0] if requests else None


def _amounts(case: Case, analysis: AnalysisLike | None, values: FieldValues) -> None:
    line_5 = sum((lia.total for lia in case.liabilities), _ZERO)
    values["line_5"] = line_5
    line_7 = line_5  # line 6 (balances outside this request) is not in the case model
    values["line_7"] = line_7
    request = _request(case)
    paid = request.amount_paid_with_request if request is not None else _ZERO
    if paid > 0:
        values["line_8"] = paid
    values["line_9"] = line_7 - paid
    line_10 = analysis.amount("f9465.line_10") if analysis is not None else None
    values["line_10"] = line_10
    if request is None:
        return
    values["line_11a"] = request.monthly_payment
    if line_10 is not None:
        values["line_11b.cannot_increase"] = request.monthly_payment < line_10
    values["line_12"] = request.payment_day
    if request.direct_debit is not None:
        values["line_13a"] = request.direct_debit.routing_number
        values["line_13b"] = request.direct_debit.account_number
    values["line_13c"] = request.low_income and request.direct_debit is None
    values["line_14"] = request.payroll_deduction


def _married(case: Case) -> bool:
    if case.marital_status is not None:
        return case.marital_status in ("married", "separated")
    return case.spouse is not None or case.filing_status in (
        "married_filing_jointly", "married_filing_separately")


def _wages(case: Case, person: str) -> Income | None:
    for income in case.income:
        if income.person == person and income.source == "wages":
            return income
    return None


def _pay(case: Case, person: str, freq_line: str, net_line: str, values: FieldValues) -> None:
    wages = _wages(case, person)
    if wages is None:
        return
    for box in _PAY_BOXES:
        values[f"{freq_line}.{box}"] = wages.frequency == box
    values[net_line] = wages.net




def _deducted(case: Case, item: str) -> bool:
    return any(income.deductions is not None and getattr(income.deductions, item) > 0
               for income in case.income)


def _part_ii(case: Case, values: FieldValues) -> None:
    values["taxpayer.address.county"] = case.address.county
    married = _married(case)
    values["line_16a.single"] = not married
    values["line_16a.married"] = married
    values["line_17"] = sum(1 for m in case.household if m.claimed_as_dependent)
    ages = [case.taxpayer.age_on(case.prepared_on)]
    if case.spouse is not None:
        ages.append(case.spouse.age_on(case.prepared_on))
    ages.extend(m.age for m in case.household)
    values["line_18"] = sum(1 for age in ages if age >= 65)
    _pay(case, "taxpayer", "line_19", "line_20", values)
    if case.spouse is not None:
        _pay(case, "spouse", "line_21", "line_22", values)
    vehicles = case.assets.vehicles
    values["line_23"] = sum(1 for v in vehicles if not v.leased)
    values["line_24"] = sum(1 for v in vehicles if v.monthly_payment > 0)

    expenses = case.expenses.monthly_equivalent(monthly)
    insurance_deducted = _deducted(case, "health_insurance")
    insured = expenses.health_insurance > 0 or insurance_deducted
    yes_no(values, "line_25a", insured)
    if insured:
        yes_no(values, "line_25b", insurance_deducted)
        if not insurance_deducted:
            values["line_25c"] = expenses.health_insurance
    court_deducted = _deducted(case, "court_ordered")
    court = expenses.court_ordered_payments > 0 or court_deducted
    yes_no(values, "line_26a", court)
    if court:
        yes_no(values, "line_26b", court_deducted)
        if not court_deducted:
            values["line_26c"] = expenses.court_ordered_payments
    if expenses.child_dependent_care > 0:
        values["line_27"] = expenses.child_dependent_care
