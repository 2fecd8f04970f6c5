"""The ``formkit`` command: a thin layer over the Python API.

Each subcommand lives in ``formkit/commands/<name>.py`` with ``register(subparsers)``;
this module only wires them up and turns failures into exit codes:
0 clean, 1 findings, 2 unusable input or usage error. Never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from formkit._version import __version__
from formkit.commands._common import EXIT_USAGE, UsageError, emit_error
from formkit.errors import FormkitError

COMMANDS = ("validate", "analyze", "standards", "forms", "fill", "check", "rules", "packet", "csed", "transcripts",
            "batch", "deadlines")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        """Usage errors exit 2 with a one-line message (argparse's own behaviour, kept explicit)."""
        self.print_usage(sys.stderr)
        raise UsageError(message)


def _command_in(argv: Sequence[str]) -> str | None:
    """The subcommand ``argv`` names (its first word), if it is one formkit has."""
    return argv[0] if argv and argv[0] in COMMANDS else None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command-line parser; with ``only``, just that subcommand's module is imported
    (a command pays only for what it uses: ``formkit fill`` never loads the packet code)."""
    parser = _Parser(prog="formkit", description="Tax-resolution toolkit: validate, analyze, fill, "
                     "check and package IRS collection cases.")
    parser.add_argument("--version", action="version", version=f"formkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in (only,) if only in COMMANDS else COMMANDS:
        try:
            module = importlib.import_module(f"formkit.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"formkit.commands.{name}":
                continue  # subcommand not built yet
            raise
        module.register(sub)
    _explain(parser)
    return parser


def _explain(parser: argparse.ArgumentParser) -> None:
    """Each subcommand's --help opens with the line its parent lists it by, and says what
    --format does where a command forgot to (every subcommand explains itself)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            summaries = {a.dest: a.help for a in action._choices_actions}
            for name, sub in action.choices.items():
                if not sub.description and summaries.get(name):
                    sub.description = summaries[name]
                _explain(sub)
        elif action.option_strings == ["--format"] and not action.help:
            action.help = "text for people (default), json for scripts (schema in schemas/)"


def main(argv: Sequence[str] | None = None) -> int:
    # pypdf reports harmless repairs of IRS files ("Ignoring wrong pointing object") as warnings
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(_command_in(arguments))
    try:
        args = parser.parse_args(arguments)
        if not getattr(args, "handler", None):
            parser.print_help(sys.stderr)
            return EXIT_USAGE
        code: int = args.handler(args)
        return code
    except FormkitError as exc:  # usage errors and any expected failure a subcommand did not word itself
        emit_error(f"formkit: error: {exc}")
        return exc.exit_code
    except KeyboardInterrupt:
        emit_error("formkit: interrupted")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # last resort: a one-line message, the traceback only on request
        if os.environ.get("FORMKIT_DEBUG"):  # the traceback for a bug report, TINs masked like any output
            import traceback

            emit_error(traceback.format_exc().rstrip("\n"))
            return EXIT_USAGE
        emit_error(f"formkit: internal error: {type(exc).__name__}: {exc} "
                   "(set FORMKIT_DEBUG=1 for details and please report it)")
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
