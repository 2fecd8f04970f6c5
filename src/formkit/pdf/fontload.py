"""Read a font's encoding, glyph widths and vertical metrics with pypdf (compile time).

Appearance streams must use the same font object as the AcroForm /DR and the same
single-byte encoding (WinAnsi in every IRS form), and text must be measured with that
font's real widths to shrink it into its box. Widths come from the font's /Widths array,
or for the standard 14 fonts (e.g. ``/Helv``) from the Adobe AFM data shipped in pypdf.
"""

from __future__ import annotations

from pypdf._codecs import _std_encoding, _symbol_encoding, _zapfding_encoding, adobe_glyphs
from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject
from pypdf.generic._font import CoreFontMetrics, FontDescriptor

from formkit.pdf.fonts import STANDARD_ALIASES, FontInfo

_SYMBOLIC = ("Symbol", "ZapfDingbats")
#: Stand-in for "no glyph" in translate tables; never a valid single-byte code.
_NO_CODE = "\uffff"


def _single_byte_table(codec: str) -> list[str | None]:
    table: list[str | None] = []
    for code in range(256):
        try:
            char = bytes([code]).decode(codec)
        except UnicodeDecodeError:
            char = None
        table.append(char)
    return table


def _named_encoding(enc_name: str, base_font: str) -> list[str | None]:
    if enc_name == "WinAnsiEncoding":
        table = _single_byte_table("cp1252")
    elif enc_name == "MacRomanEncoding":
        table = _single_byte_table("mac_roman")
    elif base_font == "ZapfDingbats":
        table = list(_zapfding_encoding)
    elif base_font == "Symbol":
        table = list(_symbol_encoding)
    else:
        table = list(_std_encoding)
    # Control codes are never printable glyphs in a simple-font field appearance.
    return [
        None if c is None or ((code < 32 or code == 127) and base_font not in _SYMBOLIC) else c
        for code, c in enumerate(table)
    ]


def _encoding_table(font: DictionaryObject, base_font: str) -> list[str | None]:
    enc = font.get("/Encoding")
    enc = enc.get_object() if enc is not None else None
    if isinstance(enc, NameObject):
        return _named_encoding(enc[1:], base_font)
    if isinstance(enc, DictionaryObject):
        base = enc.get("/BaseEncoding")
        table = _named_encoding(str(base)[1:] if base is not None else "", base_font)
        diffs = enc.get("/Differences")
        code = 0
        diff_items = diffs.get_object() if diffs is not None else None
        for item in diff_items if isinstance(diff_items, ArrayObject) else []:
            item = item.get_object()
            if isinstance(item, NumberObject):
                code = int(item)
            elif isinstance(item, NameObject) and 0 <= code < 256:
                table[code] = adobe_glyphs.get(str(item))
                code += 1
        return table
    return _named_encoding("", base_font)


def core_metrics(base_font: str) -> CoreFontMetrics | None:
    """The standard-14 AFM metrics for a base font name, tolerating common spellings.

    ``ArialMT`` and ``Arial-BoldMT`` map to pypdf's ``Arial``/``Arial,Bold`` (Helvetica
    metrics), ``TimesNewRomanPSMT`` to ``TimesNewRoman``.
    """
    base = base_font.split("+", 1)[-1]
    base = STANDARD_ALIASES.get(base, base)
    if base in CORE_FONT_METRICS:
        return CORE_FONT_METRICS[base]
    simple = base.replace("PSMT", "").replace("PS-", "-").removesuffix("MT")
    for candidate in (simple, simple.replace("-", ",", 1)):
        if candidate in CORE_FONT_METRICS:
            return CORE_FONT_METRICS[candidate]
    return None


def build_font(resource_name: str, ref: bytes, font: DictionaryObject) -> FontInfo:
    """Collect encoding, widths and vertical metrics of one /DR font dictionary."""
    base_font = str(font.get("/BaseFont", "/" + resource_name))[1:]
    core = core_metrics(base_font)
    table = _encoding_table(font, base_font if core is None else core.font_descriptor.name)
    translate: dict[int, str] = {code: _NO_CODE for code in range(256)}
    for code, char in enumerate(table):
        # The first code for a character wins (e.g. WinAnsi space 32 over 160).
        if char is not None and len(char) == 1 and translate.get(ord(char), _NO_CODE) == _NO_CODE:
            translate[ord(char)] = chr(code)
    widths = _widths(font, table, core)
    ascent, descent = _vertical_metrics(font, core)
    return FontInfo(resource_name, ref, base_font, widths, ascent, descent, translate)


def _widths(
    font: DictionaryObject, table: list[str | None], core: CoreFontMetrics | None
) -> tuple[float, ...] | None:
    raw = font.get("/Widths")
    raw = raw.get_object() if raw is not None else None
    if isinstance(raw, ArrayObject):
        first = int(font.get("/FirstChar", 0))
        descriptor = font.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else None
        missing = 0.0
        if isinstance(descriptor, DictionaryObject):
            missing = float(descriptor.get("/MissingWidth", 0))
        widths = [missing] * 256
        for i, w in enumerate(raw):
            if 0 <= first + i < 256:
                widths[first + i] = float(w.get_object())
        return tuple(widths)
    if core is None or core.font_descriptor.name in _SYMBOLIC:
        # pypdf keys the dingbat/symbol AFM widths by glyph number, not by code.
        return None
    cw = core.character_widths
    default = float(cw.get("default", 0))
    return tuple(float(cw.get(c, default)) if c is not None else 0.0 for c in table)


def _vertical_metrics(font: DictionaryObject, core: CoreFontMetrics | None) -> tuple[float, float]:
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if isinstance(descriptor, DictionaryObject):
        ascent = float(descriptor.get("/Ascent", 0))
        descent = float(descriptor.get("/Descent", 0))
        if ascent > 0:
            return ascent, min(descent, 0.0)
    if core is not None and core.font_descriptor.ascent > 0:
        return float(core.font_descriptor.ascent), float(core.font_descriptor.descent)
    if core is not None:  # symbol fonts: use the bounding box
        bbox = core.font_descriptor.bbox
        return float(bbox[3]), float(bbox[1])
    fallback = FontDescriptor()  # pypdf's averages over the 14 core fonts
    return float(fallback.ascent), float(fallback.descent)
