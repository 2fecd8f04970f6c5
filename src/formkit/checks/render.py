"""Render a CheckReport as readable text (grouped by area) or as JSON data.

SSNs never reach the output unmasked: findings are masked when built, and the CLI masks
everything it prints once more.
"""

from __future__ import annotations

import textwrap
from itertools import groupby
from typing import Any

from formkit._version import __version__
from formkit.checks.catalogue import AREA_TITLES
from formkit.checks.model import CheckReport, Finding

WIDTH = 100


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 or word == "info" else "s")


def summary_line(report: CheckReport, strict: bool) -> str:
    code = report.exit_code(strict)
    return (f"{_plural(len(report.errors), 'error')}, {_plural(len(report.warnings), 'warning')}, "
            f"{len(report.infos)} info (exit {code}{', strict' if strict else ''})")


def _wrap(label: str, text: str) -> list[str]:
    indent = " " * 11
    return textwrap.wrap(f"{label}{text}", WIDTH, initial_indent=indent,
                         subsequent_indent=indent + " " * len(label)) or [indent + label]


def _finding_lines(f: Finding) -> list[str]:
    head = f"  {f.severity:<8} {f.code:<8} {f.title}"
    lines = [head]
    lines += _wrap("at ", f.where)
    lines += _wrap("", f.message)
    lines += _wrap("fix: ", f.fix)
    lines += _wrap("cite: ", f.citation + ("" if f.confirmed else " [UNCONFIRMED]"))
    return lines


def to_text(report: CheckReport, strict: bool = False) -> str:
    out = [f"formkit check {report.input}"]
    if report.case_id:
        out.append(f"  case {report.case_id}, {report.taxpayer}, as of {report.as_of}")
    else:
        out.append(f"  as of {report.as_of}")
    for doc in report.documents:
        origin = "from the case" if doc.source == "case" else f"{doc.source}, by {doc.recognised_by}"
        rev = f"Rev. {doc.revision}" if doc.revision else "revision unknown"
        out.append(f"  {doc.label}: {rev} ({origin})")
    if report.config_file:
        out.append(f"  config: {report.config_file}")
    if not report.findings:
        out.append("")
        out.append(f"No findings ({len(report.rules_run)} rules run).")
    for area, items in groupby(report.findings, key=lambda f: f.area):
        out.append("")
        out.append(AREA_TITLES.get(area, area))
        for f in items:
            out += _finding_lines(f)
    out.append("")
    out.append(summary_line(report, strict))
    return "\n".join(out) + "\n"


def to_data(report: CheckReport, strict: bool = False) -> dict[str, Any]:
    """The JSON document described by ``schemas/check-result.schema.json``."""
    return {
        "formkit_version": __version__,
        "input": report.input,
        "input_kind": report.input_kind,
        "as_of": report.as_of,
        "case_id": report.case_id,
        "taxpayer": report.taxpayer,
        "config_file": report.config_file,
        "documents": [d.as_dict() for d in report.documents],
        "summary": {"errors": len(report.errors), "warnings": len(report.warnings),
                    "info": len(report.infos), "strict": strict,
                    "exit_code": report.exit_code(strict)},
        "rules_run": list(report.rules_run),
        "rules_disabled": list(report.rules_disabled),
        "findings": [f.to_dict() for f in report.findings],
    }
