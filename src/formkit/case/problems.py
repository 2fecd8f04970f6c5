"""Findings about a case file: schema errors, semantic errors and warnings.

They are ``formkit.findings.Finding`` records located by the JSON Pointer of the offending
value; ``Problem`` stays as the name validation code and scripts know them by.
"""

from __future__ import annotations

from formkit.codes import code as catalogued
from formkit.errors import FormkitError
from formkit.findings import Finding, Location

Problem = Finding


def problem(code: str, pointer: str, message: str) -> Finding:
    """A validation finding; severity, title and area come from the code's catalogue entry."""
    entry = catalogued(code)
    return Finding(code, entry.severity, message, Location.case(pointer), entry.citation, title=entry.title,
                   area=entry.area)


class CaseError(FormkitError):
    """A case could not be loaded. Carries every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Finding], *, unusable: bool = False) -> None:
        self.source = source
        self.problems = problems
        self.unusable = unusable  # unreadable / not JSON, as opposed to invalid content
        errors = [p for p in problems if p.severity == "error"]
        first = str(errors[0]) if errors else "invalid case"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{source}: {first}{more}")
