"""An explained amount: every computed number carries its inputs, formula and citation.

Lines are addressed by a stable path that mirrors the form (``oic.line_6b``, ``oic.box_f``,
``ia.streamlined.minimum_payment``); the worksheet, the JSON output, the field maps and
the checks all use the same names (docs/analysis-paths.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from formkit.analysis.money import fmt

Unit = Literal["USD", "months", "count"]


@dataclass(frozen=True, slots=True)
class Input:
    """One input of a formula: a name, its value, and the line path or table it came from."""

    name: str
    value: Decimal | str
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "value": self.value}
        if self.ref is not None:
            out["ref"] = self.ref
        return out

    def display(self) -> str:
        value = fmt(self.value) if isinstance(self.value, Decimal) else self.value
        return f"{self.name} = {value}"


@dataclass(frozen=True, slots=True)
class Explained:
    """A computed line: path, label, amount, formula, inputs, citation, note."""

    path: str
    label: str
    amount: Decimal
    formula: str
    inputs: tuple[Input, ...] = ()
    citation: str = ""
    note: str | None = None
    unit: Unit = "USD"
    sources: tuple[str, ...] = ()
    """JSON pointers into the case for the items this line is made of (for the mappers)."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "label": self.label, "amount": self.amount,
                               "unit": self.unit, "formula": self.formula,
                               "inputs": [i.to_dict() for i in self.inputs],
                               "citation": self.citation}
        if self.note:
            out["note"] = self.note
        if self.sources:
            out["sources"] = list(self.sources)
        return out


class Ledger:
    """Collects explained lines in computation order; a path is written once."""

    def __init__(self) -> None:
        self._lines: dict[str, Explained] = {}

    def add(self, path: str, label: str, amount: Decimal, formula: str, *,
            inputs: tuple[Input, ...] | list[Input] = (), citation: str = "",
            note: str | None = None, unit: Unit = "USD",
            sources: tuple[str, ...] | list[str] = ()) -> Decimal:
        if path in self._lines:
            raise ValueError(f"analysis line {path!r} computed twice")
        self._lines[path] = Explained(path, label, amount, formula, tuple(inputs), citation, note,
                                      unit, tuple(sources))
        return amount

    def __contains__(self, path: str) -> bool:
        return path in self._lines

    def amount(self, path: str) -> Decimal:
        return self._lines[path].amount

    def sources(self, path: str) -> tuple[str, ...]:
        """The case items (JSON pointers) an earlier line is made of."""
        return self._lines[path].sources

    def ref(self, path: str, name: str | None = None) -> Input:
        """An input that points at an earlier line."""
        return Input(name or path, self._lines[path].amount, path)

    def lines(self) -> tuple[Explained, ...]:
        return tuple(self._lines.values())
