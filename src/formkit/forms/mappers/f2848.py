"""Form 2848 (Rev. 1-2021), Power of Attorney and Declaration of Representative: the decisions its
field map (``forms/f2848/1-2021.json``) names.

One Form 2848 per taxpayer: joint filers each sign their own (Part I caution and line 7), so the
``signer`` option ("taxpayer" or "spouse") chooses whose form this is. Line 2 and Part II list
the case's representatives (four rows each; only the first two can receive copies of notices),
line 3 the matters (three rows; the rest continue on the sheet). Line 3 is the case's
``power_of_attorney.matters`` when the preparer stated them; otherwise formkit lists every
liability period the signer is liable for, grouped by description of matter and tax form, plus
the current year for income tax (Form 656 p.7 and Form 433-A (OIC) Section 10 ask for a Form
2848 covering the current tax year).
"""

from __future__ import annotations

from formkit.case.model import AbatementRequest, Address, Case, Person, PoaMatter, Representative
from formkit.case.periods import TaxPeriod, quarterly_return
from formkit.forms.mapping import Item, MapContext, Mapper, Value

mapper = Mapper("f2848")

_DESCRIPTION = {"income": "Income", "employment": "Employment", "unemployment": "Employment",
                "excise": "Excise", "estate": "Estate", "gift": "Gift",
                "civil_penalty": "Civil Penalty", "other": "Other"}
_BUSINESS_TAXES = ("employment", "unemployment", "excise")
# A line-3 matter of the business (Instructions for Form 2848, line 1: a sole proprietor
# represented "for your individual and business tax matters, including employment tax
# liabilities" enters the business EIN too): by its description or by its return.
_BUSINESS_MATTERS = ("employment", "payroll", "excise", "unemployment", "futa")
_BUSINESS_FORMS = frozenset({"940", "941", "941-SS", "941-PR", "943", "944", "945", "720", "2290", "CT-1"})


# --------------------------------------------------------------------------- line 1


def _signer_name(ctx: MapContext) -> str:
    signer = str(ctx.options.get("signer", "taxpayer"))
    if signer not in ("taxpayer", "spouse"):
        raise ValueError(f"signer must be 'taxpayer' or 'spouse', not {signer!r}")
    if signer == "spouse" and ctx.case.spouse is None:
        raise ValueError("signer 'spouse' but the case has no spouse")
    return signer


def _signer(ctx: MapContext) -> Person:
    person = ctx.case.spouse if _signer_name(ctx) == "spouse" else ctx.case.taxpayer
    assert person is not None
    return person


@mapper.value("signer_name")
def _signer_full_name(ctx: MapContext, _: str | None) -> Value:
    return _signer(ctx).full_name


def _two_line_address(address: Address) -> str:
    street = f"{address.street}, {address.street2}" if address.street2 else address.street
    return f"{street}\n{address.city}, {address.state} {address.zip}"


@mapper.value("address")
def _address(ctx: MapContext, _: str | None) -> Value:
    return _two_line_address(ctx.case.mailing_address or ctx.case.address)


@mapper.value("tin")
def _tin(ctx: MapContext, kind: str | None) -> Value:
    """``tin(ssn)``, ``tin(itin)``: ITINs start with 9 (SSNs never do); the case keeps either in
    the ssn field."""
    number = _signer(ctx).ssn
    return number if number.startswith("9") == (kind == "itin") else None


@mapper.value("daytime_phone")
def _daytime_phone(ctx: MapContext, _: str | None) -> Value:
    person = _signer(ctx)
    return person.cell_phone or person.home_phone or person.work_phone


def _owns_business(case: Case, signer: str) -> bool:
    owner = case.business.owner if case.business is not None else None
    return (owner or "taxpayer") in (signer, "joint")


def is_business_matter(matter: PoaMatter) -> bool:
    description = matter.description.lower()
    return (any(word in description for word in _BUSINESS_MATTERS)
            or matter.form.strip().upper() in _BUSINESS_FORMS)


@mapper.value("business_ein")
def _business_ein(ctx: MapContext, _: str | None) -> Value:
    """The sole proprietor's business EIN besides the SSN, when a line-3 matter is a business tax
    (Instructions for Form 2848, line 1)."""
    biz = ctx.case.business
    signer = _signer_name(ctx)
    if (biz is None or biz.kind != "sole_proprietorship" or biz.ein is None
            or not _owns_business(ctx.case, signer)):
        return None
    return biz.ein if any(is_business_matter(m) for m in _matters(ctx.case, signer)) else None


# --------------------------------------------------------------------------- line 2 and Part II


def _rep_address(rep: Representative) -> str:
    if rep.firm:
        return f"{rep.firm}\n{rep.address.one_line()}"
    return _two_line_address(rep.address)


@mapper.item_list("representatives")
def _representatives(ctx: MapContext, _: str | None) -> list[Item]:
    """The representatives in the case's order, those to be sent copies of notices first: the
    form offers that box on the first two rows only (line 2 and Part II list the same order)."""
    reps = list(enumerate(ctx.case.representatives))
    ordered = sorted(reps, key=lambda pair: not pair[1].receives_notices)
    return [Item(f"/representatives/{i}", r, n) for n, (i, r) in enumerate(ordered)]


@mapper.row("representative")
def _representative_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Beyond the first two rows no box sends notices: more than two recipients is POA-011's error."""
    rep: Representative = item.value
    return {"address": _rep_address(rep), "receives_notices": rep.receives_notices if item.index < 2 else None}


@mapper.row("declaration")
def _declaration_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    """Part II: an unenrolled return preparer (h) has no licence, the PTIN identifies him or her;
    the date only once the representative has signed."""
    rep: Representative = item.value
    number = rep.license_number
    if number is None and rep.designation == "h":
        number = rep.ptin
    signed = rep.signature is not None and rep.signature.signed
    return {"license_number": number, "date": rep.signature.date if signed and rep.signature else None}


# --------------------------------------------------------------------------- line 3


def period_text(period: str, form: str) -> str:
    """A period as line 3 wants it: '2021'; a quarter (or a civil penalty's period) by its
    ending date '06/30/2024'; a fiscal year as YYYYMM (Instructions for Form 2848, line 3)."""
    parsed = TaxPeriod(period)
    if parsed.kind == "year":
        return period
    if parsed.kind == "quarter" or form == "Not Applicable" or quarterly_return(form):
        return f"{parsed.end:%m/%d/%Y}"
    return f"{parsed.end:%Y%m}"


def _matters(case: Case, signer: str) -> tuple[PoaMatter, ...]:
    poa = case.power_of_attorney
    return poa.matters if poa is not None else derived_matters(case, signer)


@mapper.item_list("matters")
def _matter_items(ctx: MapContext, _: str | None) -> list[Item]:
    """The stated matters, else those derived from the liabilities (see the module doc)."""
    if ctx.case.power_of_attorney is not None:
        return [Item(f"/power_of_attorney/matters/{i}", m, i)
                for i, m in enumerate(ctx.case.power_of_attorney.matters)]
    return [Item("/liabilities", m, i) for i, m in enumerate(derived_matters(ctx.case, _signer_name(ctx)))]


@mapper.row("matter")
def _matter_row(ctx: MapContext, item: Item) -> dict[str, Value]:
    matter: PoaMatter = item.value
    return {"periods": ", ".join(dict.fromkeys(period_text(p, matter.form) for p in matter.periods))}


def _covers(case: Case, signer: str, tax_type: str, owner: str | None = None) -> bool:
    """Whether the signer is liable for a period of this tax type (see the module doc). A
    liability whose owner the case states (``liabilities[].owner``: separate liabilities of
    spouses) is covered on that spouse's form only, or on both for "joint"."""
    if owner is not None:
        return owner in (signer, "joint")
    if tax_type in _BUSINESS_TAXES:
        return _owns_business(case, signer)
    if signer == "taxpayer":
        return True
    return tax_type == "income" and case.is_joint


def derived_matters(case: Case, signer: str = "taxpayer") -> tuple[PoaMatter, ...]:
    """Line 3 from the case: every liability (and penalty-abatement) period of the signer,
    grouped by description of matter and form, plus the current year for income tax."""
    periods: dict[tuple[str, str], list[str]] = {}
    entries: list[tuple[str, str, str, str | None]] = [
        (lia.tax_type, lia.form, lia.period, lia.owner) for lia in case.liabilities]
    by_form = {lia.form: lia.tax_type for lia in case.liabilities}
    for request in case.requests_of(AbatementRequest):
        entries += [(by_form.get(item.form, "income" if item.form == "1040" else "other"),
                     item.form, item.period, None) for item in request.items]
    for tax_type, form, period, owner in entries:
        if not _covers(case, signer, tax_type, owner):
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
        ordered = sorted(dict.fromkeys(items), key=lambda p: TaxPeriod(p).end)
        matters.append(PoaMatter(description, form, tuple(TaxPeriod(p) for p in ordered)))
    return tuple(matters)


# --------------------------------------------------------------------------- lines 4-7


@mapper.value("poa")
def _poa(ctx: MapContext, what: str | None) -> Value:
    """``poa(retain_prior)``: a line 4 or 6 box; unchecked when the case states no power of attorney
    details (the form's default: no specific use, earlier powers revoked)."""
    poa = ctx.case.power_of_attorney
    value: bool = getattr(poa, what or "") if poa is not None else False
    return value


@mapper.value("act")
def _act(ctx: MapContext, what: str | None) -> Value:
    """``act(sign_return)``: a line 5a act is authorized only when the case says so."""
    poa = ctx.case.power_of_attorney
    acts = poa.additional_acts if poa is not None else None
    if acts is None:
        return False
    if what == "other":
        return bool(acts.other)
    value: bool = getattr(acts, what or "")
    return value


@mapper.value("other_acts")
def _other_acts(ctx: MapContext, line: str | None) -> Value:
    """``other_acts(1)``: the other acts authorized, over the two lines (the second takes the rest;
    what it cannot hold is printed whole on the continuation sheet)."""
    poa = ctx.case.power_of_attorney
    text = poa.additional_acts.other if poa is not None and poa.additional_acts is not None else None
    if not text:
        return None
    first, _, rest = text.partition("\n")
    if line == "1":
        return first if rest or len(first) <= _OTHER_ACTS_FIRST_LINE else _cut(first)[0]
    if rest:
        return " ".join(rest.split("\n"))
    return _cut(first)[1] if len(first) > _OTHER_ACTS_FIRST_LINE else None


_OTHER_ACTS_FIRST_LINE = 80  # characters the first "Other acts authorized" line holds at 10 pt


def _cut(text: str) -> tuple[str, str | None]:
    head = text[:_OTHER_ACTS_FIRST_LINE]
    cut = head.rfind(" ")
    if cut <= 0:
        return head, text[len(head):] or None
    return text[:cut], text[cut + 1:] or None
