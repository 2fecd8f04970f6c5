"""The dated standards data: validation at load, selection by date, merging of user tables."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from formkit._data import data_dir
from formkit.analysis import StandardsDataError, StandardsError, load_library
from formkit.analysis.standards import build_library
from formkit.analysis.tables import StandardsAt

SHIPPED = sorted(data_dir("standards").glob("*.json"))
JUNE_2026 = date(2026, 7, 1)


def at(day: date) -> StandardsAt:
    return StandardsAt(load_library(), day)


def test_every_shipped_file_loads() -> None:
    library = load_library()
    assert set(library.tables) == {json.loads(p.read_text())["table"] for p in SHIPPED}
    assert len(SHIPPED) == 10


def test_national_standards_2026_by_household_size() -> None:
    # IRS National Standards, 2026 table: 867 / 1,558 / 1,857 / 2,176, +397 per person over four.
    std = at(JUNE_2026)
    assert [std.national_standard(n).amount for n in (1, 2, 3, 4)] == [867, 1558, 1857, 2176]
    assert std.national_standard(5).amount == 2176 + 397          # 2,573
    assert std.national_standard(7).amount == 2176 + 3 * 397      # 3,367


def test_national_standards_2025_totals_selected_before_2026_table() -> None:
    # IRS National Standards, 2025 table (effective 2025-04-21): 839 / 1,481 / 1,753 / 2,129, +394.
    std = at(date(2026, 6, 28))  # the day before the 2026 table takes effect
    assert std.national_standard(2).amount == 1481
    assert std.national_standard(6).amount == 2129 + 2 * 394


def test_out_of_pocket_by_date_and_age() -> None:
    # IRS Out-of-Pocket Health Care Standards: 2024 table 83 / 158; 2026 table 90 / 163.
    assert at(date(2024, 6, 1)).out_of_pocket(40).amount == 83
    assert at(date(2024, 6, 1)).out_of_pocket(65).amount == 158
    assert at(JUNE_2026).out_of_pocket(64).amount == 90
    assert at(JUNE_2026).out_of_pocket(65).amount == 163


def test_unavailable_year_stops_with_its_name() -> None:
    # The 2025 out-of-pocket amounts are not known: never fall back to 2024.
    with pytest.raises(StandardsError, match="2025-04-21"):
        at(date(2025, 6, 1)).out_of_pocket(40)


def test_date_before_every_table_stops() -> None:
    with pytest.raises(StandardsError, match=r"no .*in force on 2019-01-01"):
        at(date(2019, 1, 1)).national_standard(1)


def test_housing_county_and_five_or_more_column() -> None:
    # IRS Local Standards, Housing and Utilities, 2026: Harris County TX 2,153 / 2,529 / 2,665 / 2,971 / 3,019.
    std = at(JUNE_2026)
    assert std.housing("TX", "Harris County", 1).amount == 2153
    assert std.housing("TX", "Harris County", 4).amount == 2971
    assert std.housing("TX", "Harris County", 8).amount == 3019  # "5 or more" column


def test_missing_county_names_county_and_state() -> None:
    with pytest.raises(StandardsError, match="DuPage County, IL"):
        at(JUNE_2026).housing("IL", "DuPage County", 2)


def test_operating_cost_metro_or_region() -> None:
    std = at(JUNE_2026)
    # IRS Local Standards, Transportation, 2026: Houston 361/722, Philadelphia 344/688, Northeast region 330/660.
    assert std.operating("TX", "Harris County", 2).amount == 722
    assert std.operating("PA", "Philadelphia County", 1).amount == 344
    assert std.operating("PA", "Allegheny County", 1).amount == 330  # Pittsburgh is not a listed MSA


def test_2025_transportation_partial_table() -> None:
    # 2025: ownership 662 (source not kept); public 244, South 281/562 and the South's metro areas
    # as the U.S. Trustee published them for cases filed on and after May 15, 2025 (Houston 359/718).
    std = at(date(2025, 6, 1))
    assert std.ownership().amount == 662
    assert std.public_transportation().amount == 244
    assert std.operating("AL", "Autauga County", 2).amount == 562
    assert std.operating("TX", "Harris County", 1).amount == 359
    with pytest.raises(StandardsError, match="Phoenix metropolitan area"):
        std.operating("AZ", "Maricopa County", 1)


def test_form_revisions_by_date() -> None:
    # Form 433-A (OIC) Rev. 4-2021: line 7 $9,790, line 10 $4,890; Rev. 4-2025: $11,710, $5,860.
    assert at(date(2024, 1, 1)).version("form_433a_oic").amount("personal_effects_exclusion") == 9790
    assert at(JUNE_2026).version("form_433a_oic").amount("personal_effects_exclusion") == 11710
    assert at(JUNE_2026).version("form_433a_oic").amount("tools_of_trade_deduction") == 5860
    assert at(JUNE_2026).version("form_656").amount("application_fee") == 205


def _write(tmp_path: Path, name: str, doc: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc))
    return path


def _national(versions: list[dict[str, object]]) -> dict[str, object]:
    return {"table": "national_standards", "title": "t", "rounding": "r", "versions": versions}


def _version(**values: object) -> dict[str, object]:
    base: dict[str, object] = {"effective": "2026-06-29", "confidence": "CONFIRMED", "reference": "x",
                               "values": {"by_household_size": {"1": 1, "2": 2, "3": 3, "4": 4},
                                          "additional_person": 1}}
    base.update(values)
    return base


@pytest.mark.parametrize(("version", "key", "message"), [
    (_version(values={"by_household_size": {"1": -1, "2": 2, "3": 3, "4": 4}, "additional_person": 1}),
     "/versions/0/values/by_household_size/1", "negative amount"),
    (_version(values={"by_household_size": {"1": 1, "2": 2, "4": 4}, "additional_person": 1}),
     "/versions/0/values/by_household_size/3", "missing household size 3"),
    (_version(effective="2026-13-01"), "/versions/0/effective", "not a date"),
    (_version(confidence="SURE"), "/versions/0/confidence", "CONFIRMED or UNCONFIRMED"),
    (_version(values={"by_household_size": {"1": "abc", "2": 2, "3": 3, "4": 4}, "additional_person": 1}),
     "/versions/0/values/by_household_size/1", "not a number"),
])
def test_validator_names_file_and_key(tmp_path: Path, version: dict[str, object], key: str, message: str) -> None:
    path = _write(tmp_path, "national_standards.json", _national([version]))
    with pytest.raises(StandardsDataError, match=message) as info:
        build_library([path])
    assert info.value.source == str(path)
    assert info.value.key == key


def test_validator_rejects_versions_out_of_order(tmp_path: Path) -> None:
    path = _write(tmp_path, "n.json", _national([_version(), _version(effective="2025-01-01")]))
    with pytest.raises(StandardsDataError, match="not after the previous version"):
        build_library([path])


def test_validator_checks_components_add_up(tmp_path: Path) -> None:
    doc = json.loads((data_dir("standards") / "national_standards.json").read_text())
    doc["versions"][1]["values"]["components"]["2"]["food"] = 894  # 1 more than the 2026 table
    path = _write(tmp_path, "n.json", doc)
    with pytest.raises(StandardsDataError, match="components add up to 1559, not the total 1558"):
        build_library([path])


def test_unknown_table_is_a_load_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.json", {"table": "nope", "title": "t", "rounding": "r", "versions": []})
    with pytest.raises(StandardsDataError, match="unknown table"):
        build_library([path])


def test_user_version_replaces_shipped_version_of_same_date(isolated_user_data: Path) -> None:
    user = isolated_user_data / "standards"
    user.mkdir(parents=True)
    doc = json.loads((data_dir("standards") / "out_of_pocket_health_care.json").read_text())
    doc["versions"] = [{"effective": "2025-04-21", "confidence": "CONFIRMED", "reference": "IRS 2025 table",
                        "values": {"older_age": 65, "under_65": 84, "age_65_and_older": 149}}]
    (user / "oop-2025.json").write_text(json.dumps(doc))
    std = StandardsAt(load_library(), date(2025, 6, 1))
    assert std.out_of_pocket(30).amount == 84
    assert std.version("out_of_pocket_health_care").source == "user:oop-2025.json"
    # the shipped 2026 version is untouched
    assert StandardsAt(load_library(), JUNE_2026).out_of_pocket(30).amount == 90


def test_shipped_copy_can_be_loaded_from_another_folder(tmp_path: Path) -> None:
    for path in SHIPPED:
        shutil.copy(path, tmp_path / path.name)
    library = build_library(sorted(tmp_path.glob("*.json")))
    assert library.at("national_standards", JUNE_2026).amount("by_household_size", "1") == Decimal(867)


def test_county_names_match_as_the_irs_writes_them() -> None:
    std = at(JUNE_2026)
    # "Harris", "harris county" and "HARRIS COUNTY" are the table's "Harris County"
    for name in ("Harris", "harris county", "HARRIS  COUNTY"):
        assert std.housing("TX", name, 1).amount == 2153
    # a near miss is named in the message, with the import command and where to get the file
    with pytest.raises(StandardsError, match="did you mean 'Harris County'") as exc:
        std.housing("TX", "Haris County", 1)
    assert "formkit standards import" in str(exc.value) and "irs.gov" in str(exc.value)


def test_normalized_county_names() -> None:
    from formkit.analysis.tables import normalize_county
    assert normalize_county("St. Clair County") == normalize_county("Saint Clair") == "saint clair"
    assert normalize_county("Baltimore city") != normalize_county("Baltimore County")
    assert normalize_county("Matanuska-Susitna Borough") == "matanuska-susitna"
    assert normalize_county("Orleans Parish") == "orleans"
