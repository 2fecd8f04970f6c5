"""A value the official form cannot hold is an error naming the semantic key and line,
never a silent cut; the CLI prints all of them and writes nothing."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from formkit import FormFillError, fill, load_case
from tests.conftest import EXAMPLES, ROOT

LONG_FIRST_NAME = "Dorothy-Elisabeth Margarethe Alexandrina"  # + " E. Marsh" = 49 characters


def test_value_over_max_length_is_reported_by_key(forms_dir: Path) -> None:
    case = load_case(EXAMPLES / "cnc-hardship.json")
    case = dataclasses.replace(case, taxpayer=dataclasses.replace(case.taxpayer, first_name=LONG_FIRST_NAME))
    with pytest.raises(FormFillError) as info:
        fill("433-A", case, forms_dir=forms_dir)
    problems = {p.key: p.message for p in info.value.problems}
    # Form 433-A line 1a holds at most 45 characters (its /MaxLen)
    assert problems == {"taxpayer.full_name": "line 1a: 49 characters but the field allows at most 45"}


def test_text_that_cannot_fit_its_box_is_reported_by_key(forms_dir: Path) -> None:
    case = load_case(EXAMPLES / "ia-streamlined.json")
    huge = " ".join([LONG_FIRST_NAME] * 4)
    case = dataclasses.replace(case, taxpayer=dataclasses.replace(case.taxpayer, first_name=huge))
    with pytest.raises(FormFillError) as info:
        fill("9465", case, forms_dir=forms_dir)
    (problem,) = info.value.problems
    assert problem.key == "taxpayer.first_name"
    assert problem.message.startswith("line 1a: ")
    assert "6" in problem.message  # names the legible minimum it could not fit at


def test_cli_lists_the_problem_and_writes_nothing(forms_dir: Path, tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "cnc-hardship.json").read_text())
    data["taxpayer"]["first_name"] = LONG_FIRST_NAME
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    out = tmp_path / "433a.pdf"
    r = subprocess.run([sys.executable, "-m", "formkit", "fill", "433-A", str(case), "-o", str(out),
                        "--forms-dir", str(forms_dir)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "cannot fill Form 433-A (Rev. 7-2022):",
        "  taxpayer.full_name: line 1a: 49 characters but the field allows at most 45",
    ]
    assert not out.exists()
