"""Form 2848 (Rev. 1-2021): checks of the field map only this form needs and the values it prints
(one form per signer), resolved against the real analysis; expected values are worked by hand from
the case and the Instructions for Form 2848 (line 1 EIN, line 3 period notation). The checks every
form's map passes against the official PDF, and the prior 2-2020 revision, are in test_coverage.py."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.case.model import (
    AbatementItem,
    AbatementRequest,
    AdditionalActs,
    Business,
    BusinessMonthly,
    Case,
    Liability,
    PoaMatter,
    PowerOfAttorney,
    Representative,
    Signature,
)
from formkit.forms.fill import fill_form
from formkit.forms.mappers.f2848 import derived_matters, period_text
from formkit.forms.mapping import FieldValues
from tests.forms.support import check_values, example, field_map, mapped, revision

REV = revision("f2848", "1-2021")


def build(case: Case, **options: Any) -> FieldValues:
    values = mapped(REV, case, **options).values
    return values


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
    found = mapped(REV, example("oic-lump-sum-single"))
    assert found.open_questions == () and found.overflows == ()
    values = found.values
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
    assert "line_7.title" not in values
    assert values["part_2.row[1].designation"] == "c"
    assert values["part_2.row[1].jurisdiction"] == "US"
    assert values["part_2.row[1].license_number"] == "00098765"
    assert values["part_2.row[1].date"] == date(2026, 10, 28)


def test_joint_filers_get_one_form_each() -> None:
    case = example("oic-periodic-joint-self-employed")
    taxpayer = build(case, signer="taxpayer")
    spouse = build(case, signer="spouse")
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
    values = build(example("fta-penalty-abatement"))
    # the preparer stated line 3: no current year is added
    assert values["line_3.row[1].description"] == "Income"
    assert values["line_3.row[1].form"] == "1040"
    assert values["line_3.row[1].periods"] == "2022, 2023, 2024"
    case = example("fta-penalty-abatement")
    assert case.power_of_attorney is not None
    poa = dataclasses.replace(case.power_of_attorney, specific_use=True, retain_prior=True)
    values = build(dataclasses.replace(case, power_of_attorney=poa))
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
    values = build(case)
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
    assert "taxpayer.ein" not in build(case, signer="spouse")


def test_separate_liabilities_of_spouses_go_on_the_liable_spouses_form_only() -> None:
    # liabilities[].owner: the spouse's own 2020 return (filed separately) is not the taxpayer's matter
    case = example("oic-periodic-joint-self-employed")
    own = Liability("income", "1040", "2020", Decimal(1), owner="spouse")
    mine = Liability("income", "1040", "2019", Decimal(1), owner="taxpayer")
    case = dataclasses.replace(case, liabilities=(*case.liabilities, own, mine))
    assert [m.periods for m in derived_matters(case, "taxpayer")] == [("2019", "2021", "2022", "2023", "2026")]
    assert [m.periods for m in derived_matters(case, "spouse")] == [("2020", "2021", "2022", "2023", "2026")]


def test_abatement_periods_without_a_balance_are_covered() -> None:
    case = example("oic-lump-sum-single")
    request = AbatementRequest(
        program="penalty_abatement", grounds="first_time_abatement",
        items=(AbatementItem(form="1040", period="2017", penalty_type="failure_to_file"),))
    values = build(dataclasses.replace(case, requests=(*case.requests, request)))
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
            rep(3, designation="h", license_number=None, ptin="P07654321", receives_notices=False,
                signature=Signature(signed=False)),
            rep(4, firm=None, fax=None, receives_notices=False))
    values = build(dataclasses.replace(case, representatives=reps))
    assert values["line_2.representative[1].receives_notices"] is True
    assert values["line_2.representative[2].receives_notices"] is False
    assert "line_2.representative[3].receives_notices" not in values
    assert values["line_2.representative[2].caf_number"] == "None"  # as the form asks
    assert values["part_2.row[3].designation"] == "h"
    assert values["part_2.row[3].license_number"] == "P07654321"  # PTIN for h
    assert "part_2.row[3].date" not in values  # not signed yet
    assert values["line_2.representative[4].address"] == (
        "1200 Smith St Suite 1600\nHouston, TX 77002")
    assert "line_2.representative[4].fax" not in values
    assert values["part_2.row[4].date"] == date(2026, 10, 28)


def test_itin_goes_in_the_itin_box() -> None:
    case = example("oic-lump-sum-single")
    case = dataclasses.replace(case, taxpayer=dataclasses.replace(case.taxpayer,
                                                                  ssn="912-70-1234"))
    values = build(case)
    assert values["taxpayer.itin"] == "912-70-1234"
    assert "taxpayer.ssn" not in values


def test_signer_must_exist() -> None:
    with pytest.raises(ValueError, match="no spouse"):
        build(example("oic-lump-sum-single"), signer="spouse")
    with pytest.raises(ValueError, match="signer must be"):
        build(example("oic-lump-sum-single"), signer="both")


def test_business_owned_by_spouse() -> None:
    case = example("oic-periodic-joint-self-employed")
    business = Business(name="Okafor Tutoring", kind="sole_proprietorship", owner="spouse",
                        monthly=BusinessMonthly(), ein="86-7654321")
    payroll = Liability("employment", "941", "2025-Q1", Decimal(1))
    case = dataclasses.replace(case, business=business,
                               liabilities=(*case.liabilities, payroll))
    assert [m.form for m in derived_matters(case, "taxpayer")] == ["1040"]
    assert [m.form for m in derived_matters(case, "spouse")] == ["1040", "941"]
    assert build(case, signer="spouse")["taxpayer.ein"] == "86-7654321"


def test_line_5a_acts_and_new_contact_boxes_are_answered_from_the_case() -> None:
    case = example("fta-penalty-abatement")
    assert case.power_of_attorney is not None
    acts = AdditionalActs(sign_return=True, other="Represent the taxpayer at a Collection Due Process hearing")
    poa = dataclasses.replace(case.power_of_attorney, additional_acts=acts)
    moved = dataclasses.replace(case.representatives[0], new_address=True, new_fax=True)
    found = mapped(REV, dataclasses.replace(case, power_of_attorney=poa, representatives=(moved,)))
    values = found.values
    assert found.open_questions == ()
    assert values["line_5a.sign_return"] is True and values["line_5a.other_acts"] is True
    assert values["line_5a.access_records"] is False and values["line_5a.authorize_disclosure"] is False
    assert values["line_5a.other_acts_text[1]"] == "Represent the taxpayer at a Collection Due Process hearing"
    assert "line_5a.other_acts_text[2]" not in values
    r1 = "line_2.representative[1]"
    assert (values[f"{r1}.new_address"], values[f"{r1}.new_phone"], values[f"{r1}.new_fax"]) == (True, False, True)
    # a case without line 5a facts authorizes none of the acts (the form's default)
    plain = build(case)
    assert [plain[f"line_5a.{a}"] for a in ("access_records", "authorize_disclosure", "substitute_or_add",
                                              "sign_return", "other_acts")] == [False] * 5


def matters(n: int) -> PowerOfAttorney:
    return PowerOfAttorney(matters=tuple(PoaMatter("Income", "1040", (str(2015 + i),)) for i in range(n)))


def test_a_fourth_matter_continues_on_the_sheet() -> None:
    """Line 3 has three rows: with four matters the third row says where the rest is and the
    continuation sheet lists matters 3 and 4 with every column."""
    case = dataclasses.replace(example("fta-penalty-abatement"), power_of_attorney=matters(4))
    found = mapped(REV, case)
    values = found.values
    assert values["line_3.row[1].periods"] == "2015" and values["line_3.row[2].periods"] == "2016"
    assert values["line_3.row[3].description"] == "See continuation sheet: 2 more listed"
    assert "line_3.row[3].periods" not in values
    [overflow] = found.overflows
    assert overflow.table.id == "matters"
    assert [(r.pointer, r.cells) for r in overflow.rows] == [
        ("/power_of_attorney/matters/2", {"description": "Income", "form": "1040", "periods": "2017"}),
        ("/power_of_attorney/matters/3", {"description": "Income", "form": "1040", "periods": "2018"})]
    three = mapped(REV, dataclasses.replace(case, power_of_attorney=matters(3)))
    assert three.overflows == () and three.values["line_3.row[3].periods"] == "2017"


def test_more_than_four_representatives_continue_with_every_column() -> None:
    case = example("oic-lump-sum-single")
    reps = tuple(rep(n, receives_notices=n == 1) for n in range(1, 7))
    found = mapped(REV, dataclasses.replace(case, representatives=reps))
    assert found.values["line_2.representative[4].name"] == "Representative 4"
    by_table = {o.table.id: o for o in found.overflows}
    assert set(by_table) == {"representatives", "declarations"}
    assert [r.cells["name"] for r in by_table["representatives"].rows] == ["Representative 5", "Representative 6"]
    assert by_table["representatives"].rows[0].cells["caf_number"] == "0312-45678R"
    assert [r.cells["name"] for r in by_table["declarations"].rows] == ["Representative 5", "Representative 6"]
    assert by_table["declarations"].rows[0].cells["designation"] == "c"


def business_matter_case(matter: PoaMatter) -> Case:
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    return dataclasses.replace(case, business=dataclasses.replace(case.business, ein="86-1234567"),
                               power_of_attorney=PowerOfAttorney(matters=(PoaMatter("Income", "1040", ("2023",)),
                                                                          matter)))


@pytest.mark.official_pdf
def test_line_1_carries_the_ein_for_a_business_matter(forms_dir: object) -> None:
    """Issue 10: the EIN is entered when a line-3 matter is a business tax (Instructions for Form
    2848, line 1), not only when a liability is. Read back from the filled PDF."""
    import io

    from pypdf import PdfReader
    ein = REV.fields["taxpayer.ein"].pdf

    def printed(case: Case, signer: str = "taxpayer") -> object:
        filled = fill_form(REV, case, forms_dir=forms_dir, signer=signer)  # type: ignore[arg-type]
        return PdfReader(io.BytesIO(filled)).get_fields()[ein].get("/V")  # type: ignore[index]

    assert not any(lia.tax_type == "employment" for lia in business_matter_case(PoaMatter("x", "y", ("2024",))).liabilities)
    assert printed(business_matter_case(PoaMatter("Employment", "941", ("2024-Q1",)))) == "86-1234567"
    assert printed(business_matter_case(PoaMatter("Excise", "720", ("2024",)))) == "86-1234567"
    assert printed(business_matter_case(PoaMatter("Civil Penalty", "Not Applicable", ("2022",)))) is None
    # the business is the taxpayer's: the spouse's own form carries no EIN
    assert printed(business_matter_case(PoaMatter("Employment", "941", ("2024-Q1",))), "spouse") is None


def test_representatives_sent_notices_take_the_first_rows() -> None:
    """Only rows 1 and 2 have the notices box: a representative sent notices listed third in the
    case moves up, on line 2 and in Part II alike."""
    case = example("oic-lump-sum-single")
    reps = (rep(1, receives_notices=False), rep(2, receives_notices=False, designation="a"),
            rep(3, designation="b"))
    values = build(dataclasses.replace(case, representatives=reps))
    assert [values[f"line_2.representative[{n}].name"] for n in (1, 2, 3)] == [
        "Representative 3", "Representative 1", "Representative 2"]
    assert values["line_2.representative[1].receives_notices"] is True
    assert values["line_2.representative[2].receives_notices"] is False
    assert [values[f"part_2.row[{n}].designation"] for n in (1, 2, 3)] == ["b", "c", "a"]
