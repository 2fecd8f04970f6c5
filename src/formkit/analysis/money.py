"""Decimal arithmetic helpers. Rounding rules come from the data files, never from code."""

from __future__ import annotations

import decimal
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

ZERO = Decimal(0)

ROUNDING_MODES: Mapping[str, str] = {
    "ROUND_HALF_UP": decimal.ROUND_HALF_UP,
    "ROUND_HALF_EVEN": decimal.ROUND_HALF_EVEN,
    "ROUND_CEILING": decimal.ROUND_CEILING,
    "ROUND_FLOOR": decimal.ROUND_FLOOR,
    "ROUND_DOWN": decimal.ROUND_DOWN,
    "ROUND_UP": decimal.ROUND_UP,
}

CENT = Decimal("0.01")


def dec(value: Any) -> Decimal:
    """A Decimal from a data value (Decimal, int or numeric string); never from a float."""
    if isinstance(value, bool | float):
        raise TypeError(f"not a decimal amount: {value!r}")
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def apply_rounding(value: Decimal, rule: Mapping[str, Any]) -> Decimal:
    """Round ``value`` with a data rule ``{"quantum": "1", "mode": "ROUND_HALF_UP"}``."""
    quantum = dec(rule["quantum"])
    return value.quantize(quantum, rounding=ROUNDING_MODES[str(rule["mode"])])


def to_cents(value: Decimal) -> Decimal:
    """Keep dollars and cents (half up) for intermediate monthly amounts."""
    return value.quantize(CENT, rounding=decimal.ROUND_HALF_UP)


def floor0(value: Decimal) -> Decimal:
    """The forms' rule: never a negative number; enter 0 instead."""
    return value if value > ZERO else ZERO


def equity(value: Decimal, loan: Decimal) -> Decimal:
    """What an asset is worth to its owner: value less the loan against it, never below 0 (an
    asset worth less than its loan has no equity, and its shortfall never offsets another's)."""
    return floor0(value - loan)


def fmt(value: Decimal) -> str:
    """Thousands separators; the digits the value has: 1,234 or 1,234.56 or 4.3."""
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,f}"
