"""Form 9465 (Rev. 9-2020): the mapper's values. The field map is checked against the official PDF
in test_coverage.py, with every other form's."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from formkit.case.model import Case, DirectDebit, InstallmentRequest
from formkit.forms.mappers.f9465 import build, period_label
from tests.forms.support import FakeAnalysis, check_values, example, revision

REV = revision("f9465", "9-2020")


def ia_case() -> Case:
    return example("ia-streamlined")


def joint_ia_case() -> Case:
    """The joint self-employed example, asking for an installment agreement instead of an offer."""
    case = example("oic-periodic-joint-self-employed")
    request = InstallmentRequest(program="installment_agreement", monthly_payment=Decimal(1500),
                                 agreement_type="non_streamlined", payment_day=5,
                                 amount_paid_with_request=Decimal("2000.25"),
                                 payroll_deduction=True)
    return dataclasses.replace(case, requests=(request,))


# --------------------------------------------------------------------------- the mapper

def test_streamlined_example_part_i() -> None:
    values = build(ia_case(), None)
    check_values(REV, values)
    assert values["request.forms"] == "1040"
    assert values["request.periods"] == "2023, 2024"
    assert values["taxpayer.first_name"] == "Kevin M"
    assert values["taxpayer.last_name"] == "Brennan"
    assert values["taxpayer.ssn"] == "331-72-4410"
    assert "spouse.ssn" not in values and "spouse.first_name" not in values
    assert values["taxpayer.address.street"] == "5027 W Henderson St"
    assert values["taxpayer.address.city_state_zip"] == "Chicago, IL 60641"
    assert values.get("taxpayer.address.foreign_country") is None
    assert values["taxpayer.home_phone"] == "(312) 555-0166"  # only a cell phone is on file
    assert values.get("business.name") is None
    # 2023: 9450 + 850.50 + 1123.80; 2024: 8620 + 344.80 + 611.15
    assert values["line_5"] == Decimal("21000.25")
    assert values.get("line_6") is None
    assert values["line_7"] == Decimal("21000.25")
    assert values.get("line_8") is None
    assert values["line_9"] == Decimal("21000.25")
    assert values.get("line_10") is None  # no analysis: the mapper never divides by 72 itself
    assert "line_11b.cannot_increase" not in values
    assert values["line_11a"] == Decimal(320)
    assert values["line_12"] == 20
    assert values["line_13a"] == "071000013"
    assert values["line_13b"] == "000123455530"
    assert values["line_13c"] is False
    assert values["line_14"] is False


def test_streamlined_example_part_ii() -> None:
    values = build(ia_case(), None)
    assert values["taxpayer.address.county"] == "Cook County"
    assert values["line_16a.single"] is True and values["line_16a.married"] is False
    assert values.get("line_16b.yes") is None and values.get("line_16b.no") is None
    assert values["line_17"] == 0
    assert values["line_18"] == 0
    assert values["line_19.weekly"] is True
    assert not any(values[f"line_19.{b}"] for b in ("biweekly", "monthly", "semimonthly"))
    assert values["line_20"] == Decimal("1036.27")
    assert "line_21.weekly" not in values and "line_22" not in values
    assert values["line_23"] == 1
    assert values["line_24"] == 1
    # premiums are withheld from pay: 25a yes, 25b yes, 25c skipped
    assert values["line_25a.yes"] is True and values["line_25a.no"] is False
    assert values["line_25b.yes"] is True and values["line_25b.no"] is False
    assert "line_25c" not in values
    assert values["line_26a.no"] is True and values["line_26a.yes"] is False
    assert "line_26b.yes" not in values and "line_26c" not in values
    assert "line_27" not in values


def test_line_10_comes_from_the_analysis() -> None:
    case = ia_case()
    analysis = FakeAnalysis({"f9465.line_10": Decimal("291.67")})
    values = build(case, analysis)
    assert "f9465.line_10" in analysis.asked
    assert values["line_10"] == Decimal("291.67")
    assert values["line_11b.cannot_increase"] is False  # 320 >= 291.67
    low = dataclasses.replace(case, requests=(dataclasses.replace(
        case.requests_of(InstallmentRequest)[0], monthly_payment=Decimal(250)),))
    values = build(low, analysis)
    assert values["line_11a"] == Decimal(250)
    assert values["line_11b.cannot_increase"] is True


def test_joint_return_spouse_order_payment_and_payroll() -> None:
    values = build(joint_ia_case(), FakeAnalysis({}))
    check_values(REV, values)
    assert (values["taxpayer.first_name"], values["taxpayer.last_name"]) == ("James O", "Okafor")
    assert values["taxpayer.ssn"] == "524-61-7788"
    assert (values["spouse.first_name"], values["spouse.last_name"]) == ("Patricia A", "Okafor")
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["request.periods"] == "2021, 2022, 2023"
    # 17420+3484+512.30+4811.75 + 19860+3178+701.10+3920.44 + 14310+1287.90+430+1655.21
    assert values["line_5"] == Decimal("71570.70")
    assert values["line_8"] == Decimal("2000.25")
    assert values["line_9"] == Decimal("69570.45")
    assert values.get("line_10") is None  # the analysis has no such line
    assert values["line_11a"] == Decimal(1500)
    assert values["line_12"] == 5
    assert values.get("line_13a") is None and values.get("line_13b") is None
    assert values["line_14"] is True
    assert values["line_16a.married"] is True and values["line_16a.single"] is False
    assert values["line_17"] == 2
    assert values["line_18"] == 0
    assert "line_19.weekly" not in values  # the taxpayer is self-employed, no paycheck
    assert values["line_21.biweekly"] is True and values["line_21.weekly"] is False
    assert values["line_22"] == Decimal("968.35")
    assert values["line_23"] == 2
    assert values["line_24"] == 1
    assert values["line_25a.yes"] is True
    assert values["line_25b.no"] is True and values["line_25b.yes"] is False
    assert values["line_25c"] == Decimal(610)
    assert values["line_27"] == Decimal(400)


def test_married_filing_separately_leaves_the_spouse_line_empty() -> None:
    case = dataclasses.replace(joint_ia_case(), filing_status="married_filing_separately")
    values = build(case, None)
    assert "spouse.ssn" not in values and "spouse.first_name" not in values
    assert values["line_16a.married"] is True


def test_low_income_without_direct_debit_checks_13c() -> None:
    case = ia_case()
    request = dataclasses.replace(case.requests_of(InstallmentRequest)[0], direct_debit=None,
                                  low_income=True)
    values = build(dataclasses.replace(case, requests=(request,)), None)
    assert values["line_13c"] is True
    assert values.get("line_13a") is None
    with_debit = dataclasses.replace(request, direct_debit=DirectDebit("071000013", "12-34"))
    values = build(dataclasses.replace(case, requests=(with_debit,)), None)
    assert values["line_13c"] is False
    assert values["line_13b"] == "12-34"


def test_sole_proprietorship_employment_taxes_fill_line_2() -> None:
    case = joint_ia_case()
    assert "business.name" not in build(case, None)  # income tax only: line 2 stays empty
    payroll = dataclasses.replace(case.liabilities[0], tax_type="employment", form="941",
                                  period="2023-Q2")
    biz = dataclasses.replace(case.business, ein="86-1234567") if case.business else None
    values = build(dataclasses.replace(case, liabilities=(*case.liabilities, payroll),
                                       business=biz), None)
    assert values["business.name"] == "Okafor Landscaping"
    assert values["business.ein"] == "86-1234567"
    assert values["request.forms"] == "1040, 941"
    assert values["request.periods"] == "2021, 2022, 2023, Q2 2023"


def test_period_labels() -> None:
    assert period_label("2023") == "2023"
    assert period_label("2024-Q2") == "Q2 2024"
    assert period_label("2019-06-30") == "period ending 06/30/2019"
