"""One test per rule, on small variations of the example cases. Each expected number is
computed in the comment from the rule and the 2026 standards / Rev. 4-2025 constants."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.analysis import Analysis, StandardsError, analyze, load_library
from formkit.analysis import equity as equity_step
from formkit.analysis.context import Context
from formkit.analysis.tables import StandardsAt
from tests.analysis.conftest import amount, build, example_data

Mutation = Callable[[dict[str, Any]], None]


def variant(name: str, mutate: Mutation) -> Analysis:
    data = example_data(name)
    mutate(data)
    return analyze(build(data))


def single(mutate: Mutation) -> Analysis:
    """ia-streamlined: single, Cook County IL, as of 2026-11-16, RMI 921 before changes."""
    return variant("ia-streamlined", mutate)


def codes(a: Analysis) -> set[str]:
    return {f.code for f in a.findings}


# --- income ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("frequency", "gross", "monthly"), [
    ("weekly", "1000", "4300.00"),        # x 4.3 (Form 433-A Rev. 7-2022 note 1)
    ("biweekly", "1000", "2170.00"),      # x 2.17
    ("semimonthly", "1000", "2000.00"),   # x 2
    ("monthly", "1000", "1000.00"),
    ("quarterly", "3000", "1000.00"),     # / 3 (Form 433-F instructions Rev. 7-2024)
    ("annual", "60000", "5000.00"),       # / 12
])
def test_pay_period_conversion(frequency: str, gross: str, monthly: str) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["income"][0].update(frequency=frequency, gross=Decimal(gross))
        data["income"][0].pop("net")
    a = single(mutate)
    assert amount(a, "income.monthly.item[0].gross") == Decimal(monthly)


def test_net_from_deductions_when_no_net_given() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["income"][0].pop("net")
    a = single(mutate)
    # 1,385 - (131.20 + 67.15 + 105.95 + 44.43 = 348.73) = 1,036.27 weekly x 4.3 = 4,455.961 -> 4,455.96
    assert amount(a, "income.monthly.item[0].net") == Decimal("4455.96")


def test_both_spouses_on_their_own_lines() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["spouse"] = {"first_name": "Ann", "last_name": "Brennan", "ssn": "331-72-4411",
                          "date_of_birth": "1990-01-01"}
        data["filing_status"] = "married_filing_jointly"
        data["income"].append({"person": "spouse", "source": "social_security", "gross": Decimal("900"),
                               "frequency": "monthly"})
    a = single(mutate)
    assert amount(a, "oic.line_30") == 5956   # 1,385 x 4.3 = 5,955.50 -> 5,956
    assert amount(a, "oic.line_31.social_security") == 900
    assert amount(a, "oic.line_31") == 900
    assert amount(a, "income.monthly.spouse.gross") == 900
    assert amount(a, "oic.box_d") == 6856


def test_self_employment_item_without_business_detail_goes_on_line_36() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["income"].append({"person": "taxpayer", "source": "self_employment", "gross": Decimal("1200.40"),
                               "frequency": "monthly"})
    assert amount(single(mutate), "oic.line_36") == 1200


def test_depreciation_never_reduces_business_income() -> None:
    a = variant("oic-periodic-joint-self-employed",
                lambda data: data["business"]["monthly"].update(depreciation=Decimal("5000")))
    assert amount(a, "oic.box_c") == 5900  # 9,500 - 3,600; depreciation is non-cash
    assert "OIC-025" in codes(a)


# --- expenses -------------------------------------------------------------------------------

def test_housing_above_standard_is_capped() -> None:
    a = single(lambda data: data["expenses"].update(housing_utilities=Decimal("2600")))
    assert amount(a, "oic.line_40") == 2299  # Cook County, 1 person (IRS Local Standards, Housing and Utilities)
    assert "above the standard" in (a.line("expenses.allowable.housing_utilities").note or "")  # type: ignore[union-attr]


def test_national_standard_in_full_even_when_actual_is_higher() -> None:
    a = single(lambda data: data["expenses"].update(food_clothing_misc=Decimal("1200")))
    assert amount(a, "oic.line_39") == 867


def test_ownership_cost_per_vehicle_capped_and_one_vehicle_for_a_single_taxpayer() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["vehicles"][0]["monthly_payment"] = Decimal("800")
        data["assets"]["vehicles"].append({"year": 2019, "make": "Ford", "model": "Focus", "value": Decimal("9000"),
                                           "loan_balance": Decimal("4000"), "monthly_payment": Decimal("300")})
    a = single(mutate)
    # only one vehicle for a single taxpayer: the larger payment, capped at 703 per vehicle
    assert amount(a, "oic.line_41") == 703
    # operating: 1-car Chicago column 334; actual 290 is lower
    assert amount(a, "expenses.standard.vehicle_operating") == 334
    assert amount(a, "oic.line_42") == 290


def test_no_ownership_cost_without_a_loan_or_lease_payment() -> None:
    a = single(lambda data: data["assets"]["vehicles"][0].update(monthly_payment=Decimal("0")))
    assert amount(a, "oic.line_41") == 0


def test_public_transportation_with_a_vehicle_is_lesser_of_actual_and_standard() -> None:
    a = single(lambda data: data["expenses"].update(public_transportation=Decimal("300")))
    assert amount(a, "oic.line_43") == 220


def test_public_transportation_without_a_vehicle_is_the_full_standard() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["vehicles"] = []
        data["expenses"]["public_transportation"] = Decimal("35")
    a = single(mutate)
    assert amount(a, "oic.line_43") == 220
    assert amount(a, "oic.line_42") == 0


def test_out_of_pocket_health_care_by_age() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["household"] = [{"name": "Mother", "age": 70, "relationship": "mother", "claimed_as_dependent": True},
                             {"name": "Son", "age": 10, "relationship": "son", "claimed_as_dependent": True}]
    a = single(mutate)
    assert amount(a, "oic.line_45") == 90 + 163 + 90  # two under 65, one 65 or older
    assert amount(a, "oic.line_39") == 1857           # household of 3
    assert amount(a, "expenses.standard.housing_utilities") == 2845  # Cook County, family of 3


def test_expenses_not_allowed_stay_off_the_form() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["expenses"]["other"] = [
            {"description": "Private school", "amount": Decimal("500"), "category": "tuition"},
            {"description": "Federal student loan", "amount": Decimal("150"), "category": "student_loan"}]
    a = single(mutate)
    assert amount(a, "oic.line_50") == 150     # student loan allowed (line 50)
    assert amount(a, "rmi") == 921 - 150       # tuition is not
    assert "OIC-023" in codes(a)


def test_six_year_rule_note_when_actual_expenses_still_full_pay() -> None:
    a = single(lambda data: data["expenses"].update(housing_utilities=Decimal("2400")))
    # allowable total 867 + 2,299 + 389 + 290 + 191.05 + 90 + 1,308.43 = 5,434.48; with the actual
    # housing (101 more) 5,535.48; 5,956 - 5,535.48 = 420.52 x 72 = 30,277 >= 21,000.25: six-year rule.
    assert amount(a, "rmi.six_year_rule") == Decimal("420.52")
    assert "IA-SIX-YEAR-RULE" in codes(a)


def test_one_year_rule_note_when_actual_expenses_do_not_full_pay() -> None:
    a = single(lambda data: data["expenses"].update(housing_utilities=Decimal("2600")))
    # 5,956 - (5,434.48 + 301) = 220.52 x 72 = 15,877 < 21,000.25: one-year rule only.
    assert amount(a, "rmi.six_year_rule") == Decimal("220.52")
    assert "IA-ONE-YEAR-RULE" in codes(a)


# --- equity ---------------------------------------------------------------------------------

def test_negative_equity_does_not_offset_other_assets() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["vehicles"][0]["loan_balance"] = Decimal("20000")  # 15,500 x .8 - 20,000 < 0
        data["assets"]["investments"] = [{"description": "Brokerage", "value": Decimal("5000")}]
    a = single(mutate)
    assert amount(a, "oic.line_6a") == 0
    assert amount(a, "oic.line_6b") == 0
    assert amount(a, "oic.line_2") == 5000  # Rev. 4-2025: market value - loan, no x .8
    assert amount(a, "oic.box_a") == 410 + 5000  # 1,410 - 1,000 + 5,000


def test_leased_vehicle_has_no_equity() -> None:
    a = single(lambda data: data["assets"]["vehicles"][0].update(leased=True))
    assert amount(a, "oic.line_6a") == 0


def test_second_vehicle_allowance_only_on_a_joint_offer() -> None:
    car = {"year": 2018, "make": "Honda", "model": "Civic", "value": Decimal("10000")}
    a = single(lambda data: data["assets"]["vehicles"].append(dict(car)))
    # 6c = 10,000 x .8 = 8,000; not joint: 6d = 6c
    assert amount(a, "oic.line_6c") == 8000
    assert amount(a, "oic.line_6d") == 8000
    joint = variant("oic-periodic-joint-self-employed", lambda data: None)
    assert amount(joint, "oic.line_6d") == 5200 - 3450


def test_vehicle_order_warning_when_the_allowance_is_wasted() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["vehicles"][0]["loan_balance"] = Decimal("12400")  # equity 0 on 6a
        data["assets"]["vehicles"].append({"year": 2018, "make": "Honda", "model": "Civic", "value": Decimal("10000")})
    a = single(mutate)
    assert "OIC-VEHICLE-ORDER" in codes(a)  # Civic first would take the 3,450 allowance


def test_real_estate_life_insurance_and_retirement() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["real_estate"] = [{"description": "Home", "value": Decimal("250000"),
                                          "loan_balance": Decimal("180000"), "primary_residence": True,
                                          "address": data["address"]}]
        data["assets"]["life_insurance"] = [{"company": "MetLife", "policy_type": "whole",
                                             "face_amount": Decimal("50000"), "cash_value": Decimal("6000"),
                                             "loan_balance": Decimal("1000")}]
        data["assets"]["retirement_accounts"] = [{"description": "IRA", "value": Decimal("10000"),
                                                  "loan_balance": Decimal("0")}]
    a = single(mutate)
    assert amount(a, "oic.line_5") == 250000 * Decimal("0.8") - 180000   # 20,000
    assert amount(a, "oic.line_4") == 5000                               # 6,000 - 1,000
    assert amount(a, "oic.line_3") == 8000                               # 10,000 x .8


def test_personal_effects_deduction_once_on_the_total() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["personal_effects"] = [
            {"kind": "jewelry", "description": "Ring", "value": Decimal("10000")},
            {"kind": "furniture", "description": "Furniture", "value": Decimal("8000")}]
    a = single(mutate)
    # 7a 8,000 + 7b 6,400 = 14,400 - 11,710 = 2,690
    assert amount(a, "oic.line_7a") == 8000
    assert amount(a, "oic.line_7b") == 6400
    assert amount(a, "oic.line_7") == 2690


def test_rev_4_2021_constants_apply_to_an_earlier_date() -> None:
    data = example_data("ia-streamlined")
    data["assets"]["investments"] = [{"description": "Brokerage", "value": Decimal("5000")}]
    data["assets"]["personal_effects"] = [{"kind": "furniture", "description": "Furniture", "value": Decimal("15000")}]
    case = build(data)
    ctx = Context(case, date(2022, 1, 1), StandardsAt(load_library(), date(2022, 1, 1)))
    equity_step.compute(ctx)
    # Rev. 4-2021: investments x .8 (4,000); line 7: 12,000 - 9,790 = 2,210.
    assert ctx.ledger.amount("oic.line_2") == 4000
    assert ctx.ledger.amount("oic.line_7") == 2210


def test_business_equity_and_tools_of_trade() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["assets"]["business_assets"][0]["used_in_production_of_income"] = False
    a = variant("oic-periodic-joint-self-employed", mutate)
    # 12,000 x .8 = 9,600 - 5,860 = 3,740; Box B = 2,100 + 3,740
    assert amount(a, "oic.line_9") == 9600
    assert amount(a, "oic.line_11") == 3740
    assert amount(a, "oic.box_b") == 5840


# --- offer ----------------------------------------------------------------------------------

def test_future_income_months_limited_by_the_csed() -> None:
    def mutate(data: dict[str, Any]) -> None:
        for liability in data["liabilities"]:
            liability["csed"] = "2027-07-20"  # 8 whole months after 2026-11-16
    a = single(mutate)
    assert amount(a, "oic.future_income_months.lump_sum") == 8
    assert amount(a, "oic.box_g") == 921 * 8
    assert amount(a, "oic.box_h") == 921 * 8


def test_housing_row_is_never_borrowed_from_another_state() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["address"]["state"] = "AK"
        data["household"] = [{"name": f"Child {n}", "age": 5, "relationship": "child", "claimed_as_dependent": True}
                             for n in range(8)]
    with pytest.raises(StandardsError, match="Harris County, AK"):
        # the housing row is by state and county: never borrowed from another state
        variant("oic-lump-sum-single", mutate)


def test_low_income_threshold_for_nine_persons() -> None:
    from formkit.analysis.offer import low_income_threshold
    version = load_library().at("form_656", date(2026, 1, 1))
    # Form 656 Rev. 4-2025: 8 persons 131,800 + 13,450; Alaska 164,800 + 16,825; Hawaii 3 persons 74,225.
    assert low_income_threshold(version, "IL", 9) == (Decimal(145250), "contiguous")
    assert low_income_threshold(version, "AK", 9) == (Decimal(181625), "alaska")
    assert low_income_threshold(version, "HI", 3) == (Decimal(74225), "hawaii")


def test_initial_payment_short_of_twenty_percent_is_a_blocker() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["requests"][0]["initial_payment"] = Decimal("2000")  # 20% of 13,500 = 2,700
    a = variant("oic-lump-sum-single", mutate)
    assert amount(a, "oic.requested.initial_payment") == 2700
    assert "OIC-006" in {f.code for f in a.blockers}


# --- installment agreements -----------------------------------------------------------------

def test_guaranteed_agreement_for_small_tax() -> None:
    a = single(lambda data: data.update(liabilities=data["liabilities"][:1]))
    # tax 9,450 <= 10,000; balance 11,424.30 / 36 = 317.3416... -> 317.35 (up to the cent)
    assert a.option("ia_guaranteed").eligible  # type: ignore[union-attr]
    assert amount(a, "ia.guaranteed.minimum_payment") == Decimal("317.35")
    assert a.recommendation[0] == "ia_guaranteed"


def test_streamlined_over_25000_without_direct_debit_needs_433f() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["liabilities"][0]["interest"] = Decimal("6000")  # balance 25,876.45
        data["requests"][0].pop("direct_debit")
    a = single(mutate)
    option = a.option("ia_streamlined")
    assert option is not None and option.eligible and option.financial_statement == "Form 433-F"


def test_streamlined_not_available_over_50000() -> None:
    a = single(lambda data: data["liabilities"][0].update(assessed_balance=Decimal("45000")))
    assert not a.option("ia_streamlined").eligible  # type: ignore[union-attr]


def test_csed_can_require_more_than_the_72_month_payment() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["liabilities"][0]["csed"] = "2028-11-16"  # 24 months away
    a = single(mutate)
    # 11,424.30 / 24 = 476.0125 > 21,000.25 / 72 = 291.67 -> 476.02 (up to the cent)
    assert amount(a, "ia.streamlined.minimum_payment") == Decimal("476.02")


# --- CNC, penalty relief, blockers -----------------------------------------------------------

def test_cnc_not_eligible_with_equity() -> None:
    a = variant("cnc-hardship", lambda data: data["assets"]["bank_accounts"][0].update(balance=Decimal("5385")))
    assert amount(a, "cnc.equity") == 4425  # 40 + 5,385 - 1,000
    assert not a.option("cnc").eligible  # type: ignore[union-attr]


def test_fta_quarterly_lookback_and_reasonable_cause_reversal() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["liabilities"] = [{"tax_type": "employment", "form": "941", "period": "2025-Q2",
                                "assessed_balance": Decimal("1000"), "penalties": {"failure_to_deposit": Decimal("100")},
                                "csed": "2035-08-01"}]
        data["compliance"]["penalty_history"] = [
            {"form": "941", "period": "2022-Q1", "penalty_type": "failure_to_deposit"},  # 13 quarters back
            {"form": "941", "period": "2024-Q1", "penalty_type": "failure_to_deposit", "abated": True,
             "abatement_reason": "reasonable_cause"},                                   # reversed: clean
            {"form": "941", "period": "2024-Q3", "penalty_type": "estimated_tax"}]      # ignored
    a = single(mutate)
    assert amount(a, "abatement.fta.941.2025-Q2.failure_to_deposit") == 100


def test_fta_not_for_estimated_tax_or_accuracy_penalties() -> None:
    a = variant("oic-periodic-joint-self-employed", lambda data: None)
    assert a.amount("abatement.fta.1040.2021.estimated_tax") is None
    assert amount(a, "abatement.fta.total") == 3484  # 2021 FTP only; 2022 and 2023 have priors


def test_unfiled_returns_block_offers_agreements_and_fta() -> None:
    a = single(lambda data: data["compliance"].update(unfiled_returns=[{"form": "1040", "period": "2025"}]))
    assert "OIC-001" in {f.code for f in a.blockers}
    assert not a.option("ia_streamlined").eligible  # type: ignore[union-attr]
    assert not a.option("fta").eligible  # type: ignore[union-attr]


def test_open_bankruptcy_and_missing_estimates_block_the_offer() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["compliance"]["bankruptcy"] = {"open": True, "chapter": "13"}
        data["compliance"]["estimated_payments"] = {"required": True, "tax_year": "2026",
                                                    "required_to_date": Decimal("3600"),
                                                    "paid_to_date": Decimal("1200")}
    a = variant("oic-periodic-joint-self-employed", mutate)
    blockers = {f.code for f in a.blockers}
    assert {"OIC-002", "OIC-004"} <= blockers
    lump = a.option("oic_lump_sum")
    assert lump is not None and {"OIC-002", "OIC-004"} <= set(lump.blocked_by)
    # a blocked program keeps a rank but after every unblocked one
    assert lump.rank is not None


def test_stale_table_warning(isolated_user_data: Any) -> None:
    data = example_data("ia-streamlined")
    a = analyze(build(data), as_of=date(2027, 8, 1))
    assert "STANDARDS-STALE" in codes(a)
