"""Form 433-A (Rev. 7-2022): the decisions the field map (``forms/f433a/7-2022.json``) names.

Everything that is a straight copy of a case fact or an analysis line is declared in the map;
what remains here are choices the form makes: how names, addresses and phone numbers are
split over its boxes, which box a filing status or pay period ticks, how a table row reads.
Every date on this revision is printed "(mmddyyyy)" with a MaxLen of 8, so dates are given as
8-digit strings (format ``digits``). The "Allowable Expenses" column is IRS use only.
"""

from __future__ import annotations

import re
from decimal import Decimal

from formkit.analysis.money import apply_rounding, equity, to_cents
from formkit.case.model import (
    Address,
    AssetWithLoan,
    BankAccount,
    Case,
    CreditAccount,
    Income,
    MerchantAccount,
    PaymentProcessor,
    Person,
    PersonRef,
    Transfer,
)
from formkit.dates import months_between
from formkit.forms.mappers._shared import credit_kind, masked_account, monthly, monthly_cents
from formkit.forms.mapping import Item, MapContext, Mapper, Value
from formkit.forms.registry import supported

mapper = Mapper("f433a")

ACCOUNT_TYPES = {"checking": "Checking", "savings": "Savings", "money_market": "Money market",
                 "cd": "Cert. of deposit", "online": "Online", "stored_value": "Stored value card"}
INVESTMENT_KINDS = {"401k": "401(k)", "403b": "403(b)", "ira": "IRA", "roth_ira": "Roth IRA",
                    "sep_ira": "SEP IRA", "mutual_fund": "Mutual fund", "stocks": "Stocks", "bonds": "Bonds",
                    "pension": "Pension"}
_PAY_PERIOD_BOX = {"weekly": "weekly", "biweekly": "biweekly", "monthly": "monthly"}
_OWNER = {"taxpayer": "Taxpayer", "spouse": "Spouse", "joint": "Joint", "household": "Household"}
_NAME_WIDTH = 45  # line 1a MaxLen
_OWNER_WIDTH = 20  # line 16d


# --------------------------------------------------------------------------- shared pieces


def address_lines(addr: Address, county: bool = False) -> str:
    lines = [addr.street]
    if addr.street2:
        lines.append(addr.street2)
    lines.append(f"{addr.city}, {addr.state} {addr.zip}")
    if county and addr.county:
        lines.append(addr.county)
    if addr.country and addr.country != "US":
        lines.append(addr.country)
    return "\n".join(lines)


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)[-10:]


def _person(case: Case, who: str | None) -> Person | None:
    return case.spouse if who == "spouse" else case.taxpayer


def _sole_proprietor(case: Case) -> bool:
    return case.business is not None and case.business.kind == "sole_proprietorship"


# --------------------------------------------------------------------------- Section 1


@mapper.value("full_names")
def _full_names(ctx: MapContext, _: str | None) -> Value:
    tp, sp = ctx.case.taxpayer, ctx.case.spouse
    if sp is None or not ctx.case.is_joint:
        return tp.full_name
    both = f"{tp.full_name} & {sp.full_name}"
    if len(both) > _NAME_WIDTH and tp.last_name == sp.last_name and not tp.suffix:
        first = " ".join(p for p in (tp.first_name, f"{tp.middle_initial}." if tp.middle_initial else None) if p)
        both = f"{first} & {sp.full_name}"
    return both


@mapper.value("home_address")
def _home_address(ctx: MapContext, _: str | None) -> Value:
    return address_lines(ctx.case.address)


@mapper.value("phone")
def _phone(ctx: MapContext, arg: str | None) -> Value:
    """``phone(home.area_code)``: the taxpayer's home, cell or work number, split in two boxes."""
    kind, _, part = (arg or "").partition(".")
    number = getattr(ctx.case.taxpayer, f"{kind}_phone")
    return _split(number, part)


def _split(number: str | None, part: str) -> str | None:
    if not number:
        return None
    digits = _digits(number)
    return digits[:3] if part == "area_code" else digits[3:]


@mapper.value("marital_status")
def _marital_status(ctx: MapContext, _: str | None) -> Value:
    case = ctx.case
    if case.marital_status is not None:
        return "married" if case.marital_status in ("married", "separated") else "unmarried"
    if case.spouse is not None or case.filing_status in ("married_filing_jointly", "married_filing_separately"):
        return "married"
    if case.filing_status in ("single", "qualifying_surviving_spouse"):
        return "unmarried"
    return None  # head of household: the filing status does not tell


@mapper.value("business_interest")
def _business_interest(ctx: MapContext, _: str | None) -> Value:
    """Line 3a: an interest in an LLC, partnership, corporation, ... (a sole proprietorship is
    reported in Sections 6 and 7 instead); the case lists the taxpayer's business, if any."""
    biz = ctx.case.business
    return biz is not None and biz.kind != "sole_proprietorship"


@mapper.predicate("entity")
def _entity(ctx: MapContext, _: str | None) -> bool:
    return _business_interest(ctx, None) is True


# --------------------------------------------------------------------------- Section 2


@mapper.predicate("employed")
def _employed(ctx: MapContext, who: str | None) -> bool:
    return bool(_jobs(ctx, who))


@mapper.item_list("jobs")
def _jobs(ctx: MapContext, who: str | None) -> list[Item]:
    """Each wage job of the person (the joint ones are the taxpayer's), in case order."""
    if who == "spouse" and ctx.case.spouse is None:
        return []
    refs: tuple[PersonRef, ...] = ("spouse",) if who == "spouse" else ("taxpayer", "joint")
    return [Item(f"/income/{i}", inc) for i, inc in enumerate(ctx.case.income)
            if inc.source == "wages" and inc.person in refs]


@mapper.row("job")
def _job(ctx: MapContext, item: Item) -> dict[str, Value]:
    job: Income = item.value
    person = ctx.case.spouse if job.person == "spouse" else ctx.case.taxpayer
    months = months_between(job.start_date, ctx.as_of) if job.start_date is not None else None
    return {"address": address_lines(job.payer_address) if job.payer_address is not None else None,
            "phone.area_code": _split(job.payer_phone, "area_code"),
            "phone.number": _split(job.payer_phone, "number"),
            "years": months // 12 if months is not None else None,
            "months": months % 12 if months is not None else None,
            "occupation": job.occupation or (person.occupation if person is not None else None),
            "pay_period": _PAY_PERIOD_BOX.get(job.frequency, "other")}


@mapper.value("employer")
def _employer(ctx: MapContext, arg: str | None) -> Value:
    """``employer(spouse.occupation)``: a fact of the person's first job, for the boxes the
    form prints once per person outside the employer block (occupation, pay period)."""
    who, _, what = (arg or "").partition(".")
    jobs = _jobs(ctx, who)
    return _job(ctx, jobs[0])[what] if jobs else None


@mapper.value("dependents_claimed")
def _dependents_claimed(ctx: MapContext, who: str | None) -> Value:
    """Dependents are claimed once per return: on a joint return both blocks show it."""
    if not _employed(ctx, who) or (who == "spouse" and not ctx.case.is_joint):
        return None
    return sum(1 for m in ctx.case.household if m.claimed_as_dependent)


# --------------------------------------------------------------------------- Section 3


@mapper.value("bankruptcy")
def bankruptcy_answer(ctx: MapContext, _: str | None) -> Value:
    """Line 7, "Have you ever filed bankruptcy": yes with a bankruptcy on file; no only when the
    case says so (other_information.filed_bankruptcy = false)."""
    bk = ctx.case.compliance.bankruptcy
    if bk is not None and (bk.open or bk.filed_on is not None or bk.case_number is not None):
        return True
    return ctx.case.other_information.filed_bankruptcy


@mapper.value("ein_part")
def _ein_part(ctx: MapContext, arg: str | None) -> Value:
    """``ein_part(trust_interest.prefix)``: lines 9a/9b print the EIN in two boxes."""
    where, _, part = (arg or "").partition(".")
    info = ctx.case.other_information
    holder = info.trust_interest if where == "trust_interest" else info.trust_served
    ein = holder.ein if holder is not None else None
    if ein is None:
        return None
    digits = ein.replace("-", "")
    return digits[:2] if part == "prefix" else digits[2:]


@mapper.value("transfer")
def _transfer(ctx: MapContext, what: str | None) -> Value:
    """Line 11 has one row: the transfers, each named, with their total value."""
    info = ctx.case.other_information
    transfers = info.transfers
    if what == "assets":
        if transfers:
            return "; ".join(t.asset for t in transfers)
        return info.transfer_details
    if not transfers:
        return None
    if what == "value":
        values = [t.value for t in transfers if t.value is not None]
        return sum(values, Decimal(0)) if values else None
    if len(transfers) == 1:
        return _transfer_part(transfers[0], what)
    if what == "date":
        return None  # several dates: each is on the continuation of line 11 ("transfers" table)
    return "; ".join(str(x) for t in transfers if (x := _transfer_part(t, what)))


def _transfer_part(t: Transfer, what: str | None) -> Value:
    return t.date if what == "date" else t.to_whom


# --------------------------------------------------------------------------- Section 4 rows


@mapper.value("as_of")
def _as_of(ctx: MapContext, _: str | None) -> Value:
    return ctx.as_of


@mapper.row("bank_account")
def _bank_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    acct: BankAccount = item.value
    institution = (f"{acct.institution}\n{address_lines(acct.institution_address)}"
                   if acct.institution_address else acct.institution)
    return {"type": ACCOUNT_TYPES[acct.account_type], "institution": institution,
            "account_number": masked_account(acct.account_last4)}


@mapper.row("credit_account")
def _credit_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Line 15: the institution names the card or line too (the form has no type column)."""
    acct: CreditAccount = item.value
    name = f"{acct.institution} ({credit_kind(acct)})"
    return {"institution": f"{name}\n{address_lines(acct.institution_address)}" if acct.institution_address else name,
            "account_number": masked_account(acct.account_last4)}


@mapper.value("credit_as_of")
def _credit_as_of(ctx: MapContext, _: str | None) -> Value:
    """The one "As of" date over line 15's amounts: the latest statement date (the case's date
    for an account without one); the continuation sheet prints each continued account's own."""
    return max(a.as_of or ctx.as_of for a in ctx.case.assets.credit_accounts)


@mapper.value("total_available_credit")
def _total_available_credit(ctx: MapContext, _: str | None) -> Value:
    """Line 15c "Add lines 15a, 15b and amounts from any attachments": every account's available
    credit rounded as printed, then added, so the column adds up on paper."""
    rule = supported("433-A").rounding
    return sum((apply_rounding(a.available_credit, rule) if rule is not None else a.available_credit
                for a in ctx.case.assets.credit_accounts), Decimal(0))


def investment_type(item: AssetWithLoan) -> str:
    if item.kind is None:
        return item.description
    label = INVESTMENT_KINDS.get(item.kind, item.kind.replace("_", " ").capitalize())
    if label.lower() in item.description.lower():
        return item.description
    return f"{label}: {item.description}"


@mapper.row("investment")
def _investment_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    asset: AssetWithLoan = item.value
    return {"type": investment_type(asset), "equity": equity(asset.value, asset.loan_balance)}


@mapper.row("policy")
def _policy_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    owner: PersonRef | None = item.value.owner
    person = ctx.case.spouse if owner == "spouse" else ctx.case.taxpayer if owner in (None, "taxpayer") else None
    name = person.full_name if person is not None and len(person.full_name) <= _OWNER_WIDTH else None
    return {"policy_number": masked_account(item.value.policy_number_last4),
            "owner": name or _OWNER.get(owner or "taxpayer")}


@mapper.row("property")
def _property_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    prop = item.value
    return {"equity": equity(prop.value, prop.loan_balance),
            "location": address_lines(prop.address, county=True)}


@mapper.row("vehicle")
def _vehicle_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    car = item.value
    return {"make_model": f"{car.make} {car.model}", "equity": equity(car.value, car.loan_balance)}


@mapper.row("asset")
def _asset_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Lines 19 and 66: the lender only where a loan or lease exists."""
    asset: AssetWithLoan = item.value
    lender = asset.institution if asset.institution and (asset.loan_balance > 0 or asset.leased) else None
    return {"equity": equity(asset.value, asset.loan_balance), "lender": lender}


# --------------------------------------------------------------------------- Section 5


def _income_index(item: Item) -> int:
    return int(item.pointer.rsplit("/", 1)[1])


@mapper.row("other_income")
def _other_income_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    inc: Income = item.value
    label = inc.description or inc.payer or inc.source.replace("_", " ").capitalize()
    if inc.person == "household" and inc.source in ("wages", "pension", "social_security") and not inc.description:
        label = f"Household member {inc.source.replace('_', ' ')}" + (f" ({inc.payer})" if inc.payer else "")
    return {"source": label, "amount": ctx.amount(f"income.monthly.item[{_income_index(item)}].gross")}


@mapper.row("other_expense")
def _other_expense_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Line 48's attached list: each expense by name, monthly."""
    pointer = item.pointer
    if "/deductions/" in pointer:
        index = int(pointer.split("/")[2])
        inc = ctx.case.income[index]
        name = pointer.rsplit("/", 1)[1]
        label = ("Employer-required retirement" if name == "retirement_required" else "Union dues")
        return {"description": f"{label} (payroll deduction, {inc.payer or inc.person})",
                "amount": to_cents(monthly(item.value, inc.frequency, ctx.as_of))}
    return {"description": item.value.description,
            "amount": monthly_cents(item.value.amount, item.value.frequency, ctx.as_of)}


# --------------------------------------------------------------------------- Sections 6-7


@mapper.predicate("sole_proprietor")
def _sole_proprietor_pred(ctx: MapContext, _: str | None) -> bool:
    return _sole_proprietor(ctx.case)


@mapper.value("sole_proprietorship")
def _sole_proprietorship(ctx: MapContext, _: str | None) -> Value:
    return _sole_proprietor(ctx.case)


@mapper.row("processor")
def _processor_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    proc: PaymentProcessor = item.value
    return {"name_address": f"{proc.name}, {proc.address.one_line()}" if proc.address else proc.name,
            "account_number": masked_account(proc.account_last4)}


@mapper.row("merchant_card")
def _merchant_card_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    card: MerchantAccount = item.value
    return {"merchant_account_number": masked_account(card.account_last4),
            "issuing_bank": f"{card.issuing_bank}, {card.bank_address.one_line()}" if card.bank_address
            else card.issuing_bank}


@mapper.predicate("business")
def _has_business(ctx: MapContext, _: str | None) -> bool:
    return ctx.case.business is not None or any(a.business for a in ctx.case.assets.bank_accounts)


@mapper.value("business_name_address")
def _business_name_address(ctx: MapContext, _: str | None) -> Value:
    biz = ctx.case.business
    if biz is None:
        return None
    if biz.address is not None and not _same_place(biz.address, ctx.case.address):
        return f"{biz.name}, {biz.address.one_line()}"
    return biz.name


def _same_place(a: Address, b: Address) -> bool:
    return (a.street, a.street2, a.city, a.state, a.zip[:5]) == (b.street, b.street2, b.city, b.state, b.zip[:5])


@mapper.value("business_phone")
def _business_phone(ctx: MapContext, part: str | None) -> Value:
    biz = ctx.case.business
    return _split(biz.phone if biz is not None else None, part or "")
