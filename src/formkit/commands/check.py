"""``formkit check INPUT``: pre-submission checks on a case, a filled PDF or a packet.

Exit 0 clean (warnings alone too, unless --strict), 1 errors found, 2 unusable input.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from formkit.commands._common import EXIT_USAGE, UsageError, emit, emit_error, to_json


def register(sub: Any) -> None:
    p = sub.add_parser(
        "check", help="check a case, a filled PDF or a packet for IRS return/rejection causes",
        description="Run the pre-submission rules (see 'formkit rules') on a case file, a filled "
                    "official PDF, or a packet (a folder of PDFs or one merged PDF). Exit 0 clean, "
                    "1 errors found (or warnings with --strict), 2 unusable input.")
    p.add_argument("input", metavar="CASE.json|FILLED.pdf|PACKET",
                   help="a case JSON file, a filled form PDF, or a packet folder / merged PDF")
    p.add_argument("--case", metavar="CASE.json",
                   help="with PDF input: the case the forms were filled from, to run the rules "
                        "that need case facts and compare the forms with it")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--strict", action="store_true", default=None,
                   help="exit 1 on warnings too")
    p.add_argument("--config", metavar="FILE",
                   help="formkit.toml or pyproject.toml with [tool.formkit.check] (default: found "
                        "by walking up from the input)")
    p.add_argument("--as-of", metavar="YYYY-MM-DD", type=_day,
                   help="date the check is made for (default: the case's prepared_on, or today)")
    p.set_defaults(handler=run)


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def run(args: argparse.Namespace) -> int:
    from formkit.checks import (
        CatalogueError,
        ConfigError,
        UnusableInput,
        check_case,
        check_packet,
        check_pdf,
    )
    from formkit.checks.config import find_config, load_config
    from formkit.checks.render import to_data, to_text

    path = Path(args.input)
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder; give a case file, a filled PDF or a packet folder")
    try:
        config = load_config(args.config) if args.config else find_config(path)
        if path.is_dir():
            report = check_packet(path, case=args.case, config=config, as_of=args.as_of)
        elif path.suffix.lower() == ".pdf":
            report = check_pdf(path, case=args.case, config=config, as_of=args.as_of)
        else:
            if args.case:
                raise UsageError(f"--case is for a PDF or packet input; {path} is a case file, so leave --case out")
            report = check_case(path, config=config, as_of=args.as_of)
    except (UnusableInput, ConfigError) as exc:
        emit_error(f"formkit check: {exc}")
        return EXIT_USAGE
    except CatalogueError as exc:
        emit_error(f"formkit check: broken installation: {exc}")
        return EXIT_USAGE
    strict = config.strict if args.strict is None else args.strict
    if args.format == "json":
        emit(to_json(to_data(report, strict)))
    else:
        emit(to_text(report, strict))
    return report.exit_code(strict)
