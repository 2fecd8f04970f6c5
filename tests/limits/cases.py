"""Example cases edited to sit exactly on a limit (or one cent, dollar or day past it)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from formkit.analysis import Analysis, analyze
from formkit.case.model import Case
from tests.analysis.conftest import build, example_data

Edit = Callable[[dict[str, Any]], None]
D = Decimal


def case_from(name: str, *edits: Edit) -> Case:
    """``examples/<name>.json`` with each edit applied to its JSON data, validated and loaded."""
    data = copy.deepcopy(example_data(name))
    for edit in edits:
        edit(data)
    return build(data)


def analysed(case: Case) -> Analysis:
    return analyze(case)


def codes(analysis: Analysis) -> set[str]:
    return {f.code for f in analysis.findings}


def one_liability(tax: str, penalties: dict[str, str] | None = None, interest: str = "0") -> Edit:
    """Replace the liabilities by one 1040 period owing exactly ``tax`` (+ penalties, interest)."""
    def edit(data: dict[str, Any]) -> None:
        first = data["liabilities"][0]
        first.update(assessed_balance=D(tax), penalties={k: D(v) for k, v in (penalties or {}).items()},
                     interest=D(interest))
        data["liabilities"] = [first]
    return edit
