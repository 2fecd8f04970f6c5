"""``formkit transcripts import FILE... --case CASE.json [-o NEW.json]``: account transcripts into a case.

Exit codes: 0 imported and every transaction interpreted; 1 imported, but some
transactions could not be interpreted or the merged case has validation errors (both
listed); 2 a file is unusable (unreadable, a Return or Wage & Income transcript, another
taxpayer's) or the case is: then nothing is written.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from formkit._version import __version__
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, emit, to_json, write_atomic


def register(sub: Any) -> None:
    p = sub.add_parser("transcripts", help="IRS account transcripts: import them into a case",
                       description="Work with IRS account transcripts (text, online-account HTML, PDF).")
    verbs = p.add_subparsers(dest="verb", metavar="VERB")
    imp = verbs.add_parser("import", help="read account transcripts and merge them into the case",
                           description="Read Account Transcripts or Records of Account and merge each period into "
                           "the case: liabilities, assessments, collection events, notices, unfiled years, "
                           "penalty history. Values the preparer entered are kept. Exit 0 imported, 1 imported "
                           "with uninterpreted transactions or an invalid result, 2 unusable input (nothing "
                           "written).")
    imp.add_argument("files", nargs="+", metavar="FILE", help="transcript files (.txt, .html, .pdf)")
    imp.add_argument("--case", required=True, metavar="CASE", help="the case JSON to merge into")
    imp.add_argument("-o", "--output", metavar="NEW", help="write the merged case here (default: update CASE)")
    imp.add_argument("--format", choices=("text", "json"), default="text")
    imp.set_defaults(handler=run_import)
    p.set_defaults(handler=lambda _args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    from formkit.commands._common import UsageError

    parser.print_usage()
    raise UsageError("choose a verb: formkit transcripts import FILE... --case CASE.json")


def _d(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def report_data(result: Any, case_path: str, output: str, problems: list[Any]) -> dict[str, Any]:
    """The JSON document described by ``schemas/transcripts-import.schema.json``."""
    by_key = {(p.form, p.period): p for p in result.periods}
    files = []
    for t in result.transcripts:
        periods = []
        for m in t.modules:
            p = next(v for (form, _), v in by_key.items() if form == m.form and v.period_end == m.period_end)
            periods.append({
                "form": p.form, "period": p.period, "period_end": _d(p.period_end),
                "tin": f"***-**-{m.tin_last4}" if m.tin_last4 else None,
                "account_balance": p.account_balance, "accrued_interest": p.accrued_interest,
                "accrued_penalty": p.accrued_penalty, "as_of": _d(p.as_of), "filed": p.filed,
                "sfr_suspected": p.sfr_suspected,
                "return": {"filing_status": m.return_info.filing_status,
                           "adjusted_gross_income": m.return_info.adjusted_gross_income,
                           "taxable_income": m.return_info.taxable_income,
                           "tax_per_return": m.return_info.tax_per_return,
                           "due_or_received": _d(m.return_info.due_or_received),
                           "processing_date": _d(m.return_info.processing_date),
                           "present": m.return_info.present},
                "transactions": [{"code": x.code, "explanation": x.explanation, "cycle": x.cycle,
                                  "date": _d(x.date), "amount": x.amount, "dln": x.dln} for x in m.transactions],
                "assessments": [f"{a['code']}@{a['date']}" for a in p.assessments],
                "events": p.events,
                "notices": [{"number": n.number, "date": _d(n.date), "cdp": n.cdp} for n in p.notices],
                "uninterpreted": [{"code": u.code, "explanation": u.explanation, "date": _d(u.date),
                                   "amount": u.amount, "line": u.line, "reason": u.reason} for u in p.uninterpreted],
                "unparsed_lines": [{"line": u.line, "text": u.text} for u in m.unparsed],
                "notes": p.notes,
            })
        files.append({"file": t.source, "layout": t.layout, "kind": t.kind,
                      "response_date": _d(t.response_date), "periods": periods})
    r = result.report
    return {"formkit_version": __version__, "case": case_path, "output": output, "files": files,
            "changes": {"created": r.created, "updated": r.updated, "not_owed": r.not_owed, "kept": r.kept,
                        "unfiled_added": r.unfiled_added, "penalty_history_added": r.penalty_history_added,
                        "notes": r.notes},
            "validation": {"valid": not any(p.severity == "error" for p in problems),
                           "problems": [p.as_dict() for p in problems]}}


def _money(value: Any) -> str:
    return f"{value:,.2f}"


def render(data: dict[str, Any]) -> str:
    out: list[str] = []
    for f in data["files"]:
        title = "Record of Account" if f["kind"] == "record_of_account" else "Account Transcript"
        out.append(f"{f['file']}: {title} ({f['layout']}), response date {f['response_date'] or 'not shown'}, "
                   f"{len(f['periods'])} period(s)")
        for p in f["periods"]:
            accruals = p["accrued_interest"] + p["accrued_penalty"]
            filed = "return filed" if p["filed"] else ("substitute for return" if p["sfr_suspected"]
                                                       else "NO RETURN FILED")
            out.append(f"  Form {p['form']} {p['period']} ({p['tin']}): balance {_money(p['account_balance'])} + "
                       f"accruals {_money(accruals)} as of {p['as_of'] or '-'} (not a payoff amount); {filed}; "
                       f"{len(p['transactions'])} transactions")
            if p["assessments"]:
                out.append(f"    assessments: {', '.join(p['assessments'])}")
            for e in p["events"]:
                end = f" .. {e['end']}" if e.get("end") else " (pending)"
                outcome = f" {e['outcome']}" if e.get("outcome") else ""
                out.append(f"    event: {e['kind']} {e['start']}{end}{outcome} (TC {'/'.join(e['codes'])})")
            for n in p["notices"]:
                out.append(f"    notice: {n['number']} {n['date']}" + (" (CDP notice)" if n["cdp"] else ""))
            for u in p["uninterpreted"]:
                out.append(f"    NOT INTERPRETED line {u['line']}: TC {u['code']} '{u['explanation']}' {u['date']} "
                           f"{_money(u['amount'])}: {u['reason']}")
            for u in p["unparsed_lines"]:
                out.append(f"    NOT READ line {u['line']}: {u['text']}")
            for note in p["notes"]:
                out.append(f"    note: {note}")
    c = data["changes"]
    out.append("")
    for label, key in (("created", "created"), ("updated", "updated"), ("nothing owed (not a liability)", "not_owed"),
                       ("unfiled returns added", "unfiled_added"), ("penalty history added", "penalty_history_added")):
        if c[key]:
            out.append(f"{label}: {'; '.join(c[key])}")
    out.extend(f"kept: {k}" for k in c["kept"])
    out.extend(f"note: {n}" for n in c["notes"])
    v = data["validation"]
    out.append(f"wrote {data['output']} ({'valid' if v['valid'] else 'INVALID'})")
    out.extend(f"  {p['severity']} {p['path']}: {p['message']}" for p in v["problems"])
    out.append("Transcripts never show the CSED: run 'formkit csed' on the case for the estimate.")
    return "\n".join(out) + "\n"


def run_import(args: argparse.Namespace) -> int:
    from formkit.case.load import read_json, validate_data
    from formkit.case.write import dumps_case
    from formkit.transcripts import import_transcripts

    case = read_json(args.case)  # CaseError(unusable) -> exit 2 through the CLI
    if not isinstance(case, dict):
        from formkit.commands._common import UsageError

        raise UsageError(f"{args.case}: a case file must be a JSON object")
    result = import_transcripts(args.files, case)  # TranscriptError -> exit 2, nothing written
    output = args.output or args.case
    validation = validate_data(case, output)
    write_atomic(Path(output), dumps_case(case))
    data = report_data(result, args.case, output, list(validation.problems))
    emit(to_json(data) if args.format == "json" else render(data))
    uninterpreted = any(p["uninterpreted"] or p["unparsed_lines"] for f in data["files"] for p in f["periods"])
    return EXIT_FINDINGS if uninterpreted or not data["validation"]["valid"] else EXIT_OK
