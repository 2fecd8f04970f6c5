"""IRS account transcripts in: read (text, HTML, PDF), interpret, match and merge into a case.

    result = import_transcripts(["2021.pdf", "2020.html"], case_data)   # case_data: raw case JSON
    result.report        # what was created, updated, kept; every uninterpreted transaction
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from formkit.transcripts.codes import load_table
from formkit.transcripts.interpret import PeriodImport, interpret
from formkit.transcripts.match import mismatch
from formkit.transcripts.merge import MergeReport, merge
from formkit.transcripts.model import Transcript, TranscriptError
from formkit.transcripts.text import parse_text

MAX_TRANSCRIPT_BYTES = 20 * 1024 * 1024  # a transcript is a few pages


def read_transcript(path: str | Path) -> Transcript:
    """Read one file in whichever layout it is (PDF, HTML or text), or raise TranscriptError."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_TRANSCRIPT_BYTES:
            raise TranscriptError(f"{p}: file is too large for a transcript ({p.stat().st_size} bytes)")
        head = p.read_bytes()[:1024]
    except FileNotFoundError:
        raise TranscriptError(f"{p}: file not found") from None
    except IsADirectoryError:
        raise TranscriptError(f"{p}: is a directory, not a transcript file") from None
    except OSError as exc:
        raise TranscriptError(f"{p}: cannot read ({exc.strerror})") from None
    if head.startswith(b"%PDF"):
        from formkit.transcripts.pdf import pdf_to_text

        return parse_text(pdf_to_text(p), str(p), "pdf")
    raw = p.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    if "<html" in text[:2048].lower() or "<!doctype html" in text[:2048].lower():
        from formkit.transcripts.html import html_to_text

        return parse_text(html_to_text(text), str(p), "html")
    return parse_text(text, str(p), "text")


@dataclass(frozen=True, slots=True)
class ImportResult:
    transcripts: tuple[Transcript, ...]
    periods: tuple[PeriodImport, ...]
    report: MergeReport


def import_transcripts(paths: Sequence[str | Path], case: dict[str, Any]) -> ImportResult:
    """Read every file, check each module belongs to the case's taxpayer, merge into ``case``.

    All or nothing: any file that cannot be read, is not an account transcript or is
    another taxpayer's raises TranscriptError before ``case`` is touched.
    """
    table = load_table()
    transcripts = tuple(read_transcript(p) for p in paths)
    periods: dict[tuple[str, str], PeriodImport] = {}
    for transcript in transcripts:
        for module in transcript.modules:
            why = mismatch(module, case)
            if why is not None:
                raise TranscriptError(f"{transcript.source}: Form {module.form} period ending "
                                      f"{module.period_end.isoformat()}: {why}")
            period = interpret(module, table)
            periods[(period.form, period.period)] = period  # a later file for the same period wins
    report = merge(case, list(periods.values()))
    return ImportResult(transcripts, tuple(periods.values()), report)


__all__ = ["ImportResult", "Transcript", "TranscriptError", "import_transcripts", "read_transcript"]
