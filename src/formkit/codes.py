"""The catalogue of every finding code: one severity, title and area per code, as data.

Check rules live in ``rules/catalogue.json`` (with their message templates and fixes);
the codes validation and the analysis report besides them live in ``rules/codes.json``.
A code appears in one of the two files only, so each decision (how severe, what it is
called) is made once, and a step that reports a code reads its severity from here.
Both files are validated when first read; broken data raises ``CatalogueError``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from formkit._data import data_dir
from formkit.errors import FormkitError
from formkit.findings import Severity

Stage = Literal["validation", "analysis", "check"]


class CatalogueError(FormkitError, RuntimeError):
    """The shipped rule data is broken: an installation problem, not a user error."""


@dataclass(frozen=True, slots=True)
class Code:
    """What the catalogue says about one code."""

    id: str
    stage: Stage
    area: str
    severity: Severity
    title: str
    citation: str       # "" for check rules: their sources are quoted in rules/catalogue.json
    confirmed: bool = True


def read_rules_file(name: str) -> Any:
    """``rules/<name>`` as JSON (numbers with decimals as Decimal); unreadable: CatalogueError."""
    from decimal import Decimal

    path = data_dir("rules") / name
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from None


def _validated(name: str, schema_name: str) -> Any:
    from formkit._schemas import first_error

    data = read_rules_file(name)
    problem = first_error(data, schema_name)
    if problem is not None:
        raise CatalogueError(f"rules/{name}: {problem}")
    return data


@cache
def load_codes() -> dict[str, Code]:
    """Every code of both files by ID. A code listed twice raises CatalogueError."""
    out: dict[str, Code] = {}

    def add(code: Code, source: str) -> None:
        if code.id in out:
            raise CatalogueError(f"rules/{source}: {code.id} is already listed (a code is decided once)")
        out[code.id] = code

    for item in _validated("codes.json", "codes")["codes"]:
        add(Code(item["id"], item["stage"], item["area"], item["severity"], item["title"], item["citation"]),
            "codes.json")
    for i, item in enumerate(read_rules_file("catalogue.json").get("rules", [])):
        try:  # a rule's quoted sources are formkit.checks.catalogue's to read; here: what it is, how severe
            add(Code(item["id"], "check", item["area"], item["severity"], item["title"], ""), "catalogue.json")
        except (KeyError, TypeError) as exc:
            raise CatalogueError(f"rules/catalogue.json rule #{i}: missing {exc}") from None
    return dict(sorted(out.items()))


def code(code_id: str) -> Code:
    """The catalogue entry of a code; an unlisted code is a bug (CatalogueError says which)."""
    try:
        return load_codes()[code_id]
    except KeyError:
        raise CatalogueError(f"finding code {code_id!r} is in neither rules/codes.json nor "
                             "rules/catalogue.json") from None
