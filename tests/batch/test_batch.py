"""`formkit batch`: many cases, one broken, the same bytes as the single commands, incremental."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from tools.generate_cases import generate

from formkit import cli
from tests.conftest import ROOT, official_forms_dir

SCHEMA = Draft202012Validator(json.loads((ROOT / "schemas" / "batch-result.schema.json").read_text()))


def batch(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, Any]], str]:
    code = cli.main(["batch", *args, "--format", "json"])
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    for record in records:
        SCHEMA.validate(record)
    return code, records, err


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".formkit-batch.json"}


def test_two_hundred_cases_one_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = generate(200, tmp_path / "cases", broken=1)
    code, records, err = batch(capsys, str(tmp_path / "cases"), "-o", str(tmp_path / "out"),
                               "--do", "validate,analyze,check", "-j", "2")
    assert code == 2  # one case is unusable input, as `formkit validate` would say
    assert [r["case"] for r in records] == [str(p) for p in cases]  # input order, whatever finished first
    bad = [r for r in records if r["status"] != "ok"]
    assert len(records) == 200 and len(bad) == 1
    assert bad[0]["status"] == "error" and bad[0]["message"].startswith("validate: not valid JSON")
    assert bad[0]["steps"]["check"]["status"] == "not_run"
    good = records[0]
    assert set(good["outputs"]) == {"validation.json", "analysis.json", "check.json"}
    assert "199" in err and "cases" in err  # the summary table


@pytest.mark.official_pdf
def test_outputs_are_the_single_commands_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = str(official_forms_dir())
    cases = generate(10, tmp_path / "cases")
    code, records, _ = batch(capsys, *map(str, cases), "-o", str(tmp_path / "out"), "--forms-dir", forms)
    assert code == 0 and [r["status"] for r in records] == ["ok"] * 10
    for case, record in zip(cases[:5], records[:5], strict=True):  # one of each example
        out = Path(record["outdir"])
        for command, name in (("validate", "validation.json"), ("analyze", "analysis.json"), ("check", "check.json")):
            assert cli.main([command, str(case), "--format", "json"]) in (0, 1)
            assert capsys.readouterr().out.encode() == (out / name).read_bytes(), (case.name, name)
        single = tmp_path / "single" / case.stem
        single.parent.mkdir(exist_ok=True)
        assert cli.main(["packet", str(case), "-o", str(single), "--forms-dir", forms]) == 0
        capsys.readouterr()
        assert tree(single) == tree(out / "packet")
        for form_pdf in sorted((out / "forms").iterdir()):  # each form exactly as the packet's own copy
            assert form_pdf.read_bytes() == (single / "documents" / form_pdf.name).read_bytes()
    fill = tmp_path / "fill-2848-spouse.pdf"
    joint = next(c for c in cases if "joint" in c.name)
    assert cli.main(["fill", "2848", str(joint), "--signer", "spouse", "-o", str(fill), "--forms-dir", forms]) == 0
    joint_out = Path(next(r for r in records if r["case"] == str(joint))["outdir"])
    (spouse,) = (joint_out / "forms").glob("*-f2848-spouse.pdf")
    assert fill.read_bytes() == spouse.read_bytes()


def test_unchanged_cases_are_skipped_and_changes_rebuilt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = generate(6, tmp_path / "cases", broken=1)
    broken = next(p for p in cases if not _valid_json(p))
    args = (str(tmp_path / "cases"), "-o", str(tmp_path / "out"), "--do", "validate,analyze,check", "-j", "1")
    code, first, _ = batch(capsys, *args)
    assert code == 2 and not any(r["skipped"] for r in first)
    before = tree(tmp_path / "out")

    code, second, err = batch(capsys, *args)
    assert code == 2
    assert [r["skipped"] for r in second] == [p != broken for p in cases]  # failures always run again
    assert tree(tmp_path / "out") == before and "5 unchanged, skipped" in err

    changed = cases[0] if cases[0] != broken else cases[1]
    changed.write_text(changed.read_text() + "\n")  # new bytes, same case
    (Path(second[2]["outdir"]) / "check.json").unlink()  # a removed output is rebuilt too
    _, third, _ = batch(capsys, *args)
    rebuilt = {r["case"] for r in third if not r["skipped"]}
    assert rebuilt == {str(changed), str(broken), second[2]["case"]}
    assert tree(tmp_path / "out") == before

    _, forced, _ = batch(capsys, *args, "--force")
    assert not any(r["skipped"] for r in forced)


def test_a_packet_no_longer_built_is_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forms = str(official_forms_dir())
    case = generate(3, tmp_path / "cases")[2]  # the streamlined installment agreement
    args = (str(case), "-o", str(tmp_path / "out"), "--do", "packet", "--forms-dir", forms)
    code, records, _ = batch(capsys, *args)
    assert code == 0 and any(k.startswith("packet/") for k in records[0]["outputs"])
    data = json.loads(case.read_text())
    data["compliance"]["unfiled_returns"] = [{"form": "1040", "period": "2025"}]  # IA-001 now blocks it
    case.write_text(json.dumps(data))
    code, records, _ = batch(capsys, *args)
    assert code == 1 and records[0]["steps"]["packet"]["status"] == "findings"
    assert not (Path(records[0]["outdir"]) / "packet").exists()


def test_parallel_and_serial_runs_write_the_same_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate(8, tmp_path / "cases")
    for jobs in ("1", "2"):
        code, _, _ = batch(capsys, str(tmp_path / "cases"), "-o", str(tmp_path / f"out{jobs}"), "-j", jobs,
                           "--do", "validate,analyze,check")
        assert code == 0
    assert tree(tmp_path / "out1") == tree(tmp_path / "out2")


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["batch", str(tmp_path / "missing"), "-o", str(tmp_path / "out")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert cli.main(["batch", str(ROOT / "examples" / "*.nothing"), "-o", str(tmp_path / "out")]) == 2
    assert "no file matches" in capsys.readouterr().err
    assert cli.main(["batch", str(ROOT / "examples"), "-o", str(tmp_path / "out"), "--do", "validate,print"]) == 2
    assert "unknown step(s) print" in capsys.readouterr().err


def _valid_json(path: Path) -> bool:
    try:
        json.loads(path.read_text())
    except ValueError:
        return False
    return True
