"""Flattened print copies: appearances drawn into the page, no form left."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from formkit.pdf import FieldKind, compile_template, fill, flatten, read_fields
from tests.pdf.conftest import official_pdf
from tests.pdf.helpers import dark_pixels, pdftk_fields, pdftotext, qpdf_check, render_page

pytestmark = pytest.mark.official_pdf

NAME = "topmostSubform[0].Page1[0].c1[0].Lines1a-b[0].p1-t4[0]"
MARRIED = "topmostSubform[0].Page1[0].c1[0].C1_01_2a[0]"


@pytest.fixture(scope="module")
def flat(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    original = official_pdf("f433a.pdf")
    filled = fill(original, {NAME: "Zoë Q. Public (Jr.)", MARRIED: True})
    pdf = flatten(filled)
    path = tmp_path_factory.mktemp("flat") / "flat.pdf"
    path.write_bytes(pdf)
    return pdf, path


def test_no_form_left(flat: tuple[bytes, Path]) -> None:
    pdf, path = flat
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert "/AcroForm" not in root and "/Perms" not in root
    for page in reader.pages:
        for annot in page.get("/Annots", []) or []:
            assert annot.get_object().get("/Subtype") != "/Widget"
    assert read_fields(pdf) == {}
    assert pdftk_fields(path) == {}
    assert b"/XFA" not in pdf


def test_value_is_page_text(flat: tuple[bytes, Path]) -> None:
    assert "Zoë Q. Public (Jr.)" in pdftotext(flat[1], page=1)


def test_qpdf_check_and_page_count(flat: tuple[bytes, Path]) -> None:
    result = qpdf_check(flat[1])
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(PdfReader(io.BytesIO(flat[0])).pages) == 6


def test_checkbox_is_drawn(flat: tuple[bytes, Path], tmp_path: Path) -> None:
    tpl = compile_template(official_pdf("f433a.pdf"))
    rect = tpl.fields[MARRIED].rect
    other = next(s for s in tpl.fields.values()
                 if s.kind is FieldKind.CHECKBOX and s.page == 0 and s.name != MARRIED)
    assert rect is not None and other.rect is not None
    image = render_page(flat[1], 1, tmp_path)
    assert dark_pixels(image, rect, 792, inset=2)
    assert not dark_pixels(image, other.rect, 792, inset=2)


def test_flatten_is_deterministic(flat: tuple[bytes, Path]) -> None:
    original = official_pdf("f433a.pdf")
    filled = fill(original, {NAME: "Zoë Q. Public (Jr.)", MARRIED: True})
    assert flatten(filled) == flat[0]
