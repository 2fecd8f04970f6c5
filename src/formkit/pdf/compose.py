"""Write one PDF from the pages of many documents, forms flattened, without pypdf.

The packet and every print copy are composed here: each part is a ``SourceDoc`` (a
compiled template or an imported PDF) plus, for a filled form, the appearance each widget
now shows. A page is copied as a new page dictionary whose content is the original content
wrapped in ``q``/``Q`` followed by each visible widget's appearance drawn as a form XObject
in its /Rect (PDF 32000-1 12.5.5), so the result shows exactly what the filled form shows
and holds no form at all: same-named fields of two forms can never share a value.

Objects are renumbered in first-use order and parts made from the same compiled template
share its fonts and backgrounds, so the output is small and byte-for-byte reproducible.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from formkit.pdf.objects import Obj, Ref, split_stream
from formkit.pdf.pages import Box, SourceDoc, SourcePage
from formkit.pdf.syntax import hexstring, name, num, text_string

_HIDDEN = 1 << 1
_PRINT = 1 << 2
_NOVIEW = 1 << 5
_HEADER = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"
_CATALOG, _PAGES = 1, 2


@dataclass(frozen=True, slots=True, eq=False)
class Part:
    """One document of the output: its pages, what its widgets show now, and, for the
    outline and page labels, its title and label prefix (both optional).

    ``extra`` holds objects on top of ``doc.objects`` (a fill's appearance streams and any
    appended pages' objects); ``extra_pages`` come after the document's own pages.
    """

    doc: SourceDoc
    title: str | None = None
    label: str | None = None
    shown: Mapping[Ref, Ref | None] = field(default_factory=dict)
    extra: Mapping[Ref, Obj] = field(default_factory=dict)
    extents: Mapping[Ref, Box] = field(default_factory=dict)
    extra_pages: tuple[SourcePage, ...] = ()

    @property
    def pages(self) -> tuple[SourcePage, ...]:
        return self.doc.pages + self.extra_pages


@dataclass(frozen=True, slots=True)
class Placed:
    """Where a part landed in the output (1-based page numbers)."""

    title: str | None
    first_page: int
    last_page: int

    @property
    def pages(self) -> int:
        return self.last_page - self.first_page + 1


def part_from_appearances(doc: SourceDoc, shown: Mapping[Ref, Ref | None],
                          appearances: Mapping[Ref, tuple[Box, bytes, bytes]], *, title: str | None = None,
                          label: str | None = None) -> Part:
    """A part whose widgets show ``shown``; ``appearances`` are new streams (box, dict entries, content)."""
    extra = {r: split_stream(entries, content) for r, (_box, entries, content) in appearances.items()}
    return Part(doc, title, label, shown, extra, {r: box for r, (box, _e, _c) in appearances.items()})


def _placement(rect: Box, box: Box) -> bytes | None:
    """The ``cm`` operands mapping ``box`` onto ``rect``, or None for a degenerate box."""
    rx0, ry0, rx1, ry1 = rect
    tx0, ty0, tx1, ty1 = box
    if tx1 - tx0 <= 0 or ty1 - ty0 <= 0 or rx1 - rx0 <= 0 or ry1 - ry0 <= 0:
        return None
    sx = (rx1 - rx0) / (tx1 - tx0)
    sy = (ry1 - ry0) / (ty1 - ty0)
    return b" ".join(num(v) for v in (sx, 0, 0, sy, rx0 - sx * tx0, ry0 - sy * ty0))


class _Writer:
    def __init__(self) -> None:
        self.next = 3
        self.numbers: dict[tuple[int, Ref], int] = {}
        self.queue: deque[tuple[int, Ref, Obj, Callable[[Ref], int | None]]] = deque()
        self.bodies: dict[int, bytes] = {}
        self.page_numbers: list[int] = []
        self._q: int | None = None

    def new(self) -> int:
        n = self.next
        self.next += 1
        return n

    def q_stream(self) -> int:
        """One shared ``q`` stream opening every flattened page's content."""
        if self._q is None:
            self._q = self.new()
            self.bodies[self._q] = b"<</Length 2>>\nstream\nq\n\nendstream"
        return self._q

    def stream(self, data: bytes) -> int:
        n = self.new()
        self.bodies[n] = b"<</Length %d>>\nstream\n" % len(data) + data + b"\nendstream"
        return n

    def resolver(self, part_key: int, doc_key: int, part: Part, pages: Mapping[Ref, int]
                 ) -> Callable[[Ref], int | None]:
        doc_objects = part.doc.objects
        extra = part.extra

        def number(r: Ref) -> int | None:
            page = pages.get(r)
            if page is not None:
                return page
            if r in extra:
                key, obj = (part_key, r), extra[r]
            elif r in doc_objects:
                key, obj = (doc_key, r), doc_objects[r]
            else:
                return None
            n = self.numbers.get(key)
            if n is None:
                n = self.numbers[key] = self.new()
                self.queue.append((n, r, obj, number))
            return n

        return number

    def drain(self) -> None:
        while self.queue:
            n, _r, obj, number = self.queue.popleft()
            self.bodies[n] = obj.render(number)

    def page(self, page: SourcePage, part: Part, number: Callable[[Ref], int | None], page_number: int) -> None:
        draws: list[bytes] = []
        xobjects: list[bytes] = []
        for widget in page.widgets:
            if widget.flags & (_HIDDEN | _NOVIEW) or not widget.flags & _PRINT:
                continue
            ap = part.shown.get(widget.ref, widget.appearance)
            if ap is None:
                continue
            box = part.extents.get(ap) or part.doc.extents.get(ap)
            matrix = _placement(widget.rect, box) if box is not None else None
            target = number(ap)
            if matrix is None or target is None:
                continue
            res = name(f"FkFlat{len(xobjects)}")
            xobjects.append(res + b" %d 0 R" % target)
            draws.append(b"q " + matrix + b" cm " + res + b" Do Q\n")
        contents = [number(c) for c in page.contents]
        content_refs = [c for c in contents if c is not None]
        if draws:
            content_refs = [self.q_stream(), *content_refs, self.stream(b"Q\n" + b"".join(draws))]
        annots = [a for a in (number(r) for r in page.annots) if a is not None]
        body = [b"<</Type/Page/Parent 2 0 R", page.entries.render(number),
                b"/Resources<<", page.resources.render(number),
                b"/XObject<<", page.xobjects.render(number), *xobjects, b">>>>",
                b"/Contents[", b" ".join(b"%d 0 R" % c for c in content_refs), b"]"]
        if annots:
            body += [b"/Annots[", b" ".join(b"%d 0 R" % a for a in annots), b"]"]
        body.append(b">>")
        self.bodies[page_number] = b"".join(body)


def _outline(w: _Writer, entries: Sequence[tuple[str, int]]) -> int | None:
    """An outline with one top-level item per (title, page object number)."""
    if not entries:
        return None
    root = w.new()
    items = [w.new() for _ in entries]
    for i, ((title, page), item) in enumerate(zip(entries, items, strict=True)):
        body = b"<</Title " + text_string(title) + b"/Parent %d 0 R" % root
        if i > 0:
            body += b"/Prev %d 0 R" % items[i - 1]
        if i + 1 < len(items):
            body += b"/Next %d 0 R" % items[i + 1]
        w.bodies[item] = body + b"/Dest[%d 0 R/Fit]>>" % page
    w.bodies[root] = b"<</Type/Outlines/First %d 0 R/Last %d 0 R/Count %d>>" % (items[0], items[-1], len(items))
    return root


def compose(parts: Sequence[Part], *, info: Mapping[str, str] | None = None) -> tuple[bytes, list[Placed]]:
    """The PDF of ``parts`` in order (bookmarks and page labels where parts have them),
    and where each part landed. Same parts and ``info``, same bytes."""
    w = _Writer()
    placed: list[Placed] = []
    bookmarks: list[tuple[str, int]] = []
    labels: list[bytes] = []
    doc_keys: dict[int, int] = {}
    for index, part in enumerate(parts):
        pages = part.pages
        page_numbers = [w.new() for _ in pages]
        own = {p.ref: n for p, n in zip(pages, page_numbers, strict=True)}
        # objects of one compiled template are written once, unless a part overrides some
        shared = not (part.extra.keys() & part.doc.objects.keys())
        doc_key = doc_keys.setdefault(id(part.doc), -1 - len(doc_keys)) if shared else index
        number = w.resolver(index, doc_key, part, own)
        first = len(w.page_numbers)
        for page, n in zip(pages, page_numbers, strict=True):
            w.page(page, part, number, n)
        w.drain()
        w.page_numbers.extend(page_numbers)
        placed.append(Placed(part.title, first + 1, len(w.page_numbers)))
        if pages and part.title is not None:
            bookmarks.append((part.title, page_numbers[0]))
        if pages and part.label is not None:
            labels.append(b"%d<</S/D/P " % first + text_string(part.label) + b"/St 1>>")
    catalog = b"<</Type/Catalog/Pages 2 0 R"
    outline = _outline(w, bookmarks)
    if outline is not None:
        catalog += b"/Outlines %d 0 R/PageMode/UseOutlines" % outline
    if labels:
        catalog += b"/PageLabels<</Nums[" + b" ".join(labels) + b"]>>"
    w.bodies[_CATALOG] = catalog + b">>"
    w.bodies[_PAGES] = (b"<</Type/Pages/Kids[" + b" ".join(b"%d 0 R" % n for n in w.page_numbers)
                        + b"]/Count %d>>" % len(w.page_numbers))
    info_ref = None
    if info:
        info_ref = w.new()
        w.bodies[info_ref] = b"<<" + b"".join(name(k) + b" " + text_string(v) for k, v in info.items()) + b">>"
    return _serialize(w, info_ref), placed


def _serialize(w: _Writer, info_ref: int | None) -> bytes:
    out = [_HEADER]
    offsets = [0] * w.next
    pos = len(_HEADER)
    digest = hashlib.sha256()
    for n in range(1, w.next):
        chunk = b"%d 0 obj\n" % n + w.bodies[n] + b"\nendobj\n"
        offsets[n] = pos
        pos += len(chunk)
        out.append(chunk)
        digest.update(chunk)
    file_id = hexstring(digest.digest()[:16])
    xref = [b"xref\n0 %d\n0000000000 65535 f\r\n" % w.next]
    xref += [b"%010d 00000 n\r\n" % offsets[n] for n in range(1, w.next)]
    trailer = b"trailer\n<</Size %d/Root 1 0 R" % w.next
    if info_ref is not None:
        trailer += b"/Info %d 0 R" % info_ref
    trailer += b"/ID[" + file_id + file_id + b"]>>\nstartxref\n%d\n%%%%EOF\n" % pos
    return b"".join([*out, *xref, trailer])
