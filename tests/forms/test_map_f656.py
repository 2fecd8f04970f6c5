"""Form 656 (Rev. 4-2025): checks of the field map only this form needs, and the mapper's values.
The checks every form's map passes against the official PDF are in test_coverage.py."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case.model import Address, Business, BusinessMonthly, Case, Liability, OfferRequest
from formkit.forms.mappers.f656 import build
from tests.forms.support import FakeAnalysis, check_values, example, field_map, revision

REV = revision("f656", "4-2025")


def lump_case() -> Case:
    return example("oic-lump-sum-single")


def periodic_case() -> Case:
    return example("oic-periodic-joint-self-employed")


def with_offer(case: Case, **changes: Any) -> Case:
    offer = dataclasses.replace(case.requests_of(OfferRequest)[0], **changes)
    return dataclasses.replace(case, requests=(offer,))


# --------------------------------------------------------------------------- the map

def test_lump_sum_rows_are_the_months_after_acceptance() -> None:
    fields = field_map(REV)["fields"]
    for n in range(1, 6):
        assert fields[f"section_4.lump_sum.payment[{n}].amount"]["pdf"].endswith(
            f"Row{n}[0].Amount_Payment_{n}[0]")


# --------------------------------------------------------------------------- the mapper

def test_lump_sum_single_example() -> None:
    values = build(lump_case(), None)
    check_values(REV, values)
    assert values["taxpayer.full_name"] == "Maria L. Gonzalez"
    assert values["taxpayer.ssn"] == "512-48-3321"
    assert values.get("spouse.full_name") is None and values.get("spouse.ssn") is None
    assert values["taxpayer.address.full"] == (
        "4415 Bellfort Ave Apt 12, Houston, TX 77051, Harris County")
    assert values.get("taxpayer.mailing_address.full") is None
    assert values.get("taxpayer.ein") is None
    assert values["section_1.form_1040"] is True
    assert values["section_1.form_1040_periods[1]"] == "12-31-2019, 12-31-2020, 12-31-2021"
    assert values["section_1.form_1040_periods[2]"] is None
    assert values["section_1.form_941"] is False and values["section_1.form_940"] is False
    assert values["section_1.tfrp"] is False and values["section_1.other_taxes"] is False
    assert values["low_income.agi"] is False and values["low_income.gross_income"] is False
    assert values["section_3.doubt_as_to_collectibility"] is True
    assert values["section_3.eta_economic_hardship"] is False
    assert values["section_3.eta_public_policy"] is False
    assert values["section_4.lump_sum.check"] is True
    assert values["section_4.periodic.check"] is False
    assert values["section_4.lump_sum.offer_amount"] == Decimal(13500)
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2700)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(10800)  # 13,500 - 2,700
    assert values["section_4.lump_sum.payment[2].amount"] == Decimal(10800)
    for month in (1, 3, 4, 5):
        assert values.get(f"section_4.lump_sum.payment[{month}].amount") is None
    assert not any(k.startswith("section_4.periodic.") and k != "section_4.periodic.check"
                   for k in values)
    # paid by check: nothing is listed under EFTPS / Individual Online Account
    assert not any(k.startswith("section_5.") for k in values)
    assert values["section_6.source_of_funds"] == "Loan from sister (Ana Gonzalez) and savings"
    assert values["section_6.filed_all_returns"] is True
    assert values["section_6.estimated_tax_not_required"] is True
    assert values["section_6.estimated_tax_paid"] is False
    assert values["section_6.deposits_not_required"] is True
    assert values["section_6.deposits_made"] is False
    assert values["taxpayer.phone"] == "(713) 555-0142"
    assert values["taxpayer.signature_date"] == date(2026, 10, 27)
    assert values.get("spouse.signature_date") is None
    assert values["preparer.name"] == "Daniel R. Whitfield"
    assert values["preparer.phone"] == "(713) 555-0190"
    assert values["preparer.caf_or_ptin"] == "0312-45678R"
    assert values["preparer.firm_name_address"] == (
        "Whitfield Tax Resolution PLLC\n1200 Smith St Suite 1600, Houston, TX 77002")
    # the representative's signature date is his 2848 declaration, not a 656 preparer date
    assert values.get("preparer.signature_date") is None


def test_periodic_joint_example() -> None:
    values = build(periodic_case(), None)
    check_values(REV, values)
    assert values["taxpayer.full_name"] == "James O. Okafor"
    assert values["spouse.full_name"] == "Patricia A. Okafor"
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["taxpayer.address.full"] == "2218 E Juanita Ave, Mesa, AZ 85204, Maricopa County"
    assert values["section_1.form_1040_periods[1]"] == "12-31-2021, 12-31-2022, 12-31-2023"
    assert values["section_4.periodic.check"] is True
    assert values["section_4.lump_sum.check"] is False
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
    assert not any(k.startswith("section_4.lump_sum.") and k != "section_4.lump_sum.check"
                   for k in values)
    # estimated payments required and made to date (3600 of 3600)
    assert values["section_6.estimated_tax_paid"] is True
    assert values["section_6.estimated_tax_not_required"] is False
    assert values["taxpayer.signature_date"] == date(2026, 11, 3)
    assert values["spouse.signature_date"] == date(2026, 11, 3)
    assert values["spouse.phone"] == "(480) 555-0178"
    assert values["preparer.caf_or_ptin"] == "0407-11223R"


def test_uneven_periodic_terms_put_the_remainder_in_the_final_payment() -> None:
    case = with_offer(periodic_case(), offer_amount=Decimal(10000), initial_payment=Decimal(500),
                      monthly_payment=Decimal("812.50"), payment_months=12, payment_day=3)
    values = build(case, None)
    assert values["section_4.periodic.months"] == 10
    assert values["section_4.periodic.final_month"] == 12
    # 10000 - 500 - 10 x 812.50
    assert values["section_4.periodic.final_payment"] == Decimal("1375.00")
    assert values["section_4.periodic.payment_day"] == 3


def test_reason_box_follows_the_basis() -> None:
    for basis, key in [("eta_economic_hardship", "section_3.eta_economic_hardship"),
                       ("eta_public_policy", "section_3.eta_public_policy")]:
        values = build(with_offer(lump_case(), basis=basis), None)
        boxes = [k for k in values if k.startswith("section_3.") and values[k] is True]
        assert boxes == [key]


def test_low_income_certification_waives_the_payments() -> None:
    case = with_offer(lump_case(), low_income_certification=True, initial_payment=None,
                      application_fee=None, payment_method="eftps")
    # 20% of the 13,500 offer = 2,700, waived by the certification
    values = build(case, FakeAnalysis({"f656.lump_sum.initial_payment": Decimal(2700)}))
    check_values(REV, values)
    assert values["low_income.agi"] is True  # the latest AGI (46,300) is on file
    assert values["low_income.gross_income"] is False
    assert values["section_4.lump_sum.initial_payment"] == Decimal(0)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(13500)  # 13,500 - 0
    assert not any(k.startswith("section_5.") for k in values)
    no_agi = dataclasses.replace(case, compliance=dataclasses.replace(
        case.compliance, last_return_agi=None))
    values = build(no_agi, None)
    assert values["low_income.agi"] is False and values["low_income.gross_income"] is True


def test_missing_initial_payment_comes_from_the_analysis() -> None:
    case = with_offer(lump_case(), initial_payment=None)
    analysis = FakeAnalysis({"f656.lump_sum.initial_payment": Decimal(2700)})  # 20% of 13,500
    values = build(case, analysis)
    assert "f656.lump_sum.initial_payment" in analysis.asked
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2700)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(10800)  # 13,500 - 2,700
    values = build(case, None)  # never computes 20% itself
    assert values["section_4.lump_sum.initial_payment"] is None
    assert values.get("section_4.lump_sum.remaining_balance") is None


def test_electronic_payments_are_listed_in_section_5() -> None:
    values = build(with_offer(lump_case(), payment_method="online_account"), None)
    check_values(REV, values)
    assert values["section_5.electronic.fee_amount"] == Decimal(205)
    assert values["section_5.electronic.payment_amount"] == Decimal(2700)  # the initial payment
    values = build(with_offer(periodic_case(), payment_method="eftps", initial_payment=None), None)
    assert values["section_5.electronic.payment_amount"] == Decimal(1158)  # first monthly payment


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
    values = build(dataclasses.replace(case, liabilities=(*case.liabilities, *extra),
                                       business=biz), None)
    check_values(REV, values)
    assert values["section_1.form_941"] is True
    assert values["section_1.form_941_periods[1]"] == "12-31-2023, 06-30-2024"  # sorted by date
    assert values["section_1.form_940"] is True
    assert values["section_1.form_940_periods[1]"] == "12-31-2023"
    assert values["section_1.tfrp"] is True
    assert values["section_1.tfrp_periods"] == "09-30-2022"
    assert values["section_1.tfrp_business_name"] == "Bellfort Billing Inc"
    assert values["section_1.other_taxes"] is True
    assert values["section_1.other_taxes_periods"] == "Form 720: 03-31-2024"
    assert values.get("taxpayer.ein") is None  # a corporation's EIN is not the individual's


def test_many_periods_run_onto_the_second_line() -> None:
    case = lump_case()
    years = [Liability("income", "1040", str(y), Decimal(1)) for y in range(2012, 2019)]
    values = build(dataclasses.replace(case, liabilities=(*years, *case.liabilities)), None)
    first = values["section_1.form_1040_periods[1]"]
    second = values["section_1.form_1040_periods[2]"]
    assert isinstance(first, str) and isinstance(second, str)
    assert len(first) <= 50
    periods = (first + ", " + second).split(", ")
    assert periods == [f"12-31-{y}" for y in range(2012, 2022)]


def test_sole_proprietor_ein_and_mailing_address() -> None:
    case = periodic_case()
    assert case.business is not None
    po_box = Address(street="PO Box 4410", city="Mesa", state="AZ", zip="85211")
    case = dataclasses.replace(case, business=dataclasses.replace(case.business, ein="86-1234567"),
                               mailing_address=po_box)
    values = build(case, None)
    assert values["taxpayer.ein"] == "86-1234567"
    assert values["taxpayer.mailing_address.full"] == "PO Box 4410, Mesa, AZ 85211"


def test_section_2_is_never_filled() -> None:
    for case in (lump_case(), periodic_case()):
        assert not any(k.startswith("section_2.") for k in build(case, None))
