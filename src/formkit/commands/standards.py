"""``formkit standards list|import``: the dated standards tables formkit uses.

``list`` shows every loaded table version with its effective date, confidence and source
(shipped with formkit, or imported by the user). ``import`` reads the IRS's published
housing or transportation table (or metro-area membership) from a CSV the user supplies,
validates it and writes it atomically into ``$FORMKIT_DATA_DIR/standards`` (default: the
per-user data folder); the loader then prefers it over the shipped version of the same
date. CSV columns: see ``formkit.analysis.standards_import`` and docs/adr/0003.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit.analysis import StandardsError, load_library
from formkit.analysis.standards_import import KINDS, build_import
from formkit.commands._common import EXIT_OK, UsageError, emit, to_json, write_atomic
from formkit.commands.analyze import iso_date


def register(sub: Any) -> None:
    p = sub.add_parser("standards", help="list or import the dated IRS standards tables",
                       description="List the loaded standards tables or import the IRS's published "
                       "tables from a CSV file.")
    actions = p.add_subparsers(dest="action", metavar="ACTION")
    ls = actions.add_parser("list", help="loaded tables with effective dates and confidence")
    ls.add_argument("--format", choices=("text", "json"), default="text")
    ls.set_defaults(handler=run_list)
    imp = actions.add_parser("import", help="import a published IRS table from a CSV file",
                             description="housing: state,county,persons_1,persons_2,persons_3,persons_4,"
                             "persons_5_or_more. transportation: kind,area,one_vehicle,two_vehicles (kind "
                             "ownership, public, region or metro). metro-areas: state,county,metro_area.")
    imp.add_argument("--kind", required=True, choices=tuple(KINDS))
    imp.add_argument("--effective", required=True, type=iso_date, metavar="DATE",
                     help="date the IRS table takes effect (YYYY-MM-DD)")
    imp.add_argument("--reference", help="where the table comes from (default: the file name)")
    imp.add_argument("--confidence", choices=("CONFIRMED", "UNCONFIRMED"), default="CONFIRMED",
                     help="CONFIRMED when the file is the IRS's own published table (default)")
    imp.add_argument("file", metavar="FILE", type=Path)
    imp.set_defaults(handler=run_import)
    p.set_defaults(handler=lambda args: (p.print_help(), EXIT_OK)[1])


def run_list(args: argparse.Namespace) -> int:
    try:
        library = load_library()
    except StandardsError as exc:
        raise UsageError(str(exc)) from None
    rows = []
    for name in sorted(library.tables):
        table = library.tables[name]
        for v in table.versions:
            rows.append({"table": name, "title": table.title, "effective": v.effective.isoformat(),
                         "revision": v.revision, "confidence": v.confidence, "source": v.source,
                         "available": v.unavailable is None, "reference": v.reference})
    if args.format == "json":
        emit(to_json({"tables": rows}))
        return EXIT_OK
    lines = [f"{'table':<27}{'effective':<12}{'rev.':<8}{'confidence':<13}{'source':<46}status"]
    for r in rows:
        status = "loaded" if r["available"] else "NOT AVAILABLE"
        lines.append(f"{r['table']:<27}{r['effective']:<12}{r['revision'] or '':<8}{r['confidence']:<13}"
                     f"{r['source']:<46}{status}")
    emit("\n".join(lines))
    return EXIT_OK


def _plain(value: Any) -> Any:
    """Whole-dollar Decimals as JSON integers, others as exact strings."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else str(value)
    return value


def run_import(args: argparse.Namespace) -> int:
    try:
        doc, target = build_import(args.kind, args.file, args.effective, args.reference, load_library(),
                                   args.confidence)
    except StandardsError as exc:
        raise UsageError(str(exc)) from None
    write_atomic(target, (json.dumps(_plain(doc), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    try:
        load_library()
    except StandardsError as exc:  # never leave a file behind that stops every later analysis
        target.unlink(missing_ok=True)
        raise UsageError(f"imported table rejected: {exc}") from None
    emit(f"imported {args.kind} table effective {args.effective.isoformat()} into {target}")
    return EXIT_OK
