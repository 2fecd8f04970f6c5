"""Compiling the official forms: what is recorded per field, caching, refusals."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfWriter

from formkit.pdf import FieldKind, TemplateError, clear_cache, compile_template, fill
from tests.pdf.conftest import official_pdf, require_tool

pytestmark = pytest.mark.official_pdf


@pytest.mark.parametrize(("form", "fields", "text", "checkbox"), [
    ("f433a.pdf", 393, 347, 46),  # MANIFEST fields_with_type
    ("f2848.pdf", 92, 70, 21),
    ("f843.pdf", 85, 42, 43),
    ("f9465.pdf", 66, 42, 24),
])
def test_every_terminal_field_is_compiled(form: str, fields: int, text: int, checkbox: int) -> None:
    tpl = compile_template(official_pdf(form))
    kinds = [s.kind for s in tpl.fields.values()]
    assert len(tpl.fields) == fields
    assert kinds.count(FieldKind.TEXT) == text
    assert kinds.count(FieldKind.CHECKBOX) == checkbox
    for spec in tpl.fields.values():
        assert spec.name.startswith("topmostSubform[0].")
        assert spec.widgets and all(w.page is not None for w in spec.widgets)
        assert all(w.rect[2] > w.rect[0] and w.rect[3] > w.rect[1] for w in spec.widgets)
        if spec.kind is FieldKind.CHECKBOX:
            assert spec.on_states and "Off" not in spec.on_states
        if spec.kind is FieldKind.TEXT:
            assert all(w.da is not None and w.da.font_size > 0 for w in spec.widgets)


def test_recorded_facts_of_a_433a_field() -> None:
    tpl = compile_template(official_pdf("f433a.pdf"))
    spec = tpl.fields["topmostSubform[0].Page1[0].c1[0].Lines1a-b[0].p1-t4[0]"]
    (w,) = spec.widgets
    assert (spec.kind, spec.max_len, spec.multiline, spec.comb, spec.readonly) == (
        FieldKind.TEXT, 45, False, False, False)
    assert spec.tooltip.startswith("Section 1. Personal Information. 1a.")
    assert w.ref == (3828, 0) and w.page == 0 and w.quadding == 0
    assert w.rect == pytest.approx((50.4, 633.608, 302.4, 644.408))
    assert w.da is not None and (w.da.font_name, w.da.font_size, w.da.colour) == (
        "HelveticaLTStd-Bold", 8.0, b"0 0 0.502 rg")
    assert w.font is not None and w.font.ref == b"505 0 R" and w.font.widths is not None
    assert w.dict_prefix.startswith(b"<<") and b"/V " not in w.dict_prefix
    assert b"/Parent 496 0 R" in w.dict_prefix
    assert (tpl.root_ref, tpl.acroform_ref, tpl.info_ref, tpl.size) == (
        (3688, 0), (3820, 0), (3686, 0), 3960)
    assert tpl.startxref == 348621 and not tpl.classic_xref
    weekly = [s for s in tpl.fields.values() if s.on_states == ("Weekly",)]
    assert len(weekly) == 2 and not any(w.has_off_appearance for s in weekly for w in s.widgets)


def test_comb_fields_found() -> None:
    tpl = compile_template(official_pdf("f843.pdf"))
    combs = {s.name: s.max_len for s in tpl.fields.values() if s.comb}
    assert combs == {
        "topmostSubform[0].Page2[0].f2_4[0]": 6,
        "topmostSubform[0].Page2[0].f2_5[0]": 6,
    }


def _xref(path: Path) -> str:
    return subprocess.run([require_tool("qpdf"), "--show-xref", str(path)],
                          capture_output=True, check=True, text=True).stdout


def test_widgets_in_object_streams_are_rewritten_as_plain_objects(tmp_path: Path) -> None:
    """The originals keep every widget in an object stream; the update re-emits it."""
    data = official_pdf("f433a.pdf")
    tpl = compile_template(data)
    name = "topmostSubform[0].Page1[0].c1[0].Lines1a-b[0].p1-t4[0]"
    ref = tpl.fields[name].ref
    original, filled = tmp_path / "o.pdf", tmp_path / "f.pdf"
    original.write_bytes(data)
    filled.write_bytes(fill(tpl, {name: "x"}))
    assert f"\n{ref[0]}/0: compressed" in "\n" + _xref(original)
    assert f"\n{ref[0]}/0: uncompressed" in "\n" + _xref(filled)


def test_fixed_objects_drop_perms_and_xfa() -> None:
    tpl = compile_template(official_pdf("f433a.pdf"))
    bodies = dict(tpl.fixed_objects)
    catalog, acroform = bodies[tpl.root_ref], bodies[(3820, 0)]
    assert b"/Perms" not in catalog and b"/AcroForm 3820 0 R" in catalog
    assert b"/XFA" not in acroform and b"/Fields [387 0 R]" in acroform
    assert b"/NeedAppearances" not in acroform


def test_cache_by_content() -> None:
    data = official_pdf("f843.pdf")
    first = compile_template(data)
    assert compile_template(bytes(bytearray(data))) is first
    clear_cache()
    assert compile_template(data) is not first


def test_refuses_non_forms() -> None:
    with pytest.raises(TemplateError):
        compile_template(b"not a pdf at all")
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(TemplateError, match="no AcroForm"):
        compile_template(buf.getvalue())
