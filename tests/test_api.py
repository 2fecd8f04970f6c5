"""The Python API takes a case as a path, JSON-shaped data or a loaded Case, with the same
results; fill and build_packet give bytes without writing anything."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import formkit
from tests.conftest import EXAMPLES, ROOT, load_example, official_forms_dir

LUMP_SUM = EXAMPLES / "oic-lump-sum-single.json"


def _three(name: str) -> list[Any]:
    path = EXAMPLES / name
    return [path, load_example(name), formkit.load_case(path)]


@pytest.mark.official_pdf
def test_fill_gives_the_same_bytes_for_a_path_data_and_a_case_and_as_the_command(tmp_path: Path) -> None:
    forms = official_forms_dir()
    pdfs = [formkit.fill("433-A (OIC)", case, forms_dir=forms) for case in _three(LUMP_SUM.name)]
    assert pdfs[0] == pdfs[1] == pdfs[2]
    out = tmp_path / "cli.pdf"
    subprocess.run([sys.executable, "-m", "formkit", "fill", "433-A (OIC)", str(LUMP_SUM), "-o", str(out),
                    "--forms-dir", str(forms)], check=True, capture_output=True, cwd=ROOT)
    assert out.read_bytes() == pdfs[0]
    assert list(tmp_path.iterdir()) == [out]  # the API wrote nothing


def test_analyze_and_check_agree_across_inputs() -> None:
    analyses = [formkit.analyze(case).to_dict() for case in _three("ia-streamlined.json")]
    assert analyses[0] == analyses[1] == analyses[2]
    reports = [formkit.check_case(case, with_forms=False) for case in _three("cnc-hardship.json")]
    findings = [sorted((f.rule_id, f.message) for f in r.findings) for r in reports]
    assert findings[0] == findings[1] == findings[2]


def test_invalid_data_raises_case_error_naming_the_field() -> None:
    data = load_example(LUMP_SUM.name)
    data["taxpayer"]["ssn"] = "12-345"
    with pytest.raises(formkit.CaseError) as info:
        formkit.analyze(data)
    assert any(p.path == "/taxpayer/ssn" for p in info.value.problems)


@pytest.mark.official_pdf
def test_a_packet_in_memory_writes_nothing_and_has_the_same_pdf(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    forms = official_forms_dir()
    monkeypatch.chdir(tmp_path)
    on_disk = formkit.build_packet(LUMP_SUM, tmp_path / "packet", forms_dir=forms)
    written = {p.relative_to(tmp_path / "packet").as_posix(): p.read_bytes()
               for p in (tmp_path / "packet").rglob("*") if p.is_file()}
    assert dict(on_disk.contents) == written
    before = sorted(os.listdir(tmp_path))
    from_data = formkit.build_packet(load_example(LUMP_SUM.name), forms_dir=forms, base_dir=EXAMPLES)
    assert from_data.outdir is None and sorted(os.listdir(tmp_path)) == before
    assert from_data.pdf == on_disk.pdf
    manifest = json.loads(from_data.contents["manifest.json"])
    assert manifest["case"]["file"] == "<case data>" and manifest["packet"]["sha256"] == on_disk.manifest[
        "packet"]["sha256"]
