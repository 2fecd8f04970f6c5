"""Shared helpers for the form tests: the field maps as stored, the official PDFs (found by
sha256), an independent widget dump, the example cases and a
check of the values a mapper returns.

The widget dump reads the PDF with pypdf, not with ``formkit.pdf``: the tests check formkit's
field maps against a reader that formkit does not control.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from formkit.analysis import analyze
from formkit.case import load_case
from formkit.case.model import Case
from formkit.forms.fill import mapped_form, render_values
from formkit.forms.registry import FormRevision, revisions
from formkit.forms.resolve import MappedForm
from tests.conftest import EXAMPLES, ROOT, official_forms_dir

FORMATS = frozenset({"text", "money", "money_cents", "date", "mmddyyyy", "ssn", "ein", "phone", "digits",
                     "integer", "year", "percent", "checkbox"})
TODAY = date(2026, 11, 20)

# the Python type a mapper returns for each field format
_TYPES: dict[str, type | tuple[type, ...]] = {
    "checkbox": bool, "money": Decimal, "money_cents": Decimal, "percent": Decimal,
    "integer": int, "year": int, "date": date, "mmddyyyy": date,
    "text": str, "ssn": str, "ein": str, "phone": str, "digits": str,
}


# --------------------------------------------------------------------------- the field map

def revision(form_id: str, number: str) -> FormRevision:
    """The registry's revision ``number`` of form ``form_id`` (e.g. "f433a", "7-2022")."""
    found = [r for r in revisions() if (r.form_id, r.revision) == (form_id, number)]
    assert len(found) == 1, f"the registry has {len(found)} revisions {form_id} {number}"
    return found[0]


def field_map(revision: FormRevision) -> dict[str, Any]:
    """The revision's field map as stored in ``forms/<form_id>/<revision>.json``."""
    path = ROOT / "forms" / revision.form_id / f"{revision.revision}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- the official PDFs

@cache
def _pdfs_by_sha256(folder: Path) -> dict[str, Path]:
    return {hashlib.sha256(p.read_bytes()).hexdigest(): p for p in sorted(folder.glob("*.pdf"))}


def official_pdf(revision: FormRevision) -> Path:
    """The official PDF the revision pins, found in FORMKIT_FORMS_DIR by its sha256 (whatever
    its file name); skips without FORMKIT_FORMS_DIR (fails under CI), fails if it is missing."""
    folder = official_forms_dir()
    path = _pdfs_by_sha256(folder).get(revision.sha256)
    if path is None:
        pytest.fail(f"{revision.label}: no PDF in {folder} has the pinned sha256 {revision.sha256}")
    return path


def manifest_entry(revision: FormRevision) -> dict[str, Any]:
    """The entry of FORMKIT_FORMS_DIR/MANIFEST.json for the revision's file (by sha256)."""
    path = official_forms_dir() / "MANIFEST.json"
    if not path.is_file():
        pytest.fail(f"{path} does not exist")
    entries = [e for e in json.loads(path.read_text(encoding="utf-8")) if e["sha256"] == revision.sha256]
    assert len(entries) == 1, f"{revision.label}: {len(entries)} MANIFEST entries with its sha256"
    entry: dict[str, Any] = entries[0]
    return entry


def _inherited(node: Any, key: str) -> Any:
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _full_name(node: Any) -> str:
    parts: list[str] = []
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


_KINDS = {"/Tx": "text", "/Ch": "choice", "/Sig": "signature"}


@cache
def pdf_widgets(path: Path) -> dict[str, dict[str, Any]]:
    """Every widget of the PDF: full name -> kind, on-states, page, max length, the comb,
    multiline and read-only flags and a text field's default value (/DV). Read once per file:
    callers must not change the result."""
    widgets: dict[str, dict[str, Any]] = {}
    for page_no, page in enumerate(PdfReader(path).pages, start=1):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            ft = str(_inherited(annot, "/FT"))
            flags = int(_inherited(annot, "/Ff") or 0)
            if ft == "/Btn":
                kind = ("pushbutton" if flags & (1 << 16)
                        else "radio" if flags & (1 << 15) else "checkbox")
            else:
                kind = _KINDS.get(ft, ft)
            on: list[str] = []
            ap = annot.get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            if kind in ("checkbox", "radio") and normal is not None:
                normal = normal.get_object()
                if isinstance(normal, DictionaryObject):
                    on = sorted(str(k)[1:] for k in normal if k != "/Off")
            max_len = _inherited(annot, "/MaxLen")
            default = _inherited(annot, "/DV") if kind == "text" else None
            name = _full_name(annot)
            assert name not in widgets, f"duplicate widget name {name}"
            widgets[name] = {"kind": kind, "on": on, "page": page_no,
                             "max_length": int(max_len) if max_len is not None else None,
                             "comb": bool(flags & (1 << 24)) and kind == "text",
                             "multiline": bool(flags & (1 << 12)) and kind == "text",
                             "readonly": bool(flags & 1),
                             "default": str(default) if default not in (None, "") else None}
    return widgets


# --------------------------------------------------------------------------- the mappers

def example(name: str, *, today: date = TODAY) -> Case:
    """The example case ``examples/<name>.json``."""
    return load_case(EXAMPLES / f"{name}.json", today=today)


def check_values(revision: FormRevision, values: Mapping[str, Any], *, allow_none: bool = True) -> None:
    """Every key is in the field map, every value has the type its format takes (None leaves a
    field blank, where the mapper may use it), no text is longer than its field, and every value
    renders in its field."""
    fields = field_map(revision)["fields"]
    unknown = set(values) - set(fields)
    assert not unknown, f"mapper returns keys missing from the field map: {sorted(unknown)}"
    for key, value in values.items():
        if value is None:
            assert allow_none, f"{key} is None: this mapper leaves a blank field out"
            continue
        spec = fields[key]
        assert isinstance(value, _TYPES[spec["format"]]), key
        assert not (isinstance(value, bool) and spec["format"] != "checkbox"), key
        if isinstance(value, str) and "max_length" in spec:
            assert len(value) <= spec["max_length"], (key, value)
    rendered = render_values(revision, values)  # raises on any value the format refuses
    for key, spec in fields.items():
        text = rendered.get(spec["pdf"])
        if isinstance(text, str) and "max_length" in spec:
            assert len(text) <= spec["max_length"], (key, text)


def mapped(revision: FormRevision, case: Case, **options: Any) -> MappedForm:
    """What ``formkit fill`` prints for the case: the map resolved against the real analysis."""
    return mapped_form(revision, case, analyze(case), **options)
