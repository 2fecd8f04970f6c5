"""``formkit validate CASE...``: schema and semantic validation of case files."""

from __future__ import annotations

import argparse
from typing import Any

from formkit._version import __version__
from formkit.case import CaseError, ValidationResult, validate_file
from formkit.case.problems import Problem
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, emit, emit_error, to_json


def register(sub: Any) -> None:
    p = sub.add_parser("validate", help="check case files against the case schema and rules of consistency",
                       description="Validate case files. Exit 0 valid, 1 invalid, 2 unreadable input.")
    p.add_argument("cases", nargs="+", metavar="CASE", help="case JSON file(s)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.set_defaults(handler=run)


def validation_entry(source: str, problems: list[Problem], status: str) -> dict[str, Any]:
    return {
        "file": source,
        "status": status,
        "errors": sum(1 for p in problems if p.severity == "error"),
        "warnings": sum(1 for p in problems if p.severity == "warning"),
        "findings": [p.to_dict() for p in problems],
    }


def run(args: argparse.Namespace) -> int:
    entries: list[dict[str, Any]] = []
    worst = EXIT_OK
    for path in args.cases:
        try:
            result: ValidationResult = validate_file(path)
        except CaseError as exc:
            entries.append(validation_entry(path, exc.problems, "unusable"))
            worst = max(worst, EXIT_USAGE)
            if args.format == "text":
                emit_error(f"{path}: {exc.problems[0].message}")
            continue
        status = "valid" if result.valid else "invalid"
        if not result.valid:
            worst = max(worst, EXIT_FINDINGS)
        entries.append(validation_entry(path, list(result.problems), status))
        if args.format == "text":
            lines = [f"{path}: {status}" + (f" ({len(result.errors)} error(s))" if result.errors else "")]
            lines += [f"  {p.line()}" for p in result.problems]
            emit("\n".join(lines))
    if args.format == "json":
        emit(to_json({"formkit_version": __version__, "results": entries}))
    return worst
