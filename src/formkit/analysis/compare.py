"""The case as claimed next to what the IRS proposed (``formkit analyze --compare``).

Practitioners answer a revised IRS analysis line by line (IRM 5.15.1: a deviation from the
standards is allowed when they are inadequate). The comparison runs the same analysis twice,
once with the preparer's claimed allowances and once with the IRS's allowed amounts and
income (case.irs_proposal), and lists the lines that drive the outcome: income, each expense
line, remaining monthly income, the minimum offers and the program each points to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.analysis.engine import analyze
from formkit.analysis.errors import StandardsError
from formkit.analysis.expenses import LINES
from formkit.analysis.result import Analysis
from formkit.analysis.standards import StandardsLibrary
from formkit.case.model import Case

ROWS: tuple[tuple[str, str], ...] = (
    ("oic.box_d", "Household income (Box D)"),
    *((f"oic.line_{number}", f"Line {number} {label}") for number, _, label in LINES),
    ("oic.box_e", "Allowable expenses (Box E)"),
    ("rmi", "Remaining monthly income (Box F)"),
    ("oic.minimum_offer.lump_sum", "Minimum offer, lump sum"),
    ("oic.minimum_offer.periodic", "Minimum offer, periodic"),
    ("oic.periodic.monthly_payment", "Periodic offer, monthly payment"),
    ("ia.partial_payment.monthly_payment", "Partial payment agreement, monthly payment"),
)


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    label: str
    claimed: Decimal | None
    irs_proposed: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        """IRS proposed - claimed (positive: the IRS's figure is higher)."""
        if self.claimed is None or self.irs_proposed is None:
            return None
        return self.irs_proposed - self.claimed

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "label": self.label, "claimed": self.claimed,
                "irs_proposed": self.irs_proposed, "difference": self.difference}


@dataclass(frozen=True, slots=True)
class Comparison:
    description: str
    claimed: Analysis
    irs_proposed: Analysis
    rows: tuple[Row, ...]

    @property
    def changed(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.claimed != r.irs_proposed)

    def to_dict(self) -> dict[str, Any]:
        return {"irs_proposal": self.description, "rows": [r.to_dict() for r in self.rows],
                "recommendation": {"claimed": list(self.claimed.recommendation),
                                   "irs_proposed": list(self.irs_proposed.recommendation)},
                "citation": "IRM 5.15.1 (allowable expenses and deviations from the standards)"}


def compare(case: Case, as_of: date | None = None, library: StandardsLibrary | None = None) -> Comparison:
    """Both scenarios of one case; StandardsError when the case states no IRS proposal."""
    if case.irs_proposal is None:
        raise StandardsError("the case states no IRS proposal to compare with: add irs_proposal (the IRS's "
                             "allowed amounts per expense line and, if it differs, the monthly income)")
    claimed = analyze(case, as_of, library, "claimed")
    irs = analyze(case, as_of, library, "irs_proposed")
    rows = tuple(Row(path, label, claimed.amount(path), irs.amount(path)) for path, label in ROWS
                 if claimed.amount(path) is not None or irs.amount(path) is not None)
    return Comparison(case.irs_proposal.description, claimed, irs, rows)


def render(comparison: Comparison) -> str:
    """The side-by-side table for the worksheet."""
    from formkit.analysis.money import fmt

    def cell(value: Decimal | None) -> str:
        return fmt(value) if value is not None else "-"

    title = "CLAIMED VS. IRS PROPOSED"
    out = ["", title, "-" * len(title), f"IRS proposal: {comparison.description}",
           f"  {'':<52}{'claimed':>14}{'IRS proposed':>14}{'difference':>14}"]
    for row in comparison.rows:
        mark = "*" if row.claimed != row.irs_proposed else " "
        diff = row.difference
        out.append(f"{mark} {row.label[:51]:<52}{cell(row.claimed):>14}{cell(row.irs_proposed):>14}"
                   f"{(('+' if diff > 0 else '') + fmt(diff)) if diff else '':>14}")
    first = {name: (a.recommendation[0] if a.recommendation else "none")
             for name, a in (("claimed", comparison.claimed), ("IRS proposed", comparison.irs_proposed))}
    out.append(f"  Program first in line: claimed {first['claimed']}; IRS proposed {first['IRS proposed']}")
    out.append("  (* lines that differ; IRM 5.15.1)")
    return "\n".join(out) + "\n"
