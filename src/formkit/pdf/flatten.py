"""Flatten a filled form for printing: draw each widget's appearance into the page.

The print copy must show exactly what the filled form shows, with no form left that a
viewer could re-render (or an XFA engine replace). So each visible widget's normal
appearance becomes part of the page content, and widgets, the AcroForm and the
structure tree that points at them are dropped. This is a full rewrite with pypdf; the
result is deterministic (no clock, ids carried over from the input).
"""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    PdfObject,
    StreamObject,
)

from formkit.pdf.syntax import name, num

_HIDDEN = 1 << 1
_PRINT = 1 << 2
_NOVIEW = 1 << 5
#: Catalog entries that make no sense once the form is gone.
_CATALOG_DROP = ("/AcroForm", "/Perms", "/NeedsRendering", "/StructTreeRoot", "/MarkInfo")


def _floats(obj: PdfObject | None, default: list[float]) -> list[float]:
    obj = obj.get_object() if obj is not None else None
    if isinstance(obj, ArrayObject):
        return [float(v.get_object()) for v in obj]
    return default


def _normal_appearance(widget: DictionaryObject) -> StreamObject | None:
    ap = widget.get("/AP")
    ap = ap.get_object() if ap is not None else None
    if not isinstance(ap, DictionaryObject) or "/N" not in ap:
        return None
    normal = ap["/N"].get_object()
    if isinstance(normal, StreamObject):
        return normal
    if isinstance(normal, DictionaryObject):
        state = widget.get("/AS")
        if state is not None and state in normal:
            chosen = normal[state].get_object()
            return chosen if isinstance(chosen, StreamObject) else None
    return None


def _placement(widget: DictionaryObject, form: StreamObject) -> list[float] | None:
    """The ``cm`` matrix that maps the form's transformed /BBox onto the widget /Rect
    (PDF 32000-1 12.5.5), or None for a degenerate box."""
    x0, y0, x1, y1 = _floats(widget.get("/Rect"), [0, 0, 0, 0])
    rx0, ry0, rx1, ry1 = min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    bx0, by0, bx1, by1 = _floats(form.get("/BBox"), [0, 0, 0, 0])
    a, b, c, d, e, f = _floats(form.get("/Matrix"), [1, 0, 0, 1, 0, 0])
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (bx0, bx1) for y in (by0, by1)]
    tx0, tx1 = min(p[0] for p in corners), max(p[0] for p in corners)
    ty0, ty1 = min(p[1] for p in corners), max(p[1] for p in corners)
    if tx1 - tx0 <= 0 or ty1 - ty0 <= 0 or rx1 - rx0 <= 0 or ry1 - ry0 <= 0:
        return None
    sx = (rx1 - rx0) / (tx1 - tx0)
    sy = (ry1 - ry0) / (ty1 - ty0)
    return [sx, 0, 0, sy, rx0 - sx * tx0, ry0 - sy * ty0]


def _stream(writer: PdfWriter, data: bytes) -> PdfObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return writer._add_object(stream)


def flatten(filled_bytes: bytes) -> bytes:
    """A print copy of a filled PDF: field appearances drawn into the pages, no form."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(filled_bytes), strict=False))
    for page in writer.pages:
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        if not isinstance(annots, ArrayObject):
            continue
        keep = ArrayObject()
        draws: list[bytes] = []
        xobjects: dict[str, PdfObject] = {}
        for annot_ref in annots:
            annot = annot_ref.get_object()
            if not isinstance(annot, DictionaryObject) or annot.get("/Subtype") != "/Widget":
                keep.append(annot_ref)
                continue
            flags = int(annot.get("/F", 0))
            if flags & (_HIDDEN | _NOVIEW) or not flags & _PRINT:
                continue
            form = _normal_appearance(annot)
            if form is None or form.indirect_reference is None:
                continue
            matrix = _placement(annot, form)
            if matrix is None:
                continue
            res_name = f"FkFlat{len(xobjects)}"
            xobjects[res_name] = form.indirect_reference
            draws.append(
                b"q " + b" ".join(num(v) for v in matrix) + b" cm " + name(res_name) + b" Do Q\n"
            )
        if keep:
            page[NameObject("/Annots")] = keep
        else:
            del page["/Annots"]
        if draws:
            _draw_on_page(writer, page, xobjects, b"".join(draws))
    root = writer.root_object
    for key in _CATALOG_DROP:
        if key in root:
            del root[key]
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _draw_on_page(
    writer: PdfWriter, page: DictionaryObject, xobjects: dict[str, PdfObject], draws: bytes
) -> None:
    """Wrap the page's own content in q/Q (so its state cannot leak) and append ours."""
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    if not isinstance(resources, DictionaryObject):
        resources = DictionaryObject()
    resources = DictionaryObject(resources)  # do not alter resources shared with other pages
    existing = resources.get("/XObject")
    existing = existing.get_object() if existing is not None else None
    xo = DictionaryObject(existing if isinstance(existing, DictionaryObject) else {})
    for key, value in xobjects.items():
        xo[NameObject("/" + key)] = value
    resources[NameObject("/XObject")] = xo
    page[NameObject("/Resources")] = resources
    contents = page.get("/Contents")
    parts = ArrayObject([_stream(writer, b"q\n")])
    if contents is not None:
        raw = page.raw_get("/Contents")
        resolved = contents.get_object()
        if isinstance(resolved, ArrayObject):
            parts.extend(resolved)
        else:
            parts.append(raw)
    parts.append(_stream(writer, b"Q\n" + draws))
    page[NameObject("/Contents")] = parts
