"""Form 9465 (Rev. 9-2020): the values the field map prints, resolved against the real analysis.
Expected amounts are worked by hand (line 10 = line 9 / 72.0 rounded up to the cent). The field
map is checked against the official PDF in test_coverage.py, with every other form's."""

from __future__ import annotations

import dataclasses
import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from formkit.case.model import Case, DirectDebit, InstallmentRequest, Penalties
from formkit.case.periods import TaxPeriod
from formkit.forms.fill import fill_form
from formkit.forms.mapping import FieldValues
from formkit.forms.resolve import MappedForm
from tests.forms.support import check_values, example, mapped, revision

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


def form(case: Case) -> MappedForm:
    found = mapped(REV, case)
    check_values(REV, found.values)
    return found


def build(case: Case) -> FieldValues:
    return form(case).values


def with_request(case: Case, **changes: object) -> Case:
    request = dataclasses.replace(case.requests_of(InstallmentRequest)[0], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(case, requests=(request,))


# --------------------------------------------------------------------------- the values

def test_streamlined_example_part_i() -> None:
    found = form(ia_case())
    assert found.open_questions == ()  # the example answers every question
    values = found.values
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
    assert values["line_10"] == Decimal("291.68")  # 21,000.25 / 72 = 291.6701..., rounded up
    assert values["line_11b.cannot_increase"] is False  # 320 >= 291.68
    assert values["line_11a"] == Decimal(320)
    assert values["line_12"] == 20
    assert values["line_13a"] == "071000013"
    assert values["line_13b"] == "000123455530"
    assert values["line_13c"] is False
    assert values["line_14"] is False


def test_streamlined_example_part_ii() -> None:
    values = build(ia_case())
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


def test_payment_below_line_10_checks_the_box() -> None:
    values = build(with_request(ia_case(), monthly_payment=Decimal(250)))
    assert values["line_11a"] == Decimal(250)
    assert values["line_11b.cannot_increase"] is True  # 250 < 291.68


def test_joint_return_spouse_order_payment_and_payroll() -> None:
    values = build(joint_ia_case())
    assert (values["taxpayer.first_name"], values["taxpayer.last_name"]) == ("James O", "Okafor")
    assert values["taxpayer.ssn"] == "524-61-7788"
    assert (values["spouse.first_name"], values["spouse.last_name"]) == ("Patricia A", "Okafor")
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["request.periods"] == "2021, 2022, 2023"
    # 17420+3484+512.30+4811.75 + 19860+3178+701.10+3920.44 + 14310+1287.90+430+1655.21
    assert values["line_5"] == Decimal("71570.70")
    assert values["line_8"] == Decimal("2000.25")
    assert values["line_9"] == Decimal("69570.45")
    assert values["line_10"] == Decimal("966.26")  # 69,570.45 / 72 = 966.2562..., rounded up
    assert values["line_11b.cannot_increase"] is False
    assert values["line_11a"] == Decimal(1500)
    assert values["line_12"] == 5
    assert values.get("line_13a") is None and values.get("line_13b") is None
    assert values["line_14"] is True
    assert values["line_16a.married"] is True and values["line_16a.single"] is False
    assert values["line_16b.yes"] is True and values["line_16b.no"] is False  # shares household expenses
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
    values = build(case)
    assert "spouse.ssn" not in values and "spouse.first_name" not in values
    assert values["line_16a.married"] is True


def test_low_income_without_direct_debit_checks_13c() -> None:
    case = ia_case()
    request = dataclasses.replace(case.requests_of(InstallmentRequest)[0], direct_debit=None,
                                  low_income=True)
    values = build(dataclasses.replace(case, requests=(request,)))
    assert values["line_13c"] is True
    assert values.get("line_13a") is None
    with_debit = dataclasses.replace(request, direct_debit=DirectDebit("071000013", "12-34"))
    values = build(dataclasses.replace(case, requests=(with_debit,)))
    assert values["line_13c"] is False
    assert values["line_13b"] == "12-34"


def test_line_2_only_for_a_business_no_longer_operating() -> None:
    """Line 2: "Name of your business (must no longer be operating)" (issue 10: it was filled
    for an operating sole proprietorship with employment taxes)."""
    case = joint_ia_case()
    assert case.business is not None
    payroll = dataclasses.replace(case.liabilities[0], tax_type="employment", form="941", period="2023-Q2")
    operating = dataclasses.replace(case, liabilities=(*case.liabilities, payroll),
                                    business=dataclasses.replace(case.business, ein="86-1234567"))
    values = build(operating)
    assert "business.name" not in values and "business.ein" not in values
    assert values["request.forms"] == "1040, 941"
    assert values["request.periods"] == "2021, 2022, Q2 2023, 2023"  # by the date each period ends
    closed = dataclasses.replace(operating, business=dataclasses.replace(
        operating.business, closed_on=date(2025, 6, 30)))  # type: ignore[arg-type]
    values = build(closed)
    assert values["business.name"] == "Okafor Landscaping"
    assert values["business.ein"] == "86-1234567"
    later = dataclasses.replace(closed, business=dataclasses.replace(
        closed.business, closed_on=date(2027, 1, 31)))  # type: ignore[arg-type]
    assert "business.name" not in build(later)  # still operating on the case's date


@pytest.mark.official_pdf
def test_line_2_read_back_from_the_filled_form(forms_dir: object) -> None:
    case = joint_ia_case()
    assert case.business is not None
    name, ein = REV.fields["business.name"].pdf, REV.fields["business.ein"].pdf

    def printed(business: object) -> tuple[object, object]:
        filled = fill_form(REV, dataclasses.replace(case, business=business), forms_dir=forms_dir)  # type: ignore[arg-type]
        fields = PdfReader(io.BytesIO(filled)).get_fields()
        assert fields is not None
        return fields[name].get("/V"), fields[ein].get("/V")

    operating = dataclasses.replace(case.business, ein="86-1234567")
    assert printed(operating) == (None, None)
    assert printed(dataclasses.replace(operating, closed_on=date(2025, 6, 30))) == ("Okafor Landscaping", "86-1234567")


def test_address_change_is_asked() -> None:
    assert {q.question: q.fact for q in form(dataclasses.replace(ia_case(), address_changed=None)).open_questions} \
        == {"line_1b": "/address_changed"}
    values = build(dataclasses.replace(ia_case(), address_changed=True))
    assert values["line_1b.address_changed"] is True


def part_ii_case() -> Case:
    """All three of Part II's conditions: an agreement defaulted in the past 12 months, more than
    $25,000 but not more than $50,000 owed, and line 11a below line 10."""
    case = joint_ia_case()
    case = dataclasses.replace(case, liabilities=case.liabilities[:2],
                               compliance=dataclasses.replace(
                                   case.compliance, defaulted_installment_agreement_last_12_months=True))
    return with_request(case, amount_paid_with_request=Decimal(0), monthly_payment=Decimal(300))


def test_part_ii_questions_are_reported_only_when_part_ii_applies() -> None:
    case = part_ii_case()
    found = form(case)
    # 2021: 17,420 + 3,484 + 512.30 + 4,811.75; 2022: 19,860 + 3,178 + 701.10 + 3,920.44
    assert found.values["line_9"] == Decimal("53887.59")
    # over $50,000: Part II does not apply (Form 433-F instead), nothing is reported
    silent = dataclasses.replace(case, shares_household_expenses_with_spouse=None)
    assert form(silent).open_questions == ()
    # 30,000 owed: Part II applies, the open 16b is reported with the fact that answers it
    owed = dataclasses.replace(silent, liabilities=(dataclasses.replace(
        silent.liabilities[0], assessed_balance=Decimal(30000), penalties=Penalties(), interest=Decimal(0)),))
    assert form(owed).values["line_9"] == Decimal(30000)
    assert [(q.question, q.fact) for q in form(owed).open_questions] == [
        ("line_16b", "/shares_household_expenses_with_spouse")]
    # a spouse paid quarterly: line 21 has no such box, the question stays open
    spouse_wages = next(i for i, inc in enumerate(owed.income) if inc.person == "spouse" and inc.source == "wages")
    quarterly = dataclasses.replace(owed, shares_household_expenses_with_spouse=True, income=tuple(
        dataclasses.replace(inc, frequency="quarterly") if i == spouse_wages else inc
        for i, inc in enumerate(owed.income)))
    assert [(q.question, q.fact) for q in form(quarterly).open_questions] == [
        ("line_21", f"/income/{spouse_wages}/frequency")]


def test_period_labels() -> None:
    assert TaxPeriod("2023").label() == "2023"
    assert TaxPeriod("2024-Q2").label() == "Q2 2024"
    assert TaxPeriod("2019-06-30").label() == "period ending 06/30/2019"


def test_periods_print_oldest_first_whatever_the_case_order() -> None:
    case = example("ia-streamlined")  # liabilities 2023 and 2024
    shuffled = dataclasses.replace(case, liabilities=tuple(reversed(case.liabilities)))
    assert form(shuffled).values["request.periods"] == form(case).values["request.periods"] == "2023, 2024"
