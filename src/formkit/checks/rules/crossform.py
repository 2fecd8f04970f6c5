"""Cross-form consistency: one taxpayer, one identity, one address across the packet."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from formkit.checks.documents import Document, current_revision, digits
from formkit.checks.names import Name, same_name
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.subject import Subject
from formkit.findings import Location
from formkit.redact import mask_tin

_ZIP = re.compile(r"(?<![0-9])([0-9]{5})(?:-[0-9]{4})?(?![0-9])")
_HOUSE = re.compile(r"^\s*([0-9]+)")


def _masked(ssn: str) -> str:
    return mask_tin(f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if len(ssn) == 9 else ssn)


_ORDER = ("f656", "f433aoi", "f9465", "f433f", "f433a", "f843", "f2848")


@dataclass(frozen=True, slots=True)
class Person:
    ssn: str            # digits (an ITIN where the form has its own ITIN box)
    name: Name
    source: str         # where the reference comes from


def _doc_person(doc: Document, who: str) -> Person | None:
    ssn = digits(doc.text(f"{who}.ssn")) or digits(doc.text(f"{who}.itin"))
    if doc.has(f"{who}.last_name"):
        name = Name(last=doc.text(f"{who}.last_name"), first=doc.text(f"{who}.first_name"))
    else:
        name = Name(whole=doc.text(f"{who}.full_name"))
    if not ssn and name.empty:
        return None
    return Person(ssn, name, doc.label)


def _case_person(first: str, last: str, ssn: str) -> Person:
    return Person(digits(ssn), Name(last=last, first=first), "the case")


def _references(s: Subject) -> dict[str, Person]:
    """Who the packet is about: the case's people, or what most of the forms say."""
    if s.case is not None:
        tp = s.case.taxpayer
        out = {"taxpayer": _case_person(tp.first_name, tp.last_name, tp.ssn)}
        if s.case.spouse is not None:
            sp = s.case.spouse
            out["spouse"] = _case_person(sp.first_name, sp.last_name, sp.ssn)
        return out
    out = {}
    for who in ("taxpayer", "spouse"):
        people = [p for f in _ORDER if f != "f2848" or who == "taxpayer" for d in s.docs(f)
                  if (p := _doc_person(d, who)) is not None and p.ssn and not p.name.empty]
        if people:   # the SSN most forms agree on; a form with a split name names the person
            common = Counter(p.ssn for p in people).most_common(1)[0][0]
            agreeing = [p for p in people if p.ssn == common]
            out[who] = next((p for p in agreeing if p.name.last), agreeing[0])
    return out


def _id_key(doc: Document, who: str) -> str:
    return f"{who}.itin" if doc.text(f"{who}.itin") and not doc.text(f"{who}.ssn") else f"{who}.ssn"


@rule("XF-001", inputs=("case", "pdf"))
def identity(s: Subject) -> Iterator[Hit]:
    refs = _references(s)
    if not refs:
        return
    by_ssn = {p.ssn: (who, p) for who, p in refs.items()}
    for form_id in _ORDER:
        for doc in s.docs(form_id):
            for who in ("taxpayer", "spouse"):
                person = _doc_person(doc, who)
                if person is None:
                    continue
                ref = refs.get(who)
                # a spouse's own Form 2848 names the spouse on line 1
                if form_id == "f2848" and person.ssn in by_ssn:
                    ref = by_ssn[person.ssn][1]
                if ref is None or ref.source == doc.label:
                    continue
                key = _id_key(doc, who)
                if person.ssn and ref.ssn and person.ssn != ref.ssn:
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} shows the {who}'s number as "
                                     f"{_masked(person.ssn)}, {ref.source} as {_masked(ref.ssn)}")
                elif not person.ssn and ref.ssn and who == "taxpayer" and (
                        doc.has("taxpayer.ssn") or doc.has("taxpayer.itin")):
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} has no {who} SSN or ITIN")
                if not same_name(person.name, ref.name):
                    field = f"{who}.last_name" if doc.has(f"{who}.last_name") else f"{who}.full_name"
                    yield hit(doc.where(field), doc.label,
                              detail=f"{doc.label} names the {who} {person.name.shown!r}, "
                                     f"{ref.source} {ref.name.shown!r}")


def _address(doc: Document) -> tuple[str, str] | None:
    """(ZIP, house number) of the taxpayer's address on a form, whatever its layout."""
    street = doc.text("taxpayer.address.street") or doc.text("taxpayer.address.full")
    whole = " ".join(doc.text(k) for k in ("taxpayer.address.full", "taxpayer.address.zip",
                                           "taxpayer.address.city_state_zip") if doc.text(k))
    zips = _ZIP.findall(whole)
    if not zips:
        return None
    house = _HOUSE.match(street)
    return zips[-1], house.group(1) if house else ""


def _where(doc: Document) -> Location:
    for key in ("taxpayer.address.full", "taxpayer.address.street"):
        if doc.has(key):
            return doc.where(key)
    return doc.whole


@rule("XF-003", inputs=("case", "pdf"))
def address(s: Subject) -> Iterator[Hit]:
    allowed: list[tuple[str, str]] = []
    source = ""
    if s.case is not None:
        for addr in (s.case.address, s.case.mailing_address):
            if addr is not None:
                house = _HOUSE.match(addr.street)
                allowed.append((addr.zip[:5], house.group(1) if house else ""))
        source = "the case"
    for doc in (d for f in _ORDER for d in s.docs(f)):
        found = _address(doc)
        if found is None:
            continue
        if not allowed:
            allowed, source = [found], doc.label
            continue
        if not any(found[0] == zip_ and (not found[1] or not house or found[1] == house)
                   for zip_, house in allowed):
            yield hit(_where(doc), doc.label,
                      detail=f"{doc.label} gives the address at ZIP {found[0]}"
                             + (f", number {found[1]}" if found[1] else "")
                             + f"; {source} has ZIP {allowed[0][0]}"
                             + (f", number {allowed[0][1]}" if allowed[0][1] else ""))


@rule("XF-006", inputs=("pdf",))
def outdated_revision(s: Subject) -> Iterator[Hit]:
    for doc in s.documents:
        if doc.form_id in ("f656", "f433aoi") or doc.origin != "pdf":
            continue
        current = current_revision(doc.form_id)
        if current is not None and (not doc.supported or doc.revision != current.revision):
            yield hit(Location.file(doc.source), doc.label, current=f"Rev. {current.revision}",
                      detail=f"{doc.label} ({doc.source}) is Rev. {doc.revision}"
                             + ("" if doc.supported else ", which formkit does not read"))


@rule("XF-007", inputs=("pdf",))
def unrecognised(s: Subject) -> Iterator[Hit]:
    for source, why in s.unrecognised:
        yield hit(Location.file(source), detail=f"{PurePath(source).name} {why}")
