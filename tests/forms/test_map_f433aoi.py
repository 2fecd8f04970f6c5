"""Form 433-A (OIC) Rev. 4-2025: checks of the field map only this form needs, and the values it
prints for the example cases, resolved against the real analysis (values worked out by hand
from the example JSON and the form's own arithmetic). The checks every form's map passes
against the official PDF are in test_coverage.py."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest

from formkit.case import Case
from formkit.case.model import AssetWithLoan, Attachment, BankAccount, OtherInformation, Receivable, Vehicle
from formkit.forms.mapping import FieldValues
from tests.forms.support import check_values, example, field_map, mapped, official_pdf, pdf_widgets, revision

REV = revision("f433aoi", "4-2025")
FIELDS = field_map(REV)["fields"]
TODAY = date(2026, 11, 25)


# ---------------------------------------------------------------------------------------------
# (a) the field map


@pytest.mark.official_pdf
def test_line_10_is_read_only_and_unmapped() -> None:
    widgets = pdf_widgets(official_pdf(REV))
    line_10 = "topmostSubform[0].F433-A-OIC_Page5[0].Section5[0].TotalValue[0].Line10[0]"
    assert widgets[line_10]["readonly"] and line_10 in field_map(REV)["unmapped"]


def test_the_same_concept_keeps_the_same_key_across_forms() -> None:
    for key in ("taxpayer.first_name", "taxpayer.last_name", "taxpayer.ssn", "spouse.ssn",
                "line_39.food_clothing_misc", "box_a", "box_h"):
        assert key in FIELDS


# ---------------------------------------------------------------------------------------------
# (b) the values on the example cases


def build(case: Case) -> FieldValues:
    values = mapped(REV, case).values
    check_values(REV, values, allow_none=False)
    return values


SECTIONS_4_TO_6 = frozenset({
    "business", "other_business", "notes_receivable", "accounts_receivable", "section_6",
    "box_b", "box_c", "line_8a", "line_8b", "line_8c", "line_8d", "line_8", "line_9a", "line_9b",
    "line_9c", "line_9", "line_11", *(f"line_{n}" for n in range(12, 30))})


@pytest.fixture(scope="module")
def single() -> Case:
    return example("oic-lump-sum-single", today=TODAY)


@pytest.fixture(scope="module")
def joint() -> Case:
    return example("oic-periodic-joint-self-employed", today=TODAY)


def test_single_identity_and_household(single: Case) -> None:
    v = build(single)
    assert v["taxpayer.last_name"] == "Gonzalez"
    assert v["taxpayer.first_name"] == "Maria"
    assert v["taxpayer.ssn"] == "512-48-3321"
    assert v["taxpayer.date_of_birth"] == date(1979, 3, 14)
    assert v["marital_status.unmarried"] is True and v["marital_status.married"] is False
    assert v["taxpayer.address.full"] == "4415 Bellfort Ave Apt 12, Houston, TX 77051"
    assert v["taxpayer.address.county"] == "Harris County"
    assert v["taxpayer.primary_phone"] == "(713) 555-0142"
    assert "taxpayer.secondary_phone" not in v
    assert v["community_property_state"] is False
    assert not any(k.startswith(("spouse.", "household[")) for k in v)
    assert "taxpayer.mailing_address.full" not in v


def test_single_employment(single: Case) -> None:
    v = build(single)
    assert v["taxpayer.employer.name"] == "Bayou City Medical Billing LLC"
    assert v["taxpayer.employer.address"] == "8800 Kirby Dr, Houston, TX 77054"
    assert v["taxpayer.employer.pay_period.biweekly"] is True
    assert v["taxpayer.employer.pay_period.weekly"] is False
    assert v["taxpayer.employer.pay_period.other"] is False
    assert v["taxpayer.occupation"] == "Medical billing clerk"
    # 2018-02-05 to 2026-11-02 (prepared_on): 8 years and 8 whole months
    assert (v["taxpayer.employer.years"], v["taxpayer.employer.months"]) == (8, 8)


def test_single_personal_assets_from_case(single: Case) -> None:
    v = build(single)
    # cash on hand takes the row with the Cash box; checking on 1b; savings to the attachment
    assert v["line_1a.cash"] is True and v["line_1a.checking"] is False
    assert v["line_1a.amount"] == Decimal(120)
    assert "line_1a.bank_name" not in v
    assert v["line_1b.checking"] is True and v["line_1b.savings"] is False
    assert v["line_1b.bank_name"] == "Texas Gulf Credit Union"
    assert v["line_1b.account_number"] == "XXXX4417"
    assert v["line_1b.amount"] == Decimal(1835)  # 1,835.22, whole dollars
    assert v["line_1c.attachment_total"] == Decimal(410)  # the savings account, listed on the sheet
    assert v["line_3a.401k"] is True and v["line_3a.ira"] is False
    assert v["line_3a.institution"] == "Fidelity"
    assert v["line_3a.market_value"] == Decimal("7300")
    assert v["line_3a.loan_balance"] == Decimal("0")
    assert v["line_6a.make_model"] == "Toyota Corolla"
    assert v["line_6a.year"] == 2017
    assert v["line_6a.mileage"] == 118000
    assert v["line_6a.own"] is True and v["line_6a.lease"] is False
    assert v["line_6a.market_value"] == Decimal("9800")
    assert "line_6a.monthly_payment" not in v  # owned outright
    assert not any(k.startswith("line_6c.") for k in v)
    # furniture goes on 7b (remaining furniture and personal effects), 7a stays empty
    assert v["line_7b.description"] == "Furniture and personal effects"
    assert v["line_7b.market_value"] == Decimal("3500")
    assert not any(k.startswith(("line_7a.", "line_2a.", "line_4a.", "line_5a.")) for k in v)


def test_single_household_income_and_expenses(single: Case) -> None:
    v = build(single)
    # 1,780.00 biweekly x 2.17 (the form's factor) = 3,862.60, whole dollars
    assert v["line_30.wages"] == Decimal(3863)
    assert v["line_30.social_security"] == Decimal(0)
    assert "line_31.wages" not in v  # no spouse
    # the amounts allowed (lesser of actual and standard), whole dollars, so they add to Box E
    assert v["line_40.housing_utilities"] == Decimal(1650)
    assert v["line_41.vehicle_payments"] == Decimal(0)
    assert v["line_42.vehicle_operating"] == Decimal(310)
    assert v["line_44.health_insurance"] == Decimal(213)  # 212.94
    assert v["line_49.current_taxes"] == Decimal(579)  # 578.67
    assert v["line_51.delinquent_state_local_taxes"] == Decimal(0)


def test_single_computed_lines_come_from_the_analysis(single: Case) -> None:
    v = build(single)
    # line 1: 120 + 1,835.22 + 410.00 = 2,365.22 -> 2,365 - 1,000 allowance
    assert v["line_1.total"] == Decimal(1365)
    assert v["line_3a.quick_sale_value"] == Decimal(5840)  # 7,300 x .8
    assert v["line_6a.quick_sale_value"] == Decimal(7840)  # 9,800 x .8
    assert v["line_6b.after_allowance"] == Decimal(4390)  # 7,840 - 3,450
    assert v["line_7b.amount"] == Decimal(2800)  # 3,500 x .8
    assert v["line_7.total"] == Decimal(0)  # 2,800 - 11,710, never negative
    assert v["box_a"] == Decimal(11595)  # 1,365 + 5,840 + 4,390
    assert v["box_d"] == Decimal(3863)
    assert v["box_f"] == v["box_d"] - v["box_e"]  # type: ignore[operator]
    # lump-sum offer: the Box G side of Section 8 only
    assert v["section_8.lump_sum.box_f"] == v["box_f"]
    assert v["box_g"] == v["box_f"] * 12  # type: ignore[operator]
    assert "box_h" not in v and "section_8.periodic.box_f" not in v
    assert v["section_8.box_a_plus_box_b"] == Decimal(11595)  # no business: Box A alone
    assert v["section_8.box_g_or_box_h"] == v["box_g"]
    assert v["section_8.offer_amount"] == Decimal(11595) + v["box_g"]  # type: ignore[operator]
    # a wage earner's form has no Section 4-6 entries
    assert [k for k in v if k.split(".")[0] in SECTIONS_4_TO_6] == []


def test_single_other_information_and_signature(single: Case) -> None:
    v = build(single)
    for question in ("litigation", "bankruptcy", "lived_abroad", "trust_beneficiary", "trustee",
                     "safe_deposit_box", "asset_transfers", "foreign_assets", "funds_in_trust"):
        assert v[f"{question}.no"] is True and v[f"{question}.yes"] is False, question
    assert v["irs_litigation.no"] is True
    assert v["taxpayer.signature_date"] == date(2026, 10, 27)
    assert "spouse.signature_date" not in v
    assert v["attachments.pay_stubs"] is True
    assert v["attachments.bank_statements"] is True
    assert v["attachments.investment_retirement_statements"] is True
    assert v["attachments.lender_statements"] is False
    assert v["attachments.form_2848"] is True
    assert v["attachments.form_656"] is True


def test_joint_spouse_household_and_employment(joint: Case) -> None:
    v = build(joint)
    assert v["marital_status.married"] is True
    assert v["community_property_state"] is True
    assert v["spouse.first_name"] == "Patricia" and v["spouse.ssn"] == "526-33-9014"
    assert v["household[2].name"] == "Grace Okafor" and v["household[2].age"] == 9
    assert v["household[1].dependent.yes"] is True and v["household[1].contributes.no"] is True
    assert "household[3].name" not in v
    # the taxpayer is self-employed: no wage employer; the spouse's job fills her block
    assert not any(k.startswith("taxpayer.employer.") for k in v)
    assert v["spouse.employer.name"] == "Mesa Public Schools"
    assert v["spouse.employer.pay_period.biweekly"] is True
    # 2016-08-01 to 2026-11-09: 10 years 3 months
    assert (v["spouse.employer.years"], v["spouse.employer.months"]) == (10, 3)
    # 1,240.00 biweekly x 2.17 = 2,690.80
    assert v["line_31.wages"] == Decimal(2691)
    assert v["line_30.wages"] == Decimal(0)
    assert v["line_41.vehicle_payments"] == Decimal(485)
    assert v["line_47.child_dependent_care"] == Decimal(400)
    assert v["line_48.life_insurance_premiums"] == Decimal(45)
    # line 50 names what it includes: the employer-required retirement deduction, 92.49 x 2.17
    assert v["line_50.secured_debts_other"] == Decimal(201)
    assert v["line_50.list"] == "Employer-required retirement/union dues (payroll)"
    assert v["spouse.signature_date"] == date(2026, 11, 3)


def test_joint_assets_and_business(joint: Case) -> None:
    v = build(joint)
    assert v["line_1a.amount"] == Decimal(150)
    assert v["line_1b.amount"] == Decimal(2450)
    assert v["line_1c.attachment_total"] == Decimal(600)  # the business account is not here
    assert v["line_3a.other"] is True
    assert v["line_3a.other_description"] == "Arizona State Retirement System 403(b)"
    assert v["line_6a.creditor"] == "Ford Credit"
    assert v["line_6a.loan_balance"] == Decimal("18000")
    assert v["line_6a.monthly_payment"] == Decimal("485")
    assert v["line_6a.final_payment_date"] == date(2029, 9, 15)
    assert v["line_6c.make_model"] == "Honda Odyssey" and v["line_6c.year"] == 2014
    assert v["business.sole_proprietorship.yes"] is True
    assert v["business.name"] == "Okafor Landscaping"
    assert "business.address" not in v  # same as the personal residence
    assert v["other_business.no"] is True
    assert v["line_8a.checking"] is True and v["line_8a.cash"] is False
    assert v["line_8a.bank_name"] == "Chase" and v["line_8a.amount"] == Decimal(2100)
    assert v["line_9a.description"] == "Mowers, trimmers and trailer"
    assert v["line_9a.market_value"] == Decimal("12000")
    assert v["accounts_receivable.no"] is True and v["notes_receivable.no"] is True
    assert v["section_6.period_start"] == date(2025, 11, 1)
    assert v["section_6.period_end"] == date(2026, 10, 31)
    # a current P&L is attached: lines 12-16 and 18-28 stay blank (Section 6 header)
    assert not any(k.split(".")[0] in {f"line_{n}" for n in (*range(12, 17), *range(18, 29))}
                   for k in v)


def test_joint_without_pl_fills_business_lines(joint: Case) -> None:
    no_pl = dataclasses.replace(joint, attachments=tuple(
        a for a in joint.attachments if a.document_type != "profit_and_loss"))
    v = build(no_pl)
    assert v["line_12.gross_receipts"] == Decimal("9500")
    assert v["line_18.materials"] == Decimal("1900")
    assert v["line_24.vehicle_costs"] == Decimal("650")
    assert v["line_28.other_expenses"] == Decimal("350")  # depreciation (400) is not added
    assert v["line_20.gross_wages"] == Decimal(0)


def test_joint_periodic_offer_uses_box_h(joint: Case) -> None:
    v = build(joint)
    assert v["box_h"] == v["box_f"] * 24 and v["section_8.periodic.box_f"] == v["box_f"]  # type: ignore[operator]
    assert "box_g" not in v and "section_8.lump_sum.box_f" not in v
    # Box A: 150 + 2,450 + 600 - 1,000 = 2,200; 403(b) 14,000 x .8 = 11,200; vehicles:
    # 24,000 x .8 - 18,000 = 1,200 (6b: 0), 6,500 x .8 = 5,200 - 3,450 = 1,750 (6d, joint);
    # furniture 4,000 x .8 = 3,200 - 11,710 -> 0
    assert v["box_a"] == Decimal(2200 + 11200 + 1750)
    # Box B: Chase 2,100; equipment used in the production of income -> 0 (line 9a)
    assert v["box_b"] == Decimal(2100)
    assert v["line_9a.quick_sale_value"] == Decimal(9600) and v["line_9a.amount"] == Decimal(0)
    assert v["line_6d.after_allowance"] == Decimal(1750)
    assert v["box_c"] == Decimal(5900) and v["line_36.net_business_income"] == Decimal(5900)
    assert v["section_8.box_a_plus_box_b"] == Decimal(15150 + 2100)
    assert v["section_8.box_g_or_box_h"] == v["box_h"]
    assert v["section_8.offer_amount"] == Decimal(17250) + v["box_h"]  # type: ignore[operator]


def test_overflow_rows_go_to_the_attachment_lines(single: Case) -> None:
    cars = (*single.assets.vehicles,
            Vehicle(year=2012, make="Honda", model="Civic", value=Decimal(4000), leased=True),
            Vehicle(year=2009, make="Ford", model="Ranger", value=Decimal(2500)))
    accounts = (*single.assets.bank_accounts,
                BankAccount(institution="Ally", account_type="online", balance=Decimal("90.10")),
                BankAccount(institution="Chase", account_type="checking",
                            balance=Decimal("500"), business=True))
    effects = (AssetWithLoan(description="Gold necklace", value=Decimal(1200), kind="jewelry"),
               *single.assets.personal_effects)
    case = dataclasses.replace(single, assets=dataclasses.replace(
        single.assets, vehicles=cars, bank_accounts=accounts, personal_effects=effects))
    form = mapped(REV, case)
    v = form.values
    check_values(REV, v, allow_none=False)
    assert v["line_6c.lease"] is True and v["line_6c.own"] is False
    assert v["line_6c.amount"] == Decimal(0)  # leased: enter 0
    assert v["line_6e.attachment_total"] == Decimal(2000)  # the Ranger: 2,500 x .8
    assert v["line_1c.attachment_total"] == Decimal(500)  # savings 410 + online 90.10
    assert v["line_7a.description"] == "Gold necklace"
    assert v["line_7b.description"] == "Furniture and personal effects"
    assert v["line_8a.amount"] == Decimal(500)  # the business account moves to Section 5
    continued = {o.table.id: o.rows for o in form.overflows}
    assert [r.cells["make_model"] for r in continued["vehicles"]] == ["Ford Ranger"]
    assert continued["vehicles"][0].cells["quick_sale_value"] == Decimal(2000)
    assert [r.cells["bank_name"] for r in continued["cash_accounts"]] == ["Texas Gulf Credit Union", "Ally"]


def test_pay_period_other_and_monthly_conversion(single: Case) -> None:
    job = dataclasses.replace(single.income[0], frequency="semimonthly", gross=Decimal("2000"))
    case = dataclasses.replace(single, income=(job,))
    v = build(case)
    assert v["taxpayer.employer.pay_period.other"] is True
    assert v["taxpayer.employer.pay_period.biweekly"] is False
    assert v["line_30.wages"] == Decimal(4000)


def test_attachment_checklist_follows_the_case(single: Case) -> None:
    extra = (*single.attachments, Attachment(document_type="court_order"))
    v = build(dataclasses.replace(single, attachments=extra))
    assert v["attachments.court_orders"] is True
    v = build(dataclasses.replace(single, attachments=()))
    assert v["attachments.pay_stubs"] is False and v["attachments.bank_statements"] is False


@pytest.mark.parametrize("name", ["oic-lump-sum-single", "oic-periodic-joint-self-employed", "cnc-hardship"])
def test_section_7_lines_add_up_to_box_e(name: str) -> None:
    """With a real analysis the printed expense lines are the allowed amounts, so the form's
    own arithmetic holds: Box E = lines 39 through 51 (whole dollars)."""
    values = mapped(REV, example(name)).values
    not_amounts = ("line_48.policy_amount", "line_40.monthly_rent", "line_50.list", "line_51.total_tax_owed")
    lines = [k for k in values if re.match(r"line_(39|4\d|5[01])\.[a-z_]+$", k) and k not in not_amounts]
    assert len(lines) == 13
    total = sum(Decimal(str(values[k])) for k in lines)
    assert total == values["box_e"]


def test_every_question_is_answered_on_the_offer_examples(single: Case, joint: Case) -> None:
    assert mapped(REV, single).open_questions == ()
    assert mapped(REV, joint).open_questions == ()


def test_a_silent_case_leaves_each_question_open_with_the_fact_that_answers_it(single: Case) -> None:
    silent = dataclasses.replace(single, other_information=OtherInformation(), housing=None)
    open_questions = {q.question: q.fact for q in mapped(REV, silent).open_questions}
    assert open_questions["housing"] == "/housing/status"
    assert open_questions["litigation"] == "/other_information/party_to_lawsuit"
    assert open_questions["irs_litigation"] == "/other_information/irs_litigation"
    assert open_questions["bankruptcy"].startswith("(see mapper:bankruptcy_within")
    assert len(open_questions) == 11


def test_receivables_are_listed_and_answer_both_questions(joint: Case) -> None:
    owed = (Receivable(debtor="Mesa HOA", amount=Decimal(1200), kind="account"),
            Receivable(debtor="J. Smith (promissory note)", amount=Decimal(5000), kind="note"))
    form = mapped(REV, dataclasses.replace(joint, assets=dataclasses.replace(joint.assets, receivables=owed)))
    assert form.values["accounts_receivable.yes"] is True and form.values["notes_receivable.yes"] is True
    assert form.values["attachments.receivables_list"] is True
    (listed,) = [o for o in form.overflows if o.table.id == "receivables"]
    assert [r.cells["debtor"] for r in listed.rows] == ["Mesa HOA", "J. Smith (promissory note)"]
