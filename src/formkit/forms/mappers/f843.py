"""Form 843 (Rev. 12-2024), Claim for Refund and Request for Abatement: the decisions its field
map (``forms/f843/12-2024.json``) names.

One Form 843 is filed per tax period and per type of tax (Instructions for Form 843,
"Separate Form Required"), and formkit files one per penalty as well, so the map fills the
form for ONE penalty-abatement item: the ``item_index`` option counts across the items of
every penalty-abatement request of the case, in order (``item_count`` says how many there are).

Line 1 comes from the item's period notation, lines 4 and 5 from the liability of that
period (or the item's form when the case has no such liability), line 6 from the
penalty-type -> IRC section table ``forms/f843/penalty_sections.json`` (data, not code),
line 7c and line 8 from the request (grounds, explanation, events).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from formkit._data import data_dir
from formkit.case.model import AbatementItem, AbatementRequest, Address, Case, Liability
from formkit.forms.mappers._shared import daytime_phone
from formkit.forms.mapping import MapContext, Mapper, Value

mapper = Mapper("f843")
# Line 4: type of tax, box letter by the case model's tax_type (940 FUTA is an employment tax).
_LINE_4 = {"employment": "a", "unemployment": "a", "estate": "b", "gift": "c", "excise": "d",
           "income": "e", "civil_penalty": "g"}
# Line 4 when the case has no liability for the item's period: the tax type of the return.
_TAX_TYPE_OF_FORM = {"1040": "income", "1040-SR": "income", "1120": "income", "941": "employment",
                     "943": "employment", "944": "employment", "945": "employment",
                     "940": "unemployment", "706": "estate", "709": "gift", "720": "excise"}
# Line 5: type of return, box letter by form number as printed (n = other, specify).
_LINE_5 = {"706": "a", "709": "b", "940": "c", "941": "d", "943": "e", "944": "f", "945": "g",
           "990-PF": "h", "1040": "i", "1120": "j", "4720": "k", "CT-2": "l"}
# Forms under which the case records a civil penalty assessed without a return (e.g. the
# Trust Fund Recovery Penalty): line 5 ("return filed, if any") stays blank for them.
_NO_RETURN_FORMS = frozenset({"CIVIL PENALTY", "6672", "TFRP"})


@dataclass(frozen=True, slots=True)
class PenaltySection:
    irc_section: str
    label: str
    citation: str


@cache
def penalty_sections() -> dict[str, PenaltySection]:
    """The penalty type -> IRC section table (``forms/f843/penalty_sections.json``)."""
    raw: dict[str, Any] = json.loads(
        (data_dir("forms") / "f843" / "penalty_sections.json").read_text(encoding="utf-8"))
    return {kind: PenaltySection(entry["irc_section"], entry["label"], entry["citation"])
            for kind, entry in raw["sections"].items()}


@dataclass(frozen=True, slots=True)
class _Listing:
    """A case's penalty-abatement items in order, each with its JSON pointer, and its
    liabilities by (form, period): worked out once per case, not once per Form 843, so
    building the forms of a case with n items takes time linear in n."""

    items: tuple[tuple[AbatementRequest, AbatementItem, str], ...]
    liabilities: dict[tuple[str, str], Liability]


_last: tuple[Case, _Listing] | None = None


def _listing(case: Case) -> _Listing:
    global _last
    last = _last
    if last is not None and last[0] is case:  # the case is immutable: same object, same listing
        return last[1]
    items = tuple((request, item, f"/requests/{position}/items/{n}")
                  for position, request in enumerate(case.requests) if isinstance(request, AbatementRequest)
                  for n, item in enumerate(request.items))
    liabilities: dict[tuple[str, str], Liability] = {}
    for liability in case.liabilities:
        liabilities.setdefault((liability.form, liability.period), liability)
    listing = _Listing(items, liabilities)
    _last = (case, listing)
    return listing


def abatement_items(case: Case) -> list[tuple[AbatementRequest, AbatementItem]]:
    """Every penalty-abatement item of the case with its request, flattened in order."""
    return [(request, item) for request, item, _ in _listing(case).items]


def item_count(case: Case) -> int:
    """How many Forms 843 the case needs: one per penalty-abatement item."""
    return len(_listing(case).items)


def _liability(case: Case, item: AbatementItem) -> Liability | None:
    """The case's first liability for the item's form and period."""
    return _listing(case).liabilities.get((item.form, item.period))


def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


@dataclass(frozen=True, slots=True)
class _Claim:
    """The item this Form 843 claims, with what the form reads from it."""

    request: AbatementRequest
    item: AbatementItem
    pointer: str
    liability: Liability | None
    tax_type: str | None


def _claim(ctx: MapContext) -> _Claim:
    index = int(ctx.options.get("item_index", 0))
    items = _listing(ctx.case).items
    if not 0 <= index < len(items):
        raise ValueError(f"item_index {index} is out of range: the case has {len(items)} "
                         "penalty-abatement item(s), one Form 843 each")
    request, item, pointer = items[index]
    liability = _liability(ctx.case, item)
    tax_type = liability.tax_type if liability is not None else _TAX_TYPE_OF_FORM.get(item.form.strip().upper())
    return _Claim(request, item, pointer, liability, tax_type)


# --------------------------------------------------------------------------- who claims


@mapper.predicate("joint_claim")
def _joint_claim(ctx: MapContext, _: str | None) -> bool:
    """A claim relating to a joint return names (and is signed by) both spouses."""
    return ctx.case.is_joint and ctx.case.spouse is not None and _claim(ctx).tax_type == "income"


@mapper.value("address")
def _address(ctx: MapContext, part: str | None) -> Value:
    """``address(city)``: the mailing address, else the home address, over the form's boxes."""
    address: Address = ctx.case.mailing_address or ctx.case.address
    if part == "apt":
        return address.street2
    if part == "foreign_country":
        return address.country if address.country.upper() not in ("US", "USA", "UNITED STATES") else None
    value: str = getattr(address, part or "")
    return value


@mapper.value("business_ein")
def _business_ein(ctx: MapContext, _: str | None) -> Value:
    """A sole proprietor's EIN, on a claim for employment or excise tax of the business."""
    biz = ctx.case.business
    if (biz is not None and biz.kind == "sole_proprietorship" and biz.ein is not None
            and _claim(ctx).tax_type in ("employment", "unemployment", "excise")):
        return biz.ein
    return None


@mapper.value("daytime_phone")
def _daytime_phone(ctx: MapContext, _: str | None) -> Value:
    return daytime_phone(ctx.case.taxpayer)


# --------------------------------------------------------------------------- lines 1-8


@mapper.value("reason")
def _reason(ctx: MapContext, _: str | None) -> Value:
    """Both grounds are "reasonable cause or other reason allowed under the law": first-time
    abatement is an administrative waiver (IRM 20.1.1.3.3.2.1), not IRS error or advice."""
    _claim(ctx)
    return "penalty_reasonable_cause"


@mapper.value("period")
def _period(ctx: MapContext, end: str | None) -> Value:
    """Line 1: ``period(beginning)``, ``period(ending)`` of the item's tax period."""
    claim = _claim(ctx)
    start, last = claim.item.period.span(claim.item.form)
    return start if end == "beginning" else last


@mapper.value("amount")
def _amount(ctx: MapContext, _: str | None) -> Value:
    """Line 2: the amount the item states, else the penalty assessed on the liability."""
    return _claimed(_claim(ctx))


def _claimed(claim: _Claim) -> Decimal | None:
    if claim.item.amount is not None:
        return claim.item.amount
    if claim.liability is not None:
        assessed: Decimal = getattr(claim.liability.penalties, claim.item.penalty_type)
        if assessed > 0:
            return assessed
    return None


@mapper.value("paid_on")
def _paid_on(ctx: MapContext, _: str | None) -> Value:
    return _claim(ctx).item.paid_on


@mapper.value("item_fact")
def _item_fact(ctx: MapContext, attr: str | None) -> Value:
    """Where the case states the item's ``attr``: ``/requests/0/items/1/form``."""
    return f"{_claim(ctx).pointer}/{attr}"


@mapper.value("line_4")
def _line_4(ctx: MapContext, _: str | None) -> Value:
    """Type of tax, by the liability's tax type (or the return's, without a liability)."""
    tax_type = _claim(ctx).tax_type
    return _LINE_4.get(tax_type) if tax_type is not None else None


@mapper.value("line_5")
def _line_5(ctx: MapContext, _: str | None) -> Value:
    """Type of return filed, if any: none for a penalty assessed without a return (no box)."""
    form = _claim(ctx).item.form.strip().upper()
    return False if form in _NO_RETURN_FORMS else _LINE_5.get(form, "n")


@mapper.value("line_5n_text")
def _line_5n_text(ctx: MapContext, _: str | None) -> Value:
    return _claim(ctx).item.form if _line_5(ctx, None) == "n" else None


@mapper.value("line_7")
def _line_7(ctx: MapContext, _: str | None) -> Value:
    """Line 7c, "reasonable cause or other reason allowed under the law" (as the reason box)."""
    return "c"


@mapper.value("irc_section")
def _irc_section(ctx: MapContext, _: str | None) -> Value:
    section = penalty_sections().get(_claim(ctx).item.penalty_type)
    return section.irc_section if section is not None else None


@mapper.value("explanation")
def _explanation_value(ctx: MapContext, _: str | None) -> Value:
    claim = _claim(ctx)
    start, end = claim.item.period.span(claim.item.form)
    section = penalty_sections().get(claim.item.penalty_type)
    return _explanation(claim.request, claim.item, section, start, end, _claimed(claim))


def _explanation(request: AbatementRequest, item: AbatementItem, section: PenaltySection | None,
                 start: date, end: date, amount: Decimal | None) -> str:
    label = f"{section.label} penalty" if section is not None else "penalty"
    irc = f" (IRC §{section.irc_section})" if section is not None else ""
    period = f"tax period {start:%m/%d/%Y} to {end:%m/%d/%Y}"
    if request.grounds == "first_time_abatement":
        opening = (f"First-time abatement: the taxpayer requests abatement of the {label}{irc} "
                   f"for Form {item.form}, {period}, under the IRS First Time Abate "
                   "administrative waiver (IRM 20.1.1.3.3.2.1).")
    else:
        opening = (f"Reasonable cause: the taxpayer requests abatement of the {label}{irc} "
                   f"for Form {item.form}, {period}, because the failure was due to reasonable "
                   "cause and not willful neglect (IRM 20.1.1.3.2).")
    parts = [opening]
    if request.explanation:
        parts.append(request.explanation.strip())
    if request.events:
        events = sorted(request.events, key=lambda e: e.date)
        parts.append("Events: " + "; ".join(f"{e.date:%m/%d/%Y}: {e.description.strip()}"
                                            for e in events) + ".")
    if amount is not None:
        computation = f"Line 2 ({_money(amount)}) is the {label} for this period"
        if item.paid_on is not None:
            computation += (f", paid on {item.paid_on:%m/%d/%Y}; the taxpayer asks that it be "
                            "abated and refunded")
        parts.append(computation + ".")
    return "\n".join(parts)


# --------------------------------------------------------------------------- paid preparer


@mapper.predicate("paid_preparer")
def _paid_preparer(ctx: MapContext, _: str | None) -> bool:
    """The first representative signs as paid preparer when he or she has a PTIN."""
    return bool(ctx.case.representatives) and ctx.case.representatives[0].ptin is not None


@mapper.value("preparer")
def _preparer(ctx: MapContext, what: str | None) -> Value:
    rep = ctx.case.representatives[0]
    if what == "firm_name":
        return rep.firm or rep.name
    if what == "firm_address":
        return rep.address.one_line()
    return rep.firm is None  # self-employed: a practitioner without a firm
