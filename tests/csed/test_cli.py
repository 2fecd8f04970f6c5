"""`formkit csed` from the outside: text timeline, JSON against its schema, chart, exit codes."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from formkit.cli import main
from formkit.csed.rules import CsedRulesError, parse_rules
from tests.conftest import ROOT, load_example, require_module

SCHEMA = json.loads((ROOT / "schemas" / "csed.schema.json").read_text())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def case_with_events(tmp_path: Path) -> Path:
    data = load_example("oic-lump-sum-single.json")
    first = data["liabilities"][0]
    del first["csed"]
    first["assessments"] = [{"code": "150", "date": "2020-11-16", "amount": "9870.00"},
                            {"code": "290", "date": "2022-03-14", "amount": "1200.00"}]
    first["events"] = [
        {"kind": "offer", "start": "2023-02-01", "end": "2023-09-15", "outcome": "rejected"},
        {"kind": "bankruptcy", "start": "2024-06-03", "end": "2024-10-01", "outcome": "discharged"},
        {"kind": "currently_not_collectible", "start": "2025-01-10"},
    ]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, default=str))
    return path


def test_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    Draft202012Validator.check_schema(json.loads((ROOT / "schemas" / "csed-rules.schema.json").read_text()))


def test_text_timeline(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "csed", str(case_with_events(tmp_path)))
    assert code == 0, err
    # 150@2020-11-16: offer 02/01/2023 -> 09/15/2023 + 30 = 10/15/2023 (256 days); bankruptcy
    # 06/03/2024 -> 10/01/2024 + 6 months = 04/01/2025 (302 days). 11/16/2030 + 558 = 05/27/2032
    # (+ 365 = 11/16/2031, + 193 = 05/27/2032 through a leap February).
    assert "Form 1040 2019: CSED 2033-09-23" in out       # the 290: 03/14/2032 + 558 days
    assert "150@2020-11-16 $9870.00  assessed 2020-11-16  base CSED 2030-11-16" in out
    assert "= 2023-02-01 .. 2023-10-15  256 days counted -> CSED 2031-07-30" in out
    assert "= 2024-06-03 .. 2025-04-01  302 days counted -> CSED 2032-05-27" in out
    assert "currently_not_collectible: no_effect" in out
    assert "Convention (rules/csed.json" in out and "Caveat:" in out


def test_json_matches_the_schema_and_keys_assessments(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, "csed", str(case_with_events(tmp_path)), "--format", "json",
                         "--as-of", "2026-07-01")
    assert code == 0, err
    data = json.loads(out)
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    first = data["liabilities"][0]
    assert sorted(first["assessments"]) == ["150@2020-11-16", "290@2022-03-14"]
    a150 = first["assessments"]["150@2020-11-16"]
    assert a150["csed"] == "2032-05-27"
    assert a150["days_suspended"] == 558
    # 07/01/2026 -> 07/01/2032 = 6 * 365 + 2 leap days = 2192, less 05/27 -> 07/01 (35 days)
    assert a150["days_remaining"] == 2157
    assert a150["suspensions"][0]["tail"] == "+30 days"
    assert a150["floor"] is None
    assert data["as_of"] == "2026-07-01"
    assert "merged first and counted once" in data["convention"]


def test_unusable_event_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = load_example("ia-streamlined.json")
    data["liabilities"][0]["events"] = [{"kind": "offer", "start": "1998-03-02", "end": "1998-09-01"}]
    data["liabilities"][0]["assessment_date"] = "1996-05-06"
    data["liabilities"][0].pop("csed", None)
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data, default=str))
    code, out, _ = cli(capsys, "csed", str(path))
    assert code == 1
    assert "unusable: no offer rule in force on 1998-03-02" in out


def test_unreadable_case_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "csed", str(tmp_path / "missing.json"))
    assert code == 2 and "file not found" in err


def test_chart_must_be_png_or_svg(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "csed", str(case_with_events(tmp_path)), "--chart", str(tmp_path / "c.pdf"))
    assert code == 2 and ".png or .svg" in err


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chart_is_written_and_deterministic(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    require_module("matplotlib", "the chart needs the 'chart' extra (matplotlib)")
    case = case_with_events(tmp_path)
    first, second = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    assert cli(capsys, "csed", str(case), "--chart", str(first))[0] == 0
    assert cli(capsys, "csed", str(case), "--chart", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()
    head = first.read_bytes()[:200]
    assert head.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in first.read_bytes()[:600]


def test_invalid_events_are_validation_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = load_example("ia-streamlined.json")
    data["liabilities"][0]["assessments"] = [{"code": "150", "date": "2021-05-24"}]
    data["liabilities"][0]["events"] = [
        {"kind": "offer", "start": "2023-02-01", "end": "2022-09-15"},
        {"kind": "extension_agreement", "start": "2023-02-01"},
        {"kind": "tolling", "start": "2023-02-01"},
        {"kind": "bankruptcy", "start": "2023-02-01", "assessments": ["290@2022-01-01"]},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data, default=str))
    code, out, _ = cli(capsys, "validate", str(path))
    assert code == 1
    assert "/liabilities/0/events/0/end: end 2022-09-15 is before start 2023-02-01" in out
    assert "/liabilities/0/events/1" in out and "agreed_date" in out
    assert "/liabilities/0/events/2/kind" in out and "is not a collection event kind" in out
    assert "/liabilities/0/events/3/assessments/0: assessment 290@2022-01-01 is not among" in out


def _rules() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((ROOT / "rules" / "csed.json").read_text())
    return data


def test_shipped_rules_cite_the_irc_or_irm_for_every_kind() -> None:
    rules = parse_rules(_rules())
    for kind, versions in rules.kinds.items():
        for v in versions:
            assert "IRC" in v.citation or "IRM" in v.citation or "CFR" in v.citation, kind


def test_malformed_rules_are_a_load_error_naming_the_key() -> None:
    broken = copy.deepcopy(_rules())
    broken["kinds"]["offer"]["versions"][0]["tail"] = {"days": -30, "on_outcomes": ["rejected"]}
    with pytest.raises(CsedRulesError, match="/kinds/offer/versions/0/tail"):
        parse_rules(broken, "test")
