"""What a check produces: findings, the documents it looked at, and the report.

Everything here is frozen and plain so a report can be compared in tests, rendered as
text or JSON, and handed to the packet builder without surprises.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from formkit.findings import SEVERITIES, Finding, Severity

__all__ = ["EXIT_CLEAN", "EXIT_ERRORS", "SEVERITIES", "CheckReport", "DocumentInfo", "Finding", "InputKind", "Severity"]

InputKind = Literal["case", "pdf", "packet"]

EXIT_CLEAN = 0
EXIT_ERRORS = 1


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
        return {f.code for f in self.findings}

    def exit_code(self, strict: bool = False) -> int:
        """0 clean; 1 when errors were found (or warnings, with ``strict``)."""
        if self.errors or (strict and self.warnings):
            return EXIT_ERRORS
        return EXIT_CLEAN
