"""Read field values back out of a (filled) PDF, independently of the writer.

Tests and the later "check a filled PDF" step need the values as a reader sees them:
pypdf resolves the incremental update and object streams; we only walk the field tree
the same way the template does (fully qualified names joined with dots).
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject


def _value_text(value: PdfObject) -> str:
    resolved = value.get_object()
    if isinstance(resolved, NameObject):
        return str(resolved)[1:]
    if isinstance(resolved, ArrayObject):
        return "\n".join(_value_text(v) for v in resolved)
    return str(resolved)


def read_fields(pdf_bytes: bytes) -> dict[str, str]:
    """Map fully qualified field name to value for every terminal field that has a /V.

    Text values come back as text; checkbox and radio states as their state name
    without the slash (``"1"``, ``"Yes"``, ``"Off"``).
    """
    reader = PdfReader(io.BytesIO(pdf_bytes), strict=False)
    root = reader.trailer["/Root"].get_object()
    acroform = root.get("/AcroForm") if isinstance(root, DictionaryObject) else None
    acroform = acroform.get_object() if acroform is not None else None
    out: dict[str, str] = {}
    if not isinstance(acroform, DictionaryObject):
        return out
    fields = acroform.get("/Fields")
    seen: set[int] = set()
    stack: list[tuple[PdfObject, str, PdfObject | None]] = [
        (f, "", None) for f in reversed(list(fields.get_object() if fields is not None else []))
    ]
    while stack:
        node_ref, parent_name, inherited_v = stack.pop()
        if isinstance(node_ref, IndirectObject):
            if node_ref.idnum in seen:
                continue
            seen.add(node_ref.idnum)
        node = node_ref.get_object()
        if not isinstance(node, DictionaryObject):
            continue
        partial = node.get("/T")
        name = parent_name
        if partial is not None:
            name = f"{parent_name}.{partial}" if parent_name else str(partial)
        value = node.get("/V", inherited_v)
        kids = node.get("/Kids")
        kid_list = list(kids.get_object()) if kids is not None else []
        field_kids = [k for k in kid_list if "/T" in k.get_object()]
        if field_kids:
            stack.extend((k, name, value) for k in reversed(field_kids))
        elif name and value is not None:
            out[name] = _value_text(value)
    return out
