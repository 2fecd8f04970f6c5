"""Is this transcript the case's taxpayer? Masked TIN (last four) and name control only.

Since the IRS masks transcripts (IR-2020-254), only the last four digits of a TIN and the
first characters of the last name are printed; formkit compares those and never tries
to unmask anything.
"""

from __future__ import annotations

import re
from typing import Any

from formkit.transcripts.model import Module


def _letters(text: str) -> str:
    return re.sub(r"[^A-Z]", "", text.upper())


def _name_matches(name_line: str, last_name: str) -> bool:
    """A token of the masked name line (at least 3 letters) starts the case's last name."""
    target = _letters(last_name)
    return any(len(token) >= 3 and target.startswith(token)
               for token in (_letters(t) for t in name_line.split()))


def mismatch(module: Module, case: dict[str, Any]) -> str | None:
    """None when the module matches the case's taxpayer (or spouse); otherwise why not."""
    people = [p for p in (case.get("taxpayer"), case.get("spouse")) if isinstance(p, dict)]
    last4 = {str(p.get("ssn", ""))[-4:]: p for p in people if p.get("ssn")}
    business = case.get("business") or {}
    if business.get("ein"):
        last4[str(business["ein"])[-4:]] = {"last_name": business.get("name", "")}
    if module.tin_last4 is None:
        return "no TAXPAYER IDENTIFICATION NUMBER on the transcript to compare"
    person = last4.get(module.tin_last4)
    if person is None:
        known = ", ".join(f"***{k}" for k in sorted(last4)) or "none"
        return (f"its TIN ends in {module.tin_last4}, the case's end in {known}: it is another "
                "taxpayer's transcript")
    if module.spouse_tin_last4 is not None and module.spouse_tin_last4 not in last4:
        return (f"its spouse TIN ends in {module.spouse_tin_last4}, which is not the case's spouse: "
                "add the spouse to the case or check the transcript")
    if module.name_line and person.get("last_name") and not any(
            _name_matches(module.name_line, str(p.get("last_name", ""))) for p in [*people, person]):
        return (f"the masked name '{module.name_line}' does not start the last name of anyone in the case "
                f"({', '.join(str(p.get('last_name')) for p in people)})")
    return None
