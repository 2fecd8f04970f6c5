"""One packet PDF from the documents: a bookmark per document, page labels, no form fields.

Field names must not collide in the merged file: two Forms 2848 (one per spouse) or two
Forms 843 carry the same field names, and one AcroForm can hold only one value per name,
so a viewer would show the first copy's values on the second. Every document therefore
goes into the packet drawn, not fillable: a form formkit filled is flattened straight from
its compiled template (no parsing), any other PDF (letter, attachment) is taken apart once
and its widgets, if any, drawn into its pages. Each form's own fillable PDF is written
beside the packet.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from formkit._version import __version__
from formkit.errors import FormkitError
from formkit.pdf.compose import Part, Placed, compose

if TYPE_CHECKING:
    from pypdf import PdfReader

__all__ = ["MergeError", "Part", "Placed", "has_fields", "imported", "merge", "pdf_date"]


class MergeError(FormkitError, ValueError):
    """The documents cannot be merged (a part is unreadable)."""


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _is_widget(annot: object) -> bool:
    from pypdf.generic import DictionaryObject

    obj = annot.get_object() if hasattr(annot, "get_object") else annot
    return isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Widget"


def has_fields(reader: PdfReader) -> bool:
    """Whether a PDF has an interactive form or any widget annotation."""
    from pypdf.generic import ArrayObject, DictionaryObject

    acro = reader.root_object.get("/AcroForm")
    acro = acro.get_object() if acro is not None else None
    if isinstance(acro, DictionaryObject) and acro.get("/Fields"):
        return True
    for page in reader.pages:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if isinstance(annots, ArrayObject) and any(_is_widget(a) for a in annots):
            return True
    return False


def imported(title: str, label: str, pdf: bytes) -> Part:
    """A PDF formkit did not fill (letter, attachment) as a packet part; MergeError if unreadable."""
    from formkit.pdf.importer import import_pdf

    try:
        doc = import_pdf(pdf)
    except Exception as exc:  # pypdf's errors have many types; the message names the document
        raise MergeError(f"{title}: cannot read the PDF ({type(exc).__name__}: {exc})") from None
    if not doc.pages:
        raise MergeError(f"{title}: the PDF has no pages")
    return Part(doc, title=title, label=label)


def merge(parts: Sequence[Part], *, title: str, author: str, created: datetime) -> tuple[bytes, list[Placed]]:
    """Concatenate ``parts`` in order; returns the PDF bytes and where each part landed."""
    stamp = pdf_date(created)
    return compose(parts, info={
        "Title": title, "Author": author, "Creator": "formkit", "Producer": f"formkit {__version__}",
        "CreationDate": stamp, "ModDate": stamp,
    })
