"""Compiled templates on disk, so a fresh process does not parse the IRS PDF again.

One file per official PDF in the per-user cache (``platformdirs``), named by the PDF's
sha256 and keyed inside by the formkit version and a digest of the code that defines the
compiled form (so a changed compiler never reads an old layout). The payload is
``marshal`` data of plain tuples: loading it runs no code, unlike pickle.

Safe under concurrent writers: each writes a complete temporary file and renames it into
place. Verified on read: magic, key and the payload's sha256 must match, and the payload
must rebuild into a template; anything else is a miss, and the template is compiled and
stored again. The cache is an optimisation only: an unwritable folder just means no cache.

``FORMKIT_TEMPLATE_CACHE_DIR`` moves it; the value ``off`` disables it.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from formkit._version import __version__
from formkit.pdf.da import DefaultAppearance
from formkit.pdf.fonts import FontInfo
from formkit.pdf.model import Border, CompiledTemplate, FieldKind, FieldSpec, WidgetSpec
from formkit.pdf.objects import Obj
from formkit.pdf.pages import PageWidget, SourceDoc, SourcePage

ENV_CACHE_DIR = "FORMKIT_TEMPLATE_CACHE_DIR"
_MAGIC = b"formkit-compiled-template 1\n"
CACHE_LOCK_WAIT = 10.0  # seconds to wait for another process writing the same cache file (formkit.files.lock)
#: The modules whose code decides what a compiled template holds.
_LAYOUT_MODULES = ("cache.py", "compiler.py", "importer.py", "serialize.py", "model.py", "pages.py",
                   "objects.py", "fonts.py", "fontload.py", "da.py", "syntax.py", "ruled.py")


def cache_dir() -> Path | None:
    """The folder of compiled templates, or None when caching is off."""
    override = os.environ.get(ENV_CACHE_DIR, "").strip()
    if override.lower() == "off":
        return None
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("formkit")) / "templates"


@cache
def _key() -> bytes:
    """formkit version, Python's marshal format and a digest of the layout-defining code."""
    code = hashlib.sha256()
    here = Path(__file__).parent
    for module in _LAYOUT_MODULES:
        try:
            code.update((here / module).read_bytes())
        except OSError:
            code.update(module.encode())
    return f"{__version__} {marshal.version} {code.hexdigest()[:16]}".encode()


def _path(directory: Path, sha256: str) -> Path:
    return directory / f"{sha256}.fkt"


# --- to and from plain tuples ------------------------------------------------------------------------


def _obj(o: Obj) -> tuple[Any, ...]:
    return (o.parts, o.refs, o.stream)


def _plain(tpl: CompiledTemplate) -> tuple[Any, ...]:
    fonts: dict[int, int] = {}
    font_rows: list[tuple[Any, ...]] = []

    def font(info: FontInfo | None) -> int:
        if info is None:
            return -1
        if id(info) not in fonts:
            fonts[id(info)] = len(font_rows)
            font_rows.append((info.resource_name, info.ref, info.base_font, info.widths, info.ascent,
                              info.descent, dict(info._table)))
        return fonts[id(info)]

    def widget(w: WidgetSpec) -> tuple[Any, ...]:
        da = (w.da.font_name, w.da.font_size, w.da.colour) if w.da is not None else None
        border = (w.border.width, w.border.colour, w.border.style) if w.border is not None else None
        return (w.ref, w.page, w.rect, da, font(w.font), w.quadding, w.rotation, border, w.background, w.caption,
                w.on_states, w.has_off_appearance, w.normal_states, w.ap_rest, w.dict_prefix, w.state_refs, w.rules)

    fields = tuple(
        (f.name, f.kind.value, f.ref, f.merged, f.dict_prefix, tuple(widget(w) for w in f.widgets), f.readonly,
         f.multiline, f.comb, f.password, f.max_len, f.tooltip, f.preprinted)
        for f in tpl.fields.values())
    doc = tpl.doc
    pages = tuple(
        (p.ref, _obj(p.entries), _obj(p.resources), _obj(p.xobjects), p.contents, p.annots,
         tuple((w.ref, w.rect, w.flags, w.appearance) for w in p.widgets))
        for p in doc.pages)
    objects = tuple((r, *_obj(o)) for r, o in doc.objects.items())
    return (tpl.sha256, tuple(font_rows), fields, tpl.page_count, tpl.root_ref, tpl.acroform_ref, tpl.info_ref,
            tpl.trailer_id, tpl.size, tpl.startxref, tpl.classic_xref, tpl.fixed_objects, tpl.first_free,
            objects, pages, tuple(doc.extents.items()), tpl.pages_ref, tpl.pages_prefix, tpl.pages_kids)


def _rebuild(plain: tuple[Any, ...], data: bytes) -> CompiledTemplate:
    (sha256, font_rows, fields, page_count, root_ref, acroform_ref, info_ref, trailer_id, size, startxref,
     classic_xref, fixed_objects, first_free, objects, pages, extents, pages_ref, pages_prefix, pages_kids) = plain
    fonts = [FontInfo(n, r, b, w, a, d, t) for n, r, b, w, a, d, t in font_rows]

    def widget(row: tuple[Any, ...]) -> WidgetSpec:
        (ref, page, rect, da, font, quadding, rotation, border, background, caption, on_states, has_off,
         normal, ap_rest, prefix, state_refs, rules) = row
        return WidgetSpec(ref, page, rect, DefaultAppearance(*da) if da is not None else None,
                          fonts[font] if font >= 0 else None, quadding, rotation,
                          Border(*border) if border is not None else None, background, caption, on_states,
                          has_off, normal, ap_rest, prefix, state_refs, rules)

    field_map = {}
    for (name, kind, ref, merged, prefix, widgets, readonly, multiline, comb, password, max_len, tooltip,
         preprinted) in fields:
        field_map[name] = FieldSpec(name, FieldKind(kind), ref, merged, prefix, tuple(widget(w) for w in widgets),
                                    readonly, multiline, comb, password, max_len, tooltip, preprinted)
    doc = SourceDoc(
        objects=MappingProxyType({r: Obj(parts, refs, stream) for r, parts, refs, stream in objects}),
        pages=tuple(SourcePage(ref, Obj(*entries), Obj(*resources), Obj(*xobjects), contents, annots,
                               tuple(PageWidget(*w) for w in widgets))
                    for ref, entries, resources, xobjects, contents, annots, widgets in pages),
        extents=MappingProxyType(dict(extents)))
    return CompiledTemplate(sha256=sha256, data=data, fields=MappingProxyType(field_map), page_count=page_count,
                            root_ref=root_ref, acroform_ref=acroform_ref, info_ref=info_ref, trailer_id=trailer_id,
                            size=size, startxref=startxref, classic_xref=classic_xref, fixed_objects=fixed_objects,
                            first_free=first_free, doc=doc, pages_ref=pages_ref, pages_prefix=pages_prefix,
                            pages_kids=pages_kids)


# --- the store -------------------------------------------------------------------------------------


def load(sha256: str, data: bytes) -> CompiledTemplate | None:
    """The cached template of the PDF ``data`` (whose sha256 is ``sha256``), or None."""
    directory = cache_dir()
    if directory is None:
        return None
    try:
        raw = _path(directory, sha256).read_bytes()
    except OSError:
        return None
    head, sep, payload = raw.partition(b"\n\n")
    expected = _MAGIC + _key() + b"\n" + sha256.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode()
    if not sep or head != expected:
        return None
    try:
        plain = marshal.loads(payload)
        tpl = _rebuild(plain, data)
    except (ValueError, TypeError, EOFError, IndexError, KeyError):
        return None
    return tpl if tpl.sha256 == sha256 else None


def store(tpl: CompiledTemplate) -> None:
    """Write ``tpl`` to the cache; any failure leaves the cache as it was."""
    directory = cache_dir()
    if directory is None:
        return
    from formkit.atomic import write_atomic
    from formkit.errors import FormkitError

    payload = marshal.dumps(_plain(tpl))
    head = _MAGIC + _key() + b"\n" + tpl.sha256.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode()
    # another process storing the same template holds its lock for milliseconds: wait, then give up quietly
    with contextlib.suppress(OSError, FormkitError):
        write_atomic(_path(directory, tpl.sha256), head + b"\n\n" + payload, sync=False, wait=CACHE_LOCK_WAIT)
