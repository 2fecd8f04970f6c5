"""`formkit analyze` and `formkit standards` from the outside: exit codes, messages, JSON, masking."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from formkit._schemas import registry
from formkit.cli import main
from tests.analysis.conftest import EXAMPLES, ROOT

SCHEMA = json.loads((ROOT / "schemas" / "analysis.schema.json").read_text())
EXAMPLE_NAMES = sorted(p.stem for p in EXAMPLES.glob("*.json"))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$id"] == "https://formkit.dev/schemas/analysis.schema.json"


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_json_output_matches_the_schema(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = cli(capsys, "analyze", str(EXAMPLES / f"{name}.json"), "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    errors = sorted(Draft202012Validator(SCHEMA, registry=registry()).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_text_worksheet_and_explain(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "analyze", str(EXAMPLES / "oic-lump-sum-single.json"))
    assert code == 0
    assert "RECOMMENDATION" in out and "Total household expenses (Box E)" in out
    code, explained, _ = cli(capsys, "analyze", str(EXAMPLES / "oic-lump-sum-single.json"), "--explain")
    assert code == 0
    assert "[oic.line_6b]" in explained
    assert "= max(0, line_6a - vehicle allowance)" in explained
    assert "vehicle allowance = 3,450" in explained
    assert "source: Form 433-A (OIC) Section 3 line 6b" in explained


def test_output_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    case = str(EXAMPLES / "oic-periodic-joint-self-employed.json")
    first = cli(capsys, "analyze", case, "--format", "json")[1]
    assert first == cli(capsys, "analyze", case, "--format", "json")[1]


def test_no_ssn_in_any_output(capsys: pytest.CaptureFixture[str]) -> None:
    for name in EXAMPLE_NAMES:
        data = json.loads((EXAMPLES / f"{name}.json").read_text())
        ssns = {data[who]["ssn"] for who in ("taxpayer", "spouse") if who in data}
        for fmt in ("text", "json"):
            _, out, err = cli(capsys, "analyze", str(EXAMPLES / f"{name}.json"), "--format", fmt, "--explain")
            assert not any(ssn in out + err or ssn.replace("-", "") in out + err for ssn in ssns)


def test_as_of_chooses_the_table_and_a_missing_year_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "analyze", str(EXAMPLES / "oic-lump-sum-single.json"), "--as-of", "2025-06-01")
    assert code == 2
    assert "line 40 (housing and utilities)" in err
    assert "housing and utilities table effective 2025-04-21" in err
    assert "Traceback" not in err


def test_a_streamlined_agreement_runs_without_the_missing_table(capsys: pytest.CaptureFixture[str]) -> None:
    # The streamlined request needs no living-expense standard: the analysis runs and says
    # which line it could not compute (the 2025 housing table is not loaded).
    code, out, _ = cli(capsys, "analyze", str(EXAMPLES / "ia-streamlined.json"), "--as-of", "2025-06-01",
                       "--format", "json")
    assert code == 0
    data = json.loads(out)
    warning = next(w for w in data["findings"] if w["code"] == "STANDARDS-NOT-LOADED")
    assert warning["severity"] == "warning"
    assert "line 40 (housing and utilities)" in warning["message"]
    assert "formkit standards import" in warning["message"]
    assert "rmi" not in data["amounts"] and "oic.box_e" not in data["amounts"]
    assert data["amounts"]["ia.streamlined.minimum_payment"] == "291.68"
    assert data["recommendation"][0] == "ia_streamlined"


def test_missing_county_exits_2_naming_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    data["address"]["county"] = "Fort Bend County"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    code, out, err = cli(capsys, "analyze", str(case))
    assert code == 2 and out == ""
    assert "Fort Bend County, TX is not loaded" in err
    # the message says which line needs it, the import command and where to get the file
    assert "line 40" in err and "formkit standards import" in err and "irs.gov" in err


def test_penalty_abatement_runs_without_any_county(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "fta-penalty-abatement.json").read_text())
    data["address"]["county"] = "Nowhere County"
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    code, out, _ = cli(capsys, "analyze", str(case), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["recommendation"] == ["fta"]
    assert Decimal(data["amounts"]["abatement.fta.total"]) == 1881
    assert any(w["code"] == "STANDARDS-NOT-LOADED" and "line 40" in w["message"] for w in data["findings"])


def test_bad_case_exits_2_with_one_line_per_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"schema_version": "1"}')
    code, out, err = cli(capsys, "analyze", str(case))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) >= 5 and all(line.startswith(f"{case}: /") for line in lines)
    assert "Traceback" not in err


def test_bad_as_of_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "analyze", str(EXAMPLES / "ia-streamlined.json"), "--as-of", "11/02/2026")[0] == 2


def test_standards_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "standards", "list", "--format", "json")
    assert code == 0
    rows = json.loads(out)["tables"]
    national = [r for r in rows if r["table"] == "national_standards"]
    assert [r["effective"] for r in national] == ["2025-04-21", "2026-06-29"]
    assert all(r["confidence"] in ("CONFIRMED", "UNCONFIRMED") for r in rows)


def test_standards_import_housing_then_analyze(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                               isolated_user_data: Path) -> None:
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    data["address"].update(state="IL", county="DuPage County")
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data))
    housing = tmp_path / "housing.csv"
    housing.write_text("state,county,persons_1,persons_2,persons_3,persons_4,persons_5_or_more\n"
                       'IL,DuPage County,"$2,456","2,884",3039,3388,3443\n')
    metro = tmp_path / "metro.csv"
    metro.write_text("state,county,metro_area\nIL,DuPage County,Chicago\n")
    assert cli(capsys, "standards", "import", "--kind", "housing", "--effective", "2026-06-29", str(housing))[0] == 0
    assert (isolated_user_data / "standards" / "housing_utilities-2026-06-29.json").is_file()
    # the county's metro area is still unknown: exit 2 naming it
    code, _, err = cli(capsys, "analyze", str(case))
    assert code == 2 and "transportation area (metro area or region) of DuPage County, IL" in err
    assert cli(capsys, "standards", "import", "--kind", "metro-areas", "--effective", "2026-06-29", str(metro))[0] == 0
    code, out, _ = cli(capsys, "analyze", str(case), "--format", "json")
    assert code == 0
    amounts = json.loads(out)["amounts"]
    assert amounts["expenses.standard.housing_utilities"] == "2456"
    assert amounts["expenses.standard.vehicle_operating"] == "334"  # Chicago, 1 car


def test_standards_import_rejects_bad_rows(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                           isolated_user_data: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("state,county,persons_1,persons_2,persons_3,persons_4,persons_5_or_more\n"
                   "IL,Lake County,-5,1,1,1,1\n")
    code, _, err = cli(capsys, "standards", "import", "--kind", "housing", "--effective", "2026-06-29", str(bad))
    assert code == 2
    assert "bad.csv: line 2/persons_1: not a non-negative amount" in err
    assert not (isolated_user_data / "standards").exists()


def test_standards_import_transportation(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "transport.csv"
    table.write_text("kind,area,one_vehicle,two_vehicles\nownership,,700,1400\npublic,,221,\n"
                     "region,Midwest,263,526\nmetro,Chicago,335,670\n")
    assert cli(capsys, "standards", "import", "--kind", "transportation", "--effective", "2026-06-29",
               str(table))[0] == 0
    code, out, _ = cli(capsys, "analyze", str(EXAMPLES / "ia-streamlined.json"), "--format", "json")
    amounts = json.loads(out)["amounts"]
    assert code == 0
    assert amounts["expenses.standard.vehicle_operating"] == "335"
    assert amounts["expenses.standard.public_transportation"] == "221"
