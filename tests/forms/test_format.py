"""Rendering semantic values into field text, per the declared format."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from formkit.forms.format import render


@pytest.mark.parametrize(("value", "fmt", "max_length", "expected"), [
    (Decimal("12345.5"), "money", None, "12,346"),        # whole dollars, half-up (433-A (OIC) Section 3)
    (Decimal("12345.49"), "money", None, "12,345"),
    (Decimal("0.5"), "money", None, "1"),
    (Decimal("1234.5"), "money_cents", None, "1,234.50"),
    (date(2025, 4, 5), "date", None, "04/05/2025"),
    ("2025-04-05", "date", None, "04/05/2025"),
    ("512-48-3321", "ssn", None, "512-48-3321"),
    ("512-48-3321", "ssn", 9, "512483321"),
    ("12-3456789", "ein", None, "12-3456789"),
    ("(713) 555-0142", "phone", None, "(713) 555-0142"),
    ("713.555.0142", "phone", 10, "7135550142"),
    ("713", "digits", 3, "713"),
    (3, "integer", None, "3"),
    ("2023", "year", None, "2023"),
    (Decimal("50.0"), "percent", None, "50"),
    ("Jane Q. Public", "text", None, "Jane Q. Public"),
])
def test_render(value: object, fmt: str, max_length: int | None, expected: str) -> None:
    assert render(value, fmt, max_length) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "fmt", "message"), [
    ("12-345", "ssn", "expected a SSN/ITIN of 9 digits"),
    (True, "money", "expected an amount, got True"),
    (Decimal("2.5"), "integer", "expected a whole number, got 2.5"),
    ("555-0142", "phone", "expected a 10-digit phone number"),
    ("20x3", "year", "expected a year YYYY, got '20x3'"),
    ("x", "nope", "unknown field format 'nope'"),
])
def test_render_rejects(value: object, fmt: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        render(value, fmt)  # type: ignore[arg-type]
    assert str(info.value) == message
