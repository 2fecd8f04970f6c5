"""``formkit packet CASE -o OUTDIR``: build the submission packet of a case.

Exit codes: 0 built (also when --force overrode check errors: the manifest records it),
1 not built because the checks found errors (or a form cannot hold a case value),
2 unusable input (case, attachment, template, official PDF, output folder) or usage.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from formkit.commands._common import EXIT_OK, UsageError, emit, emit_error, import_packet_machinery


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "packet", help="build the submission packet (cover letter, forms, attachments, manifest)",
        description="Build the ordered, bookmarked submission packet of CASE in OUTDIR: packet.pdf (one "
        "bookmark and page-label range per document, forms flattened), each form and letter as its own PDF "
        "under documents/, and manifest.json. Not built when 'formkit check' finds errors, unless --force. "
        "Exit 0 built, 1 not built because of check errors, 2 unusable input.")
    p.add_argument("case", metavar="CASE", nargs="?", help="the case file (not with --recover)")
    p.add_argument("-o", "--output", required=True, metavar="OUTDIR",
                   help="output folder (new, empty, or a previous packet, which is replaced only on success)")
    p.add_argument("--forms-dir", metavar="DIR", help="folder holding the official IRS PDFs")
    p.add_argument("--templates", metavar="DIR",
                   help="the firm's templates: letters/*.j2 and packets.json override formkit's")
    p.add_argument("--force", action="store_true", help="build even when the checks find errors (recorded)")
    p.add_argument("--as-of", type=_date, metavar="DATE", help="analysis, checks and letter date (YYYY-MM-DD)")
    p.add_argument("--request", type=int, metavar="N",
                   help="which request of the case (0 = first) when it has several")
    p.add_argument("--recover", action="store_true",
                   help="only put back or clean what a killed build left beside OUTDIR (automatic on every build)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    # imported here: the rest of the CLI keeps working where a library the packet needs is missing
    try:
        import_packet_machinery()
        from formkit.packet import PacketBlocked, PacketError, PacketFormError, PacketInputError, build_packet
    except ModuleNotFoundError as exc:
        raise UsageError(f"formkit packet needs the Python package {exc.name!r} (pip install {exc.name})") from None
    if args.recover:
        return _recover(args)
    if not args.case:
        raise UsageError("give the CASE file to build from (or --recover -o OUTDIR to only clean up a killed build)")
    try:
        result = build_packet(args.case, args.output, forms_dir=args.forms_dir, templates_dir=args.templates,
                              force=args.force, as_of=args.as_of, request_index=args.request)
    except PacketBlocked as exc:
        for f in exc.report.errors:
            emit_error(f"  {f.line()}")
        emit_error(f"formkit packet: {exc}")
        return exc.exit_code
    except PacketFormError as exc:
        emit_error(f"formkit packet: not built: {exc}:")
        for detail in exc.details:
            emit_error(f"  {detail}")
        return exc.exit_code
    except PacketInputError as exc:
        for detail in exc.details:
            emit_error(f"{args.case}: {detail}")
        raise UsageError(f"packet not built: {exc}") from None
    except PacketError as exc:
        raise UsageError(f"packet not built: {exc}") from None
    for line in result.recovered:
        emit_error(f"formkit packet: {line}")
    m = result.manifest
    out = Path(args.output)
    emit(f"{m['program']['title']} packet for {m['case']['taxpayer']} -> {out / 'packet.pdf'}")
    emit(f"  {m['packet']['documents']} documents, {m['packet']['pages']} pages, sha256 {m['packet']['sha256']}")
    for d in m["documents"]:
        first, last = d["packet_pages"]["first"], d["packet_pages"]["last"]
        emit(f"  {d['position']:>2}. pp. {first}-{last}  {d['title']}")
    mail = m["mail_to"]
    # the IRS address comes from formkit's own tables and holds no identification number; emit() would
    # mistake a ZIP+4 (38130-0803) for an SSN and mask it
    sys.stdout.write("  mail to: " + " / ".join(mail["lines"]) + f"  [{mail['reference']}]\n")
    for warning in result.warnings:
        emit(f"  warning: {warning}")
    if result.forced:
        emit(f"  FORCED: built despite {m['checks']['errors']} check error(s); recorded in manifest.json")
    return EXIT_OK


def _recover(args: argparse.Namespace) -> int:
    from formkit.packet.build import recover_packet

    if args.case:
        raise UsageError("--recover takes no CASE: run 'formkit packet --recover -o OUTDIR'")
    done = recover_packet(args.output)
    for line in done:
        emit(f"{args.output}: {line}")
    if not done:
        emit(f"{args.output}: nothing to recover")
    return EXIT_OK
