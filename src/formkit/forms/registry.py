"""The registry of supported IRS form revisions, read from ``forms/<form_id>/<rev>.json``.

Data, not code: each revision pins the official PDF by sha256, names its IRS download
URLs, carries a fingerprint of its field set and the field map (semantic key -> PDF
field). Revisions with ``"supported": false`` are known only to be recognised and refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from formkit._data import data_dir
from formkit.errors import FormkitError


@dataclass(frozen=True, slots=True)
class FieldSpec:
    key: str
    pdf: str
    kind: str  # text | checkbox
    format: str
    line: str | None = None
    page: int | None = None
    max_length: int | None = None
    on: str | None = None
    multiline: bool = False
    comb: bool = False
    readonly: bool = False
    source: str | None = None
    """Where the value comes from (``case:``, ``analysis:``, ``mapper:``, ``table:``,
    ``question:``, ``override``, ``blank``): see forms/README.md."""
    when: str | None = None
    """A condition (``case:`` path or ``mapper:`` predicate) under which the field applies."""
    note: str | None = None
    identifies: bool = False
    """A name that identifies the taxpayer: too long for its box is an error, never a
    "see continuation sheet" (the IRS matches the form to the account by it)."""
    label: str | None = None
    """How a continuation sheet names the field's entry when it continues there (else the PDF's
    tooltip)."""
    default: str | None = None
    """The PDF's own default value (/DV) of a fillable text field: a viewer shows it while the
    field has no value (Firefox shows Form 656's "$205" fee), so every fill writes the field."""


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """One column of a repeating table, as printed on the form and on its continuation."""

    name: str
    label: str
    item: str | None = None
    """Attribute path on the row's case item (``balance``, ``address.county``)."""
    analysis: str | None = None
    """Analysis path, ``{i}`` standing for the item's 0-based index in the table."""
    format: str | None = None
    """How the continuation sheet prints the value (defaults to the row field's format)."""
    boxes: Mapping[str, str] | None = None
    """For a yes/no or choice column: answer -> key suffix of its checkbox in the row."""
    required: bool = False
    """A boxes column every listed item must answer (an open one is a completeness finding)."""
    sheet_only: bool = False
    """Printed on the continuation sheet only: the form prints it elsewhere (one box per person)."""


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A repeating section: which case items it lists, the printed rows, the columns.

    Items beyond the printed rows go on a continuation sheet with the same columns, and
    the form's totals come from the analysis line that covers every item.
    """

    id: str
    title: str
    line: str
    items: str
    rows: tuple[str, ...]
    columns: Mapping[str, ColumnSpec]
    section: str | None = None
    row: str | None = None
    """Name of the mapper function that makes the cells no column declares."""
    when: str | None = None
    see_attachment: str | None = None
    """Column of the last printed row that says where the rest is, when the form has no
    attachment line of its own (the row is then given up to the note)."""
    carry: str | None = None
    """Column of that last row that carries the total of the continued items, so the printed
    lines still add up to the form's total (e.g. Form 433-A line 33)."""


@dataclass(frozen=True, slots=True)
class QuestionSpec:
    """A yes/no or multiple-choice question: its boxes and the case fact that answers it."""

    id: str
    text: str
    boxes: Mapping[str, str]
    answer: str
    line: str | None = None
    when: str | None = None
    required: bool = True
    required_when: str | None = None
    """A condition under which an open answer is reported (Form 9465 Part II: "Complete this
    Part only if ..."); answered from the case whenever it can be, all the same."""
    fact: str | None = None
    """A ``mapper:`` value naming the case fact that answers a ``mapper:`` answer (a JSON
    pointer such as ``/requests/0/prequalifier_used``), for the completeness finding."""


@dataclass(frozen=True, slots=True)
class Currency:
    """When the IRS released a revision and, once known, when a newer one superseded it."""

    released: date | None
    superseded: date | None = None
    superseded_by: str | None = None
    source: str = ""

    def superseded_on(self, day: date) -> bool:
        """A newer revision had replaced this one by ``day``."""
        return self.superseded is not None and self.superseded <= day


@dataclass(frozen=True, slots=True, eq=False)
class FormRevision:
    """One revision of one form. Compared by identity: the registry loads each once."""

    form: str
    form_id: str
    revision: str
    title: str
    supported: bool
    sha256: str
    bytes: int
    pages: int
    urls: tuple[str, ...]
    fingerprint: str | None
    field_count: int | None
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    unmapped: Mapping[str, str] = field(default_factory=dict)
    reviewed: bool = True  # False for a draft map written by 'formkit forms derive'
    currency: Currency | None = None
    tables: Mapping[str, TableSpec] = field(default_factory=dict)
    rounding: Mapping[str, str] | None = None
    """How the form's amounts are rounded when printed, for totals that add up as printed."""
    questions: Mapping[str, QuestionSpec] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"Form {self.form} (Rev. {self.revision})"

    @property
    def by_pdf_name(self) -> Mapping[str, FieldSpec]:
        return _by_pdf_name(self)


@cache
def _by_pdf_name(rev: FormRevision) -> Mapping[str, FieldSpec]:
    return MappingProxyType({spec.pdf: spec for spec in rev.fields.values()})


def _spec(key: str, raw: Mapping[str, Any]) -> FieldSpec:
    return FieldSpec(key=key, pdf=raw["pdf"], kind=raw["kind"],
                     format=raw.get("format", "checkbox" if raw["kind"] == "checkbox" else "text"),
                     line=raw.get("line"), page=raw.get("page"), max_length=raw.get("max_length"),
                     on=raw.get("on"), multiline=bool(raw.get("multiline", False)),
                     comb=bool(raw.get("comb", False)), readonly=bool(raw.get("readonly", False)),
                     source=raw.get("source"), when=raw.get("when"), note=raw.get("note"),
                     identifies=bool(raw.get("identifies", False)), default=raw.get("default"),
                     label=raw.get("label"))


def _column(name: str, raw: Mapping[str, Any]) -> ColumnSpec:
    boxes = raw.get("boxes")
    return ColumnSpec(name=name, label=raw["label"], item=raw.get("item"), analysis=raw.get("analysis"),
                      format=raw.get("format"),
                      boxes=MappingProxyType(dict(boxes)) if boxes is not None else None,
                      required=bool(raw.get("required", False)), sheet_only=bool(raw.get("sheet_only", False)))


def _table(table_id: str, raw: Mapping[str, Any]) -> TableSpec:
    return TableSpec(id=table_id, title=raw["title"], line=raw["line"], items=raw["items"],
                     rows=tuple(raw["rows"]),
                     columns=MappingProxyType({k: _column(k, v) for k, v in raw["columns"].items()}),
                     section=raw.get("section"), row=raw.get("row"), when=raw.get("when"),
                     see_attachment=raw.get("see_attachment"), carry=raw.get("carry"))


def _question(question_id: str, raw: Mapping[str, Any]) -> QuestionSpec:
    return QuestionSpec(id=question_id, text=raw["text"], boxes=MappingProxyType(dict(raw["boxes"])),
                        answer=raw["answer"], line=raw.get("line"), when=raw.get("when"),
                        required=bool(raw.get("required", True)), required_when=raw.get("required_when"),
                        fact=raw.get("fact"))


def _day(value: Any) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _currency(raw: Any) -> Currency | None:
    if not isinstance(raw, Mapping):
        return None
    return Currency(released=_day(raw.get("released")), superseded=_day(raw.get("superseded")),
                    superseded_by=raw.get("superseded_by"), source=str(raw.get("source", "")))


def _load(raw: Mapping[str, Any]) -> FormRevision:
    return FormRevision(
        form=raw["form"], form_id=raw["form_id"], revision=raw["revision"], title=raw["title"],
        supported=bool(raw.get("supported", True)), sha256=raw["sha256"], bytes=int(raw["bytes"]),
        pages=int(raw["pages"]), urls=tuple(raw.get("urls", ())), fingerprint=raw.get("fingerprint"),
        field_count=raw.get("field_count"),
        fields=MappingProxyType({k: _spec(k, v) for k, v in raw.get("fields", {}).items()}),
        unmapped=MappingProxyType(dict(raw.get("unmapped", {}))),
        reviewed=bool(raw.get("reviewed", True)), currency=_currency(raw.get("currency")),
        tables=MappingProxyType({k: _table(k, v) for k, v in raw.get("tables", {}).items()}),
        questions=MappingProxyType({k: _question(k, v) for k, v in raw.get("questions", {}).items()}),
        rounding=MappingProxyType(dict(raw["rounding"])) if "rounding" in raw else None,
    )


def revision_month(rev: FormRevision) -> date:
    """The release date, else the month printed in the revision ('1-2021'), to order revisions."""
    if rev.currency is not None and rev.currency.released is not None:
        return rev.currency.released
    month, _, year = rev.revision.partition("-")
    try:
        return date(int(year), int(month), 1)
    except ValueError:
        return date.min


@cache
def revisions() -> tuple[FormRevision, ...]:
    """Every known revision per form: supported first, newest first, in a stable order."""
    found = []
    for path in sorted(data_dir("forms").glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and "form_id" in raw and "sha256" in raw:
            found.append(_load(raw))
    return tuple(sorted(found, key=registry_order))


def registry_order(rev: FormRevision) -> tuple[str, bool, int, str]:
    """Per form: supported revisions first, then newest first (so ``supported`` finds the newest)."""
    return (rev.form_id, not rev.supported, -revision_month(rev).toordinal(), rev.revision)


def by_sha256(digest: str) -> FormRevision | None:
    for rev in revisions():
        if rev.sha256 == digest:
            return rev
    return None


class UnknownForm(FormkitError, LookupError):
    """A form name formkit does not know."""


def _normalise(name: str) -> str:
    n = name.lower().replace("form", "").replace(" ", "").replace("(", "").replace(")", "")
    n = n.replace("-", "").replace("_", "")
    return n if n.startswith("f") else "f" + n


def supported(form: str) -> FormRevision:
    """The supported revision of a form named like '433-A (OIC)', '433aoi', 'f656' or '2848'
    (the newest, when a derived draft of a new revision sits next to the reviewed one)."""
    wanted = _normalise(form)
    for rev in revisions():
        if rev.supported and (_normalise(rev.form_id) == wanted or _normalise(rev.form) == wanted):
            return rev
    names = ", ".join(sorted({r.form for r in revisions() if r.supported}))
    raise UnknownForm(f"unknown form {form!r} (supported: {names})")


def find_revision(form: str, revision: str | None = None) -> FormRevision:
    """Revision ``revision`` ('2-2020') of a form, or its supported revision when not given."""
    if revision is None:
        return supported(form)
    wanted = _normalise(form)
    same_form = [r for r in revisions() if wanted in (_normalise(r.form_id), _normalise(r.form))]
    for rev in same_form:
        if rev.revision == revision:
            return rev
    known = ", ".join(r.revision for r in same_form)
    raise UnknownForm(f"no revision {revision!r} of form {form!r} in the registry (known: {known or 'none'})")
