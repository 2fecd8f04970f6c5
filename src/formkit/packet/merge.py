"""One packet PDF from the documents: a bookmark per document, page labels, no form fields.

Field names must not collide in the merged file: two Forms 2848 (one per spouse) or two
Forms 843 carry the same field names, and one AcroForm can hold only one value per name,
so a viewer would show the first copy's values on the second. The forms therefore go into
the packet flattened (their appearances drawn into the page), and the merge refuses any
input that still has a field. Each form's own fillable PDF is written beside the packet.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, DictionaryObject

from formkit._version import __version__
from formkit.errors import FormkitError


class MergeError(FormkitError, ValueError):
    """The documents cannot be merged (a part still has form fields, or is unreadable)."""


@dataclass(frozen=True, slots=True)
class Part:
    title: str       # the bookmark
    label: str       # page-label prefix: "656-" gives pages "656-1", "656-2", ...
    pdf: bytes


@dataclass(frozen=True, slots=True)
class Placed:
    title: str
    first_page: int  # 1-based, in packet.pdf
    last_page: int

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1


def pdf_date(moment: datetime) -> str:
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _is_widget(annot: object) -> bool:
    obj = annot.get_object() if hasattr(annot, "get_object") else annot
    return isinstance(obj, DictionaryObject) and obj.get("/Subtype") == "/Widget"


def has_fields(reader: PdfReader) -> bool:
    """Whether a PDF has an interactive form or any widget annotation."""
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


def merge(parts: Sequence[Part], *, title: str, author: str, created: datetime) -> tuple[bytes, list[Placed]]:
    """Concatenate ``parts`` in order; returns the PDF bytes and where each part landed."""
    writer = PdfWriter()
    placed: list[Placed] = []
    for part in parts:
        try:
            reader = PdfReader(io.BytesIO(part.pdf), strict=False)
            count = len(reader.pages)
        except Exception as exc:
            raise MergeError(f"{part.title}: cannot read the PDF ({type(exc).__name__}: {exc})") from None
        if has_fields(reader):
            raise MergeError(f"{part.title}: still has form fields; flatten it before merging "
                             "(same-named fields of two forms would share one value)")
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        if len(writer.pages) != start + count:
            raise MergeError(f"{part.title}: expected {count} pages, merged {len(writer.pages) - start}")
        writer.add_outline_item(title=part.title, page_number=start)
        writer.set_page_label(start, start + count - 1, style=PageLabelStyle.DECIMAL, prefix=part.label, start=1)
        placed.append(Placed(part.title, start + 1, start + count))
    root = writer.root_object
    for key in ("/AcroForm", "/Names", "/OpenAction"):
        if key in root:  # nothing of the parts' own forms, named destinations or actions
            del root[key]
    writer.page_mode = "/UseOutlines"
    stamp = pdf_date(created)
    writer.add_metadata({
        "/Title": title, "/Author": author, "/Creator": "formkit", "/Producer": f"formkit {__version__} (pypdf)",
        "/CreationDate": stamp, "/ModDate": stamp,
    })
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), placed
