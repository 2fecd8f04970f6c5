"""Form 2848 (Rev. 1-2021): checks of the field map only this form needs and the mapper's values
(one form per signer). The checks every form's map passes against the official PDF, and the prior
2-2020 revision, are in test_coverage.py."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.case.model import (
    AbatementItem,
    AbatementRequest,
    Business,
    BusinessMonthly,
    Liability,
    Representative,
    Signature,
)
from formkit.forms.mappers.f2848 import build, derived_matters, period_text
from tests.forms.support import check_values, example, field_map, revision

REV = revision("f2848", "1-2021")


def rep(n: int, **changes: Any) -> Representative:
    base = example("oic-lump-sum-single").representatives[0]
    return dataclasses.replace(base, name=f"Representative {n}", **changes)


# --------------------------------------------------------------------------- the map

def test_row_structure() -> None:
    fields = field_map(REV)["fields"]
    for n in range(1, 5):
        assert fields[f"line_2.representative[{n}].name"]["pdf"].endswith(f"RepresentativesName{n}[0]")
        assert fields[f"line_2.representative[{n}].fax"]["pdf"].endswith(f".FaxNo{n}[0]")
        assert fields[f"part_2.row[{n}].designation"]["max_length"] == 1
        assert fields[f"part_2.row[{n}].date"]["format"] == "date"
    # the form offers "send copies of notices" only on the first two rows
    assert "line_2.representative[2].receives_notices" in fields
    assert "line_2.representative[3].receives_notices" not in fields
    assert [k for k in fields if k.startswith("line_3.row[") and k.endswith(".periods")] == [
        "line_3.row[1].periods", "line_3.row[2].periods", "line_3.row[3].periods"]


# --------------------------------------------------------------------------- the mapper

def test_lump_sum_example() -> None:
    values = build(example("oic-lump-sum-single"), None)
    check_values(REV, values)
    assert values["taxpayer.full_name"] == "Maria L. Gonzalez"
    assert values["taxpayer.address.full"] == "4415 Bellfort Ave Apt 12\nHouston, TX 77051"
    assert values["taxpayer.ssn"] == "512-48-3321"
    assert values.get("taxpayer.itin") is None and values.get("taxpayer.ein") is None
    assert values["taxpayer.phone"] == "(713) 555-0142"
    r1 = "line_2.representative[1]"
    assert values[f"{r1}.name"] == "Daniel R. Whitfield"
    assert values[f"{r1}.address"] == (
        "Whitfield Tax Resolution PLLC\n1200 Smith St Suite 1600, Houston, TX 77002")
    assert values[f"{r1}.caf_number"] == "0312-45678R"
    assert values[f"{r1}.ptin"] == "P01234567"
    assert values[f"{r1}.phone"] == "(713) 555-0190"
    assert values[f"{r1}.fax"] == "(713) 555-0191"
    assert values[f"{r1}.receives_notices"] is True
    assert not any(k.startswith("line_2.representative[2]") for k in values)
    # line 3: every liability period plus the current year (prepared 2026-11-02)
    assert values["line_3.row[1].description"] == "Income"
    assert values["line_3.row[1].form"] == "1040"
    assert values["line_3.row[1].periods"] == "2019, 2020, 2021, 2026"
    assert not any(k.startswith("line_3.row[2]") for k in values)
    assert values["line_4.specific_use"] is False
    assert values["line_6.retain_prior"] is False
    assert values["line_7.print_name"] == "Maria L. Gonzalez"
    assert values.get("line_7.title") is None
    assert values["part_2.row[1].designation"] == "c"
    assert values["part_2.row[1].jurisdiction"] == "US"
    assert values["part_2.row[1].license_number"] == "00098765"
    assert values["part_2.row[1].date"] == date(2026, 10, 28)


def test_joint_filers_get_one_form_each() -> None:
    case = example("oic-periodic-joint-self-employed")
    taxpayer = build(case, None, signer="taxpayer")
    spouse = build(case, None, signer="spouse")
    check_values(REV, taxpayer)
    check_values(REV, spouse)
    assert taxpayer["taxpayer.full_name"] == "James O. Okafor"
    assert taxpayer["taxpayer.ssn"] == "524-61-7788"
    assert taxpayer["taxpayer.phone"] == "(480) 555-0177"
    assert spouse["taxpayer.full_name"] == "Patricia A. Okafor"
    assert spouse["taxpayer.ssn"] == "526-33-9014"
    assert spouse["taxpayer.phone"] == "(480) 555-0178"
    assert spouse["line_7.print_name"] == "Patricia A. Okafor"
    assert "spouse.ssn" not in spouse  # never both spouses on one form
    for values in (taxpayer, spouse):
        assert values["line_3.row[1].periods"] == "2021, 2022, 2023, 2026"
        assert values["part_2.row[1].designation"] == "b"
        assert values["part_2.row[1].jurisdiction"] == "AZ"
        assert values["part_2.row[1].license_number"] == "CPA-14552"


def test_stated_power_of_attorney_matters_win() -> None:
    values = build(example("fta-penalty-abatement"), None)
    check_values(REV, values)
    # the preparer stated line 3: no current year is added
    assert values["line_3.row[1].description"] == "Income"
    assert values["line_3.row[1].form"] == "1040"
    assert values["line_3.row[1].periods"] == "2022, 2023, 2024"
    case = example("fta-penalty-abatement")
    assert case.power_of_attorney is not None
    poa = dataclasses.replace(case.power_of_attorney, specific_use=True, retain_prior=True)
    values = build(dataclasses.replace(case, power_of_attorney=poa), None)
    assert values["line_4.specific_use"] is True
    assert values["line_6.retain_prior"] is True


def test_derived_matters_group_by_matter_and_form() -> None:
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    extra = (Liability("employment", "941", "2024-Q2", Decimal(1)),
             Liability("employment", "941", "2023-Q4", Decimal(1)),
             Liability("civil_penalty", "Civil Penalty", "2022-09-30", Decimal(1)))
    case = dataclasses.replace(case, liabilities=(*case.liabilities, *extra),
                               business=dataclasses.replace(case.business, ein="86-1234567"))
    values = build(case, None)
    check_values(REV, values)
    assert [(values[f"line_3.row[{n}].description"], values[f"line_3.row[{n}].form"],
             values[f"line_3.row[{n}].periods"]) for n in (1, 2, 3)] == [
        ("Income", "1040", "2021, 2022, 2023, 2026"),
        ("Employment", "941", "12/31/2023, 06/30/2024"),
        ("Civil Penalty", "Not Applicable", "09/30/2022"),
    ]
    # a sole proprietor represented for business taxes enters the EIN too
    assert values["taxpayer.ein"] == "86-1234567"
    # the spouse is liable for the joint 1040s only (the business is the taxpayer's)
    spouse = derived_matters(case, "spouse")
    assert [(m.description, m.form, m.periods) for m in spouse] == [
        ("Income", "1040", ("2021", "2022", "2023", "2026"))]
    assert "taxpayer.ein" not in build(case, None, signer="spouse")


def test_abatement_periods_without_a_balance_are_covered() -> None:
    case = example("oic-lump-sum-single")
    request = AbatementRequest(
        program="penalty_abatement", grounds="first_time_abatement",
        items=(AbatementItem(form="1040", period="2017", penalty_type="failure_to_file"),))
    values = build(dataclasses.replace(case, requests=(*case.requests, request)), None)
    assert values["line_3.row[1].periods"] == "2017, 2019, 2020, 2021, 2026"


def test_period_text() -> None:
    assert period_text("2021", "1040") == "2021"
    assert period_text("2024-Q2", "941") == "06/30/2024"
    assert period_text("2024-06-30", "941") == "06/30/2024"
    assert period_text("2024-06-30", "1120") == "202406"  # fiscal year as YYYYMM
    assert period_text("2022-09-30", "Not Applicable") == "09/30/2022"


def test_four_representatives_notices_on_the_first_two_rows_only() -> None:
    case = example("oic-lump-sum-single")
    reps = (rep(1), rep(2, receives_notices=False, caf_number="None"),
            rep(3, designation="h", license_number=None, ptin="P07654321",
                signature=Signature(signed=False)),
            rep(4, firm=None, fax=None))
    values = build(dataclasses.replace(case, representatives=reps), None)
    check_values(REV, values)
    assert values["line_2.representative[1].receives_notices"] is True
    assert values["line_2.representative[2].receives_notices"] is False
    assert "line_2.representative[3].receives_notices" not in values
    assert values["line_2.representative[2].caf_number"] == "None"  # as the form asks
    assert values["part_2.row[3].designation"] == "h"
    assert values["part_2.row[3].license_number"] == "P07654321"  # PTIN for h
    assert "part_2.row[3].date" not in values  # not signed yet
    assert values["line_2.representative[4].address"] == (
        "1200 Smith St Suite 1600\nHouston, TX 77002")
    assert values["line_2.representative[4].fax"] is None
    assert values["part_2.row[4].date"] == date(2026, 10, 28)


def test_itin_goes_in_the_itin_box() -> None:
    case = example("oic-lump-sum-single")
    case = dataclasses.replace(case, taxpayer=dataclasses.replace(case.taxpayer,
                                                                  ssn="912-70-1234"))
    values = build(case, None)
    assert values["taxpayer.itin"] == "912-70-1234"
    assert "taxpayer.ssn" not in values


def test_signer_must_exist() -> None:
    with pytest.raises(ValueError, match="no spouse"):
        build(example("oic-lump-sum-single"), None, signer="spouse")
    with pytest.raises(ValueError, match="signer must be"):
        build(example("oic-lump-sum-single"), None, signer="both")


def test_business_owned_by_spouse() -> None:
    case = example("oic-periodic-joint-self-employed")
    business = Business(name="Okafor Tutoring", kind="sole_proprietorship", owner="spouse",
                        monthly=BusinessMonthly(), ein="86-7654321")
    payroll = Liability("employment", "941", "2025-Q1", Decimal(1))
    case = dataclasses.replace(case, business=business,
                               liabilities=(*case.liabilities, payroll))
    assert [m.form for m in derived_matters(case, "taxpayer")] == ["1040"]
    assert [m.form for m in derived_matters(case, "spouse")] == ["1040", "941"]
    assert build(case, None, signer="spouse")["taxpayer.ein"] == "86-7654321"
