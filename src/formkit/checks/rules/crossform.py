"""Cross-form consistency: one taxpayer, one identity, one address across the packet."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath

from formkit.checks.documents import Document, current_revision, digits
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import norm
from formkit.checks.subject import Subject
from formkit.redact import mask_tin

_ZIP = re.compile(r"(?<![0-9])([0-9]{5})(?:-[0-9]{4})?(?![0-9])")
_HOUSE = re.compile(r"^\s*([0-9]+)")
def _masked(ssn: str) -> str:
    return mask_tin(f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if len(ssn) == 9 else ssn)


_ORDER = ("f656", "f433aoi", "f9465", "f433f", "f433a", "f843", "f2848")


@dataclass(frozen=True, slots=True)
class Person:
    ssn: str            # digits
    last: str           # normalised
    first: str
    source: str         # where the reference comes from


def _doc_person(doc: Document, who: str) -> Person | None:
    ssn = digits(doc.text(f"{who}.ssn"))
    if doc.text(f"{who}.last_name"):
        last, first = norm(doc.text(f"{who}.last_name")), norm(doc.text(f"{who}.first_name"))
    else:
        words = norm(doc.text(f"{who}.full_name")).split()
        if not words:
            return None if not ssn else Person(ssn, "", "", doc.label)
        last, first = words[-1], words[0]
    if not ssn and not last:
        return None
    return Person(ssn, last, first.split()[0] if first else "", doc.label)


def _references(s: Subject) -> dict[str, Person]:
    """Who the packet is about: the case's people, or what most of the forms say."""
    if s.case is not None:
        out = {"taxpayer": Person(digits(s.case.taxpayer.ssn), norm(s.case.taxpayer.last_name),
                                  norm(s.case.taxpayer.first_name).split()[0], "the case")}
        if s.case.spouse is not None:
            sp = s.case.spouse
            out["spouse"] = Person(digits(sp.ssn), norm(sp.last_name),
                                   norm(sp.first_name).split()[0], "the case")
        return out
    out = {}
    for who in ("taxpayer", "spouse"):
        people = [p for f in _ORDER if f != "f2848" or who == "taxpayer" for d in s.docs(f)
                  if (p := _doc_person(d, who)) is not None and p.ssn and p.last]
        if people:   # the SSN most forms agree on; the first such form names the person
            common = Counter(p.ssn for p in people).most_common(1)[0][0]
            out[who] = next(p for p in people if p.ssn == common)
    return out


def _name_matches(person: Person, ref: Person) -> bool:
    return not person.last or not ref.last or ref.last in person.last.split() or (
        person.last in ref.last.split())


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
                if person.ssn and ref.ssn and person.ssn != ref.ssn:
                    yield hit(doc.where(f"{who}.ssn"), doc.label,
                              detail=f"{doc.label} shows {who} SSN {_masked(person.ssn)}, "
                                     f"{ref.source} {_masked(ref.ssn)}")
                elif not person.ssn and ref.ssn and doc.has(f"{who}.ssn") and who == "taxpayer":
                    yield hit(doc.where(f"{who}.ssn"), doc.label,
                              detail=f"{doc.label} has no {who} SSN")
                if not _name_matches(person, ref):
                    key = f"{who}.last_name" if doc.has(f"{who}.last_name") else f"{who}.full_name"
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} names the {who} {person.last.title()!r}, "
                                     f"{ref.source} {ref.last.title()!r}")


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


def _where(doc: Document) -> str:
    for key in ("taxpayer.address.full", "taxpayer.address.street"):
        if doc.has(key):
            return doc.where(key)
    return doc.label


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
            yield hit(doc.source, doc.label, current=f"Rev. {current.revision}",
                      detail=f"{doc.label} ({doc.source}) is Rev. {doc.revision}"
                             + ("" if doc.supported else ", which formkit does not read"))


@rule("XF-007", inputs=("pdf",))
def unrecognised(s: Subject) -> Iterator[Hit]:
    for source, why in s.unrecognised:
        yield hit(source, detail=f"{PurePath(source).name} {why}")
