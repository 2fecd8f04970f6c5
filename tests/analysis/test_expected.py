"""Each example's full analysis equals its reviewed expected output (examples/expected/).

The numbers in those files were checked by hand in test_examples.py. Regenerate after a
reviewed change with ``FORMKIT_UPDATE_EXPECTED=1 pytest tests/analysis/test_expected.py``.
"""

from __future__ import annotations

import json
import os

import pytest

from formkit.analysis import analyze
from formkit.case import load_case
from formkit.commands._common import to_json
from tests.analysis.conftest import EXAMPLES, TODAY

EXPECTED = EXAMPLES / "expected"
NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_example_analysis_matches_expected(name: str) -> None:
    actual = to_json(analyze(load_case(EXAMPLES / f"{name}.json", today=TODAY)).to_dict())
    path = EXPECTED / f"{name}.analysis.json"
    if os.environ.get("FORMKIT_UPDATE_EXPECTED") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual)
    assert path.is_file(), f"missing {path}: run with FORMKIT_UPDATE_EXPECTED=1 and review the diff"
    want, got = json.loads(path.read_text()), json.loads(actual)
    for data in (want, got):
        data.pop("formkit_version")
    assert got["amounts"] == want["amounts"]
    assert got == want
