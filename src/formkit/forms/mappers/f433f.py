"""Form 433-F (Rev. 7-2024): the decisions the field map (``forms/f433f/7-2024.json``) names.

Section G and H amounts come from the analysis (``f433f.*``); the "IRS Allowed" column is
left to the IRS (``blank`` in the map). The tables list every account, asset, card, receivable
and job of the case: what the printed rows cannot hold is on the continuation sheet (the form:
"If any section on this form is too small for the information you need to supply, please use
a separate sheet").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formkit.analysis.money import equity
from formkit.case.model import (
    Address,
    AssetWithLoan,
    BankAccount,
    CreditAccount,
    Income,
    LifeInsurance,
    MerchantAccount,
    PaymentProcessor,
    Vehicle,
)
from formkit.dates import months_between
from formkit.forms.mappers._shared import credit_kind, masked_account, monthly_cents
from formkit.forms.mapping import Item, MapContext, Mapper, Value

mapper = Mapper("f433f")

ZERO = Decimal(0)
_ACCOUNT_TYPES = {
    "checking": "Checking",
    "savings": "Savings",
    "money_market": "Money market",
    "cd": "CD",
    "online": "Online",
    "stored_value": "Stored value",
}
_INVESTMENT_KINDS = {
    "401k": "401(k)",
    "403b": "403(b)",
    "457b": "457(b)",
    "ira": "IRA",
    "roth_ira": "Roth IRA",
    "sep_ira": "SEP IRA",
    "simple_ira": "SIMPLE IRA",
    "cd": "CD",
}
_BUSINESS_KINDS = {
    "sole_proprietorship": "Sole proprietorship",
    "partnership": "Partnership",
    "llc": "LLC",
    "corporation": "Corporation",
    "other": "Other",
}
_OTHER_INCOME_LABELS = {
    "distributions": "Distributions",
    "household_contribution": "Household contribution",
    "other": "Other",
}


def _us(address: Address) -> bool:
    return address.country.upper() in ("US", "USA", "UNITED STATES")


def _two_lines(address: Address) -> str:
    street = f"{address.street} {address.street2}" if address.street2 else address.street
    last = f"{address.city}, {address.state} {address.zip}"
    return f"{street}\n{last}" if _us(address) else f"{street}\n{last}, {address.country}"


# --------------------------------------------------------------------------- header


@mapper.value("name_and_address")
def _name_and_address(ctx: MapContext, _: str | None) -> Value:
    case = ctx.case
    names = case.taxpayer.full_name if case.spouse is None else f"{case.taxpayer.full_name} & {case.spouse.full_name}"
    return f"{names}\n{_two_lines(case.mailing_address or case.address)}"


@mapper.value("household")
def _household(ctx: MapContext, which: str | None) -> Value:
    """People claimable on this year's return, "including you and your spouse", by the age the
    form prints: ``household(under_65)`` / ``household(at_least_65)``."""
    case = ctx.case
    ages = [case.taxpayer.age_on(ctx.as_of)]
    if case.spouse is not None:
        ages.append(case.spouse.age_on(ctx.as_of))
    ages.extend(m.age for m in case.household if m.claimed_as_dependent)
    side, _, age = (which or "").rpartition("_")
    older = sum(1 for a in ages if a >= int(age))
    return len(ages) - older if side == "under" else older


@mapper.value("business_type")
def _business_type(ctx: MapContext, _: str | None) -> Value:
    biz = ctx.case.business
    return (biz.description or _BUSINESS_KINDS[biz.kind]) if biz is not None else None


# --------------------------------------------------------------------------- A. accounts


def _institution(name: str, address: Address | None) -> str:
    return f"{name}, {address.one_line()}" if address is not None else name


@mapper.item_list("bank_accounts")
def _bank_accounts(ctx: MapContext, _: str | None) -> list[Item]:
    """Every account, business ones included (the form has a box for them); CDs are investments."""
    return [
        Item(f"/assets/bank_accounts/{i}", a)
        for i, a in enumerate(ctx.case.assets.bank_accounts)
        if a.account_type != "cd"
    ]


@mapper.item_list("investments")
def _investments(ctx: MapContext, _: str | None) -> list[Item]:
    """Certificates of deposit, investments and retirement accounts, as the form groups them."""
    a = ctx.case.assets
    return (
        [Item(f"/assets/bank_accounts/{i}", x) for i, x in enumerate(a.bank_accounts) if x.account_type == "cd"]
        + [Item(f"/assets/investments/{i}", x) for i, x in enumerate(a.investments) if not x.is_digital]
        + [Item(f"/assets/retirement_accounts/{i}", x) for i, x in enumerate(a.retirement_accounts)]
    )


@mapper.item_list("digital_assets")
def _digital_assets(ctx: MapContext, _: str | None) -> list[Item]:
    return [Item(f"/assets/investments/{i}", x) for i, x in enumerate(ctx.case.assets.investments) if x.is_digital]


@mapper.row("account")
def _account(ctx: MapContext, item: Item) -> dict[str, Value]:
    acct: BankAccount = item.value
    return {
        "institution": _institution(acct.institution, acct.institution_address),
        "account_number": masked_account(acct.account_last4),
        "type": _ACCOUNT_TYPES[acct.account_type],
    }


@mapper.row("investment")
def _investment(ctx: MapContext, item: Item) -> dict[str, Value]:
    if isinstance(item.value, BankAccount):
        return {**_account(ctx, item), "balance": item.value.balance, "business": item.value.business}
    asset: AssetWithLoan = item.value
    kind = (
        _INVESTMENT_KINDS.get(asset.kind or "", (asset.kind or "").replace("_", " ").capitalize()) or asset.description
    )
    return {
        "institution": asset.institution or asset.description,
        "type": kind,
        "balance": asset.value,
        "business": False,
    }


# --------------------------------------------------------------------------- B, C, D


@mapper.row("property")
def _property(ctx: MapContext, item: Item) -> dict[str, Value]:
    prop = item.value
    where = prop.address.one_line() + (f" ({prop.address.county})" if prop.address.county else "")
    return {
        "description": f"{prop.description}\n{where}",
        "residence": "primary" if prop.primary_residence else "other",
        "monthly_payment": prop.monthly_payment if prop.monthly_payment > 0 else None,
        "year_purchased": prop.purchase_date.year if prop.purchase_date is not None else None,
        "equity": equity(prop.value, prop.loan_balance),
    }


@mapper.item_list("other_assets")
def _other_assets(ctx: MapContext, _: str | None) -> list[Item]:
    """Vehicles, whole life insurance (term has no cash value: its premium is in Section H),
    personal and business assets, as the instructions list them."""
    a = ctx.case.assets
    return (
        [Item(f"/assets/vehicles/{i}", v) for i, v in enumerate(a.vehicles)]
        + [Item(f"/assets/life_insurance/{i}", p) for i, p in enumerate(a.life_insurance) if p.policy_type != "term"]
        + [Item(f"/assets/personal_effects/{i}", x) for i, x in enumerate(a.personal_effects)]
        + [Item(f"/assets/business_assets/{i}", x) for i, x in enumerate(a.business_assets)]
    )


@mapper.row("other_asset")
def _other_asset(ctx: MapContext, item: Item) -> dict[str, Value]:
    x = item.value
    final: date | None = None
    if isinstance(x, Vehicle):
        description = f"{x.description} (lease)" if x.leased else x.description
        payment, year = x.monthly_payment, None if x.leased else (x.purchase_date.year if x.purchase_date else None)
        final, value, owed = x.final_payment_date, x.value, x.loan_balance
    elif isinstance(x, LifeInsurance):
        description = f"{x.policy_type.capitalize()} life insurance, {x.company}"
        payment, year, value, owed = ZERO, None, x.cash_value, x.loan_balance
    else:
        description, payment, year, value, owed = x.description, ZERO, None, x.value, x.loan_balance
    return {
        "description": description,
        "monthly_payment": payment if payment > 0 else None,
        "year_purchased": year,
        "final_payment_month": f"{final.month:02d}" if final else None,
        "final_payment_year": f"{final.year % 100:02d}" if final else None,
        "current_value": value,
        "balance_owed": owed,
        "equity": equity(value, owed),
    }


@mapper.item_list("credit_cards")
def _credit_cards(ctx: MapContext, _: str | None) -> list[Item]:
    """Every credit account ("even if there is no balance owed"), then the unsecured-debt
    payments that name no account (the case knows only their minimum payment)."""
    accounts = ctx.case.assets.credit_accounts
    return [Item(f"/assets/credit_accounts/{i}", a) for i, a in enumerate(accounts)] + [
        Item(f"/expenses/other/{i}", e)
        for i, e in enumerate(ctx.case.expenses.other)
        if e.category == "unsecured_debt" and (e.credit_account is None or e.credit_account >= len(accounts))
    ]


# --------------------------------------------------------------------------- E, F, G


@mapper.value("receivables_total")
def _receivables_total(ctx: MapContext, _: str | None) -> Value:
    owed = ctx.case.assets.receivables
    return sum((r.amount for r in owed), ZERO) if owed else None


@mapper.value("merchant_name")
def _merchant_name(ctx: MapContext, _: str | None) -> Value:
    biz = ctx.case.business
    return biz.name if biz is not None and (biz.takes_cards or biz.payment_processors) else None


@mapper.item_list("merchant_cards")
def _merchant_cards(ctx: MapContext, _: str | None) -> list[Item]:
    """E2: the cards the business accepts, then its payment processors (the instructions: "and/or
    digital assets wallet, exchange or digital currency exchange")."""
    biz = ctx.case.business
    if biz is None:
        return []
    return [Item(f"/business/merchant_accounts/{i}", m) for i, m in enumerate(biz.merchant_accounts)] + [
        Item(f"/business/payment_processors/{i}", p) for i, p in enumerate(biz.payment_processors)
    ]


@mapper.row("merchant_card")
def _merchant_card(ctx: MapContext, item: Item) -> dict[str, Value]:
    x = item.value
    if isinstance(x, MerchantAccount):
        return {"card_type": x.card_brand, "issuing_bank": _institution(x.issuing_bank, x.bank_address),
                "merchant_account_number": masked_account(x.account_last4)}
    proc: PaymentProcessor = x
    return {"card_type": "Payment processor", "issuing_bank": _institution(proc.name, proc.address),
            "merchant_account_number": masked_account(proc.account_last4)}


@mapper.item_list("jobs")
def _jobs(ctx: MapContext, who: str | None) -> list[Item]:
    if who == "spouse" and ctx.case.spouse is None:
        return []
    persons = ("spouse",) if who == "spouse" else ("taxpayer", "joint")
    return [
        Item(f"/income/{i}", x) for i, x in enumerate(ctx.case.income) if x.source == "wages" and x.person in persons
    ]


@mapper.row("job")
def _job(ctx: MapContext, item: Item) -> dict[str, Value]:
    job: Income = item.value
    employer = job.payer
    if employer is not None and job.payer_address is not None:
        employer = f"{employer}\n{job.payer_address.one_line()}"
    tenure = None
    if job.start_date is not None:
        years, months = divmod(months_between(job.start_date, ctx.as_of), 12)
        tenure = f"{months} mos" if years == 0 else f"{years} yrs {months} mos"
    d = job.deductions
    return {
        "employer": employer,
        "paid": job.frequency if job.frequency in ("weekly", "biweekly", "semimonthly", "monthly") else None,
        "federal_tax": d.federal_tax if d is not None else None,
        "state_tax": d.state_local_tax if d is not None else None,
        "time_at_employer": tenure,
    }


@mapper.value("other_income_sources")
def _other_income_sources(ctx: MapContext, _: str | None) -> Value:
    labels = list(
        dict.fromkeys(
            i.description or _OTHER_INCOME_LABELS[i.source] for i in ctx.case.income if i.source in _OTHER_INCOME_LABELS
        )
    )
    return ", ".join(labels) if labels else None


# --------------------------------------------------------------------------- H, signature


@mapper.row("other_expense")
def _other_expense(ctx: MapContext, item: Item) -> dict[str, Value]:
    expenses = ctx.case.expenses
    if item.pointer == "/expenses/secured_debts":
        return {"description": "Secured debts",
                "actual": monthly_cents(item.value, expenses.frequency_of("secured_debts"), ctx.as_of)}
    return {"description": item.value.description,
            "actual": monthly_cents(item.value.amount, item.value.frequency, ctx.as_of)}


@mapper.row("credit_card")
def _credit_card(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Section D: an account with its limit, balance and the minimum payment (per month) of the
    unsecured-debt expense that names it; a payment on no recorded account by its description."""
    if isinstance(item.value, CreditAccount):
        acct: CreditAccount = item.value
        index = int(item.pointer.rsplit("/", 1)[1])
        payments = [monthly_cents(e.amount, e.frequency, ctx.as_of) for e in ctx.case.expenses.other
                    if e.category == "unsecured_debt" and e.credit_account == index]
        kind = credit_kind(acct)
        return {"type": f"{kind[:1].upper()}{kind[1:]}, {acct.institution}",
                "credit_limit": acct.credit_limit, "balance_owed": acct.amount_owed,
                "minimum_payment": sum(payments, ZERO) if payments else None}
    return {"type": item.value.description,
            "minimum_payment": monthly_cents(item.value.amount, item.value.frequency, ctx.as_of)}


@mapper.value("signature_date")
def _signature_date(ctx: MapContext, _: str | None) -> Value:
    for signer in ("taxpayer", "spouse"):
        sig = ctx.case.signature("433-F", signer)
        if sig is not None and sig.signed and sig.date is not None:
            return sig.date
    return None
