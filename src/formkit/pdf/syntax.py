"""Serialize PDF objects to bytes, deterministically and without pypdf's writer.

The incremental writer re-emits a few hundred dictionaries per fill; doing it here with
plain byte joins keeps a fill in milliseconds and makes the output byte-for-byte stable.
"""

from __future__ import annotations

#: Name characters written as ``#xx`` (delimiters, whitespace, ``#``), besides those above ``~``.
_NAME_ESCAPES = {c: b"#%02X" % c for c in (*range(0x21), *b"#()<>[]{}/%")}


def num(value: float) -> bytes:
    """A PDF number with at most 4 decimals and no trailing zeros (``12``, ``0.502``)."""
    if value == int(value):
        return b"%d" % int(value)
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return b"0" if text in ("-0", "") else text.encode("ascii")


def literal(data: bytes) -> bytes:
    """A literal string ``(...)`` with ``\\``, ``(``, ``)``, CR and LF escaped."""
    escaped = (
        data.replace(b"\\", b"\\\\")
        .replace(b"(", b"\\(")
        .replace(b")", b"\\)")
        .replace(b"\r", b"\\r")
        .replace(b"\n", b"\\n")
    )
    return b"(" + escaped + b")"


def string(data: bytes) -> bytes:
    """A string object: literal when it is printable ASCII (readable), else hex."""
    if all(32 <= b < 127 for b in data):
        return literal(data)
    return hexstring(data)


def hexstring(data: bytes) -> bytes:
    """A hex string ``<...>``."""
    return b"<" + data.hex().encode("ascii") + b">"


def text_string(value: str) -> bytes:
    """A PDF text string: plain ASCII as a literal, anything else as UTF-16BE with BOM.

    Field values (/V) are text strings; UTF-16 is the unambiguous encoding every reader
    (pdftk, pdfminer, pypdf, Acrobat) decodes the same way.
    """
    if value.isascii() and all(c >= " " or c in "\n\r\t" for c in value):
        return literal(value.encode("ascii"))
    return hexstring(b"\xfe\xff" + value.encode("utf-16-be"))


def name(value: str) -> bytes:
    """A PDF name from its text without the slash (``Off`` -> ``/Off``), #-escaped
    (PDF 32000-1 7.3.5; characters beyond ASCII as their UTF-8 bytes)."""
    out = [b"/"]
    for byte in value.encode("utf-8"):
        escape = _NAME_ESCAPES.get(byte)
        out.append(escape if escape is not None else (b"#%02X" % byte if byte > 0x7E else bytes((byte,))))
    return b"".join(out)


def ref(obj: tuple[int, int]) -> bytes:
    """An indirect reference ``n g R``."""
    return b"%d %d R" % obj


def indirect_object(number: tuple[int, int], body: bytes) -> bytes:
    """``n g obj ... endobj`` framing (each object starts on its own line)."""
    return b"%d %d obj\n" % number + body + b"\nendobj\n"


def stream_object(number: tuple[int, int], dict_entries: bytes, data: bytes) -> bytes:
    """A stream object; ``dict_entries`` are the entries besides /Length."""
    return (
        b"%d %d obj\n<<" % number
        + dict_entries
        + b"/Length %d>>\nstream\n" % len(data)
        + data
        + b"\nendstream\nendobj\n"
    )
