"""What the analysis reports alongside its numbers, as ``formkit.findings.Finding`` records.

An analysis error blocks the programs its ``programs`` names (the "blockers" of the
worksheet); severity, title and area come from the code's catalogue entry.
"""

from __future__ import annotations

from formkit.codes import code as catalogued
from formkit.findings import Finding, Location

__all__ = ["Finding", "analysis_finding"]


def analysis_finding(code: str, message: str, citation: str = "", programs: tuple[str, ...] = (),
                     path: str | None = None) -> Finding:
    """A finding located at an analysis path (``oic.box_a``) or a case pointer (``/compliance/...``).

    ``citation`` names the exact source when the catalogue's general one is not enough. An
    error must name the programs it blocks.
    """
    entry = catalogued(code)
    if entry.severity == "error" and not programs:
        raise ValueError(f"analysis error {code} must name the programs it blocks")
    location = Location.case(path) if path and path.startswith("/") else Location.analysis(path or "")
    return Finding(code, entry.severity, message, location, citation or entry.citation, title=entry.title,
                   programs=programs, confirmed=entry.confirmed, area=entry.area)
