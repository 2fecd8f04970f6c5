"""Form 656 (Rev. 4-2025): checks of the field map only this form needs, and the values it prints
for real cases, resolved against the real analysis. Expected values are worked by hand from the
form (Section 4: "24 months = first payment, 22 payments, final payment"; the lump-sum initial
payment is 20% of the offer). The checks every form's map passes are in test_coverage.py."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.case.model import (
    Address,
    Business,
    BusinessMonthly,
    Case,
    Liability,
    OfferRequest,
    UnfiledReturn,
)
from formkit.forms.fill import fill_form
from formkit.forms.mapping import FieldValues
from formkit.forms.resolve import MappedForm
from tests.forms.support import check_values, example, field_map, mapped, revision

REV = revision("f656", "4-2025")
FEE = REV.fields["section_5.electronic.fee_amount"].pdf


def lump_case() -> Case:
    return example("oic-lump-sum-single")


def periodic_case() -> Case:
    return example("oic-periodic-joint-self-employed")


def with_offer(case: Case, **changes: Any) -> Case:
    offer = dataclasses.replace(case.requests_of(OfferRequest)[0], **changes)
    return dataclasses.replace(case, requests=(offer,))


def form(case: Case) -> MappedForm:
    found = mapped(REV, case)
    check_values(REV, found.values)
    return found


def build(case: Case) -> FieldValues:
    return form(case).values


def open_questions(case: Case) -> dict[str, str]:
    return {q.question: q.fact for q in form(case).open_questions}


# --------------------------------------------------------------------------- the map

def test_lump_sum_rows_are_the_months_after_acceptance() -> None:
    fields = field_map(REV)["fields"]
    for n in range(1, 6):
        assert fields[f"section_4.lump_sum.payment[{n}].amount"]["pdf"].endswith(
            f"Row{n}[0].Amount_Payment_{n}[0]")


def test_section_2_is_declared_blank() -> None:
    """Business offers are Section 2's; formkit fills Section 1 ("either Section 1 or Section 2,
    but not both")."""
    for key, spec in field_map(REV)["fields"].items():
        if key.startswith("section_2."):
            assert spec["source"] == "blank" and "Section 1 or Section 2" in spec["note"], key


# --------------------------------------------------------------------------- the values

def test_lump_sum_single_example() -> None:
    found = form(lump_case())
    values = found.values
    assert found.open_questions == ()  # the example answers every question
    assert values["taxpayer.full_name"] == "Maria L. Gonzalez"
    assert values["taxpayer.ssn"] == "512-48-3321"
    assert "spouse.full_name" not in values and "spouse.ssn" not in values
    assert values["taxpayer.address.full"] == "4415 Bellfort Ave Apt 12, Houston, TX 77051, Harris County"
    assert "taxpayer.mailing_address.full" not in values and "taxpayer.ein" not in values
    assert values["prequalifier_used.yes"] is True and values["prequalifier_used.no"] is False
    assert values["section_1.new_address.no"] is True and values["section_1.new_address.yes"] is False
    assert not any(k.startswith("section_1.update_records") for k in values)  # only for a new address
    assert values["section_1.form_1040"] is True
    assert values["section_1.form_1040_periods[1]"] == "12-31-2019, 12-31-2020, 12-31-2021"
    assert "section_1.form_1040_periods[2]" not in values
    assert values["section_1.form_941"] is False and values["section_1.form_940"] is False
    assert values["section_1.tfrp"] is False and values["section_1.other_taxes"] is False
    assert not any(k.startswith("low_income.") for k in values)  # no certification claimed
    assert values["section_3.doubt_as_to_collectibility"] is True
    assert values["section_3.eta_economic_hardship"] is False
    assert values["section_3.eta_public_policy"] is False
    assert values["section_4.lump_sum.check"] is True and values["section_4.periodic.check"] is False
    assert values["section_4.lump_sum.offer_amount"] == Decimal(13500)
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2700)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(10800)  # 13,500 - 2,700
    assert values["section_4.lump_sum.payment[2].amount"] == Decimal(10800)
    for month in (1, 3, 4, 5):
        assert f"section_4.lump_sum.payment[{month}].amount" not in values
    assert not any(k.startswith("section_4.periodic.") and k != "section_4.periodic.check" for k in values)
    assert not any(k.startswith("section_5.") for k in values)  # paid by check: no EFTPS/IOLA payment
    assert values["section_6.source_of_funds"] == "Loan from sister (Ana Gonzalez) and savings"
    assert values["section_6.filed_all_returns"] is True and values["section_6.not_required_to_file"] is False
    assert values["section_6.estimated_tax_not_required"] is True and values["section_6.estimated_tax_paid"] is False
    assert values["section_6.deposits_not_required"] is True and values["section_6.deposits_made"] is False
    assert values["taxpayer.phone"] == "(713) 555-0142"
    assert values["taxpayer.signature_date"] == date(2026, 10, 27)
    assert "spouse.signature_date" not in values
    assert values["preparer.name"] == "Daniel R. Whitfield"
    assert values["preparer.phone"] == "(713) 555-0190"
    assert values["preparer.caf_or_ptin"] == "0312-45678R"
    assert values["preparer.firm_name_address"] == (
        "Whitfield Tax Resolution PLLC\n1200 Smith St Suite 1600, Houston, TX 77002")
    # the representative's signature date is his 2848 declaration, not a 656 preparer date
    assert "preparer.signature_date" not in values
    assert not any(k.startswith("section_2.") for k in values)


def test_periodic_joint_example() -> None:
    found = form(periodic_case())
    values = found.values
    assert found.open_questions == ()
    assert values["taxpayer.full_name"] == "James O. Okafor"
    assert values["spouse.full_name"] == "Patricia A. Okafor"
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["taxpayer.address.full"] == "2218 E Juanita Ave, Mesa, AZ 85204, Maricopa County"
    assert values["section_1.form_1040_periods[1]"] == "12-31-2021, 12-31-2022, 12-31-2023"
    assert values["section_4.periodic.check"] is True and values["section_4.lump_sum.check"] is False
    assert values["section_4.periodic.offer_amount"] == Decimal(27792)
    assert values["section_4.periodic.first_payment"] == Decimal(1158)
    assert values["section_4.periodic.monthly_payment"] == Decimal(1158)
    assert values["section_4.periodic.payment_day"] == 15
    # 24 months: the first payment, 22 payments, the final payment in month 24
    assert values["section_4.periodic.months"] == 22
    assert values["section_4.periodic.final_month"] == 24
    assert values["section_4.periodic.final_payment_day"] == 15
    # 27,792 - 1,158 - 22 x 1,158 (25,476) = 1,158
    assert values["section_4.periodic.final_payment"] == Decimal(1158)
    assert not any(k.startswith("section_4.lump_sum.") and k != "section_4.lump_sum.check" for k in values)
    # estimated payments required and made to date (3,600 of 3,600)
    assert values["section_6.estimated_tax_paid"] is True
    assert values["section_6.estimated_tax_not_required"] is False
    assert values["taxpayer.signature_date"] == date(2026, 11, 3)
    assert values["spouse.signature_date"] == date(2026, 11, 3)
    assert values["spouse.phone"] == "(480) 555-0178"
    assert values["preparer.caf_or_ptin"] == "0407-11223R"


def test_uneven_periodic_terms_put_the_remainder_in_the_final_payment() -> None:
    case = with_offer(periodic_case(), offer_amount=Decimal(10000), initial_payment=Decimal(500),
                      monthly_payment=Decimal("812.50"), payment_months=12, payment_day=3)
    values = build(case)
    assert values["section_4.periodic.months"] == 10
    assert values["section_4.periodic.final_month"] == 12
    assert values["section_4.periodic.final_payment"] == Decimal("1375.00")  # 10,000 - 500 - 10 x 812.50
    assert values["section_4.periodic.payment_day"] == 3


def test_reason_box_follows_the_basis() -> None:
    for basis, key in [("eta_economic_hardship", "section_3.eta_economic_hardship"),
                       ("eta_public_policy", "section_3.eta_public_policy")]:
        values = build(with_offer(lump_case(), basis=basis))
        assert [k for k in values if k.startswith("section_3.") and values[k] is True] == [key]


def test_low_income_certification_waives_the_payments() -> None:
    case = with_offer(lump_case(), low_income_certification=True, initial_payment=None,
                      application_fee=None, payment_method="eftps")
    values = build(case)
    assert values["low_income.agi"] is True  # the latest AGI (46,300) is on file
    assert values["low_income.gross_income"] is False
    assert values["section_4.lump_sum.initial_payment"] == Decimal(0)  # the 20% (2,700) is waived
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(13500)
    assert not any(k.startswith("section_5.") for k in values)
    no_agi = dataclasses.replace(case, compliance=dataclasses.replace(case.compliance, last_return_agi=None))
    values = build(no_agi)
    assert values["low_income.agi"] is False and values["low_income.gross_income"] is True


def test_missing_initial_payment_comes_from_the_analysis() -> None:
    values = build(with_offer(lump_case(), initial_payment=None))
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2700)  # 20% of 13,500
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(10800)  # 13,500 - 2,700


def test_electronic_payments_are_listed_in_section_5() -> None:
    values = build(with_offer(lump_case(), payment_method="online_account"))
    assert values["section_5.electronic.fee_amount"] == Decimal(205)
    assert values["section_5.electronic.payment_amount"] == Decimal(2700)  # the initial payment
    values = build(with_offer(periodic_case(), payment_method="eftps", initial_payment=None))
    assert values["section_5.electronic.payment_amount"] == Decimal(1158)  # first monthly payment


def test_questions_the_case_leaves_open_name_the_fact() -> None:
    case = with_offer(lump_case(), prequalifier_used=None)
    case = dataclasses.replace(case, address_changed=None,
                               compliance=dataclasses.replace(case.compliance, estimated_payments=None))
    assert open_questions(case) == {"prequalifier": "/requests/0/prequalifier_used",
                                    "new_address": "/address_changed",
                                    "estimated_tax": "/compliance/estimated_payments"}
    values = build(case)
    assert not any(k.startswith(("prequalifier_used.", "section_1.new_address.")) for k in values)


def test_new_address_asks_whether_to_update_the_records() -> None:
    moved = dataclasses.replace(lump_case(), address_changed=True)
    assert open_questions(moved) == {"update_records": "/update_address_records"}
    values = build(dataclasses.replace(moved, update_address_records=True))
    assert values["section_1.new_address.yes"] is True and values["section_1.new_address.no"] is False
    assert values["section_1.update_records.yes"] is True and values["section_1.update_records.no"] is False


def test_compliance_boxes() -> None:
    case = lump_case()
    # an unfiled return: no filing box is true (the compliance rules report the return)
    unfiled = dataclasses.replace(case, compliance=dataclasses.replace(
        case.compliance, unfiled_returns=(UnfiledReturn(form="1040", period="2025"),)))
    assert open_questions(unfiled) == {}
    values = build(unfiled)
    assert values["section_6.filed_all_returns"] is False and values["section_6.not_required_to_file"] is False
    # a business owner who says nothing about deposits leaves the deposit question open
    biz = Business(name="Bellfort Billing", kind="sole_proprietorship", monthly=BusinessMonthly())
    silent = dataclasses.replace(case, business=biz, compliance=dataclasses.replace(
        case.compliance, federal_tax_deposits=None))
    assert open_questions(silent) == {"deposits": "/compliance/federal_tax_deposits"}
    # no business: an individual makes no federal tax deposits
    no_business = dataclasses.replace(case, compliance=dataclasses.replace(case.compliance, federal_tax_deposits=None))
    assert build(no_business)["section_6.deposits_not_required"] is True


def test_periods_are_grouped_by_return() -> None:
    case = lump_case()
    extra = [
        Liability("employment", "941", "2024-Q2", Decimal(100)),
        Liability("employment", "941", "2023-Q4", Decimal(100)),
        Liability("unemployment", "940", "2023", Decimal(50)),
        Liability("civil_penalty", "Civil Penalty", "2022-09-30", Decimal(900)),
        Liability("excise", "720", "2024-03-31", Decimal(10)),
    ]
    biz = Business(name="Bellfort Billing Inc", kind="corporation", monthly=BusinessMonthly())
    values = build(dataclasses.replace(case, liabilities=(*case.liabilities, *extra), business=biz))
    assert values["section_1.form_941"] is True
    assert values["section_1.form_941_periods[1]"] == "12-31-2023, 06-30-2024"  # sorted by date
    assert values["section_1.form_940"] is True
    assert values["section_1.form_940_periods[1]"] == "12-31-2023"
    assert values["section_1.tfrp"] is True
    assert values["section_1.tfrp_periods"] == "09-30-2022"
    assert values["section_1.tfrp_business_name"] == "Bellfort Billing Inc"
    assert values["section_1.other_taxes"] is True
    assert values["section_1.other_taxes_periods"] == "Form 720: 03-31-2024"
    assert "taxpayer.ein" not in values  # a corporation's EIN is not the individual's


def test_many_periods_run_onto_the_second_line() -> None:
    case = lump_case()
    years = [Liability("income", "1040", str(y), Decimal(1)) for y in range(2012, 2019)]
    values = build(dataclasses.replace(case, liabilities=(*years, *case.liabilities)))
    first, second = values["section_1.form_1040_periods[1]"], values["section_1.form_1040_periods[2]"]
    assert first == "12-31-2012, 12-31-2013, 12-31-2014, 12-31-2015"  # 46 characters of 50
    assert second == ", ".join(f"12-31-{y}" for y in range(2016, 2022))


def test_sole_proprietor_ein_and_mailing_address() -> None:
    case = periodic_case()
    assert case.business is not None
    po_box = Address(street="PO Box 4410", city="Mesa", state="AZ", zip="85211")
    case = dataclasses.replace(case, business=dataclasses.replace(case.business, ein="86-1234567"),
                               mailing_address=po_box)
    values = build(case)
    assert values["taxpayer.ein"] == "86-1234567"
    assert values["taxpayer.mailing_address.full"] == "PO Box 4410, Mesa, AZ 85211"


# --------------------------------------------------------------------------- the filled PDF


def fee_field(case: Case, forms_dir: Path) -> object:
    reader = PdfReader(io.BytesIO(fill_form(REV, case, forms_dir=forms_dir)))
    return reader.get_fields()[FEE].get("/V")  # type: ignore[index]


@pytest.mark.official_pdf
def test_fee_field_is_always_written_over_the_irs_default(forms_dir: Path) -> None:
    """The PDF's fee field has the default value "$205" and no appearance: a viewer (Firefox)
    shows the default while the field has no value. Every fill writes the field."""
    assert field_map(REV)["fields"]["section_5.electronic.fee_amount"]["default"] == "$205"
    assert fee_field(lump_case(), forms_dir) == ""  # paid by check: no electronic fee
    low = with_offer(lump_case(), low_income_certification=True, initial_payment=None,
                     application_fee=None, payment_method="eftps")
    assert fee_field(low, forms_dir) == ""  # low income: no fee at all
    assert fee_field(with_offer(lump_case(), payment_method="eftps"), forms_dir) == "205"
    assert fee_field(with_offer(lump_case(), payment_method="eftps", application_fee=Decimal(0)), forms_dir) == "0"


@pytest.mark.official_pdf
def test_periods_that_do_not_fit_continue_on_the_dated_attachment(forms_dir: Path) -> None:
    """Twenty 941 quarters do not fit the line's two boxes: the second box says where the rest
    is, the continuation sheet lists every quarter, and the attachment date box is filled
    ("If you need more space, use attachment and title it 'Attachment to Form 656 dated ___'")."""
    case = lump_case()
    quarters = [Liability("employment", "941", f"{y}-Q{q}", Decimal(100)) for y in range(2019, 2024)
                for q in range(1, 5)]
    case = dataclasses.replace(case, liabilities=(*case.liabilities, *quarters))
    reader = PdfReader(io.BytesIO(fill_form(REV, case, forms_dir=forms_dir)))
    fields = {k: v.get("/V") for k, v in reader.get_fields().items()}  # type: ignore[union-attr]
    first = fields[REV.fields["section_1.form_941_periods[1]"].pdf]
    assert first == "03-31-2019, 06-30-2019, 09-30-2019, 12-31-2019"
    assert fields[REV.fields["section_1.form_941_periods[2]"].pdf] == "See continuation sheet"
    assert fields[REV.fields["section_1.attachment_date"].pdf] == "11/02/2026"  # the case's prepared_on
    listed = " ".join(" ".join(page.extract_text() for page in reader.pages[8:]).split())
    assert "Section 1: Form 941 quarterly periods owed" in listed
    for y in range(2020, 2024):
        for end in ("03-31", "06-30", "09-30", "12-31"):
            assert f"{end}-{y}" in listed
