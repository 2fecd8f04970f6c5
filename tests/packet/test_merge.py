"""Merging: a bookmark and a page-label range per document, and no form fields in the packet."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from fpdf import FPDF
from pdfminer.pdftypes import resolve1
from pypdf import PdfReader

from formkit.packet.merge import MergeError, imported, merge

CREATED = datetime(2026, 11, 2, tzinfo=UTC)


def doc(pages: int, word: str) -> bytes:
    pdf = FPDF(format="letter")
    pdf.set_creation_date(CREATED)
    pdf.set_font("Helvetica", size=12)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(0, 10, f"{word} page {n + 1}")
    return bytes(pdf.output())


def outline(pdf: pdfplumber.PDF) -> list[tuple[str, int]]:
    """(title, 1-based page) of every bookmark, in order."""
    pages = {p.page_obj.pageid: n for n, p in enumerate(pdf.pages, start=1)}
    out = []
    for _level, title, dest, action, _se in pdf.doc.get_outlines():
        target = resolve1(dest) if dest else resolve1(action)["D"]
        out.append((title, pages[resolve1(target)[0].objid if hasattr(target[0], "objid") else target[0]]))
    return out


def test_bookmarks_and_page_labels() -> None:
    parts = [imported("Cover letter", "Letter-", doc(2, "letter")), imported("Form X", "X-", doc(3, "form")),
             imported("Attachment", "Att1-", doc(1, "attachment"))]
    data, placed = merge(parts, title="Packet", author="Someone", created=CREATED)
    assert [(p.first_page, p.last_page) for p in placed] == [(1, 2), (3, 5), (6, 6)]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == 6
        assert outline(pdf) == [("Cover letter", 1), ("Form X", 3), ("Attachment", 6)]
        labels = list(itertools.islice(pdf.doc.get_page_labels(), len(pdf.pages)))
        assert labels == ["Letter-1", "Letter-2", "X-1", "X-2", "X-3", "Att1-1"]
        assert "form page 2" in (pdf.pages[3].extract_text() or "")
        assert pdf.metadata["Title"] == "Packet" and pdf.metadata["CreationDate"] == "D:20261102000000Z"
    again, _ = merge(parts, title="Packet", author="Someone", created=CREATED)
    assert again == data


def test_a_part_with_form_fields_goes_in_drawn(forms_dir: Path) -> None:
    """Two copies of one fillable form: no field survives, so no value can be shared."""
    from formkit.pdf import fill

    name = "topmostSubform[0].Page1[0].TaxpayerName[0]"
    first = fill((forms_dir / "f2848.pdf").read_bytes(), {name: "Alpha Taxpayer"})
    second = fill((forms_dir / "f2848.pdf").read_bytes(), {name: "Beta Taxpayer"})
    data, placed = merge([imported("2848 A", "A-", first), imported("2848 B", "B-", second)],
                         title="t", author="a", created=CREATED)
    assert [(p.first_page, p.last_page) for p in placed] == [(1, 2), (3, 4)]
    reader = PdfReader(io.BytesIO(data))
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all(a.get_object().get("/Subtype") != "/Widget" for p in reader.pages for a in p.get("/Annots", []) or [])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert "Alpha Taxpayer" in (pdf.pages[0].extract_text() or "")
        assert "Beta Taxpayer" in (pdf.pages[2].extract_text() or "")


def test_unreadable_part() -> None:
    with pytest.raises(MergeError, match="cannot read"):
        imported("Broken", "B-", b"not a pdf")
