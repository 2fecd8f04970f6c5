"""Findings about a case file: one shape for schema errors, semantic errors and warnings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from formkit.errors import FormkitError

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, addressed by the JSON Pointer of the offending value."""

    path: str
    message: str
    severity: Severity = "error"
    code: str = "schema"

    def __str__(self) -> str:
        where = self.path or "/"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path or "/", "message": self.message, "severity": self.severity,
                "code": self.code}


class CaseError(FormkitError):
    """A case could not be loaded. Carries every problem found, not just the first."""

    def __init__(self, source: str, problems: list[Problem], *, unusable: bool = False) -> None:
        self.source = source
        self.problems = problems
        self.unusable = unusable  # unreadable / not JSON, as opposed to invalid content
        errors = [p for p in problems if p.severity == "error"]
        first = str(errors[0]) if errors else "invalid case"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{source}: {first}{more}")
