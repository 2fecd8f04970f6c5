"""Fill every text field and checkbox of real IRS forms; check with independent tools."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1
from pypdf import PdfReader

from formkit.pdf import (
    CompiledTemplate,
    FieldKind,
    clear_cache,
    compile_template,
    fill,
    find_prefix,
    read_fields,
)
from tests.pdf.conftest import PINNED, official_pdf
from tests.pdf.helpers import (
    all_checkboxes_on,
    dark_pixels,
    distinct_text_values,
    pdftk_fields,
    plumber_values,
    qpdf_check,
    render_page,
)

pytestmark = pytest.mark.official_pdf

FORMS = ["f433a.pdf", "f2848.pdf", "f843.pdf"]


@dataclass(frozen=True)
class Filled:
    name: str
    original: bytes
    template: CompiledTemplate
    values: dict[str, str | bool]
    pdf: bytes
    path: Path


@pytest.fixture(scope="module", params=FORMS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Filled:
    name: str = request.param
    original = official_pdf(name)
    tpl = compile_template(original)
    values: dict[str, str | bool] = {**distinct_text_values(tpl), **all_checkboxes_on(tpl)}
    pdf = fill(tpl, values)
    path = tmp_path_factory.mktemp(name.removesuffix(".pdf")) / "filled.pdf"
    path.write_bytes(pdf)
    return Filled(name, original, tpl, values, pdf, path)


def _texts(f: Filled) -> dict[str, str]:
    return {k: v for k, v in f.values.items() if isinstance(v, str)}


def test_every_text_field_is_filled_with_a_distinct_value(filled: Filled) -> None:
    texts = _texts(filled)
    fillable = [
        s for s in filled.template.fields.values() if s.kind is FieldKind.TEXT and not s.readonly
    ]
    assert len(texts) == len(fillable) > 0
    assert len(set(texts.values())) == len(texts)


def test_pdftk_reads_back_every_value(filled: Filled) -> None:
    fields = pdftk_fields(filled.path)
    for name, value in _texts(filled).items():
        assert fields[name]["value"] == value, name
    for name in (k for k, v in filled.values.items() if v is True):
        spec = filled.template.fields[name]
        assert fields[name]["value"] == spec.on_states[0], name
        assert spec.on_states[0] in fields[name]["states"]


def test_pdfplumber_reads_back_every_value(filled: Filled) -> None:
    values = plumber_values(filled.pdf)
    for name, value in _texts(filled).items():
        assert values.get(name) == value, name
    for name in (k for k, v in filled.values.items() if v is True):
        assert values.get(name) == filled.template.fields[name].on_states[0], name


def test_read_fields_matches(filled: Filled) -> None:
    read = read_fields(filled.pdf)
    for name, value in filled.values.items():
        expected = filled.template.fields[name].on_states[0] if value is True else value
        assert read[name] == expected, name


def test_qpdf_check_passes(filled: Filled) -> None:
    result = qpdf_check(filled.path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def test_original_is_a_verbatim_prefix(filled: Filled) -> None:
    assert filled.pdf.startswith(filled.original)
    assert find_prefix(filled.pdf, PINNED[filled.name]) == len(filled.original)
    # exactly one update appended: one more %%EOF than the original has
    assert filled.pdf.count(b"%%EOF") == filled.original.count(b"%%EOF") + 1


def test_xfa_and_usage_rights_are_gone(filled: Filled) -> None:
    before = PdfReader(io.BytesIO(filled.original)).trailer["/Root"]
    assert "/Perms" in before and "/XFA" in before["/AcroForm"]  # the premise
    root = PdfReader(io.BytesIO(filled.pdf)).trailer["/Root"]
    assert "/Perms" not in root
    assert "/NeedsRendering" not in root
    acroform = root["/AcroForm"]
    assert "/XFA" not in acroform
    assert not acroform.get("/NeedAppearances", False)
    fonts_after = {k: v.idnum for k, v in acroform["/DR"]["/Font"].items() if hasattr(v, "idnum")}
    fonts_before = {
        k: v.idnum for k, v in before["/AcroForm"]["/DR"]["/Font"].items() if hasattr(v, "idnum")
    }
    assert fonts_after == fonts_before
    assert "/HelveticaLTStd-Bold" in fonts_after
    # and as an independent parser (pdfminer) sees the catalog
    with pdfplumber.open(io.BytesIO(filled.pdf)) as doc:
        catalog = doc.doc.catalog
        assert "Perms" not in catalog
        assert "XFA" not in resolve1(catalog["AcroForm"])


def test_update_uses_an_xref_stream_pointing_at_the_original(filled: Filled) -> None:
    tail = filled.pdf[len(filled.original):]
    startxref = int(tail.rsplit(b"startxref", 1)[1].split()[0])
    section = filled.pdf[startxref:startxref + 600]
    assert b"/Type/XRef" in section
    original_startxref = int(filled.original.rsplit(b"startxref", 1)[1].split()[0])
    assert b"/Prev %d" % original_startxref in section
    trailer = PdfReader(io.BytesIO(filled.pdf)).trailer
    old_trailer = PdfReader(io.BytesIO(filled.original)).trailer
    assert trailer["/ID"][0] == old_trailer["/ID"][0]
    assert trailer["/ID"][1] != old_trailer["/ID"][1]
    assert trailer["/Info"] == old_trailer["/Info"]


def test_same_input_gives_identical_bytes(filled: Filled) -> None:
    clear_cache()  # recompile from scratch too
    again = fill(filled.original, dict(reversed(list(filled.values.items()))))
    assert again == filled.pdf
    different = dict(filled.values)
    first_text = next(k for k, v in different.items() if isinstance(v, str))
    different[first_text] = "X"
    other = fill(filled.original, different)
    assert other != filled.pdf
    # the second /ID element depends on the content of the update
    assert PdfReader(io.BytesIO(other)).trailer["/ID"][1] != PdfReader(
        io.BytesIO(filled.pdf)
    ).trailer["/ID"][1]


def test_checkbox_off_reads_back_off(official: object) -> None:
    original = official_pdf("f433a.pdf")
    tpl = compile_template(original)
    box = next(s for s in tpl.fields.values() if s.kind is FieldKind.CHECKBOX)
    on = fill(tpl, {box.name: True})
    off = fill(tpl, {box.name: False})
    named = fill(tpl, {box.name: box.on_states[0]})
    assert read_fields(on)[box.name] == box.on_states[0]
    assert read_fields(off)[box.name] == "Off"
    assert named == on
    assert plumber_values(off)[box.name] == "Off"


def test_rendered_page_shows_filled_text_and_leaves_empty_fields_blank(
    tmp_path: Path,
) -> None:
    original = official_pdf("f433a.pdf")
    tpl = compile_template(original)
    page1 = [
        s for s in tpl.fields.values()
        if s.kind is FieldKind.TEXT and s.page == 0 and (s.max_len or 99) >= 8
    ]
    filled_field, empty_field = page1[0], page1[1]
    box = next(s for s in tpl.fields.values() if s.kind is FieldKind.CHECKBOX and s.page == 0)
    pdf = fill(tpl, {filled_field.name: "JANE Q PUBLIC", box.name: True})
    out = tmp_path / "f.pdf"
    out.write_bytes(pdf)
    blank = tmp_path / "o.pdf"
    blank.write_bytes(original)
    height = float(PdfReader(io.BytesIO(original)).pages[0].mediabox.height)
    image = render_page(out, 1, tmp_path / "filled")
    image_blank = render_page(blank, 1, tmp_path / "blank")

    assert filled_field.rect is not None and empty_field.rect is not None
    assert box.rect is not None
    text_pixels = dark_pixels(image, filled_field.rect, height)
    assert len(text_pixels) > 20, "filled text should be drawn inside its box"
    # the /DA colour is navy (0 0 0.502 rg): text pixels are blue, not grey/black
    assert sum(b - r for r, _, b in text_pixels) / len(text_pixels) > 30
    assert dark_pixels(image_blank, filled_field.rect, height) == []
    assert dark_pixels(image, empty_field.rect, height) == []
    assert dark_pixels(image, box.rect, height, inset=2) != []
    assert dark_pixels(image_blank, box.rect, height, inset=2) == []


def test_filling_a_filled_pdf_appends_a_second_update() -> None:
    original = official_pdf("f2848.pdf")
    tpl = compile_template(original)
    first_name = next(s.name for s in tpl.fields.values() if s.kind is FieldKind.TEXT)
    once = fill(tpl, {first_name: "First"})
    twice = fill(once, {first_name: "Second"})
    assert twice.startswith(once)
    assert read_fields(twice)[first_name] == "Second"
    assert find_prefix(twice, PINNED["f2848.pdf"]) == len(original)
    assert find_prefix(twice, hashlib.sha256(once).hexdigest()) == len(once)


def test_classic_xref_original_gets_a_classic_update(tmp_path: Path) -> None:
    """The 2011 Form 843 (no XFA, classic xref table, fonts missing from /DR)."""
    original = official_pdf("f843--2011-08.pdf")
    tpl = compile_template(original)
    assert tpl.classic_xref
    name = "topmostSubform[0].Page1[0].p1-t1[0]"
    pdf = fill(tpl, {name: "Jane Q. Public"})
    tail = pdf[len(original):]
    startxref = int(tail.rsplit(b"startxref", 1)[1].split()[0])
    assert pdf[startxref:startxref + 5] == b"xref\n"
    path = tmp_path / "old.pdf"
    path.write_bytes(pdf)
    assert pdftk_fields(path)[name]["value"] == "Jane Q. Public"
    assert plumber_values(pdf)[name] == "Jane Q. Public"
    # the /DA font Helvetica-Bold was not in a /DR: it is added as a standard font
    acroform = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]
    assert acroform["/DR"]["/Font"]["/Helvetica-Bold"]["/BaseFont"] == "/Helvetica-Bold"
    assert "/NeedAppearances" not in acroform
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(original)
    # qpdf already warns about the original (object 503 at offset 0); we add nothing
    assert _qpdf_messages(path) == _qpdf_messages(blank)


def _qpdf_messages(path: Path) -> list[str]:
    result = qpdf_check(path)
    return sorted(line.replace(str(path), "FILE") for line in
                  (result.stdout + result.stderr).splitlines() if "WARNING" in line)
