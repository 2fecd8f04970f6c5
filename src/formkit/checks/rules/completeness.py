"""Every question answered: a yes/no or choice box left blank on a form (FORM-001, FORM-002).

The questions are declared in the field maps (``questions`` and the boxes columns of
``tables``); the forms layer reports those the case leaves open, with the case fact that
would answer them. An offer's forms must be complete to be processed (FORM-001, an error);
on the other forms a blank answer brings a request for more (FORM-002, a warning).
"""

from __future__ import annotations

from collections.abc import Iterator

from formkit.checks.registry import Hit, hit, rule
from formkit.checks.subject import Subject
from formkit.findings import Location

#: Forms whose blank answers stop processing (Form 656-B Application Checklist).
OFFER_FORMS = ("656", "433-A (OIC)")


def _open(s: Subject, offer: bool) -> Iterator[Hit]:
    for doc in s.documents:
        if (doc.form in OFFER_FORMS) != offer:
            continue
        for q in doc.open_questions:
            line = q.line or ""
            place = f"line {line}" if line[:1].isdigit() else line
            detail = f"{doc.label} {place}".strip()
            yield hit(Location.on_form(doc.label, q.question, place), doc.label, detail=detail, question=q.text,
                      fact=q.fact)


@rule("FORM-001", inputs=("case", "pdf"))
def offer_question_open(s: Subject) -> Iterator[Hit]:
    yield from _open(s, offer=True)


@rule("FORM-002", inputs=("case", "pdf"))
def question_open(s: Subject) -> Iterator[Hit]:
    yield from _open(s, offer=False)
