"""``formkit fill FORM CASE -o OUT.pdf``: fill an official IRS form from a case."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from formkit.case import CaseError, load_case
from formkit.case.model import Case
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, UsageError, emit, emit_error, write_atomic
from formkit.files.target import check_file_output
from formkit.forms.fill import FormFillError, fill_form
from formkit.forms.locate import FormNotAvailable
from formkit.forms.registry import UnknownForm, supported


def register(sub: Any) -> None:
    p = sub.add_parser("fill", help="fill an official IRS form from a case file",
                       description="Fill the supported revision of FORM (433-A, 433-A (OIC), 433-F, 656, "
                       "843, 2848, 9465) with the values of CASE. The official PDF stays a verbatim "
                       "prefix of the output; values are written as an incremental update.")
    p.add_argument("form", metavar="FORM", help="e.g. 656, 433-A, \"433-A (OIC)\", 843 (formkit forms list)")
    p.add_argument("case", metavar="CASE", help="the case file (JSON)")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="where to write the filled form")
    p.add_argument("--forms-dir", help="folder holding the official PDFs")
    p.add_argument("--flatten", action="store_true", help="flatten for print (no editable fields)")
    p.add_argument("--as-of", type=date.fromisoformat, help="analysis date for computed lines (YYYY-MM-DD)")
    p.add_argument("--signer", choices=("taxpayer", "spouse"), help="Form 2848: whose power of attorney")
    p.add_argument("--item", type=int, help="Form 843: which abatement item (1 = first)")
    p.set_defaults(handler=run)


def _mapper_options(args: argparse.Namespace, form: str, case: Case) -> dict[str, Any]:
    """--signer and --item as mapper options, refused up front when they cannot apply to this case."""
    options: dict[str, Any] = {}
    if args.signer:
        if form != "2848":
            raise UsageError(f"--signer is for Form 2848 only; leave it out for Form {form}")
        if args.signer == "spouse" and case.spouse is None:
            raise UsageError(f"--signer spouse: {args.case} has no spouse; add the spouse to the case or "
                             "leave --signer out to fill the taxpayer's Form 2848")
        options["signer"] = args.signer
    if form == "843":
        from formkit.forms.mappers.f843 import item_count

        count = item_count(case)
        if count == 0:
            raise UsageError(f"{args.case} has no penalty-abatement items (a penalty_abatement request with "
                             "items); Form 843 is filled once per item")
        item = 1 if args.item is None else args.item
        if not 1 <= item <= count:
            choices = f"--item 1 to {count}" if count > 1 else "--item 1 (or leave --item out)"
            raise UsageError(f"--item {item}: {args.case} has {count} penalty-abatement item(s), numbered from 1; "
                             f"use {choices}")
        options["item_index"] = item - 1
    elif args.item is not None:
        raise UsageError(f"--item is for Form 843 only; leave it out for Form {form}")
    return options


def run(args: argparse.Namespace) -> int:
    check_file_output(args.output)  # a device, folder, link or impossible path is refused before any work
    try:
        revision = supported(args.form)
    except UnknownForm as exc:
        raise UsageError(str(exc)) from None
    try:
        case = load_case(args.case)
    except CaseError as exc:
        for case_problem in exc.problems[:20]:
            emit_error(f"{args.case}: {case_problem}")
        raise UsageError(f"{args.case} is not a usable case (run 'formkit validate')") from None
    options = _mapper_options(args, revision.form, case)
    try:
        pdf = fill_form(revision, case, forms_dir=args.forms_dir, flatten=args.flatten,
                        as_of=args.as_of, **options)
    except FormNotAvailable as exc:
        raise UsageError(str(exc)) from None
    except FormFillError as exc:
        emit_error(f"cannot fill {exc.form}:")
        for problem in exc.problems:
            emit_error(f"  {problem}")
        return EXIT_FINDINGS
    except TypeError as exc:  # an option the form's mapper does not take
        raise UsageError(f"{revision.label}: {exc}") from None
    write_atomic(args.output, pdf)
    emit(f"{revision.label} filled from {args.case} -> {args.output}")
    return EXIT_OK
