"""Write field appearance streams ourselves instead of relying on NeedAppearances.

A filled form must look the same in every viewer and on paper, and must never hide part
of a value: if text does not fit its box at a legible size, that is an error for the
caller to fix (abbreviate, use an attachment), not a silent cut. Layout follows what
Acrobat does for these forms: the /DA font, size and colour, /Q alignment, vertical
centring for single lines, top-down word wrap for multiline, one glyph per comb cell.
Where the form prints ruled writing lines under a multi-line box (Form 843 line 8, Form
656 Section 6), each text line sits on one of those rules instead (``ruled``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from formkit.errors import FormkitError
from formkit.pdf.fonts import FontInfo, UnencodableCharacter, wrap_encoded
from formkit.pdf.model import Border, WidgetSpec
from formkit.pdf.syntax import literal, name, num

#: Smallest font size we shrink text to; below it printed text stops being legible.
MIN_FONT_SIZE = 6.0
#: Largest size for auto-sized (/DA size 0) fields, as Acrobat caps it.
AUTO_FONT_SIZE = 12.0
#: Gap between the border (or box edge) and text, in points.
TEXT_PADDING = 2.0
#: Shrink step when searching a size at which multiline text fits.
SIZE_STEP = 0.25
#: Text on a printed rule has its baseline this far (in em) above the rule: the descenders of
#: Latin text faces reach about 0.2 em below the baseline, so they just touch it, as handwriting does.
RULE_GAP_EM = 0.2
#: Glyph numbers (AFM names ``aN``) of the /MK /CA check styles in ZapfDingbats; pypdf
#: keys ZapfDingbats widths by these numbers: check, circle, cross, diamond, square, star.
_ZAPF_GLYPH = {"4": 20, "l": 71, "8": 24, "u": 78, "n": 73, "H": 35}


class LayoutError(FormkitError, ValueError):
    """The value cannot be drawn in the widget (does not fit, unencodable, no font)."""


@dataclass(frozen=True, slots=True)
class Appearance:
    """A form XObject to emit: its box, /Resources entries and content."""

    width: float
    height: float
    resources: bytes
    content: bytes

    def dict_entries(self) -> bytes:
        """Stream dictionary entries (without /Length) for this appearance."""
        return (
            b"/Type/XObject/Subtype/Form/BBox[0 0 "
            + num(self.width)
            + b" "
            + num(self.height)
            + b"]/Resources"
            + self.resources
        )


def _font_resources(font: FontInfo) -> bytes:
    return b"<</Font<<" + name(font.resource_name) + b" " + font.ref + b">>>>"


def _floor(size: float) -> float:
    return math.floor(size * 100) / 100


def _decoration(widget: WidgetSpec) -> tuple[bytes, float]:
    """Background and border drawing (outside the /Tx marked content) and border inset."""
    w, h = widget.width, widget.height
    parts: list[bytes] = []
    if widget.background:
        parts.append(widget.background + b" 0 0 " + num(w) + b" " + num(h) + b" re f")
    border: Border | None = widget.border
    inset = 0.0
    if border is not None:
        bw = border.width
        half = bw / 2
        parts.append(border.colour + b" " + num(bw) + b" w")
        if border.style == "D":
            parts.append(b"[3] 0 d")
        if border.style == "U":
            parts.append(b"0 " + num(half) + b" m " + num(w) + b" " + num(half) + b" l S")
        else:
            parts.append(
                num(half) + b" " + num(half) + b" " + num(w - bw) + b" " + num(h - bw) + b" re S"
            )
        inset = bw * 2 if border.style in ("B", "I") else bw
    return (b"\n".join(parts) + b"\n" if parts else b""), inset


def _comb_dividers(widget: WidgetSpec, cells: int) -> bytes:
    border = widget.border
    if border is None or cells < 2 or border.style == "U":
        return b""
    cell = widget.width / cells
    top = widget.height - border.width / 2
    bottom = border.width / 2
    lines = [
        num(cell * i) + b" " + num(top) + b" m " + num(cell * i) + b" " + num(bottom) + b" l"
        for i in range(1, cells)
    ]
    return b"\n".join(lines) + b" S\n"


def _require_font(widget: WidgetSpec) -> tuple[FontInfo, float, bytes]:
    font = widget.font
    da = widget.da
    if da is None or font is None:
        raise LayoutError("the field has no usable /DA font in the AcroForm /DR")
    if font.widths is None:
        raise LayoutError(f"font {font.base_font} has no glyph widths to lay out text")
    if widget.rotation:
        raise LayoutError(f"rotated widgets (/MK /R {widget.rotation}) are not supported")
    return font, da.font_size, da.colour


def _encode(font: FontInfo, text: str) -> bytes:
    try:
        return font.encode(text)
    except UnencodableCharacter as exc:
        raise LayoutError(str(exc)) from None


def _text_block(font: FontInfo, size: float, colour: bytes, inset: float,
                widget: WidgetSpec, runs: list[tuple[float, float, bytes]]) -> bytes:
    """``/Tx BMC`` block clipped inside the border, one ``Tm``-positioned run per item."""
    w, h = widget.width, widget.height
    head = [
        b"/Tx BMC\nq\n",
        num(inset) + b" " + num(inset) + b" " + num(w - 2 * inset) + b" " + num(h - 2 * inset),
        b" re W n\nBT\n",
        name(font.resource_name) + b" " + num(size) + b" Tf\n",
        colour + b"\n" if colour else b"",
    ]
    body = [
        b"1 0 0 1 " + num(x) + b" " + num(y) + b" Tm " + literal(data) + b" Tj\n"
        for x, y, data in runs
    ]
    return b"".join(head) + b"".join(body) + b"ET\nQ\nEMC\n"


def _x_for(quadding: int, width: float, text_width: float, pad: float) -> float:
    if quadding == 1:
        return (width - text_width) / 2
    if quadding == 2:
        return width - pad - text_width
    return pad


def _min_size(da_size: float) -> float:
    """A form designed with a smaller /DA size than our minimum keeps its own size."""
    return min(MIN_FONT_SIZE, da_size) if da_size > 0 else MIN_FONT_SIZE


def single_line(widget: WidgetSpec, text: str) -> Appearance:
    """One line, vertically centred, aligned by /Q, shrunk until it fits the width."""
    font, da_size, colour = _require_font(widget)
    decoration, inset = _decoration(widget)
    data = _encode(font, text)
    w, h = widget.width, widget.height
    pad = inset + TEXT_PADDING
    line = (font.ascent - font.descent) / 1000
    size = da_size if da_size > 0 else min(AUTO_FONT_SIZE, (h - 2 * inset) / line)
    units = font.width(data)
    avail = w - 2 * pad
    if units > 0 and units * size / 1000 > avail:
        size = _floor(avail * 1000 / units)
        if size < _min_size(da_size):
            raise LayoutError(
                f"text is {units * _min_size(da_size) / 1000:.1f} pt wide at "
                f"{_min_size(da_size):g} pt but the box has {avail:.1f} pt; shorten it"
            )
    y = (h - line * size) / 2 - font.descent / 1000 * size
    x = _x_for(widget.quadding, w, units * size / 1000, pad)
    content = decoration + _text_block(font, size, colour, inset, widget, [(x, y, data)])
    return Appearance(w, h, _font_resources(font), content)


def comb(widget: WidgetSpec, text: str, cells: int) -> Appearance:
    """One glyph centred in each of ``cells`` equal cells (MaxLen), like paper boxes."""
    font, da_size, colour = _require_font(widget)
    decoration, inset = _decoration(widget)
    if len(text) > cells:
        raise LayoutError(f"{len(text)} characters for {cells} comb cells")
    data = _encode(font, text)
    w, h = widget.width, widget.height
    cell = w / cells
    line = (font.ascent - font.descent) / 1000
    size = da_size if da_size > 0 else min(AUTO_FONT_SIZE, (h - 2 * inset) / line)
    widest = max((font.width(bytes([b])) for b in data), default=0.0)
    if widest * size / 1000 > cell:
        size = _floor(cell * 1000 / widest)
        if size < _min_size(da_size):
            raise LayoutError(f"a character does not fit a {cell:.1f} pt comb cell")
    start = {1: (cells - len(data)) // 2, 2: cells - len(data)}.get(widget.quadding, 0)
    y = (h - line * size) / 2 - font.descent / 1000 * size
    runs = []
    for i, b in enumerate(data):
        glyph = font.width(bytes([b])) * size / 1000
        runs.append(((start + i) * cell + (cell - glyph) / 2, y, bytes([b])))
    content = (
        decoration
        + _comb_dividers(widget, cells)
        + _text_block(font, size, colour, inset, widget, runs)
    )
    return Appearance(w, h, _font_resources(font), content)


@dataclass(frozen=True, slots=True)
class _Ruling:
    """The printed rules text can sit on, in the widget's coordinates."""

    tops: tuple[float, ...]  # top edge of each writing rule, top down
    room: float  # the least space above a writing rule, up to the rule (or box edge) above it
    left: float  # the span every writing rule covers
    right: float


def _ruling(widget: WidgetSpec, inset: float, line_em: float, minimum: float) -> _Ruling | None:
    """The rules under ``widget`` with room above them for a line of text at the smallest
    legible size (a box's own top border has none), or None when there are fewer than two:
    one rule under a box is its baseline, not writing lines, and keeps the plain layout."""
    upper = widget.height - inset
    tops: list[float] = []
    room, left, right = math.inf, inset, widget.width - inset
    for y, x0, x1, thickness in widget.rules:
        top = y + thickness / 2
        space = upper - top
        upper = y - thickness / 2
        if space < line_em * minimum:
            continue
        tops.append(top)
        room, left, right = min(room, space), max(left, x0), min(right, x1)
    return _Ruling(tuple(tops), room, left, right) if len(tops) >= 2 else None


def _on_rules(widget: WidgetSpec, font: FontInfo, da_size: float, colour: bytes, decoration: bytes,
              inset: float, paragraphs: list[bytes]) -> Appearance | None:
    """One text line on each printed rule: the pitch and first baseline come from the rules,
    the font shrinks only as far as the pitch needs, and text needing more lines than there
    are rules is an error (the forms layer moves it to a continuation sheet)."""
    line_em = max(font.ascent, 0.0) / 1000 + RULE_GAP_EM
    minimum = _min_size(da_size)
    ruling = _ruling(widget, inset, line_em, minimum)
    if ruling is None:
        return None
    size = min(da_size if da_size > 0 else AUTO_FONT_SIZE, _floor(ruling.room / line_em))
    span = ruling.right - ruling.left
    lines = wrap_encoded(font, paragraphs, size, span - 2 * TEXT_PADDING)
    if len(lines) > len(ruling.tops):
        raise LayoutError(f"text needs {len(lines)} lines at {size:g} pt but the box has "
                          f"{len(ruling.tops)} ruled lines; shorten it")
    runs = [(ruling.left + _x_for(widget.quadding, span, font.width(data) * size / 1000, TEXT_PADDING),
             top + RULE_GAP_EM * size, data) for top, data in zip(ruling.tops, lines, strict=False)]
    content = decoration + _text_block(font, size, colour, inset, widget, runs)
    return Appearance(widget.width, widget.height, _font_resources(font), content)


def multiline(widget: WidgetSpec, text: str) -> Appearance:
    """Word-wrapped lines on the form's printed rules when it has them; otherwise from the
    top, aligned by /Q, shrunk until all lines fit."""
    font, da_size, colour = _require_font(widget)
    decoration, inset = _decoration(widget)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [_encode(font, p) for p in text.split("\n")]
    ruled = _on_rules(widget, font, da_size, colour, decoration, inset, paragraphs) if widget.rules else None
    if ruled is not None:
        return ruled
    w, h = widget.width, widget.height
    pad = inset + TEXT_PADDING
    avail_w = w - 2 * pad
    avail_h = h - 2 * (inset + 1)
    line = (font.ascent - font.descent) / 1000
    size = da_size if da_size > 0 else AUTO_FONT_SIZE
    minimum = _min_size(da_size)
    if len(paragraphs) == 1 and len(wrap_encoded(font, paragraphs, size, avail_w)) == 1:
        # One line: place it like a single-line field (centred, no shrink for height),
        # as the many one-line-high multiline boxes on IRS forms are meant to be used.
        return single_line(widget, text)
    while True:
        lines = wrap_encoded(font, paragraphs, size, avail_w)
        if len(lines) * line * size <= avail_h + 1e-6:
            break
        if size <= minimum:
            room = int(avail_h / (line * minimum))
            raise LayoutError(
                f"text needs {len(lines)} lines at {minimum:g} pt but the box has room "
                f"for {room}; shorten it"
            )
        size = max(minimum, size - SIZE_STEP)
    top = h - inset - 1 - font.ascent / 1000 * size
    runs = []
    for i, data in enumerate(lines):
        x = _x_for(widget.quadding, w, font.width(data) * size / 1000, pad)
        runs.append((x, top - i * line * size, data))
    content = decoration + _text_block(font, size, colour, inset, widget, runs)
    return Appearance(w, h, _font_resources(font), content)


def check(widget: WidgetSpec) -> Appearance:
    """A ZapfDingbats check (or the /MK /CA style) centred in the box, for widgets that
    have no on-state appearance of their own."""
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS  # only here: a fill need not load pypdf

    font = widget.font
    if font is None:
        raise LayoutError("no ZapfDingbats font available for the check appearance")
    w, h = widget.width, widget.height
    glyph = widget.caption if widget.caption in _ZAPF_GLYPH else "4"
    zapf = CORE_FONT_METRICS["ZapfDingbats"]
    advance = zapf.character_widths[chr(_ZAPF_GLYPH[glyph])] / 1000
    bbox = zapf.font_descriptor.bbox
    da_size = widget.da.font_size if widget.da is not None else 0.0
    size = da_size if da_size > 0 else 0.8 * min(w, h)
    size = min(size, w / advance)
    x = (w - advance * size) / 2
    y = h / 2 - (bbox[1] + bbox[3]) / 2000 * size
    colour = widget.da.colour if widget.da is not None and widget.da.colour else b"0 g"
    content = (
        b"q\n" + colour + b"\nBT\n" + name(font.resource_name) + b" " + num(size) + b" Tf\n"
        + num(x) + b" " + num(y) + b" Td\n" + literal(glyph.encode("latin-1")) + b" Tj\nET\nQ\n"
    )
    return Appearance(w, h, _font_resources(font), content)


def empty(width: float, height: float) -> Appearance:
    """An appearance that draws nothing (the /Off state of a checkbox)."""
    return Appearance(width, height, b"<<>>", b"")
