"""The typed, immutable result of an analysis: explained lines, options, findings, provenance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.analysis.criteria import Criterion
from formkit.analysis.explained import Explained
from formkit.analysis.findings import Finding
from formkit.analysis.options import ProgramOption
from formkit.analysis.schedule import Schedule
from formkit.analysis.standards import TableVersion
from formkit.findings import of_severity

SCHEMA_ID = "https://formkit.dev/schemas/analysis.schema.json"


@dataclass(frozen=True, slots=True)
class Analysis:
    """What ``formkit.analyze(case)`` returns.

    ``amount(path)`` satisfies ``formkit.forms.mapping.AnalysisLike`` so the fill engine can
    read the computed lines of Form 433-A (OIC), Form 656 and Form 9465 by path.
    """

    case_id: str
    as_of: date
    formkit_version: str
    lines: tuple[Explained, ...]
    options: tuple[ProgramOption, ...]
    recommendation: tuple[str, ...]
    findings: tuple[Finding, ...]
    standards: tuple[TableVersion, ...]
    criteria: tuple[Criterion, ...] = ()
    schedules: tuple[Schedule, ...] = ()
    scenario: str = "claimed"
    """'claimed' (the case as stated) or 'irs_proposed' (the IRS's proposal applied)."""
    _index: dict[str, Explained] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {line.path: line for line in self.lines})

    def amount(self, path: str) -> Decimal | None:
        """The amount on a computed line, or None when the analysis has no such line."""
        line = self._index.get(path)
        return line.amount if line is not None else None

    def sources(self, path: str) -> tuple[str, ...] | None:
        """JSON pointers into the case of the items a line is made of, or None."""
        line = self._index.get(path)
        return line.sources if line is not None else None

    def line(self, path: str) -> Explained | None:
        """The explained line (amount, formula, inputs, citation), or None."""
        return self._index.get(path)

    @property
    def paths(self) -> tuple[str, ...]:
        return tuple(line.path for line in self.lines)

    @property
    def blockers(self) -> tuple[Finding, ...]:
        """The errors: each blocks the programs it names."""
        return of_severity(self.findings, "error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return of_severity(self.findings, "warning")

    @property
    def notes(self) -> tuple[Finding, ...]:
        return of_severity(self.findings, "info")

    def criterion(self, path: str) -> Criterion | None:
        return next((c for c in self.criteria if c.path == path), None)

    def schedule(self, path: str) -> Schedule | None:
        return next((s for s in self.schedules if s.path == path), None)

    def option(self, program: str) -> ProgramOption | None:
        return next((o for o in self.options if o.program == program), None)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data described by schemas/analysis.schema.json (Decimals kept as Decimal)."""
        return {
            "$schema": SCHEMA_ID,
            "formkit_version": self.formkit_version,
            "case_id": self.case_id,
            "as_of": self.as_of.isoformat(),
            "scenario": self.scenario,
            "standards": [v.to_dict() for v in self.standards],
            "amounts": {line.path: line.amount for line in self.lines},
            "lines": [line.to_dict() for line in self.lines],
            "criteria": [c.to_dict() for c in self.criteria],
            "schedules": [s.to_dict() for s in self.schedules],
            "options": [o.to_dict() for o in self.options],
            "recommendation": list(self.recommendation),
            "findings": [f.to_dict() for f in (*self.blockers, *self.warnings, *self.notes)],
        }
