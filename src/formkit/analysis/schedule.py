"""Payment schedules to the cent: periodic offers, lump-sum offers and installment agreements.

One convention (docs/reference/rounding.md): a regular payment is the exact share rounded
UP to the cent, so the payments never fall short; the final payment absorbs the rounding
and is never larger than a regular one. Accruing interest and penalties are not modelled:
the schedules pay the balance as of the analysis date.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.analysis.money import ZERO, apply_rounding
from formkit.dates import add_months


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment: its number, when it is due (or how many months after acceptance)."""

    number: int
    amount: Decimal
    balance_after: Decimal
    due: date | None = None
    when: str = ""
    """Free text where no date applies, e.g. 'with the offer', 'within 3 months of acceptance'."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"number": self.number, "amount": self.amount,
                               "balance_after": self.balance_after}
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.when:
            out["when"] = self.when
        return out


@dataclass(frozen=True, slots=True)
class Schedule:
    """A month-by-month plan for paying an amount, with its source and what it leaves unpaid."""

    path: str
    title: str
    program: str
    total: Decimal
    payments: tuple[Payment, ...]
    citation: str
    note: str | None = None

    @property
    def paid(self) -> Decimal:
        return sum((p.amount for p in self.payments), ZERO)

    @property
    def unpaid(self) -> Decimal:
        """What is still owed after the last payment (expires with the CSED for a PPIA)."""
        return self.total - self.paid

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "title": self.title, "program": self.program,
                               "total": self.total, "paid": self.paid, "unpaid": self.unpaid,
                               "payments": [p.to_dict() for p in self.payments],
                               "citation": self.citation}
        if self.note:
            out["note"] = self.note
        return out


def equal_split(total: Decimal, count: int, rounding: Mapping[str, Any]) -> tuple[Decimal, Decimal]:
    """(regular, final) for ``count`` payments of ``total``: regular rounded by the data rule
    (up to the cent), the final one absorbing the rounding (never more than a regular one,
    except for a total of a few cents a month, where rounding up would overshoot)."""
    if count < 1:
        raise ValueError("a schedule needs at least one payment")
    regular = apply_rounding(total / count, rounding)
    final = total - regular * (count - 1)
    if final < ZERO:  # a few cents over many months: round down instead, the final one takes the rest
        regular = apply_rounding(total / count, {"quantum": rounding["quantum"], "mode": "ROUND_FLOOR"})
        final = total - regular * (count - 1)
    return regular, final


def monthly_due_dates(start: date, day: int | None, count: int, max_day: int) -> list[date]:
    """The first payment on ``start``, then ``day`` of each following month; without a day, the
    day of ``start`` up to ``max_day`` (the latest day the form allows: 28 on Forms 656 and 9465)."""
    out = [start]
    for n in range(1, count):
        month = add_months(start.replace(day=1), n)
        out.append(month.replace(day=day or min(start.day, max_day)))
    return out


def installments(total: Decimal, amounts: Sequence[Decimal], dates: Sequence[date | None] | None = None,
                 labels: Sequence[str] | None = None) -> tuple[Payment, ...]:
    """Payments with the running balance after each."""
    out: list[Payment] = []
    left = total
    for i, amount in enumerate(amounts):
        left -= amount
        out.append(Payment(i + 1, amount, left, dates[i] if dates else None,
                           labels[i] if labels else ""))
    return tuple(out)


def until_paid(total: Decimal, payment: Decimal, max_months: int) -> list[Decimal]:
    """Monthly payments of ``payment`` until ``total`` is paid, the last one smaller; at most
    ``max_months`` of them (an agreement stops at the CSED)."""
    if payment <= ZERO:
        return []
    amounts: list[Decimal] = []
    left = total
    while left > ZERO and len(amounts) < max_months:
        amount = min(payment, left)
        amounts.append(amount)
        left -= amount
    return amounts
