"""The contract between the field maps, the per-form mapper modules and the fill engine.

A field map (``forms/<form>/<rev>.json``) says where each field's value comes from: a case
path, an analysis path, a table row, a question, or a named function of the form's mapper
module. The mapper module holds only those named functions, the real decisions that data
cannot express (which box a filing status ticks, how an address is written on this line).
Rendering values into form text (whole dollars, MM/DD/YYYY, ...) is the job of
``formkit.forms.format`` and follows each field's declared format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from formkit.case.model import Case

Value = str | Decimal | int | date | bool | None
"""A semantic value. None leaves the field empty; bool drives checkboxes."""

FieldValues = dict[str, Value]


class AnalysisLike(Protocol):
    """What the forms layer asks of an analysis: a computed line's amount, and the case items
    (JSON pointers) the line is made of."""

    def amount(self, path: str) -> Decimal | None:
        """E.g. ``amount("oic.box_a")``; None when the analysis has no such line."""
        ...

    def sources(self, path: str) -> tuple[str, ...] | None:
        """JSON pointers into the case of the items a line adds up; None without such a line."""
        ...


@dataclass(frozen=True, slots=True)
class Item:
    """One case item a table lists: where it is in the case, the item itself, its position."""

    pointer: str
    value: Any
    index: int = 0


@dataclass(frozen=True, slots=True)
class MapContext:
    """Everything a mapper function may read: the case, its analysis, the date and options."""

    case: Case
    analysis: AnalysisLike | None
    as_of: date
    options: Mapping[str, Any] = field(default_factory=dict)

    def amount(self, path: str) -> Decimal | None:
        return self.analysis.amount(path) if self.analysis is not None else None


ValueFn = Callable[[MapContext, str | None], Value]
ItemsFn = Callable[[MapContext, str | None], list[Item]]
RowFn = Callable[[MapContext, Item], dict[str, Value]]
PredicateFn = Callable[[MapContext, str | None], bool]


class Mapper:
    """The named functions of one form's mapper module, registered by decorator.

    A field map names them as ``mapper:<name>`` or ``mapper:<name>(<arg>)``; the argument, a
    plain string, lets one function serve the taxpayer's and the spouse's lines.
    """

    def __init__(self, form_id: str) -> None:
        self.form_id = form_id
        self.values: dict[str, ValueFn] = {}
        self.items: dict[str, ItemsFn] = {}
        self.rows: dict[str, RowFn] = {}
        self.predicates: dict[str, PredicateFn] = {}

    @staticmethod
    def _register(table: dict[str, Any], name: str) -> Callable[[Any], Any]:
        def add(fn: Any) -> Any:
            if name in table:
                raise ValueError(f"mapper function {name!r} registered twice")
            table[name] = fn
            return fn
        return add

    def value(self, name: str) -> Callable[[ValueFn], ValueFn]:
        """A field value (or a question's answer): ``fn(ctx, arg) -> Value``."""
        return self._register(self.values, name)

    def item_list(self, name: str) -> Callable[[ItemsFn], ItemsFn]:
        """The items a table lists: ``fn(ctx, arg) -> list[Item]``."""
        return self._register(self.items, name)

    def row(self, name: str) -> Callable[[RowFn], RowFn]:
        """The cells of one table row that no column declares: ``fn(ctx, item) -> {column: value}``."""
        return self._register(self.rows, name)

    def predicate(self, name: str) -> Callable[[PredicateFn], PredicateFn]:
        """A condition for ``when``: ``fn(ctx, arg) -> bool``."""
        return self._register(self.predicates, name)
