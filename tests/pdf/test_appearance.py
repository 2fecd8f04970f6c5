"""Appearance-stream layout on real widgets: position, size, escaping, fit and errors."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ContentStream

from formkit.pdf import CompiledTemplate, FieldKind, compile_template, fill, read_fields
from formkit.pdf import appearance as ap
from formkit.pdf.appearance import MIN_FONT_SIZE, TEXT_PADDING, Appearance, LayoutError
from formkit.pdf.model import WidgetSpec
from tests.pdf.conftest import official_pdf
from tests.pdf.helpers import dark_pixels, pdftk_fields, qpdf_check, render_page

pytestmark = pytest.mark.official_pdf

P1 = "topmostSubform[0].Page1[0]."
NAME = P1 + "c1[0].Lines1a-b[0].p1-t4[0]"  # Q=0, 252 x 10.8 pt
AREA_CODE = P1 + "c1[0].Line1c[0].p1-t6c[0]"  # Q=1, 21.6 pt wide
ADDRESS = P1 + "c1[0].Lines1a-b[0].p1-t5[0]"  # multiline, 252 x 46.8 pt
PIN = "topmostSubform[0].Page2[0].f2_4[0]"  # 843 comb, 6 cells, bordered


@pytest.fixture(scope="module")
def f433a() -> CompiledTemplate:
    return compile_template(official_pdf("f433a.pdf"))


def _widget(tpl: CompiledTemplate, name: str) -> WidgetSpec:
    return tpl.fields[name].widgets[0]


def _runs(appearance: Appearance) -> list[tuple[float, float, float, bytes]]:
    """(font size, x, y, string) for each shown string, from the parsed content."""
    stream = ContentStream(None, None)
    stream.set_data(appearance.content)
    size = 0.0
    x = y = 0.0
    runs = []
    for operands, op in stream.operations:
        if op == b"Tf":
            size = float(operands[1])
        elif op == b"Tm":
            x, y = float(operands[4]), float(operands[5])
        elif op == b"Tj":
            runs.append((size, x, y, bytes(operands[0].get_original_bytes()
                                            if hasattr(operands[0], "get_original_bytes")
                                            else operands[0])))
    return runs


def test_single_line_is_left_aligned_centred_and_clipped(f433a: CompiledTemplate) -> None:
    w = _widget(f433a, NAME)
    result = ap.single_line(w, "JANE PUBLIC")
    ((size, x, y, data),) = _runs(result)
    assert (size, x, data) == (8.0, TEXT_PADDING, b"JANE PUBLIC")
    assert result.width == pytest.approx(w.width) and result.height == pytest.approx(w.height)
    # glyph box (ascent..descent) centred vertically
    assert w.font is not None
    top = y + w.font.ascent / 1000 * size
    bottom = y + w.font.descent / 1000 * size
    assert (w.height - top) == pytest.approx(bottom, abs=0.01)
    assert result.content.startswith(b"/Tx BMC\nq\n") and b" re W n\n" in result.content
    assert result.content.endswith(b"ET\nQ\nEMC\n")
    assert b"0 0 0.502 rg" in result.content  # the /DA colour
    assert result.resources == b"<</Font<</HelveticaLTStd-Bold 505 0 R>>>>"  # the /DR font


def test_centred_quadding(f433a: CompiledTemplate) -> None:
    w = _widget(f433a, AREA_CODE)
    assert w.quadding == 1 and w.font is not None
    ((size, x, _, data),) = _runs(ap.single_line(w, "713"))
    text_width = w.font.width(data) * size / 1000
    assert x + text_width / 2 == pytest.approx(w.width / 2, abs=0.01)


def test_right_quadding(f433a: CompiledTemplate) -> None:
    w = dataclasses.replace(_widget(f433a, NAME), quadding=2)
    assert w.font is not None
    ((size, x, _, data),) = _runs(ap.single_line(w, "1,234"))
    assert x + w.font.width(data) * size / 1000 == pytest.approx(w.width - TEXT_PADDING)


def test_shrinks_to_fit_then_refuses_below_minimum(f433a: CompiledTemplate) -> None:
    w = _widget(f433a, NAME)
    assert w.font is not None
    text = "WM" * 21
    ((size, x, _, data),) = _runs(ap.single_line(w, text))
    assert MIN_FONT_SIZE <= size < 8
    assert x + w.font.width(data) * size / 1000 <= w.width - TEXT_PADDING + 1e-6
    with pytest.raises(LayoutError, match="shorten"):
        ap.single_line(w, "WM" * 30)


def test_multiline_wraps_within_the_box(f433a: CompiledTemplate) -> None:
    w = _widget(f433a, ADDRESS)
    assert w.font is not None
    text = (
        "1234 Very Long Street Name Apartment 56B\n"
        "c/o Jonathan Appleseed, Springfield, Illinois 62704-1234, United States of America"
    )
    runs = _runs(ap.multiline(w, text))
    assert len(runs) >= 3
    ys = [r[2] for r in runs]
    assert ys == sorted(ys, reverse=True)  # top to bottom
    for size, x, y, data in runs:
        assert x >= TEXT_PADDING - 1e-6
        assert x + w.font.width(data) * size / 1000 <= w.width - TEXT_PADDING + 1e-6
        assert y + w.font.descent / 1000 * size >= 0
        assert y + w.font.ascent / 1000 * size <= w.height
    assert b" ".join(r[3] for r in runs).replace(b" ", b"") == text.replace("\n", "").replace(
        " ", ""
    ).encode()


def test_multiline_single_line_value_is_centred_like_a_single_line(
    f433a: CompiledTemplate,
) -> None:
    w = _widget(f433a, ADDRESS)
    assert ap.multiline(w, "short") == ap.single_line(w, "short")


def test_comb_puts_one_glyph_in_each_cell() -> None:
    tpl = compile_template(official_pdf("f843.pdf"))
    w = _widget(tpl, PIN)
    assert w.font is not None and w.border is not None
    result = ap.comb(w, "123456", 6)
    runs = _runs(result)
    cell = w.width / 6
    assert [r[3] for r in runs] == [b"1", b"2", b"3", b"4", b"5", b"6"]
    for i, (size, x, _, data) in enumerate(runs):
        assert x + w.font.width(data) * size / 1000 / 2 == pytest.approx((i + 0.5) * cell)
    # the cell dividers the original appearance had are redrawn
    assert result.content.count(b" l") == 5
    with pytest.raises(LayoutError):
        ap.comb(w, "1234567", 6)


def test_unencodable_character(f433a: CompiledTemplate) -> None:
    with pytest.raises(LayoutError, match="U\\+0141"):
        ap.single_line(_widget(f433a, NAME), "Łódź")


_WINANSI_TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ019 ()\\/<>[]{}%#&'\"éÑü€’“”–—§©")),
    min_size=0, max_size=40,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_WINANSI_TEXT)
def test_any_winansi_text_is_escaped_exactly(f433a: CompiledTemplate, text: str) -> None:
    w = _widget(f433a, NAME)
    assert w.font is not None
    try:
        result = ap.single_line(w, text)
    except LayoutError:
        return  # too wide is a legitimate refusal; never a garbled stream
    runs = _runs(result)
    assert b"".join(r[3] for r in runs) == w.font.encode(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_WINANSI_TEXT)
def test_fill_round_trips_any_winansi_text(f433a: CompiledTemplate, text: str) -> None:
    try:
        pdf = fill(f433a, {NAME: text})
    except Exception as exc:  # only FillError is acceptable
        assert type(exc).__name__ == "FillError"
        return
    assert read_fields(pdf)[NAME] == text


def test_generated_check_appearance_when_a_checkbox_has_none(
    f433a: CompiledTemplate, tmp_path: Path
) -> None:
    """No IRS checkbox lacks its on appearance; simulate one to exercise the fallback."""
    name = P1 + "c1[0].C1_01_2a[0]"
    spec = f433a.fields[name]
    bare = dataclasses.replace(
        spec.widgets[0], on_states=(), has_off_appearance=False, normal_states=b"", ap_rest=b""
    )
    fields = dict(f433a.fields)
    fields[name] = dataclasses.replace(spec, widgets=(bare,))
    tpl = dataclasses.replace(f433a, fields=fields)
    pdf = fill(tpl, {name: True})
    out = tmp_path / "gen.pdf"
    out.write_bytes(pdf)
    assert qpdf_check(out).returncode == 0
    assert pdftk_fields(out)[name]["value"] == "Yes"
    reader = PdfReader(io.BytesIO(pdf))
    normal = reader.get_object(spec.widgets[0].ref[0])["/AP"]["/N"]
    assert sorted(normal) == ["/Off", "/Yes"]
    assert b"/ZaDb" in normal["/Yes"].get_data() and b"(4) Tj" in normal["/Yes"].get_data()
    assert normal["/Off"].get_data() == b""
    height = float(reader.pages[0].mediabox.height)
    assert spec.rect is not None
    assert dark_pixels(render_page(out, 1, tmp_path / "r"), spec.rect, height, inset=2)


def test_existing_on_appearance_is_reused_and_off_added(f433a: CompiledTemplate) -> None:
    name = P1 + "c1[0].C1_01_2a[0]"
    spec = f433a.fields[name]
    pdf = fill(f433a, {name: True})
    widget = PdfReader(io.BytesIO(pdf)).get_object(spec.widgets[0].ref[0])
    assert widget["/AS"] == "/1" and widget["/V"] == "/1"
    normal = widget["/AP"]["/N"]
    assert normal.raw_get("/1").idnum == 3693  # the form's own check appearance
    assert normal["/Off"].get_object().get_data() == b""
    assert sorted(widget["/AP"]["/D"]) == ["/1", "/Off"]  # down appearances kept


def test_every_text_widget_has_a_measurable_font() -> None:
    for form in ("f433a.pdf", "f2848.pdf", "f843.pdf"):
        tpl = compile_template(official_pdf(form))
        for spec in tpl.fields.values():
            if spec.kind is FieldKind.TEXT:
                for w in spec.widgets:
                    assert w.font is not None and w.font.widths is not None, spec.name


def test_auto_size_fills_the_height_then_shrinks_for_width(f433a: CompiledTemplate) -> None:
    w = _widget(f433a, NAME)
    assert w.da is not None and w.font is not None
    auto = dataclasses.replace(w, da=dataclasses.replace(w.da, font_size=0.0))
    ((size, *_),) = _runs(ap.single_line(auto, "Jane"))
    line = (w.font.ascent - w.font.descent) / 1000
    assert size == pytest.approx(min(ap.AUTO_FONT_SIZE, w.height / line), abs=0.01)
    ((size_long, x, _, data),) = _runs(ap.single_line(auto, "W" * 40))
    assert size_long < size
    assert x + w.font.width(data) * size_long / 1000 <= w.width - TEXT_PADDING + 1e-6
    assert ap.AUTO_FONT_SIZE >= size >= MIN_FONT_SIZE


def test_password_field_shows_masks_but_stores_the_value(f433a: CompiledTemplate) -> None:
    spec = f433a.fields[NAME]
    fields = dict(f433a.fields)
    fields[NAME] = dataclasses.replace(spec, password=True)
    pdf = fill(dataclasses.replace(f433a, fields=fields), {NAME: "s3cret"})
    widget = PdfReader(io.BytesIO(pdf)).get_object(spec.widgets[0].ref[0])
    assert b"(******) Tj" in widget["/AP"]["/N"].get_data()
    assert widget["/V"] == "s3cret"
