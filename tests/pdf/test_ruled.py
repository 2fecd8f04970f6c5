"""Multi-line text on the form's own printed rules (Form 843 line 8, Form 656 Section 6).

Read back independently: the rules from the official page's drawing with pdfplumber (pdfminer,
sharing no code with the PDFium walk in ``formkit.pdf.ruled``), the text baselines from
pdfplumber's characters of the filled and flattened copy, and the page as poppler renders it
(``pdftoppm``): text ink must not straddle a rule.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pdfplumber
import pytest

from formkit.pdf import FillError, cache, clear_cache, compile_template, fill_document
from formkit.pdf import appearance as ap
from formkit.pdf.appearance import RULE_GAP_EM, LayoutError
from formkit.pdf.model import WidgetSpec
from tests.pdf.conftest import official_pdf
from tests.pdf.helpers import pdf_from_objects, render_page

pytestmark = pytest.mark.official_pdf

LINE_8 = "topmostSubform[0].Page2[0].ExplainWhy[0].f2_3[0]"  # Form 843 page 2
SOURCE_OF_FUNDS = "topmostSubform[0].F656_Page4[0].section6[0].tell_us[0].Explanation_Of_Circumstances[0]"  # 656 p. 5

EXPLANATION = (
    "The failure-to-pay penalty for tax year 2022 should be abated under the first-time abatement "
    "policy: the taxpayer filed every required return and had no penalties in the three prior years.\n"
    "Computation of line 2: penalty assessed $1,234.56 plus interest on the penalty $78.90 = $1,313.46.\n"
    "Quick brown foxes jump; gypsy queens yodel (descenders g, j, p, q, y).\n"
    "\n"
    "See the attached account transcript."
)
FUNDS = ("Savings of $4,000 and a loan of $6,500 from my sister, Jane Q. Public (signed letter attached); "
         "the rest from my 2025 federal refund, applied as the offer terms allow.")
#: (form, field, 1-based page, text, the rules (0 = top) its printed lines sit on): worked out
#: by hand from the wrap width (843: 540 pt less padding at 8 pt, so the first paragraph takes two
#: lines and the empty one leaves rule 4 blank; 656: 522 pt at 10 pt, two lines).
CASES = {
    "843 line 8": ("f843.pdf", LINE_8, 2, EXPLANATION, (0, 1, 2, 3, 5)),
    "656 Section 6": ("f656.pdf", SOURCE_OF_FUNDS, 5, FUNDS, (0, 1)),
    "656 one line": ("f656.pdf", SOURCE_OF_FUNDS, 5, "Savings", (0,)),
}
#: The rules the official pages draw under the two boxes (pdfplumber, y in points from the
#: page bottom): 843 line 8 has 27 dashed rules every 12 pt and the solid rule closing the
#: section; 656 Section 6 three rules 18 pt apart.
EXPECTED_RULES = {
    LINE_8: [float(y) for y in range(564, 239, -12)],
    SOURCE_OF_FUNDS: [484.2, 466.2, 448.2],
}
#: A baseline sits on a rule when it is above the rule's top edge by at most this (points).
ON_RULE = 2.5


def _box(pdf: str, field: str) -> tuple[float, float, float, float]:
    return compile_template(official_pdf(pdf)).fields[field].widgets[0].rect


def plumber_rules(pdf: bytes, page: int, box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """(y, line width) of each horizontal line pdfplumber finds under ``box``, top down."""
    x0, y0, x1, y1 = box
    found: dict[float, float] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        p = doc.pages[page - 1]
        for line in p.lines:
            y = p.height - line["top"]
            if (abs(line["top"] - line["bottom"]) < 0.1 and y0 - 1 <= y <= y1 + 1
                    and min(line["x1"], x1) - max(line["x0"], x0) >= (x1 - x0) / 2):
                found[round(y, 1)] = float(line["linewidth"])
    return sorted(found.items(), reverse=True)


def plumber_lines(pdf: bytes, page: int, box: tuple[float, float, float, float]) -> list[tuple[float, float, str]]:
    """(baseline, highest glyph top, text) of each text line pdfplumber reads inside ``box``, top down."""
    x0, y0, x1, y1 = box
    rows: dict[float, list[dict[str, object]]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for char in doc.pages[page - 1].chars:
            baseline = float(char["matrix"][5])
            if x0 <= char["x0"] and char["x1"] <= x1 and y0 - 4 <= baseline <= y1:
                rows.setdefault(round(baseline, 2), []).append(char)
    return [(b, max(float(c["y1"]) for c in chars),  # type: ignore[arg-type]
             "".join(str(c["text"]) for c in sorted(chars, key=lambda c: float(c["x0"]))))  # type: ignore[arg-type]
            for b, chars in sorted(rows.items(), reverse=True)]


def test_the_compiled_rules_are_the_pages_own() -> None:
    for pdf, field, page, _, _ in CASES.values():
        box = _box(pdf, field)
        drawn = plumber_rules(official_pdf(pdf), page, box)
        assert [y for y, _ in drawn] == pytest.approx(EXPECTED_RULES[field], abs=0.05)
        widget = compile_template(official_pdf(pdf)).fields[field].widgets[0]
        assert [box[1] + r[0] for r in widget.rules] == pytest.approx([y for y, _ in drawn], abs=0.05)
        assert [r[3] for r in widget.rules] == pytest.approx([w for _, w in drawn], abs=0.01)
        assert all(r[2] - r[1] >= 0.99 * widget.width for r in widget.rules)


@pytest.mark.parametrize("case", list(CASES))
def test_every_baseline_sits_on_a_rule(case: str, tmp_path: Path) -> None:
    pdf, field, page, text, on_rules = CASES[case]
    official = official_pdf(pdf)
    box = _box(pdf, field)
    flat = fill_document(official, {field: text}).flattened()
    rules = plumber_rules(official, page, box)
    lines = plumber_lines(flat, page, box)
    texts = [t for _, _, t in lines]
    assert len(lines) == len(on_rules), texts
    assert " ".join(texts).split() == text.split()  # every word printed, in order
    for i, (baseline, glyph_top, line_text) in zip(on_rules, lines, strict=True):
        rule_y, width = rules[i]
        assert 0 < baseline - (rule_y + width / 2) <= ON_RULE, (line_text, baseline, rule_y)
        ceiling = rules[i - 1][0] - rules[i - 1][1] / 2 if i else box[3]
        assert glyph_top <= ceiling, (line_text, glyph_top, ceiling)
    _no_ink_across_the_rules(official, flat, page, [rules[i] for i in on_rules], tmp_path)


def _no_ink_across_the_rules(official: bytes, flat: bytes, page: int, rules: list[tuple[float, float]],
                             tmp_path: Path) -> None:
    """On the rendered page, the filled text (pixels dark only in the filled copy) has its body
    above each rule it uses: just below a rule there is at most descender ink."""
    dpi = 144
    scale = dpi / 72
    (tmp_path / "blank.pdf").write_bytes(official)
    (tmp_path / "filled.pdf").write_bytes(flat)
    width, height, blank = render_page(tmp_path / "blank.pdf", page, tmp_path / "blank", dpi)
    _, _, filled = render_page(tmp_path / "filled.pdf", page, tmp_path / "filled", dpi)
    page_height = height / scale

    def ink(y_from: float, y_to: float) -> int:
        """Text pixels in the band of PDF y ``y_from``..``y_to`` across the page."""
        rows = range(max(0, int((page_height - y_to) * scale)), min(height, int((page_height - y_from) * scale) + 1))
        count = 0
        for row in rows:
            start = row * width * 3
            for x in range(width):
                i = start + 3 * x
                if sum(filled[i:i + 3]) < 384 and sum(blank[i:i + 3]) >= 384:
                    count += 1
        return count

    for y, line_width in rules:
        top = y + line_width / 2
        body = ink(top + 2.5, top + 6)  # x-height band of the line on this rule
        below = ink(y - line_width / 2 - 2.5, y - line_width / 2 - 0.5)  # under the rule: descenders only
        assert body > 0 and below <= body / 4, (y, body, below)


def test_text_needing_more_lines_than_rules_is_refused_for_the_continuation_sheet() -> None:
    official = official_pdf("f843.pdf")
    fill_document(official, {LINE_8: "\n".join(f"line {n}" for n in range(1, 29))})  # 28 rules: fits
    with pytest.raises(FillError) as caught:
        fill_document(official, {LINE_8: "\n".join(f"line {n}" for n in range(1, 30))})
    (problem,) = caught.value.problems
    assert problem.field == LINE_8 and "29 lines at 8 pt but the box has 28 ruled lines" in problem.message
    with pytest.raises(FillError, match="3 ruled lines"):
        fill_document(official_pdf("f656.pdf"), {SOURCE_OF_FUNDS: "one\ntwo\nthree\nfour"})


def _widget(pdf: str, field: str) -> WidgetSpec:
    return compile_template(official_pdf(pdf)).fields[field].widgets[0]


@pytest.mark.parametrize(("pdf", "field"), [
    ("f656.pdf", "topmostSubform[0].F656_Page1[0].#subform[1].Your_Home_Address[0]"),  # one underline
    ("f2848.pdf", "topmostSubform[0].Page1[0].Table_Line3[0].BodyRow1[0].Description1[0]"),  # table cell
    ("f433a.pdf", "topmostSubform[0].Page1[0].c1[0].Lines1a-b[0].p1-t5[0]"),  # address box, underline
])
def test_boxes_without_writing_rules_keep_the_plain_layout(pdf: str, field: str) -> None:
    widget = _widget(pdf, field)
    assert widget.rules, "the box has its cell border or underline"
    plain = dataclasses.replace(widget, rules=())
    for text in ("12 Main St", "12 Main St\nSpringfield, IL 62701"):
        assert ap.multiline(widget, text) == ap.multiline(plain, text)


def test_the_font_shrinks_only_as_far_as_the_pitch_needs() -> None:
    widget = _widget("f843.pdf", LINE_8)
    assert widget.font is not None and widget.font.ascent == 962  # HelveticaLTStd-Bold /FontDescriptor
    dense = dataclasses.replace(widget, rules=tuple((y, 0.0, widget.width, 0.5) for y in (300.0, 292.0, 284.0)))
    # 8 pt pitch less the 0.5 pt rule leaves 7.5 pt for ascent + gap: 7.5 / (0.962 + 0.2) = 6.45 pt
    assert b"6.45 Tf" in ap.multiline(dense, "a\nb").content
    assert b"/HelveticaLTStd-Bold 8 Tf" in ap.multiline(widget, "a\nb").content  # 12 pt pitch: the /DA size
    assert RULE_GAP_EM == 0.2
    cramped = dataclasses.replace(widget, rules=tuple((y, 0.0, widget.width, 0.5) for y in (300.0, 295.0, 290.0)))
    assert ap.multiline(cramped, "a\nb") == ap.multiline(dataclasses.replace(widget, rules=()), "a\nb")
    with pytest.raises(LayoutError):
        ap.multiline(dataclasses.replace(dense, rules=dense.rules[:2]), "a\nb\nc")


def test_a_cached_template_keeps_its_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_CACHE_DIR, str(tmp_path / "templates"))
    clear_cache()
    try:
        official = official_pdf("f843.pdf")
        compiled = compile_template(official)
        clear_cache()
        loaded = cache.load(compiled.sha256, official)
        assert loaded is not None and loaded is not compiled
        assert loaded.fields[LINE_8].widgets[0].rules == compiled.fields[LINE_8].widgets[0].rules
        assert fill_document(loaded, {LINE_8: EXPLANATION}).pdf == fill_document(compiled, {LINE_8: EXPLANATION}).pdf
    finally:
        clear_cache()


def _drawn_form(drawing: bytes) -> bytes:
    """A one-page form: a 200 x 60 pt multi-line box at (50, 100) over ``drawing``, which may
    call the form XObject /Fm (a 0.5-scaled copy of the rules it draws)."""
    rules_xobject = b"0 0 0 rg 100 200 400 1 re f 100 164 400 1 re f"  # at 0.5 scale: y 100.25 / 82.25
    def stream(head: bytes, data: bytes) -> bytes:
        return b"<<" + head + b"/Length %d>>\nstream\n" % len(data) + data + b"\nendstream"
    return pdf_from_objects({
        1: b"<</Type/Catalog/Pages 2 0 R/AcroForm 4 0 R>>",
        2: b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        3: b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Annots[5 0 R]/Contents 6 0 R"
           b"/Resources<</XObject<</Fm 7 0 R>>>>>>",
        4: b"<</Fields[5 0 R]/DA(/Helv 10 Tf 0 g)/DR<</Font<</Helv 8 0 R>>>>>>",
        5: b"<</FT/Tx/Ff 4096/T(notes)/Type/Annot/Subtype/Widget/P 3 0 R/F 4/Rect[50 60 250 120]"
           b"/DA(/Helv 10 Tf 0 g)>>",
        6: stream(b"", drawing),
        7: stream(b"/Type/XObject/Subtype/Form/BBox[0 0 600 400]", rules_xobject),
        8: b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    })


def test_rules_come_from_strokes_bars_and_form_xobjects_but_not_ticks_or_white_lines() -> None:
    drawing = (b"0 G 0.5 w 50 100 m 120 100 l 120 100 m 250 100 l S"  # one rule in two pieces
               b" 1 1 1 RG 50 80 m 250 80 l S"  # white: not printed
               b" 0 G 50 70 m 90 70 l S"  # a short tick under a fifth of the box
               b" q 0.5 0 0 0.5 0 0 cm /Fm Do Q"  # bars at y 100.25 (merged) and 82.25, 0.5 pt thick
               b" 0 g 50 60.5 200 1 re f"  # a filled bar on the bottom edge
               b" 0 G 1 w 40 150 m 260 150 l S")  # above the box: not under it
    tpl = compile_template(_drawn_form(drawing))
    (widget,) = tpl.fields["notes"].widgets
    # (y, x0, x1, thickness) in the box: the stroke at 100 and the bar at 100.25 are one rule, their
    # ink from 99.75 to 100.5
    expected = [(40.125, 0.0, 200.0, 0.75), (22.25, 0.0, 200.0, 0.5), (1.0, 0.0, 200.0, 1.0)]
    assert len(widget.rules) == len(expected)
    for got, want in zip(widget.rules, expected, strict=True):
        assert got == pytest.approx(want, abs=0.01)
    plain = compile_template(_drawn_form(b"0 G 1 w 40 150 m 260 150 l S")).fields["notes"].widgets[0]
    assert plain.rules == ()
