"""A corpus of hostile PDFs, made by the tests (nothing hostile is committed).

Each maker writes one file into a folder and returns its path. The corpus covers what a
firm's inbox or a script's bug can produce: empty, random, truncated, encrypted, active
content, very many pages, decompression bombs, deep or looping cross-reference chains,
and paths that are not regular files.
"""

from __future__ import annotations

import io
import os
import random
import zlib
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader, PdfWriter

from tests.conftest import EXAMPLES

STATEMENT = EXAMPLES / "docs" / "tgcu-2026-q3.pdf"   # a one-page PDF as a real attachment would be


def _pdf(objects: list[bytes], root: int = 1, extra_trailer: bytes = b"") -> bytes:
    """A classic PDF from numbered object bodies (object i+1 = objects[i]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, extra_trailer, xref)
    return bytes(out)


def _deflate(data: bytes, repeat: int = 1) -> bytes:
    packer = zlib.compressobj(6)
    return b"".join(packer.compress(data) for _ in range(repeat)) + packer.flush()


def _stream(data: bytes, extra: bytes = b"", compress: bool = True, repeat_tail: tuple[bytes, int] | None = None
            ) -> bytes:
    """A stream object; ``repeat_tail`` (chunk, n) appends chunk n times to the data before deflating."""
    if repeat_tail is not None:
        packer = zlib.compressobj(6)
        chunk, n = repeat_tail
        body = packer.compress(data) + b"".join(packer.compress(chunk) for _ in range(n)) + packer.flush()
    else:
        body = _deflate(data) if compress else data
    flt = b"/Filter /FlateDecode " if compress else b""
    return b"<< /Length %d %s%s>>\nstream\n" % (len(body), flt, extra) + body + b"\nendstream"


def _one_page(content: bytes = b"BT /F1 12 Tf 72 720 Td (hello) Tj ET", extra_objects: list[bytes] | None = None,
              catalog_extra: bytes = b"") -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>",
               _stream(content), *(extra_objects or [])]
    return _pdf(objects)


def zero_bytes(folder: Path) -> Path:
    (path := folder / "zero.pdf").write_bytes(b"")
    return path


def random_bytes(folder: Path) -> Path:
    (path := folder / "random.pdf").write_bytes(random.Random(1).randbytes(200_000))
    return path


def random_after_header(folder: Path) -> Path:
    (path := folder / "random-header.pdf").write_bytes(b"%PDF-1.7\n" + random.Random(2).randbytes(200_000))
    return path


def truncated(folder: Path) -> Path:
    data = STATEMENT.read_bytes()
    (path := folder / "truncated.pdf").write_bytes(data[: len(data) * 2 // 3])
    return path


def header_only(folder: Path) -> Path:
    (path := folder / "header-only.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    return path


def encrypted(folder: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(STATEMENT))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    writer.write(path := folder / "encrypted.pdf")
    return path


def encrypted_empty_password(folder: Path) -> Path:
    writer = PdfWriter(clone_from=PdfReader(STATEMENT))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    writer.write(path := folder / "encrypted-no-password.pdf")
    return path


def javascript(folder: Path) -> Path:
    js = (b"<< /Type /Action /S /JavaScript /JS (app.alert\\('x'\\); this.submitForm\\('http://127.0.0.1/'\\);) >>")
    data = _one_page(extra_objects=[js], catalog_extra=b"/OpenAction 5 0 R /Names << /JavaScript << /Names "
                                                       b"[(x) 5 0 R] >> >> ")
    (path := folder / "javascript.pdf").write_bytes(data)
    return path


def many_pages(folder: Path, count: int = 500) -> Path:
    writer = PdfWriter()
    for _ in range(count):
        writer.add_blank_page(612, 792)
    writer.write(path := folder / f"pages-{count}.pdf")
    return path


def too_many_pages(folder: Path) -> Path:
    return many_pages(folder, 5000)


_MB = b" " * (1024 * 1024)
BOMB_MB = 400


def content_bomb(folder: Path) -> Path:
    """A page whose content stream inflates from 400 KB to 400 MB."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
               _stream(b"", repeat_tail=(_MB, BOMB_MB))]
    data = _pdf(objects)
    (path := folder / "content-bomb.pdf").write_bytes(data)
    return path


def object_stream_bomb(folder: Path) -> Path:
    """The page objects live in an object stream that inflates to 400 MB of padding."""
    inner = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >> "
    inner2 = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>"
    header = b"2 0 3 %d " % len(inner)
    first = len(header)
    objstm = _stream(header + inner + inner2, extra=b"/Type /ObjStm /N 2 /First %d " % first,
                     repeat_tail=(_MB, BOMB_MB))
    out = bytearray(b"%PDF-1.7\n")
    off1 = len(out)
    out += b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    off4 = len(out)
    out += b"4 0 obj\n" + objstm + b"\nendobj\n"
    rows = [(1, off1, 0), (2, 4, 0), (2, 4, 1), (1, off4, 0)]
    xref_data = b"\x00" + b"\x00\x00\x00\x00" + b"\xff\xff"  # object 0: free
    for kind, a, b in rows:
        xref_data += bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
    off5 = len(out)
    xref_data += b"\x01" + off5.to_bytes(4, "big") + b"\x00\x00"
    stream = _stream(xref_data, extra=b"/Type /XRef /Size 6 /W [1 4 2] /Root 1 0 R ", compress=False)
    out += b"5 0 obj\n" + stream + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % off5
    (path := folder / "objstm-bomb.pdf").write_bytes(bytes(out))
    return path


def image_bomb(folder: Path) -> Path:
    """A page with a 100,000 x 100,000 pixel image that compresses to a few megabytes."""
    side = 100_000
    raw = zlib.compress(b"\x00" * (16 * 1024 * 1024), 9)
    image = b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB " \
            b"/BitsPerComponent 8 /Length %d /Filter /FlateDecode >>\nstream\n" % (side, side, len(raw)) + raw \
            + b"\nendstream"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /XObject << /Im1 5 0 R >> >> >>",
               _stream(b"q 612 0 0 792 0 0 cm /Im1 Do Q"), image]
    (path := folder / "image-bomb.pdf").write_bytes(_pdf(objects))
    return path


def deep_xref_chain(folder: Path, updates: int = 20_000) -> Path:
    """20,000 incremental updates, each a cross-reference section pointing at the one before."""
    base = bytearray(STATEMENT.read_bytes())
    reader = PdfReader(io.BytesIO(bytes(base)))
    size = int(reader.trailer["/Size"])
    root = reader.trailer.raw_get("/Root")
    prev = int(base[base.rindex(b"startxref") + 9:].split()[0])
    for _ in range(updates):
        here = len(base)
        base += b"xref\n0 0\ntrailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (
            size, root.idnum, prev, here)
        prev = here
    (path := folder / "deep-xref.pdf").write_bytes(bytes(base))
    return path


def looping_xref(folder: Path) -> Path:
    """Two cross-reference sections whose /Prev point at each other."""
    data = bytearray(STATEMENT.read_bytes())
    reader = PdfReader(io.BytesIO(bytes(data)))
    size, root = int(reader.trailer["/Size"]), reader.trailer.raw_get("/Root").idnum
    first = len(data)
    second_guess = first + len(b"xref\n0 0\ntrailer\n<< /Size %d /Root %d 0 R /Prev %010d >>\n" % (size, root, 0))
    data += b"xref\n0 0\ntrailer\n<< /Size %d /Root %d 0 R /Prev %010d >>\n" % (size, root, second_guess)
    assert len(data) == second_guess
    data += b"xref\n0 0\ntrailer\n<< /Size %d /Root %d 0 R /Prev %010d >>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, first, second_guess)
    (path := folder / "looping-xref.pdf").write_bytes(bytes(data))
    return path


def looping_page_tree(folder: Path) -> Path:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>"]
    (path := folder / "looping-pages.pdf").write_bytes(_pdf(objects))
    return path


def deep_nesting(folder: Path) -> Path:
    deep = b"[" * 100_000 + b"]" * 100_000
    data = _one_page(catalog_extra=b"/Deep " + deep + b" ")
    (path := folder / "deep-nesting.pdf").write_bytes(data)
    return path


def huge_object_count(folder: Path) -> Path:
    """A cross-reference table claiming ten million objects."""
    data = _one_page().replace(b"/Size 5 ", b"/Size 10000000 ")
    (path := folder / "huge-size.pdf").write_bytes(data)
    return path


def symlink_to_device(folder: Path) -> Path:
    (path := folder / "link-to-zero.pdf").symlink_to("/dev/zero")
    return path


def directory(folder: Path) -> Path:
    (path := folder / "folder.pdf").mkdir()
    return path


def device(folder: Path) -> Path:
    return Path("/dev/zero")


def fifo(folder: Path) -> Path:
    os.mkfifo(path := folder / "fifo.pdf")
    return path


MAKERS: dict[str, Callable[[Path], Path]] = {
    f.__name__: f for f in (zero_bytes, random_bytes, random_after_header, truncated, header_only, encrypted,
                            encrypted_empty_password, javascript, many_pages, too_many_pages, content_bomb,
                            object_stream_bomb, image_bomb, deep_xref_chain, looping_xref, looping_page_tree,
                            deep_nesting, huge_object_count, symlink_to_device, directory, device, fifo)
}
