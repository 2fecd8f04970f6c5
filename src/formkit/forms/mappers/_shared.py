"""Small helpers shared by the per-form mappers."""

from __future__ import annotations

from decimal import Decimal

from formkit.case.model import Frequency

# The forms' own pay-period factors (Form 433-A Rev. 7-2022 Section 5 note 1; Form 433-F
# instructions Rev. 7-2024 Section H): weekly x 4.3, biweekly x 2.17, semimonthly x 2,
# quarterly / 3, annual / 12.
_MULTIPLY: dict[str, Decimal] = {
    "weekly": Decimal("4.3"),
    "biweekly": Decimal("2.17"),
    "semimonthly": Decimal(2),
    "monthly": Decimal(1),
}
_DIVIDE: dict[str, Decimal] = {"quarterly": Decimal(3), "annual": Decimal(12)}


def monthly(amount: Decimal, frequency: Frequency) -> Decimal:
    """The monthly equivalent of an amount paid at ``frequency`` (not rounded)."""
    if frequency in _MULTIPLY:
        return amount * _MULTIPLY[frequency]
    return amount / _DIVIDE[frequency]
