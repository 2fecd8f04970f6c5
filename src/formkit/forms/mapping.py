"""The contract between per-form mappers and the fill engine.

A mapper turns a Case (and, for computed lines, an Analysis) into semantic values keyed
by the field map's semantic keys. It returns plain Python values; rendering them into
form text (whole dollars, MM/DD/YYYY, ...) is the job of ``formkit.forms.format`` and
follows each field's declared format.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Protocol

from formkit.case.model import Case

Value = str | Decimal | int | date | bool | None
"""A semantic value. None leaves the field empty; bool drives checkboxes."""

FieldValues = dict[str, Value]


class AnalysisLike(Protocol):
    """What a mapper may ask of an analysis: the amount on a computed line, by path."""

    def amount(self, path: str) -> Decimal | None:
        """E.g. ``amount("oic.box_a")``; None when the analysis has no such line."""
        ...


Mapper = Callable[[Case, AnalysisLike | None], FieldValues]
