"""`formkit check` and `formkit rules` from the outside, and what the examples check to."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from formkit.checks import check_case
from tests.checks.test_catalogue import schema_validator
from tests.conftest import EXAMPLE_FILES, EXAMPLES, ROOT

# What each example checks to with the current analysis and standards: every bundled example
# is a case a preparer could send. The lump-sum offer of 13,500 is at least the 13,443 minimum
# (Box A 11,595 + Box G 154 x 12 = 1,848) and the single filer cannot pay in full by the CSED
# (16,045 + 154 x 66 = 26,209 < 46,208.74); the periodic offer of 27,792 (24 x 1,158) is at
# least the 27,786 minimum. The cases that are rejected are the fixtures further down.
EXPECTED: dict[str, set[str]] = {
    "cnc-hardship.json": set(),
    "fta-penalty-abatement.json": set(),
    "ia-streamlined.json": set(),
    "oic-lump-sum-single.json": set(),
    "oic-periodic-joint-self-employed.json": set(),
}
SSN = re.compile(r"(?<![0-9*])[0-9]{3}-?[0-9]{2}-?[0-9]{4}(?![0-9])")


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "formkit", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_every_example_is_listed() -> None:
    assert {p.name for p in EXAMPLE_FILES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_examples_check_to_what_is_true_of_them(path: Path) -> None:
    report = check_case(path)
    assert report.ids() == EXPECTED[path.name], [f.message for f in report.findings]
    assert {d.recognised_by for d in report.documents} <= {"mapper"}


def test_clean_case_exit_0() -> None:
    r = run("check", "examples/ia-streamlined.json")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "No findings" in r.stdout
    assert "***-**-4410" in r.stdout and "331-72-4410" not in r.stdout


def test_errors_exit_1_grouped_and_masked() -> None:
    # The lump-sum example with the 2025 return unfiled: the offer is returned (OIC-001).
    r = run("check", "tests/checks/fixtures/rejected_oic_unfiled_return.json")
    assert r.returncode == 1
    assert "Offer in compromise (Forms 656, 433-A (OIC))" in r.stdout
    assert "OIC-001" in r.stdout and "at /compliance/unfiled_returns/0" in r.stdout
    assert "The IRS will immediately return your offer" in " ".join(r.stdout.split())
    assert "***-**-3321" in r.stdout
    assert not SSN.search(r.stdout + r.stderr)


def test_json_output_matches_its_schema_and_is_deterministic(tmp_path: Path) -> None:
    # The periodic example offering 24,600 (24 x 1,025, initial 1,025): below the 27,786
    # minimum by 27,786 - 24,600 = 3,186, so the output has a finding to order and mask.
    data = json.loads((EXAMPLES / "oic-periodic-joint-self-employed.json").read_text())
    data["requests"][0].update(offer_amount=24600, initial_payment=1025, monthly_payment=1025)
    case = tmp_path / "periodic-below-minimum.json"
    case.write_text(json.dumps(data, indent=2))
    first = run("check", str(case), "--format", "json")
    second = run("check", str(case), "--format", "json")
    assert first.returncode == 0 and first.stdout == second.stdout
    data = json.loads(first.stdout)
    schema_validator("check-result.schema.json").validate(data)
    assert data["summary"]["warnings"] == 1 and data["summary"]["errors"] == 0
    assert data["input_kind"] == "case"
    assert [f["code"] for f in data["findings"]] == ["OIC-012"]
    assert "a shortfall of $3,186" in data["findings"][0]["message"]
    assert not SSN.search(first.stdout)


def test_warnings_alone_exit_0_or_1_with_strict(tmp_path: Path) -> None:
    config = tmp_path / "formkit.toml"
    case = "tests/checks/fixtures/warned_oic_offer_below_minimum.json"  # OIC-012 only
    assert run("check", case).returncode == 0
    assert run("check", case, "--strict").returncode == 1
    config.write_text('[check]\nstrict = true\n')
    assert run("check", case, "--config", str(config)).returncode == 1
    config.write_text('[check]\nseverity = { "OIC-012" = "error" }\n')
    assert run("check", case, "--config", str(config)).returncode == 1


@pytest.mark.parametrize("args, message", [
    (["check", "missing.json"], "missing.json: no such file or folder; give a case file, a filled PDF or a packet folder"),
    (["check", "tests"], "no PDF files"),
    (["check", "examples/ia-streamlined.json", "--config", "nope.toml"], "config file not found"),
    (["check", "examples/ia-streamlined.json", "--case", "x.json"], "--case is for a PDF or packet input"),
    (["check", "examples/ia-streamlined.json", "--as-of", "2026-13-01"], "not a date"),
])
def test_unusable_input_exit_2_one_line(args: list[str], message: str) -> None:
    r = run(*args)
    assert r.returncode == 2, r.stdout + r.stderr
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_invalid_case_exit_2(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "ia-streamlined.json").read_text())
    data["requests"] = []
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    r = run("check", str(bad))
    assert r.returncode == 2 and "invalid case" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "junk.json").write_text("{not json")
    r = run("check", str(tmp_path / "junk.json"))
    assert r.returncode == 2 and "not valid JSON" in r.stderr


def test_rules_listing() -> None:
    r = run("rules")
    assert r.returncode == 0
    assert re.search(r"^OIC-012\s+warning\s+Offer below the calculated minimum offer", r.stdout, re.M)
    assert re.search(r"^OIC-001\s+error\s+Required tax return not filed", r.stdout, re.M)
    assert r.stdout.rstrip().endswith(" rules")


def test_rules_json_matches_its_schema() -> None:
    r = run("rules", "--format", "json")
    data = json.loads(r.stdout)
    schema_validator("rules.schema.json").validate(data)
    by_id = {x["id"]: x for x in data["rules"]}
    assert by_id["POA-006"]["inputs"] == ["case"] and by_id["POA-006"]["needs"] == ["case"]
    assert by_id["OIC-012"]["inputs"] == ["case", "pdf"]


def test_rules_detail_and_unknown() -> None:
    r = run("rules", "poa-001")
    text = " ".join(r.stdout.split())
    assert r.returncode == 0 and "Instructions for Form 2848 (Rev. 9-2021) p.4, Line 3" in text
    assert "The IRS will return any power of attorney with a general reference." in text
    r = run("rules", "XX-999")
    assert r.returncode == 2 and "unknown rule" in r.stderr


@pytest.mark.official_pdf
def test_check_a_filled_pdf_from_the_command_line(tmp_path: Path, forms_dir: Path) -> None:
    fill = run("fill", "2848", "examples/fta-penalty-abatement.json", "-o",
               str(tmp_path / "2848.pdf"), "--forms-dir", str(forms_dir))
    assert fill.returncode == 0, fill.stderr
    r = run("check", str(tmp_path / "2848.pdf"), "--case", "examples/fta-penalty-abatement.json",
            "--format", "json")
    assert r.returncode == 0, r.stdout + r.stderr
    data = json.loads(r.stdout)
    schema_validator("check-result.schema.json").validate(data)
    assert data["input_kind"] == "pdf"
    assert data["documents"][0]["recognised_by"] == "sha256"


# Fixtures named by outcome: what a preparer would send, and the rules that stop it (rejected:
# an error, exit 1) or that it should be reviewed for (warned: warnings only, exit 0).
FIXTURES = ROOT / "tests" / "checks" / "fixtures"
FIXTURE_EXPECTED: dict[str, tuple[set[str], int]] = {
    # an unfiled 2025 return returns the offer; the single filer can also pay in full
    "rejected_oic_unfiled_return.json": ({"OIC-001", "OIC-014"}, 1),
    # a joint direct-debit request signed by one spouse only: direct debit is not approved
    "rejected_ia_joint_spouse_not_signed.json": ({"IA-007", "IA-013"}, 1),
    # the lump-sum example offering 11,500 (2,300 + 9,200): 13,443 - 11,500 = 1,943 short
    "warned_oic_offer_below_minimum.json": ({"OIC-012"}, 0),
    # the lump-sum example with 30,410 in savings: full-pay equity 2,365 + 30,000 = 32,365
    # + 5,840 + 7,840 = 46,045, + 154 x 66 = 10,164 -> 56,209 >= 46,208.74 (OIC-014); the
    # minimum offer becomes line 1 (120 + 1,835.22 + 30,410 - 1,000 = 31,365) + 5,840 + 4,390
    # + 1,848 = 43,443, and 13,500 is below it (OIC-012)
    "warned_oic_can_full_pay.json": ({"OIC-012", "OIC-014"}, 0),
}


@pytest.mark.parametrize("name", sorted(FIXTURE_EXPECTED))
def test_outcome_fixtures(name: str) -> None:
    r = run("check", str(FIXTURES / name), "--format", "json")
    rules, code = FIXTURE_EXPECTED[name]
    assert r.returncode == code
    found = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert found == rules


def test_every_fixture_is_listed() -> None:
    assert {p.name for p in FIXTURES.glob("*.json")} == set(FIXTURE_EXPECTED)
