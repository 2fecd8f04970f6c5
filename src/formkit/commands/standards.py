"""``formkit standards list|import``: the dated standards tables formkit uses.

``list`` shows every loaded table version with its effective date, confidence and source
(shipped with formkit, or imported by the user). ``import`` reads the Local Standards as
the IRS and the U.S. Trustee publish them (saved pages, folders of them, CSV or Excel),
validates them and writes them atomically into ``$FORMKIT_DATA_DIR/standards`` (default:
the per-user data folder); the loader then prefers them over the shipped version of the
same date. Formats: ``formkit.analysis.standards_pages`` and docs/reference/standards-import.md.
"""

from __future__ import annotations

import argparse
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit.analysis import StandardsError, load_library
from formkit.analysis.standards_import import KINDS, build_imports
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
    imp = actions.add_parser("import", help="import the IRS's published housing or transportation standards",
                             description="Import the Local Standards as published: irs.gov state pages "
                             "'Local Standards: Housing and Utilities' and the page 'Local Standards: "
                             "Transportation' saved as HTML (one file, several, or a folder), the U.S. "
                             "Trustee Program's copies (give --effective: their dates are filing windows), "
                             "or a CSV/Excel table (county, state, one column per family size). Legacy CSV "
                             "layouts: --kind transportation (kind,area,one_vehicle,two_vehicles) and "
                             "--kind metro-areas (state,county,metro_area). See "
                             "docs/reference/standards-import.md.")
    imp.add_argument("--kind", choices=tuple(KINDS),
                     help="only for the legacy CSV layouts; pages and tables are recognised by content")
    imp.add_argument("--effective", type=iso_date, metavar="DATE",
                     help="date the IRS table takes effect (YYYY-MM-DD); read from irs.gov pages when omitted")
    imp.add_argument("--state", metavar="XX", help="two-letter state of a page or table that does not name it")
    imp.add_argument("--reference", help="where the table comes from (default: the publisher and file names)")
    imp.add_argument("--confidence", choices=("CONFIRMED", "UNCONFIRMED"), default="CONFIRMED",
                     help="CONFIRMED when the file is the IRS's (or the U.S. Trustee's) published table (default)")
    imp.add_argument("file", metavar="FILE", type=Path, nargs="+", help="saved page(s), folder(s), CSV or .xlsx")
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
    state = args.state.upper() if args.state else None
    if state is not None and (len(state) != 2 or not state.isalpha()):
        raise UsageError(f"--state expects a two-letter code, not {args.state!r}")
    try:
        built = build_imports(list(args.file), args.kind, args.effective, args.reference, load_library(),
                              args.confidence, state)
    except StandardsError as exc:
        raise UsageError(str(exc)) from None
    written = []
    for doc, target in built:
        backup = target.read_bytes() if target.is_file() else None
        write_atomic(target, (json.dumps(_plain(doc), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        written.append((target, backup))
    try:
        load_library()
    except StandardsError as exc:  # never leave a file behind that stops every later analysis
        for target, backup in written:
            if backup is None:
                target.unlink(missing_ok=True)
            else:
                write_atomic(target, backup)
        raise UsageError(f"imported table rejected: {exc}") from None
    for doc, target in built:
        version = doc["versions"][0]
        emit(f"imported {doc['table']} effective {version['effective']} into {target}: {version['note']}")
    return EXIT_OK
