"""`formkit validate` from the outside: exit codes, one-line messages, JSON described by its schema."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from formkit.case.schema import validator
from tests.conftest import EXAMPLE_FILES, ROOT


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=60)


def test_examples_valid_exit_0() -> None:
    r = run("validate", *map(str, EXAMPLE_FILES))
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.count(": valid") == len(EXAMPLE_FILES)


def test_invalid_exit_1_with_paths_and_masked_ssn(tmp_path: Path) -> None:
    data = json.loads((ROOT / "examples" / "oic-lump-sum-single.json").read_text())
    data["taxpayer"]["ssn"] = "512-48-332"
    data["filing_status"] = "married_filing_jointly"
    f = tmp_path / "bad.json"
    f.write_text(json.dumps(data))
    r = run("validate", str(f))
    assert r.returncode == 1
    assert "/taxpayer/ssn: '***-*8-332' is not a valid SSN (expected NNN-NN-NNNN)" in r.stdout
    assert "/spouse: spouse is required" in r.stdout
    assert "512-48-332" not in r.stdout + r.stderr
    assert "Traceback" not in r.stderr


def test_json_output_matches_its_schema(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1"}')
    empty = tmp_path / "empty.json"
    empty.write_text("")
    r = run("validate", "--format", "json", str(EXAMPLE_FILES[0]), str(bad), str(empty))
    assert r.returncode == 2  # the unusable file wins
    out = json.loads(r.stdout)
    assert list(validator("validation-result").iter_errors(out)) == []
    assert [e["status"] for e in out["results"]] == ["valid", "invalid", "unusable"]
    assert out["results"][2]["errors"] == 1
    assert out["results"][2]["findings"][0]["message"] == "file is empty (expected a JSON case object)"
    assert out["results"][2]["findings"][0]["location"] == {"kind": "case", "path": ""}


def test_unreadable_inputs_exit_2_one_line(tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "missing.json"):
        r = run("validate", str(target))
        assert r.returncode == 2
        assert len(r.stderr.strip().splitlines()) == 1
        assert "Traceback" not in r.stderr


def test_usage_error_exit_2() -> None:
    r = run("validate")
    assert r.returncode == 2
    assert "formkit: error: the following arguments are required: CASE" in r.stderr
    r = run("frobnicate")
    assert r.returncode == 2


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.startswith("formkit ")
