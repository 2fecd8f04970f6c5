"""Read filled official forms back: recognise form and revision, then the semantic values.

Recognition, most certain first:
1. sha256 of the original-bytes prefix: a form filled by formkit (or any incremental
   writer) starts with the official file's exact bytes, so the hash of the prefix ending at
   one of its ``%%EOF`` markers equals the registry's pinned sha256. This also identifies
   unsupported prior revisions, which carry no field map.
2. field-set match: a re-saved or merged PDF no longer holds the original bytes; its field
   names are matched against every supported field map. A packet merged into one PDF may
   prefix each copy's field names (``f2848_1.topmostSubform[0]...``); names are matched on
   their suffix and grouped by that prefix, one document per group and form.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from formkit.checks.documents import Document, Value, convert, labels, unanswered
from formkit.checks.model import DocumentInfo
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited
from formkit.forms.fingerprint import closest_revision, field_set
from formkit.forms.registry import FormRevision, by_sha256, revisions
from formkit.pdf.reader import read_fields
from formkit.pdf.revisions import prefix_hashes
from formkit.pdf.untrusted import UntrustedPdfError, inspect, limits

MAX_PDF_BYTES = 100 * 1024 * 1024
MIN_COVERAGE = 0.8   # share of a map's fields a PDF group must have to count as that form


class UnusableInput(FormkitError):
    """The input cannot be checked at all: exit 2 with this one-line message."""


@dataclass(frozen=True, slots=True)
class Recognised:
    revision: FormRevision
    prefix: str              # field-name prefix of this copy inside a merged PDF ("" if none)
    by: str                  # "sha256" | "fields"


@dataclass(frozen=True, slots=True)
class PdfRead:
    """What one PDF file holds: recognised copies, their values, and what was not read."""

    source: str
    found: tuple[tuple[Recognised, dict[str, Value]], ...]
    problem: str | None = None      # why nothing was recognised


def read_bytes(path: Path) -> bytes:
    try:
        data = read_limited(path, MAX_PDF_BYTES, what="PDF file")
    except InputFileError as exc:
        raise UnusableInput(str(exc)) from None
    if b"%PDF-" not in data[:1024]:
        raise UnusableInput(f"{path}: not a PDF file")
    return data


def _by_sha(data: bytes) -> FormRevision | None:
    for prefix in prefix_hashes(data):
        rev = by_sha256(prefix.sha256)
        if rev is not None:
            return rev
    return None


def _map_names(rev: FormRevision) -> frozenset[str]:
    return frozenset({spec.pdf for spec in rev.fields.values()} | set(rev.unmapped))


def _by_fields(names: Iterable[str]) -> list[Recognised]:
    """Group the PDF's field names by prefix and pick, per group, the forms they cover."""
    index: dict[str, list[FormRevision]] = defaultdict(list)
    known = [r for r in revisions() if r.fields]
    for rev in known:
        for name in _map_names(rev):
            index[name].append(rev)
    groups: dict[tuple[str, int], set[str]] = defaultdict(set)   # (prefix, id(rev)) -> names
    by_id = {id(r): r for r in known}
    for name in names:
        parts = name.split(".")
        for cut in range(len(parts)):
            rest = ".".join(parts[cut:])
            if rest in index:
                prefix = ".".join(parts[:cut])
                for rev in index[rest]:
                    groups[(prefix, id(rev))].add(rest)
                break
    found: list[Recognised] = []
    for prefix in sorted({p for p, _ in groups}):
        scored = []
        for (p, rid), hit in groups.items():
            if p != prefix:
                continue
            rev = by_id[rid]
            coverage = len(hit) / max(len(_map_names(rev)), 1)
            if coverage >= MIN_COVERAGE:
                scored.append((coverage, rev.supported, rev.revision, rev))
        claimed: set[str] = set()
        for _coverage, _sup, _r, rev in sorted(scored, key=lambda s: (-s[0], not s[1], s[2])):
            if any(r.revision.form_id == rev.form_id and r.prefix == prefix for r in found):
                continue      # one copy of a form per prefix: the best-covered revision
            names_here = groups[(prefix, id(rev))]
            if len(names_here - claimed) < len(names_here) / 2:
                continue      # mostly the fields of a form already recognised here
            claimed |= names_here
            found.append(Recognised(rev, prefix, "fields"))
    return found


def _values(rev: FormRevision, prefix: str, raw: dict[str, str]) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for key, spec in rev.fields.items():
        name = f"{prefix}.{spec.pdf}" if prefix else spec.pdf
        text = raw.get(name)
        out[key] = convert(text, spec) if text is not None else (
            False if spec.kind == "checkbox" else None)
    return out


def read_pdf(path: Path) -> PdfRead:
    """Recognise and read one PDF file. Unreadable files raise UnusableInput."""
    data = read_bytes(path)
    with limits():  # a PDF given to check is untrusted input (formkit.pdf.untrusted)
        return _read_pdf(path, data)


def _read_pdf(path: Path, data: bytes) -> PdfRead:
    source = str(path)
    try:
        inspect(data)
        raw = read_fields(data)
        rev = _by_sha(data)
        if rev is not None:
            first = (Recognised(rev, "", "sha256"), _values(rev, "", raw) if rev.supported else {})
            if len(set(raw) - _map_names(rev)) < 10:
                return PdfRead(source, (first,))
            # the official form followed by more forms appended to the same file
            others = [r for r in _by_fields(n for _, n in field_set(data))
                      if r.revision.form_id != rev.form_id or r.prefix]
            return PdfRead(source, (first, *((r, _values(r.revision, r.prefix, raw))
                                             for r in others)))
        fields = field_set(data)
    except UnusableInput:
        raise
    except UntrustedPdfError as exc:
        raise UnusableInput(f"{path}: {exc.reason}") from None
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise UnusableInput(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not fields:
        return PdfRead(source, (), "has no form fields (a scan, a flattened copy or not a form)")
    found = _by_fields(name for _, name in fields)
    if not found:
        drift = closest_revision(fields)
        why = drift.describe() if drift else "its fields match no form formkit knows"
        return PdfRead(source, (), why)
    return PdfRead(source, tuple((r, _values(r.revision, r.prefix, raw)) for r in found))


def documents_from(reads: Iterable[PdfRead]) -> tuple[list[Document], list[DocumentInfo]]:
    """Documents and their descriptions, labelled 'Form 2848', 'Form 2848 #2', ..."""
    items = [(read, rec, values) for read in reads for rec, values in read.found]
    docs: list[Document] = []
    infos: list[DocumentInfo] = []
    names = labels([rec.revision.form for _, rec, _ in items])
    for (read, rec, values), label in zip(items, names, strict=True):
        rev = rec.revision
        form = rev.form
        docs.append(Document(form=form, form_id=rev.form_id, revision=rev.revision, label=label,
                             source=read.source, origin="pdf", values=values, fields=rev.fields,
                             supported=rev.supported, open_questions=unanswered(rev, values)))
        infos.append(DocumentInfo(label=label, form=form, form_id=rev.form_id,
                                  revision=rev.revision, source=read.source,
                                  recognised_by="sha256" if rec.by == "sha256" else "fields",
                                  supported=rev.supported, field_count=docs[-1].filled_count))
    return docs, infos
