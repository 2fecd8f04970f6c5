"""The compiled form: terminal fields, their widgets, and what a fill re-emits.

Plain frozen data so a compiled template can be cached and shared between threads;
``template.py`` builds it, ``writer.py`` and ``appearance.py`` only read it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from formkit.pdf.da import DefaultAppearance
from formkit.pdf.fonts import FontInfo
from formkit.pdf.objects import Ref
from formkit.pdf.pages import SourceDoc


class FieldKind(StrEnum):
    """What a terminal field is, from /FT and the button flags."""

    TEXT = "text"
    CHECKBOX = "checkbox"
    RADIO = "radio"
    CHOICE = "choice"
    SIGNATURE = "signature"
    PUSHBUTTON = "pushbutton"


@dataclass(frozen=True, slots=True)
class Border:
    """Widget border from /MK /BC and /BS (or /Border): width, stroke colour, style."""

    width: float
    colour: bytes  # e.g. b"0.2 G"
    style: str  # S, D, B, I or U


Rule = tuple[float, float, float, float]
"""A printed rule under a widget: (y, x0, x1, thickness) in the widget's own coordinates."""


@dataclass(frozen=True, slots=True, eq=False)
class WidgetSpec:
    """One widget annotation of a field, with what is needed to redraw and re-emit it.

    ``dict_prefix`` is ``<<`` plus every entry except /V, /AS and /AP, unterminated.
    For buttons, ``normal_states`` is the serialized content of the existing /AP /N
    dictionary and ``ap_rest`` the other /AP entries (/D, /R), reused when filling.
    """

    ref: Ref
    page: int | None
    rect: tuple[float, float, float, float]
    da: DefaultAppearance | None
    font: FontInfo | None
    quadding: int
    rotation: int
    border: Border | None
    background: bytes  # fill colour operator from /MK /BG, or b""
    caption: str  # /MK /CA (checkbox glyph)
    on_states: tuple[str, ...]
    has_off_appearance: bool
    normal_states: bytes
    ap_rest: bytes
    dict_prefix: bytes
    state_refs: tuple[tuple[str, Ref], ...] = ()
    """Each named state of the existing /AP /N and its appearance stream (what a flattened
    copy draws for that state)."""
    rules: tuple[Rule, ...] = ()
    """The ruled lines the page prints under a multi-line text widget, top down (``ruled``)."""

    @property
    def width(self) -> float:
        return self.rect[2] - self.rect[0]

    @property
    def height(self) -> float:
        return self.rect[3] - self.rect[1]


@dataclass(frozen=True, slots=True, eq=False)
class FieldSpec:
    """One terminal field (fully qualified name) and its widgets.

    In the IRS forms field and widget share one dictionary (``merged``); otherwise the
    value goes into the field dictionary ``ref`` (pre-serialized as ``dict_prefix``)
    and appearances into the widget dictionaries.
    """

    name: str
    kind: FieldKind
    ref: Ref
    merged: bool
    dict_prefix: bytes
    widgets: tuple[WidgetSpec, ...]
    readonly: bool
    multiline: bool
    comb: bool
    password: bool
    max_len: int | None
    tooltip: str
    preprinted: str | None = None
    """A read-only value the IRS put in the field's default (/DV) without an appearance,
    e.g. "[5,860]" on Form 433-A (OIC) line 10: only the removed XFA used to show it."""

    @property
    def on_states(self) -> tuple[str, ...]:
        """Every on-state name over all widgets (checkbox/radio), in widget order."""
        seen: dict[str, None] = {}
        for w in self.widgets:
            seen.update(dict.fromkeys(w.on_states))
        return tuple(seen)

    @property
    def page(self) -> int | None:
        return self.widgets[0].page if self.widgets else None

    @property
    def rect(self) -> tuple[float, float, float, float] | None:
        return self.widgets[0].rect if self.widgets else None


@dataclass(frozen=True, slots=True, eq=False)
class CompiledTemplate:
    """Everything ``fill`` needs about one official PDF, computed once.

    ``fixed_objects`` are emitted by every fill: the catalog without /Perms, the
    AcroForm without /XFA (when it is its own object) and any standard-14 font the
    /DR lacked. New objects of a fill are numbered from ``first_free``.
    """

    sha256: str
    data: bytes
    fields: Mapping[str, FieldSpec]
    page_count: int
    root_ref: Ref
    acroform_ref: Ref | None
    info_ref: Ref | None
    trailer_id: tuple[bytes, bytes] | None
    size: int
    startxref: int
    classic_xref: bool
    fixed_objects: tuple[tuple[Ref, bytes], ...]
    first_free: int
    doc: SourceDoc = field(repr=False)
    """The pages as a flattened copy draws them, with every object they need."""
    pages_ref: Ref | None = None
    """The page tree root, rewritten when a fill appends pages (continuation sheets)."""
    pages_prefix: bytes = b""
    """``<<`` plus the page tree root's entries except /Kids and /Count, unterminated."""
    pages_kids: bytes = b""
    """The serialized entries of the root's /Kids array."""

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)
