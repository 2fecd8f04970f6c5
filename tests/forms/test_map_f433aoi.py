"""Form 433-A (OIC) Rev. 4-2025: checks of the field map only this form needs, and the mapper on
the example cases (values worked out by hand from the example JSON). The checks every form's map
passes against the official PDF are in test_coverage.py."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from decimal import Decimal

import pytest

from formkit.case import Case
from formkit.case.model import AssetWithLoan, Attachment, BankAccount, Vehicle
from formkit.forms.mappers import f433aoi
from tests.forms.support import FakeAnalysis, check_values, example, field_map, official_pdf, pdf_widgets, revision

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
# (b) the mapper on the example cases


SINGLE_ANALYSIS = {
    "oic.line_1": Decimal(1365), "oic.line_2": Decimal(0),
    "oic.line_3a.quick_sale_value": Decimal(5840), "oic.line_3a": Decimal(5840),
    "oic.line_3": Decimal(5840), "oic.line_4": Decimal(0), "oic.line_5": Decimal(0),
    "oic.line_6a.quick_sale_value": Decimal(7840), "oic.line_6a": Decimal(7840),
    "oic.line_6b": Decimal(4390), "oic.line_6": Decimal(4390),
    "oic.line_7b.quick_sale_value": Decimal(2800), "oic.line_7b": Decimal(2800),
    "oic.line_7": Decimal(0), "oic.box_a": Decimal(11595),
    "oic.line_30": Decimal(4373), "oic.line_36": Decimal(0), "oic.box_d": Decimal(4373),
    "oic.line_39": Decimal(801), "oic.line_45": Decimal(84),
    "oic.box_e": Decimal(3806), "oic.box_f": Decimal(567),
    "oic.box_g": Decimal(6804), "oic.box_h": Decimal(13608),
    "oic.minimum_offer.lump_sum": Decimal(18399), "oic.minimum_offer.periodic": Decimal(25203),
    # asked only for a self-employed case: must not appear on a wage earner's form
    "oic.box_b": Decimal(777), "oic.line_8": Decimal(777), "oic.box_c": Decimal(888),
}


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
    v = f433aoi.build(single, None)
    check_values(REV, v, allow_none=False)
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
    v = f433aoi.build(single, None)
    assert v["taxpayer.employer.name"] == "Bayou City Medical Billing LLC"
    assert v["taxpayer.employer.address"] == "8800 Kirby Dr, Houston, TX 77054"
    assert v["taxpayer.employer.pay_period.biweekly"] is True
    assert v["taxpayer.employer.pay_period.weekly"] is False
    assert v["taxpayer.employer.pay_period.other"] is False
    assert v["taxpayer.occupation"] == "Medical billing clerk"
    # 2018-02-05 to 2026-11-02 (prepared_on): 8 years and 8 whole months
    assert (v["taxpayer.employer.years"], v["taxpayer.employer.months"]) == (8, 8)


def test_single_personal_assets_from_case(single: Case) -> None:
    v = f433aoi.build(single, None)
    # cash on hand takes the row with the Cash box; checking on 1b; savings to the attachment
    assert v["line_1a.cash"] is True and v["line_1a.checking"] is False
    assert v["line_1a.amount"] == Decimal("120")
    assert "line_1a.bank_name" not in v
    assert v["line_1b.checking"] is True and v["line_1b.savings"] is False
    assert v["line_1b.bank_name"] == "Texas Gulf Credit Union"
    assert v["line_1b.account_number"] == "XXXX4417"
    assert v["line_1b.amount"] == Decimal("1835.22")
    assert v["line_1c.attachment_total"] == Decimal("410.00")
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


def test_single_without_analysis_leaves_computed_lines_blank(single: Case) -> None:
    v = f433aoi.build(single, None)
    computed = ("line_1.total", "line_3a.quick_sale_value", "line_3a.amount", "line_6a.amount",
                "line_6b.after_allowance", "line_7.total", "box_a", "line_30.total",
                "line_39.food_clothing_misc", "line_45.out_of_pocket_health", "box_d", "box_e",
                "box_f", "box_g", "box_h", "section_8.offer_amount",
                "section_8.box_a_plus_box_b")
    assert [k for k in computed if k in v] == []


def test_single_household_income_and_expenses(single: Case) -> None:
    v = f433aoi.build(single, None)
    # 1,780.00 biweekly x 2.17 (the form's factor) = 3,862.60
    assert v["line_30.wages"] == Decimal("3862.60")
    assert v["line_30.social_security"] == Decimal(0)
    assert "line_31.wages" not in v  # no spouse
    assert v["line_40.housing_utilities"] == Decimal("1650")
    assert v["line_41.vehicle_payments"] == Decimal(0)
    assert v["line_42.vehicle_operating"] == Decimal("310")
    assert v["line_44.health_insurance"] == Decimal("212.94")
    assert v["line_49.current_taxes"] == Decimal("578.67")
    assert v["line_51.delinquent_state_local_taxes"] == Decimal(0)


def test_single_computed_lines_come_from_the_analysis(single: Case) -> None:
    analysis = FakeAnalysis(SINGLE_ANALYSIS)
    v = f433aoi.build(single, analysis)
    check_values(REV, v, allow_none=False)
    assert v["line_1.total"] == Decimal(1365)
    assert v["line_3a.quick_sale_value"] == Decimal(5840)
    assert v["line_6a.quick_sale_value"] == Decimal(7840)
    assert v["line_6b.after_allowance"] == Decimal(4390)
    assert v["line_7b.amount"] == Decimal(2800)
    assert v["box_a"] == Decimal(11595)
    # lines 39 and 45: the full standard from the analysis, not the case's actual 780 / 60
    assert v["line_39.food_clothing_misc"] == Decimal(801)
    assert v["line_45.out_of_pocket_health"] == Decimal(84)
    assert v["box_d"] == Decimal(4373)
    assert v["box_e"] == Decimal(3806)
    assert v["box_f"] == Decimal(567)
    # lump-sum offer: the Box G side of Section 8 only
    assert v["section_8.lump_sum.box_f"] == Decimal(567)
    assert v["box_g"] == Decimal(6804)
    assert "box_h" not in v and "section_8.periodic.box_f" not in v
    assert v["section_8.box_a_plus_box_b"] == Decimal(11595)  # no business: Box A alone
    assert v["section_8.box_g_or_box_h"] == Decimal(6804)
    assert v["section_8.offer_amount"] == Decimal(18399)
    # a wage earner's form has no Section 4-6 entries even if the analysis has Box B/C
    assert [k for k in v if k.split(".")[0] in SECTIONS_4_TO_6] == []
    assert "oic.box_c" not in analysis.asked
    assert "oic.line_10" not in analysis.asked  # read-only on the form


def test_single_other_information_and_signature(single: Case) -> None:
    v = f433aoi.build(single, None)
    for question in ("litigation", "bankruptcy", "lived_abroad", "trust_beneficiary", "trustee",
                     "safe_deposit_box", "asset_transfers", "foreign_assets", "funds_in_trust"):
        assert v[f"{question}.no"] is True and v[f"{question}.yes"] is False, question
    assert "irs_litigation.yes" not in v and "irs_litigation.no" not in v  # not in the case
    assert v["taxpayer.signature_date"] == date(2026, 10, 27)
    assert "spouse.signature_date" not in v
    assert v["attachments.pay_stubs"] is True
    assert v["attachments.bank_statements"] is True
    assert v["attachments.investment_retirement_statements"] is True
    assert v["attachments.lender_statements"] is False
    assert v["attachments.form_2848"] is True
    assert v["attachments.form_656"] is True


def test_joint_spouse_household_and_employment(joint: Case) -> None:
    v = f433aoi.build(joint, None)
    check_values(REV, v, allow_none=False)
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
    # 1,240.00 biweekly x 2.17
    assert v["line_31.wages"] == Decimal("2690.80")
    assert v["line_30.wages"] == Decimal(0)
    assert v["line_41.vehicle_payments"] == Decimal("485")
    assert v["line_47.child_dependent_care"] == Decimal("400")
    assert v["line_48.life_insurance_premiums"] == Decimal("45")
    assert v["spouse.signature_date"] == date(2026, 11, 3)


def test_joint_assets_and_business(joint: Case) -> None:
    v = f433aoi.build(joint, None)
    assert v["line_1a.amount"] == Decimal("150")
    assert v["line_1b.amount"] == Decimal("2450.00")
    assert v["line_1c.attachment_total"] == Decimal("600.00")  # the business account is not here
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
    assert v["line_8a.bank_name"] == "Chase" and v["line_8a.amount"] == Decimal("2100.00")
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
    v = f433aoi.build(no_pl, None)
    assert v["line_12.gross_receipts"] == Decimal("9500")
    assert v["line_18.materials"] == Decimal("1900")
    assert v["line_24.vehicle_costs"] == Decimal("650")
    assert v["line_28.other_expenses"] == Decimal("350")  # depreciation (400) is not added
    assert v["line_20.gross_wages"] == Decimal(0)


def test_joint_periodic_offer_uses_box_h(joint: Case) -> None:
    analysis = FakeAnalysis({
        "oic.box_a": Decimal(9000), "oic.box_b": Decimal(2100), "oic.box_f": Decimal(400),
        "oic.box_g": Decimal(4800), "oic.box_h": Decimal(9600), "oic.line_11": Decimal(0),
        "oic.line_9a.quick_sale_value": Decimal(9600), "oic.line_9a": Decimal(0),
        "oic.line_6d": Decimal(1750), "oic.box_c": Decimal(5700), "oic.line_36": Decimal(5700),
        "oic.minimum_offer.lump_sum": Decimal(15900),
        "oic.minimum_offer.periodic": Decimal(20700),
    })
    v = f433aoi.build(joint, analysis)
    check_values(REV, v, allow_none=False)
    assert v["box_h"] == Decimal(9600) and v["section_8.periodic.box_f"] == Decimal(400)
    assert "box_g" not in v and "section_8.lump_sum.box_f" not in v
    assert v["section_8.box_a_plus_box_b"] == Decimal(11100)
    assert v["section_8.box_g_or_box_h"] == Decimal(9600)
    assert v["section_8.offer_amount"] == Decimal(20700)
    assert v["box_b"] == Decimal(2100) and v["box_c"] == Decimal(5700)
    assert v["line_9a.quick_sale_value"] == Decimal(9600) and v["line_9a.amount"] == Decimal(0)
    assert v["line_6d.after_allowance"] == Decimal(1750)
    assert v["line_36.net_business_income"] == Decimal(5700)


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
    analysis = FakeAnalysis({"oic.line_6e": Decimal(1600), "oic.line_6c": Decimal(0)})
    v = f433aoi.build(case, analysis)
    check_values(REV, v, allow_none=False)
    assert v["line_6c.lease"] is True and v["line_6c.own"] is False
    assert v["line_6c.amount"] == Decimal(0)
    assert v["line_6e.attachment_total"] == Decimal(1600)
    assert v["line_1c.attachment_total"] == Decimal("500.10")  # savings 410 + online 90.10
    assert v["line_7a.description"] == "Gold necklace"
    assert v["line_7b.description"] == "Furniture and personal effects"
    assert v["line_8a.amount"] == Decimal("500")  # the business account moves to Section 5


def test_pay_period_other_and_monthly_conversion(single: Case) -> None:
    job = dataclasses.replace(single.income[0], frequency="semimonthly", gross=Decimal("2000"))
    case = dataclasses.replace(single, income=(job,))
    v = f433aoi.build(case, None)
    assert v["taxpayer.employer.pay_period.other"] is True
    assert v["taxpayer.employer.pay_period.biweekly"] is False
    assert v["line_30.wages"] == Decimal("4000")


def test_attachment_checklist_follows_the_case(single: Case) -> None:
    extra = (*single.attachments, Attachment(document_type="court_order"))
    v = f433aoi.build(dataclasses.replace(single, attachments=extra), None)
    assert v["attachments.court_orders"] is True
    v = f433aoi.build(dataclasses.replace(single, attachments=()), None)
    assert v["attachments.pay_stubs"] is False and v["attachments.bank_statements"] is False


@pytest.mark.parametrize("name", ["oic-lump-sum-single", "oic-periodic-joint-self-employed", "cnc-hardship"])
def test_section_7_lines_add_up_to_box_e(name: str) -> None:
    """With a real analysis the printed expense lines are the allowed amounts, so the form's
    own arithmetic holds: Box E = lines 39 through 51 (whole dollars)."""
    from formkit.analysis import analyze

    case = example(name)
    values = f433aoi.build(case, analyze(case))
    lines = [k for k in values if re.match(r"line_(39|4\d|5[01])\.[a-z_]+$", k) and k != "line_48.policy_amount"]
    assert len(lines) == 13
    total = sum(Decimal(str(values[k])) for k in lines)
    assert total == values["box_e"]
