"""Analysis tests never see the developer's own imported standards tables."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formkit.analysis import Analysis, analyze
from formkit.case import Case
from formkit.case.load import validate_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
TODAY = date(2026, 11, 25)


@pytest.fixture(autouse=True)
def isolated_user_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "formkit-data"
    monkeypatch.setenv("FORMKIT_DATA_DIR", str(target))
    return target


def example_data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EXAMPLES / f"{name}.json").read_text(), parse_float=Decimal)
    return data


def build(data: dict[str, Any]) -> Case:
    result = validate_data(copy.deepcopy(data), "<test>", TODAY)
    assert result.case is not None, [str(p) for p in result.problems]
    return result.case


def run(name: str, **changes: Any) -> Analysis:
    """Analyse an example, optionally with top-level keys of the case data replaced."""
    data = example_data(name)
    data.update(changes)
    return analyze(build(data))


def amount(analysis: Analysis, path: str) -> Decimal:
    value = analysis.amount(path)
    assert value is not None, f"no line {path}"
    return value
