"""Properties of the minimum offer over generated cases (Hypothesis, Decimal amounts only).

- more income never lowers the minimum offer;
- more allowable expenses never raise it;
- no amount is ever negative (the forms say "enter 0"), except the two Form 433-A lines the
  form itself prints as a difference (line 50 net difference, line 89 net business income).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formkit.analysis import Analysis, analyze, load_library
from formkit.case.model import AssetWithLoan, Case, Expenses, Income, Vehicle
from tests.analysis.conftest import build, example_data

LIBRARY = load_library()
#: Form 433-A prints these as differences, which may be negative ("Line 34 minus 49", "76 minus 88").
SIGNED = frozenset({"f433a.line_50", "f433a.line_89"})
BASES = {name: build(example_data(name)) for name in (
    "oic-lump-sum-single", "oic-periodic-joint-self-employed", "ia-streamlined", "cnc-hardship")}
PROFILE = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

money = st.decimals(min_value=0, max_value=Decimal("40000"), places=2, allow_nan=False, allow_infinity=False)
small = st.decimals(min_value=0, max_value=Decimal("3000"), places=2, allow_nan=False, allow_infinity=False)
frequencies = st.sampled_from(["weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annual"])
base_names = st.sampled_from(sorted(BASES))


def run(case: Case) -> Analysis:
    return analyze(case, library=LIBRARY)


def offers(a: Analysis) -> tuple[Decimal, Decimal]:
    lump, periodic = a.amount("oic.minimum_offer.lump_sum"), a.amount("oic.minimum_offer.periodic")
    assert lump is not None and periodic is not None
    return lump, periodic


def with_extra_income(case: Case, gross: Decimal, frequency: str) -> Case:
    extra = Income(person="taxpayer", source="other", gross=gross, frequency=frequency)  # type: ignore[arg-type]
    return dataclasses.replace(case, income=(*case.income, extra))


@PROFILE
@given(base_names, money, money, frequencies)
def test_more_income_never_lowers_the_minimum_offer(name: str, a: Decimal, b: Decimal, frequency: str) -> None:
    low, high = sorted((a, b))
    case = BASES[name]
    less, more = run(with_extra_income(case, low, frequency)), run(with_extra_income(case, high, frequency))
    assert offers(less)[0] <= offers(more)[0]
    assert offers(less)[1] <= offers(more)[1]


EXPENSE_FIELDS = ("housing_utilities", "vehicle_operating", "public_transportation", "health_insurance",
                  "court_ordered_payments", "child_dependent_care", "term_life_insurance", "current_taxes",
                  "secured_debts", "delinquent_state_local_taxes", "food_clothing_misc", "out_of_pocket_health")


@PROFILE
@given(base_names, st.sampled_from(EXPENSE_FIELDS), small, small)
def test_more_expenses_never_raise_the_minimum_offer(name: str, field: str, a: Decimal, b: Decimal) -> None:
    low, high = sorted((a, b))
    case = BASES[name]

    def spending(value: Decimal) -> Case:
        return dataclasses.replace(case, expenses=dataclasses.replace(case.expenses, **{field: value}))

    less, more = run(spending(low)), run(spending(high))
    assert offers(more)[0] <= offers(less)[0]
    assert offers(more)[1] <= offers(less)[1]
    assert (more.amount("expenses.allowable.total") or 0) >= (less.amount("expenses.allowable.total") or 0)


cars = st.builds(Vehicle, year=st.integers(2000, 2026), make=st.just("Make"), model=st.just("Model"),
                 value=money, loan_balance=money, monthly_payment=small, leased=st.booleans())
holdings = st.builds(AssetWithLoan, description=st.just("asset"), value=money, loan_balance=money,
                     kind=st.sampled_from([None, "stocks", "digital_asset", "furniture", "jewelry"]),
                     used_in_production_of_income=st.booleans(), leased=st.booleans())
incomes = st.builds(Income, person=st.sampled_from(["taxpayer", "household"]),
                    source=st.sampled_from(["wages", "pension", "rental", "interest_dividends_royalties", "other"]),
                    gross=money, frequency=frequencies, net=st.one_of(st.none(), money))
spend = st.builds(Expenses, **{f: small for f in EXPENSE_FIELDS})


@PROFILE
@given(base_names, st.lists(incomes, max_size=3), spend, st.lists(cars, max_size=3),
       st.lists(holdings, max_size=3), st.lists(holdings, max_size=2), money)
def test_no_amount_is_ever_negative(name: str, income: list[Income], expenses: Expenses, vehicles: list[Vehicle],
                                    effects: list[AssetWithLoan], business: list[AssetWithLoan], cash: Decimal) -> None:
    case = BASES[name]
    assets = dataclasses.replace(case.assets, vehicles=tuple(vehicles), personal_effects=tuple(effects),
                                 investments=tuple(effects), business_assets=tuple(business), cash_on_hand=cash)
    a = run(dataclasses.replace(case, income=tuple(income), expenses=expenses, assets=assets))
    negative = [(line.path, line.amount) for line in a.lines if line.amount < 0 and line.path not in SIGNED]
    assert not negative
    # The form lines are whole dollars.
    assert all(line.amount == line.amount.to_integral_value() for line in a.lines
               if line.path.startswith("oic.line_") or line.path.startswith("oic.box_"))
