"""Usage mistakes are exit 2 with one line that names the option and the fix, never an internal error."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT, official_forms_dir


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env_forms = str(official_forms_dir())
    return subprocess.run([sys.executable, "-m", "formkit", *args, *(["--forms-dir", env_forms]
                           if args[0] == "fill" else [])],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


FTA = str(EXAMPLES / "fta-penalty-abatement.json")
SINGLE = str(EXAMPLES / "oic-lump-sum-single.json")


@pytest.mark.parametrize(("args", "line"), [
    (["fill", "843", FTA, "--item", "99"],
     f"formkit: error: --item 99: {FTA} has 2 penalty-abatement item(s), numbered from 1; use --item 1 to 2"),
    (["fill", "843", FTA, "--item", "0"],
     f"formkit: error: --item 0: {FTA} has 2 penalty-abatement item(s), numbered from 1; use --item 1 to 2"),
    (["fill", "2848", SINGLE, "--signer", "spouse"],
     f"formkit: error: --signer spouse: {SINGLE} has no spouse; add the spouse to the case or leave --signer out "
     "to fill the taxpayer's Form 2848"),
    (["fill", "843", SINGLE],
     f"formkit: error: {SINGLE} has no penalty-abatement items (a penalty_abatement request with items); "
     "Form 843 is filled once per item"),
    (["fill", "656", SINGLE, "--item", "1"], "formkit: error: --item is for Form 843 only; leave it out for Form 656"),
    (["fill", "656", SINGLE, "--signer", "taxpayer"],
     "formkit: error: --signer is for Form 2848 only; leave it out for Form 656"),
])
def test_fill_option_mistakes(tmp_path: Path, args: list[str], line: str) -> None:
    out = tmp_path / "out.pdf"
    r = run(*args, "-o", str(out))
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip().splitlines()[-1] == line
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_check_of_a_missing_path_says_so_before_anything_about_options(tmp_path: Path) -> None:
    r = run("check", str(tmp_path / "MISSING"), "--case", SINGLE)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"formkit: error: {tmp_path / 'MISSING'}: no such file or folder; give a case file, "
                                "a filled PDF or a packet folder")


def test_check_case_with_case_option(tmp_path: Path) -> None:
    r = run("check", SINGLE, "--case", SINGLE)
    assert r.returncode == 2
    assert r.stderr.strip() == (f"formkit: error: --case is for a PDF or packet input; {SINGLE} is a case file, "
                                "so leave --case out")
