"""The PDF export of a transcript: its text through pdfplumber, then the text reader."""

from __future__ import annotations

from pathlib import Path

from formkit.transcripts.model import TranscriptError


def pdf_to_text(path: Path) -> str:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except (PdfminerException, ValueError, KeyError) as exc:
        raise TranscriptError(f"{path}: not a readable PDF ({exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise TranscriptError(f"{path}: the PDF has no text layer (a scanned image?); download the transcript "
                              "again as text or PDF from the IRS, or type the transactions into the case")
    return text
