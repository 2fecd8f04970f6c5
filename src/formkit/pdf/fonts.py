"""Font facts needed to lay out field text: encoding, glyph widths, ascent and descent.

Appearance streams must use the same font object as the AcroForm /DR and the same
single-byte encoding (WinAnsi in every IRS form), and text must be measured with that
font's real widths to shrink it into its box. ``fontload`` reads these facts from the
PDF once, when a template is compiled; this module is what a fill uses (no pypdf).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from formkit.errors import FormkitError

#: Abbreviations Acrobat uses as /DR resource names for the standard 14 fonts.
STANDARD_ALIASES: Mapping[str, str] = {
    "Helv": "Helvetica",
    "HeBo": "Helvetica-Bold",
    "HeOb": "Helvetica-Oblique",
    "HeBO": "Helvetica-BoldOblique",
    "TiRo": "Times-Roman",
    "TiBo": "Times-Bold",
    "TiIt": "Times-Italic",
    "TiBI": "Times-BoldItalic",
    "Cour": "Courier",
    "CoBo": "Courier-Bold",
    "CoOb": "Courier-Oblique",
    "CoBO": "Courier-BoldOblique",
    "Symb": "Symbol",
    "ZaDb": "ZapfDingbats",
}

class UnencodableCharacter(FormkitError, ValueError):
    """A character has no code in the font's encoding."""

    def __init__(self, char: str, position: int, font: str) -> None:
        self.char = char
        self.position = position
        self.font = font
        super().__init__(
            f"character {char!r} (U+{ord(char):04X}) at position {position + 1} "
            f"cannot be encoded in font {font} (WinAnsi)"
        )


@dataclass(frozen=True, slots=True, eq=False)
class FontInfo:
    """One /DR font as needed for appearance streams.

    ``ref`` is the serialized /DR value (``b"505 0 R"``): the font object that both the
    /DR and each generated appearance's /Resources point to. ``widths`` are in glyph
    space (1/1000 em) by code; ``None`` means the font cannot be measured, so fields
    using it cannot be filled.
    """

    resource_name: str
    ref: bytes
    base_font: str
    widths: tuple[float, ...] | None
    ascent: float
    descent: float
    _table: Mapping[int, str] = field(repr=False)

    def encode(self, text: str) -> bytes:
        """Encode ``text`` to the font's single-byte codes or raise UnencodableCharacter."""
        try:
            return text.translate(self._table).encode("latin-1")
        except UnicodeEncodeError as exc:
            raise UnencodableCharacter(text[exc.start], exc.start, self.base_font) from None

    def width(self, data: bytes) -> float:
        """Advance width of encoded ``data`` in 1/1000 em."""
        widths = self.widths
        if widths is None:
            raise ValueError(f"font {self.base_font} has no glyph widths")
        return sum(widths[b] for b in data)


def wrap_encoded(font: FontInfo, paragraphs: list[bytes], size: float, avail: float) -> list[bytes]:
    """Greedy word wrap of encoded paragraphs to ``avail`` points; over-long words break
    between glyphs.

    Linear in the length of the text: a line's width is added up as it grows and an
    over-long word is cut in one pass (measuring every prefix again made a 10,000-character
    word take minutes). Widths are whole glyph units, so the sums are exact.
    """
    space = font.width(b" ")
    limit = avail * 1000 / size
    lines: list[bytes] = []
    for para in paragraphs:
        current = b""
        current_w = 0.0
        for word in para.split(b" "):
            word_w = font.width(word)
            if current and current_w + space + word_w <= limit:
                current += b" " + word
                current_w += space + word_w
                continue
            if current:
                lines.append(current)
            start = 0
            while word_w > limit and len(word) - start > 1:
                end, acc = start + 1, font.width(word[start:start + 1])
                while end < len(word):
                    glyph = font.width(word[end:end + 1])
                    if acc + glyph > limit:
                        break
                    acc, end = acc + glyph, end + 1
                lines.append(word[start:end])
                start, word_w = end, word_w - acc
            current, current_w = word[start:], word_w
        lines.append(current)
    return lines
