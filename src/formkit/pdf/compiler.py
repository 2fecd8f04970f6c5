"""Compile an official PDF form with pypdf into a ``CompiledTemplate`` (the slow path).

For each terminal field we keep its kind, flags, font and box, and the widget dictionary
pre-serialized without /V, /AS and /AP, so that filling only formats bytes; for each page
what a flattened copy draws (``importer``). ``template.compile_template`` calls this only
when neither the process nor the on-disk cache holds the template already.
"""

from __future__ import annotations

import io
import re
from types import MappingProxyType

from pypdf import PdfReader
from pypdf.errors import PdfReadError
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from formkit.pdf.da import parse_da
from formkit.pdf.errors import TemplateError
from formkit.pdf.fontload import build_font, core_metrics
from formkit.pdf.fonts import STANDARD_ALIASES, FontInfo
from formkit.pdf.importer import appearance_states, import_reader
from formkit.pdf.model import Border, CompiledTemplate, FieldKind, FieldSpec, WidgetSpec
from formkit.pdf.objects import Ref, split_refs
from formkit.pdf.pages import SourceDoc
from formkit.pdf.ruled import with_rules
from formkit.pdf.serialize import entry, relocatable, serialize
from formkit.pdf.syntax import indirect_object, num, ref

_FF_READONLY = 1 << 0
_FF_MULTILINE = 1 << 12
_FF_PASSWORD = 1 << 13
_FF_RADIO = 1 << 15
_FF_PUSHBUTTON = 1 << 16
_FF_COMB = 1 << 24

#: Keys the writer sets itself; everything else in a widget dict is copied verbatim.
_FILL_KEYS = frozenset({"/V", "/AS", "/AP"})
#: Catalog entries dropped on fill: usage-rights signature and dynamic-XFA rendering.
_CATALOG_DROP = frozenset({"/Perms", "/NeedsRendering"})
#: AcroForm entries dropped on fill: the XFA form and the "please regenerate" flag.
_ACROFORM_DROP = frozenset({"/XFA", "/NeedAppearances"})


def _resolve(obj: PdfObject | None) -> PdfObject | None:
    return obj.get_object() if obj is not None else None


def _as_ref(obj: PdfObject | None) -> Ref | None:
    if isinstance(obj, IndirectObject):
        return (obj.idnum, obj.generation)
    return None


def _startxref(data: bytes) -> int:
    pos = data.rfind(b"startxref")
    match = re.match(rb"startxref\s+(\d+)", data[pos:]) if pos >= 0 else None
    if match is None:
        raise TemplateError("no startxref: not a complete PDF file")
    return int(match.group(1))


def _id_bytes(value: PdfObject) -> bytes:
    obj = value.get_object()
    if isinstance(obj, TextStringObject):
        return obj.get_encoded_bytes()
    if isinstance(obj, bytes):
        return bytes(obj)
    raise TemplateError("trailer /ID is not a pair of strings")


def _number(obj: PdfObject | None, default: float = 0.0) -> float:
    obj = _resolve(obj)
    try:
        return float(obj)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return default


def _colour_op(values: PdfObject | None, stroke: bool) -> bytes:
    arr = _resolve(values)
    if not isinstance(arr, ArrayObject):
        return b""
    nums = [_number(v) for v in arr]
    ops = {1: "g", 3: "rg", 4: "k"}
    if len(nums) not in ops:
        return b""
    op = ops[len(nums)]
    return b" ".join(num(n) for n in nums) + b" " + (op.upper() if stroke else op).encode()


def _dict_without(d: DictionaryObject, drop: frozenset[str]) -> bytes:
    return b"<<" + b"".join(entry(k, v) for k, v in d.items() if k not in drop)


class _Compiler:
    """One-shot walk over a parsed PDF producing a ``CompiledTemplate``."""

    def __init__(self, data: bytes, digest: str) -> None:
        self.data = data
        self.digest = digest
        try:
            self.reader = PdfReader(io.BytesIO(data), strict=False)
            if self.reader.is_encrypted:
                raise TemplateError("encrypted PDFs cannot be filled incrementally")
            self.trailer = self.reader.trailer
            root = _resolve(self.trailer.raw_get("/Root"))
        except PdfReadError as exc:
            raise TemplateError(f"unreadable PDF: {exc}") from exc
        if not isinstance(root, DictionaryObject):
            raise TemplateError("PDF has no catalog")
        self.root = root
        acroform = _resolve(root.get("/AcroForm"))
        if not isinstance(acroform, DictionaryObject):
            raise TemplateError("PDF has no AcroForm: not a fillable form")
        self.acroform = acroform
        self.size = int(self.trailer.get("/Size", 0))
        self.dr_fonts: dict[str, FontInfo] = {}
        self.synth_fonts: dict[str, tuple[Ref, str]] = {}  # resource name -> (ref, base font)
        self.font_dict = self._dr_font_dict()
        self.page_of: dict[Ref, int] = {}
        for index, page in enumerate(self.reader.pages):
            annots = _resolve(page.get("/Annots"))
            for annot in annots if isinstance(annots, ArrayObject) else []:
                r = _as_ref(annot)
                if r is not None:
                    self.page_of.setdefault(r, index)

    def _dr_font_dict(self) -> DictionaryObject:
        dr = _resolve(self.acroform.get("/DR"))
        fonts = _resolve(dr.get("/Font")) if isinstance(dr, DictionaryObject) else None
        return fonts if isinstance(fonts, DictionaryObject) else DictionaryObject()

    def font(self, resource_name: str) -> FontInfo | None:
        """The /DR font of that name, or a synthesized standard-14 font if /DR lacks it."""
        if resource_name in self.dr_fonts:
            return self.dr_fonts[resource_name]
        key = "/" + resource_name
        info: FontInfo | None = None
        if key in self.font_dict:
            raw = self.font_dict.raw_get(key)
            font = _resolve(raw)
            if isinstance(font, DictionaryObject):
                info = build_font(resource_name, serialize(raw), font)
        else:
            base = STANDARD_ALIASES.get(resource_name, resource_name)
            if core_metrics(base) is not None and (base in STANDARD_ALIASES.values()):
                number = (self.size + len(self.synth_fonts), 0)
                self.synth_fonts[resource_name] = (number, base)
                info = build_font(resource_name, ref(number), _standard_font_dict(base))
        if info is not None:
            self.dr_fonts[resource_name] = info
        return info

    def compile(self) -> CompiledTemplate:
        fields: dict[str, FieldSpec] = {}
        top = _resolve(self.acroform.get("/Fields"))
        inherited = {
            k: self.acroform[k] for k in ("/DA", "/Q") if k in self.acroform
        }
        seen: set[Ref] = set()
        for kid in top if isinstance(top, ArrayObject) else []:
            self._walk(kid, "", inherited, fields, seen)
        fields = with_rules(self.data, fields)
        fixed = self._fixed_objects()
        trailer_id = None
        raw_id = _resolve(self.trailer.get("/ID"))
        if isinstance(raw_id, ArrayObject) and len(raw_id) == 2:
            trailer_id = (_id_bytes(raw_id[0]), _id_bytes(raw_id[1]))
        startxref = _startxref(self.data)
        root_ref = _as_ref(self.trailer.raw_get("/Root"))
        if root_ref is None:
            raise TemplateError("trailer /Root is not an indirect reference")
        pages = _resolve(self.root.get("/Pages"))
        kids = _resolve(pages.get("/Kids")) if isinstance(pages, DictionaryObject) else None
        return CompiledTemplate(
            sha256=self.digest,
            data=self.data,
            fields=MappingProxyType(fields),
            page_count=len(self.reader.pages),
            root_ref=root_ref,
            acroform_ref=_as_ref(self.root.raw_get("/AcroForm")),
            info_ref=_as_ref(self.trailer.raw_get("/Info")) if "/Info" in self.trailer else None,
            trailer_id=trailer_id,
            size=self.size,
            startxref=startxref,
            classic_xref=self.data[startxref : startxref + 4] == b"xref",
            fixed_objects=fixed,
            first_free=self.size + len(self.synth_fonts),
            doc=self._doc(),
            pages_ref=_as_ref(self.root.raw_get("/Pages")),
            pages_prefix=_dict_without(pages, frozenset({"/Kids", "/Count"}))
            if isinstance(pages, DictionaryObject) else b"",
            pages_kids=b" ".join(serialize(k) for k in kids) if isinstance(kids, ArrayObject) else b"",
        )

    def _doc(self) -> SourceDoc:
        """The pages for flattened copies, plus the /DR resources (and fonts the /DR lacked)
        that the appearances a fill generates point to."""
        dr = self.acroform.get("/DR")
        roots = relocatable(dr.get_object()).refs if dr is not None else ()
        if isinstance(dr, IndirectObject):
            roots = ((dr.idnum, dr.generation), *roots)
        doc = import_reader(self.reader, also=tuple(roots))
        if not self.synth_fonts:
            return doc
        synth = {number: split_refs(serialize(_standard_font_dict(base))) for number, base in self.synth_fonts.values()}
        return SourceDoc(objects={**doc.objects, **synth}, pages=doc.pages, extents=doc.extents)

    def _walk(
        self,
        node_ref: PdfObject,
        parent_name: str,
        inherited: dict[str, PdfObject],
        out: dict[str, FieldSpec],
        seen: set[Ref],
    ) -> None:
        r = _as_ref(node_ref)
        node = _resolve(node_ref)
        if r is None or r in seen or not isinstance(node, DictionaryObject):
            return
        seen.add(r)
        partial = node.get("/T")
        name = parent_name
        if partial is not None:
            name = f"{parent_name}.{partial}" if parent_name else str(partial)
        inh = dict(inherited)
        for key in ("/FT", "/Ff", "/DA", "/Q", "/MaxLen", "/V", "/DV"):  # inheritable (PDF 32000 12.7.3)
            if key in node:
                inh[key] = node[key]
        kids = _resolve(node.get("/Kids"))
        kid_list = list(kids) if isinstance(kids, ArrayObject) else []
        child_fields = [k for k in kid_list if isinstance(_resolve(k), DictionaryObject)
                        and "/T" in _resolve(k)]  # type: ignore[operator]
        if child_fields:
            for kid in child_fields:
                self._walk(kid, name, inh, out, seen)
            return
        if "/FT" not in inh or not name:
            return
        if kid_list:
            widgets = [(k, _as_ref(k), _resolve(k)) for k in kid_list]
            merged = False
        else:
            widgets = [(node_ref, r, node)]
            merged = True
        specs = tuple(
            self._widget(wr, w, inh, merged)
            for _, wr, w in widgets
            if wr is not None and isinstance(w, DictionaryObject)
        )
        out[name] = self._field(name, r, node, inh, merged, specs)

    def _field(
        self,
        name: str,
        r: Ref,
        node: DictionaryObject,
        inh: dict[str, PdfObject],
        merged: bool,
        widgets: tuple[WidgetSpec, ...],
    ) -> FieldSpec:
        ft = str(inh.get("/FT"))
        flags = int(_number(inh.get("/Ff")))
        if ft == "/Tx":
            kind = FieldKind.TEXT
        elif ft == "/Btn":
            if flags & _FF_PUSHBUTTON:
                kind = FieldKind.PUSHBUTTON
            elif flags & _FF_RADIO:
                kind = FieldKind.RADIO
            else:
                kind = FieldKind.CHECKBOX
        elif ft == "/Ch":
            kind = FieldKind.CHOICE
        else:
            kind = FieldKind.SIGNATURE
        max_len_obj = _resolve(inh.get("/MaxLen"))
        max_len = int(max_len_obj) if isinstance(max_len_obj, NumberObject) else None
        text = kind is FieldKind.TEXT
        default = _resolve(inh.get("/DV"))
        preprinted = (str(default) if text and flags & _FF_READONLY and merged and "/AP" not in node
                      and "/V" not in inh and isinstance(default, (TextStringObject, ByteStringObject))
                      and str(default) else None)
        return FieldSpec(
            name=name,
            kind=kind,
            ref=r,
            merged=merged,
            dict_prefix=widgets[0].dict_prefix if merged and widgets else
            _dict_without(node, frozenset({"/V"})),
            widgets=widgets,
            readonly=bool(flags & _FF_READONLY),
            multiline=text and bool(flags & _FF_MULTILINE),
            comb=text and bool(flags & _FF_COMB) and max_len is not None
            and not flags & (_FF_MULTILINE | _FF_PASSWORD),
            password=text and bool(flags & _FF_PASSWORD),
            max_len=max_len,
            tooltip=str(node.get("/TU", "")),
            preprinted=preprinted,
        )

    def _widget(
        self, r: Ref, w: DictionaryObject, inh: dict[str, PdfObject], merged: bool
    ) -> WidgetSpec:
        rect_obj = _resolve(w.get("/Rect"))
        nums = [_number(v) for v in rect_obj] if isinstance(rect_obj, ArrayObject) else [0.0] * 4
        x0, y0, x1, y1 = (nums + [0.0] * 4)[:4]
        rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        da_obj = w.get("/DA", inh.get("/DA"))
        da = parse_da(str(_resolve(da_obj))) if da_obj is not None else None
        font = self.font(da.font_name) if da is not None else None
        mk = _resolve(w.get("/MK"))
        mk = mk if isinstance(mk, DictionaryObject) else DictionaryObject()
        on_states: tuple[str, ...] = ()
        has_off = False
        normal = b""
        ap_rest = b""
        ap = _resolve(w.get("/AP"))
        if isinstance(ap, DictionaryObject):
            n = _resolve(ap.get("/N"))
            if isinstance(n, DictionaryObject) and not isinstance(n, StreamObject):  # named states
                on_states = tuple(k[1:] for k in n if k != "/Off")
                has_off = "/Off" in n
                normal = b"".join(entry(k, n.raw_get(k)) for k in n)
            ap_rest = b"".join(entry(k, ap.raw_get(k)) for k in ap if k != "/N")
        pushbutton = int(_number(inh.get("/Ff"))) & _FF_PUSHBUTTON
        if str(inh.get("/FT")) == "/Btn" and not pushbutton and not on_states and (
            font is None or font.base_font != "ZapfDingbats"
        ):
            font = self.font("ZaDb")  # for a generated check appearance
        drop = _FILL_KEYS if merged else frozenset({"/AS", "/AP"})
        return WidgetSpec(
            ref=r,
            page=self.page_of.get(r),
            rect=rect,
            da=da,
            font=font,
            quadding=int(_number(w.get("/Q", inh.get("/Q")))),
            rotation=int(_number(mk.get("/R"))) % 360,
            border=_border(w, mk),
            background=_colour_op(mk.get("/BG"), stroke=False),
            caption=str(_resolve(mk.get("/CA")) or ""),
            on_states=on_states,
            has_off_appearance=has_off,
            normal_states=normal,
            ap_rest=ap_rest,
            dict_prefix=_dict_without(w, drop),
            state_refs=tuple(sorted(appearance_states(w)[1].items())),
        )

    def _fixed_objects(self) -> tuple[tuple[Ref, bytes], ...]:
        acroform_body = self._acroform_bytes()
        root_ref = _as_ref(self.trailer.raw_get("/Root"))
        if root_ref is None:
            raise TemplateError("trailer /Root is not an indirect reference")
        acro_ref = _as_ref(self.root.raw_get("/AcroForm"))
        entries = [
            b"/AcroForm " + acroform_body if k == "/AcroForm" and acro_ref is None else entry(k, v)
            for k, v in self.root.items()
            if k not in _CATALOG_DROP
        ]
        catalog = b"<<" + b"".join(entries) + b">>"
        objects = [(root_ref, indirect_object(root_ref, catalog))]
        if acro_ref is not None:
            objects.append((acro_ref, indirect_object(acro_ref, acroform_body)))
        for number, base in self.synth_fonts.values():
            objects.append((number, indirect_object(number, serialize(_standard_font_dict(base)))))
        return tuple(objects)

    def _acroform_bytes(self) -> bytes:
        parts = []
        for key in self.acroform:
            if key in _ACROFORM_DROP:
                continue
            if key == "/DR" and self.synth_fonts:
                parts.append(b"/DR " + self._dr_with_synth_fonts())
            else:
                parts.append(entry(key, self.acroform.raw_get(key)))
        if "/DR" not in self.acroform and self.synth_fonts:
            parts.append(b"/DR " + self._dr_with_synth_fonts())
        return b"<<" + b"".join(parts) + b">>"

    def _dr_with_synth_fonts(self) -> bytes:
        dr = _resolve(self.acroform.get("/DR"))
        dr = dr if isinstance(dr, DictionaryObject) else DictionaryObject()
        fonts = b"".join(entry(k, self.font_dict.raw_get(k)) for k in self.font_dict)
        fonts += b"".join(
            NameObject("/" + name).renumber() + b" " + ref(number)
            for name, (number, _) in self.synth_fonts.items()
        )
        others = b"".join(entry(k, dr.raw_get(k)) for k in dr if k != "/Font")
        return b"<<" + others + b"/Font<<" + fonts + b">>>>"


def _standard_font_dict(base: str) -> DictionaryObject:
    d = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/" + base),
    })
    if base not in ("Symbol", "ZapfDingbats"):
        d[NameObject("/Encoding")] = NameObject("/WinAnsiEncoding")
    return d


def _border(w: DictionaryObject, mk: DictionaryObject) -> Border | None:
    colour = _colour_op(mk.get("/BC"), stroke=True)
    if not colour:
        return None
    bs = _resolve(w.get("/BS"))
    width = 1.0
    style = "S"
    if isinstance(bs, DictionaryObject):
        width = _number(bs.get("/W"), 1.0)
        style = str(bs.get("/S", "/S"))[1:] or "S"
    else:
        border = _resolve(w.get("/Border"))
        if isinstance(border, ArrayObject) and len(border) >= 3:
            width = _number(border[2], 1.0)
    if width <= 0:
        return None
    return Border(width, colour, style)


def compile_pdf(data: bytes, digest: str) -> CompiledTemplate:
    """Parse ``data`` (whose sha256 is ``digest``) and compile it; TemplateError if unusable."""
    return _Compiler(data, digest).compile()
