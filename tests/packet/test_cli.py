"""`formkit packet` from the outside: exit codes 0 / 1 / 2, one-line messages, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLES, ROOT, official_forms_dir
from tests.packet.helpers import example_data, write_case


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", "packet", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300, env={**os.environ, **(env or {})})


def test_built_exit_0(tmp_path: Path) -> None:
    forms = official_forms_dir()
    r = run(str(EXAMPLES / "fta-penalty-abatement.json"), "-o", str(tmp_path / "out"), "--forms-dir", str(forms))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "packet.pdf" in r.stdout and "4 documents, 8 pages" in r.stdout
    assert "mail to: Department of the Treasury / Internal Revenue Service / Kansas City, MO 64999-0010" in r.stdout
    assert "warning: mailing address" not in r.stdout
    assert "177-52-6034" not in r.stdout + r.stderr and "***-**-6034" in r.stdout
    assert (tmp_path / "out" / "packet.pdf").is_file()


def test_without_the_notice_the_address_is_left_for_the_preparer(tmp_path: Path) -> None:
    forms = official_forms_dir()
    data = example_data("fta-penalty-abatement")
    for liability in data["liabilities"]:
        liability.pop("notice", None)
    case = write_case(tmp_path / "case", "fta", data, with_docs=False)
    r = run(str(case), "-o", str(tmp_path / "out"), "--forms-dir", str(forms))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "warning: mailing address" in r.stdout


def test_check_errors_exit_1_unless_forced(tmp_path: Path) -> None:
    forms = official_forms_dir()
    data = example_data("ia-streamlined")
    data["compliance"]["unfiled_returns"] = [{"form": "1040", "period": "2025"}]
    case = write_case(tmp_path / "case", "ia", data, with_docs=False)
    out = tmp_path / "out"
    r = run(str(case), "-o", str(out), "--forms-dir", str(forms))
    assert r.returncode == 1, r.stdout + r.stderr
    assert "error   IA-001   /compliance/unfiled_returns/0: " in r.stderr and "--force" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()
    r = run(str(case), "-o", str(out), "--forms-dir", str(forms), "--force")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "FORCED" in r.stdout
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "forced" and manifest["checks"]["errors"] >= 1
    assert any(f["code"] == "IA-001" for f in manifest["checks"]["findings"])


def test_unusable_input_exit_2(tmp_path: Path) -> None:
    r = run(str(tmp_path / "missing.json"), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and r.stderr.startswith("formkit: error: packet not built:")
    assert "Traceback" not in r.stderr

    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1"}')
    r = run(str(bad), "-o", str(tmp_path / "out"))
    assert r.returncode == 2 and "is not a usable case" in r.stderr and "Traceback" not in r.stderr

    data = example_data("cnc-hardship")
    data["attachments"][0]["path"] = "docs/gone.pdf"
    case = write_case(tmp_path / "case", "cnc", data)
    r = run(str(case), "-o", str(tmp_path / "out"), "--forms-dir", str(official_forms_dir()), "--force")
    assert r.returncode == 2
    assert "attachment /attachments/0/path (docs/gone.pdf): file not found" in r.stderr
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    r = run(str(EXAMPLES / "ia-streamlined.json"))
    assert r.returncode == 2 and "-o/--output" in r.stderr
    r = run(str(EXAMPLES / "ia-streamlined.json"), "-o", str(tmp_path / "o"), "--as-of", "someday")
    assert r.returncode == 2 and "not a date" in r.stderr
    r = run(str(EXAMPLES / "ia-streamlined.json"), "-o", str(tmp_path / "o"), "--templates", str(tmp_path / "nope"))
    assert r.returncode == 2 and "not a folder" in r.stderr
