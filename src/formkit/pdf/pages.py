"""Pages as the composer copies them: what each page draws, and the objects it needs.

A ``SourceDoc`` is a PDF taken apart once (when a template is compiled, or a letter or
attachment imported): per page the dictionary entries worth keeping, its resources, its
content streams, its widgets with the appearance each shows, and every object those reach,
as relocatable bytes. The page tree, the catalog, the form and the widgets themselves are
left out: a packet page is drawn, not filled in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from formkit.pdf.objects import Obj, Ref

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True, eq=False)
class PageWidget:
    """A widget annotation as a flattened page draws it: its box, /F flags and the
    appearance stream it shows when nothing was filled in (None: it shows nothing)."""

    ref: Ref
    rect: Box
    flags: int
    appearance: Ref | None


@dataclass(frozen=True, slots=True, eq=False)
class SourcePage:
    """One page: ``entries`` are its dictionary entries besides /Type, /Parent, /Contents,
    /Resources and /Annots (inherited /MediaBox, /CropBox, /Rotate made explicit);
    ``resources`` its resource entries except /XObject, ``xobjects`` those of /XObject."""

    ref: Ref
    entries: Obj
    resources: Obj
    xobjects: Obj
    contents: tuple[Ref, ...]
    annots: tuple[Ref, ...]
    widgets: tuple[PageWidget, ...]


@dataclass(frozen=True, slots=True, eq=False)
class SourceDoc:
    """Pages plus every object they (and their widgets' appearances) reach.

    ``extents`` gives, for each appearance stream, its /BBox transformed by its /Matrix:
    flattening maps that box onto the widget's /Rect (PDF 32000-1 12.5.5).
    """

    objects: Mapping[Ref, Obj]
    pages: tuple[SourcePage, ...]
    extents: Mapping[Ref, Box]
