"""Where each form is mailed: dated address tables with their citations.

The tables live in ``standards/addresses/*.json`` (data, not code). Each table has
versions keyed by an effective date; a version lists offices and ordered routes, and the
first route whose conditions all match the taxpayer's situation names the office. A
route condition that is absent matches anything.

Some IRS instructions do not name a fixed address ("the address shown in the notice").
Those offices have ``"kind": "instruction"``: the result is marked ``resolved=False``
and carries the instruction, so the letter and the manifest say what to write in rather
than inventing an address.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from formkit._data import data_dir
from formkit.case.model import AbatementRequest, Case, Liability
from formkit.errors import FormkitError

#: Which address table serves which form.
FORM_TABLES: Mapping[str, str] = {
    "656": "oic",
    "433-A (OIC)": "oic",
    "433-B (OIC)": "oic",
    "9465": "f9465",
    "2848": "f2848",
    "843": "f843",
    "433-F": "collection_statement",
    "433-A": "collection_statement",
}

_US = {"US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"}
_ROUTE_KEYS = {"states", "locations", "schedules_cef", "notice", "specific_use", "tax_types", "filer", "office",
               "inferred", "note"}


class AddressDataError(FormkitError, ValueError):
    """An address table is missing or malformed (a broken installation or a bad edit)."""


@dataclass(frozen=True, slots=True)
class Situation:
    """The facts the address tables route on."""

    state: str | None
    foreign: bool = False
    filer: str = "individual"
    schedules_cef: bool = False
    notice: bool = False
    specific_use: bool = False
    tax_types: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class MailingAddress:
    """One resolved destination, with where the rule comes from."""

    table: str
    office: str
    lines: tuple[str, ...]
    resolved: bool
    reference: str
    effective: date
    confidence: str
    url: str | None = None
    instruction: str | None = None
    phone: str | None = None
    fax: str | None = None
    inferred: bool = False
    note: str | None = None

    @property
    def citation(self) -> str:
        return f"{self.reference} (effective {self.effective.isoformat()}, {self.confidence})"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.table, "office": self.office, "lines": list(self.lines), "resolved": self.resolved,
            "instruction": self.instruction, "phone": self.phone, "fax": self.fax,
            "reference": self.reference, "url": self.url, "effective": self.effective.isoformat(),
            "confidence": self.confidence, "inferred": self.inferred, "note": self.note,
        }


@cache
def load_table(table: str) -> Mapping[str, Any]:
    """The raw JSON of ``standards/addresses/<table>.json``, checked for shape."""
    path = data_dir("standards") / "addresses" / f"{table}.json"
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise AddressDataError(f"address table {table!r} not found ({path})") from None
    except json.JSONDecodeError as exc:
        raise AddressDataError(f"address table {path}: invalid JSON ({exc})") from None
    versions = raw.get("versions") if isinstance(raw, dict) else None
    if not isinstance(versions, list) or not versions:
        raise AddressDataError(f"address table {path}: no versions")
    for version in versions:
        offices = version.get("offices", {})
        for route in version.get("routes", []):
            unknown = set(route) - _ROUTE_KEYS
            if unknown:
                raise AddressDataError(f"address table {path}: unknown route keys {sorted(unknown)}")
            if route.get("office") not in offices:
                raise AddressDataError(f"address table {path}: route names unknown office {route.get('office')!r}")
        date.fromisoformat(version["effective"])
    return raw  # type: ignore[no-any-return]


def _version(table: str, as_of: date) -> tuple[Mapping[str, Any], str | None]:
    versions = sorted(load_table(table)["versions"], key=lambda v: v["effective"])
    applicable = [v for v in versions if date.fromisoformat(v["effective"]) <= as_of]
    if applicable:
        return applicable[-1], None
    first = versions[0]
    return first, (f"no version of this table is effective on {as_of.isoformat()}; "
                   f"the earliest ({first['effective']}) is used")


def _matches(route: Mapping[str, Any], s: Situation) -> bool:
    states: Sequence[str] | None = route.get("states")
    locations: Sequence[str] | None = route.get("locations")
    if states is not None or locations is not None:
        location_hit = bool(locations) and s.foreign and "foreign" in (locations or ())
        state_hit = bool(states) and not s.foreign and s.state in (states or ())
        if not (location_hit or state_hit):
            return False
    for flag in ("schedules_cef", "notice", "specific_use"):
        if flag in route and bool(route[flag]) != getattr(s, flag):
            return False
    if "tax_types" in route and not (set(route["tax_types"]) & s.tax_types):
        return False
    return not ("filer" in route and s.filer not in route["filer"])


def resolve(table: str, situation: Situation, as_of: date) -> MailingAddress:
    """The office of ``table`` for ``situation`` under the version effective on ``as_of``."""
    version, version_note = _version(table, as_of)
    for route in version.get("routes", []):
        if not _matches(route, situation):
            continue
        office_id = route["office"]
        office = version["offices"][office_id]
        notes = [n for n in (version_note, route.get("note"), version.get("note")) if n]
        instruction = office.get("instruction")
        return MailingAddress(
            table=f"addresses/{table}", office=office_id, lines=tuple(office["lines"]),
            resolved=office.get("kind") != "instruction", reference=version["reference"],
            effective=date.fromisoformat(version["effective"]), confidence=version.get("confidence", "UNCONFIRMED"),
            url=version.get("url"), instruction=instruction, phone=office.get("phone"), fax=office.get("fax"),
            inferred=bool(route.get("inferred", False)), note=" ".join(notes) or None,
        )
    where = "a foreign address" if situation.foreign else f"state {situation.state!r}"
    raise AddressDataError(f"address table {table!r} has no route for {where}")


def is_foreign(case: Case) -> bool:
    country = (case.address.country or "US").strip().upper()
    return case.lives_abroad or country not in _US


def files_schedule_cef(case: Case) -> bool:
    """Whether the taxpayer's Form 1040 carries Schedule C, E or F (business, rental, pass-through or farm
    income), as far as the case shows it: a business, or self-employment, rental or distribution income."""
    if case.business is not None:
        return True
    return any(i.source in ("self_employment", "rental", "distributions") for i in case.income)


def situation_for(case: Case, form: str) -> Situation:
    """The routing facts of ``case`` for ``form``."""
    notice = False
    tax_types: set[str] = set()
    if form == "843":
        for request in case.requests_of(AbatementRequest):
            for item in request.items:
                for liability in case.liabilities:
                    if liability.form == item.form and liability.period == item.period:
                        notice = notice or liability.notice_received
                        tax_types.add(liability.tax_type)
    specific_use = bool(case.power_of_attorney and case.power_of_attorney.specific_use)
    return Situation(state=case.address.state, foreign=is_foreign(case), filer="individual",
                     schedules_cef=files_schedule_cef(case), notice=notice, specific_use=specific_use,
                     tax_types=frozenset(tax_types))


def _notice_liabilities(case: Case, form: str) -> list[Liability]:
    """The periods whose notice a reply answers: the abatement items' periods for Form 843,
    every period otherwise."""
    if form != "843":
        return list(case.liabilities)
    items = {(i.form, i.period) for r in case.requests_of(AbatementRequest) for i in r.items}
    return [li for li in case.liabilities if (li.form, li.period) in items]


def notice_address(case: Case, form: str, table: str) -> MailingAddress | None:
    """The reply address printed on the latest IRS notice for the periods concerned, if the case has it."""
    notices = [li.notice for li in _notice_liabilities(case, form)
               if li.notice is not None and li.notice.reply_address is not None]
    if not notices:
        return None
    latest = max(notices, key=lambda n: (n.date, n.number))
    assert latest.reply_address is not None
    return MailingAddress(
        table=f"addresses/{table}", office=f"notice {latest.number}", lines=latest.reply_address.lines,
        resolved=True, reference=f"IRS notice {latest.number} dated {latest.date.strftime('%m/%d/%Y')} (reply address)",
        effective=latest.date, confidence="CONFIRMED", note="the instructions send this reply to the address "
        "shown on the notice")


def address_for(form: str, case: Case, as_of: date) -> MailingAddress:
    """Where ``form`` (a form name, or an address table name such as ``collection_statement``) for
    ``case`` is mailed, under the tables effective on ``as_of``. Where the instructions say "the
    address on the notice", the case's latest notice for the periods concerned supplies it."""
    table = FORM_TABLES.get(form) or (form if form in FORM_TABLES.values() else None)
    if table is None:
        raise AddressDataError(f"no address table for Form {form}")
    found = resolve(table, situation_for(case, form), as_of)
    if not found.resolved:
        return notice_address(case, form, table) or found
    return found
