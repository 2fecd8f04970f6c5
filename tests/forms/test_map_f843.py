"""Form 843 (Rev. 12-2024): checks of the field map only this form needs, the values it prints (one
form per penalty-abatement item) resolved against the real analysis, and the penalty -> IRC section
data. Expected values are worked by hand from the case (penalty amounts as assessed, periods from
the period notation). The checks every form's map passes against the official PDF, and the prior
8-2011 revision, are in test_coverage.py."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.case.model import (
    AbatementEvent,
    AbatementItem,
    AbatementRequest,
    Business,
    BusinessMonthly,
    Case,
    Liability,
    Penalties,
)
from formkit.forms.mappers.f843 import item_count, penalty_sections
from formkit.forms.mapping import FieldValues
from formkit.forms.resolve import OpenQuestion
from tests.conftest import ROOT
from tests.forms.support import check_values, example, field_map, mapped, revision

REV = revision("f843", "12-2024")
SECTIONS_PATH = ROOT / "forms" / "f843" / "penalty_sections.json"


def fta_case() -> Case:
    return example("fta-penalty-abatement")


def joint_case() -> Case:
    return example("oic-periodic-joint-self-employed")


def with_request(case: Case, request: AbatementRequest,
                 liabilities: tuple[Liability, ...] | None = None) -> Case:
    return dataclasses.replace(case, requests=(request,),
                               liabilities=liabilities if liabilities is not None else case.liabilities)


def build(case: Case, item_index: int = 0) -> FieldValues:
    values = mapped(REV, case, item_index=item_index).values
    return values


def open_questions(case: Case, item_index: int = 0) -> tuple[OpenQuestion, ...]:
    return mapped(REV, case, item_index=item_index).open_questions


def checked(values: dict[str, Any], prefix: str) -> list[str]:
    return sorted(k for k, v in values.items() if k.startswith(prefix) and v is True)


# --------------------------------------------------------------------------- the map

def test_every_widget_is_data_a_preparer_fills() -> None:
    assert field_map(REV)["unmapped"] == {}


def test_ip_pin_boxes_are_six_digit_comb_fields() -> None:
    fields = field_map(REV)["fields"]
    for key in ("taxpayer.ip_pin", "spouse.ip_pin"):
        spec = fields[key]
        assert (spec["comb"], spec["max_length"], spec["format"]) == (True, 6, "digits")


def test_checkbox_groups_follow_the_printed_order() -> None:
    """The reason boxes share one name (c1_1[0..16]) and the line 7 boxes another; their
    on-states count 1, 2, 3 ... down the page, so key order = on-state order = position."""
    fmap = field_map(REV)
    reasons = [spec for key, spec in fmap["fields"].items() if key.startswith("reason.")
               and spec["kind"] == "checkbox"]
    assert [int(s["on"]) for s in reasons] == list(range(1, 18))
    assert fmap["fields"]["reason.penalty_reasonable_cause"]["on"] == "7"
    assert [fmap["fields"][f"line_7{x}"]["on"] for x in "abcd"] == ["1", "2", "3", "4"]
    assert fmap["fields"]["line_7c"]["pdf"].endswith("c2_15[2]")
    line_4 = [fmap["fields"][f"line_4{x}"]["pdf"] for x in "abcdefg"]
    assert line_4 == [f"topmostSubform[0].Page1[0].c1_{n}[0]" for n in range(2, 9)]
    line_5 = [fmap["fields"][f"line_5{x}"]["pdf"] for x in "abcdefghijklmn"]
    assert line_5 == [f"topmostSubform[0].Page2[0].c2_{n}[0]" for n in range(1, 15)]


# --------------------------------------------------------------------------- penalty sections

def test_penalty_sections_are_data() -> None:
    raw = json.loads(SECTIONS_PATH.read_text(encoding="utf-8"))
    table = {kind: entry["irc_section"] for kind, entry in raw["sections"].items()}
    assert table == {"failure_to_file": "6651(a)(1)", "failure_to_pay": "6651(a)(2)",
                     "failure_to_deposit": "6656", "estimated_tax": "6654",
                     "accuracy_related": "6662"}
    for entry in raw["sections"].values():
        assert entry["citation"].startswith("IRC §" + entry["irc_section"])
    assert {k: v.irc_section for k, v in penalty_sections().items()} == table


# --------------------------------------------------------------------------- the mapper

def test_one_form_per_item() -> None:
    case = fta_case()
    assert item_count(case) == 2
    assert item_count(joint_case()) == 0
    with pytest.raises(ValueError, match="out of range"):
        build(case, item_index=2)
    with pytest.raises(ValueError, match="0 penalty-abatement item"):
        build(joint_case())


def test_fta_example_failure_to_file() -> None:
    found = mapped(REV, fta_case(), item_index=0)
    assert found.open_questions == ()  # the example answers every question
    values = found.values
    check_values(REV, values)
    assert checked(values, "reason.") == ["reason.penalty_reasonable_cause"]
    assert values["taxpayer.full_name"] == "Rebecca J. Sokolowski"
    assert values["taxpayer.ssn"] == "177-52-6034"
    assert values.get("spouse.full_name") is None and values.get("spouse.ssn") is None
    assert values["taxpayer.address.street"] == "118 Shady Ave"
    assert "taxpayer.address.apt" not in values
    assert values["taxpayer.address.city"] == "Pittsburgh"
    assert values["taxpayer.address.state"] == "PA"
    assert values["taxpayer.address.zip"] == "15206"
    assert values.get("taxpayer.ein") is None
    assert values["taxpayer.phone"] == "(412) 555-0152"
    assert values["line_1.beginning"] == date(2024, 1, 1)
    assert values["line_1.ending"] == date(2024, 12, 31)
    assert values["line_2"] == Decimal("1485.00")
    assert values["line_3a"] == date(2025, 12, 1)
    assert values.get("line_3b") is None
    assert checked(values, "line_4") == ["line_4e"]  # income
    assert checked(values, "line_5") == ["line_5i"]  # 1040
    assert values.get("line_5n_text") is None
    assert values["line_6"] == "6651(a)(1)"
    assert checked(values, "line_7") == ["line_7c"]
    text = values["line_8"]
    assert isinstance(text, str)
    assert text.startswith("First-time abatement: the taxpayer requests abatement of the "
                           "failure-to-file penalty (IRC §6651(a)(1)) for Form 1040, tax period "
                           "01/01/2024 to 12/31/2024")
    assert "IRM 20.1.1.3.3.2.1" in text
    assert "while caring for her father during his final illness" in text  # the request's words
    assert "Line 2 ($1,485.00) is the failure-to-file penalty for this period, paid on 12/01/2025" in text
    assert values["preparer.name"] == "Michael P. Dunleavy"
    assert values["preparer.ptin"] == "P01199887"
    assert values["preparer.firm_name"] == "Dunleavy & Ross CPAs"
    assert values["preparer.firm_address"] == "600 Grant St Suite 3100, Pittsburgh, PA 15219"
    assert values["preparer.phone"] == "(412) 555-0110"
    assert values["preparer.self_employed"] is False
    assert values.get("taxpayer.ip_pin") is None


def test_fta_example_failure_to_pay() -> None:
    values = build(fta_case(), item_index=1)
    assert values["line_2"] == Decimal("396.00")
    assert values["line_6"] == "6651(a)(2)"
    assert "failure-to-pay penalty (IRC §6651(a)(2))" in str(values["line_8"])
    assert values["line_1.beginning"] == date(2024, 1, 1)


def test_reasonable_cause_with_events_and_amount_from_the_liability() -> None:
    case = joint_case()
    request = AbatementRequest(
        program="penalty_abatement", grounds="reasonable_cause",
        items=(AbatementItem(form="1040", period="2022", penalty_type="estimated_tax"),),
        explanation="The taxpayer was hospitalized when the estimated payments fell due.",
        events=(AbatementEvent(date(2022, 9, 1), "Released from hospital"),
                AbatementEvent(date(2022, 4, 2), "Admitted to hospital")))
    values = build(with_request(case, request))
    # a joint 1040: both spouses are named
    assert values["spouse.full_name"] == "Patricia A. Okafor"
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["line_2"] == Decimal("701.10")  # the 2022 estimated-tax penalty on file
    assert values.get("line_3a") is None  # not paid: abatement, no refund
    assert values["line_6"] == "6654"
    text = str(values["line_8"])
    assert text.startswith("Reasonable cause: the taxpayer requests abatement of the estimated "
                           "tax penalty (IRC §6654) for Form 1040, tax period 01/01/2022 to "
                           "12/31/2022")
    assert "hospitalized" in text
    assert "Events: 04/02/2022: Admitted to hospital; 09/01/2022: Released from hospital." in text
    assert "Line 2 ($701.10) is the estimated tax penalty for this period." in text


def test_payroll_quarter_failure_to_deposit() -> None:
    case = joint_case()
    assert case.business is not None
    q2 = Liability("employment", "941", "2023-Q2", Decimal(4000),
                   penalties=Penalties(failure_to_deposit=Decimal("412.35")))
    request = AbatementRequest(
        program="penalty_abatement", grounds="first_time_abatement",
        items=(AbatementItem(form="941", period="2023-Q2", penalty_type="failure_to_deposit"),))
    case = dataclasses.replace(with_request(case, request, (*case.liabilities, q2)),
                               business=dataclasses.replace(case.business, ein="86-1234567"))
    values = build(case)
    assert values["line_1.beginning"] == date(2023, 4, 1)
    assert values["line_1.ending"] == date(2023, 6, 30)
    assert values["line_2"] == Decimal("412.35")
    assert checked(values, "line_4") == ["line_4a"]  # employment
    assert checked(values, "line_5") == ["line_5d"]  # 941
    assert values["line_6"] == "6656"
    assert values["taxpayer.ein"] == "86-1234567"
    assert values.get("spouse.ssn") is None  # a sole proprietor's payroll return is not joint


def test_other_forms_and_penalties() -> None:
    case = fta_case()
    excise = Liability("excise", "720", "2024-03-31", Decimal(0),
                       penalties=Penalties(other=Decimal(50)))
    tfrp = Liability("civil_penalty", "Civil Penalty", "2023-09-30", Decimal(12000))
    request = AbatementRequest(
        program="penalty_abatement", grounds="reasonable_cause",
        items=(AbatementItem(form="720", period="2024-03-31", penalty_type="other"),
               AbatementItem(form="Civil Penalty", period="2023-09-30", penalty_type="other",
                             amount=Decimal(300))))
    case = with_request(case, request, (*case.liabilities, excise, tfrp))
    values = build(case, item_index=0)
    assert checked(values, "line_4") == ["line_4d"]  # excise
    assert checked(values, "line_5") == ["line_5n"]
    assert values["line_5n_text"] == "720"
    assert values["line_1.beginning"] == date(2024, 1, 1)  # Form 720 is quarterly
    assert "line_6" not in values  # no IRC section on file for "other"
    assert values["line_2"] == Decimal(50)
    values = build(case, item_index=1)
    assert checked(values, "line_4") == ["line_4g"]  # civil penalty
    assert checked(values, "line_5") == []  # no return was filed for it
    assert values["line_2"] == Decimal(300)


def test_preparer_without_ptin_is_left_blank_and_a_sole_practitioner_is_self_employed() -> None:
    case = fta_case()
    rep = case.representatives[0]
    values = build(dataclasses.replace(case, representatives=(
        dataclasses.replace(rep, ptin=None),)))
    assert not any(k.startswith("preparer.") for k in values)
    values = build(dataclasses.replace(case, representatives=(
        dataclasses.replace(rep, firm=None),)))
    assert values["preparer.self_employed"] is True
    assert values["preparer.firm_name"] == "Michael P. Dunleavy"


def test_foreign_address_and_unit() -> None:
    case = fta_case()
    address = dataclasses.replace(case.address, street2="Apt 3", country="CA")
    values = build(dataclasses.replace(case, address=address))
    assert values["taxpayer.address.apt"] == "Apt 3"
    assert values["taxpayer.address.foreign_country"] == "CA"


def test_fta_without_liability_on_file_infers_the_tax_type_from_the_form() -> None:
    case = fta_case()
    business = Business(name="Shady Ave Clinic", kind="sole_proprietorship",
                        monthly=BusinessMonthly(), ein="25-7654321")
    request = AbatementRequest(
        program="penalty_abatement", grounds="first_time_abatement",
        items=(AbatementItem(form="940", period="2023", penalty_type="failure_to_pay",
                             amount=Decimal(80)),))
    values = build(dataclasses.replace(with_request(case, request), business=business))
    assert checked(values, "line_4") == ["line_4a"]
    assert checked(values, "line_5") == ["line_5c"]
    assert values["taxpayer.ein"] == "25-7654321"


def test_tax_type_the_case_cannot_tell_is_an_open_question() -> None:
    """A form formkit cannot place on line 4 (no liability on file, an unknown return) leaves the
    type of tax open, naming the item's form as the fact that would answer it."""
    request = AbatementRequest(
        program="penalty_abatement", grounds="first_time_abatement",
        items=(AbatementItem(form="1065", period="2023", penalty_type="failure_to_file", amount=Decimal(2000)),))
    found = open_questions(with_request(fta_case(), request))
    assert [(q.question, q.line, q.fact) for q in found] == [("line_4", "4", "/requests/0/items/0/form")]
    values = build(with_request(fta_case(), request))
    assert checked(values, "line_5") == ["line_5n"] and values["line_5n_text"] == "1065"


def test_filled_boxes_read_back(forms_dir: object) -> None:
    """The reason, line 4, line 5 and line 7 boxes as a PDF reader sees them (pdftk-independent
    pypdf read of the filled file)."""
    import io

    from pypdf import PdfReader

    from formkit.forms.fill import fill_form
    reader = PdfReader(io.BytesIO(fill_form(REV, fta_case(), forms_dir=forms_dir, item_index=1)))  # type: ignore[arg-type]
    fields = {k: v.get("/V") for k, v in reader.get_fields().items()}  # type: ignore[union-attr]
    on = {key for key, spec in REV.fields.items() if spec.kind == "checkbox" and fields[spec.pdf] not in (None, "/Off")}
    assert on == {"reason.penalty_reasonable_cause", "line_4e", "line_5i", "line_7c"}
    assert fields[REV.fields["line_2"].pdf] == "396.00"
    assert fields[REV.fields["line_6"].pdf] == "6651(a)(2)"
