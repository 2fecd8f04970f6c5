"""Identification numbers never leave formkit unmasked in reports, logs or errors."""

from __future__ import annotations

import pytest

from formkit.redact import mask_tin, redact_text


@pytest.mark.parametrize(("text", "expected"), [
    ("SSN 123-45-6789 on file", "SSN ***-**-6789 on file"),
    ("ssn=123456789.", "ssn=***-**-6789."),
    ("EIN 12-3456789", "EIN **-***6789"),
    ("Memphis, TN 38130-0803", "Memphis, TN 38130-0803"),        # ZIP+4 is not a TIN
    ("account 0001234555301", "account 0001234555301"),           # longer numbers are left alone
    ("(713) 555-0142", "(713) 555-0142"),
    ("sha256 938e3e89813351644c", "sha256 938e3e89813351644c"),   # digits inside a digest
    ("SSN: 123-45-6789, spouse 987654321", "SSN: ***-**-6789, spouse ***-**-4321"),
    ("my SSN is 123 45 6789.", "my SSN is ***-**-6789."),                   # typed with spaces
    ("offer 123456789.00 or $123456789", "offer 123456789.00 or $123456789"),  # amounts are not TINs
    ("ratio 0.123456789", "ratio 0.123456789"),
    ("file is too large (123,455,542 bytes)", "file is too large (123,455,542 bytes)"),
    ("EIN 12-3456789.", "EIN **-***6789."),
])
def test_redact_text(text: str, expected: str) -> None:
    assert redact_text(text) == expected


def test_mask_tin_keeps_only_the_last_four_digits() -> None:
    assert mask_tin("123-45-6789") == "***-**-6789"
    assert mask_tin("12-345") == "*2-345"
