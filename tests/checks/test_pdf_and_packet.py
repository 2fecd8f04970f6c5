"""Filled official PDFs read back and checked: recognition by sha256 and by fields, the same
rules as on the case, hand-edited forms caught, packets (folders and merged PDFs).

Needs the official IRS PDFs (FORMKIT_FORMS_DIR); skipped without them, failed under CI.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

import formkit
from formkit.checks import UnusableInput, check_case, check_packet, check_pdf
from formkit.forms.registry import supported
from tests.checks.helpers import FTA, IA, JOINT, LUMP, example, findings
from tests.conftest import EXAMPLES

pytestmark = pytest.mark.official_pdf

# (example, form, mapper options, file name): the forms each engagement files
FORMS: dict[str, list[tuple[str, dict[str, Any], str]]] = {
    LUMP: [("656", {}, "656.pdf"), ("433-A (OIC)", {}, "433aoi.pdf"), ("2848", {}, "2848.pdf")],
    JOINT: [("656", {}, "656.pdf"), ("433-A (OIC)", {}, "433aoi.pdf"),
            ("2848", {"signer": "taxpayer"}, "2848-taxpayer.pdf"),
            ("2848", {"signer": "spouse"}, "2848-spouse.pdf")],
    IA: [("9465", {}, "9465.pdf")],
    FTA: [("843", {"item_index": 0}, "843-1.pdf"), ("843", {"item_index": 1}, "843-2.pdf"),
          ("2848", {}, "2848.pdf")],
}


def fill_packet(name: str, folder: Path, forms_dir: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    case = example(name)
    for form, options, file in FORMS[name]:
        (folder / file).write_bytes(formkit.fill(form, case, forms_dir=forms_dir, **options))
    return folder


def clear_fields(src: Path, dst: Path, form: str, *keys: str, value: str = "") -> None:
    """Edit a filled form by hand with pypdf (which re-saves the whole file)."""
    rev = supported(form)
    writer = PdfWriter(clone_from=PdfReader(src))
    names = {rev.fields[k].pdf: value for k in keys}
    for page in writer.pages:
        writer.update_page_form_field_values(page, names, auto_regenerate=False)
    writer.write(dst)


def _rules(report: Any) -> set[str]:
    return {f.code for f in report.findings if not f.code.startswith("CHK-")}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_same_rules_on_the_case_and_on_its_filled_forms(name: str, tmp_path: Path,
                                                        forms_dir: Path) -> None:
    folder = fill_packet(name, tmp_path / "packet", forms_dir)
    from_case = check_case(EXAMPLES / name)
    from_pdfs = check_packet(folder, case=EXAMPLES / name)
    assert all(d.recognised_by == "sha256" for d in from_pdfs.documents)
    assert len(from_pdfs.documents) == len(FORMS[name])
    assert _rules(from_pdfs) == _rules(from_case)


def test_filled_form_recognised_by_its_original_bytes(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(LUMP, tmp_path, forms_dir)
    report = check_pdf(folder / "2848.pdf")
    (doc,) = report.documents
    assert (doc.form, doc.revision, doc.recognised_by) == ("2848", "1-2021", "sha256")
    assert report.errors == () and report.warnings == ()


def test_hand_edited_form_is_caught(tmp_path: Path, forms_dir: Path) -> None:
    """Filled by formkit, then a field cleared by hand with pypdf: the checker notices."""
    folder = fill_packet(LUMP, tmp_path / "p", forms_dir)
    edited = tmp_path / "2848-edited.pdf"
    clear_fields(folder / "2848.pdf", edited, "2848", "part_2.row[1].designation",
                 "line_2.representative[1].caf_number")
    report = check_pdf(edited)
    (doc,) = report.documents
    assert doc.recognised_by == "fields"     # re-saved: the original bytes are gone
    (designation,) = findings(report, "POA-005")
    assert designation.where == "Form 2848 Part II (part_2.row[1].designation)"
    assert designation.severity == "error"
    assert findings(report, "POA-008")
    assert report.exit_code() == 1


def test_hand_edited_packet_cross_form(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(LUMP, tmp_path / "p", forms_dir)
    clear_fields(folder / "656.pdf", tmp_path / "656.pdf", "656", "taxpayer.ssn",
                 value="512-48-3312")
    shutil.move(tmp_path / "656.pdf", folder / "656.pdf")
    report = check_packet(folder)
    (finding,) = findings(report, "XF-001")
    assert finding.document == "Form 656"
    assert "***-**-3312" in finding.message and "512-48" not in finding.message


def test_cleared_offer_amount_in_a_packet(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(LUMP, tmp_path / "p", forms_dir)
    clear_fields(folder / "656.pdf", tmp_path / "656.pdf", "656",
                 "section_6.source_of_funds", "taxpayer.signature_date")
    shutil.move(tmp_path / "656.pdf", folder / "656.pdf")
    report = check_packet(folder, case=EXAMPLES / LUMP)
    assert findings(report, "OIC-030") and findings(report, "OIC-010")
    assert all(f.where.startswith("Form 656") for f in findings(report, "OIC-030"))


def test_merged_packet_pdf(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(JOINT, tmp_path / "p", forms_dir)
    writer = PdfWriter()
    for file in ("656.pdf", "433aoi.pdf", "2848-taxpayer.pdf"):
        writer.append(str(folder / file))
    merged = tmp_path / "merged.pdf"
    writer.write(merged)
    report = check_packet(merged, case=EXAMPLES / JOINT)
    assert sorted(d.form for d in report.documents) == ["2848", "433-A (OIC)", "656"]
    assert {d.recognised_by for d in report.documents} == {"fields"}
    assert _rules(report) == _rules(check_case(EXAMPLES / JOINT))


def test_prior_revision_is_recognised_and_reported(forms_dir: Path) -> None:
    report = check_pdf(forms_dir / "f843--2011-08.pdf")
    (doc,) = report.documents
    assert (doc.revision, doc.supported, doc.recognised_by) == ("8-2011", False, "sha256")
    (finding,) = findings(report, "XF-006")
    assert "Rev. 12-2024" in finding.fix


def test_prior_2848_revision_in_a_packet(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(FTA, tmp_path / "p", forms_dir)
    shutil.copy(forms_dir / "f2848--2020-02.pdf", folder / "old-2848.pdf")
    report = check_packet(folder)
    old = [d for d in report.documents if d.revision == "2-2020"]
    assert len(old) == 1 and not old[0].supported
    (finding,) = findings(report, "XF-006")
    assert "old-2848.pdf" in finding.message and finding.severity == "warning"


def test_a_pdf_without_form_fields_is_unusable(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    buf = io.BytesIO()
    writer.write(buf)
    blank = tmp_path / "letter.pdf"
    blank.write_bytes(buf.getvalue())
    with pytest.raises(UnusableInput, match="no form formkit recognises"):
        check_pdf(blank)


def test_packet_folder_notes_attachments(tmp_path: Path, forms_dir: Path) -> None:
    folder = fill_packet(IA, tmp_path / "p", forms_dir)
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    with (folder / "paystub.pdf").open("wb") as fh:
        writer.write(fh)
    report = check_packet(folder)
    (note,) = findings(report, "XF-007")
    assert note.severity == "info" and "paystub.pdf" in note.message


def test_not_a_pdf(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_text("hello")
    with pytest.raises(UnusableInput, match="not a PDF"):
        check_pdf(bad)
