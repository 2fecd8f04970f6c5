"""What every computation step shares: the case, the date, the standards, the ledger."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from formkit.analysis.criteria import Criterion
from formkit.analysis.explained import Input, Ledger
from formkit.analysis.findings import Finding, analysis_finding
from formkit.analysis.money import apply_rounding
from formkit.analysis.schedule import Schedule
from formkit.analysis.standards import TableVersion
from formkit.analysis.tables import StandardsAt
from formkit.case.model import Case, Request

Scenario = Literal["claimed", "irs_proposed"]


@dataclass
class Context:
    case: Case
    as_of: date
    std: StandardsAt
    scenario: Scenario = "claimed"
    """'claimed': the case as the preparer states it (claimed allowances applied);
    'irs_proposed': the IRS's allowed amounts and income (case.irs_proposal) instead."""
    ledger: Ledger = field(default_factory=Ledger)
    findings: list[Finding] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    schedules: list[Schedule] = field(default_factory=list)

    def find(self, code: str, message: str, citation: str = "", programs: tuple[str, ...] = (),
             path: str | None = None) -> None:
        """Report a finding; its severity is the code's, from the catalogue (rules/)."""
        self.findings.append(analysis_finding(code, message, citation, programs, path))

    @property
    def oic(self) -> TableVersion:
        """Form 433-A (OIC) revision in use on the analysis date."""
        return self.std.version("form_433a_oic")

    def oic_round(self, value: Decimal) -> Decimal:
        """Whole dollars, as Form 433-A (OIC) says (rule stated in the data file)."""
        return apply_rounding(value, self.oic.get("rounding"))

    def oic_const(self, name: str, label: str) -> tuple[Decimal, Input]:
        """A constant printed on the form revision, with an input naming its source."""
        version = self.oic
        return version.amount(name), Input(label, version.amount(name),
                                           f"{version.label}: {name}")

    def monthly(self, amount: Decimal, frequency: str) -> tuple[Decimal, str]:
        """Monthly equivalent (exact) and the factor text, with the table recorded as used."""
        op, factor, _ = self.std.pay_period(frequency)
        if op == "multiply":
            return amount * factor, f"x {factor}"
        return amount / factor, f"/ {factor}"

    def request_pointer(self, request: Request) -> str:
        """JSON pointer of a request in the case file."""
        return f"/requests/{self.case.requests.index(request)}"

    def pay_period_citation(self) -> str:
        return self.std.version("pay_periods").citation
