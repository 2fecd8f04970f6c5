"""Masking of taxpayer identification numbers in anything formkit prints or logs.

Full SSNs, ITINs and EINs belong only inside the filled forms. Reports, logs and error
messages show at most the last four digits.
"""

from __future__ import annotations

import re

# 123-45-6789, 123 45 6789 or 123456789 standing alone: not part of a longer number, of a hex
# digest or of an amount (123456789.00, $123456789), and a ZIP+4 (12345-6789) is not a TIN
_TIN_RE = re.compile(
    r"(?<![0-9A-Za-z$.-])(?:([0-9]{3})-([0-9]{2})-([0-9]{4})|([0-9]{3}) ([0-9]{2}) ([0-9]{4})"
    r"|([0-9]{3})([0-9]{2})([0-9]{4}))(?![0-9A-Za-z]|[.,][0-9])")
_EIN_RE = re.compile(r"(?<![0-9A-Za-z-])([0-9]{2})-([0-9]{7})(?![0-9A-Za-z])")


def mask_tin(value: str) -> str:
    """Mask every digit but the last four: ``123-45-6789`` -> ``***-**-6789``."""
    digits = sum(ch.isdigit() for ch in value)
    keep_from = max(digits - 4, 0)
    out: list[str] = []
    seen = 0
    for ch in value:
        if ch.isdigit():
            out.append(ch if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)


def redact_text(text: str) -> str:
    """Mask anything in free text that looks like an SSN/ITIN (nine digits) or an EIN."""
    text = _TIN_RE.sub(lambda m: f"***-**-{m.group(3) or m.group(6) or m.group(9)}", text)
    return _EIN_RE.sub(lambda m: f"**-***{m.group(2)[-4:]}", text)
