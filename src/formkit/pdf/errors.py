"""Exceptions of the PDF layer: one for bad fill values, one for unusable templates.

``FillError`` carries every per-field problem at once, so a caller fixing a case file
sees the whole list in one run instead of one error per attempt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from formkit.errors import FormkitError


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """Why one value could not be put into one field."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class FillError(FormkitError, ValueError):
    """Some values could not be filled; ``problems`` lists all of them."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems: list[FieldProblem] = list(problems)
        first = str(self.problems[0]) if self.problems else "fill failed"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        super().__init__(first + more)


class TemplateError(FormkitError, ValueError):
    """The PDF cannot serve as a fill template (not a form, encrypted, unreadable)."""
