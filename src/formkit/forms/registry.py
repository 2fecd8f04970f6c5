"""The registry of supported IRS form revisions, read from ``forms/<form_id>/<rev>.json``.

Data, not code: each revision pins the official PDF by sha256, names its IRS download
URLs, carries a fingerprint of its field set and the field map (semantic key -> PDF
field). Revisions with ``"supported": false`` are known only to be recognised and refused.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
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
                     comb=bool(raw.get("comb", False)), readonly=bool(raw.get("readonly", False)))


def _load(raw: Mapping[str, Any]) -> FormRevision:
    return FormRevision(
        form=raw["form"], form_id=raw["form_id"], revision=raw["revision"], title=raw["title"],
        supported=bool(raw.get("supported", True)), sha256=raw["sha256"], bytes=int(raw["bytes"]),
        pages=int(raw["pages"]), urls=tuple(raw.get("urls", ())), fingerprint=raw.get("fingerprint"),
        field_count=raw.get("field_count"),
        fields=MappingProxyType({k: _spec(k, v) for k, v in raw.get("fields", {}).items()}),
        unmapped=MappingProxyType(dict(raw.get("unmapped", {}))),
    )


@cache
def revisions() -> tuple[FormRevision, ...]:
    """Every known revision, supported first, in a stable order."""
    found = []
    for path in sorted(data_dir("forms").glob("*/*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and "form_id" in raw and "sha256" in raw:
            found.append(_load(raw))
    return tuple(sorted(found, key=lambda r: (r.form_id, not r.supported, r.revision)))


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
    """The supported revision of a form named like '433-A (OIC)', '433aoi', 'f656' or '2848'."""
    wanted = _normalise(form)
    for rev in revisions():
        if rev.supported and (_normalise(rev.form_id) == wanted or _normalise(rev.form) == wanted):
            return rev
    names = ", ".join(sorted({r.form for r in revisions() if r.supported}))
    raise UnknownForm(f"unknown form {form!r} (supported: {names})")
