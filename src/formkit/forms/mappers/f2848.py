"""Form 2848 (Rev. 1-2021), Power of Attorney and Declaration of Representative.

One Form 2848 per taxpayer: joint filers each sign their own (Part I caution and line 7),
so ``signer`` ("taxpayer" or "spouse") chooses whose form this is. Line 2 and Part II list
the case's representatives (the form has four rows; only the first two can receive copies
of notices). Line 3 is the case's ``power_of_attorney.matters`` when the preparer stated
them; otherwise formkit lists every liability period the signer is liable for, grouped by
description of matter and tax form, plus the current year for income tax (Form 656 p.7 and
Form 433-A (OIC) Section 10 ask for a Form 2848 covering the current tax year).
"""

from __future__ import annotations

from datetime import date

from formkit.case.model import (
    AbatementRequest,
    Address,
    Case,
    Person,
    PoaMatter,
    Representative,
)
from formkit.forms.mappers.f843 import period_range
from formkit.forms.mapping import AnalysisLike, FieldValues

_REP_ROWS = 4  # line 2 and Part II rows as printed
_NOTICE_ROWS = 2  # "Check if to be sent copies of notices": rows 1 and 2 only
_LINE_3_ROWS = 3
_DESCRIPTION = {"income": "Income", "employment": "Employment", "unemployment": "Employment",
                "excise": "Excise", "estate": "Estate", "gift": "Gift",
                "civil_penalty": "Civil Penalty", "other": "Other"}
_BUSINESS_TAXES = ("employment", "unemployment", "excise")
_QUARTERLY_FORMS = ("941", "941-SS", "941-PR", "720")


def build(case: Case, analysis: AnalysisLike | None, *, signer: str = "taxpayer") -> FieldValues:
    person = _signer(case, signer)
    values: FieldValues = {}
    _line_1(case, person, signer, values)
    for n, rep in enumerate(case.representatives[:_REP_ROWS], start=1):
        _line_2(n, rep, values)
        _part_2(n, rep, values)
    matters = (case.power_of_attorney.matters if case.power_of_attorney is not None
               else derived_matters(case, signer))
    for n, matter in enumerate(matters[:_LINE_3_ROWS], start=1):
        values[f"line_3.row[{n}].description"] = matter.description
        values[f"line_3.row[{n}].form"] = matter.form
        values[f"line_3.row[{n}].periods"] = ", ".join(
            dict.fromkeys(period_text(p, matter.form) for p in matter.periods))
    poa = case.power_of_attorney
    values["line_4.specific_use"] = poa.specific_use if poa is not None else False
    values["line_6.retain_prior"] = poa.retain_prior if poa is not None else False
    values["line_7.print_name"] = person.full_name
    return values


def _signer(case: Case, signer: str) -> Person:
    if signer == "taxpayer":
        return case.taxpayer
    if signer == "spouse":
        if case.spouse is None:
            raise ValueError("signer 'spouse' but the case has no spouse")
        return case.spouse
    raise ValueError(f"signer must be 'taxpayer' or 'spouse', not {signer!r}")


def _two_line_address(address: Address) -> str:
    street = f"{address.street}, {address.street2}" if address.street2 else address.street
    return f"{street}\n{address.city}, {address.state} {address.zip}"


def _owns_business(case: Case, signer: str) -> bool:
    owner = case.business.owner if case.business is not None else None
    return (owner or "taxpayer") in (signer, "joint")


def _line_1(case: Case, person: Person, signer: str, values: FieldValues) -> None:
    values["taxpayer.full_name"] = person.full_name
    values["taxpayer.address.full"] = _two_line_address(case.mailing_address or case.address)
    # ITINs start with 9 (SSNs never do); the case keeps either in the ssn field.
    id_key = "taxpayer.itin" if person.ssn.startswith("9") else "taxpayer.ssn"
    values[id_key] = person.ssn
    values["taxpayer.phone"] = person.cell_phone or person.home_phone or person.work_phone
    # A sole proprietor represented for business (employment, excise) matters too enters
    # the business EIN besides the SSN (Instructions for Form 2848, line 1).
    biz = case.business
    if (biz is not None and biz.kind == "sole_proprietorship" and biz.ein is not None
            and _owns_business(case, signer)
            and any(lia.tax_type in _BUSINESS_TAXES for lia in case.liabilities)):
        values["taxpayer.ein"] = biz.ein


def _rep_address(rep: Representative) -> str:
    if rep.firm:
        return f"{rep.firm}\n{rep.address.one_line()}"
    return _two_line_address(rep.address)


def _line_2(n: int, rep: Representative, values: FieldValues) -> None:
    row = f"line_2.representative[{n}]"
    values[f"{row}.name"] = rep.name
    values[f"{row}.address"] = _rep_address(rep)
    values[f"{row}.caf_number"] = rep.caf_number
    values[f"{row}.ptin"] = rep.ptin
    values[f"{row}.phone"] = rep.phone
    values[f"{row}.fax"] = rep.fax
    if n <= _NOTICE_ROWS:
        values[f"{row}.receives_notices"] = rep.receives_notices


def _part_2(n: int, rep: Representative, values: FieldValues) -> None:
    row = f"part_2.row[{n}]"
    values[f"{row}.designation"] = rep.designation
    values[f"{row}.jurisdiction"] = rep.jurisdiction
    # An unenrolled return preparer (h) has no licence: the PTIN identifies him or her.
    number = rep.license_number
    if number is None and rep.designation == "h":
        number = rep.ptin
    values[f"{row}.license_number"] = number
    if rep.signature is not None and rep.signature.signed:
        values[f"{row}.date"] = rep.signature.date


def period_text(period: str, form: str) -> str:
    """A period as line 3 wants it: '2021'; a quarter (or a civil penalty's period) by its
    ending date '06/30/2024'; a fiscal year as YYYYMM (Instructions for Form 2848, line 3)."""
    if len(period) == 4:
        return period
    end = period_range(period, form)[1]
    if "-Q" in period or form == "Not Applicable" or form.strip().upper() in _QUARTERLY_FORMS:
        return f"{end:%m/%d/%Y}"
    return f"{end:%Y%m}"


def _covers(case: Case, signer: str, tax_type: str) -> bool:
    """Whether the signer is liable for a period of this tax type (see the module doc)."""
    if tax_type in _BUSINESS_TAXES:
        return _owns_business(case, signer)
    if signer == "taxpayer":
        return True
    return tax_type == "income" and case.is_joint


def derived_matters(case: Case, signer: str = "taxpayer") -> tuple[PoaMatter, ...]:
    """Line 3 from the case: every liability (and penalty-abatement) period of the signer,
    grouped by description of matter and form, plus the current year for income tax."""
    periods: dict[tuple[str, str], list[str]] = {}
    entries = [(lia.tax_type, lia.form, lia.period) for lia in case.liabilities]
    by_form = {lia.form: lia.tax_type for lia in case.liabilities}
    for request in case.requests_of(AbatementRequest):
        entries += [(by_form.get(item.form, "income" if item.form == "1040" else "other"),
                     item.form, item.period) for item in request.items]
    for tax_type, form, period in entries:
        if not _covers(case, signer, tax_type):
            continue
        description = _DESCRIPTION[tax_type]
        form_text = "Not Applicable" if tax_type == "civil_penalty" else form
        periods.setdefault((description, form_text), []).append(period)
    current = str(case.prepared_on.year)
    income = periods.get(("Income", "1040"))
    if income is not None:
        income.append(current)
    matters = []
    for (description, form), items in periods.items():
        ordered = sorted(dict.fromkeys(items), key=lambda p: _end(p, form))
        matters.append(PoaMatter(description, form, tuple(ordered)))
    return tuple(matters)


def _end(period: str, form: str) -> date:
    return period_range(period, form)[1]
