"""Small pure pieces: /DA parsing, PDF syntax, fonts, xref sections (no PDFs needed)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
from pypdf.generic import DictionaryObject, NameObject

from formkit.pdf.da import DefaultAppearance, parse_da
from formkit.pdf.fontload import build_font
from formkit.pdf.fonts import UnencodableCharacter
from formkit.pdf.syntax import literal, num, text_string
from formkit.pdf.xref import xref_stream


@pytest.mark.parametrize(("da", "expected"), [
    ("/HelveticaLTStd-Bold 8.00 Tf 0.000 0.000 0.502 rg",
     DefaultAppearance("HelveticaLTStd-Bold", 8.0, b"0 0 0.502 rg")),
    ("/ZaDb 5.6 Tf 0 g /ZaDb 5.6 Tf 0 g ", DefaultAppearance("ZaDb", 5.6, b"0 g")),
    ("0 0 0 1 k /Helv 0 Tf", DefaultAppearance("Helv", 0.0, b"0 0 0 1 k")),
    ("/Helv 10 Tf", DefaultAppearance("Helv", 10.0, b"")),
    ("0 g", None),
])
def test_parse_da(da: str, expected: DefaultAppearance | None) -> None:
    assert parse_da(da) == expected


def test_num_and_strings() -> None:
    assert [num(x) for x in (12, 12.0, 0.5020, -0.0, 1 / 3, 1e-7)] == [
        b"12", b"12", b"0.502", b"0", b"0.3333", b"0"]
    assert literal(b"a(b)c\\d") == b"(a\\(b\\)c\\\\d)"
    assert text_string("plain (x)") == b"(plain \\(x\\))"
    assert text_string("José") == b"<feff004a006f007300e9>"


def _helv() -> DictionaryObject:
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })


def test_standard_font_without_widths_uses_afm_metrics() -> None:
    font = build_font("Helv", b"504 0 R", _helv())
    afm = CORE_FONT_METRICS["Helvetica"].character_widths
    assert font.widths is not None
    assert font.width(font.encode("A€")) == afm["A"] + afm["€"]
    assert font.encode("€’é") == b"\x80\x92\xe9"  # WinAnsi, not Latin-1
    assert (font.ascent, font.descent) == (718, -207)
    with pytest.raises(UnencodableCharacter) as info:
        font.encode("okŁ")
    assert info.value.position == 2 and info.value.char == "Ł"
    with pytest.raises(UnencodableCharacter):
        font.encode("tab\there")  # control characters are not glyphs


def test_xref_stream_is_readable() -> None:
    head = b"%PDF-1.7\n"
    obj = b"1 0 obj\n<</Type/Catalog/Pages 2 0 R>>\nendobj\n"
    pages = b"2 0 obj\n<</Type/Pages/Kids[]/Count 0>>\nendobj\n"
    entries = [(1, 0, len(head)), (2, 0, len(head) + len(obj))]
    at = len(head) + len(obj) + len(pages)
    section = xref_stream(entries, 3, at, (1, 0), None, (b"a" * 16, b"b" * 16), None)
    pdf = head + obj + pages + section + b"startxref\n%d\n%%%%EOF\n" % at
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.trailer["/Root"]["/Type"] == "/Catalog"
    assert len(reader.pages) == 0
