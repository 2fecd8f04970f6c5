"""The transaction-code table (``rules/transaction-codes.json``), checked when it loads."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from formkit._data import data_dir
from formkit._schemas import first_error
from formkit.errors import FormkitError


class CodeTableError(FormkitError):
    """rules/transaction-codes.json is missing or malformed (a broken installation)."""


@dataclass(frozen=True, slots=True)
class EventRole:
    kind: str
    role: str
    """start, end or cancel."""
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    meaning: str
    klass: str
    """tax, penalty, interest, credit, event or status."""
    confidence: str
    own_csed: bool = False
    penalty_type: str | None = None
    event: EventRole | None = None
    review: str | None = None


@dataclass(frozen=True, slots=True)
class Action:
    """A TC 971 read by its explanation (the action code is not printed)."""

    match: str
    meaning: str
    confidence: str
    event: EventRole | None = None
    reversal: EventRole | None = None
    notice: str | None = None
    status: bool = False
    review_reversal: str | None = None


@dataclass(frozen=True, slots=True)
class FormInfo:
    tax_type: str
    periods: str


@dataclass(frozen=True, slots=True)
class CodeTable:
    version: str
    reference: str
    codes: Mapping[str, Code]
    actions: tuple[Action, ...]
    forms: Mapping[str, FormInfo]
    payment_order: tuple[str, ...]
    payment_reference: str

    def action(self, explanation: str) -> Action | None:
        text = explanation.lower()
        return next((a for a in self.actions if a.match in text), None)


def _role(node: Mapping[str, Any] | None) -> EventRole | None:
    if not node:
        return None
    return EventRole(node["kind"], node["role"], node.get("outcome"))


def parse_table(doc: Mapping[str, Any], source: str) -> CodeTable:
    problem = first_error(doc, "transaction-codes")
    if problem is not None:
        raise CodeTableError(f"{source}: {problem}")
    codes = {tc: Code(tc, e["meaning"], e["class"], e["confidence"], bool(e.get("own_csed", False)),
                      e.get("penalty_type"), _role(e.get("event")), e.get("review"))
             for tc, e in doc["codes"].items()}
    actions = tuple(Action(a["match"].lower(), a["meaning"], a["confidence"], _role(a.get("event")),
                           _role(a.get("reversal")), a.get("notice"), bool(a.get("status", False)),
                           a.get("review_reversal")) for a in doc["actions"])
    forms = {name: FormInfo(f["tax_type"], f["periods"]) for name, f in doc["forms"].items()}
    order = doc["payment_order"]
    return CodeTable(doc["version"], doc["reference"], codes, actions, forms, tuple(order["order"]),
                     order["reference"])


@cache
def load_table() -> CodeTable:
    path = data_dir("rules") / "transaction-codes.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CodeTableError(f"{path}: cannot read the transaction-code table ({exc})") from None
    return parse_table(doc, str(path))
