"""Blockers, warnings and notes the analysis reports alongside its numbers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["blocker", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a preparer must act on. ``programs`` lists the options it affects."""

    code: str
    severity: Severity
    message: str
    citation: str = ""
    programs: tuple[str, ...] = ()
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "severity": self.severity,
                               "message": self.message, "citation": self.citation,
                               "programs": list(self.programs)}
        if self.path is not None:
            out["path"] = self.path
        return out
