"""Take a PDF apart into a ``SourceDoc`` with pypdf: pages, widgets, reachable objects.

Used when a template is compiled (then cached) and for the PDFs formkit did not fill
itself (letters, attachments). References into the page tree or the catalog are not
followed: a link to another page is renumbered to that page's copy by the composer, and
anything else outside the pages becomes ``null``.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, PdfObject, StreamObject

from formkit.pdf.objects import Obj, Ref
from formkit.pdf.pages import Box, PageWidget, SourceDoc, SourcePage
from formkit.pdf.serialize import entries, relocatable

#: Inheritable page attributes (PDF 32000-1 7.7.3.4), made explicit on each copied page.
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
#: Page entries a copy does not keep: rebuilt (/Contents, /Resources, /Annots), about the
#: source document's structure (/Parent, /B, /StructParents), or about form navigation.
_PAGE_DROP = frozenset({"/Type", "/Parent", "/Contents", "/Resources", "/Annots", "/B", "/StructParents",
                        "/Tabs", "/AA"})
#: Objects never copied: the document structure outside the pages.
_STRUCTURE_TYPES = frozenset({"/Page", "/Pages", "/Catalog"})


def _resolve(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if obj is not None else None


def _ref(obj: PdfObject | None) -> Ref | None:
    return (obj.idnum, obj.generation) if isinstance(obj, IndirectObject) else None


def _floats(obj: PdfObject | None, default: list[float]) -> list[float]:
    obj = _resolve(obj)
    if isinstance(obj, ArrayObject):
        try:
            return [float(v.get_object()) for v in obj]
        except (TypeError, ValueError):
            return default
    return default


def extent(stream: StreamObject) -> Box:
    """The stream's /BBox transformed by its /Matrix, as (x0, y0, x1, y1)."""
    bx0, by0, bx1, by1 = (_floats(stream.get("/BBox"), [0, 0, 0, 0]) + [0.0] * 4)[:4]
    a, b, c, d, e, f = (_floats(stream.get("/Matrix"), [1, 0, 0, 1, 0, 0]) + [0.0] * 6)[:6]
    corners = [(a * x + c * y + e, b * x + d * y + f) for x in (bx0, bx1) for y in (by0, by1)]
    return (min(p[0] for p in corners), min(p[1] for p in corners),
            max(p[0] for p in corners), max(p[1] for p in corners))


def _rect(annot: DictionaryObject) -> Box:
    x0, y0, x1, y1 = (_floats(annot.get("/Rect"), [0, 0, 0, 0]) + [0.0] * 4)[:4]
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def appearance_states(widget: DictionaryObject) -> tuple[Ref | None, dict[str, Ref]]:
    """(the normal appearance shown for the widget's /AS state, every named state -> stream)."""
    ap = _resolve(widget.get("/AP"))
    if not isinstance(ap, DictionaryObject) or "/N" not in ap:
        return None, {}
    raw = ap.raw_get("/N")
    normal = _resolve(raw)
    if isinstance(normal, StreamObject):
        return _ref(raw), {}
    if not isinstance(normal, DictionaryObject):
        return None, {}
    states = {key[1:]: r for key in normal if (r := _ref(normal.raw_get(key))) is not None}
    current = widget.get("/AS")
    shown = states.get(str(current)[1:]) if current is not None else None
    return shown, states


class _Importer:
    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self.objects: dict[Ref, Obj] = {}
        self.extents: dict[Ref, Box] = {}
        self.pending: list[Ref] = []

    def want(self, obj: Obj) -> Obj:
        self.pending.extend(obj.refs)
        return obj

    def page(self, page_ref: PdfObject) -> SourcePage:
        page = _resolve(page_ref)
        assert isinstance(page, DictionaryObject)
        inherited: dict[str, PdfObject] = {}
        node: PdfObject | None = page
        depth = 0
        while isinstance(node, DictionaryObject) and depth < 64:
            for key in _INHERITED:
                if key not in inherited and key in node:
                    inherited[key] = node.raw_get(key)
            node = _resolve(node.get("/Parent"))
            depth += 1
        own = DictionaryObject({k: v for k, v in page.items() if k not in _PAGE_DROP})
        for key in ("/MediaBox", "/CropBox", "/Rotate"):
            if key in inherited and key not in own:
                own[NameObject(key)] = inherited[key]
        resources = _resolve(inherited.get("/Resources"))
        resources = resources if isinstance(resources, DictionaryObject) else DictionaryObject()
        xobjects = _resolve(resources.get("/XObject"))
        xobjects = xobjects if isinstance(xobjects, DictionaryObject) else DictionaryObject()
        contents = _resolve(page.get("/Contents"))
        if isinstance(contents, ArrayObject):
            content_refs = tuple(r for c in contents if (r := _ref(c)) is not None)
        else:
            single = _ref(page.raw_get("/Contents")) if "/Contents" in page else None
            content_refs = (single,) if single is not None else ()
        self.pending.extend(content_refs)
        annots = _resolve(page.get("/Annots"))
        kept: list[Ref] = []
        widgets: list[PageWidget] = []
        for annot_ref in annots if isinstance(annots, ArrayObject) else []:
            annot = _resolve(annot_ref)
            r = _ref(annot_ref)
            if not isinstance(annot, DictionaryObject) or r is None:
                continue
            if annot.get("/Subtype") == "/Widget":
                shown, states = appearance_states(annot)
                for stream_ref in {shown, *states.values()} - {None}:
                    self.appearance(stream_ref)  # type: ignore[arg-type]
                widgets.append(PageWidget(r, _rect(annot), int(annot.get("/F", 0)), shown))
            else:
                kept.append(r)
                self.pending.append(r)
        return SourcePage(
            ref=_ref(page_ref) or (0, 0),
            entries=self.want(entries(own)),
            resources=self.want(entries(resources, skip=frozenset({"/XObject"}))),
            xobjects=self.want(entries(xobjects)),
            contents=content_refs,
            annots=tuple(kept),
            widgets=tuple(widgets),
        )

    def appearance(self, stream_ref: Ref) -> None:
        stream = self.reader.get_object(IndirectObject(stream_ref[0], stream_ref[1], self.reader))
        if isinstance(stream, StreamObject):
            self.extents[stream_ref] = extent(stream)
            self.pending.append(stream_ref)

    def close(self) -> None:
        """Copy every object reachable from what the pages use (the structure excluded)."""
        reader = self.reader
        while self.pending:
            r = self.pending.pop()
            if r in self.objects:
                continue
            obj = reader.get_object(IndirectObject(r[0], r[1], reader))
            if obj is None:
                continue
            if isinstance(obj, DictionaryObject) and not isinstance(obj, StreamObject) and (
                obj.get("/Type") in _STRUCTURE_TYPES or obj.get("/Subtype") == "/Widget"
            ):
                continue
            self.objects[r] = self.want(relocatable(obj))


def import_reader(reader: PdfReader, *, also: tuple[Ref, ...] = ()) -> SourceDoc:
    """A ``SourceDoc`` of every page of an open (unencrypted) reader; ``also`` names more
    objects to copy with what they reach (a form's /DR fonts, used by new appearances)."""
    importer = _Importer(reader)
    pages = tuple(importer.page(p.indirect_reference or p) for p in reader.pages)
    importer.pending.extend(also)
    importer.close()
    return SourceDoc(objects=importer.objects, pages=pages, extents=importer.extents)


def import_pdf(data: bytes) -> SourceDoc:
    """Parse ``data`` and take it apart (callers report pypdf's errors in their own words)."""
    return import_reader(PdfReader(io.BytesIO(data), strict=False))
