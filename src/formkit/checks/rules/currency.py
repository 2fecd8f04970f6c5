"""Revision currency: a form in the packet whose revision the IRS had replaced by the as-of date.

The registry records when each revision was released and, once known, when a newer one
superseded it (``forms/<form>/<rev>.json``, ``currency``). An offer must be received on the
most current Form 656 (an error); any other superseded form is a warning. A filled PDF of an
older revision than formkit fills is already reported by OIC-029 / XF-006; these rules add
what those cannot see: the revision formkit itself fills (or a PDF of it) having been
replaced before the date the packet goes out.
"""

from __future__ import annotations

from collections.abc import Iterator

from formkit.checks.documents import Document, current_revision
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.subject import Subject
from formkit.findings import Location
from formkit.forms.registry import UnknownForm, find_revision


def _superseded(s: Subject, offer: bool) -> Iterator[Hit]:
    for doc in s.documents:
        if (doc.form_id == "f656") != offer or doc.revision is None:
            continue
        try:
            rev = find_revision(doc.form_id, doc.revision)
        except UnknownForm:
            continue
        currency = rev.currency
        if currency is None or currency.superseded is None or not currency.superseded_on(s.as_of):
            continue
        current = current_revision(doc.form_id)
        if not offer and doc.origin == "pdf" and current is not None and doc.revision != current.revision:
            continue  # an older revision than formkit fills: XF-006 says so already
        newer = f"Rev. {currency.superseded_by}" if currency.superseded_by else "a newer revision"
        yield hit(_where(doc), doc.label, current=newer,
                  detail=f"{doc.label} is Rev. {doc.revision}{_origin(doc)}; the IRS replaced it with {newer} "
                         f"on {currency.superseded.isoformat()}, before the as-of date {s.as_of.isoformat()}")


def _where(doc: Document) -> Location:
    return Location.file(doc.source) if doc.origin == "pdf" else doc.whole


def _origin(doc: Document) -> str:
    return f" ({doc.source})" if doc.origin == "pdf" else " (the revision formkit fills)"


@rule("OIC-042", inputs=("case", "pdf"))
def superseded_offer_form(s: Subject) -> Iterator[Hit]:
    yield from _superseded(s, offer=True)


@rule("XF-008", inputs=("case", "pdf"))
def superseded_form(s: Subject) -> Iterator[Hit]:
    yield from _superseded(s, offer=False)
