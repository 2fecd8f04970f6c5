"""Small helpers shared by the per-form mappers."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from formkit.case.model import CreditAccount, Frequency, Person
from formkit.forms.mapping import FieldValues


def monthly(amount: Decimal, frequency: Frequency, as_of: date) -> Decimal:
    """The monthly equivalent of an amount paid at ``frequency`` (not rounded).

    The factors are the forms' own (weekly x 4.3, biweekly x 2.17, ...), read from the
    dated ``standards/pay_periods.json`` table in force on ``as_of`` (the map's date).
    """
    from formkit.analysis.standards import load_library
    from formkit.analysis.tables import StandardsAt

    op, factor, _ = StandardsAt(load_library(), as_of).pay_period(frequency)
    return amount * factor if op == "multiply" else amount / factor


def monthly_cents(amount: Decimal, frequency: Frequency, as_of: date) -> Decimal:
    """An expense as the forms print it per month: converted, to the cent (half up), the same
    rounding ``Expenses.monthly_equivalent`` applies for the analysis."""
    if frequency == "monthly":
        return amount
    return monthly(amount, frequency, as_of).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def yes_no(values: FieldValues, key: str, answer: bool | None) -> None:
    """A Yes/No box pair (``key.yes`` / ``key.no``): True on the box that applies; both left
    alone when the case is silent."""
    if answer is None:
        return
    values[f"{key}.yes"] = answer
    values[f"{key}.no"] = not answer


def mmddyyyy(day: date | None) -> str | None:
    """A date for the fields printed "(mmddyyyy)": eight digits, no separators."""
    return day.strftime("%m%d%Y") if day is not None else None


def masked_account(last4: str | None) -> str | None:
    """The case keeps only the last four digits of account and policy numbers."""
    return f"XXXX{last4}" if last4 else None


_CREDIT_KINDS = {"credit_card": "credit card", "store_card": "store card", "line_of_credit": "line of credit"}


def credit_kind(account: CreditAccount) -> str:
    """What a credit account is, as a preparer would say it: "Visa credit card", "line of credit"."""
    kind = _CREDIT_KINDS[account.kind]
    return f"{account.card_brand} {kind}" if account.card_brand else kind


def daytime_phone(person: Person) -> str | None:
    """One number to reach the person: cell, then home, then work."""
    return person.cell_phone or person.home_phone or person.work_phone
