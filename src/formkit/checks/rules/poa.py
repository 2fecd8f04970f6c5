"""Form 2848 (Rev. 1-2021; instructions Rev. 9-2021): why the CAF unit returns a power of
attorney or does not record it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from formkit.case.model import Case
from formkit.checks.documents import Document, current_revision, digits
from formkit.checks.periods import GENERAL_REFERENCE, label, parse_periods
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import date_text, ptr, signature, signers
from formkit.checks.subject import Subject
from formkit.findings import Location

_NOT_APPLICABLE = re.compile(r"^\s*(not\s+applicable|n/?a)\s*$", re.IGNORECASE)
_CAF = re.compile(r"^([0-9]{4}-?[0-9]{5}R?|[0-9]{9}R?|none)$", re.IGNORECASE)
_PTIN = re.compile(r"^(P[0-9]{8}|applied\s+for)$", re.IGNORECASE)


def _number(s: Subject, key: str) -> int:
    return s.params.number("form_2848", key)


def _words(s: Subject, key: str) -> list[str]:
    return [str(x) for x in s.params.get("form_2848", key)]


@dataclass(frozen=True, slots=True)
class Rep:
    """A representative as line 2 and Part II show it, from the case or from a form."""

    n: int                       # 1-based line 2 order
    name: str
    designation: str
    jurisdiction: str
    license: str
    caf: str | None
    ptin: str
    signed_on: date | None
    signed: bool
    where: dict[str, str | Location]   # field -> JSON Pointer or form line
    document: str | None


def case_reps(case: Case) -> list[Rep]:
    out = []
    for i, r in enumerate(case.representatives):
        base = ("representatives", i)
        out.append(Rep(
            n=i + 1, name=r.name, designation=r.designation, jurisdiction=r.jurisdiction or "",
            license=r.license_number or "", caf=r.caf_number, ptin=r.ptin or "",
            signed_on=r.signature.date if r.signature else None,
            signed=bool(r.signature and r.signature.signed),
            where={k: ptr(*base, v) for k, v in (
                ("designation", "designation"), ("jurisdiction", "jurisdiction"),
                ("license", "license_number"), ("caf", "caf_number"), ("ptin", "ptin"),
                ("date", "signature"), ("name", "name"))},
            document=None))
    return out


def doc_reps(doc: Document) -> list[Rep]:
    out = []
    for n in doc.rows("line_2.representative"):
        line2, part2 = f"line_2.representative[{n}]", f"part_2.row[{n}]"
        name = doc.text(f"{line2}.name")
        if not name:
            continue
        date_key = f"{part2}.date"
        out.append(Rep(
            n=n, name=name, designation=doc.text(f"{part2}.designation").lower().strip("() ."),
            jurisdiction=doc.text(f"{part2}.jurisdiction"),
            license=doc.text(f"{part2}.license_number"), caf=doc.text(f"{line2}.caf_number"),
            ptin=doc.text(f"{line2}.ptin"), signed_on=doc.date(date_key),
            signed=bool(doc.text(date_key)),
            where={"designation": doc.where(f"{part2}.designation"),
                   "jurisdiction": doc.where(f"{part2}.jurisdiction"),
                   "license": doc.where(f"{part2}.license_number"),
                   "caf": doc.where(f"{line2}.caf_number"), "ptin": doc.where(f"{line2}.ptin"),
                   "date": doc.where(date_key), "name": doc.where(f"{line2}.name")},
            document=doc.label))
    return out


def all_reps(s: Subject) -> list[list[Rep]]:
    """One list per Form 2848: the case's representatives, and each 2848 read from a PDF."""
    from_case = s.case is not None and s.case.representatives and s.case_path("f2848")
    groups = [case_reps(s.case)] if from_case and s.case is not None else []
    return groups + [doc_reps(d) for d in s.pdf_docs("f2848")]


def _rows(doc: Document) -> list[int]:
    return doc.rows("line_3.row")


# ------------------------------------------------------------------ line 3

@rule("POA-001", inputs=("case", "pdf"))
def general_reference(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f2848"):
        for n in _rows(doc):
            for part in ("description", "form", "periods"):
                key = f"line_3.row[{n}].{part}"
                found = GENERAL_REFERENCE.search(doc.text(key))
                if found:
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} line 3 row {n} says {doc.text(key)!r}")
                    break


@rule("POA-002", inputs=("case", "pdf"))
def future_periods(s: Subject) -> Iterator[Hit]:
    years = _number(s, "future_period_years")
    limit = date(s.as_of.year + years, 12, 31)
    for doc in s.docs("f2848"):
        for n in _rows(doc):
            key = f"line_3.row[{n}].periods"
            latest = parse_periods(doc.text(key)).latest()
            if latest is not None and latest > limit:
                yield hit(doc.where(key), doc.label, limit=date_text(limit),
                          detail=f"{doc.label} line 3 row {n} lists periods through "
                                 f"{label(latest)}")


@rule("POA-003", inputs=("case", "pdf"))
def line_3_complete(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f2848"):
        filled = [n for n in _rows(doc) if doc.filled(f"line_3.row[{n}]")]
        if not filled:
            yield hit(doc.where("line_3.row[1].description"), doc.label,
                      detail=f"{doc.label} line 3 is empty")
        for n in filled:
            for part, what in (("description", "description of matter"),
                               ("form", "tax form number"), ("periods", "year(s) or period(s)")):
                key = f"line_3.row[{n}].{part}"
                text = doc.text(key)
                if not text:
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} line 3 row {n} has no {what}")
                elif part == "periods" and not _NOT_APPLICABLE.match(text):
                    parsed = parse_periods(text)
                    if parsed.empty and not parsed.general:
                        yield hit(doc.where(key), doc.label,
                                  detail=f"{doc.label} line 3 row {n} periods {text!r} name no "
                                         "year or period")


Need = tuple[str, date, str, str | None]     # form, period end, source, who owes it (if known)


def _required_periods(s: Subject) -> list[Need]:
    """(form, period end, where it comes from, owner) that a Form 2848 must cover."""
    need: list[Need] = []
    if s.case is not None:
        case = s.case
        collection = bool(s.offers() or s.installments() or s.cnc_requests())
        for i, lia in enumerate(case.liabilities):
            if collection:
                need.append((lia.form, lia.period.end, ptr("liabilities", i), case.owner_of(lia)))
        for i, req in s.abatements():
            for j, item in enumerate(req.items):
                period = next((li for li in case.liabilities
                               if (li.form, li.period) == (item.form, item.period)), None)
                need.append((item.form, item.period.end, ptr("requests", i, "items", j),
                             case.owner_of(period) if period is not None else None))
        if s.offers() and any(lia.form == "1040" for lia in case.liabilities):
            need.append(("1040", date(s.as_of.year, 12, 31), "the current tax year (Form 656)",
                         "joint" if case.is_joint else "taxpayer"))
        return need
    for doc in s.pdf_docs("f656"):
        for form in ("1040", "941", "940"):
            text = ", ".join(doc.text(k) for k in doc.keys(f"section_1.form_{form}_periods"))
            parsed = parse_periods(text)
            need += [(form, e, doc.label, None) for e in sorted(parsed.ends)]
            need += [(form, date(y, 12, 31), doc.label, None) for y in sorted(parsed.years)]
        need.append(("1040", date(s.as_of.year, 12, 31), f"the current tax year ({doc.label})", None))
    for claim in s.pdf_docs("f843"):
        end = claim.date("line_1.ending")
        returned = next((f for k, f in (("line_5i", "1040"), ("line_5d", "941"),
                                        ("line_5c", "940")) if claim.checked(k)), None)
        if end is not None and returned is not None:
            need.append((returned, end, claim.label, None))
    return need


def _covers(doc: Document, form: str, end: date) -> bool:
    for n in _rows(doc):
        names_form = re.search(rf"(?<![0-9]){re.escape(form)}(?![0-9])",
                               doc.text(f"line_3.row[{n}].form"))
        if names_form and parse_periods(doc.text(f"line_3.row[{n}].periods")).covers(end):
            return True
    return False


def _who(s: Subject, doc: Document) -> str:
    if s.case is not None and s.case.spouse is not None and digits(
            doc.text("taxpayer.ssn")) == digits(s.case.spouse.ssn):
        return "spouse"
    return "taxpayer"


@rule("POA-009", inputs=("case", "pdf"))
def periods_covered(s: Subject) -> Iterator[Hit]:
    need = _required_periods(s)
    for doc in s.docs("f2848"):
        spouse_form = _who(s, doc) == "spouse"
        missing = []
        for form, end, source, owner in need:
            # each spouse's Form 2848 covers what that spouse owes: the joint periods and his
            # or her own (without an owner, a spouse is liable for the joint income tax only)
            if spouse_form and (owner == "taxpayer" or (owner is None and form != "1040")):
                continue
            if not spouse_form and owner == "spouse":
                continue
            if not _covers(doc, form, end):
                missing.append(f"Form {form} {label(end)} ({source})")
        if missing:
            yield hit(doc.where("line_3.row[1].periods"), doc.label,
                      detail=f"{doc.label} line 3 does not cover " + "; ".join(
                          dict.fromkeys(missing)))


@rule("POA-014", inputs=("case", "pdf"))
def specific_use(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f2848"):
        forms = [doc.text(f"line_3.row[{n}].form") for n in _rows(doc)
                 if doc.text(f"line_3.row[{n}].form")]
        if forms and all("843" in f for f in forms) and not doc.checked("line_4.specific_use"):
            yield hit(doc.where("line_4.specific_use"), doc.label,
                      detail=f"{doc.label} line 3 names only Form 843 and line 4 is not checked")


# ------------------------------------------------------------------ signatures

@rule("POA-004", inputs=("case", "pdf"))
def taxpayer_signature(s: Subject) -> Iterator[Hit]:
    if s.case is not None and s.case.representatives:
        for signer in signers(s.case):     # line 7 is signed by hand: only the case knows
            found = signature(s.case, "2848", signer)
            if found is None or not found[1].signed:
                yield hit(ptr("signatures", found[0]) if found else ptr("signatures"),
                          detail=f"The {signer}'s Form 2848 is not signed (signatures: form "
                                 f"'2848', signer '{signer}')")
    for doc in s.pdf_docs("f2848"):
        if not doc.text("line_7.print_name"):
            yield hit(doc.where("line_7.print_name"), doc.label,
                      detail=f"{doc.label} line 7 has no printed name of the taxpayer")


_JURISDICTION = {"a": "licensing jurisdiction (state)", "b": "licensing jurisdiction (state)",
                 "d": "title", "e": "title or position", "f": "relationship to the taxpayer"}


def _required(s: Subject, rep: Rep) -> Iterator[tuple[str, str]]:
    """What Part II lacks for this designation (Instructions for Form 2848 (Rev. 9-2021) p.8:
    a and b a state and the bar or licence number "if any"; c, g, r the enrollment card
    number; d-f a title or relationship; h the PTIN; k "LITC" or "STCP")."""
    if not rep.designation:
        yield "designation", "no designation"
        return
    entries = s.params.get("form_2848", "part_ii_entries").get(rep.designation, [])
    clinics = {str(c).upper() for c in s.params.get("form_2848", "clinic_programs")}
    for entry in entries:
        if entry == "jurisdiction" and not rep.jurisdiction.strip():
            yield "jurisdiction", (f"designation {rep.designation} and no "
                                   f"{_JURISDICTION[rep.designation]}")
        elif entry == "number" and not rep.license.strip():
            yield "license", f"designation {rep.designation} and no enrollment card number"
        elif entry == "ptin" and not (rep.license.strip() or rep.ptin.strip()):
            yield "license", f"designation {rep.designation} and no PTIN"
        elif entry == "clinic" and not clinics & set(
                f"{rep.jurisdiction} {rep.license}".upper().replace(",", " ").split()):
            yield "jurisdiction", f"designation {rep.designation} and not 'LITC' or 'STCP' (the clinic program)"


@rule("POA-005", inputs=("case", "pdf"))
def part_ii(s: Subject) -> Iterator[Hit]:
    codes = _words(s, "designations")
    for reps in all_reps(s):
        for rep in reps:
            prefix = f"{rep.document} Part II: " if rep.document else ""
            if rep.designation and rep.designation not in codes:
                yield hit(rep.where["designation"], rep.document,
                          detail=f"{prefix}{rep.name} has designation {rep.designation!r}, not "
                                 "one of " + ", ".join(codes))
                continue
            for field, what in _required(s, rep):
                yield hit(rep.where[field], rep.document, detail=f"{prefix}{rep.name} has {what}")
            if not rep.signed:
                yield hit(rep.where["date"], rep.document,
                          detail=f"{prefix}{rep.name} has not signed and dated the declaration")


@rule("POA-006", needs=("case",))
def signing_window(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    days = _number(s, "representative_sign_days_abroad" if s.case.lives_abroad
                   else "representative_sign_days")
    for signer in signers(s.case):
        found = signature(s.case, "2848", signer)
        if found is None or found[1].date is None:
            continue
        taxpayer_date = found[1].date
        for reps in all_reps(s):
            for rep in reps:
                if rep.signed_on is not None and (rep.signed_on - taxpayer_date).days > days:
                    yield hit(rep.where["date"], rep.document, days=days,
                              detail=f"{rep.name} signed on {date_text(rep.signed_on)}, "
                                     f"{(rep.signed_on - taxpayer_date).days} days after the "
                                     f"{signer} signed on {date_text(taxpayer_date)}")


@rule("POA-007", inputs=("case", "pdf"))
def one_taxpayer(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f2848"):
        name = doc.text("taxpayer.full_name")
        if re.search(r"\s(and|&)\s|&", name, re.IGNORECASE):
            yield hit(doc.where("taxpayer.full_name"), doc.label,
                      detail=f"{doc.label} line 1 names {name!r}")


@rule("POA-008", inputs=("case", "pdf"))
def caf_and_ptin(s: Subject) -> Iterator[Hit]:
    for reps in all_reps(s):
        for rep in reps:
            prefix = f"{rep.document} line 2: " if rep.document else ""
            if not rep.caf:
                yield hit(rep.where["caf"], rep.document,
                          detail=f"{prefix}{rep.name} has no CAF number")
            elif not _CAF.match(rep.caf.strip()):
                yield hit(rep.where["caf"], rep.document,
                          detail=f"{prefix}{rep.name}'s CAF number {rep.caf!r} is not nine digits")
            if rep.ptin and not _PTIN.match(rep.ptin.strip()):
                yield hit(rep.where["ptin"], rep.document,
                          detail=f"{prefix}{rep.name}'s PTIN {rep.ptin!r} is not P + 8 digits")


def _collection(s: Subject) -> bool:
    if s.case is not None:
        return bool(s.case.requests)
    return any(s.pdf_docs(f) for f in ("f656", "f433aoi", "f9465", "f433f", "f433a"))


@rule("POA-010", inputs=("case", "pdf"))
def unenrolled_preparer(s: Subject) -> Iterator[Hit]:
    excluded = _words(s, "collection_designations_excluded")
    if not _collection(s):
        return
    for reps in all_reps(s):
        for rep in reps:
            if rep.designation in excluded:
                yield hit(rep.where["designation"], rep.document,
                          detail=f"{rep.name} is designated {rep.designation} for a collection "
                                 "matter")


@rule("POA-011", needs=("case",))
def notice_recipients(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    limit = _number(s, "max_notice_recipients")
    receiving = [i for i, r in enumerate(s.case.representatives) if r.receives_notices]
    if len(receiving) > limit:
        yield hit(ptr("representatives", receiving[limit], "receives_notices"),
                  detail=f"{len(receiving)} representatives are marked receives_notices")


@rule("POA-012", needs=("case",))
def electronic_signature(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for i, sig in enumerate(s.case.signatures):
        if sig.form == "2848" and sig.signed and sig.method == "electronic":
            yield hit(ptr("signatures", i, "method"),
                      detail=f"The {sig.signer}'s Form 2848 signature is electronic")
    for i, rep in enumerate(s.case.representatives):
        if rep.signature and rep.signature.signed and rep.signature.method == "electronic":
            yield hit(ptr("representatives", i, "signature", "method"),
                      detail=f"{rep.name}'s Part II signature is electronic")


@rule("POA-013", inputs=("case", "pdf"))
def student(s: Subject) -> Iterator[Hit]:
    for reps in all_reps(s):
        students = [r for r in reps if r.designation == "k"]
        if not students:
            continue
        first = reps[0]
        if first.designation not in ("a", "b"):
            yield hit(first.where["designation"], first.document,
                      detail=f"{students[0].name} is a student (k) and the first representative, "
                             f"{first.name}, is not an attorney or CPA")
        if s.case is not None and first.document is None and not any(
                a.document_type == "tas_authorization_letter" for a in s.case.attachments):
            yield hit(ptr("attachments"),
                      detail=f"{students[0].name} is a student (k) and no TAS authorization "
                             "letter (tas_authorization_letter) is attached")


def _part_ii_filled(doc: Document, n: int) -> bool:
    return doc.filled(f"part_2.row[{n}]")


@rule("POA-015", inputs=("case", "pdf"))
def signing_order(s: Subject) -> Iterator[Hit]:
    """Part II row n is the declaration of the representative on line 2 row n: a filled
    row without a line-2 representative, or a row filled while an earlier line-2
    representative's row is empty, is a declaration out of line-2 order."""
    for doc in s.docs("f2848"):
        listed = [n for n in doc.rows("line_2.representative")
                  if doc.text(f"line_2.representative[{n}].name")]
        filled = [n for n in doc.rows("part_2.row") if _part_ii_filled(doc, n)]
        for n in filled:
            if n not in listed:
                yield hit(doc.where(f"part_2.row[{n}].designation"), doc.label,
                          detail=f"{doc.label} Part II row {n} is filled in, but line 2 lists no "
                                 f"representative {n}")
            else:
                skipped = [m for m in listed if m < n and m not in filled]
                if skipped:
                    name = doc.text(f"line_2.representative[{skipped[0]}].name")
                    yield hit(doc.where(f"part_2.row[{n}].designation"), doc.label,
                              detail=f"{doc.label} Part II row {n} is filled in while row "
                                     f"{skipped[0]} ({name}, line 2 row {skipped[0]}) is empty")


@rule("POA-016", inputs=("case", "pdf"))
def eligible(s: Subject) -> Iterator[Hit]:
    family = set(_words(s, "family_relationships"))
    for reps in all_reps(s):
        for rep in reps:
            if rep.designation == "d":
                yield hit(rep.where["designation"], rep.document,
                          detail=f"{rep.name} is designated d (officer), but the taxpayer is an "
                                 "individual, not an organisation")
            if rep.designation == "f" and rep.jurisdiction and rep.jurisdiction.strip().lower(
                    ) not in family:
                yield hit(rep.where["jurisdiction"], rep.document,
                          detail=f"{rep.name} is designated f (family member) as "
                                 f"{rep.jurisdiction!r}, which is not a relationship the "
                                 "instructions allow (spouse, parent, child, grandparent, "
                                 "grandchild, step-parent, step-child, brother, sister)")


@rule("POA-017", inputs=("case",))
def more_representatives_than_line_2_holds(s: Subject) -> Iterator[Hit]:
    """Line 2 prints as many representatives as the form has rows (read from the field map); the
    rest need an additional Form 2848, where each signs its own Part II declaration. formkit lists
    them on a continuation sheet so nothing is lost, which is not that additional form."""
    revision = current_revision("f2848")
    if s.case is None or revision is None or not s.case_path("f2848"):
        return
    rows = len(revision.tables["representatives"].rows)
    reps = s.case.representatives
    if len(reps) > rows:
        names = ", ".join(rep.name for rep in reps[rows:])
        yield hit(ptr("representatives", rows),
                  detail=f"The case names {len(reps)} representatives and line 2 holds {rows}: {names} "
                         "would be listed only on a continuation sheet")
