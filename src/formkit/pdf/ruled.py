"""Find the ruled lines an official form prints under its multi-line text boxes.

Form 843 line 8 and Form 656 Section 6 are drawn as ruled writing lines; a filled value
must sit on them the way handwriting would (``appearance.multiline``). The rules come from
the page's own drawing, read once when a template is compiled: horizontal stroked segments
and thin filled rectangles that cross a multi-line widget. PDFium reads the path objects
(its C content parser takes ~15-45 ms for a whole IRS form; pdfminer needs ~10x that).
"""

from __future__ import annotations

import ctypes
import threading
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from formkit.pdf.model import FieldKind, FieldSpec, Rule, WidgetSpec

#: A filled rectangle at most this tall (points) is a rule, not a box.
MAX_RULE_THICKNESS = 2.5
#: A rule runs under at least this share of the widget's width (a tick or label underline does not).
MIN_COVER = 0.5
#: Rules this close outside the widget's rect (points) still count: the IRS puts the bottom rule on the edge.
EDGE_TOLERANCE = 1.0
#: Segments whose ends differ by at most this much in y are horizontal; pieces this close in y are one rule.
FLAT = 0.1
SAME_RULE = 0.75

_Matrix = tuple[float, float, float, float, float, float]
_Box = tuple[float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: PDFium is not thread-safe: one document walk at a time per process.
_pdfium_lock = threading.Lock()


def with_rules(data: bytes, fields: Mapping[str, FieldSpec]) -> dict[str, FieldSpec]:
    """``fields`` with the printed rules of every multi-line text widget filled in."""
    wanted: dict[int, set[_Box]] = {}
    for spec in fields.values():
        if spec.kind is FieldKind.TEXT and spec.multiline:
            for w in spec.widgets:
                if w.page is not None and w.width > 0 and w.height > 0:
                    wanted.setdefault(w.page, set()).add(w.rect)
    if not wanted:
        return dict(fields)
    found = _page_rules(data, wanted)

    def ruled(w: WidgetSpec) -> WidgetSpec:
        rules = found.get((w.page, w.rect), ()) if w.page is not None else ()
        return replace(w, rules=rules) if rules else w

    return {name: replace(spec, widgets=tuple(ruled(w) for w in spec.widgets))
            if spec.kind is FieldKind.TEXT and spec.multiline else spec
            for name, spec in fields.items()}


def rules_in(box: _Box, pieces: list[Rule]) -> tuple[Rule, ...]:
    """The rules under ``box`` (page space) from horizontal ``pieces`` (y, x0, x1, thickness),
    top down, in the box's own coordinates."""
    x0, y0, x1, y1 = box
    near = sorted((y, max(a, x0), min(b, x1), t) for y, a, b, t in pieces
                  if y0 - EDGE_TOLERANCE <= y <= y1 + EDGE_TOLERANCE and min(b, x1) > max(a, x0))
    groups: list[list[Rule]] = []
    for piece in near:
        if groups and piece[0] - groups[-1][-1][0] <= SAME_RULE:
            groups[-1].append(piece)
        else:
            groups.append([piece])
    rules: list[Rule] = []
    for group in groups:
        spans = sorted((a, b) for _, a, b, _ in group)
        covered, reach = 0.0, spans[0][0]
        for a, b in spans:
            covered += max(0.0, b - max(a, reach))
            reach = max(reach, b)
        if covered < MIN_COVER * (x1 - x0):
            continue
        top, bottom = max(p[0] + p[3] / 2 for p in group), min(p[0] - p[3] / 2 for p in group)  # its ink
        rules.append((round((top + bottom) / 2 - y0, 3) + 0.0, round(spans[0][0] - x0, 3) + 0.0,  # + 0.0: no "-0.0"
                      round(max(b for _, b in spans) - x0, 3) + 0.0, round(top - bottom, 3)))
    return tuple(sorted(rules, reverse=True))


def _page_rules(data: bytes, wanted: Mapping[int, set[_Box]]) -> dict[tuple[int, _Box], tuple[Rule, ...]]:
    import pypdfium2 as pdfium

    out: dict[tuple[int, _Box], tuple[Rule, ...]] = {}
    with _pdfium_lock:
        pdf = pdfium.PdfDocument(data)
        try:
            for index, boxes in sorted(wanted.items()):
                if index >= len(pdf):
                    continue
                page = pdf[index]
                try:
                    pieces = list(_horizontal_pieces(page.raw, boxes))
                finally:
                    page.close()
                for box in boxes:
                    rules = rules_in(box, pieces)
                    if rules:
                        out[(index, box)] = rules
        finally:
            pdf.close()
    return out


def _horizontal_pieces(page: Any, boxes: set[_Box]) -> Iterator[Rule]:
    """Every horizontal stroke or thin filled bar on the page near one of ``boxes``."""
    import pypdfium2.raw as raw

    pad = EDGE_TOLERANCE + MAX_RULE_THICKNESS
    areas = [(x0, y0 - pad, x1, y1 + pad) for x0, y0, x1, y1 in boxes]
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def near(obj: Any, ctm: _Matrix) -> bool:
        """Whether the object's bounds (cheap, from PDFium) touch any box: most paths don't."""
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            return True
        if ctm == _IDENTITY:
            a, b, c, d = left.value, bottom.value, right.value, top.value
        else:
            corners = [_apply(ctm, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
            a, c = min(p[0] for p in corners), max(p[0] for p in corners)
            b, d = min(p[1] for p in corners), max(p[1] for p in corners)
        return any(a <= x1 and c >= x0 and b <= y1 and d >= y0 for x0, y0, x1, y1 in areas)

    def walk(count: Any, get: Any, parent: Any, ctm: _Matrix) -> Iterator[Rule]:
        for i in range(count(parent)):
            obj = get(parent, i)
            kind = raw.FPDFPageObj_GetType(obj)
            if kind == raw.FPDF_PAGEOBJ_FORM:
                yield from walk(raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject, obj,
                                _times(_matrix(raw, obj), ctm))
            elif kind == raw.FPDF_PAGEOBJ_PATH and near(obj, ctm):
                yield from _path_pieces(raw, obj, _times(_matrix(raw, obj), ctm))

    yield from walk(raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject, page, _IDENTITY)


def _path_pieces(raw: Any, obj: Any, m: _Matrix) -> Iterator[Rule]:
    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    if not raw.FPDFPath_GetDrawMode(obj, fill_mode, stroke):
        return
    stroked = bool(stroke.value) and _inked(raw.FPDFPageObj_GetStrokeColor, obj)
    filled = fill_mode.value != raw.FPDF_FILLMODE_NONE and _inked(raw.FPDFPageObj_GetFillColor, obj)
    if not (stroked or filled):
        return
    width = ctypes.c_float()
    line_width = width.value if raw.FPDFPageObj_GetStrokeWidth(obj, width) else 1.0
    thickness = line_width * (m[2] ** 2 + m[3] ** 2) ** 0.5
    x, y = ctypes.c_float(), ctypes.c_float()
    subpath: list[tuple[float, float]] = []
    subpaths: list[list[tuple[float, float]]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = _apply(m, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if subpath:
                subpaths.append(subpath)
            subpath = [point]
            continue
        if stroked and kind == raw.FPDF_SEGMENT_LINETO and subpath:
            yield from _flat(subpath[-1], point, thickness)
        subpath.append(point)
        if raw.FPDFPathSegment_GetClose(segment) and subpath:
            if stroked:
                yield from _flat(point, subpath[0], thickness)
            subpaths.append(subpath)
            subpath = [subpath[0]]  # closing returns to the subpath's start
    if subpath:
        subpaths.append(subpath)
    if filled:
        for points in subpaths:
            xs, ys = [p[0] for p in points], [p[1] for p in points]
            height = max(ys) - min(ys)
            if len(points) > 2 and height <= MAX_RULE_THICKNESS and max(xs) - min(xs) > height:
                yield ((max(ys) + min(ys)) / 2, min(xs), max(xs), height)


def _flat(a: tuple[float, float], b: tuple[float, float], thickness: float) -> Iterator[Rule]:
    if abs(a[1] - b[1]) <= FLAT and abs(a[0] - b[0]) > FLAT:
        yield ((a[1] + b[1]) / 2, min(a[0], b[0]), max(a[0], b[0]), thickness)


def _inked(getter: Any, obj: Any) -> bool:
    """False for invisible paint (fully transparent, or white on the white page)."""
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):
        return True
    return a.value > 0 and min(r.value, g.value, b.value) < 250


def _matrix(raw: Any, obj: Any) -> _Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (float(m.a), float(m.b), float(m.c), float(m.d), float(m.e), float(m.f))


def _times(m: _Matrix, n: _Matrix) -> _Matrix:
    """``m`` then ``n`` (PDF row-vector order: ``m x n``)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
