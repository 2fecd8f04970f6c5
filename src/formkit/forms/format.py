"""Render semantic values into the text a form field shows, per the field's declared format.

The forms say "round to whole dollars" (433-A (OIC) Section 3) or print cents; dates are
MM/DD/YYYY on every IRS form. A value the format cannot represent raises ValueError with
a message the caller attaches to the semantic key.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from formkit.forms.mapping import Value

_DIGITS = re.compile(r"\D")


def _decimal(value: Value) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected an amount, got {value!r}")
    if isinstance(value, date):
        raise ValueError("expected an amount, got a date")
    try:
        return Decimal(value)
    except (InvalidOperation, ValueError):
        raise ValueError(f"expected an amount, got {value!r}") from None


def money(value: Value) -> str:
    """Whole dollars, half-up, with thousands separators: 12345.5 -> '12,346'."""
    amount = _decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{amount:,}"


def money_cents(value: Value) -> str:
    amount = _decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,}"


def integer(value: Value) -> str:
    amount = _decimal(value)
    if amount != amount.to_integral_value():
        raise ValueError(f"expected a whole number, got {value}")
    return str(int(amount))


def date_mdy(value: Value) -> str:
    if isinstance(value, date):
        return value.strftime("%m/%d/%Y")
    if isinstance(value, str):
        return date.fromisoformat(value).strftime("%m/%d/%Y")
    raise ValueError(f"expected a date, got {value!r}")


def mmddyyyy(value: Value) -> str:
    """Dates printed "(mmddyyyy)": eight digits, no separators."""
    return date_mdy(value).replace("/", "")


def _digits(value: Value, count: int | None = None, what: str = "number") -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ValueError(f"expected a {what}, got {type(value).__name__}")
    digits = _DIGITS.sub("", str(value))
    if count is not None and len(digits) != count:
        raise ValueError(f"expected a {what} of {count} digits")
    return digits


def ssn(value: Value, max_length: int | None = None) -> str:
    d = _digits(value, 9, "SSN/ITIN")
    return d if max_length == 9 else f"{d[:3]}-{d[3:5]}-{d[5:]}"


def ein(value: Value, max_length: int | None = None) -> str:
    d = _digits(value, 9, "EIN")
    return d if max_length == 9 else f"{d[:2]}-{d[2:]}"


def phone(value: Value, max_length: int | None = None) -> str:
    d = _digits(value, None, "phone number")
    d = d[1:] if len(d) == 11 and d.startswith("1") else d
    if len(d) != 10:
        raise ValueError("expected a 10-digit phone number")
    return d if max_length == 10 else f"({d[:3]}) {d[3:6]}-{d[6:]}"


def text(value: Value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, date):
        return date_mdy(value)
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)
    raise ValueError(f"expected text, got {value!r}")


def year(value: Value) -> str:
    s = text(value)
    if not re.fullmatch(r"[0-9]{4}", s):
        raise ValueError(f"expected a year YYYY, got {s!r}")
    return s


def percent(value: Value) -> str:
    amount = _decimal(value).normalize()
    return f"{amount:f}"


_SIMPLE: dict[str, Callable[[Value], str]] = {
    "money": money, "money_cents": money_cents, "integer": integer, "date": date_mdy, "mmddyyyy": mmddyyyy,
    "text": text, "year": year, "percent": percent,
    "digits": lambda v: _digits(v, None, "number"),
}
_WITH_LENGTH: dict[str, Callable[[Value, int | None], str]] = {"ssn": ssn, "ein": ein, "phone": phone}


def render(value: Value, fmt: str, max_length: int | None = None) -> str:
    """The field text for ``value`` in format ``fmt``; ValueError if it cannot be represented."""
    if fmt in _SIMPLE:
        return _SIMPLE[fmt](value)
    if fmt in _WITH_LENGTH:
        return _WITH_LENGTH[fmt](value, max_length)
    raise ValueError(f"unknown field format {fmt!r}")
