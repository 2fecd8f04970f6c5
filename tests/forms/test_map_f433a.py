"""Form 433-A (Rev. 7-2022): checks of the field map only this form needs, and the values it
prints for real cases, resolved against the real analysis. Expected amounts are worked by hand
from the form's own rules (note 1: biweekly x 2.17; totals add the amounts as printed, in whole
dollars). The checks every form's map passes against the official PDF are in test_coverage.py."""

from __future__ import annotations

import dataclasses
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from formkit.case.model import (
    AssetWithLoan,
    BankAccount,
    Bankruptcy,
    BusinessMonthly,
    Compliance,
    CreditAccount,
    Income,
    LifeInsurance,
    MerchantAccount,
    OtherExpense,
    PaymentProcessor,
    Vehicle,
)
from formkit.forms.fill import fill_form
from formkit.forms.mapping import FieldValues
from tests.forms.support import check_values, example, field_map, mapped, official_pdf, revision

REV = revision("f433a", "7-2022")


# --------------------------------------------------------------------------- the map

@pytest.mark.official_pdf
def test_fields_sit_where_the_form_prints_them() -> None:
    """Spot checks where the PDF's internal names mislead (read from the rendered pages)."""
    fields = field_map(REV)["fields"]
    # 18a: "...18aMILE" holds Make/Model and "Line18aMKMDL" holds the mileage (max 7).
    assert fields["line_18.vehicle[1].make_model"]["pdf"].endswith("p3_t22_18aMILE[0]")
    assert fields["line_18.vehicle[1].mileage"]["pdf"].endswith("Line18aMKMDL[0]")
    # 19a's location is "p3_t55_19b", 19b's is "p3_t47_19a" (by position on page 3).
    assert fields["line_19.asset[1].location"]["pdf"].endswith("p3_t55_19b[0]")
    assert fields["line_19.asset[2].location"]["pdf"].endswith("p3_t47_19a[0]")
    # Accounting method: Cash is the "Yes" state, Accrual the "No" state.
    assert fields["section_7.accounting_method.cash"]["on"] == "Yes"
    assert fields["section_7.accounting_method.accrual"]["on"] == "No"
    # 1f work phone (the PDF tooltip of its 7-digit part says 1e).
    assert fields["taxpayer.work_phone.number"]["line"] == "1f"


# --------------------------------------------------------------------------- the values


def build(case: object, **options: object) -> FieldValues:
    values = mapped(REV, case, **options).values  # type: ignore[arg-type]
    check_values(REV, values)
    return values


def test_joint_self_employed_example() -> None:
    case = example("oic-periodic-joint-self-employed")
    form = mapped(REV, case)
    values = form.values
    check_values(REV, values)
    # Section 1
    assert values["taxpayer.full_name"] == "James O. Okafor & Patricia A. Okafor"
    assert values["taxpayer.address.full"] == "2218 E Juanita Ave\nMesa, AZ 85204"
    assert values["taxpayer.address.county"] == "Maricopa County"
    assert values["taxpayer.cell_phone.area_code"] == "480"
    assert values["taxpayer.cell_phone.number"] == "5550177"
    assert values["marital_status.married"] is True
    assert values["marital_status.unmarried"] is False
    assert values["taxpayer.ssn"] == "524-61-7788"
    assert values["taxpayer.date_of_birth"] == date(1981, 7, 22)
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["spouse.date_of_birth"] == date(1983, 2, 9)
    assert values["household[2].name"] == "Grace Okafor"
    assert values["household[2].age"] == 9
    assert values["household[2].relationship"] == "daughter"
    assert values["line_3a.no"] is True and values["line_3a.yes"] is False
    # Section 2: only the spouse has wages.
    assert "taxpayer.employer.name" not in values
    assert values["spouse.employer.name"] == "Mesa Public Schools"
    assert values["spouse.employer.address"] == "63 E Main St\nMesa, AZ 85201"
    assert values["spouse.employer.years"] == 10  # 2016-08-01 to 2026-11-09
    assert values["spouse.employer.months"] == 3
    assert values["spouse.employer.contact_allowed.yes"] is True
    assert values["spouse.pay_period.biweekly"] is True
    assert values["spouse.pay_period.weekly"] is False
    assert values["spouse.dependents_claimed"] == 2
    # Section 3: every question answered from the case
    assert values["line_6.no"] is True and values["line_7.no"] is True and values["line_11.no"] is True
    # Section 4
    assert values["line_12.cash_on_hand"] == Decimal(150)
    assert values["line_13.account[1].type"] == "Checking"
    assert values["line_13.account[1].institution"] == "Desert Financial Credit Union"
    assert values["line_13.account[1].account_number"] == "XXXX2231"
    assert values["line_13.account[2].balance"] == Decimal("600.00")
    assert values["line_13.as_of"] == date(2026, 11, 9)
    assert values["line_13c.total_cash"] == Decimal(3050)  # 2,450 + 600; the business account is on 64
    assert values["line_14.investment[1].type"] == "Arizona State Retirement System 403(b)"
    assert values["line_14.investment[1].equity"] == Decimal(14000)
    assert values["line_16a.no"] is True
    assert values["line_18.vehicle[1].year"] == 2022
    assert values["line_18.vehicle[1].make_model"] == "Ford F-150"
    assert values["line_18.vehicle[1].equity"] == Decimal(6000)
    assert values["line_18.vehicle[1].final_payment_date"] == date(2029, 9, 15)
    assert values["line_18.vehicle[1].lender"] == "Ford Credit"
    assert values["line_18c.total_equity"] == Decimal(12500)  # (24,000 - 18,000) + 6,500
    assert values["line_19.asset[1].description"] == "Furniture and personal effects"
    # Section 5: biweekly 1,240.00 x 2.17 = 2,690.80, printed 2,691
    assert values["line_20.wages_taxpayer"] == Decimal(0)
    assert values["line_21.wages_spouse"] == Decimal(2691)
    assert values["line_23.net_business_income"] == Decimal(5900)  # line 89
    assert values["line_34.total_income"] == Decimal(8591)
    assert values["line_37.vehicle_ownership"] == Decimal(485)
    assert values["line_43.child_dependent_care"] == Decimal(400)
    assert values["line_44.life_insurance"] == Decimal(45)
    assert values["line_45.current_taxes"] == Decimal(805)  # 805.39
    # line 48 "(Attach list)": the required retirement deduction, 92.49 biweekly x 2.17 = 200.70
    assert values["line_48.other_expenses"] == Decimal(201)
    # 1,900 + 2,450 + 485 + 620 + 610 + 210 + 400 + 45 + 805 + 201
    assert values["line_49.total_living_expenses"] == Decimal(7726)
    assert values["line_50.net_difference"] == Decimal(865)
    assert "line_32.other_income.source" not in values
    (listed,) = form.overflows  # line 48's list is attached
    assert listed.table.id == "other_expenses" and len(listed.rows) == 1
    assert listed.rows[0].cells["amount"] == Decimal("200.70")
    # Section 6
    assert values["line_51.yes"] is True and values["line_51.no"] is False
    assert values["business.name_address"] == "Okafor Landscaping"  # same address as 1b
    assert values["business.phone.area_code"] == "480"
    assert values["business.type"] == "Residential landscaping and yard maintenance"
    assert values["business.employees"] == 0
    assert values["business.federal_contractor.no"] is True and values["business.ecommerce.no"] is True
    assert values["line_64.account[1].institution"] == "Chase"
    assert values["line_64.account[1].balance"] == Decimal("2100.00")
    assert values["line_64c.total_cash"] == Decimal(2100)
    assert values["line_66.asset[1].fmv"] == Decimal(12000)
    assert values["line_66c.total_equity"] == Decimal(12000)
    # Section 7 (depreciation of 400 is not a line on the form)
    assert values["section_7.accounting_method.cash"] is True
    assert values["section_7.period.from"] == date(2025, 11, 1)
    assert values["section_7.period.to"] == date(2026, 10, 31)
    assert values["line_67.gross_receipts"] == Decimal(9500)
    assert values["line_76.total_income"] == Decimal(9500)
    assert values["line_83.vehicle_gasoline_oil"] == Decimal(650)
    assert values["line_87.other_expenses"] == Decimal(350)
    assert values["line_88.total_expenses"] == Decimal(3600)  # 1,900 + 300 + 120 + 650 + 280 + 350
    assert values["line_89.net_business_income"] == Decimal(5900)
    assert "line_84.repairs_maintenance" not in values
    assert form.open_questions == ()


def test_streamlined_example_weekly_wages() -> None:
    values = build(example("ia-streamlined"))
    assert values["taxpayer.full_name"] == "Kevin M. Brennan"
    assert values["marital_status.unmarried"] is True
    assert "spouse.ssn" not in values
    assert values["taxpayer.employer.name"] == "Lakeshore Mechanical Inc."
    assert values["taxpayer.employer.phone.area_code"] == "312"
    assert values["taxpayer.employer.phone.number"] == "5550500"
    assert values["taxpayer.employer.years"] == 7  # 2019-03-18 to 2026-11-16
    assert values["taxpayer.employer.months"] == 7
    assert values["taxpayer.occupation"] == "HVAC technician"
    assert values["taxpayer.dependents_claimed"] == 0
    assert values["taxpayer.pay_period.weekly"] is True
    assert values["taxpayer.pay_period.other"] is False
    # weekly 1,385.00 x 4.3 = 5,955.50, printed 5,956
    assert values["line_20.wages_taxpayer"] == Decimal(5956)
    assert values["line_34.total_income"] == Decimal(5956)
    assert values["line_18.vehicle[1].loan_balance"] == Decimal(6200)
    assert values["line_18.vehicle[1].equity"] == Decimal(9300)
    assert values["line_37.vehicle_ownership"] == Decimal(389)
    # 850 + 1,900 + 389 + 290 + 191 (191.05) + 40 + 1,308 (1,308.43)
    assert values["line_49.total_living_expenses"] == Decimal(4968)
    assert values["line_50.net_difference"] == Decimal(988)
    # no business: Sections 6 and 7 stay blank
    assert [k for k in values if k.startswith(("business.", "line_51.", "section_7."))
            or re.match(r"line_(6[1-9]|[78][0-9])", k)] == []


@pytest.mark.official_pdf
def test_long_make_and_model_goes_on_the_continuation_sheet(forms_dir: object) -> None:
    """Line 18a's make/model box holds 16 characters: "Chevrolet Equinox" is printed whole on the
    continuation sheet, never shortened, and the box says where it is."""
    case = example("ia-streamlined")
    car = dataclasses.replace(case.assets.vehicles[0], make="Chevrolet")
    case = dataclasses.replace(case, assets=dataclasses.replace(case.assets, vehicles=(car,)))
    filled = fill_form(REV, case, forms_dir=forms_dir)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(filled))
    box = reader.get_fields()[REV.fields["line_18.vehicle[1].make_model"].pdf]  # type: ignore[index]
    assert box.get("/V") == "See cont. sheet"
    sheet = reader.pages[-1].extract_text()
    assert "Line 18a: Make & model" in sheet and "Chevrolet Equinox" in sheet


def test_lump_sum_single_example() -> None:
    values = build(example("oic-lump-sum-single"))
    assert values["taxpayer.ssn"] == "512-48-3321"
    assert values["taxpayer.date_of_birth"] == date(1979, 3, 14)
    assert values["taxpayer.employer.contact_allowed.no"] is True
    assert values["taxpayer.employer.contact_allowed.yes"] is False
    assert values["taxpayer.occupation"] == "Medical billing clerk"
    assert values["line_20.wages_taxpayer"] == Decimal(3863)  # 1,780.00 biweekly x 2.17 = 3,862.60
    assert values["line_13c.total_cash"] == Decimal(2245)  # balances as printed
    assert values["line_14.investment[1].type"] == "Employer 401(k)"
    assert values["line_14.investment[1].company"] == "Fidelity"


def test_cnc_example_pension_and_social_security() -> None:
    values = build(example("cnc-hardship"))
    assert values["taxpayer.home_phone.area_code"] == "215"
    assert values["taxpayer.home_phone.number"] == "5550133"
    assert values["marital_status.unmarried"] is True  # widowed
    assert "taxpayer.employer.name" not in values
    assert values["line_26.pension_taxpayer"] == Decimal(400)
    assert values["line_28.social_security_taxpayer"] == Decimal(1850)
    assert values["line_34.total_income"] == Decimal(2250)
    assert values["line_39.public_transportation"] == Decimal(60)
    # 700 + 1,280 + 60 + 175 (174.90) + 200
    assert values["line_49.total_living_expenses"] == Decimal(2415)
    assert values["line_50.net_difference"] == Decimal(-165)


def test_rows_that_do_not_fit_continue_and_the_totals_include_them() -> None:
    case = example("ia-streamlined")
    accounts = tuple(BankAccount(institution=f"Bank {n}", account_type="savings",
                                 balance=Decimal(100 * n), account_last4=f"000{n}")
                     for n in range(1, 4))
    cars = tuple(Vehicle(year=2010 + n, make="Kia", model="Rio", value=Decimal(1000 * n))
                 for n in range(1, 4))
    assets = dataclasses.replace(case.assets, bank_accounts=accounts, vehicles=cars)
    form = mapped(REV, dataclasses.replace(case, assets=assets))
    values = form.values
    check_values(REV, values)
    # the second row says where the rest is; every account is on the sheet, the total has all
    assert values["line_13.account[1].institution"] == "Bank 1"
    assert values["line_13.account[2].institution"] == "See continuation sheet: 2 more listed"
    assert "line_13.account[2].balance" not in values
    assert values["line_13c.total_cash"] == Decimal(600)  # 100 + 200 + 300
    assert values["line_18.vehicle[2].make_model"] == "See cont. sheet"
    assert values["line_18c.total_equity"] == Decimal(6000)
    continued = {o.table.id: [r.cells for r in o.rows] for o in form.overflows}
    assert [c["institution"] for c in continued["bank_accounts"]] == ["Bank 2", "Bank 3"]
    assert [c["balance"] for c in continued["bank_accounts"]] == [Decimal(200), Decimal(300)]
    assert [c["make_model"] for c in continued["vehicles"]] == ["Kia Rio", "Kia Rio"]
    assert values["line_37.vehicle_ownership"] == Decimal(0)


def test_other_income_lines_and_more_than_two_sources() -> None:
    case = example("cnc-hardship")
    extra = (
        Income(person="taxpayer", source="unemployment", gross=Decimal(300), frequency="weekly"),
        Income(person="household", source="household_contribution", gross=Decimal(200),
               frequency="monthly"),
        Income(person="taxpayer", source="other", description="Rideshare driving",
               gross=Decimal(600), frequency="quarterly"),
        Income(person="spouse", source="social_security", gross=Decimal(900), frequency="monthly"),
    )
    form = mapped(REV, dataclasses.replace(case, income=(*case.income, *extra)))
    values = form.values
    check_values(REV, values)
    assert values["line_32.other_income.source"] == "Unemployment"
    assert values["line_32.other_income.amount"] == Decimal(1290)  # 300 x 4.3
    # line 33 says where the rest is and carries its total, so lines 20-33 add up to line 34
    assert values["line_33.other_income.source"] == "See continuation sheet: 2 more listed"
    assert values["line_33.other_income.amount"] == Decimal(400)  # 200 + 600 / 3
    (rest,) = form.overflows
    assert [r.cells["source"] for r in rest.rows] == ["Household contribution", "Rideshare driving"]
    assert values["line_29.social_security_spouse"] == Decimal(900)
    assert values["line_34.total_income"] == Decimal(2250 + 1290 + 400 + 900)


def test_entity_business_goes_to_433b() -> None:
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    llc = dataclasses.replace(case.business, kind="llc", ownership_percent=Decimal(50))
    values = build(dataclasses.replace(case, business=llc))
    assert values["line_3a.yes"] is True
    assert values["line_3a.ownership_percent"] == Decimal(50)
    assert values["line_3b.business_name"] == "Okafor Landscaping"
    assert values["line_3c.llc"] is True and values["line_3c.partnership"] is False
    assert values["line_51.no"] is True and values["line_51.yes"] is False
    assert not any(k.startswith(("business.", "section_7.", "line_67", "line_89"))
                   for k in values)


def test_bankruptcy_life_insurance_other_expenses_and_semimonthly_pay() -> None:
    case = example("oic-lump-sum-single")
    job = dataclasses.replace(case.income[0], frequency="semimonthly")
    bk = Bankruptcy(open=False, chapter="7", filed_on=date(2015, 3, 2),
                    closed_on=date(2015, 7, 1), location="S.D. Tex.", case_number="15-30211")
    policies = (
        LifeInsurance(company="Acme Life", policy_type="whole", face_amount=Decimal(50000),
                      policy_number_last4="8812", cash_value=Decimal(4200),
                      loan_balance=Decimal(1000)),
        LifeInsurance(company="Term Co", policy_type="term", face_amount=Decimal(250000)),
    )
    other = (OtherExpense(description="Student loan", amount=Decimal(150), category="student_loan"),
             OtherExpense(description="Whole life premium", amount=Decimal(80),
                          category="whole_life_insurance"))
    changed = dataclasses.replace(
        case, income=(job,), compliance=dataclasses.replace(case.compliance, bankruptcy=bk),
        assets=dataclasses.replace(case.assets, life_insurance=policies),
        expenses=dataclasses.replace(case.expenses, other=other, term_life_insurance=Decimal(20)))
    values = build(changed)
    assert values["taxpayer.pay_period.other"] is True
    assert values["taxpayer.pay_period.biweekly"] is False
    assert values["line_20.wages_taxpayer"] == Decimal(3560)  # 1,780.00 x 2
    assert values["line_7.yes"] is True
    assert values["line_7.date_filed"] == date(2015, 3, 2)
    assert values["line_7.date_discharged"] == date(2015, 7, 1)
    assert values["line_7.petition_number"] == "15-30211"
    assert values["line_7.location"] == "S.D. Tex."
    assert values["line_16a.yes"] is True
    assert values["line_16.policy[1].company"] == "Acme Life"
    assert values["line_16.policy[1].policy_number"] == "XXXX8812"
    assert values["line_16.policy[1].owner"] == "Maria L. Gonzalez"
    assert values["line_16.policy[1].cash_value"] == Decimal(4200)
    assert "line_16.policy[2].company" not in values  # term policy: no cash value
    assert values["line_16g.total_available_cash"] == Decimal(3200)
    assert values["line_44.life_insurance"] == Decimal(100)  # term 20 + whole life 80
    assert values["line_48.other_expenses"] == Decimal(150)


def test_sole_proprietor_without_self_employment_income_entry() -> None:
    """Line 23 is line 89, and a loss is entered as 0 (form note 2)."""
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    income = tuple(i for i in case.income if i.source != "self_employment")
    losing = dataclasses.replace(case.business, monthly=BusinessMonthly(
        gross_receipts=Decimal(1000), materials=Decimal(1500), secured_debts=Decimal(100)))
    values = build(dataclasses.replace(case, income=income, business=losing))
    assert values["line_87.other_expenses"] == Decimal(100)  # installment payments
    assert values["line_89.net_business_income"] == Decimal(-600)
    assert values["line_23.net_business_income"] == Decimal(0)


def test_business_address_different_from_home_is_written() -> None:
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    shop = dataclasses.replace(case.business, address=dataclasses.replace(
        case.address, street="100 W Main St"), ein="86-1234567", website="okafor.example")
    extra = AssetWithLoan(description="Skid steer", value=Decimal(30000), institution="Deere",
                          loan_balance=Decimal(20000))
    assets = dataclasses.replace(case.assets, business_assets=(*case.assets.business_assets, extra))
    values = build(dataclasses.replace(case, business=shop, assets=assets))
    assert values["business.name_address"] == "Okafor Landscaping, 100 W Main St, Mesa, AZ 85204"
    assert values["business.ein"] == "86-1234567"
    assert values["business.website"] == "okafor.example"
    assert values["line_66.asset[2].lender"] == "Deere"
    assert values["line_66.asset[2].equity"] == Decimal(10000)
    assert values["line_66c.total_equity"] == Decimal(22000)


def test_no_compliance_data_leaves_bankruptcy_open() -> None:
    case = example("ia-streamlined")
    case = dataclasses.replace(case, compliance=Compliance(), other_information=dataclasses.replace(
        case.other_information, filed_bankruptcy=None))
    form = mapped(REV, case)
    assert "line_7.yes" not in form.values and "line_7.no" not in form.values
    assert [q.question for q in form.open_questions] == ["line_7"]


@pytest.mark.official_pdf
@pytest.mark.parametrize("name", ["oic-periodic-joint-self-employed", "ia-streamlined",
                                  "cnc-hardship", "oic-lump-sum-single"])
def test_examples_fill_the_official_pdf(name: str, forms_dir: object) -> None:
    official_pdf(REV)
    case = example(name)
    filled = fill_form(REV, case, forms_dir=forms_dir)  # type: ignore[arg-type]
    reader = PdfReader(io.BytesIO(filled))
    got = {k: v.get("/V") for k, v in (reader.get_fields() or {}).items()}
    fields = REV.fields
    assert str(got[fields["taxpayer.ssn"].pdf]) == case.taxpayer.ssn
    assert str(got[fields["taxpayer.date_of_birth"].pdf]) == case.taxpayer.date_of_birth.strftime("%m%d%Y")


# --------------------------------------------------------------------------- lines 15, 61, 62


@pytest.mark.official_pdf
def test_available_credit_processor_and_cards_read_back_with_pdftk(forms_dir: object, tmp_path: object) -> None:
    """The joint example's two credit accounts, Square and two merchant accounts, as pdftk reads
    them from the filled PDF. Worked by hand: Capital One 3,500 - 2,870.44 = 629.56, printed 630;
    the line of credit is drawn to its limit, 0; 15c = 630 + 0. The header's "As of" is the
    later statement date (10/31/2026)."""
    from pathlib import Path

    from tests.pdf.helpers import pdftk_fields

    pdf = Path(str(tmp_path)) / "f433a.pdf"
    pdf.write_bytes(fill_form(REV, example("oic-periodic-joint-self-employed"), forms_dir=forms_dir))  # type: ignore[arg-type]
    read = pdftk_fields(pdf)

    def value(key: str) -> str | None:
        found: str | None = read[REV.fields[key].pdf]["value"]
        return found

    assert value("line_15.credit[1].institution") == "Capital One (Visa credit card)\nPO Box 31293\nSalt Lake City, UT 84131"
    assert [value(f"line_15.credit[1].{c}") for c in ("account_number", "credit_limit", "amount_owed",
                                                       "available_credit")] == ["XXXX4417", "3,500", "2,870", "630"]
    assert value("line_15.credit[2].institution") == "Desert Financial Credit Union (line of credit)"
    assert [value(f"line_15.credit[2].{c}") for c in ("account_number", "credit_limit", "amount_owed",
                                                       "available_credit")] == ["XXXX2290", "5,000", "5,000", "0"]
    assert value("line_15c.total_available_credit") == "630"
    assert value("line_15.amount_owed_as_of") == value("line_15.available_credit_as_of") == "10312026"
    assert value("line_61.processor[1].name_address") == "Square, Inc., 1955 Broadway Suite 600, Oakland, CA 94612"
    assert value("line_61.processor[1].account_number") == "XXXX7Q2M"
    assert value("line_61.processor[2].name_address") in (None, "")
    assert [value(f"line_62.card[1].{c}") for c in ("card_type", "merchant_account_number", "issuing_bank")] == [
        "Visa", "XXXX5530", "Sutton Bank, 1 S Main St, Attica, OH 44807"]
    assert [value(f"line_62.card[2].{c}") for c in ("card_type", "merchant_account_number", "issuing_bank")] == [
        "MasterCard", "XXXX5531", "Sutton Bank, 1 S Main St, Attica, OH 44807"]
    assert value("line_62.card[3].card_type") in (None, "")


@pytest.mark.official_pdf
def test_credit_accounts_beyond_the_rows_continue_and_15c_adds_every_one(forms_dir: object) -> None:
    """Five accounts: 15a prints the first, 15b says where the other four are, the sheet lists
    them with the form's columns and each one's statement date. Available credit by hand, each
    rounded as printed (half up): 1,000 - 200.50 = 799.50 -> 800; 2,500 - 2,600 -> 0 (over the
    limit); 750.40 - 0 -> 750; 1,200 - 100.49 = 1,099.51 -> 1,100; 300 - 299.50 = 0.50 -> 1.
    15c = 800 + 0 + 750 + 1,100 + 1 = 2,651 (the unrounded sum, 2,649.91, would print 2,650)."""
    accounts = (
        CreditAccount("Bank Alpha", "credit_card", Decimal(1000), Decimal("200.50"), card_brand="Visa",
                      account_last4="1111", as_of=date(2026, 10, 1)),
        CreditAccount("Bank Bravo", "store_card", Decimal(2500), Decimal(2600), account_last4="2222",
                      as_of=date(2026, 10, 20)),
        CreditAccount("Bank Charlie", "line_of_credit", Decimal("750.40"), Decimal(0), as_of=date(2026, 9, 15)),
        CreditAccount("Bank Delta", "credit_card", Decimal(1200), Decimal("100.49"), card_brand="Discover",
                      as_of=date(2026, 10, 5)),
        CreditAccount("Bank Echo", "credit_card", Decimal(300), Decimal("299.50"), as_of=date(2026, 10, 12)),
    )
    case = example("ia-streamlined")
    case = dataclasses.replace(case, assets=dataclasses.replace(case.assets, credit_accounts=accounts))
    form = mapped(REV, case)
    values = form.values
    check_values(REV, values)
    assert values["line_15.credit[1].institution"] == "Bank Alpha (Visa credit card)"
    assert values["line_15.credit[1].available_credit"] == Decimal("799.50")
    assert values["line_15.credit[2].institution"] == "See continuation sheet: 4 more listed"
    assert "line_15.credit[2].credit_limit" not in values
    assert values["line_15c.total_available_credit"] == Decimal(2651)
    assert values["line_15.amount_owed_as_of"] == date(2026, 10, 20)  # the latest statement
    rest = {o.table.id: o.rows for o in form.overflows}["credit_accounts"]
    assert [(r.cells["institution"], r.cells["available_credit"], r.cells["as_of"]) for r in rest] == [
        ("Bank Bravo (store card)", Decimal(0), date(2026, 10, 20)),
        ("Bank Charlie (line of credit)", Decimal("750.40"), date(2026, 9, 15)),
        ("Bank Delta (Discover credit card)", Decimal("1099.51"), date(2026, 10, 5)),
        ("Bank Echo (credit card)", Decimal("0.50"), date(2026, 10, 12)),
    ]
    # the sheet as pdftotext reads it from the filled PDF
    import subprocess

    pdf = fill_form(REV, case, forms_dir=forms_dir)  # type: ignore[arg-type]
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    sheet = " ".join(text[text.index("Section 4, line 15"):].split())
    for expected in ("Bank Bravo (store card)", "XXXX2222", "2,500", "2,600", "10/20/2026",
                     "Bank Charlie (line of credit)", "750", "09/15/2026",
                     "Bank Delta (Discover credit card)", "1,200", "1,100", "10/05/2026",
                     "Bank Echo (credit card)", "10/12/2026", "Amount owed as of", "Available credit"):
        assert expected in sheet, expected
    assert "Bank Alpha" not in sheet  # printed on 15a, not twice


def test_processors_and_cards_beyond_the_rows_continue() -> None:
    case = example("oic-periodic-joint-self-employed")
    assert case.business is not None
    business = dataclasses.replace(
        case.business,
        payment_processors=tuple(PaymentProcessor(f"Processor {n}", account_last4=f"00{n}A") for n in range(1, 4)),
        merchant_accounts=tuple(MerchantAccount(brand, f"Acquirer {n}", account_last4=f"000{n}")
                                for n, brand in enumerate(("Visa", "MasterCard", "Amex", "Discover"), 1)))
    form = mapped(REV, dataclasses.replace(case, business=business))
    values = form.values
    check_values(REV, values)
    assert values["line_61.processor[1].name_address"] == "Processor 1"
    assert values["line_61.processor[1].account_number"] == "XXXX001A"
    assert values["line_61.processor[2].name_address"] == "See continuation sheet: 2 more listed"
    assert values["line_62.card[2].card_type"] == "MasterCard"
    assert values["line_62.card[3].issuing_bank"] == "See continuation sheet: 2 more listed"
    rest = {o.table.id: o.rows for o in form.overflows}
    assert [(r.cells["name_address"], r.cells["account_number"]) for r in rest["payment_processors"]] == [
        ("Processor 2", "XXXX002A"), ("Processor 3", "XXXX003A")]
    assert [(r.cells["card_type"], r.cells["merchant_account_number"], r.cells["issuing_bank"])
            for r in rest["merchant_cards"]] == [("Amex", "XXXX0003", "Acquirer 3"),
                                                 ("Discover", "XXXX0004", "Acquirer 4")]
