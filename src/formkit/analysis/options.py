"""A resolution program considered for the case, with its reasons and citations."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

BURDEN = ("ia_guaranteed", "ia_streamlined", "cnc", "ia_non_streamlined", "ia_partial_payment", "oic_lump_sum",
          "oic_periodic", "fta", "reasonable_cause")
"""Programs from the lightest to the heaviest: no statement, statement, statement and offer terms."""


@dataclass(frozen=True, slots=True)
class ProgramOption:
    program: str
    title: str
    eligible: bool
    reasons: tuple[str, ...]
    citations: tuple[str, ...]
    forms: tuple[str, ...] = ()
    financial_statement: str | None = None
    amount_path: str | None = None
    """Path of the line holding the amount to offer or to pay each month."""
    total_cost: Decimal | None = None
    """What the taxpayer would pay in all (used to rank the options that fit)."""
    affordable: bool | None = None
    """Whether the remaining monthly income covers the payment (None when not a question)."""
    kind: str = "collection"
    blocked_by: tuple[str, ...] = ()
    rank: int | None = None

    @property
    def burden(self) -> int:
        """Paperwork and conditions, lightest first (ties in cost go to the lighter program)."""
        return BURDEN.index(self.program) if self.program in BURDEN else len(BURDEN)

    @property
    def fits(self) -> bool:
        return self.eligible and self.affordable is not False

    def to_dict(self) -> dict[str, Any]:
        return {"program": self.program, "title": self.title, "kind": self.kind,
                "eligible": self.eligible, "affordable": self.affordable, "fits": self.fits,
                "rank": self.rank, "blocked_by": list(self.blocked_by),
                "amount_path": self.amount_path, "total_cost": self.total_cost,
                "financial_statement": self.financial_statement, "forms": list(self.forms),
                "reasons": list(self.reasons), "citations": list(self.citations)}
