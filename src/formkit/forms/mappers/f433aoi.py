"""Form 433-A (OIC) (Rev. 4-2025): the decisions the field map (``forms/f433aoi/4-2025.json``)
names; every straight copy of a case fact or analysis line is declared in the map.

Computed lines come from the analysis (``oic.*``): quick-sale values, the equity of every listed
asset (``oic.line_5.items[k]``), the line totals, the amounts allowed on lines 39-51 and the
Boxes, so the printed lines add up to Box E and the offer. Table rows follow the analysis' item
order; the items beyond the printed rows are on the continuation sheet and their total on the
attachment line of their group (1c, 2d, 3b, 4b, 5c, 6e, 7c, 8d, 9c).
"""

from __future__ import annotations

from decimal import Decimal

from formkit.case.model import Address, BankAccount, Case, Income, OfferRequest, RealEstate
from formkit.dates import add_years, months_between
from formkit.forms.mappers._shared import masked_account
from formkit.forms.mapping import Item, MapContext, Mapper, Value
from formkit.forms.resolve import walk

mapper = Mapper("f433aoi")

ZERO = Decimal(0)
_ACCOUNT_BOX = {"checking": "checking", "savings": "savings", "money_market": "money_market_cd",
                "cd": "money_market_cd", "online": "online", "stored_value": "stored_value"}
_ATTACHMENT_TYPES: dict[str, frozenset[str]] = {
    "pay_stubs": frozenset({"pay_stub"}),
    "investment_retirement_statements": frozenset({"investment_statement", "retirement_statement"}),
    "digital_asset_records": frozenset({"digital_asset_record"}),
    "other_income_statements": frozenset({"social_security_statement", "pension_statement", "rental_statement"}),
    "bank_statements": frozenset({"bank_statement", "business_bank_statement"}),
    "lender_statements": frozenset({"loan_statement", "mortgage_statement", "vehicle_loan_statement"}),
    "state_tax_verification": frozenset({"delinquent_state_tax_verification"}),
    "court_orders": frozenset({"court_order"}),
    "special_circumstances": frozenset({"special_circumstances"}),
    "receivables_list": frozenset({"accounts_receivable_list"}),
    "trust_documents": frozenset({"trust_documents"}),
    "form_433b": frozenset({"form_433b_oic"}),
}
# Other expenses line 50 names ("government guaranteed student loan", "Other"); tuition,
# charitable gifts, unsecured debts, voluntary retirement and whole-life premiums have no line.
_LINE_50_CATEGORIES = frozenset({"student_loan", "other"})
_CONTRIBUTOR_SOURCES = ("wages", "social_security", "pension", "unemployment", "other")


def _offer(case: Case) -> OfferRequest | None:
    offers = case.requests_of(OfferRequest)
    return offers[0] if offers else None


def _self_employed(case: Case) -> bool:
    return (case.business is not None or any(a.business for a in case.assets.bank_accounts)
            or bool(case.assets.business_assets))


# --------------------------------------------------------------------------- Section 1


@mapper.value("one_line")
def _one_line(ctx: MapContext, path: str | None) -> Value:
    """An address on the form's one-line fields: ``one_line(address)``."""
    address: Address | None = walk(ctx.case, path or "")
    return address.one_line() if address is not None else None


@mapper.value("mailing_address")
def _mailing_address(ctx: MapContext, _: str | None) -> Value:
    """Only when it differs from the home address (the form's own instruction)."""
    mail = ctx.case.mailing_address
    return mail.one_line() if mail is not None and mail.one_line() != ctx.case.address.one_line() else None


@mapper.value("phone")
def _phone(ctx: MapContext, which: str | None) -> Value:
    """Primary (``phone(1)``) and secondary (``phone(2)``) phone: home, cell, work, in that order."""
    tp = ctx.case.taxpayer
    phones = [p for p in (tp.home_phone, tp.cell_phone, tp.work_phone) if p]
    index = int(which or "1") - 1
    return phones[index] if index < len(phones) else None


@mapper.value("marital_status")
def _marital_status(ctx: MapContext, _: str | None) -> Value:
    status = ctx.case.marital_status
    if status is None:
        return "married" if ctx.case.spouse is not None else None
    return "married" if status in ("married", "separated") else "unmarried"  # separated is still married


# --------------------------------------------------------------------------- Section 2


@mapper.item_list("jobs")
def _jobs(ctx: MapContext, who: str | None) -> list[Item]:
    """Each wage job of the person (the joint ones are the taxpayer's), in case order."""
    if who == "spouse" and ctx.case.spouse is None:
        return []
    persons = ("spouse",) if who == "spouse" else ("taxpayer", "joint")
    return [Item(f"/income/{i}", inc) for i, inc in enumerate(ctx.case.income)
            if inc.source == "wages" and inc.person in persons]


@mapper.row("job")
def _job(ctx: MapContext, item: Item) -> dict[str, Value]:
    job: Income = item.value
    period = job.frequency if job.frequency in ("weekly", "biweekly", "monthly") else "other"
    months = months_between(job.start_date, ctx.as_of) if job.start_date is not None else None
    person = ctx.case.spouse if job.person == "spouse" else ctx.case.taxpayer
    return {"address": job.payer_address.one_line() if job.payer_address is not None else None,
            "pay_period": period,
            "occupation": job.occupation or (person.occupation if person is not None else None),
            "years": months // 12 if months is not None else None,
            "months": months % 12 if months is not None else None}


@mapper.value("occupation")
def _occupation(ctx: MapContext, who: str | None) -> Value:
    jobs = _jobs(ctx, who)
    if not jobs:
        return None
    return _job(ctx, jobs[0])["occupation"]


# --------------------------------------------------------------------------- Section 3 rows


@mapper.row("account")
def _account(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Lines 1 and 8: cash on hand takes the Cash box, an account its type's box."""
    if not isinstance(item.value, BankAccount):
        return {"kind": "cash"}
    account = item.value
    name = account.institution
    if account.institution_address is not None:
        name = f"{name}, {account.institution_address.country}"
    return {"kind": _ACCOUNT_BOX[account.account_type], "bank_name": name,
            "account_number": masked_account(account.account_last4)}


@mapper.row("investment")
def _investment(ctx: MapContext, item: Item) -> dict[str, Value]:
    kind = (item.value.kind or "").strip().lower()
    box = kind if kind in ("stocks", "bonds") else "other"
    return {"kind": box, "other_description": item.value.description if box == "other" else None}


@mapper.row("digital")
def _digital(ctx: MapContext, item: Item) -> dict[str, Value]:
    return {"digital_asset": True}


@mapper.row("retirement")
def _retirement(ctx: MapContext, item: Item) -> dict[str, Value]:
    kind = (item.value.kind or "").strip().lower().replace("(", "").replace(")", "")
    box = "401k" if kind == "401k" else "ira" if "ira" in kind else "other"
    return {"kind": box, "other_description": item.value.description if box == "other" else None}


@mapper.row("policy")
def _policy(ctx: MapContext, item: Item) -> dict[str, Value]:
    return {"policy_number": masked_account(item.value.policy_number_last4)}


@mapper.row("property")
def _property(ctx: MapContext, item: Item) -> dict[str, Value]:
    prop: RealEstate = item.value
    description = prop.description
    if prop.primary_residence and "residence" not in description.lower():
        description = f"{description} (personal residence)"
    parts = [prop.address.one_line()]
    if prop.address.county:
        parts.append(prop.address.county)
    parts.append(prop.address.country)
    return {"description": description, "location": ", ".join(parts),
            "mortgage_payment": prop.monthly_payment if prop.monthly_payment > 0 else None}


@mapper.value("for_sale")
def _for_sale(ctx: MapContext, _: str | None) -> Value:
    return any(p.for_sale for p in ctx.case.assets.real_estate)


@mapper.row("vehicle")
def _vehicle(ctx: MapContext, item: Item) -> dict[str, Value]:
    car = item.value
    return {"make_model": f"{car.make} {car.model}", "ownership": "lease" if car.leased else "own",
            "monthly_payment": car.monthly_payment if car.monthly_payment > 0 else None}


@mapper.predicate("second_vehicle")
def _second_vehicle(ctx: MapContext, _: str | None) -> bool:
    return len(ctx.case.assets.vehicles) > 1


# --------------------------------------------------------------------------- Sections 4-6


@mapper.predicate("self_employed")
def _self_employed_pred(ctx: MapContext, _: str | None) -> bool:
    return _self_employed(ctx.case)


@mapper.predicate("receivables_section")
def _receivables_section(ctx: MapContext, _: str | None) -> bool:
    """Section 5's receivable questions and list: for the self-employed, and for anyone the case
    lists a receivable for (a wage earner's note receivable is an asset the list must show)."""
    return _self_employed(ctx.case) or bool(ctx.case.assets.receivables)


@mapper.predicate("sole_proprietor")
def _sole_proprietor(ctx: MapContext, _: str | None) -> bool:
    return ctx.case.business is not None and ctx.case.business.kind == "sole_proprietorship"


@mapper.predicate("entity")
def _entity(ctx: MapContext, _: str | None) -> bool:
    return ctx.case.business is not None and ctx.case.business.kind != "sole_proprietorship"


@mapper.value("sole_proprietorship")
def _sole_proprietorship(ctx: MapContext, _: str | None) -> Value:
    return _sole_proprietor(ctx, None)


@mapper.value("other_business")
def _other_business(ctx: MapContext, _: str | None) -> Value:
    """The case holds one business: an entity is the "other business interest"; a sole
    proprietor with no entity on file has none."""
    return _entity(ctx, None)


@mapper.value("business_address")
def _business_address(ctx: MapContext, _: str | None) -> Value:
    """Only when other than the personal residence."""
    biz = ctx.case.business
    if biz is None or biz.address is None or biz.address.one_line() == ctx.case.address.one_line():
        return None
    return biz.address.one_line()


@mapper.value("payroll")
def _payroll(ctx: MapContext, _: str | None) -> Value:
    biz = ctx.case.business
    return biz.monthly.gross_wages if biz is not None and biz.monthly.gross_wages > 0 else None


@mapper.value("receivable")
def _receivable(ctx: MapContext, kind: str | None) -> Value:
    return any(r.kind == kind for r in ctx.case.assets.receivables)


@mapper.predicate("itemized_business")
def _itemized_business(ctx: MapContext, _: str | None) -> bool:
    """Lines 12-16 and 18-28 itemized unless a current profit and loss statement is attached:
    with one the form asks only for lines 17 and 29 (Section 6 heading)."""
    return _sole_proprietor(ctx, None) and not any(
        a.document_type == "profit_and_loss" for a in ctx.case.attachments)


# --------------------------------------------------------------------------- Section 7


@mapper.value("contributors")
def _contributors(ctx: MapContext, _: str | None) -> Value:
    """Line 32 "List source(s)": who else contributes to the household."""
    names = [i.description or i.payer for i in ctx.case.income
             if i.source == "household_contribution" or (i.person == "household" and i.source in _CONTRIBUTOR_SOURCES)]
    listed = [n for n in names if n]
    return "; ".join(listed) if listed else None


@mapper.predicate("renting")
def _renting(ctx: MapContext, _: str | None) -> bool:
    return ctx.case.housing is not None and ctx.case.housing.status == "rent"


@mapper.value("policy_amount")
def _policy_amount(ctx: MapContext, _: str | None) -> Value:
    policies = ctx.case.assets.life_insurance
    return sum((p.face_amount for p in policies), ZERO) if policies else None


@mapper.value("line_50_list")
def _line_50_list(ctx: MapContext, _: str | None) -> Value:
    """Line 50 names every component it includes: secured debts, employer-required payroll
    deductions and the other necessary expenses (the amount is the analysis' line 50)."""
    e = ctx.case.expenses
    names = ["Secured debts"] if e.secured_debts > 0 else []
    if any(i.deductions is not None and (i.deductions.retirement_required or i.deductions.union_dues)
           for i in ctx.case.income):
        names.append("Employer-required retirement/union dues (payroll)")
    names += [o.description for o in e.other if o.category in _LINE_50_CATEGORIES]
    return "; ".join(names) if names else None


# --------------------------------------------------------------------------- Section 8


def _option(ctx: MapContext) -> str | None:
    offer = _offer(ctx.case)
    return offer.payment_option if offer is not None else None


@mapper.predicate("option")
def _option_pred(ctx: MapContext, which: str | None) -> bool:
    """Both Boxes G and H without an offer request; the chosen one with it."""
    return _option(ctx) in (None, which)


@mapper.value("box_a_plus_box_b")
def _box_a_plus_box_b(ctx: MapContext, _: str | None) -> Value:
    box_a = ctx.amount("oic.box_a")
    if box_a is None:
        return None
    box_b = ctx.amount("oic.box_b") if _self_employed(ctx.case) else None
    return box_a + (box_b or ZERO)


@mapper.value("future_income")
def _future_income(ctx: MapContext, _: str | None) -> Value:
    option = _option(ctx)
    return ctx.amount("oic.box_g" if option == "lump_sum" else "oic.box_h") if option else None


@mapper.value("minimum_offer")
def _minimum_offer(ctx: MapContext, _: str | None) -> Value:
    option = _option(ctx)
    return ctx.amount(f"oic.minimum_offer.{option}") if option else None


# --------------------------------------------------------------------------- Sections 9-10


def _bankruptcy_within(ctx: MapContext, years: int) -> bool | None:
    bk = ctx.case.compliance.bankruptcy
    if bk is not None and (bk.open or bk.filed_on is not None):
        return bk.open or (bk.filed_on is not None and bk.filed_on >= add_years(ctx.as_of, -years))
    if ctx.case.other_information.filed_bankruptcy is False:
        return False
    return None


@mapper.value("bankruptcy_within")
def _bankruptcy_answer(ctx: MapContext, years: str | None) -> Value:
    """"Have you filed bankruptcy in the past N years" (the map gives N as printed): from the
    filing date on file; "no" also when the case says the taxpayer never filed
    (other_information.filed_bankruptcy = false)."""
    return _bankruptcy_within(ctx, int(years or "0"))


@mapper.predicate("bankruptcy_within")
def _recent_bankruptcy(ctx: MapContext, years: str | None) -> bool:
    return _bankruptcy_within(ctx, int(years or "0")) is True


@mapper.value("signature_date")
def _signature_date(ctx: MapContext, signer: str | None) -> Value:
    sig = ctx.case.signature("433-A (OIC)", signer or "taxpayer")
    return sig.date if sig is not None and sig.signed else None


@mapper.value("attached")
def _attached(ctx: MapContext, box: str | None) -> Value:
    """The Section 10 checklist: what the packet encloses."""
    case = ctx.case
    kinds = {a.document_type for a in case.attachments}
    if box == "form_2848":
        return bool(case.representatives)
    if box == "form_656":
        signed = case.signature("656", "taxpayer")
        return _offer(case) is not None and signed is not None and signed.signed
    if box == "receivables_list" and case.assets.receivables:
        return True  # formkit attaches the list (the continuation sheet of Section 5)
    return bool(kinds & _ATTACHMENT_TYPES[box or ""])
