"""Independent readers for the PDF tests: pdftk, pdfplumber, qpdf, pdftoppm, pdftotext.

Each check goes through a tool that shares no code with formkit.pdf, so a test can only
pass if the bytes are right for real PDF software, not just for our own reader.
"""

from __future__ import annotations

import io
import subprocess
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from formkit.pdf import CompiledTemplate, FieldKind
from tests.pdf.conftest import require_tool

_PDFTK_KEYS = (
    "FieldType:", "FieldName:", "FieldNameAlt:", "FieldFlags:", "FieldValue:",
    "FieldValueDefault:", "FieldJustification:", "FieldMaxLength:", "FieldStateOption:",
)


def pdftk_fields(path: Path) -> dict[str, dict[str, Any]]:
    """``pdftk dump_data_fields_utf8`` parsed: name -> {"type", "value", "states"}.

    Multi-line values continue on lines that do not start with a known key.
    """
    out = subprocess.run(
        [require_tool("pdftk"), str(path), "dump_data_fields_utf8"],
        check=True, capture_output=True, text=True, encoding="utf-8",
    ).stdout
    fields: dict[str, dict[str, Any]] = {}
    record: dict[str, Any] = {}
    last_key = ""

    def flush() -> None:
        if "FieldName" in record:
            fields[record["FieldName"]] = {
                "type": record.get("FieldType"),
                "value": record.get("FieldValue"),
                "states": record.get("FieldStateOption", []),
            }

    for line in out.split("\n"):
        if line == "---":
            flush()
            record, last_key = {}, ""
            continue
        key = next((k for k in _PDFTK_KEYS if line.startswith(k)), None)
        if key is None:
            if last_key == "FieldValue":
                record["FieldValue"] += "\n" + line
            continue
        last_key = key[:-1]
        value = line[len(key):].removeprefix(" ")
        if last_key == "FieldStateOption":
            record.setdefault(last_key, []).append(value)
        else:
            record[last_key] = value
    flush()
    return fields


def _plumber_name(data: dict[str, Any]) -> str:
    parts: list[str] = []
    node: dict[str, Any] | None = data
    while node is not None:
        t = resolve1(node.get("T"))
        if t is not None:
            parts.append(decode_text(t) if isinstance(t, bytes) else str(t))
        parent = node.get("Parent")
        node = resolve1(parent) if parent is not None else None
    return ".".join(reversed(parts))


def plumber_values(pdf: bytes) -> dict[str, str]:
    """Widget annotation values as pdfplumber (pdfminer) reads them: name -> /V text."""
    values: dict[str, str] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for annot in page.annots:
                data = annot["data"]
                subtype = resolve1(data.get("Subtype"))
                if not (isinstance(subtype, PSLiteral) and subtype.name == "Widget"):
                    continue
                v = resolve1(data.get("V"))
                if v is None:
                    continue
                if isinstance(v, PSLiteral):
                    text = str(v.name)
                elif isinstance(v, bytes):
                    text = decode_text(v)
                else:
                    text = str(v)
                values[_plumber_name(data)] = text
    return values


def pdf_from_objects(objects: dict[int, bytes]) -> bytes:
    """A hand-built PDF (classic xref table, no object streams) from numbered object bodies;
    object 1 is the catalog."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f\r\n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n\r\n" % offsets[number]
        else:
            out += b"0000000000 65535 f\r\n"
    out += (b"trailer\n<</Size %d/Root 1 0 R/ID[<00112233445566778899aabbccddeeff>"
            b"<00112233445566778899aabbccddeeff>]>>\nstartxref\n%d\n%%%%EOF\n" % (size, xref_at))
    return bytes(out)


def qpdf_check(path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``qpdf --check``; exit code 0 means no errors and no warnings."""
    return subprocess.run(
        [require_tool("qpdf"), "--check", str(path)], capture_output=True, text=True,
    )


def pdftotext(path: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        [require_tool("pdftotext"), *pages, "-layout", str(path), "-"],
        check=True, capture_output=True, text=True,
    ).stdout


def render_page(path: Path, page: int, out_dir: Path, dpi: int = 72) -> tuple[int, int, bytes]:
    """Render one page (1-based) with ``pdftoppm`` to PPM; returns width, height, RGB bytes."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / f"page{page}"
    subprocess.run(
        [require_tool("pdftoppm"), "-r", str(dpi), "-f", str(page), "-l", str(page),
         "-singlefile", str(path), str(stem)],
        check=True, capture_output=True,
    )
    return read_ppm((stem.with_suffix(".ppm")).read_bytes())


def read_ppm(data: bytes) -> tuple[int, int, bytes]:
    """Parse a binary P6 PPM (maxval 255): width, height, RGB bytes."""
    tokens: list[bytes] = []
    pos = 0
    while len(tokens) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        tokens.append(data[start:pos])
    if tokens[0] != b"P6" or tokens[3] != b"255":
        raise ValueError("expected a P6 PPM with maxval 255")
    width, height = int(tokens[1]), int(tokens[2])
    pixels = data[pos + 1 : pos + 1 + width * height * 3]
    return width, height, pixels


def dark_pixels(
    image: tuple[int, int, bytes], box: tuple[float, float, float, float],
    page_height: float, dpi: int = 72, inset: float = 1.5, threshold: int = 384,
) -> list[tuple[int, int, int]]:
    """RGB of the pixels darker than ``threshold`` (sum of channels) inside a PDF box
    (x0, y0, x1, y1 in points), shrunk by ``inset`` points to stay off the form's rules."""
    width, height, pixels = image
    scale = dpi / 72
    x0, y0, x1, y1 = box
    left = max(0, int((x0 + inset) * scale + 0.5))
    right = min(width, int((x1 - inset) * scale))
    top = max(0, int((page_height - y1 + inset) * scale + 0.5))
    bottom = min(height, int((page_height - y0 - inset) * scale))
    found = []
    for y in range(top, bottom):
        row = y * width * 3
        for x in range(left, right):
            r, g, b = pixels[row + 3 * x : row + 3 * x + 3]
            if r + g + b < threshold:
                found.append((r, g, b))
    return found


_TOKEN_CHARS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
#: Filler for wider fields: WinAnsi letters beyond ASCII and characters that need
#: escaping in PDF strings, so every read-back also checks encoding and escaping.
_FILLER = " Zoë O’Neil (Sr.) \\ 5% €12 & <co> – “ok”"


def distinct_text_values(tpl: CompiledTemplate) -> dict[str, str]:
    """A distinct, fitting value for every fillable text field of a form.

    Each value starts with a unique token; wider fields get filler (non-ASCII WinAnsi,
    parentheses, backslash) up to a conservative length for their box; multiline fields
    get a line break; comb fields are filled to MaxLen exactly.
    """
    values: dict[str, str] = {}
    index = 0
    singles = iter(_TOKEN_CHARS)
    for spec in tpl.fields.values():
        if spec.kind is not FieldKind.TEXT or spec.readonly:
            continue
        widget = spec.widgets[0]
        size = widget.da.font_size if widget.da and widget.da.font_size else 12.0
        capacity = int((widget.width - 6) / (0.72 * size))
        if spec.max_len is not None:
            capacity = min(capacity, spec.max_len)
        if spec.comb and spec.max_len:
            capacity = spec.max_len
        if capacity <= 1:
            values[spec.name] = next(singles)
            continue
        token = _TOKEN_CHARS[index // len(_TOKEN_CHARS)] + _TOKEN_CHARS[index % len(_TOKEN_CHARS)]
        index += 1
        if spec.comb:
            value = (token + "0123456789" * 10)[:capacity]
        elif spec.multiline and capacity >= 12 and widget.height >= 2.6 * size + 4:
            value = (token + _FILLER)[: capacity - 8].rstrip() + "\nLine two"
        else:
            value = (token + _FILLER)[:capacity].rstrip()
        values[spec.name] = value
    return values


def all_checkboxes_on(tpl: CompiledTemplate) -> dict[str, bool]:
    return {
        spec.name: True
        for spec in tpl.fields.values()
        if spec.kind is FieldKind.CHECKBOX and not spec.readonly
    }
