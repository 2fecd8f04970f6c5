"""Cross-reference section of an incremental update, in the original file's style.

The IRS originals end in cross-reference *streams*; pdftk/iText reject a classic table
whose /Prev points at a stream, so the update uses a stream too (and a classic table
only when the original itself ends in one). Streams are left uncompressed so the bytes
do not depend on the zlib build: the update stays byte-for-byte reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence

from formkit.pdf.syntax import hexstring, ref

Entry = tuple[int, int, int]  # object number, generation, byte offset


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """(first, count) subsections of consecutive object numbers (input sorted)."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and runs[-1][0] + runs[-1][1] == n:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((n, 1))
    return runs


def _trailer_entries(
    size: int, root: tuple[int, int], info: tuple[int, int] | None,
    file_id: tuple[bytes, bytes], prev: int | None,
) -> bytes:
    out = b"/Size %d/Root " % size + ref(root)
    if info is not None:
        out += b"/Info " + ref(info)
    out += b"/ID[" + hexstring(file_id[0]) + hexstring(file_id[1]) + b"]"
    return out + (b"/Prev %d" % prev if prev is not None else b"")


def xref_stream(
    entries: Sequence[Entry], stream_number: int, stream_offset: int,
    root: tuple[int, int], info: tuple[int, int] | None,
    file_id: tuple[bytes, bytes], prev: int | None,
) -> bytes:
    """The xref stream object (which lists itself) for ``entries`` written at their offsets."""
    rows = sorted([*entries, (stream_number, 0, stream_offset)])
    offset_width = max(1, (max(r[2] for r in rows).bit_length() + 7) // 8)
    gen_width = max(1, (max(r[1] for r in rows).bit_length() + 7) // 8)
    data = b"".join(
        b"\x01" + off.to_bytes(offset_width, "big") + gen.to_bytes(gen_width, "big")
        for _, gen, off in rows
    )
    index = b" ".join(b"%d %d" % run for run in _runs([r[0] for r in rows]))
    head = (
        b"%d 0 obj\n<</Type/XRef" % stream_number
        + _trailer_entries(stream_number + 1, root, info, file_id, prev)
        + b"/W[1 %d %d]/Index[" % (offset_width, gen_width)
        + index
        + b"]/Length %d>>\nstream\n" % len(data)
    )
    return head + data + b"\nendstream\nendobj\n"


def xref_table(
    entries: Sequence[Entry], size: int, root: tuple[int, int],
    info: tuple[int, int] | None, file_id: tuple[bytes, bytes], prev: int | None,
) -> bytes:
    """A classic ``xref`` table plus ``trailer`` for originals that use tables."""
    rows = sorted(entries)
    by_number = {r[0]: r for r in rows}
    parts = [b"xref\n"]
    for first, count in _runs([r[0] for r in rows]):
        parts.append(b"%d %d\n" % (first, count))
        for n in range(first, first + count):
            _, gen, off = by_number[n]
            parts.append(b"%010d %05d n\r\n" % (off, gen))
    parts.append(b"trailer\n<<" + _trailer_entries(size, root, info, file_id, prev) + b">>\n")
    return b"".join(parts)
