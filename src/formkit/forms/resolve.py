"""Resolve a field map against a case: every field's value from the source its map declares.

The map is the single statement of what goes where (``forms/<form>/<rev>.json``):

* ``case:<path>``      an attribute path into the case (``taxpayer.ssn``, ``representatives[0].name``)
* ``analysis:<path>``  a computed line (``oic.box_a``)
* ``mapper:<name>``    a named function of the form's mapper module (``mapper:employer_name(spouse)``)
* ``table:<id>``       a cell of a repeating table (``tables`` section)
* ``question:<id>``    a box of a yes/no or choice question (``questions`` section)
* ``rows:<id>``        whether a table lists any item (for conditions and yes/no answers)
* ``rest:<id>.<col>``   the total of a column over the items a table continues on the sheet
                        (as a condition, ``rest:<id>[,<id>]``: whether any of them continues)
* ``continued:<key prefix>``  the date of the continuation sheet, when a field under the prefix
                       continues on it (Form 656 "Attachment to Form 656 dated ...")
* ``override``         only the preparer's ``form_overrides`` fill it
* ``blank``            never filled by formkit (IRS use, handwriting); the note says why

Tables put their first items on the printed rows and return the rest as an ``Overflow`` for a
continuation sheet; questions the case leaves open come back as ``OpenQuestion`` for the
completeness rule. Nothing is dropped silently: a value that cannot be resolved is an error.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case.model import Case
from formkit.errors import FormkitError
from formkit.forms.mapping import AnalysisLike, FieldValues, Item, MapContext, Mapper, Value
from formkit.forms.registry import FormRevision, QuestionSpec, TableSpec

_CALL = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_.]*)(?:\((?P<arg>[^()]*)\))?$")
_SEGMENT = re.compile(r"^(?P<attr>[A-Za-z_][A-Za-z0-9_]*)(?:\[(?P<index>\d+)\])?$")
#: What a box says when its entry, or the rest of its table, is on the continuation sheet:
#: the longest text the box's MaxLen allows.
CONTINUED_MARKERS = ("See continuation sheet: {count} more listed", "See continuation sheet",
                     "See cont. sheet", "See attached", "See att.")


def continued_marker(max_length: int | None, count: int | None = None) -> str:
    for text in CONTINUED_MARKERS:
        if "{count}" in text and count is None:
            continue
        shown = text.format(count=count)
        if max_length is None or len(shown) <= max_length:
            return shown
    return CONTINUED_MARKERS[-1][: max_length or 1]


class MapError(FormkitError, ValueError):
    """A field map or mapper module that does not fit together (a bug in formkit's data, not a
    case problem: reported, never silently filled around)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One listed item: where it is in the case, its number in the table, its cells."""

    pointer: str
    number: int
    cells: Mapping[str, Value]


@dataclass(frozen=True, slots=True)
class Overflow:
    """Items of a table that did not fit on the printed rows (they go on a continuation sheet)."""

    table: TableSpec
    rows: tuple[Row, ...]
    printed: int


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A question on the form that the case leaves unanswered, and the fact that would answer it."""

    question: str
    line: str | None
    text: str
    fact: str
    keys: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LongText:
    """Free text too long for its box: the box says "see continuation sheet", the sheet has it."""

    key: str
    line: str | None
    label: str
    text: str


@dataclass(frozen=True, slots=True)
class MappedForm:
    """A form's semantic values plus what did not fit and what was left open."""

    revision: FormRevision
    values: FieldValues
    overflows: tuple[Overflow, ...] = ()
    open_questions: tuple[OpenQuestion, ...] = ()
    long_texts: tuple[LongText, ...] = ()


def parse_source(source: str) -> tuple[str, str]:
    """``"case:taxpayer.ssn"`` -> ``("case", "taxpayer.ssn")``; ``"blank"`` -> ``("blank", "")``."""
    kind, _, rest = source.partition(":")
    return kind, rest


def walk(obj: Any, path: str) -> Any:
    """Follow a dotted attribute path (``assets.vehicles[0].value``); None where it ends early."""
    for segment in path.split("."):
        if obj is None:
            return None
        match = _SEGMENT.match(segment)
        if match is None:
            raise MapError(f"bad path segment {segment!r} in {path!r}")
        attr = match["attr"]
        if isinstance(obj, Mapping):
            obj = obj.get(attr)
        else:
            if not hasattr(obj, attr):
                raise MapError(f"{type(obj).__name__} has no attribute {attr!r} (path {path!r})")
            obj = getattr(obj, attr)
        if match["index"] is not None and obj is not None:
            index = int(match["index"])
            obj = obj[index] if index < len(obj) else None
    return obj


def resolve_pointer(case: Case, pointer: str) -> Any:
    """The case object a JSON pointer names (``/assets/bank_accounts/2``)."""
    obj: Any = case
    for token in pointer.lstrip("/").split("/") if pointer not in ("", "/") else []:
        token = token.replace("~1", "/").replace("~0", "~")
        obj = obj[int(token)] if token.isdigit() else walk(obj, token)
    return obj


def case_pointer(path: str) -> str:
    """``other_information.safe_deposit_box`` -> ``/other_information/safe_deposit_box``."""
    return "/" + re.sub(r"\[(\d+)\]", r"/\1", path).replace(".", "/")


def _mapper(revision: FormRevision) -> Mapper:
    module = importlib.import_module(f"formkit.forms.mappers.{revision.form_id}")
    mapper = getattr(module, "mapper", None)
    if not isinstance(mapper, Mapper):
        raise MapError(f"formkit.forms.mappers.{revision.form_id} has no `mapper` registry")
    return mapper


def _call(table: Mapping[str, Any], spec: str, what: str, form_id: str) -> tuple[Any, str | None]:
    match = _CALL.match(spec)
    if match is None or match["name"] not in table:
        raise MapError(f"{form_id}: no mapper {what} {spec!r}")
    return table[match["name"]], match["arg"]


def _plain(value: Any, where: str) -> Value:
    if value is None or isinstance(value, (str, Decimal, bool, int, date)):
        return value
    raise MapError(f"{where} gives a {type(value).__name__}, not a field value")


class _Resolver:
    def __init__(self, revision: FormRevision, ctx: MapContext) -> None:
        self.revision = revision
        self.ctx = ctx
        self.mapper = _mapper(revision)
        self._predicates: dict[str, bool] = {}
        self._items: dict[str, list[Item]] = {}
        self.rest: dict[str, tuple[Row, ...]] = {}

    # ------------------------------------------------------------------ sources

    def value(self, source: str, where: str) -> Value:
        kind, rest = parse_source(source)
        if kind == "case":
            return _plain(walk(self.ctx.case, rest), where)
        if kind == "analysis":
            return self.ctx.amount(rest)
        if kind == "mapper":
            fn, arg = _call(self.mapper.values, rest, "value", self.revision.form_id)
            return _plain(fn(self.ctx, arg), where)
        if kind == "rows":
            return bool(self.items(self._table(rest)))
        if kind == "rest":
            table, _, column = rest.partition(".")
            self._table(table)
            amounts = [a for row in self.rest.get(table, ()) if isinstance(a := row.cells.get(column), Decimal)]
            return sum(amounts, Decimal(0)) if amounts else None
        raise MapError(f"{where}: {source!r} is not a value source")

    def _table(self, table_id: str) -> TableSpec:
        if table_id not in self.revision.tables:
            raise MapError(f"{self.revision.form_id}: no table {table_id!r}")
        return self.revision.tables[table_id]

    def applies(self, when: str | None) -> bool:
        if when is None:
            return True
        if when not in self._predicates:
            negate = when.startswith("!")
            kind, rest = parse_source(when.lstrip("!"))
            if kind == "case":
                result = bool(walk(self.ctx.case, rest))
            elif kind == "rows":
                result = bool(self.items(self._table(rest)))
            elif kind == "rest":
                result = any(self.rest.get(self._table(t).id) for t in rest.split(","))
            elif kind == "mapper":
                fn, arg = _call(self.mapper.predicates, rest, "predicate", self.revision.form_id)
                result = bool(fn(self.ctx, arg))
            else:
                raise MapError(f"{self.revision.form_id}: bad condition {when!r}")
            self._predicates[when] = result != negate
        return self._predicates[when]

    def items(self, table: TableSpec) -> list[Item]:
        if table.id not in self._items:
            self._items[table.id] = self._find_items(table)
        return self._items[table.id]

    def _find_items(self, table: TableSpec) -> list[Item]:
        kind, rest = parse_source(table.items)
        if kind == "case":
            found = walk(self.ctx.case, rest) or ()
            return [Item(f"{case_pointer(rest)}/{i}", obj, i) for i, obj in enumerate(found)]
        if kind == "analysis":
            pointers = self.ctx.analysis.sources(rest) if self.ctx.analysis is not None else None
            return [Item(p, resolve_pointer(self.ctx.case, p), i) for i, p in enumerate(pointers or ())]
        if kind == "mapper":
            fn, arg = _call(self.mapper.items, rest, "item list", self.revision.form_id)
            return [Item(it.pointer, it.value, i) for i, it in enumerate(fn(self.ctx, arg))]
        raise MapError(f"table {table.id}: {table.items!r} is not an item source")

    # ------------------------------------------------------------------ tables

    def row(self, table: TableSpec, item: Item) -> Row:
        cells: dict[str, Value] = {}
        if table.row is not None:
            fn, _ = _call(self.mapper.rows, table.row, "row", self.revision.form_id)
            cells.update(fn(self.ctx, item))
        for column in table.columns.values():
            where = f"table {table.id}, column {column.name}"
            if column.item is not None:
                cells[column.name] = _plain(walk(item.value, column.item), where)
            elif column.analysis is not None:
                cells[column.name] = self.ctx.amount(column.analysis.format(i=item.index))
            elif table.row is None:
                raise MapError(f"{self.revision.form_id} {where}: no source (item, analysis or row)")
            else:
                cells.setdefault(column.name, None)  # the row function leaves it blank for this item
        unknown = set(cells) - set(table.columns)
        if unknown:
            raise MapError(f"{self.revision.form_id} table {table.id}: row gives undeclared "
                           f"columns {sorted(unknown)}")
        return Row(item.pointer, item.index + 1, cells)

    def table(self, table: TableSpec, values: FieldValues, open_questions: list[OpenQuestion]) -> Overflow | None:
        if not self.applies(table.when):
            return None
        rows = [self.row(table, item) for item in self.items(table)]
        room = len(table.rows)
        if len(rows) > room and table.see_attachment is not None:
            room -= 1  # the last printed row says where the rest is
        for prefix, row in zip(table.rows, rows[:room], strict=False):
            self._write_row(table, prefix, row, values, open_questions)
        rest = rows[room:]
        self.rest[table.id] = tuple(rest)
        if not rest:
            return None
        if table.see_attachment is not None and table.rows:
            last = table.rows[-1]
            key = f"{last}.{table.see_attachment}"
            values[key] = continued_marker(self.revision.fields[key].max_length, len(rest))
            if table.carry is not None:
                amounts = [a for row in rest if isinstance(a := row.cells.get(table.carry), Decimal)]
                values[f"{last}.{table.carry}"] = sum(amounts, Decimal(0))
        for row in rest:  # continued items must answer their questions too
            self._open_cells(table, row, None, open_questions)
        return Overflow(table, tuple(rest), room)

    def _write_row(self, table: TableSpec, prefix: str, row: Row, values: FieldValues,
                   open_questions: list[OpenQuestion]) -> None:
        for name, value in row.cells.items():
            column = table.columns[name]
            if column.sheet_only:
                continue
            if column.boxes is not None:
                chosen = None if value is None else "" if value is False and "no" not in column.boxes \
                    else _answer_key(value, column.boxes, f"{table.id}.{name}")  # "": no box applies
                for answer, suffix in column.boxes.items():
                    key = f"{prefix}.{suffix}"
                    if key in self.revision.fields:
                        values[key] = None if chosen is None else chosen == answer
                    elif chosen == answer:
                        raise MapError(f"{self.revision.form_id} table {table.id}: row {prefix} has no "
                                       f"box for {answer!r}")
                continue
            key = f"{prefix}.{name}"
            if key not in self.revision.fields:
                if value not in (None, "", False):
                    raise MapError(f"{self.revision.form_id} table {table.id}: row {prefix} has no "
                                   f"field for column {name!r} but the item has a value")
                continue
            values[key] = value
        self._open_cells(table, row, prefix, open_questions)

    def _open_cells(self, table: TableSpec, row: Row, prefix: str | None,
                    open_questions: list[OpenQuestion]) -> None:
        for column in table.columns.values():
            if column.boxes is None or not column.required or row.cells.get(column.name) is not None:
                continue
            where = f"row {prefix}" if prefix else f"item {row.number} (continuation sheet)"
            fact = f"{row.pointer}/{column.item.replace('.', '/')}" if column.item else row.pointer
            open_questions.append(OpenQuestion(
                question=f"{table.id}.{column.name}", line=table.line,
                text=f"{column.label} ({table.title}, {where})", fact=fact,
                keys=tuple(f"{prefix}.{s}" for s in column.boxes.values()) if prefix else ()))

    # ------------------------------------------------------------------ questions

    def question(self, question: QuestionSpec, values: FieldValues) -> OpenQuestion | None:
        if not self.applies(question.when):
            return None
        kind, rest = parse_source(question.answer)
        if kind == "mapper":
            fn, arg = _call(self.mapper.values, rest, "answer", self.revision.form_id)
            answer = fn(self.ctx, arg)
        else:
            answer = self.value(question.answer, f"question {question.id}")
        if answer is None:
            if not question.required or not self.applies(question.required_when):
                return None
            if kind == "case":
                fact = case_pointer(rest)
            elif question.fact is not None:
                fact = str(self.value(question.fact, f"question {question.id} fact"))
            else:
                fact = _fact_of(question)
            return OpenQuestion(question.id, question.line, question.text, fact,
                                tuple(question.boxes.values()))
        if answer is False and "no" not in question.boxes:
            for key in question.boxes.values():  # "check here if ...": no box applies
                values[key] = False
            return None
        chosen = _answer_key(answer, question.boxes, question.id)
        for choice, key in question.boxes.items():
            values[key] = choice == chosen
        return None


def _fact_of(question: QuestionSpec) -> str:
    return f"(see {question.answer})"


def _answer_key(answer: Value, boxes: Mapping[str, str], where: str) -> str:
    key = ("yes" if answer else "no") if isinstance(answer, bool) else str(answer)
    if key not in boxes:
        raise MapError(f"{where}: answer {key!r} has no box (boxes: {', '.join(boxes)})")
    return key


def map_form(revision: FormRevision, case: Case, analysis: AnalysisLike | None, *,
             as_of: date | None = None, **options: Any) -> MappedForm:
    """Every value the map declares for this case, the overflowing rows and the open questions.

    ``options`` reach the mapper functions (``signer="spouse"`` for a Form 2848,
    ``item_index`` for one Form 843 per penalty). The preparer's ``form_overrides`` are
    applied by the caller (``formkit.forms.fill.mapper_values``).
    """
    ctx = MapContext(case, analysis, as_of or case.prepared_on, dict(options))
    if not any(spec.source for spec in revision.fields.values()):
        return _legacy(revision, case, analysis, options)
    resolver = _Resolver(revision, ctx)
    values: FieldValues = {}
    open_questions: list[OpenQuestion] = []
    overflows = [o for t in revision.tables.values()
                 if (o := resolver.table(t, values, open_questions)) is not None]
    for key, spec in revision.fields.items():
        if spec.source is None:
            raise MapError(f"{revision.label}: field {key} declares no source")
        kind, _ = parse_source(spec.source)
        if kind in ("table", "question", "override", "blank", "continued"):
            continue
        if not resolver.applies(spec.when):
            continue
        values[key] = resolver.value(spec.source, f"{revision.form_id} {key}")
    for question in revision.questions.values():
        found = resolver.question(question, values)
        if found is not None:
            open_questions.append(found)
    return MappedForm(revision, {k: v for k, v in values.items() if v is not None},
                      tuple(overflows), tuple(open_questions))



def _legacy(revision: FormRevision, case: Case, analysis: AnalysisLike | None,
            options: Mapping[str, Any]) -> MappedForm:
    """A map not yet converted to declared sources: its mapper module's ``build`` makes the values."""
    module = importlib.import_module(f"formkit.forms.mappers.{revision.form_id}")
    return MappedForm(revision, module.build(case, analysis, **options))
