"""``formkit deadlines CASE [--ics FILE]``: the dates not to miss, with their rule and source.

Exit codes: 0 listed (past deadlines are part of the list); 2 unusable input. Never a
traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from formkit._version import __version__
from formkit.commands._common import EXIT_OK, EXIT_USAGE, UsageError, emit, load_case_or_report, to_json, write_atomic
from formkit.commands.analyze import iso_date


def register(sub: Any) -> None:
    p = sub.add_parser("deadlines", help="deadlines from notices, collection events and requests "
                       "(CDP window, equivalent hearing, offer terms, refund claims, payments, CSEDs)",
                       description="List the case's deadlines with their rule and source; --ics writes them "
                       "as an iCalendar file. Exit 0 listed, 2 unusable input.")
    p.add_argument("case", metavar="CASE", help="case JSON file")
    p.add_argument("--as-of", type=iso_date, metavar="DATE", help="today for 'passed' (default: prepared_on)")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--ics", metavar="FILE", help="also write an iCalendar (.ics) file")
    p.set_defaults(handler=run)


def render(data: dict[str, Any]) -> str:
    out = [f"Deadlines: case {data['case_id']}, as of {data['as_of']}", ""]
    if not data["deadlines"]:
        out.append("  none found (no notices, offers, returns, agreements or CSEDs in the case)")
    for d in data["deadlines"]:
        mark = "passed " if d["passed"] else "       "
        where = f"{d['period']}: " if d["period"] else ""
        repeat = f" (then monthly, {d['repeat_monthly']} payments)" if d["repeat_monthly"] else ""
        out.append(f"  {mark}{d['date']}  {where}{d['title']}{repeat}")
        out.append(f"           from {d['source']}; {d['citation']}")
        if d["note"]:
            out.append(f"           {d['note']}")
    out.append("")
    out.append(data["business_days"])
    return "\n".join(out) + "\n"


def run(args: argparse.Namespace) -> int:
    from formkit.deadlines import deadlines, to_dict

    target = Path(args.ics) if args.ics else None
    if target is not None and target.suffix.lower() != ".ics":
        raise UsageError(f"--ics {args.ics}: the calendar file is written as .ics")
    case = load_case_or_report(args.case)
    if case is None:
        return EXIT_USAGE
    as_of = args.as_of or case.prepared_on
    items = deadlines(case, as_of)
    if target is not None:
        from formkit.deadlines.ics import to_ics

        write_atomic(target, to_ics(items, case.case_id, as_of))
    data = to_dict(items, case.case_id, as_of, __version__)
    emit(to_json(data) if args.format == "json" else render(data))
    return EXIT_OK
