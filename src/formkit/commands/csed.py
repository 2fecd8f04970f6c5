"""``formkit csed CASE``: collection statute expiration per period and per assessment.

Exit codes: 0 when every event could be used (events a rule ignores are part of the
result); 1 when an event or a period lacks the data to compute its CSED; 2 when the case
file is unusable. Never a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from formkit._version import __version__
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, emit, load_case_or_report, to_json
from formkit.commands.analyze import iso_date


def register(sub: Any) -> None:
    p = sub.add_parser("csed", help="collection statute expiration dates per assessment, with every "
                       "suspension and the counting convention",
                       description="Compute each period's CSED per assessment from its assessments and "
                       "collection events (rules/csed.json). Exit 0 computed, 1 an event or period lacks "
                       "data, 2 unusable input.")
    p.add_argument("case", metavar="CASE", help="case JSON file")
    p.add_argument("--as-of", type=iso_date, metavar="DATE",
                   help="date for days remaining and pending events (YYYY-MM-DD); default: prepared_on")
    p.add_argument("--person", choices=("taxpayer", "spouse"), default="taxpayer",
                   help="whose statute (events entered for one spouse only apply to that spouse)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--chart", metavar="FILE", help="also draw the timeline as a PNG or SVG chart")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from formkit.csed import compute_case
    from formkit.csed.report import render_text, to_dict

    chart = Path(args.chart) if args.chart else None
    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise UsageError(f"--chart {args.chart}: the chart is written as .png or .svg")
    case = load_case_or_report(args.case)
    if case is None:
        return EXIT_USAGE
    result = compute_case(case, as_of=args.as_of, person=args.person)
    if chart is not None:
        from formkit.csed.chart import write_chart

        write_chart(result, case.case_id, chart)
    if args.format == "json":
        emit(to_json(to_dict(result, case.case_id, __version__)))
    else:
        emit(render_text(result, case.case_id))
    return EXIT_FINDINGS if result.unusable else EXIT_OK
