"""Continuation-sheet typesetting: the shipped Helvetica metrics are Adobe's, text wraps
within the width, pages break, and the header and page numbers repeat on every page."""

from __future__ import annotations

import pytest
from pypdf.generic import DictionaryObject, NameObject

from formkit.pdf import core14, flow
from formkit.pdf.fontload import build_font
from formkit.pdf.fonts import UnencodableCharacter


@pytest.mark.parametrize("base", sorted(core14.BY_NAME))
def test_shipped_metrics_are_the_afm_widths(base: str) -> None:
    raw = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                            NameObject("/BaseFont"): NameObject("/" + base),
                            NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
    afm = build_font("F", b"", raw)
    assert (afm.ascent, afm.descent, afm.widths) == core14.BY_NAME[base]
    ours = flow.standard_font(base)
    for text in ("Form 433-A (Rev. 7-2022) \u2014 continued", "Müller, José; 1,234.56 $"):
        assert ours.encode(text) == afm.encode(text)
        assert ours.width(ours.encode(text)) == afm.width(afm.encode(text))


def test_shipped_metrics_cover_the_letter_faces_with_adobe_values() -> None:
    # spot values from the Adobe AFM files (Times-Roman.afm: C 32 WX 250 ; space, C 87 WX 944 ; W;
    # Times-Bold.afm: C 87 WX 1000 ; W; Times-Italic.afm: C 87 WX 833 ; W; Times-BoldItalic.afm: C 87 WX 889)
    assert core14.TIMES_ROMAN[2][32] == 250 and core14.TIMES_ROMAN[2][ord("W")] == 944
    assert core14.TIMES_BOLD[2][ord("W")] == 1000
    assert core14.TIMES_ITALIC[2][ord("W")] == 833
    assert core14.TIMES_BOLD_ITALIC[2][ord("W")] == 889
    assert core14.HELVETICA_OBLIQUE[2] == core14.HELVETICA[2]  # an oblique face keeps its upright widths


def test_core14_module_is_what_the_generator_writes() -> None:
    from tools.make_core14 import TARGET, module

    assert TARGET.read_text(encoding="utf-8") == module(), "run python tools/make_core14.py"


def test_wrap_keeps_every_word_within_the_width() -> None:
    text = "Employer-required retirement (payroll deduction, Mesa Public Schools) " * 3
    lines = flow.wrap(text, flow.REGULAR, 9, 200)
    assert len(lines) > 3
    assert all(flow.font(flow.REGULAR).width(line) * 9 / 1000 <= 200 for line in lines)
    assert b" ".join(lines).split() == flow.font(flow.REGULAR).encode(text).split()


def test_pages_break_and_repeat_the_header() -> None:
    body: list[flow.Block] = [flow.Pair(f"Item {n}", f"value {n}") for n in range(200)]
    pages = flow.typeset([flow.Para("HEADER LINE", bold=True)], body, "Page {page} of {pages}")
    assert len(pages) >= 3
    for n, content in enumerate(pages, start=1):
        assert b"(HEADER LINE) Tj" in content
        assert f"(Page {n} of {len(pages)}) Tj".encode() in content
    everything = b"".join(pages)
    assert all(f"(value {n}) Tj".encode() in everything for n in range(200))


def test_text_outside_winansi_is_refused() -> None:
    with pytest.raises(UnencodableCharacter):
        flow.check_encodable("\u65e5\u672c")
