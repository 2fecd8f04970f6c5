"""Form 843 (Rev. 12-2024), Claim for Refund and Request for Abatement: case -> field values.

One Form 843 is filed per tax period and per type of tax (Instructions for Form 843,
"Separate Form Required"), and formkit files one per penalty as well, so the mapper fills
the form for ONE penalty-abatement item: ``item_index`` counts across the items of every
penalty-abatement request of the case, in order (``item_count`` says how many there are).

Line 1 comes from the item's period notation, lines 4 and 5 from the liability of that
period (or the item's form when the case has no such liability), line 6 from the
penalty-type -> IRC section table ``forms/f843/penalty_sections.json`` (data, not code),
line 7c and line 8 from the request (grounds, explanation, events).
"""

from __future__ import annotations

import calendar
import json
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from formkit._data import data_dir
from formkit.case.model import AbatementItem, AbatementRequest, Address, Case, Liability
from formkit.forms.mappers._shared import daytime_phone
from formkit.forms.mapping import AnalysisLike, FieldValues

# Reason boxes at the top of page 1, in printed order (semantic keys of the field map).
_REASONS = (
    "tax_other_than_income_estate_gift", "tax_only_on_form_843", "excess_fica_one_employer",
    "excess_tier2_rrta", "fica_withheld_in_error", "tier1_rrta_employee_representative",
    "penalty_reasonable_cause", "penalty_6672_tfrp", "penalty_6695a", "penalty_6715",
    "penalty_6404f_written_advice", "interest_6404e", "net_interest_rate_zero",
    "unable_to_read_notice", "bpd_fee_refund", "health_insurance_provider_fee_refund", "other",
)
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
# Quarterly returns: a period-ending date 'YYYY-MM-DD' of these forms is a quarter, of any
# other form a (fiscal) year.
_QUARTERLY_FORMS = frozenset({"941", "941-SS", "941-PR", "720"})
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


def _shift_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def period_range(period: str, form: str | None = None) -> tuple[date, date]:
    """First and last day of a tax period in the case notation.

    '2022' -> 01/01/2022-12/31/2022; '2023-Q2' -> 04/01/2023-06/30/2023; a period-ending
    date 'YYYY-MM-DD' is a quarter for quarterly returns (941, 720) and a 12-month (fiscal)
    year for every other form.
    """
    if len(period) == 4:
        year = int(period)
        return date(year, 1, 1), date(year, 12, 31)
    if "-Q" in period:
        year_text, quarter_text = period.split("-Q")
        year, quarter = int(year_text), int(quarter_text)
        last_month = quarter * 3
        return (date(year, last_month - 2, 1),
                date(year, last_month, calendar.monthrange(year, last_month)[1]))
    end = date.fromisoformat(period)
    months = 3 if form is not None and form.strip().upper() in _QUARTERLY_FORMS else 12
    return _shift_months(end + timedelta(days=1), -months), end


def abatement_items(case: Case) -> list[tuple[AbatementRequest, AbatementItem]]:
    """Every penalty-abatement item of the case with its request, flattened in order."""
    return [(request, item) for request in case.requests_of(AbatementRequest)
            for item in request.items]


def item_count(case: Case) -> int:
    """How many Forms 843 the case needs: one per penalty-abatement item."""
    return len(abatement_items(case))


def _liability(case: Case, item: AbatementItem) -> Liability | None:
    for liability in case.liabilities:
        if liability.form == item.form and liability.period == item.period:
            return liability
    return None




def _money(amount: Decimal) -> str:
    return f"${amount:,.2f}"


def build(case: Case, analysis: AnalysisLike | None, *, item_index: int = 0) -> FieldValues:
    items = abatement_items(case)
    if not 0 <= item_index < len(items):
        raise ValueError(f"item_index {item_index} is out of range: the case has {len(items)} "
                         "penalty-abatement item(s), one Form 843 each")
    request, item = items[item_index]
    liability = _liability(case, item)
    tax_type = liability.tax_type if liability is not None else _TAX_TYPE_OF_FORM.get(
        item.form.strip().upper())

    values: FieldValues = {}
    for reason in _REASONS:
        values[f"reason.{reason}"] = reason == "penalty_reasonable_cause"
    _identity(case, item, tax_type, values)

    start, end = period_range(item.period, item.form)
    values["line_1.beginning"] = start
    values["line_1.ending"] = end
    amount = _amount(item, liability)
    values["line_2"] = amount
    if item.paid_on is not None:
        values["line_3a"] = item.paid_on

    line_4 = _LINE_4.get(tax_type) if tax_type is not None else None
    for letter in "abcdefg":
        values[f"line_4{letter}"] = letter == line_4
    form = item.form.strip().upper()
    line_5 = None if form in _NO_RETURN_FORMS else _LINE_5.get(form, "n")
    for letter in "abcdefghijklmn":
        values[f"line_5{letter}"] = letter == line_5
    if line_5 == "n":
        values["line_5n_text"] = item.form

    section = penalty_sections().get(item.penalty_type)
    values["line_6"] = section.irc_section if section is not None else None
    # Both grounds are "reasonable cause or other reason allowed under the law": first-time
    # abatement is an administrative waiver (IRM 20.1.1.3.3.2.1), not IRS error or advice.
    for letter in "abcd":
        values[f"line_7{letter}"] = letter == "c"
    values["line_8"] = _explanation(request, item, section, start, end, amount)
    _preparer(case, values)
    return values


def _identity(case: Case, item: AbatementItem, tax_type: str | None, values: FieldValues) -> None:
    tp = case.taxpayer
    values["taxpayer.full_name"] = tp.full_name
    values["taxpayer.ssn"] = tp.ssn
    # A claim relating to a joint return names (and is signed by) both spouses.
    if case.is_joint and case.spouse is not None and tax_type == "income":
        values["spouse.full_name"] = case.spouse.full_name
        values["spouse.ssn"] = case.spouse.ssn
    address: Address = case.mailing_address or case.address
    values["taxpayer.address.street"] = address.street
    values["taxpayer.address.apt"] = address.street2
    values["taxpayer.address.city"] = address.city
    values["taxpayer.address.state"] = address.state
    values["taxpayer.address.zip"] = address.zip
    if address.country.upper() not in ("US", "USA", "UNITED STATES"):
        values["taxpayer.address.foreign_country"] = address.country
    biz = case.business
    if (biz is not None and biz.kind == "sole_proprietorship" and biz.ein is not None
            and tax_type in ("employment", "unemployment", "excise")):
        values["taxpayer.ein"] = biz.ein
    values["taxpayer.phone"] = daytime_phone(tp)


def _amount(item: AbatementItem, liability: Liability | None) -> Decimal | None:
    if item.amount is not None:
        return item.amount
    if liability is not None:
        assessed: Decimal = getattr(liability.penalties, item.penalty_type)
        if assessed > 0:
            return assessed
    return None


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


def _preparer(case: Case, values: FieldValues) -> None:
    """Paid preparer block: the first representative, when he or she has a PTIN."""
    if not case.representatives or case.representatives[0].ptin is None:
        return
    rep = case.representatives[0]
    values["preparer.name"] = rep.name
    values["preparer.ptin"] = rep.ptin
    values["preparer.firm_name"] = rep.firm or rep.name
    values["preparer.firm_address"] = rep.address.one_line()
    values["preparer.phone"] = rep.phone
    values["preparer.self_employed"] = rep.firm is None
