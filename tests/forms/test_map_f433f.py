"""Form 433-F (Rev. 7-2024): checks of the field map only this form needs, and the values it prints,
resolved against the real analysis (hand-worked: whole dollars as printed, the instructions'
pay-period factors). The checks every form's map passes against the official PDF are in
test_coverage.py."""

from __future__ import annotations

import dataclasses
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from formkit.case.model import (
    Address,
    AssetWithLoan,
    BankAccount,
    Case,
    Deductions,
    FormSignature,
    LifeInsurance,
    OtherExpense,
    RealEstate,
    Receivable,
    Vehicle,
)
from formkit.forms.mapping import FieldValues
from tests.forms.support import check_values, example, field_map, mapped, official_pdf, pdf_widgets, revision

REV = revision("f433f", "7-2024")


def build(case: Case) -> FieldValues:
    values = mapped(REV, case).values
    check_values(REV, values)
    return values


def rich_case() -> Case:
    """The joint self-employed example with the tables a wage earner's 433-F rarely shows."""
    case = example("oic-periodic-joint-self-employed")
    home = RealEstate(description="Single-family home",
                      address=Address("2218 E Juanita Ave", "Mesa", "AZ", "85204",
                                      county="Maricopa County"),
                      value=Decimal(410000), primary_residence=True,
                      purchase_date=date(2015, 6, 1), purchase_price=Decimal(265000),
                      loan_balance=Decimal(301000), monthly_payment=Decimal("1890.40"))
    lot = RealEstate(description="Vacant lot", value=Decimal(30000),
                     address=Address("1 Desert Rd", "Show Low", "AZ", "85901"))
    assets = dataclasses.replace(
        case.assets,
        real_estate=(home, lot),
        bank_accounts=(BankAccount("Chase", "checking", Decimal("2100.00"), account_last4="9921",
                                   business=True),
                       BankAccount("Western Alliance", "cd", Decimal(5000), account_last4="0042")),
        investments=(AssetWithLoan("Bitcoin", Decimal("3250.75"), kind="digital_asset",
                                   institution="Coinbase"),
                     AssetWithLoan("Index fund", Decimal(8000), kind="mutual_fund",
                                   institution="Vanguard")),
        vehicles=(Vehicle(2024, "Toyota", "RAV4", Decimal(31000), leased=True,
                          monthly_payment=Decimal(410), final_payment_date=date(2027, 3, 1)),),
        life_insurance=(LifeInsurance("Northwestern Mutual", "whole", Decimal(100000),
                                      cash_value=Decimal(12500), loan_balance=Decimal(2500)),),
        receivables=(Receivable("Smith HOA", Decimal(1200)), Receivable("J. Ortiz", Decimal(300)),
                     Receivable("Mesa Verde Apts", Decimal(950)),
                     Receivable("R. Chen", Decimal("75.50"))),
    )
    other = (
        OtherExpense("Visa (Chase)", Decimal(95), "unsecured_debt"),
        OtherExpense("Capital One minimum", Decimal(40), "unsecured_debt", frequency="biweekly", credit_account=0),
        OtherExpense("Federal student loan", Decimal(180), "student_loan"),
        OtherExpense("Roth IRA contribution", Decimal(100), "voluntary_retirement"),
        OtherExpense("Church tithe", Decimal(200), "charitable"),
        OtherExpense("Private school", Decimal(650), "tuition"),
        OtherExpense("Storage unit", Decimal(85), "other"),
    )
    expenses = dataclasses.replace(case.expenses, other=other, secured_debts=Decimal(150),
                                   court_ordered_payments=Decimal(300),
                                   delinquent_state_local_taxes=Decimal(125))
    business = dataclasses.replace(case.business, ein="86-1234567", accepts_cards=True,
                                   employees=2) if case.business else None
    return dataclasses.replace(case, assets=assets, expenses=expenses, business=business)


# --------------------------------------------------------------------------- the map

@pytest.mark.official_pdf
def test_only_the_push_button_and_the_signature_lines_are_unmapped() -> None:
    fmap = field_map(REV)
    widgets = pdf_widgets(official_pdf(REV))
    assert sorted(widgets[n]["kind"] for n in fmap["unmapped"]) == ["pushbutton", "text", "text"]


def test_the_irs_allowed_column_is_left_to_the_irs() -> None:
    """The form gives the taxpayer no instruction for the "IRS Allowed" column (the 433-A marks
    the same column "IRS USE ONLY"); its instructions ask for the standard, or the actual amount
    when larger, in the expense column itself. The allowed amounts are in the worksheet."""
    fields = field_map(REV)["fields"]
    allowed = [k for k in fields if k.endswith(".allowed")]
    assert len(allowed) == 33
    assert all(fields[k]["source"] == "blank" for k in allowed)
    assert not any(k.endswith(".allowed") for k in build(example("cnc-hardship")))


# --------------------------------------------------------------------------- the mapper

def test_cnc_example() -> None:
    values = build(example("cnc-hardship"))
    assert values["taxpayer.name_and_address"] == (
        "Dorothy E. Marsh\n6321 Cottage St\nPhiladelphia, PA 19135")
    assert values["taxpayer.address.county"] == "Philadelphia County"
    assert values["taxpayer.ssn"] == "189-40-2275"
    assert values["taxpayer.home_phone"] == "(215) 555-0133"
    assert values.get("spouse.ssn") is None
    assert values["household.under_65"] == 0
    assert values["household.age_65_or_over"] == 1  # born 1955-05-03
    assert values.get("business.name") is None
    assert values["section_a.bank_account[1].institution"] == "Citizens Bank"
    assert values["section_a.bank_account[1].account_number"] == "XXXX7781"
    assert values["section_a.bank_account[1].type"] == "Checking"
    assert values["section_a.bank_account[1].balance"] == Decimal("385.00")
    assert values["section_a.bank_account[1].business"] is False
    assert "section_a.bank_account[2].institution" not in values
    assert values["section_c.other_asset[1].description"] == (
        "Furniture and personal effects")
    assert values["section_c.other_asset[1].current_value"] == Decimal(1500)
    assert values["section_c.other_asset[1].equity"] == Decimal(1500)
    assert not any(k.startswith("section_f.") for k in values)  # retired, no wages
    assert values["section_g.social_security"] == Decimal(1850)
    assert values["section_g.pension"] == Decimal(400)
    assert values["section_g.net_self_employment"] == Decimal(0)
    # box 1: the standard for one person (867) is more than the actual 700 (instructions p.4)
    assert values["section_h.food_personal_care.total.actual"] == Decimal(867)
    assert values.get("section_h.food_personal_care.food.actual") is None
    assert values["section_h.transportation.public_transportation.actual"] == Decimal(60)
    assert values["section_h.transportation.vehicle_operating.actual"] == Decimal(0)
    assert values["section_h.transportation.total.actual"] == Decimal(60)
    assert values["section_h.housing_utilities.total.actual"] == Decimal(1280)
    assert values["section_h.medical.health_insurance.actual"] == Decimal(185)  # 184.90
    # box 4: out-of-pocket standard for 65 and older (190) above the actual 175
    assert values["section_h.medical.out_of_pocket.actual"] == Decimal(190)
    assert values["section_h.medical.total.actual"] == Decimal(375)
    assert values["section_h.other.total.actual"] == Decimal(0)
    assert values["signature.date"] == date(2026, 10, 15)


def test_wage_earner_pay_deductions_become_monthly() -> None:
    values = build(example("oic-lump-sum-single"))
    assert values["section_f.taxpayer.employer"] == (
        "Bayou City Medical Billing LLC\n8800 Kirby Dr, Houston, TX 77054")
    assert values["section_f.taxpayer.paid_biweekly"] is True
    assert values["section_f.taxpayer.paid_weekly"] is False
    assert values["section_f.taxpayer.paid_semimonthly"] is False
    assert values["section_f.taxpayer.paid_monthly"] is False
    assert values["section_f.taxpayer.gross_per_pay_period"] == Decimal("1780.00")
    assert values["section_f.taxpayer.federal_tax"] == Decimal("130.50")
    assert values["section_f.taxpayer.time_at_employer"] == "8 yrs 8 mos"  # 2018-02-05 .. 2026-11-02
    assert values["section_a.investment[1].institution"] == "Fidelity"
    assert values["section_a.investment[1].type"] == "401(k)"
    assert values["section_a.investment[1].balance"] == Decimal(7300)
    # voluntary 401(k) deferral: 17.00 biweekly x 2.17 = 36.89, printed 37
    assert values["section_h.other.retirement_voluntary.actual"] == Decimal(37)
    assert values["section_h.other.total.actual"] == Decimal(37)
    assert "signature.date" not in values  # only the 656 / 433-A (OIC) / 2848 are signed


def test_joint_household() -> None:
    values = build(example("oic-periodic-joint-self-employed"))
    assert values["taxpayer.name_and_address"].startswith(
        "James O. Okafor & Patricia A. Okafor\n2218 E Juanita Ave\n")
    assert values["taxpayer.ssn"] == "524-61-7788"
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["taxpayer.cell_phone"] == "(480) 555-0177"
    assert values["spouse.cell_phone"] == "(480) 555-0178"
    assert values["household.under_65"] == 4  # both spouses and two dependent children
    assert values["household.age_65_or_over"] == 0
    assert values["business.name"] == "Okafor Landscaping"
    assert values["business.type"] == "Residential landscaping and yard maintenance"
    assert values["business.employees"] == 0
    # three accounts (two personal, the business one): the second row says where the rest is
    assert values["section_a.bank_account[1].type"] == "Checking"
    assert values["section_a.bank_account[2].institution"] == "See continuation sheet: 2 more listed"
    assert values["section_a.investment[1].type"] == "403(b)"
    assert values["section_c.other_asset[1].description"] == "2022 Ford F-150"
    assert values["section_c.other_asset[1].monthly_payment"] == Decimal(485)
    assert values["section_c.other_asset[1].final_payment_month"] == "09"
    assert values["section_c.other_asset[1].final_payment_year"] == "29"
    assert values["section_c.other_asset[1].equity"] == Decimal(6000)
    assert values["section_c.other_asset[2].description"] == "See continuation sheet: 3 more listed"
    assert "section_f.taxpayer.employer" not in values
    assert values["section_f.spouse.employer"] == "Mesa Public Schools\n63 E Main St, Mesa, AZ 85201"
    assert values["section_f.spouse.paid_biweekly"] is True
    assert values["section_f.spouse.gross_per_pay_period"] == Decimal(1240)
    assert values["section_f.spouse.federal_tax"] == Decimal("61.20")
    assert values["section_f.spouse.state_tax"] == Decimal("23.10")
    assert values["section_f.spouse.time_at_employer"] == "10 yrs 3 mos"
    assert values["section_g.net_self_employment"] == Decimal(5900)
    assert values["section_h.other.child_dependent_care.actual"] == Decimal(400)
    assert values["section_h.other.estimated_tax.actual"] == Decimal(400)
    assert values["section_h.other.term_life_insurance.actual"] == Decimal(45)
    # employer-required retirement: 92.49 biweekly x 2.17 = 200.70, printed 201
    assert values["section_h.other.retirement_required.actual"] == Decimal(201)
    assert values["section_h.other.total.actual"] == Decimal(1046)  # 400 + 400 + 45 + 201


def test_tables_real_estate_assets_receivables_and_other_expenses() -> None:
    form = mapped(REV, rich_case())
    values = form.values
    check_values(REV, values)
    assert values["business.ein"] == "86-1234567"
    assert values["business.employees"] == 2
    # A: the business account stays with the bank accounts, the CD goes to investments
    assert values["section_a.bank_account[1].institution"] == "Chase"
    assert values["section_a.bank_account[1].business"] is True
    assert "section_a.bank_account[2].institution" not in values
    assert values["section_a.investment[1].institution"] == "Western Alliance"
    assert values["section_a.investment[1].type"] == "CD"
    assert values["section_a.investment[1].account_number"] == "XXXX0042"
    # CD, index fund and the 403(b): two continue on the sheet
    assert values["section_a.investment[2].institution"] == "See continuation sheet: 2 more listed"
    listed = {o.table.id: o.rows for o in form.overflows}["investments"]
    assert [(r.cells["institution"], r.cells["type"]) for r in listed] == [
        ("Vanguard", "Mutual fund"), ("ASRS", "403(b)")]
    assert values["section_a.digital_asset[1].currency_type"] == "Bitcoin"
    assert values["section_a.digital_asset[1].wallet"] == "Coinbase"
    assert values["section_a.digital_asset[1].value"] == Decimal("3250.75")
    # B
    assert values["section_b.real_estate[1].description"] == (
        "Single-family home\n2218 E Juanita Ave, Mesa, AZ 85204 (Maricopa County)")
    assert values["section_b.real_estate[1].primary_residence"] is True
    assert values["section_b.real_estate[1].other"] is False
    assert values["section_b.real_estate[1].monthly_payment"] == Decimal("1890.40")
    assert values["section_b.real_estate[1].year_purchased"] == 2015
    assert values["section_b.real_estate[1].purchase_price"] == Decimal(265000)
    assert values["section_b.real_estate[1].equity"] == Decimal(109000)
    assert values["section_b.real_estate[2].primary_residence"] is False
    assert values["section_b.real_estate[2].other"] is True
    assert values["section_b.real_estate[2].equity"] == Decimal(30000)
    assert values.get("section_b.real_estate[2].monthly_payment") is None  # no mortgage
    # C: leased vehicle (no year purchased), then the whole-life policy at cash value
    assert values["section_c.other_asset[1].description"] == "2024 Toyota RAV4 (lease)"
    assert values.get("section_c.other_asset[1].year_purchased") is None
    assert values["section_c.other_asset[1].monthly_payment"] == Decimal(410)
    assert values["section_c.other_asset[1].final_payment_month"] == "03"
    assert values["section_c.other_asset[1].final_payment_year"] == "27"
    others = {o.table.id: o.rows for o in form.overflows}["other_assets"]
    policy = others[0].cells
    assert policy["description"] == "Whole life insurance, Northwestern Mutual"
    assert (policy["current_value"], policy["equity"]) == (Decimal(12500), Decimal(10000))
    assert [r.cells["description"] for r in others[1:]] == ["Furniture and personal effects",
                                                            "Mowers, trimmers and trailer"]
    # D: the example's credit accounts, the Capital One card with the payment that names it
    # (40.00 biweekly x 2.17 = 86.80), then the payment on no recorded account
    assert values["section_d.credit_card[1].type"] == "Visa credit card, Capital One"
    assert values["section_d.credit_card[1].credit_limit"] == Decimal(3500)
    assert values["section_d.credit_card[1].balance_owed"] == Decimal("2870.44")
    assert values["section_d.credit_card[1].minimum_payment"] == Decimal("86.80")
    assert values["section_d.credit_card[2].type"] == "See continuation sheet: 2 more listed"
    cards = {o.table.id: o.rows for o in form.overflows}["credit_cards"]
    assert [(r.cells["type"], r.cells["credit_limit"], r.cells["balance_owed"], r.cells["minimum_payment"])
            for r in cards] == [("Line of credit, Desert Financial Credit Union", Decimal(5000), Decimal(5000), None),
                                ("Visa (Chase)", None, None, Decimal(95))]
    # E
    assert values["section_e1.receivable[1].name"] == "Smith HOA"
    assert values["section_e1.receivable[2].amount_owed"] == Decimal(300)
    assert values["section_e1.additional_sheets_total"] == Decimal("1025.50")
    assert values["section_e1.total_available"] == Decimal("2525.50")
    assert values["section_e2.name_on_account"] == "Okafor Landscaping"
    # E2: the cards the business accepts, then its payment processor (the instructions: "and/or
    # digital assets wallet, exchange or digital currency exchange")
    assert [[values[f"section_e2.card[{n}].{c}"] for c in ("card_type", "issuing_bank", "merchant_account_number")]
            for n in (1, 2, 3)] == [
        ["Visa", "Sutton Bank, 1 S Main St, Attica, OH 44807", "XXXX5530"],
        ["MasterCard", "Sutton Bank, 1 S Main St, Attica, OH 44807", "XXXX5531"],
        ["Payment processor", "Square, Inc., 1955 Broadway Suite 600, Oakland, CA 94612", "XXXX7Q2M"]]
    # H.3: the mortgage is in Section B, so it leaves the housing total (2450 - 1890.40)
    assert values["section_h.housing_utilities.total.actual"] == Decimal(560)
    # H.5
    assert values["section_h.other.student_loans.actual"] == Decimal(180)
    assert values["section_h.other.retirement_voluntary.actual"] == Decimal(100)
    assert values["section_h.other.delinquent_state_local_taxes.actual"] == Decimal(125)
    assert values["section_h.other.other_court_ordered.actual"] == Decimal(300)
    assert values["section_h.other.other[1].description"] == "Secured debts"
    assert values["section_h.other.other[1].actual"] == Decimal(150)
    assert values["section_h.other.other[2].description"] == "Church tithe"
    # the third row says where the rest is and carries its total; the sheet lists each one
    assert values["section_h.other.other[3].description"].startswith("See cont")
    assert values["section_h.other.other[3].actual"] == Decimal(735)  # tuition 650 + storage 85
    rest = {o.table.id: o.rows for o in form.overflows}["other_expenses"]
    assert [(r.cells["description"], r.cells["actual"]) for r in rest] == [
        ("Private school", Decimal(650)), ("Storage unit", Decimal(85))]
    # 400 care + 400 est. tax + 45 term life + 201 req. retirement + 100 + 125 + 180
    # + 300 court + 150 + 200 + 735
    assert values["section_h.other.total.actual"] == Decimal(2836)


def test_spouse_signature_date_when_only_the_spouse_signed() -> None:
    case = example("oic-periodic-joint-self-employed")
    signed = FormSignature(form="433-F", signer="spouse", signed=True, date=date(2026, 11, 12))
    values = build(dataclasses.replace(case, signatures=(signed,)))
    assert values["signature.date"] == date(2026, 11, 12)


def test_union_dues_and_court_orders_withheld_from_pay() -> None:
    case = example("oic-lump-sum-single")
    wages = case.income[0]
    deductions = Deductions(federal_tax=Decimal("176.12"), union_dues=Decimal(20),
                            court_ordered=Decimal(100), retirement_required=Decimal(50))
    weekly = dataclasses.replace(wages, frequency="weekly", deductions=deductions)
    values = build(dataclasses.replace(case, income=(weekly,)))
    assert values["section_f.taxpayer.paid_weekly"] is True
    assert values["section_h.other.union_dues.actual"] == Decimal(86)  # 20 x 4.3
    assert values["section_h.other.other_court_ordered.actual"] == Decimal(430)
    assert values["section_h.other.retirement_required.actual"] == Decimal(215)
    assert values["section_h.other.retirement_voluntary.actual"] == Decimal(0)


@pytest.mark.official_pdf
def test_credit_cards_and_merchant_accounts_read_back_with_pdftk_and_pdftotext(tmp_path: Path) -> None:
    """Section D and E2 of the filled PDF as pdftk reads the fields and pdftotext the continuation
    sheet: amounts in whole dollars (2,870.44 -> 2,870; 86.80 -> 87)."""
    from formkit.forms.fill import fill_form
    from tests.conftest import official_forms_dir
    from tests.pdf.helpers import pdftk_fields

    pdf = tmp_path / "f433f.pdf"
    pdf.write_bytes(fill_form(REV, rich_case(), forms_dir=official_forms_dir()))
    read = pdftk_fields(pdf)

    def value(key: str) -> str | None:
        found: str | None = read[REV.fields[key].pdf]["value"]
        return found

    assert [value(f"section_d.credit_card[1].{c}") for c in ("type", "credit_limit", "balance_owed",
                                                              "minimum_payment")] == [
        "Visa credit card, Capital One", "3,500", "2,870", "87"]
    assert value("section_d.credit_card[2].type") == "See continuation sheet: 2 more listed"
    assert [value(f"section_e2.card[3].{c}") for c in ("card_type", "issuing_bank", "merchant_account_number")] == [
        "Payment processor", "Square, Inc., 1955 Broadway Suite 600, Oakland, CA 94612", "XXXX7Q2M"]
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheet = " ".join(text[text.index("Section D, line D"):].split())
    for expected in ("Line of credit, Desert Financial Credit Union", "Credit limit $5,000", "Balance owed $5,000",
                     "Visa (Chase)", "Minimum monthly payment $95"):
        assert expected in sheet, expected
