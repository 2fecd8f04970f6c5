"""``formkit fill FORM CASE -o OUT.pdf``: fill an official IRS form from a case."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from formkit.case import CaseError, load_case
from formkit.commands._common import EXIT_FINDINGS, EXIT_OK, UsageError, emit, emit_error, write_atomic
from formkit.forms.fill import FormFillError, fill_form
from formkit.forms.locate import FormNotAvailable
from formkit.forms.registry import UnknownForm, supported


def register(sub: Any) -> None:
    p = sub.add_parser("fill", help="fill an official IRS form from a case file",
                       description="Fill the supported revision of FORM (433-A, 433-A (OIC), 433-F, 656, "
                       "843, 2848, 9465) with the values of CASE. The official PDF stays a verbatim "
                       "prefix of the output; values are written as an incremental update.")
    p.add_argument("form", metavar="FORM")
    p.add_argument("case", metavar="CASE")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--forms-dir", help="folder holding the official PDFs")
    p.add_argument("--flatten", action="store_true", help="flatten for print (no editable fields)")
    p.add_argument("--as-of", type=date.fromisoformat, help="analysis date for computed lines (YYYY-MM-DD)")
    p.add_argument("--signer", choices=("taxpayer", "spouse"), help="Form 2848: whose power of attorney")
    p.add_argument("--item", type=int, help="Form 843: which abatement item (1 = first)")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
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
    options: dict[str, Any] = {}
    if args.signer:
        options["signer"] = args.signer
    if args.item is not None:
        if args.item < 1:
            raise UsageError("--item starts at 1")
        options["item_index"] = args.item - 1
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
