"""Attachments: PDF, JPEG, PNG become pages; missing, encrypted, broken or foreign files are clear errors."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader, PdfWriter

from formkit.case.model import Attachment
from formkit.packet.attachments import AttachmentError, load_attachment
from tests.conftest import EXAMPLES

CREATED = datetime(2026, 11, 2, tzinfo=UTC)
DOCS = EXAMPLES / "docs"


def load(path: str | None, base: Path = EXAMPLES, index: int = 2) -> object:
    return load_attachment(Attachment(document_type="bank_statement", path=path), index, base,
                           caption="Bank statement: Test Bank", created=CREATED)


def test_pdf_is_used_as_it_is() -> None:
    got = load("docs/tgcu-2026-q3.pdf")
    assert got.kind == "pdf" and got.pages == 1  # type: ignore[attr-defined]
    assert got.pdf == (DOCS / "tgcu-2026-q3.pdf").read_bytes()  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["receipt-sample.png", "receipt-sample.jpg"])
def test_images_become_one_captioned_page(name: str) -> None:
    got = load(f"docs/{name}")
    assert got.pages == 1 and got.kind in ("png", "jpeg")  # type: ignore[attr-defined]
    with pdfplumber.open(io.BytesIO(got.pdf)) as pdf:  # type: ignore[attr-defined]
        page = pdf.pages[0]
        assert "Bank statement: Test Bank" in (page.extract_text() or "")
        assert len(page.images) == 1
        assert round(page.width) == 612 and round(page.height) == 792
    again = load(f"docs/{name}")
    assert again.pdf == got.pdf  # type: ignore[attr-defined]


def test_type_is_recognised_by_content_not_name(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes((DOCS / "receipt-sample.png").read_bytes())
    assert load("scan.pdf", tmp_path).kind == "png"  # type: ignore[attr-defined]


def test_missing_file_names_the_attachment_and_its_case_path(tmp_path: Path) -> None:
    with pytest.raises(AttachmentError) as err:
        load("docs/nope.pdf", tmp_path)
    message = str(err.value)
    assert message.startswith("attachment /attachments/2/path (docs/nope.pdf): file not found")
    assert str(tmp_path / "docs" / "nope.pdf") in message


def test_attachment_without_a_path() -> None:
    with pytest.raises(AttachmentError, match=r"/attachments/2/path: has no file"):
        load(None)


def test_encrypted_pdf(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(DOCS / "tgcu-2026-q3.pdf"))
    writer.encrypt(user_password="secret", owner_password="owner")
    with open(tmp_path / "locked.pdf", "wb") as fh:
        writer.write(fh)
    with pytest.raises(AttachmentError, match=r"/attachments/2/path \(locked\.pdf\): is encrypted \(password-protected\)"):
        load("locked.pdf", tmp_path)


def test_owner_password_only_pdf_is_refused_too(tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=PdfReader(DOCS / "tgcu-2026-q3.pdf"))
    writer.encrypt(user_password="", owner_password="owner")
    with open(tmp_path / "restricted.pdf", "wb") as fh:
        writer.write(fh)
    with pytest.raises(AttachmentError, match="encrypted"):
        load("restricted.pdf", tmp_path)


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n this is not a PDF at all",
    (DOCS / "tgcu-2026-q3.pdf").read_bytes()[:600],
])
def test_broken_pdf(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "broken.pdf").write_bytes(content)
    with pytest.raises(AttachmentError, match=r"\(broken\.pdf\): (not a readable PDF|has no pages|damaged: the file was cut short)"):
        load("broken.pdf", tmp_path)


def test_broken_image(tmp_path: Path) -> None:
    (tmp_path / "bad.png").write_bytes((DOCS / "receipt-sample.png").read_bytes()[:200])
    with pytest.raises(AttachmentError, match=r"\(bad\.png\): not a readable PNG image"):
        load("bad.png", tmp_path)


@pytest.mark.parametrize(("content", "message"), [
    (b"", "the file is empty"),
    (b"hello, world", "not a PDF, JPEG or PNG"),
    (b"GIF89a....", "not a PDF, JPEG or PNG"),
])
def test_other_files(tmp_path: Path, content: bytes, message: str) -> None:
    (tmp_path / "x.pdf").write_bytes(content)
    with pytest.raises(AttachmentError, match=message):
        load("x.pdf", tmp_path)


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    with pytest.raises(AttachmentError, match="is a folder"):
        load("docs", tmp_path)


def test_fillable_attachment_is_flattened(forms_dir: Path) -> None:
    got = load(str(forms_dir / "f843.pdf"))
    reader = PdfReader(io.BytesIO(got.pdf))  # type: ignore[attr-defined]
    assert "/AcroForm" not in reader.root_object
    assert got.pages == 2  # type: ignore[attr-defined]
