"""``formkit analyze CASE``: the collection analysis as a worksheet (text) or JSON.

Exit codes: 0 when the analysis ran (blockers and warnings are part of the result, not
failures); 2 when the case file is unusable or a standards table, year or county the
case needs is not loaded (the message names it). Never a traceback.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from formkit.analysis import StandardsError, analyze
from formkit.analysis.compare import compare
from formkit.analysis.compare import render as render_comparison
from formkit.analysis.worksheet import render
from formkit.commands._common import EXIT_OK, EXIT_USAGE, UsageError, emit, load_case_or_report, to_json


def iso_date(text: str) -> date:
    """argparse type for YYYY-MM-DD dates (also used by ``formkit standards``)."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def register(sub: Any) -> None:
    p = sub.add_parser("analyze", help="collection analysis: allowable expenses, equity, minimum offers, "
                       "installment agreements, CNC, penalty relief",
                       description="Analyse a case with the IRS standards in force on the analysis date. "
                       "Exit 0 when the analysis ran, 2 when the case or a needed standards table is not "
                       "usable.")
    p.add_argument("case", metavar="CASE", help="case JSON file")
    p.add_argument("--as-of", type=iso_date, metavar="DATE",
                   help="analysis date (YYYY-MM-DD); default: the case's prepared_on")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--explain", action="store_true",
                   help="text: show every line's formula, inputs and source like a worksheet")
    p.add_argument("--compare", action="store_true",
                   help="also analyse the IRS's proposal (case irs_proposal) and show it next to the case as "
                        "claimed: income, each expense line, RMI, minimum offers, program (IRM 5.15.1)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    case = load_case_or_report(args.case)
    if case is None:
        return EXIT_USAGE
    try:
        comparison = compare(case, as_of=args.as_of) if args.compare else None
        result = comparison.claimed if comparison is not None else analyze(case, as_of=args.as_of)
    except StandardsError as exc:
        raise UsageError(f"{args.case}: {exc}") from None
    if args.format == "json":
        data = result.to_dict()
        if comparison is not None:
            data["comparison"] = comparison.to_dict()
        emit(to_json(data))
    else:
        text = render(result, explain=args.explain)
        emit(text + render_comparison(comparison) if comparison is not None else text)
    return EXIT_OK
