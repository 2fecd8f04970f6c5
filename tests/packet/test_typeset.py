"""Letters and generated pages typeset by formkit itself, read back by outsiders: every word of
the markup is in pdftotext's text of the PDF (and nothing else but the labels and running
headers the layout adds), no glyph leaves the text area or overlaps the next one, justified
lines end exactly at the right margin, qpdf finds nothing wrong, and a heading never ends a page."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from datetime import UTC, datetime
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from formkit import load_case
from formkit.analysis import analyze
from formkit.case.model import OfferRequest
from formkit.packet.addresses import address_for
from formkit.packet.checklist import answer_checklist
from formkit.packet.contents import plan_packet
from formkit.packet.context import letter_context
from formkit.packet.letter import LetterError, parse_markup, render_letter, to_latin1, typeset
from formkit.pdf.richtext import plain, spans
from tests.conftest import EXAMPLES
from tests.packet.helpers import EXAMPLE_NAMES

CREATED = datetime(2026, 11, 2, tzinfo=UTC)
PT_PER_MM = 72 / 25.4
LEFT, RIGHT = 25.4 * PT_PER_MM, 612 - 25.4 * PT_PER_MM  # one-inch side margins
BOTTOM = 792 - 22.0 * PT_PER_MM                   # 22 mm bottom margin


@cache
def generated_documents(name: str) -> list[tuple[str, bytes, str]]:
    """(template, PDF, markup) of every document formkit writes itself for an example's packet."""
    case = load_case(EXAMPLES / f"{name}.json")
    plan = plan_packet(case)
    analysis = analyze(case)
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=address_for(plan.mail_to_form, case, case.prepared_on),
                         enclosures=[{"title": d.enclosure, "pages": 2} for d in plan.documents if d.kind != "letter"],
                         analysis=analysis, forms=[d.form for d in plan.documents if d.form])
    if isinstance(plan.request, OfferRequest):
        ctx["checklist"] = answer_checklist(case, plan.request, None, analysis, case.prepared_on, 10)
    out = []
    for doc in plan.documents:
        if doc.template:
            pdf, markup = render_letter(doc.template, ctx, templates_dir=None, title="t", author="a", created=CREATED)
            out.append((doc.template, pdf, markup))
    return out


def markup_words(markup: str, pages: int) -> Counter[str]:
    """The words a reader must find: every section's text (markers and escapes resolved, list
    bullets drawn, not printed), the labels the layout adds, and the running header with
    "Page N of M" on pages 2+."""
    words: list[str] = []
    header: list[str] = []
    for section in parse_markup(markup):
        for line in section.lines:
            text = to_latin1(line)
            if section.name == "table":
                if text.strip() == "---":
                    continue
                text = text.replace("|", " ", 1)
            if section.name in ("body", "enclosures"):
                text = re.sub(r"^\s*- ", " ", text)
            found = plain(text).split()
            (header if section.name == "header" else words).extend(found)
        if section.name == "re":
            words.append("Re:")
        if section.name == "cc" and section.lines:
            words.append("cc:")
    for page in range(2, pages + 1):
        words += [*header, "Page", str(page), "of", str(pages)]
    return Counter(words)


def pdftotext(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-enc", "Latin1", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("latin-1")


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")


@needs_poppler
@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_pdftotext_finds_every_word_of_the_markup_and_nothing_else(name: str) -> None:
    for template, pdf, markup in generated_documents(name):
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            pages = len(doc.pages)
        printed = Counter(pdftotext(pdf).split())
        expected = markup_words(markup, pages)
        assert printed == expected, (f"{template}: missing: {sorted((expected - printed).elements())}; "
                                     f"extra: {sorted((printed - expected).elements())}")
        assert sum(expected.values()) > 40


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_glyphs_stay_in_the_text_area_and_never_overlap(name: str) -> None:
    for template, pdf, _markup in generated_documents(name):
        check_glyphs(template, pdf)


def check_glyphs(template: str, pdf: bytes) -> None:
    justified = 0
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            assert (page.width, page.height) == (612, 792)
            chars = page.chars
            assert chars
            for c in chars:
                assert c["x0"] >= LEFT - 0.05 and c["x1"] <= RIGHT + 0.05, c
                assert c["top"] >= 0 and c["bottom"] <= BOTTOM + 0.05, c
            lines: dict[float, list[Any]] = {}
            for c in chars:
                lines.setdefault(round(c["top"], 1), []).append(c)
            for row in lines.values():
                row.sort(key=lambda c: c["x0"])
                for a, b in pairwise(row):
                    assert b["x0"] >= a["x1"] - 0.05, (a["text"], b["text"], a["x1"], b["x0"])
                if abs(row[-1]["x1"] - RIGHT) < 0.05:
                    justified += 1
    if template in ("oic.j2", "oic_checklist.j2", "cnc.j2"):
        assert justified >= 3  # body paragraphs are justified to the right margin


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf not installed")
def test_documents_pass_qpdf_check(tmp_path: Path) -> None:
    for name in ("oic-lump-sum-single", "oic-periodic-joint-self-employed"):
        for template, pdf, _markup in generated_documents(name):
            path = tmp_path / "doc.pdf"
            path.write_bytes(pdf)
            done = subprocess.run(["qpdf", "--check", str(path)], capture_output=True)
            assert done.returncode == 0, (template, done.stdout, done.stderr)
            assert b"No syntax or stream encoding errors" in done.stdout


def test_same_markup_same_bytes_and_core_fonts_only() -> None:
    for name in EXAMPLE_NAMES:
        for (_t, one, _m), (_t2, two, _m2) in zip(generated_documents(name), generated_documents(name), strict=True):
            assert one == two
            assert b"/FontFile" not in one and b"/WinAnsiEncoding" in one
            assert set(re.findall(rb"/BaseFont/([A-Za-z-]+)", one)) <= {
                b"Times-Roman", b"Times-Bold", b"Times-Italic", b"Times-BoldItalic", b"Helvetica", b"Helvetica-Bold",
                b"Helvetica-Oblique", b"Helvetica-BoldOblique"}


def page_of(pdf: bytes, needle: str) -> int:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for n, page in enumerate(doc.pages, start=1):
            if needle in (page.extract_text() or ""):
                return n
    raise AssertionError(f"{needle!r} not found")


def test_a_heading_never_ends_a_page_alone() -> None:
    broke = False
    for filler in range(20, 40):
        paragraphs = "\n\n".join(f"Filler paragraph {n}." for n in range(filler))
        markup = f"::body\n{paragraphs}\n::body\n**Heading Zulu**\n::table\nFirst row Yankee | $1.00\n"
        pdf = typeset(markup, title="t", author="a", created=CREATED)
        heading, row = page_of(pdf, "Heading Zulu"), page_of(pdf, "First row Yankee")
        assert heading == row, filler
        last_filler = page_of(pdf, f"Filler paragraph {filler - 1}.")
        broke |= heading > last_filler
    assert broke  # some filler length put the heading at the foot of page 1: it moved to page 2


def test_a_question_and_its_note_stay_on_one_page() -> None:
    for filler in range(20, 40):
        paragraphs = "\n\n".join(f"Filler paragraph {n}." for n in range(filler))
        markup = f"::body\n{paragraphs}\n::table\nQuestion Xray | **Yes**\n__Note Whiskey__ |\n"
        pdf = typeset(markup, title="t", author="a", created=CREATED)
        assert page_of(pdf, "Question Xray") == page_of(pdf, "Note Whiskey"), filler


def test_inline_markup_sets_bold_and_italic_faces() -> None:
    pdf = typeset("::body\nplain **bold** __italic__ **__both__** a\\**b\n", title="t", author="a",
                  created=CREATED)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words = doc.pages[0].extract_words(extra_attrs=["fontname"])
    faces = {w["text"]: w["fontname"] for w in words}
    assert faces == {"plain": "Times-Roman", "bold": "Times-Bold", "italic": "Times-Italic",
                     "both": "Times-BoldItalic", "a**b": "Times-Roman"}


def test_spans_resolve_escapes_and_toggle_styles() -> None:
    assert [(s.text, s.bold, s.italic) for s in spans("a \\**x\\** **b __c__** \\\\ d")] == [
        ("a **x** ", False, False), ("b ", True, False), ("c", True, True), (" \\ d", False, False)]


def test_a_character_outside_winansi_is_a_letter_error() -> None:
    with pytest.raises(LetterError, match=r"U\+0081"):
        typeset("::body\nnext\x81line\n", title="t", author="a", created=CREATED)


def test_an_overlong_word_is_cut_not_lost() -> None:
    word = "Supercalifragilistic" * 8
    pdf = typeset(f"::body\nBefore {word} after\n", title="t", author="a", created=CREATED)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = doc.pages[0].chars
    assert "".join(c["text"] for c in chars).replace(" ", "") == f"Before{word}after"
    assert max(c["x1"] for c in chars) <= RIGHT + 0.05
    assert len({round(c["top"]) for c in chars}) >= 3
