"""``formkit rules``: list the pre-submission rules (ID, severity, forms, citation)."""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from formkit._version import __version__
from formkit.commands._common import EXIT_OK, emit, to_json


def register(sub: Any) -> None:
    p = sub.add_parser("rules", help="list the pre-submission rules with IDs and citations",
                       description="List every rule 'formkit check' runs: ID, severity, forms, "
                                   "title, fix and citation.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("ids", nargs="*", metavar="ID", help="show only these rules (e.g. OIC-012)")
    p.set_defaults(handler=run)


def rules_data() -> dict[str, Any]:
    """The JSON document described by ``schemas/rules.schema.json``."""
    from formkit.checks import load_catalogue
    from formkit.checks.registry import REGISTRY

    out = []
    for meta in load_catalogue().values():
        entry = meta.as_dict()
        spec = REGISTRY.get(meta.id)
        entry["inputs"] = list(spec.inputs) if spec else []
        entry["needs"] = sorted(spec.needs) if spec else []
        out.append(entry)
    return {"formkit_version": __version__, "rules": out}


def run(args: argparse.Namespace) -> int:
    from formkit.commands._common import UsageError

    data = rules_data()
    if args.ids:
        wanted = {i.upper() for i in args.ids}
        unknown = wanted - {r["id"] for r in data["rules"]}
        if unknown:
            raise UsageError(f"unknown rule(s): {', '.join(sorted(unknown))}")
        data["rules"] = [r for r in data["rules"] if r["id"] in wanted]
    if args.format == "json":
        emit(to_json(data))
        return EXIT_OK
    lines = []
    for r in data["rules"]:
        forms = ", ".join(r["forms"]) or "-"
        lines.append(f"{r['id']:<8} {r['severity']:<8} {r['title']}  [{forms}]")
        if args.ids:
            for label, text in (("message", r["message"]), ("fix", r["fix"]),
                                ("cite", r["citation"] + ("" if r["confirmed"]
                                                          else " [UNCONFIRMED]")),
                                ("inputs", ", ".join(r["inputs"]) or "engine")):
                lines += textwrap.wrap(f"{label}: {text}", 100, initial_indent="         ",
                                       subsequent_indent="           ")
    count = len(data["rules"])
    lines.append(f"{count} rule" + ("" if count == 1 else "s"))
    emit("\n".join(lines))
    return EXIT_OK
