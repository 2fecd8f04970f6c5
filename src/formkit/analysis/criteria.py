"""Yes/no determinations the analysis makes, each with the amounts compared and its source.

A program test is not an amount: "household AGI at or below the Form 656 limit" is reported
as a criterion (passed, the value, the limit) so the worksheet, the JSON and the letters can
say which of two alternative tests qualified (Form 656 p.2: either one qualifies).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Criterion:
    path: str
    label: str
    passed: bool | None
    """None when the test cannot be made (an input is missing)."""
    value: Decimal | None
    limit: Decimal | None
    comparison: str
    citation: str
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "label": self.label, "passed": self.passed,
                               "value": self.value, "limit": self.limit,
                               "comparison": self.comparison, "citation": self.citation}
        if self.note:
            out["note"] = self.note
        return out

    def display(self) -> str:
        from formkit.analysis.money import fmt

        verdict = {True: "yes", False: "no", None: "not known"}[self.passed]
        if self.value is None or self.limit is None:
            return verdict
        return f"{verdict} ({fmt(self.value)} {self.comparison} {fmt(self.limit)})"
