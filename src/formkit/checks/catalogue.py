"""The rule catalogue (``rules/catalogue.json``) and the dated parameters the rules use.

Rule metadata is data a tax professional can review without reading Python: ID,
severity, forms, title, message template, fix and citation. The conditions live in
``formkit.checks.rules``; a test keeps both sides to the same set of IDs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from formkit._data import data_dir
from formkit.checks.model import SEVERITIES, Severity
from formkit.errors import FormkitError

RULE_ID = re.compile(r"^[A-Z]{2,4}-[0-9]{3}$")
AREAS = ("oic", "ia", "cnc", "penalty", "poa", "crossform", "attachments", "engine")
AREA_TITLES = {
    "oic": "Offer in compromise (Forms 656, 433-A (OIC))",
    "ia": "Installment agreement (Form 9465)",
    "cnc": "Currently not collectible",
    "penalty": "Penalty relief (Form 843)",
    "poa": "Power of attorney (Form 2848)",
    "crossform": "Cross-form consistency",
    "attachments": "Required attachments",
    "engine": "About this check",
}


class CatalogueError(FormkitError, RuntimeError):
    """The shipped rule data is broken: an installation problem, not a user error."""


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    area: str
    severity: Severity
    forms: tuple[str, ...]
    title: str
    message: str
    fix: str
    citation: str
    confirmed: bool
    reference: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "area": self.area, "severity": self.severity,
                "forms": list(self.forms), "title": self.title, "message": self.message,
                "fix": self.fix, "citation": self.citation, "confirmed": self.confirmed,
                "reference": self.reference}


def rules_dir() -> Path:
    return data_dir("rules")


def _read(name: str) -> Any:
    path = rules_dir() / name
    try:
        return json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal)
    except (OSError, ValueError) as exc:
        raise CatalogueError(f"cannot read {path}: {exc}") from None


@cache
def load_catalogue() -> dict[str, RuleMeta]:
    """Every rule's metadata by ID, in ID order. Broken data raises CatalogueError."""
    data = _read("catalogue.json")
    out: dict[str, RuleMeta] = {}
    for i, item in enumerate(data.get("rules", [])):
        try:
            meta = RuleMeta(
                id=item["id"], area=item["area"], severity=item["severity"],
                forms=tuple(item["forms"]), title=item["title"], message=item["message"],
                fix=item["fix"], citation=item["citation"], confirmed=bool(item["confirmed"]),
                reference=item.get("reference"),
            )
        except (KeyError, TypeError) as exc:
            raise CatalogueError(f"rules/catalogue.json rule #{i}: missing {exc}") from None
        if not RULE_ID.match(meta.id):
            raise CatalogueError(f"rules/catalogue.json: bad rule id {meta.id!r}")
        if meta.severity not in SEVERITIES or meta.area not in AREAS:
            raise CatalogueError(f"rules/catalogue.json {meta.id}: bad severity or area")
        if meta.id in out:
            raise CatalogueError(f"rules/catalogue.json: {meta.id} listed twice")
        out[meta.id] = meta
    return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class Version:
    """The version of a parameter table in force: its values, start date and source."""

    values: dict[str, Any]
    effective: date
    reference: str
    confirmed: bool
    revision: str | None = None


def _versions(table: dict[str, Any]) -> list[Version]:
    out = []
    for v in table.get("versions", []):
        out.append(Version(values=v.get("values", {}), effective=date.fromisoformat(v["effective"]),
                           reference=v.get("reference", ""),
                           confirmed=v.get("confidence", "UNCONFIRMED") == "CONFIRMED",
                           revision=v.get("revision")))
    return sorted(out, key=lambda v: v.effective)


@cache
def _check_tables() -> dict[str, list[Version]]:
    data = _read("parameters.json")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise CatalogueError("rules/parameters.json: no 'tables' object")
    return {name: _versions(t) for name, t in tables.items()}


@cache
def _standard_table(name: str) -> list[Version]:
    path = data_dir("standards") / f"{name}.json"
    try:
        return _versions(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
    except (OSError, ValueError, KeyError) as exc:
        raise CatalogueError(f"cannot read standards table {name!r}: {exc}") from None


class Parameters:
    """Dated thresholds and amounts, as in force on ``as_of`` (OpenFisca style).

    A table is looked up first in ``rules/parameters.json`` (values only the checker
    uses: signing windows, look-back periods) and then in ``standards/<table>.json``
    (values the analysis shares: fees, IA limits, the low-income table). A 2024 case is
    checked with 2024 numbers; amounts come back as Decimal, never float.
    """

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of

    def version(self, table: str, revision: str | None = None) -> Version:
        versions = _check_tables().get(table)
        if versions is None:
            versions = _standard_table(table)
        if revision is not None:
            for v in versions:
                if v.revision == revision:
                    return v
        chosen = [v for v in versions if v.effective <= self.as_of]
        if not chosen:
            raise CatalogueError(f"no {table!r} values in force on {self.as_of.isoformat()}")
        return chosen[-1]

    def get(self, table: str, path: str, revision: str | None = None) -> Any:
        node: Any = self.version(table, revision).values
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                raise CatalogueError(f"parameter {table}.{path} is missing")
            node = node[part]
        return node

    def money(self, table: str, path: str, revision: str | None = None) -> Decimal:
        return Decimal(str(self.get(table, path, revision)))

    def number(self, table: str, path: str, revision: str | None = None) -> int:
        return int(self.get(table, path, revision))


def parameters_for(as_of: date) -> Parameters:
    return Parameters(as_of)
