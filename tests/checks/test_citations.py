"""Every rule's citation resolves to a page of the official document it names.

The catalogue's sources name documents of rules/sources.json. For an official PDF that
formkit pins by sha256, the quote is read back from the named printed page with an
independent reader (poppler's pdftotext); the PDFs are found in FORMKIT_FORMS_DIR, in
FORMKIT_DOCS_DIR, or in the 'irs-docs' folder beside FORMKIT_FORMS_DIR. Without them the
quote tests skip, and fail under CI=true.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from formkit.checks import load_catalogue
from formkit.checks.catalogue import RuleMeta, Source, load_documents
from tests.conftest import ROOT, unavailable

CATALOGUE = load_catalogue()
SOURCES = [(meta.id, n, src) for meta in CATALOGUE.values() for n, src in enumerate(meta.sources)]
HELD = [(rule_id, n, src) for rule_id, n, src in SOURCES if src.document.held and src.quote]
OUTSIDE = re.compile(r"REFERENCE\.md|STANDARDS\.md|TRANSCRIPTS\.md|\.\./shared|/work/", re.I)


def _folders() -> list[Path]:
    out = []
    for name in ("FORMKIT_DOCS_DIR", "FORMKIT_FORMS_DIR"):
        value = os.environ.get(name)
        if value and Path(value).is_dir():
            out.append(Path(value))
    forms = os.environ.get("FORMKIT_FORMS_DIR")
    if forms and (Path(forms).parent / "irs-docs").is_dir():
        out.append(Path(forms).parent / "irs-docs")
    return out


@cache
def _by_hash() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for folder in _folders():
        for pdf in sorted(folder.glob("*.pdf")):
            found.setdefault(hashlib.sha256(pdf.read_bytes()).hexdigest(), pdf)
    return found


def normalise(text: str) -> str:
    """Letters and digits only, lower case: layout, hyphenation, quotes and the margin labels
    the IRS prints beside a caution ('CAUTION', 'TIP') do not matter, words do."""
    text = re.sub(r"\b(CAUTION|TIP)\b", " ", text)
    text = unicodedata.normalize("NFKD", text).lower()
    return re.sub(r"[^a-z0-9]", "", text)


@cache
def _pages(path: Path) -> tuple[str, ...]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return tuple(normalise(page) for page in out.split("\f"))


def _pdf_page(src: Source) -> int:
    if src.pdf_page is not None:
        return src.pdf_page
    assert src.page is not None
    return src.page + src.document.page_offset


def _rule(rule_id: str) -> RuleMeta:
    return CATALOGUE[rule_id]


@pytest.mark.parametrize(("rule_id", "n", "src"), HELD,
                         ids=[f"{r}-{n}-{s.document.key}" for r, n, s in HELD])
def test_quote_is_on_the_page_it_names(rule_id: str, n: int, src: Source) -> None:
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext (poppler-utils) is not installed")
    path = _by_hash().get(src.document.sha256 or "")
    if path is None:
        unavailable(f"{src.document.cite} (sha256 {src.document.sha256}) not found in "
                     "FORMKIT_FORMS_DIR / FORMKIT_DOCS_DIR / irs-docs beside the forms")
        return
    pages = _pages(path)
    index = _pdf_page(src) - 1
    assert 0 <= index < len(pages), f"{rule_id}: {src.as_text()[:80]}: no such page"
    quote = normalise(src.quote or "")
    here = pages[index]
    # a quote may run on to the next page; it must start on the page it names
    spanning = here + (pages[index + 1] if index + 1 < len(pages) else "")
    assert quote[:60] in here and quote in spanning, (
        f"{rule_id} source {n}: the quote is not on {src.document.cite} "
        f"{'p.' + str(src.page) if src.page else 'pdf page ' + str(index + 1)}: {src.quote!r}")


def test_every_cited_document_is_known_and_used_documents_are_pinned() -> None:
    documents = load_documents()
    used = {src.document.key for _, _, src in SOURCES}
    assert used <= set(documents)
    for key in used:
        doc = documents[key]
        if doc.kind in ("form", "instructions", "booklet", "publication"):
            assert doc.sha256 and doc.url and doc.url.startswith("https://www.irs.gov/"), key
        if doc.kind == "project":
            assert doc.path and (ROOT / doc.path).is_file(), key


def test_every_source_names_a_page_or_a_section() -> None:
    for rule_id, n, src in SOURCES:
        if src.document.held:
            assert src.page is not None or src.pdf_page is not None, (rule_id, n)
        assert src.at, (rule_id, n)


def test_project_sources_name_a_heading_of_the_document() -> None:
    for rule_id, _, src in SOURCES:
        if src.document.kind == "project":
            assert src.document.path is not None
            text = (ROOT / src.document.path).read_text(encoding="utf-8")
            headings = {line.lstrip("#").strip() for line in text.splitlines()
                        if line.startswith("#")}
            assert src.at in headings, (rule_id, src.at)


def test_every_error_quotes_the_official_text_that_stops_the_submission() -> None:
    """An error blocks a packet: it must rest on a quoted official sentence."""
    for meta in CATALOGUE.values():
        if meta.severity == "error" and meta.area != "engine":
            quoted = [s for s in meta.sources if s.quote and s.document.kind != "project"]
            assert quoted, f"{meta.id} is an error without a quoted official source"


def test_no_citation_points_outside_the_repository() -> None:
    raw = (ROOT / "rules" / "catalogue.json").read_text(encoding="utf-8")
    raw += (ROOT / "rules" / "sources.json").read_text(encoding="utf-8")
    raw += (ROOT / "rules" / "parameters.json").read_text(encoding="utf-8")
    assert not OUTSIDE.search(raw), OUTSIDE.search(raw)
    for meta in CATALOGUE.values():
        assert not OUTSIDE.search(meta.citation + meta.message + meta.fix), meta.id


def test_citation_text_names_document_page_and_quote() -> None:
    meta = _rule("OIC-001")
    assert meta.citation.startswith(
        'Form 656-B (Rev. 4-2021) p.1, Are You Eligible?: "The IRS will immediately return your '
        'offer without further consideration if you have not filed all legally required tax '
        'returns."')
    assert meta.confirmed
    assert not _rule("PEN-001").confirmed          # rests on the IRM, which formkit does not hold
    listed = json.loads(json.dumps(meta.as_dict()))
    assert listed["sources"][0]["page"] == 1 and listed["sources"][0]["document"] == "f656b-2021"
