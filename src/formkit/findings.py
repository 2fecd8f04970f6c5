"""One finding record for validation, analysis and checks.

A preparer reads the same shape whichever step spoke: a code from the catalogue
(``rules/catalogue.json`` and ``rules/codes.json``), one severity scale, a message, the
place to fix (a case path, an analysis path or a form line) and the source it rests on.

Severity scale (one for all three steps):

- ``error``: the case cannot be used as it is (validation), a program is blocked (analysis:
  ``programs`` names the programs), or the IRS returns or rejects the submission (checks);
- ``warning``: a likely adjustment, question or rejection; worth fixing;
- ``info``: context for the preparer (provenance, rules skipped, amounts left out).

This module sits below every layer and imports nothing from formkit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")

LocationKind = Literal["case", "analysis", "form", "file"]


@dataclass(frozen=True, slots=True)
class Location:
    """Where to look: the case (JSON Pointer), the analysis (line path), a form line, a file.

    ``path`` is the JSON Pointer (``/requests/0/offer_amount``; ``""`` for the whole case),
    the analysis path (``oic.box_a``), the form's semantic key (``line_3.row[1].periods``)
    or the file; ``form`` and ``line`` name the form copy and its printed line.
    """

    kind: LocationKind
    path: str = ""
    form: str = ""
    line: str = ""

    @classmethod
    def case(cls, pointer: str) -> Location:
        if pointer and not pointer.startswith("/"):
            raise ValueError(f"not a JSON Pointer into the case: {pointer!r}")
        return cls("case", pointer)

    @classmethod
    def analysis(cls, path: str) -> Location:
        return cls("analysis", path)

    @classmethod
    def on_form(cls, form: str, key: str = "", line: str = "") -> Location:
        """``Location.on_form("Form 2848", "line_3.row[1].periods", "line 3")``."""
        return cls("form", key, form, line)

    @classmethod
    def file(cls, path: str) -> Location:
        return cls("file", path)

    @classmethod
    def of(cls, where: str | Location) -> Location:
        """A location as given; a bare string is a JSON Pointer into the case."""
        return where if isinstance(where, Location) else cls.case(where)

    def __str__(self) -> str:
        if self.kind == "form":
            place = f"{self.form} {self.line}" if self.line else self.form
            return f"{place} ({self.path})" if self.path else place
        if self.kind == "case":
            return self.path or "/"
        if self.kind == "analysis":
            return self.path or "the analysis"
        return self.path

    def to_dict(self) -> dict[str, str]:
        out = {"kind": self.kind, "path": self.path}
        if self.kind == "form":
            out["form"] = self.form
            out["line"] = self.line
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a step found, addressed so a preparer can go straight to it.

    ``programs`` names the programs an analysis error blocks (or a warning concerns);
    ``document`` the form copy a check looked at; ``confirmed`` is False when the citation
    still awaits review; ``area`` groups findings in reports.
    """

    code: str
    severity: Severity
    message: str
    location: Location = Location("case")
    citation: str = ""
    title: str = ""
    fix: str = ""
    programs: tuple[str, ...] = ()
    document: str | None = None
    confirmed: bool = True
    area: str = ""

    @property
    def where(self) -> str:
        """The location as a preparer reads it."""
        return str(self.location)

    @property
    def rule_id(self) -> str:
        """The code, under the name scripts written against the check API use."""
        return self.code

    @property
    def path(self) -> str:
        """The location's path: JSON Pointer, analysis path, semantic key or file."""
        return self.location.path

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"

    def line(self) -> str:
        """One line of text: ``error   OIC-008  /requests/0/...: message``."""
        return f"{self.severity:<7} {self.code:<8} {self}"

    def to_dict(self) -> dict[str, Any]:
        """The one JSON form (``schemas/finding.schema.json``)."""
        return {
            "code": self.code, "severity": self.severity, "title": self.title, "message": self.message,
            "where": self.where, "location": self.location.to_dict(), "citation": self.citation,
            "confirmed": self.confirmed, "fix": self.fix, "programs": list(self.programs),
            "document": self.document, "area": self.area,
        }


def of_severity(findings: Iterable[Finding], severity: Severity) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity == severity)


def severity_rank(finding: Finding) -> int:
    """0 for errors, 1 for warnings, 2 for info: for sorting."""
    return SEVERITIES.index(finding.severity)
