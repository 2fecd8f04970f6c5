"""Small helpers shared by the per-form mappers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formkit.case.model import Frequency


def monthly(amount: Decimal, frequency: Frequency, as_of: date | None = None) -> Decimal:
    """The monthly equivalent of an amount paid at ``frequency`` (not rounded).

    The factors are the forms' own (weekly x 4.3, biweekly x 2.17, ...), read from the
    dated ``standards/pay_periods.json`` table in force on ``as_of`` (default: today).
    """
    from formkit.analysis.standards import load_library
    from formkit.analysis.tables import StandardsAt

    op, factor, _ = StandardsAt(load_library(), as_of or date.today()).pay_period(frequency)
    return amount * factor if op == "multiply" else amount / factor
