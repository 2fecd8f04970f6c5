"""Typeset plain text pages (continuation sheets) as PDF content streams.

A continuation sheet is text in a fixed order: a header repeated on every page, headings,
label/value rows and rules. This module measures text with the standard Helvetica metrics
(``standard_font`` serves any face in ``core14``, letters use it too),
wraps it, breaks pages and writes the content streams; ``writer.fill`` appends the pages to a
filled form in the same incremental update. Text is WinAnsi-encoded; a character outside it
raises ``UnencodableCharacter`` (the caller knows which value it came from).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from formkit.pdf import core14
from formkit.pdf.fonts import FontInfo, wrap_encoded
from formkit.pdf.syntax import literal, num

PAGE_WIDTH = 612.0
PAGE_HEIGHT = 792.0
MARGIN = 54.0
LEADING = 1.25
#: Resource names of the two fonts every flowed page uses.
REGULAR, BOLD = "F1", "F2"
FONTS = {REGULAR: "Helvetica", BOLD: "Helvetica-Bold"}


@cache
def _winansi() -> dict[int, str]:
    """str.translate table: character -> its WinAnsi code (cp1252), printable codes only."""
    table: dict[int, str] = {}
    for code in range(32, 256):
        if code == 127:
            continue
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            continue
        table.setdefault(ord(char), chr(code))
    return table


@cache
def standard_font(base: str) -> FontInfo:
    """A standard-14 face of ``core14`` (WinAnsi, not embedded), measured with the Adobe metrics."""
    ascent, descent, widths = core14.BY_NAME[base]
    table = {c: "\uffff" for c in range(256)} | _winansi()
    return FontInfo(base, b"", base, widths, ascent, descent, table)


def font(resource: str) -> FontInfo:
    """Helvetica or Helvetica-Bold by the resource name continuation sheets use."""
    return standard_font(FONTS[resource])


def standard_font_dictionary(base: str) -> bytes:
    """The font dictionary of a standard-14 face: nothing embedded, WinAnsi codes."""
    return b"<</Type/Font/Subtype/Type1/BaseFont/" + base.encode("ascii") + b"/Encoding/WinAnsiEncoding>>"


def font_dictionary(resource: str) -> bytes:
    return standard_font_dictionary(FONTS[resource])


@dataclass(frozen=True, slots=True)
class Para:
    """A paragraph, wrapped to the text width (less its indent)."""

    text: str
    bold: bool = False
    size: float = 9.0
    indent: float = 0.0
    space_before: float = 0.0
    keep_with_next: int = 0
    """How many following blocks must stay on the same page (a heading with its first rows)."""


@dataclass(frozen=True, slots=True)
class Pair:
    """A label and its value side by side; the value wraps in its own column."""

    label: str
    value: str
    size: float = 9.0
    indent: float = 12.0
    label_width: float = 190.0


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line across the text width."""

    space_before: float = 4.0


Block = Para | Pair | Rule


def check_encodable(text: str) -> None:
    """Raise UnencodableCharacter if Helvetica (WinAnsi) cannot print ``text`` (hard line breaks
    are fine: ``wrap`` keeps them)."""
    font(REGULAR).encode(text.replace("\n", ""))


def _width(text: bytes, resource: str, size: float) -> float:
    return font(resource).width(text) * size / 1000


def wrap(text: str, resource: str, size: float, width: float) -> list[bytes]:
    """Greedy word wrap of ``text`` (hard line breaks kept); over-long words break by glyph."""
    face = font(resource)
    return wrap_encoded(face, [face.encode(para) for para in text.split("\n")], size, width)


@dataclass(frozen=True, slots=True)
class _Line:
    runs: tuple[tuple[float, str, float, bytes], ...]  # (x, font, size, text)
    height: float
    rule: bool = False


def _lines(block: Block, width: float) -> list[_Line]:
    if isinstance(block, Rule):
        return [_Line((), block.space_before + 2, rule=True)]
    if isinstance(block, Para):
        res = BOLD if block.bold else REGULAR
        texts = wrap(block.text, res, block.size, width - block.indent)
        lines = [_Line(((MARGIN + block.indent, res, block.size, t),), block.size * LEADING) for t in texts]
        if block.space_before and lines:
            first = lines[0]
            lines[0] = _Line(first.runs, first.height + block.space_before)
        return lines
    label = wrap(block.label, REGULAR, block.size, block.label_width - 6)
    value = wrap(block.value, BOLD, block.size, width - block.indent - block.label_width)
    x_label, x_value = MARGIN + block.indent, MARGIN + block.indent + block.label_width
    out = []
    for i in range(max(len(label), len(value))):
        runs = []
        if i < len(label):
            runs.append((x_label, REGULAR, block.size, label[i]))
        if i < len(value):
            runs.append((x_value, BOLD, block.size, value[i]))
        out.append(_Line(tuple(runs), block.size * LEADING))
    return out


def _header(header: list[Para], width: float) -> tuple[list[_Line], float]:
    lines = [line for para in header for line in _lines(para, width)]
    lines.append(_Line((), 6, rule=True))
    return lines, sum(line.height for line in lines) + 6


def typeset(header: list[Para], body: list[Block], footer: str) -> list[bytes]:
    """Content streams of the pages: ``header`` on top of each, ``footer`` ("Page {page} of
    {pages}") at the bottom, the body flowed between them."""
    width = PAGE_WIDTH - 2 * MARGIN
    head, head_height = _header(header, width)
    room = PAGE_HEIGHT - 2 * MARGIN - head_height - 18
    groups: list[list[_Line]] = [_lines(block, width) for block in body]
    pages: list[list[_Line]] = [[]]
    used = 0.0
    i = 0
    while i < len(body):
        block = body[i]
        keep = block.keep_with_next if isinstance(block, Para) else 0
        unit = [line for g in groups[i:i + 1 + keep] for line in g]
        need = sum(line.height for line in unit)
        if used and used + need > room:
            pages.append([])
            used = 0.0
        for line in groups[i]:
            if used + line.height > room and used:
                pages.append([])
                used = 0.0
            pages[-1].append(line)
            used += line.height
        i += 1
    return [_page(head, lines, footer.format(page=n, pages=len(pages)))
            for n, lines in enumerate(pages, start=1)]


def _page(head: list[_Line], lines: list[_Line], footer: str) -> bytes:
    out = [b"BT\n"]
    rules: list[float] = []
    y = PAGE_HEIGHT - MARGIN
    for line in [*head, *lines]:
        y -= line.height
        if line.rule:
            rules.append(y + line.height / 2)
            continue
        for x, res, size, text in line.runs:
            out.append(b"/" + res.encode() + b" " + num(size) + b" Tf 1 0 0 1 " + num(x) + b" " + num(y)
                       + b" Tm " + literal(text) + b" Tj\n")
    encoded = font(REGULAR).encode(footer)
    x = PAGE_WIDTH - MARGIN - _width(encoded, REGULAR, 8)
    out.append(b"/" + REGULAR.encode() + b" 8 Tf 1 0 0 1 " + num(x) + b" " + num(MARGIN - 14) + b" Tm "
               + literal(encoded) + b" Tj\nET\n")
    for ry in rules:
        out.append(b"0.5 w " + num(MARGIN) + b" " + num(ry) + b" m " + num(PAGE_WIDTH - MARGIN) + b" "
                   + num(ry) + b" l S\n")
    return b"".join(out)
