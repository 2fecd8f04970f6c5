"""Case attachments -> PDF pages for the packet.

An attachment is a PDF, a JPEG or a PNG, named by ``path`` (see :func:`resolve_path` for the
rule: relative to the case file's folder and inside it, or absolute; never ``~``). Only a
regular file of at most MAX_ATTACHMENT_BYTES is read. The file type is recognised from its
first bytes, not its name. A PDF is used as it is (a fillable one is flattened so its
fields cannot collide with the forms' fields); an image becomes one US Letter page,
scaled to fit, under a caption naming it.

Anything unusable is an :class:`AttachmentError` naming the attachment by its case path
(``/attachments/2/path``) and file: missing, unreadable, encrypted, broken, empty or of
another type.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from formkit.case.model import Attachment
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited
from formkit.packet.letter import to_latin1
from formkit.packet.merge import has_fields
from formkit.pdf import flatten
from formkit.pdf.untrusted import READ_ERRORS, UntrustedPdfError, inspect, limits

MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
Kind = Literal["pdf", "jpeg", "png"]


class AttachmentError(FormkitError, ValueError):
    """An attachment cannot go into the packet; the message names it and says why."""

    def __init__(self, index: int, path: str | None, message: str) -> None:
        self.index = index
        self.path = path
        self.pointer = f"/attachments/{index}/path"
        shown = f" ({path})" if path else ""
        super().__init__(f"attachment {self.pointer}{shown}: {message}")


@dataclass(frozen=True, slots=True)
class AttachmentPages:
    index: int
    path: str
    resolved: Path
    kind: Kind
    source_sha256: str
    pdf: bytes          # what goes into the packet
    pages: int


def sniff(data: bytes) -> Kind | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    return None


def resolve_path(attachment: Attachment, index: int, base_dir: Path) -> Path:
    """Where an attachment's file is: the one path rule (docs/attachments.md).

    A relative path is read from the case file's folder and may not climb out of it with
    ``..`` (a case copied elsewhere must not pick up whatever sits above it); a file kept
    elsewhere is named by its absolute path, as a firm's scripts do. ``~`` is not expanded
    (the case does not depend on who runs formkit).
    """
    if not attachment.path:
        raise AttachmentError(index, None, "has no file: give its path (relative to the case file) so it can "
                              "go into the packet")
    raw = attachment.path
    if raw.startswith("~"):
        raise AttachmentError(index, raw, "'~' is not expanded in attachment paths; write the path relative to "
                              "the case file or as an absolute path")
    if "\x00" in raw:
        raise AttachmentError(index, raw, "the path holds a NUL character")
    path = Path(raw)
    if path.is_absolute():
        return path
    if ".." in path.parts:
        raise AttachmentError(index, raw, "a relative path may not climb out of the case file's folder with "
                              "'..'; move the file beside the case or give its absolute path")
    return base_dir / path


def _read(index: int, shown: str, path: Path) -> bytes:
    try:
        return read_limited(path, MAX_ATTACHMENT_BYTES, what="file")
    except InputFileError as exc:
        raise AttachmentError(index, shown, f"{exc.reason} ({path})") from None


def _pdf_pages(index: int, shown: str, data: bytes) -> tuple[bytes, int]:
    with limits():
        try:
            reader = inspect(data)
            count = len(reader.pages)
            fields = has_fields(reader)
        except UntrustedPdfError as exc:
            raise AttachmentError(index, shown, exc.reason) from None
        except READ_ERRORS as exc:
            raise AttachmentError(index, shown, f"not a readable PDF (damaged: {type(exc).__name__}: {exc})") from None
        if fields:
            try:
                data = flatten(data)
            except Exception as exc:  # a PDF pypdf reads but cannot rewrite is as unusable as a broken one
                raise AttachmentError(index, shown, f"its form fields cannot be flattened ({type(exc).__name__}: "
                                      f"{exc})") from None
    return data, count


def _image_page(index: int, shown: str, data: bytes, kind: Kind, caption: str, created: datetime) -> bytes:
    # fpdf2 and Pillow are loaded only for a packet that has an image attachment
    from fpdf import FPDF
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise AttachmentError(index, shown, f"not a readable {kind.upper()} image ({exc})") from None
    source: Image.Image | io.BytesIO = io.BytesIO(data)
    orientation = image.getexif().get(0x0112, 1)
    if orientation != 1:
        source = ImageOps.exif_transpose(image)
    width_px, height_px = (source.size if isinstance(source, Image.Image) else image.size)
    if width_px == 0 or height_px == 0:
        raise AttachmentError(index, shown, "the image is empty (0 pixels)")
    pdf = FPDF(unit="mm", format="letter")
    pdf.set_creator("formkit")
    pdf.set_creation_date(created)
    pdf.set_title(to_latin1(caption))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    margin, top = 15.0, 22.0
    pdf.set_font("Helvetica", size=9)
    pdf.set_text_color(80, 80, 80)
    pdf.set_xy(margin, 10)
    pdf.cell(215.9 - 2 * margin, 5, to_latin1(caption), align="L")
    box_w, box_h = 215.9 - 2 * margin, 279.4 - top - margin
    scale = min(box_w / width_px, box_h / height_px)
    w, h = width_px * scale, height_px * scale
    try:
        pdf.image(source, x=margin + (box_w - w) / 2, y=top, w=w, h=h)
        return bytes(pdf.output())
    except Exception as exc:  # fpdf2/Pillow decoding errors have many types
        raise AttachmentError(index, shown, f"the image cannot be placed on a page ({type(exc).__name__}: {exc})"
                              ) from None


def load_attachment(attachment: Attachment, index: int, base_dir: Path, *, caption: str,
                    created: datetime) -> AttachmentPages:
    """Read, check and convert one attachment; AttachmentError says what is wrong with it."""
    path = resolve_path(attachment, index, base_dir)
    shown = attachment.path or ""
    data = _read(index, shown, path)
    if not data:
        raise AttachmentError(index, shown, "the file is empty (0 bytes)")
    kind = sniff(data)
    if kind is None:
        raise AttachmentError(index, shown, "not a PDF, JPEG or PNG file (recognised by content, not by name)")
    digest = hashlib.sha256(data).hexdigest()
    if kind == "pdf":
        pdf, pages = _pdf_pages(index, shown, data)
    else:
        pdf, pages = _image_page(index, shown, data, kind, caption, created), 1
    return AttachmentPages(index=index, path=shown, resolved=path, kind=kind, source_sha256=digest, pdf=pdf,
                           pages=pages)
