"""Form 9465 (Rev. 9-2020), Installment Agreement Request: the decisions its field map
(``forms/f9465/9-2020.json``) names.

Part I comes from the identity data, the installment-agreement request and the analysis (lines
7-10: ``f9465.line_7`` ... ``f9465.line_10``). Part II (lines 15-27) is answered from the case
whenever it can be; its open questions are reported only when the form asks for Part II ("Complete
this Part only if all three conditions below apply": a defaulted agreement in the past 12 months,
more than $25,000 but not more than $50,000 owed, line 11a below line 10), with the dollar limits
read from the dated standards (``standards/installment_agreements.json``).
"""

from __future__ import annotations

from decimal import Decimal

from formkit.case.model import Address, Case, Income, InstallmentRequest, Person
from formkit.forms.mapping import MapContext, Mapper, Value

mapper = Mapper("f9465")

_PAY_BOXES = ("weekly", "biweekly", "monthly", "semimonthly")  # lines 19 and 21, as printed


def _request(case: Case) -> InstallmentRequest | None:
    requests = case.requests_of(InstallmentRequest)
    return requests[0] if requests else None


# --------------------------------------------------------------------------- header and line 1


@mapper.value("forms")
def _forms(ctx: MapContext, _: str | None) -> Value:
    """"This request is for Form(s)": every return with a balance (the whole list: what the box
    cannot hold is printed on the continuation sheet)."""
    return ", ".join(dict.fromkeys(lia.form for lia in ctx.case.liabilities)) or None


@mapper.value("periods")
def _periods(ctx: MapContext, _: str | None) -> Value:
    """Oldest first, as the 656 and 2848 list them (imported transcripts append their periods)."""
    ordered = sorted(ctx.case.liabilities, key=lambda lia: lia.period.end)
    return ", ".join(dict.fromkeys(lia.period.label() for lia in ordered)) or None


def _person(case: Case, who: str | None) -> Person | None:
    return case.spouse if who == "spouse" else case.taxpayer


@mapper.value("first_name")
def _first_name(ctx: MapContext, who: str | None) -> Value:
    """``first_name(spouse)``: first name and initial, as the box asks."""
    person = _person(ctx.case, who)
    if person is None:
        return None
    return f"{person.first_name} {person.middle_initial}" if person.middle_initial else person.first_name


@mapper.value("last_name")
def _last_name(ctx: MapContext, who: str | None) -> Value:
    person = _person(ctx.case, who)
    if person is None:
        return None
    return f"{person.last_name} {person.suffix}" if person.suffix else person.last_name


@mapper.value("address")
def _address(ctx: MapContext, part: str | None) -> Value:
    """``address(city_state_zip)``: the current (mailing) address over line 1a's boxes."""
    address: Address = ctx.case.mailing_address or ctx.case.address
    if part == "street":
        return address.street
    if part == "apt":
        return address.street2
    if part == "city_state_zip":
        return f"{address.city}, {address.state} {address.zip}"
    return address.country if address.country.upper() not in ("US", "USA", "UNITED STATES") else None


@mapper.predicate("business_closed")
def _business_closed(ctx: MapContext, _: str | None) -> bool:
    """Line 2 is for a business that "must no longer be operating" (Instructions, line 2)."""
    biz = ctx.case.business
    return biz is not None and biz.closed_on is not None and biz.closed_on <= ctx.as_of


@mapper.value("home_phone")
def _home_phone(ctx: MapContext, _: str | None) -> Value:
    """Line 3: the home number, else the cell phone (the only personal number on file)."""
    return ctx.case.taxpayer.home_phone or ctx.case.taxpayer.cell_phone


# --------------------------------------------------------------------------- lines 8-14


@mapper.predicate("paid_with_request")
def _paid_with_request(ctx: MapContext, _: str | None) -> bool:
    request = _request(ctx.case)
    return request is not None and request.amount_paid_with_request > 0


@mapper.value("request")
def _request_value(ctx: MapContext, attr: str | None) -> Value:
    """``request(monthly_payment)``: a fact of the installment-agreement request."""
    request = _request(ctx.case)
    value: Value = getattr(request, attr or "") if request is not None else None
    return value


@mapper.value("cannot_increase")
def _cannot_increase(ctx: MapContext, _: str | None) -> Value:
    """Line 11b box: the payment the case proposes is below line 10 (and is what the taxpayer can pay)."""
    request = _request(ctx.case)
    line_10 = ctx.amount("f9465.line_10")
    if request is None or line_10 is None:
        return None
    return request.monthly_payment < line_10


@mapper.value("debit")
def _debit(ctx: MapContext, attr: str | None) -> Value:
    request = _request(ctx.case)
    debit = request.direct_debit if request is not None else None
    value: Value = getattr(debit, attr or "") if debit is not None else None
    return value


@mapper.value("low_income_no_debit")
def _low_income_no_debit(ctx: MapContext, _: str | None) -> Value:
    """Line 13c: a low-income taxpayer who cannot pay by direct debit."""
    request = _request(ctx.case)
    return request.low_income and request.direct_debit is None if request is not None else None


# --------------------------------------------------------------------------- Part II


@mapper.predicate("part_ii")
def _part_ii(ctx: MapContext, _: str | None) -> bool:
    """Part II's three conditions (the form's own, with the dollar limits of the dated standards)."""
    request = _request(ctx.case)
    line_9, line_10 = ctx.amount("f9465.line_9"), ctx.amount("f9465.line_10")
    if (request is None or line_9 is None or line_10 is None
            or not ctx.case.compliance.defaulted_installment_agreement_last_12_months):
        return False
    from formkit.analysis.standards import load_library
    from formkit.analysis.tables import StandardsAt

    limits = StandardsAt(load_library(), ctx.as_of).version("installment_agreements")
    low = limits.amount("streamlined", "max_balance_without_direct_debit")
    high = limits.amount("streamlined", "max_balance")
    return low < line_9 <= high and request.monthly_payment < line_10


def _married(case: Case) -> bool | None:
    if case.marital_status is not None:
        return case.marital_status in ("married", "separated")
    if case.spouse is not None or case.filing_status in ("married_filing_jointly", "married_filing_separately"):
        return True
    if case.filing_status in ("single", "qualifying_surviving_spouse"):
        return False
    return None  # head of household: the filing status does not tell


@mapper.value("marital_status")
def _marital_status(ctx: MapContext, _: str | None) -> Value:
    married = _married(ctx.case)
    return None if married is None else "married" if married else "single"


@mapper.predicate("married")
def _married_pred(ctx: MapContext, _: str | None) -> bool:
    return _married(ctx.case) is True


@mapper.value("dependents")
def _dependents(ctx: MapContext, _: str | None) -> Value:
    return sum(1 for m in ctx.case.household if m.claimed_as_dependent)


@mapper.value("aged_65")
def _aged_65(ctx: MapContext, _: str | None) -> Value:
    """Line 18: people in the household 65 or older on the case's date."""
    case = ctx.case
    ages = [case.taxpayer.age_on(ctx.as_of)]
    if case.spouse is not None:
        ages.append(case.spouse.age_on(ctx.as_of))
    ages.extend(m.age for m in case.household)
    return sum(1 for age in ages if age >= 65)


def _wages(case: Case, who: str | None) -> Income | None:
    return next((i for i in case.income if i.person == who and i.source == "wages"), None)


@mapper.predicate("paid_wages")
def _paid_wages(ctx: MapContext, who: str | None) -> bool:
    return _wages(ctx.case, who) is not None and (who != "spouse" or ctx.case.spouse is not None)


@mapper.value("pay_frequency")
def _pay_frequency(ctx: MapContext, who: str | None) -> Value:
    """Lines 19/21: once a week, every 2 weeks, once a month or twice a month (any other
    frequency has no box: the question stays open)."""
    wages = _wages(ctx.case, who)
    return wages.frequency if wages is not None and wages.frequency in _PAY_BOXES else None


@mapper.value("net_pay")
def _net_pay(ctx: MapContext, who: str | None) -> Value:
    wages = _wages(ctx.case, who)
    return wages.net if wages is not None else None


@mapper.value("vehicles")
def _vehicles(ctx: MapContext, what: str | None) -> Value:
    """Line 23 (vehicles owned) or line 24 (``vehicles(payments)``: car payments each month)."""
    cars = ctx.case.assets.vehicles
    if what == "payments":
        return sum(1 for v in cars if v.monthly_payment > 0)
    return sum(1 for v in cars if not v.leased)


def _deducted(case: Case, item: str) -> bool:
    return any(income.deductions is not None and getattr(income.deductions, item) > 0 for income in case.income)


_EXPENSE = {"health_insurance": ("health_insurance", "health_insurance"),
            "court_ordered": ("court_ordered_payments", "court_ordered")}


@mapper.value("pays")
def _pays(ctx: MapContext, what: str | None) -> Value:
    """25a / 26a: health insurance or court-ordered payments, from pay or out of pocket."""
    expense, deduction = _EXPENSE[what or ""]
    return getattr(ctx.case.expenses, expense) > 0 or _deducted(ctx.case, deduction)


@mapper.predicate("pays")
def _pays_pred(ctx: MapContext, what: str | None) -> bool:
    return _pays(ctx, what) is True


@mapper.value("deducted")
def _deducted_value(ctx: MapContext, what: str | None) -> Value:
    """25b / 26b: deducted from the paycheck."""
    return _deducted(ctx.case, _EXPENSE[what or ""][1])


@mapper.value("monthly")
def _monthly(ctx: MapContext, what: str | None) -> Value:
    """25c / 26c (paid outside the paycheck) and 27 (child or dependent care), when there is any."""
    if what == "child_dependent_care":
        care: Decimal = ctx.case.expenses.child_dependent_care
        return care if care > 0 else None
    expense, deduction = _EXPENSE[what or ""]
    amount: Decimal = getattr(ctx.case.expenses, expense)
    return amount if amount > 0 and not _deducted(ctx.case, deduction) else None


@mapper.value("fact")
def _fact(ctx: MapContext, what: str | None) -> Value:
    """Where the case answers a Part II question: ``fact(wages.spouse)`` is that wage item's
    frequency (``/income/2/frequency``)."""
    if what == "marital_status":
        return "/marital_status"
    who = (what or "").partition(".")[2]
    index = next((i for i, inc in enumerate(ctx.case.income) if inc.person == who and inc.source == "wages"), None)
    return f"/income/{index}/frequency" if index is not None else "/income"
