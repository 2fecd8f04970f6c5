"""Disputed amounts and the IRS's proposal side by side (IRM 5.15.1: a deviation from the
standards is allowed when they are inadequate to provide for basic living expenses).

oic-lump-sum-single, Harris County TX, single, as of 2026-11-02: Box D 3,863; lines 39 867,
40 1,650, 42 min(actual, Houston 361), 44 213, 45 90, 49 579; Box A 11,595; 66 months to the CSED.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from formkit._schemas import registry
from formkit.analysis import StandardsError
from formkit.analysis.compare import compare
from formkit.cli import main
from tests.analysis.conftest import ROOT, amount, build, example_data


def disputed() -> dict[str, Any]:
    data = example_data("oic-lump-sum-single")
    data["expenses"]["vehicle_operating"] = Decimal("420")  # above the Houston standard of 361
    data["expenses"]["claimed"] = {"vehicle_operating": {
        "amount": Decimal("420"), "reason": "120-mile round trip to the only employer in the trade",
        "documents": ["mileage log", "insurance declarations"]}}
    data["irs_proposal"] = {"description": "Offer examiner's revised Form 433-A (OIC), 2026-10-02",
                            "allowed": {"vehicle_operating": Decimal("361"), "housing_utilities": Decimal("1500")},
                            "monthly_income": Decimal("4100")}
    return data


def test_claimed_allowance_replaces_the_standard_on_the_line() -> None:
    from formkit.analysis import analyze
    a = analyze(build(disputed()))
    # standards allow min(420, 361) = 361; the claim puts 420 on line 42
    assert amount(a, "expenses.allowable.vehicle_operating") == 361
    assert amount(a, "expenses.claimed.vehicle_operating") == 420
    assert amount(a, "oic.line_42") == 420
    # Box E = 867 + 1,650 + 0 + 420 + 0 + 213 + 90 + 579 = 3,819; RMI = 3,863 - 3,819 = 44
    assert amount(a, "oic.box_e") == 3819
    assert amount(a, "rmi") == 44
    note = next(f for f in a.findings if f.code == "EXPENSE-CLAIMED")
    assert "420 a month is claimed instead of the 361" in note.message and "mileage log" in note.message


def test_compare_shows_both_scenarios_line_by_line() -> None:
    c = compare(build(disputed()))
    rows = {r.path: r for r in c.rows}
    # IRS: Box D 4,100; Box E = 867 + 1,500 + 361 + 213 + 90 + 579 = 3,610; RMI = 490
    assert (rows["oic.box_d"].claimed, rows["oic.box_d"].irs_proposed) == (3863, 4100)
    assert (rows["oic.line_40"].claimed, rows["oic.line_40"].irs_proposed) == (1650, 1500)
    assert (rows["oic.line_42"].claimed, rows["oic.line_42"].irs_proposed) == (420, 361)
    assert (rows["oic.box_e"].claimed, rows["oic.box_e"].irs_proposed) == (3819, 3610)
    assert (rows["rmi"].claimed, rows["rmi"].irs_proposed) == (44, 490)
    # minimum lump sum: 11,595 + 44 x 12 = 12,123 against 11,595 + 490 x 12 = 17,475
    assert (rows["oic.minimum_offer.lump_sum"].claimed, rows["oic.minimum_offer.lump_sum"].irs_proposed) == (
        12123, 17475)
    # periodic: 11,595 + 44 x 24 = 12,651 against 11,595 + 490 x 24 = 23,355
    assert rows["oic.minimum_offer.periodic"].difference == 23355 - 12651
    # with the IRS's figures, equity 16,045 + 490 x 66 = 48,385 reaches the 46,208.74 balance:
    # the full-pay screen fails and the offer is no longer a program that fits
    assert c.claimed.recommendation[0] == "oic_lump_sum"
    assert "oic_lump_sum" not in c.irs_proposed.recommendation
    assert amount(c.irs_proposed, "oic.full_pay.collectible") == 48385


def test_compare_needs_a_proposal() -> None:
    with pytest.raises(StandardsError, match="irs_proposal"):
        compare(build(example_data("oic-lump-sum-single")))


def test_cli_compare_text_and_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text(json.dumps(disputed(), default=str))
    assert main(["analyze", str(case), "--compare"]) == 0
    out = capsys.readouterr().out
    assert "CLAIMED VS. IRS PROPOSED" in out and "Offer examiner's revised" in out
    assert main(["analyze", str(case), "--compare", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    schema = json.loads((ROOT / "schemas" / "analysis.schema.json").read_text())
    errors = list(Draft202012Validator(schema, registry=registry()).iter_errors(data))
    assert not errors, [e.message for e in errors[:3]]
    rmi = next(r for r in data["comparison"]["rows"] if r["path"] == "rmi")
    assert (rmi["claimed"], rmi["irs_proposed"], rmi["difference"]) == ("44", "490", "446")
