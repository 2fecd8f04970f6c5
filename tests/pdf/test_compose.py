"""Flattened copies and packets composed from compiled templates, read back by outsiders.

A print copy must look exactly like the filled form: poppler renders the fillable file
(drawing its widgets) and the flattened copy, and the pixels must agree. pdftk must find
no field, qpdf no error, pdftotext and pdfplumber the values as page text.
"""

from __future__ import annotations

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from formkit.pdf import compile_template
from formkit.pdf.compose import compose
from formkit.pdf.pages import SourcePage
from formkit.pdf.writer import FilledForm, fill_document
from tests.pdf.conftest import official_pdf, require_tool
from tests.pdf.helpers import all_checkboxes_on, distinct_text_values, pdftk_fields, pdftotext, qpdf_check, read_ppm

pytestmark = pytest.mark.official_pdf

FORMS = ["f433a.pdf", "f433aoi.pdf", "f433f.pdf", "f656.pdf", "f843.pdf", "f2848.pdf", "f9465.pdf"]


@dataclass(frozen=True)
class Flat:
    filled: FilledForm
    values: dict[str, str | bool]
    fillable: Path
    flat: Path


@pytest.fixture(scope="module", params=FORMS)
def flat(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Flat:
    data = official_pdf(request.param)
    tpl = compile_template(data)
    values: dict[str, str | bool] = {**distinct_text_values(tpl), **all_checkboxes_on(tpl)}
    filled = fill_document(tpl, values)
    folder = tmp_path_factory.mktemp(request.param.removesuffix(".pdf"))
    (folder / "filled.pdf").write_bytes(filled.pdf)
    (folder / "flat.pdf").write_bytes(filled.flattened())
    return Flat(filled, values, folder / "filled.pdf", folder / "flat.pdf")


def _render(path: Path, out: Path) -> list[bytes]:
    out.mkdir(exist_ok=True)
    done = subprocess.run([require_tool("pdftoppm"), "-r", "36", str(path), str(out / "p")],
                          capture_output=True, text=True, check=True)
    assert done.stderr == "", done.stderr
    return [read_ppm(p.read_bytes())[2] for p in sorted(out.glob("p-*.ppm"))]


_DPI = 36
_NOT_PRINTED = 1 << 1 | 1 << 5  # hidden, no view (and widgets without the print flag, 1 << 2)


def _screen_only(page: SourcePage) -> list[tuple[int, int, int, int]]:
    """Pixel boxes of widgets a viewer shows but a print copy leaves out (e.g. the 2848's
    "Check Form for Common Errors" button), which poppler's screen rendering draws."""
    scale = _DPI / 72
    boxes = []
    for w in page.widgets:
        if w.flags & _NOT_PRINTED or not w.flags & (1 << 2):
            x0, y0, x1, y1 = w.rect
            boxes.append((int(x0 * scale) - 1, int((792 - y1) * scale) - 1, int(x1 * scale) + 2,
                          int((792 - y0) * scale) + 2))
    return boxes


def test_the_print_copy_looks_exactly_like_the_filled_form(flat: Flat, tmp_path: Path) -> None:
    filled = _render(flat.fillable, tmp_path / "filled")
    printed = _render(flat.flat, tmp_path / "flat")
    pages = flat.filled.template.doc.pages
    assert len(printed) == len(filled) == len(pages)
    width = int(612 * _DPI / 72)
    for number, (a, b, page) in enumerate(zip(filled, printed, pages, strict=True), start=1):
        skip = _screen_only(page)
        differing = [i // 3 for i in range(0, len(a), 3) if abs(a[i] - b[i]) > 32 or abs(a[i + 1] - b[i + 1]) > 32]
        unexplained = [p for p in differing
                       if not any(x0 <= p % width < x1 and y0 <= p // width < y1 for x0, y0, x1, y1 in skip)]
        assert not unexplained, f"page {number}: {len(unexplained)} pixels differ"


def test_no_form_is_left_and_qpdf_finds_no_error(flat: Flat) -> None:
    assert pdftk_fields(flat.flat) == {}
    result = qpdf_check(flat.flat)
    assert result.returncode == 0, result.stdout + result.stderr
    reader = PdfReader(flat.flat)
    assert "/AcroForm" not in reader.trailer["/Root"]
    assert all(a.get_object().get("/Subtype") != "/Widget" for p in reader.pages for a in p.get("/Annots", []) or [])


def test_values_are_page_text(flat: Flat) -> None:
    texts = [v.split("\n")[0] for v in flat.values.values() if isinstance(v, str) and len(v) >= 6]
    poppler = pdftotext(flat.flat)
    with pdfplumber.open(flat.flat) as pdf:
        plumber = "\n".join(page.extract_text() or "" for page in pdf.pages)
    squeeze = "".join(poppler.split())
    missing = [t for t in texts if "".join(t.split()) not in squeeze]
    assert not missing, missing[:5]
    assert sum("".join(t.split()) in "".join(plumber.split()) for t in texts) >= len(texts) * 0.9


def test_two_copies_of_one_form_share_its_objects_and_keep_their_values(flat: Flat) -> None:
    tpl = flat.filled.template
    name = next(k for k, v in flat.values.items() if isinstance(v, str) and len(v) >= 6 and "\n" not in v)
    other = fill_document(tpl, {**flat.values, name: "Second copy only"})
    one, _ = compose([flat.filled.as_part()])
    both, placed = compose([flat.filled.as_part(title="A", label="A-"), other.as_part(title="B", label="B-")])
    assert [(p.first_page, p.last_page) for p in placed] == [(1, tpl.page_count), (tpl.page_count + 1,
                                                                                   2 * tpl.page_count)]
    fonts = one.count(b"/Type /Font") + one.count(b"/Type/Font")
    assert fonts > 0 and both.count(b"/Type /Font") + both.count(b"/Type/Font") == fonts  # written once
    first = flat.values[name]
    with pdfplumber.open(io.BytesIO(both)) as pdf:
        halves = ["".join("".join(p.extract_text() or "" for p in pdf.pages[:tpl.page_count]).split()),
                  "".join("".join(p.extract_text() or "" for p in pdf.pages[tpl.page_count:]).split())]
    assert isinstance(first, str)
    assert "".join(first.split()) in halves[0] and "".join(first.split()) not in halves[1]
    assert "Secondcopyonly" in halves[1]


def test_composition_is_deterministic(flat: Flat) -> None:
    again = fill_document(compile_template(flat.filled.template.data), flat.values)
    assert again.flattened() == flat.flat.read_bytes()
