"""Shared helpers of the packet tests: cases derived from the examples."""

from __future__ import annotations

import copy
import json
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit.case import Case, validate_data
from tests.conftest import EXAMPLES, load_example

EXAMPLE_NAMES = ["oic-lump-sum-single", "oic-periodic-joint-self-employed", "ia-streamlined", "cnc-hardship",
                 "fta-penalty-abatement"]


def case_from(data: dict[str, Any]) -> Case:
    result = validate_data(json.loads(json.dumps(data, default=str), parse_float=Decimal))
    assert result.case is not None, [str(p) for p in result.problems]
    return result.case


def example_data(name: str) -> dict[str, Any]:
    return copy.deepcopy(load_example(f"{name}.json"))


def write_case(folder: Path, name: str, data: dict[str, Any], *, with_docs: bool = True) -> Path:
    """Write ``data`` as ``folder/name.json``; copy the example documents beside it."""
    folder.mkdir(parents=True, exist_ok=True)
    if with_docs and not (folder / "docs").exists():
        shutil.copytree(EXAMPLES / "docs", folder / "docs")
    path = folder / f"{name}.json"
    path.write_text(json.dumps(data, default=str, indent=2), encoding="utf-8")
    return path
