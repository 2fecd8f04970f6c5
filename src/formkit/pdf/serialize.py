"""pypdf objects -> bytes, for compiling templates and importing foreign PDFs.

Only the slow paths (a template not in the cache, an attachment, a letter) parse PDFs
with pypdf; this module turns what pypdf parsed into our own deterministic bytes, either
flat (``serialize``) or split at references so they can be renumbered (``relocatable``).
"""

from __future__ import annotations

import io
from typing import Any

from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from formkit.pdf.objects import Obj, Ref
from formkit.pdf.syntax import name, num, string


def _write(obj: PdfObject, out: list[Any], refs: list[Ref] | None) -> None:
    """Append the bytes of a direct object to ``out``; with ``refs``, split at references
    (a reference becomes a new element of ``out`` boundary: see ``relocatable``)."""
    if isinstance(obj, IndirectObject):
        if refs is None:
            out.append(b"%d %d R" % (obj.idnum, obj.generation))
        else:
            refs.append((obj.idnum, obj.generation))
            out.append(_CUT)
        return
    if isinstance(obj, StreamObject):
        raise TypeError("streams cannot be serialized inline")
    if isinstance(obj, DictionaryObject):
        out.append(b"<<")
        for key, value in obj.items():
            out.append(name(key[1:]) + b" ")
            _write(value, out, refs)
        out.append(b">>")
    elif isinstance(obj, ArrayObject):
        out.append(b"[")
        for i, item in enumerate(obj):
            if i:
                out.append(b" ")
            _write(item, out, refs)
        out.append(b"]")
    elif isinstance(obj, NameObject):
        out.append(name(obj[1:]))
    elif isinstance(obj, TextStringObject):
        out.append(string(obj.get_encoded_bytes()))
    elif isinstance(obj, ByteStringObject):
        out.append(string(bytes(obj)))
    elif isinstance(obj, FloatObject):
        out.append(num(float(obj)))
    else:
        buf = io.BytesIO()
        obj.write_to_stream(buf)
        out.append(buf.getvalue())


#: Marks where a reference was cut out of the output (never equal to real output bytes).
_CUT = object()


def serialize(obj: PdfObject) -> bytes:
    """Bytes of a direct PDF object as parsed by pypdf (dicts/arrays recursively).

    Indirect references stay references; strings keep their original bytes.
    """
    out: list[Any] = []
    _write(obj, out, None)
    return b"".join(out)


def entry(key: str, value: PdfObject) -> bytes:
    """One ``/Key value`` dictionary entry."""
    return name(key[1:]) + b" " + serialize(value)


def _split(write: list[object], refs: list[Ref], stream: bytes | None = None) -> Obj:
    parts: list[bytes] = []
    current: list[bytes] = []
    for item in write:
        if item is _CUT:
            parts.append(b"".join(current))
            current = []
        else:
            current.append(item)  # type: ignore[arg-type]
    parts.append(b"".join(current))
    return Obj(tuple(parts), tuple(refs), stream)


def relocatable(obj: PdfObject, *, skip: frozenset[str] = frozenset()) -> Obj:
    """An ``Obj`` of a resolved object: a stream keeps its raw (encoded) data and its
    dictionary minus /Length; ``skip`` drops dictionary keys (top level only)."""
    out: list[object] = []
    refs: list[Ref] = []
    if isinstance(obj, (StreamObject, DictionaryObject)):
        for key, value in obj.items():
            if key in skip or (isinstance(obj, StreamObject) and key == "/Length"):
                continue
            out.append(name(key[1:]) + b" ")
            _write(value, out, refs)
        if isinstance(obj, StreamObject):
            return _split(out, refs, bytes(obj._data))
        return _split([b"<<", *out, b">>"], refs)
    _write(obj, out, refs)
    return _split(out, refs)


def entries(obj: DictionaryObject, *, skip: frozenset[str] = frozenset()) -> Obj:
    """The entries of a dictionary (no ``<<``/``>>``) as an ``Obj``, minus ``skip``."""
    out: list[object] = []
    refs: list[Ref] = []
    for key, value in obj.items():
        if key not in skip:
            out.append(name(key[1:]) + b" ")
            _write(value, out, refs)
    return _split(out, refs)
