"""Fill a compiled template as one incremental update appended to the official bytes.

The official file stays a verbatim prefix of the output, so anyone can check (by sha256)
that the form is the IRS's own revision and see exactly what we added: the filled widget
dictionaries, their appearance streams, a catalog without /Perms, an AcroForm without
/XFA, and one cross-reference section. Nothing else is touched, nothing depends on the
clock, and the same input always gives the same bytes.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from formkit.pdf import appearance, flow
from formkit.pdf.appearance import Appearance, LayoutError
from formkit.pdf.compose import Part, compose, part_from_appearances
from formkit.pdf.errors import FieldProblem, FillError
from formkit.pdf.model import CompiledTemplate, FieldKind, FieldSpec, WidgetSpec
from formkit.pdf.objects import Obj, Ref, split_refs, split_stream
from formkit.pdf.pages import Box, SourcePage
from formkit.pdf.syntax import indirect_object, name, num, ref, stream_object, text_string
from formkit.pdf.template import compile_template
from formkit.pdf.xref import xref_stream, xref_table

FillValue = str | bool


@dataclass(slots=True)
class _Update:
    """Objects of the update being built, numbered in a fixed order for reproducibility."""

    next_number: int
    objects: list[tuple[Ref, bytes]] = field(default_factory=list)
    off_states: dict[tuple[float, float], Ref] = field(default_factory=dict)
    shown: dict[Ref, Ref | None] = field(default_factory=dict)
    appearances: dict[Ref, tuple[Box, bytes, bytes]] = field(default_factory=dict)

    def new(self) -> Ref:
        number = (self.next_number, 0)
        self.next_number += 1
        return number

    def add_appearance(self, ap: Appearance) -> Ref:
        number = self.new()
        entries = ap.dict_entries()
        self.objects.append((number, stream_object(number, entries, ap.content)))
        self.appearances[number] = ((0.0, 0.0, ap.width, ap.height), entries, ap.content)
        return number

    def off_appearance(self, widget: WidgetSpec) -> Ref:
        """One empty /Off appearance per box size, shared by all checkboxes of that size."""
        key = (widget.width, widget.height)
        if key not in self.off_states:
            self.off_states[key] = self.add_appearance(appearance.empty(*key))
        return self.off_states[key]


@dataclass(frozen=True, eq=False)
class FilledForm:
    """A filled form before it is bytes: the template, the objects of its update, and which
    appearance each widget the fill touched now shows (what a flattened copy draws).

    ``shown`` maps a widget to its appearance stream (None: it shows nothing);
    ``appearances`` holds each new appearance stream's box, dictionary entries and content.
    Widgets not in ``shown`` look as in the template.

    A form is "template pages + appended pages": pages appended in the update (e.g.
    continuation sheets) are listed in ``appended_pages``, in order, with the objects they
    use in ``appended_objects`` (relocatable, numbered as in ``objects``), so a flattened
    copy and the packet carry them right after the form's own pages.
    """

    template: CompiledTemplate
    objects: tuple[tuple[Ref, bytes], ...]
    next_number: int
    shown: Mapping[Ref, Ref | None]
    appearances: Mapping[Ref, tuple[Box, bytes, bytes]]
    appended_pages: tuple[SourcePage, ...] = ()
    appended_objects: Mapping[Ref, Obj] = field(default_factory=dict)

    @cached_property
    def pdf(self) -> bytes:
        """The official PDF plus one incremental update: what a preparer files."""
        return _assemble(self.template, self.objects, self.next_number)

    @property
    def page_count(self) -> int:
        return self.template.page_count + len(self.appended_pages)

    def as_part(self, *, title: str | None = None, label: str | None = None) -> Part:
        """This form as a part of a composed (flattened) PDF."""
        part = part_from_appearances(self.template.doc, self.shown, self.appearances, title=title, label=label)
        if not self.appended_pages:
            return part
        return Part(part.doc, title, label, part.shown, {**part.extra, **self.appended_objects}, part.extents,
                    self.appended_pages)

    def flattened(self) -> bytes:
        """A print copy: every page drawn as the filled form shows it, no form left."""
        return compose([self.as_part()])[0]


def fill(template: bytes | CompiledTemplate, values: Mapping[str, FillValue],
         extra_pages: Sequence[bytes] = ()) -> bytes:
    """Return the official PDF plus one update section holding ``values``.

    Keys are fully qualified field names; text fields take a ``str`` (already formatted),
    checkboxes ``True``/``False`` or an on-state name. Every problem with every value is
    raised together as one ``FillError``; nothing is written if there is any.
    ``extra_pages`` are content streams typeset by ``formkit.pdf.flow`` (continuation sheets),
    appended after the form's own pages in the same update.
    """
    return fill_document(template, values, extra_pages).pdf


def fill_document(template: bytes | CompiledTemplate, values: Mapping[str, FillValue],
                  extra_pages: Sequence[bytes] = ()) -> FilledForm:
    """Like ``fill``, but the result stays structured, for flattening and packets."""
    tpl = template if isinstance(template, CompiledTemplate) else compile_template(template)
    problems = [
        FieldProblem(key, _unknown(key, tpl)) for key in values if key not in tpl.fields
    ]
    update = _Update(tpl.first_free)
    # Template order, not caller order: equal mappings give equal bytes.
    for spec in tpl.fields.values():
        try:
            if spec.name in values:
                _fill_field(update, spec, values[spec.name])
            elif spec.preprinted is not None:
                # without the XFA nothing would show the IRS's own pre-printed value
                _fill_text(update, spec, spec.preprinted)
        except _Problem as exc:
            problems.append(FieldProblem(spec.name, str(exc)))
    if problems:
        raise FillError(problems)
    pages, page_objects = _append_pages(update, tpl, extra_pages) if extra_pages else ((), {})
    return FilledForm(tpl, (*tpl.fixed_objects, *update.objects), update.next_number, update.shown,
                      update.appearances, pages, page_objects)


def _append_pages(update: _Update, tpl: CompiledTemplate, contents: Sequence[bytes]
                  ) -> tuple[tuple[SourcePage, ...], dict[Ref, Obj]]:
    """New US Letter pages at the end of the page tree (a new version of its root lists them),
    and the same pages as a flattened copy or a packet draws them."""
    if tpl.pages_ref is None:
        raise FillError([FieldProblem("(pages)", "the form's page tree cannot be extended")])
    objects: dict[Ref, Obj] = {}
    font_refs = []
    for resource in flow.FONTS:
        number = update.new()
        body = flow.font_dictionary(resource)
        update.objects.append((number, indirect_object(number, body)))
        objects[number] = split_refs(body)
        font_refs.append(number)
    fonts = b"".join(name(res) + b" " + ref(r) for res, r in zip(flow.FONTS, font_refs, strict=True))
    media = b"/MediaBox[0 0 " + num(flow.PAGE_WIDTH) + b" " + num(flow.PAGE_HEIGHT) + b"]"
    resources = b"/Font<<" + fonts + b">>"
    pages, kids = [], []
    for content in contents:
        stream_ref = update.new()
        update.objects.append((stream_ref, stream_object(stream_ref, b"", content)))
        objects[stream_ref] = split_stream(b"", content)
        page_ref = update.new()
        body = (b"<</Type/Page/Parent " + ref(tpl.pages_ref) + media + b"/Resources<<" + resources
                + b">>/Contents " + ref(stream_ref) + b">>")
        update.objects.append((page_ref, indirect_object(page_ref, body)))
        kids.append(ref(page_ref))
        pages.append(SourcePage(page_ref, split_refs(media), split_refs(resources), split_refs(b""),
                                (stream_ref,), (), ()))
    root = (tpl.pages_prefix + b"/Kids[" + b" ".join([tpl.pages_kids, *kids]).strip() + b"]/Count "
            + str(tpl.page_count + len(contents)).encode("ascii") + b">>")
    update.objects.append((tpl.pages_ref, indirect_object(tpl.pages_ref, root)))
    return tuple(pages), objects


class _Problem(Exception):
    """Internal: a value for one field is unusable (collected into FillError)."""


def _unknown(key: str, tpl: CompiledTemplate) -> str:
    close = difflib.get_close_matches(key, list(tpl.fields), n=1, cutoff=0.8)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"no such field in this form{hint}"


def _fill_field(update: _Update, spec: FieldSpec, value: object) -> None:
    if spec.readonly:
        raise _Problem("field is read-only")
    if spec.kind is FieldKind.TEXT:
        _fill_text(update, spec, value)
    elif spec.kind in (FieldKind.CHECKBOX, FieldKind.RADIO):
        _fill_button(update, spec, value)
    else:
        raise _Problem(f"{spec.kind.value} fields cannot be filled")


def _fill_text(update: _Update, spec: FieldSpec, value: object) -> None:
    if not isinstance(value, str):
        raise _Problem(f"text field needs a str, got {type(value).__name__}")
    if spec.max_len is not None and len(value) > spec.max_len:
        raise _Problem(f"{len(value)} characters but the field allows at most {spec.max_len}")
    if not spec.multiline and ("\n" in value or "\r" in value):
        raise _Problem("line break in a single-line field")
    shown = "*" * len(value) if spec.password else value
    try:
        aps = [_text_appearance(spec, w, shown) for w in spec.widgets]
    except LayoutError as exc:
        raise _Problem(str(exc)) from None
    v = b"/V " + text_string(value)
    if not spec.merged:
        update.objects.append((spec.ref, indirect_object(spec.ref, spec.dict_prefix + v + b">>")))
    for widget, ap in zip(spec.widgets, aps, strict=True):
        ap_ref = update.add_appearance(ap)
        update.shown[widget.ref] = ap_ref
        body = widget.dict_prefix + (v if spec.merged else b"")
        body += b"/AP<</N " + ref(ap_ref) + b">>>>"
        update.objects.append((widget.ref, indirect_object(widget.ref, body)))


def _text_appearance(spec: FieldSpec, widget: WidgetSpec, text: str) -> Appearance:
    if spec.comb and spec.max_len:
        return appearance.comb(widget, text, spec.max_len)
    if spec.multiline:
        return appearance.multiline(widget, text)
    return appearance.single_line(widget, text)


def _button_state(spec: FieldSpec, value: object) -> str:
    states = spec.on_states
    if isinstance(value, bool):
        if not value:
            return "Off"
        if len(states) == 1:
            return states[0]
        if not states:
            return "Yes"
        raise _Problem(f"True is ambiguous here; name the state: one of {', '.join(states)}")
    if isinstance(value, str):
        if value == "Off" or value in states:
            return value
        if not states and value:
            return value
        raise _Problem(f"{value!r} is not a state of this field; use one of "
                       f"{', '.join((*states, 'Off'))} or True/False")
    raise _Problem(f"{spec.kind.value} needs True/False or a state name, "
                   f"got {type(value).__name__}")


def _fill_button(update: _Update, spec: FieldSpec, value: object) -> None:
    state = _button_state(spec, value)
    v = b"/V " + name(state)
    if not spec.merged:
        update.objects.append((spec.ref, indirect_object(spec.ref, spec.dict_prefix + v + b">>")))
    for widget in spec.widgets:
        if widget.on_states:
            normal = widget.normal_states
            if not widget.has_off_appearance:
                normal += b"/Off " + ref(update.off_appearance(widget))
            shown = state if state in widget.on_states else "Off"
            update.shown[widget.ref] = dict(widget.state_refs).get(shown)
        else:  # no appearance of its own: draw a check for the requested state
            try:
                on_ref = update.add_appearance(appearance.check(widget))
            except LayoutError as exc:
                raise _Problem(str(exc)) from None
            on_name = state if state != "Off" else (spec.on_states or ("Yes",))[0]
            off_ref = update.off_appearance(widget)
            normal = name(on_name) + b" " + ref(on_ref) + b"/Off " + ref(off_ref)
            shown = state
            update.shown[widget.ref] = on_ref if state != "Off" else None
        body = (
            widget.dict_prefix
            + (v if spec.merged else b"")
            + b"/AS " + name(shown)
            + b"/AP<</N<<" + normal + b">>" + widget.ap_rest + b">>>>"
        )
        update.objects.append((widget.ref, indirect_object(widget.ref, body)))


def _assemble(tpl: CompiledTemplate, objects: Iterable[tuple[Ref, bytes]], next_free: int) -> bytes:
    data = tpl.data
    sep = b"" if data.endswith((b"\n", b"\r")) else b"\n"
    offset = len(data) + len(sep)
    parts: list[bytes] = []
    entries: list[tuple[int, int, int]] = []
    for number, body in objects:
        entries.append((number[0], number[1], offset))
        parts.append(body)
        offset += len(body)
    body_hash = hashlib.sha256()
    body_hash.update(tpl.sha256.encode("ascii"))
    for part in parts:
        body_hash.update(part)
    # First /ID element stays the document's permanent id; the second identifies
    # this revision and is derived from its content, so it is reproducible.
    id0 = tpl.trailer_id[0] if tpl.trailer_id else bytes.fromhex(tpl.sha256)[:16]
    file_id = (id0, body_hash.digest()[:16])
    xref_at = offset
    if tpl.classic_xref:
        section = xref_table(entries, next_free, tpl.root_ref, tpl.info_ref, file_id, tpl.startxref)
    else:
        section = xref_stream(entries, next_free, xref_at, tpl.root_ref, tpl.info_ref, file_id,
                              tpl.startxref)
    tail = b"startxref\n%d\n%%%%EOF\n" % xref_at
    return b"".join((data, sep, *parts, section, tail))
