"""The hand maps of the prior revisions (Form 2848 Rev. 2-2020, Form 843 Rev. 8-2011), the
base ``formkit forms derive`` starts from and the measure of its precision, checked against
the PDFs with independent readers: pypdf for the widget rectangles and on-states, pdfplumber
for the words printed beside the boxes."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from tests.forms.support import _full_name, field_map, official_pdf, revision

pytestmark = pytest.mark.official_pdf


def _rects(path: Path) -> dict[str, tuple[float, ...]]:
    out: dict[str, tuple[float, ...]] = {}
    for page in PdfReader(path).pages:
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            out[_full_name(annot)] = tuple(round(float(x)) for x in annot["/Rect"])
    return out


def test_2848_keys_shared_with_rev_1_2021_sit_in_the_same_boxes() -> None:
    """Rev. 1-2021 kept the 2-2020 layout: every concept both maps name is at the same place."""
    old_rev, new_rev = revision("f2848", "2-2020"), revision("f2848", "1-2021")
    old_map, new_map = field_map(old_rev)["fields"], field_map(new_rev)["fields"]
    old_rects, new_rects = _rects(official_pdf(old_rev)), _rects(official_pdf(new_rev))
    shared = sorted(set(old_map) & set(new_map))
    assert len(shared) == 70
    for key in shared:
        a, b = old_rects[old_map[key]["pdf"]], new_rects[new_map[key]["pdf"]]
        assert all(abs(x - y) <= 1 for x, y in zip(a, b, strict=True)), key


def test_2848_one_box_in_2_2020_is_two_or_three_boxes_in_1_2021() -> None:
    old_rev, new_rev = revision("f2848", "2-2020"), revision("f2848", "1-2021")
    old_map, new_map = field_map(old_rev)["fields"], field_map(new_rev)["fields"]
    old_rects, new_rects = _rects(official_pdf(old_rev)), _rects(official_pdf(new_rev))

    def union(*keys: str) -> tuple[float, ...]:
        boxes = [new_rects[new_map[k]["pdf"]] for k in keys]
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
                max(b[3] for b in boxes))

    assert old_rects[old_map["taxpayer.name_address"]["pdf"]] == union("taxpayer.full_name", "taxpayer.address.full")
    assert old_rects[old_map["taxpayer.tin"]["pdf"]] == union("taxpayer.ssn", "taxpayer.itin", "taxpayer.ein")
    for n in range(1, 5):
        rep = f"line_2.representative[{n}]."
        assert old_rects[old_map[rep + "name_address"]["pdf"]] == union(rep + "name", rep + "address")
    # Part II has five rows in 2-2020 (four in 1-2021), dated by hand (read-only date cells)
    assert "part_2.row[5].license_number" in old_map and "part_2.row[5].license_number" not in new_map
    dates = [r for r in field_map(old_rev)["unmapped"].values() if r.startswith("read-only date of Part II")]
    assert len(dates) == 5


def _words_right_of(path: Path, rect: tuple[float, ...], page_no: int) -> str:
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_no - 1]
        top, bottom = page.height - rect[3], page.height - rect[1]
        row = sorted((w for w in page.extract_words() if w["x0"] >= rect[2] and w["x0"] < rect[2] + 60
                      and w["top"] < bottom and w["bottom"] > top), key=lambda w: w["x0"])
        return str(row[0]["text"]) if row else ""


def test_843_checkboxes_are_the_boxes_of_the_printed_choices() -> None:
    """Line 3 (type of tax) and line 6 (original return) of Rev. 8-2011: each box's on-state and
    the word printed right of it are the choice the hand map's note names."""
    rev = revision("f843", "8-2011")
    path = official_pdf(rev)
    rects = _rects(path)
    fields = field_map(rev)["fields"]
    checked = 0
    for key, spec in fields.items():
        if spec["kind"] != "checkbox" or spec["line"] not in ("3", "6"):
            continue
        printed = _words_right_of(path, rects[spec["pdf"]], spec["page"])
        assert printed == spec["note"].split()[0], key
        assert spec["on"] == spec["note"].split()[0], key
        checked += 1
    assert checked == 6 + 11


def test_843_widgets_outside_the_acroform_are_explained() -> None:
    """This copy of Rev. 8-2011 lost 13 fields from its AcroForm: they stay unmapped with the
    reason, and formkit's own reader (the one a fill uses) does not see them either."""
    from formkit.pdf import compile_template

    rev = revision("f843", "8-2011")
    unmapped = field_map(rev)["unmapped"]
    assert len(unmapped) == 13 and all("not in the file's AcroForm" in r for r in unmapped.values())
    compiled = compile_template(official_pdf(rev).read_bytes())
    assert not set(unmapped) & set(compiled.fields)
    assert {s["pdf"] for s in field_map(rev)["fields"].values()} == set(compiled.fields)
