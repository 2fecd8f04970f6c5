"""Tax periods as written on forms, compared by their period-ending dates."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from formkit.checks.periods import GENERAL_REFERENCE, parse_periods
from formkit.dates import add_months, months_between


@pytest.mark.parametrize("text, years, ends", [
    ("2019, 2020, 2021", {2019, 2020, 2021}, set()),
    ("2019 through 2021", {2019, 2020, 2021}, set()),
    ("2019 thru 2020", {2019, 2020}, set()),
    ("2019-2021", {2019, 2020, 2021}, set()),
    ("12/31/2019, 12/31/2020", set(), {date(2019, 12, 31), date(2020, 12, 31)}),
    ("12-31-2021", set(), {date(2021, 12, 31)}),
    ("Q1 2023 through Q2 2023", set(), {date(2023, 3, 31), date(2023, 6, 30)}),
    ("2023-Q1 - 2023-Q2", set(), {date(2023, 3, 31), date(2023, 6, 30)}),
    ("201906", set(), {date(2019, 6, 30)}),
    ("Tax years 2019 and 2026", {2019, 2026}, set()),
])
def test_written_periods(text: str, years: set[int], ends: set[date]) -> None:
    parsed = parse_periods(text)
    assert parsed.years == years and parsed.ends == ends and not parsed.general


@pytest.mark.parametrize("text", ["All years", "all periods", "All taxes", "any and all years",
                                  "various", "all open years", "2019 and all prior years"])
def test_general_references(text: str) -> None:
    assert parse_periods(text).general


@pytest.mark.parametrize("text", ["2021", "12/31/2021", "Calendar 2019 through 2023",
                                  "Not Applicable", "Small business 2021"])
def test_specific_periods_are_not_general(text: str) -> None:
    assert not parse_periods(text).general


# Instructions for Form 2848 (Rev. September 2021), Line 3: the returned general references are "all years", "all
# periods", "all taxes" and the like; penalties and interest tied to a listed return are
# covered automatically, so a description naming "any related penalties" is specific and the
# word "all"/"any" alone (not followed by years, periods, taxes...) is no general reference.
@pytest.mark.parametrize("text", ["Income tax and any related penalties",
                                  "Income, including all penalties and interest",
                                  "Every quarterly 941 listed"])
def test_any_or_all_without_a_period_word_is_not_general(text: str) -> None:
    assert not GENERAL_REFERENCE.search(text)


@pytest.mark.parametrize("text", ["All", "any", "2019-2021 and all subsequent years",
                                  "all related returns"])
def test_bare_all_and_open_ended_ranges_are_general(text: str) -> None:
    assert GENERAL_REFERENCE.search(text)


def test_a_year_covers_its_quarters() -> None:
    assert parse_periods("2024").covers(date(2024, 6, 30))
    assert not parse_periods("2024").covers(date(2025, 3, 31))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)),
       st.integers(min_value=0, max_value=240))
def test_month_arithmetic(day: date, months: int) -> None:
    later = add_months(day, months)
    assert later >= day
    assert months_between(day, later) in (months, months - 1)


@given(st.integers(min_value=1990, max_value=2080), st.integers(min_value=0, max_value=10))
def test_year_ranges_expand(start: int, span: int) -> None:
    parsed = parse_periods(f"{start} through {start + span}")
    assert parsed.years == set(range(start, start + span + 1))
