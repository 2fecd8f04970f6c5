"""Field shapes the IRS forms do not use: radio groups, separate field/widget dicts, choice.

The official forms only have merged field/widget checkboxes and text fields, so these
paths are checked on a small hand-built PDF (classic xref table, no object streams).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from formkit.pdf import FieldKind, FillError, compile_template, fill, flatten, read_fields
from tests.pdf.helpers import dark_pixels, pdf_from_objects, pdftk_fields, pdftotext, qpdf_check, render_page


def _stream(body: bytes, data: bytes) -> bytes:
    return b"<<" + body + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"


def build_form() -> bytes:
    """A one-page form: radio group (2 widgets), text field with a kid widget, combo box."""
    on_a = b"q 0 g BT /ZaDb 10 Tf 1.5 2 Td (l) Tj ET Q"
    objects = {
        1: b"<</Type/Catalog/Pages 2 0 R/AcroForm 4 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Annots[6 0 R 7 0 R 9 0 R 10 0 R]>>",
        4: b"<</Fields[5 0 R 8 0 R 10 0 R]/DA(/Helv 0 Tf 0 g)"
           b"/DR<</Font<</Helv 11 0 R/ZaDb 12 0 R>>>>/NeedAppearances true>>",
        5: b"<</FT/Btn/Ff 49152/T(choice)/Kids[6 0 R 7 0 R]/V/Off>>",
        6: b"<</Type/Annot/Subtype/Widget/Parent 5 0 R/P 3 0 R/F 4/Rect[20 150 32 162]"
           b"/MK<</CA(l)>>/AP<</N<</A 14 0 R/Off 15 0 R>>>>/AS/Off>>",
        7: b"<</Type/Annot/Subtype/Widget/Parent 5 0 R/P 3 0 R/F 4/Rect[50 150 62 162]"
           b"/MK<</CA(l)>>/AP<</N<</B 16 0 R/Off 15 0 R>>>>/AS/Off>>",
        8: b"<</FT/Tx/T(name)/DA(/Helv 10 Tf 0 0 1 rg)/Q 1/Kids[9 0 R]>>",
        9: b"<</Type/Annot/Subtype/Widget/Parent 8 0 R/P 3 0 R/F 4/Rect[20 100 220 120]>>",
        10: b"<</FT/Ch/Ff 131072/T(pick)/Opt[(x)(y)]/Type/Annot/Subtype/Widget/P 3 0 R/F 4"
            b"/Rect[20 50 120 70]/DA(/Helv 10 Tf 0 g)>>",
        11: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
        12: b"<</Type/Font/Subtype/Type1/BaseFont/ZapfDingbats>>",
        14: _stream(b"/Type/XObject/Subtype/Form/BBox[0 0 12 12]"
                    b"/Resources<</Font<</ZaDb 12 0 R>>>>", on_a),
        15: _stream(b"/Type/XObject/Subtype/Form/BBox[0 0 12 12]", b""),
        16: _stream(b"/Type/XObject/Subtype/Form/BBox[0 0 12 12]"
                    b"/Resources<</Font<</ZaDb 12 0 R>>>>", on_a),
    }
    return pdf_from_objects(objects)


@pytest.fixture(scope="module")
def form() -> bytes:
    return build_form()


def test_compiled_shapes(form: bytes) -> None:
    tpl = compile_template(form)
    assert {n: s.kind for n, s in tpl.fields.items()} == {
        "choice": FieldKind.RADIO, "name": FieldKind.TEXT, "pick": FieldKind.CHOICE}
    radio, text = tpl.fields["choice"], tpl.fields["name"]
    assert radio.on_states == ("A", "B") and not radio.merged and len(radio.widgets) == 2
    assert not text.merged and text.widgets[0].ref == (9, 0) and text.ref == (8, 0)
    assert tpl.classic_xref


def test_radio_and_separate_widget_fill(form: bytes, tmp_path: Path) -> None:
    pdf = fill(form, {"choice": "B", "name": "Hello (world)"})
    path = tmp_path / "s.pdf"
    path.write_bytes(pdf)
    result = qpdf_check(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert read_fields(pdf) == {"choice": "B", "name": "Hello (world)"}
    dumped = pdftk_fields(path)
    assert dumped["choice"]["value"] == "B" and dumped["name"]["value"] == "Hello (world)"
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.get_object(6)["/AS"] == "/Off" and reader.get_object(7)["/AS"] == "/B"
    assert "/V" not in reader.get_object(9) and "/AP" in reader.get_object(9)
    assert reader.get_object(8)["/V"] == "Hello (world)"
    assert "/NeedAppearances" not in reader.trailer["/Root"]["/AcroForm"]
    image = render_page(path, 1, tmp_path / "r")
    blue = dark_pixels(image, (20, 100, 220, 120), 200)
    assert blue and all(b > r for r, _, b in blue)  # /DA 0 0 1 rg
    assert dark_pixels(image, (50, 150, 62, 162), 200, inset=1)
    assert not dark_pixels(image, (20, 150, 32, 162), 200, inset=1)
    assert "Hello (world)" in pdftotext(path)


def test_flatten_synthetic(form: bytes, tmp_path: Path) -> None:
    flat = flatten(fill(form, {"choice": "A", "name": "Flat"}))
    path = tmp_path / "f.pdf"
    path.write_bytes(flat)
    assert "Flat" in pdftotext(path)
    assert read_fields(flat) == {}


def test_radio_refusals(form: bytes) -> None:
    with pytest.raises(FillError) as info:
        fill(form, {"choice": True, "pick": "x"})
    problems = {p.field: p.message for p in info.value.problems}
    assert "ambiguous" in problems["choice"] and "A, B" in problems["choice"]
    assert problems["pick"] == "choice fields cannot be filled"
    assert read_fields(fill(form, {"choice": False}))["choice"] == "Off"
