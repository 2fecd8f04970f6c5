"""``formkit forms list|add|fetch|verify``: the official PDFs this machine has (``derive`` and
``review``, which map a new revision, live in ``forms_derive``)."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from formkit.commands import forms_derive
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UsageError, emit, emit_error, to_json
from formkit.dates import today
from formkit.files.read import InputFileError, read_limited
from formkit.forms import locate, store
from formkit.forms.registry import FormRevision, UnknownForm, revisions, supported
from formkit.pdf import prefix_hashes


def register(sub: Any) -> None:
    p = sub.add_parser("forms", help="list, add, fetch and verify the official IRS PDFs")
    fsub = p.add_subparsers(dest="forms_command", metavar="ACTION", parser_class=type(p))
    lst = fsub.add_parser("list", help="every supported form revision and whether its PDF is here")
    lst.add_argument("--forms-dir", metavar="DIR", help="a folder of official PDFs to look in first")
    lst.add_argument("--format", choices=("text", "json"), default="text",
                     help="text for people (default), json for scripts")
    lst.add_argument("--as-of", type=date.fromisoformat, metavar="YYYY-MM-DD",
                     help="the date a revision's state is judged on (default: today)")
    lst.set_defaults(handler=run_list)
    add = fsub.add_parser("add", help="verify local PDFs and store them in the user cache")
    add.add_argument("files", nargs="+", metavar="FILE", help="official IRS PDFs you downloaded")
    add.set_defaults(handler=run_add)
    fetch = fsub.add_parser("fetch", help="download official PDFs from the IRS and verify them")
    fetch.add_argument("forms", nargs="*", metavar="FORM", help="e.g. 433-A 656 2848 (default: all)")
    fetch.set_defaults(handler=run_fetch)
    verify = fsub.add_parser("verify", help="which official revision a filled PDF was made from")
    verify.add_argument("files", nargs="+", metavar="PDF", help="filled forms to identify")
    verify.set_defaults(handler=run_verify)
    forms_derive.register(fsub)
    p.set_defaults(handler=lambda args: (p.print_help(), EXIT_USAGE)[1])


def _state(rev: FormRevision, day: date) -> str:
    """Where a revision stands on ``day``: current, superseded (by which, since when), a prior
    revision, or a derived draft nobody has reviewed."""
    currency = rev.currency
    if rev.supported and not rev.reviewed:
        return "draft, not reviewed"
    if currency is not None and currency.superseded is not None and currency.superseded_on(day):
        return f"superseded {currency.superseded.isoformat()} by Rev. {currency.superseded_by or '?'}"
    if not rev.supported:
        return "prior revision"
    released = currency.released if currency is not None else None
    return "current" + (f" (released {released.isoformat()})" if released else "")


def run_list(args: argparse.Namespace) -> int:
    found = {hit.revision: hit.path for d in reversed(locate.search_dirs(args.forms_dir))
             for hit in locate.scan(d)}
    day = args.as_of or today()
    rows = []
    for rev in revisions():
        path = found.get(rev)
        currency = rev.currency
        rows.append({"form": rev.form, "form_id": rev.form_id, "revision": rev.revision,
                     "supported": rev.supported, "present": path is not None,
                     "sha256_ok": path is not None, "path": str(path) if path else None,
                     "sha256": rev.sha256, "fields_mapped": len(rev.fields),
                     "reviewed": rev.reviewed, "state": _state(rev, day),
                     "released": currency.released if currency else None,
                     "superseded": currency.superseded if currency else None,
                     "superseded_by": currency.superseded_by if currency else None})
    if args.format == "json":
        emit(to_json({"forms": rows, "as_of": day,
                      "search_dirs": [str(d) for d in locate.search_dirs(args.forms_dir)]}))
        return EXIT_OK
    table = [("form", "revision", "state", "status", "path")]
    for r in rows:
        if not r["supported"]:
            status = "recognised, not filled"
        elif r["present"]:
            status = "present, sha256 verified"
        else:
            status = "missing (formkit forms fetch)"
        table.append((str(r["form"]), str(r["revision"]), str(r["state"]), status, str(r["path"] or "")))
    widths = [max(len(row[i]) for row in table) + 2 for i in range(4)]  # columns never run together
    lines = ["".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + row[4] for row in table]
    lines.append("searched: " + ", ".join(str(d) for d in locate.search_dirs(args.forms_dir)))
    emit("\n".join(lines))
    return EXIT_OK


def run_add(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    for name in args.files:
        path = Path(name)
        if not path.is_file():
            emit_error(f"{name}: file not found")
            worst = EXIT_USAGE
            continue
        checked, stored = store.add(path)
        if stored is not None:
            emit(f"{name}: {checked.describe()}; stored as {stored}")
        else:
            emit(f"{name}: {checked.describe()}; not stored")
            if checked.drift and checked.drift.added:
                emit("  fields added: " + ", ".join(checked.drift.added[:20]))
            if checked.drift and checked.drift.removed:
                emit("  fields removed: " + ", ".join(checked.drift.removed[:20]))
            worst = max(worst, EXIT_FINDINGS)
    return worst


def run_fetch(args: argparse.Namespace) -> int:
    try:
        wanted = [supported(f) for f in args.forms] if args.forms else [r for r in revisions() if r.supported]
    except UnknownForm as exc:
        raise UsageError(str(exc)) from None
    present = {hit.revision: hit.path for d in locate.search_dirs(None) for hit in locate.scan(d)}
    worst = EXIT_OK
    missing = [rev for rev in wanted if rev not in present]
    for rev in wanted:
        if rev in present:
            emit(f"{rev.label}: already here, sha256 verified ({present[rev]})")
    for n, rev in enumerate(missing):
        try:
            path = store.fetch(rev)
        except store.FetchError as exc:
            if exc.unreachable:  # offline: every other download would fail the same way
                emit_error(_offline(missing[n:], str(exc).rpartition(": ")[2]))
                return EXIT_FINDINGS
            emit_error(str(exc))
            worst = EXIT_FINDINGS
            continue
        emit(f"{rev.label}: downloaded, sha256 verified, stored as {path}")
    return worst


def _offline(missing: list[FormRevision], reason: str) -> str:
    """One line for a machine without internet access: what is missing and the next step."""
    names = ", ".join(rev.label for rev in missing)
    return (f"formkit forms fetch: cannot reach irs.gov ({reason}); not fetched: {names}. Next step: download "
            f"the PDFs from https://www.irs.gov/pub/irs-pdf/ on a machine that can and run 'formkit forms add "
            f"FILE ...', or point --forms-dir / FORMKIT_FORMS_DIR at a folder holding them")


def run_verify(args: argparse.Namespace) -> int:
    worst = EXIT_OK
    known = {r.sha256: r for r in revisions()}
    for name in args.files:
        try:
            data = read_limited(name, store.MAX_PDF_BYTES, what="PDF file")
        except InputFileError as exc:
            emit_error(str(exc))
            worst = EXIT_USAGE
            continue
        hits = [known[p.sha256] for p in prefix_hashes(data) if p.sha256 in known]
        if hits:
            emit(f"{name}: starts with the unmodified official {hits[0].label} (sha256 {hits[0].sha256[:16]}…)")
        else:
            emit(f"{name}: no official IRS revision known to formkit is a verbatim prefix of this file")
            worst = EXIT_FINDINGS
    return worst
