"""What a check produces: findings, the documents it looked at, and the report.

Everything here is frozen and plain so a report can be compared in tests, rendered as
text or JSON, and handed to the packet builder without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
InputKind = Literal["case", "pdf", "packet"]

EXIT_CLEAN = 0
EXIT_ERRORS = 1


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that fired at one place.

    ``where`` names the exact spot: a JSON Pointer into the case (``/requests/0/offer_amount``)
    or a form line with its semantic key (``Form 2848 line 3 (line_3.row[1].periods)``).
    ``document`` says which form copy the finding is about (``Form 2848 #1``), when any.
    """

    rule_id: str
    severity: Severity
    title: str
    message: str
    where: str
    fix: str
    citation: str
    confirmed: bool
    area: str
    document: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule_id, "severity": self.severity, "title": self.title,
            "message": self.message, "where": self.where, "fix": self.fix,
            "citation": self.citation, "confirmed": self.confirmed, "area": self.area,
            "document": self.document,
        }


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A form the check read: which form and revision, from where, and how it was recognised."""

    label: str                      # "Form 2848 #1"
    form: str                       # "2848"
    form_id: str                    # "f2848"
    revision: str | None
    source: str                     # file path, or "case" for a form built from case data
    recognised_by: Literal["sha256", "fields", "mapper"]
    supported: bool = True
    field_count: int = 0

    def as_dict(self) -> dict[str, object]:
        return {
            "label": self.label, "form": self.form, "form_id": self.form_id,
            "revision": self.revision, "source": self.source,
            "recognised_by": self.recognised_by, "supported": self.supported,
            "field_count": self.field_count,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The result of ``check_case`` / ``check_pdf`` / ``check_packet``."""

    input: str
    input_kind: InputKind
    as_of: str
    findings: tuple[Finding, ...]
    documents: tuple[DocumentInfo, ...] = ()
    rules_run: tuple[str, ...] = ()
    rules_disabled: tuple[str, ...] = ()
    config_file: str | None = None
    case_id: str | None = None
    taxpayer: str | None = None     # name and masked SSN, for the report header
    extra: dict[str, str] = field(default_factory=dict)

    def of(self, severity: Severity) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return self.of("error")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return self.of("warning")

    @property
    def infos(self) -> tuple[Finding, ...]:
        return self.of("info")

    def ids(self) -> set[str]:
        return {f.rule_id for f in self.findings}

    def exit_code(self, strict: bool = False) -> int:
        """0 clean; 1 when errors were found (or warnings, with ``strict``)."""
        if self.errors or (strict and self.warnings):
            return EXIT_ERRORS
        return EXIT_CLEAN
