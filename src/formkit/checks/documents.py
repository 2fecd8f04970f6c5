"""Form documents: the semantic values of one filled copy of one form.

A document comes either from a mapper (case data -> semantic values) or from reading a
filled PDF back through its field map (PDF field name -> semantic key). Rules read both
the same way, by semantic key, and name the form line in their findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from formkit.findings import Location
from formkit.forms.registry import FieldSpec, FormRevision, UnknownForm, supported
from formkit.forms.resolve import OpenQuestion

Value = str | Decimal | int | date | bool | None

def current_revision(form_id: str) -> FormRevision | None:
    """The supported revision formkit fills for a form id (``f656``), if any."""
    try:
        return supported(form_id)
    except UnknownForm:
        return None


def labels(forms: list[str]) -> list[str]:
    """How findings name each copy: 'Form 2848', or 'Form 843 #1', 'Form 843 #2'."""
    totals = Counter(forms)
    seen: Counter[str] = Counter()
    out = []
    for form in forms:
        seen[form] += 1
        out.append(f"Form {form}" + (f" #{seen[form]}" if totals[form] > 1 else ""))
    return out


_MONEY = re.compile(r"^\(?-?\$?\s*-?[0-9][0-9,]*(\.[0-9]+)?\)?$")
_DIGITS = re.compile(r"[^0-9]")


def parse_money(text: str) -> Decimal | None:
    """``12,345`` / ``$12,345.67`` / ``(1,234)`` / ``-1,234`` -> Decimal; else None."""
    t = text.strip()
    if not t or not _MONEY.match(t):
        return None
    negative = t.startswith("(") or "-" in t
    try:
        amount = Decimal(t.strip("()").replace("$", "").replace(",", "").replace("-", "").strip())
    except InvalidOperation:
        return None
    return -amount if negative else amount


def parse_date(text: str) -> date | None:
    t = text.strip()
    for fmt in ("%m/%d/%Y", "%Y-%m-%d", "%m-%d-%Y", "%m/%d/%y"):
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            continue
    return None


def convert(raw: str, info: FieldSpec) -> Value:
    """A PDF field's text as a semantic value, following the field's declared format.

    Text that does not parse under its format is kept as text, so a rule can report it.
    """
    text = raw.strip()
    if info.kind in ("checkbox", "radio") or info.format == "checkbox":
        if info.on:
            return text == info.on
        return text not in ("", "Off", "0", "No")
    if not text:
        return None
    if info.format in ("money", "money_cents"):
        amount = parse_money(text)
        return amount if amount is not None else text
    if info.format == "date":
        return parse_date(text) or text
    if info.format in ("integer", "year"):
        return int(text) if text.isdigit() else text
    return text


def digits(value: Value) -> str:
    return _DIGITS.sub("", str(value)) if value is not None else ""


_ROW = re.compile(r"\[([0-9]+)\]")


@dataclass(frozen=True, slots=True)
class Document:
    """One filled copy of one form, as semantic key -> value."""

    form: str
    form_id: str
    revision: str | None
    label: str
    source: str
    origin: Literal["case", "pdf"]
    values: Mapping[str, Value]
    fields: Mapping[str, FieldSpec] = field(default_factory=dict)
    supported: bool = True
    open_questions: tuple[OpenQuestion, ...] = ()
    """Questions of the form left without an answer (see ``formkit.forms.resolve``)."""

    def get(self, key: str) -> Value:
        return self.values.get(key)

    def has(self, key: str) -> bool:
        """The key is part of this form (mapped), whether or not it has a value."""
        return key in self.fields or key in self.values

    def text(self, key: str) -> str:
        v = self.values.get(key)
        if v is None or isinstance(v, bool):
            return ""
        if isinstance(v, date):
            return v.isoformat()
        return str(v).strip()

    def money(self, key: str) -> Decimal | None:
        v = self.values.get(key)
        if isinstance(v, bool) or v is None:
            return None
        if isinstance(v, (Decimal, int)):
            return Decimal(v)
        return parse_money(str(v))

    def date(self, key: str) -> date | None:
        v = self.values.get(key)
        if isinstance(v, date):
            return v
        return parse_date(v) if isinstance(v, str) else None

    def checked(self, key: str) -> bool:
        v = self.values.get(key)
        if isinstance(v, bool):
            return v
        return isinstance(v, str) and v.strip() not in ("", "Off", "0", "No")

    def line(self, key: str) -> str | None:
        info = self.fields.get(key)
        return info.line if info is not None else None

    def place(self, key: str) -> str:
        """Where a key is printed: 'line 3', 'Section 4', 'Part II' ('' when the map says not)."""
        line = self.line(key)
        if not line:
            return ""
        return f"line {line}" if line[0].isdigit() else line

    def where(self, key: str) -> Location:
        """The form line and semantic key; reads ``Form 2848 line 3 (line_3.row[1].periods)``."""
        return Location.on_form(self.label, key, self.place(key))

    @property
    def whole(self) -> Location:
        """The form copy as a whole (no one line)."""
        return Location.on_form(self.label)

    def keys(self, prefix: str = "") -> Iterator[str]:
        seen = dict.fromkeys([*self.fields, *self.values])
        return (k for k in seen if k.startswith(prefix))

    def rows(self, prefix: str) -> list[int]:
        """Row numbers n for which some key starts with ``prefix[n]`` (sorted)."""
        found: set[int] = set()
        for k in self.keys(prefix + "["):
            m = _ROW.match(k, len(prefix))
            if m:
                found.add(int(m.group(1)))
        return sorted(found)

    @property
    def filled_count(self) -> int:
        """How many fields hold a value (a checked box or non-empty text)."""
        return sum(1 for v in self.values.values() if v is not None and v is not False and v != "")

    def filled(self, prefix: str) -> bool:
        """Any key under ``prefix`` holds a value (a checked box or non-empty text)."""
        for k in self.keys(prefix):
            v = self.values.get(k)
            if v is True or (v not in (None, False) and str(v).strip()):
                return True
        return False


def unanswered(revision: FormRevision, values: Mapping[str, Value]) -> tuple[OpenQuestion, ...]:
    """Questions of a filled PDF with no box checked. Only questions that always apply and always
    check a box are judged: whether a conditional one applies depends on facts the PDF alone does
    not give, and a "check here if" box left blank is an answer."""
    found = []
    for q in revision.questions.values():
        if q.when is not None or q.required_when is not None or not q.required or len(q.boxes) < 2:
            continue
        if not any(values.get(key) is True for key in q.boxes.values()):
            found.append(OpenQuestion(q.id, q.line, q.text, "(the filled form)", tuple(q.boxes.values())))
    return tuple(found)
