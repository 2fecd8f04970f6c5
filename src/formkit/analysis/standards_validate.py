"""Load-time validation of the standards data files (Tax-Calculator style validators).

A malformed file (negative amount, missing household size, bad date, unknown table, ...)
is a load error naming the file and the key, so bad data never reaches a computation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from formkit.analysis.errors import StandardsDataError
from formkit.analysis.money import ROUNDING_MODES

CONFIDENCE = ("CONFIRMED", "UNCONFIRMED")
_STATE = re.compile(r"^[A-Z]{2}$")

Checker = Callable[[Mapping[str, Any], str, str], None]


def _fail(source: str, key: str, message: str) -> StandardsDataError:
    return StandardsDataError(source, key, message)


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return None
    return None


def _walk_numbers(node: Any, key: str) -> Iterator[tuple[str, Decimal]]:
    if isinstance(node, Mapping):
        for k, v in node.items():
            yield from _walk_numbers(v, f"{key}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_numbers(v, f"{key}/{i}")
    elif isinstance(node, Decimal | int) and not isinstance(node, bool):
        yield key, Decimal(node)


def _need(values: Mapping[str, Any], name: str, source: str, key: str) -> Any:
    if not isinstance(values, Mapping) or name not in values:
        raise _fail(source, f"{key}/{name}", "missing")
    return values[name]


def _amount(values: Mapping[str, Any], name: str, source: str, key: str) -> Decimal:
    raw = _need(values, name, source, key)
    number = _number(raw)
    if number is None or not number.is_finite():
        raise _fail(source, f"{key}/{name}", f"not a number: {raw!r}")
    if number < 0:
        raise _fail(source, f"{key}/{name}", f"negative amount {number}")
    return number


def _sizes(values: Mapping[str, Any], names: Sequence[str], source: str, key: str,
           what: str = "household size") -> None:
    if not isinstance(values, Mapping):
        raise _fail(source, key, "expected an object keyed by household size")
    for name in names:
        if name not in values:
            raise _fail(source, f"{key}/{name}", f"missing {what} {name}")
        _amount(values, name, source, key)


def _rounding(values: Mapping[str, Any], name: str, source: str, key: str) -> None:
    rule = _need(values, name, source, key)
    _amount(rule, "quantum", source, f"{key}/{name}")
    mode = _need(rule, "mode", source, f"{key}/{name}")
    if mode not in ROUNDING_MODES:
        raise _fail(source, f"{key}/{name}/mode", f"unknown rounding mode {mode!r} (expected one "
                    f"of {', '.join(ROUNDING_MODES)})")


def _by_size_plus(values: Mapping[str, Any], source: str, key: str, sizes: Sequence[str]) -> None:
    _sizes(_need(values, "by_household_size", source, key), sizes, source, f"{key}/by_household_size")
    _amount(values, "additional_person", source, key)


def _national(values: Mapping[str, Any], source: str, key: str) -> None:
    sizes = ("1", "2", "3", "4")
    _by_size_plus(values, source, key, sizes)
    components = values.get("components")
    if components is None:
        return
    totals = values["by_household_size"]
    for size in sizes:
        parts = _need(components, size, source, f"{key}/components")
        if not isinstance(parts, Mapping) or not parts:
            raise _fail(source, f"{key}/components/{size}", "expected the component amounts")
        total = sum((_amount(parts, p, source, f"{key}/components/{size}") for p in parts), Decimal(0))
        if total != _number(totals[size]):
            raise _fail(source, f"{key}/components/{size}",
                        f"components add up to {total}, not the total {totals[size]}")


def _oop(values: Mapping[str, Any], source: str, key: str) -> None:
    _amount(values, "older_age", source, key)
    _amount(values, "under_65", source, key)
    _amount(values, "age_65_and_older", source, key)


HOUSING_COLUMNS = ("1", "2", "3", "4", "5+")


def _housing(values: Mapping[str, Any], source: str, key: str) -> None:
    counties = _need(values, "counties", source, key)
    if not isinstance(counties, Mapping):
        raise _fail(source, f"{key}/counties", "expected an object keyed by state")
    for state, rows in counties.items():
        if not _STATE.match(state):
            raise _fail(source, f"{key}/counties/{state}", "not a two-letter state code")
        if not isinstance(rows, Mapping):
            raise _fail(source, f"{key}/counties/{state}", "expected an object keyed by county")
        for county, row in rows.items():
            _sizes(row, HOUSING_COLUMNS, source, f"{key}/counties/{state}/{county}")


def _transportation(values: Mapping[str, Any], source: str, key: str) -> None:
    allowed = _need(values, "vehicles_allowed", source, key)
    for name in ("one_adult", "two_adults"):
        _amount(allowed, name, source, f"{key}/vehicles_allowed")
    _amount(values, "ownership_per_vehicle", source, key)
    _amount(values, "public_transportation", source, key)
    operating = _need(values, "operating", source, key)
    for group in ("regions", "metro_areas"):
        areas = _need(operating, group, source, f"{key}/operating")
        if not isinstance(areas, Mapping):
            raise _fail(source, f"{key}/operating/{group}", "expected an object keyed by area")
        for area, row in areas.items():
            _sizes(row, ("1", "2"), source, f"{key}/operating/{group}/{area}", "vehicle count")


def _areas(values: Mapping[str, Any], source: str, key: str) -> None:
    regions = _need(values, "regions", source, key)
    seen: dict[str, str] = {}
    for region, states in regions.items():
        if not isinstance(states, list):
            raise _fail(source, f"{key}/regions/{region}", "expected a list of state codes")
        for state in states:
            if not isinstance(state, str) or not _STATE.match(state):
                raise _fail(source, f"{key}/regions/{region}", f"not a state code: {state!r}")
            if state in seen:
                raise _fail(source, f"{key}/regions/{region}", f"{state} is also in {seen[state]}")
            seen[state] = region
    metros = values.get("metro_areas", {})
    if not isinstance(metros, Mapping):
        raise _fail(source, f"{key}/metro_areas", "expected an object keyed by metro area")
    for metro, members in metros.items():
        if not isinstance(members, Mapping) or not members:
            raise _fail(source, f"{key}/metro_areas/{metro}", "expected an object keyed by state")
        for state, names in members.items():
            if not _STATE.match(state):
                raise _fail(source, f"{key}/metro_areas/{metro}/{state}", "not a two-letter state code")
            if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
                raise _fail(source, f"{key}/metro_areas/{metro}/{state}", "expected a list of county names")
    counties = _need(values, "counties", source, key)
    for state, rows in counties.items():
        if not _STATE.match(state):
            raise _fail(source, f"{key}/counties/{state}", "not a two-letter state code")
        for county, metro in rows.items():
            if metro is not None and not (isinstance(metro, str) and metro):
                raise _fail(source, f"{key}/counties/{state}/{county}",
                            "expected a metro area name or null")


def _pay_periods(values: Mapping[str, Any], source: str, key: str) -> None:
    for frequency in ("weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annual"):
        rule = _need(values, frequency, source, key)
        ops = [op for op in ("multiply", "divide") if op in rule]
        if len(ops) != 1:
            raise _fail(source, f"{key}/{frequency}", "expected exactly one of multiply, divide")
        if _amount(rule, ops[0], source, f"{key}/{frequency}") == 0:
            raise _fail(source, f"{key}/{frequency}/{ops[0]}", "must not be zero")


def _fraction(values: Mapping[str, Any], name: str, source: str, key: str) -> None:
    if _amount(values, name, source, key) > 1:
        raise _fail(source, f"{key}/{name}", "a fraction must be between 0 and 1")


def _form_433a_oic(values: Mapping[str, Any], source: str, key: str) -> None:
    _rounding(values, "rounding", source, key)
    for name in ("quick_sale_fraction", "investment_fraction"):
        _fraction(values, name, source, key)
    for name in ("bank_allowance", "vehicle_allowance", "personal_effects_exclusion",
                 "tools_of_trade_deduction"):
        _amount(values, name, source, key)
    months = _need(values, "future_income_months", source, key)
    for name in ("lump_sum", "periodic"):
        _amount(months, name, source, f"{key}/future_income_months")


def _form_656(values: Mapping[str, Any], source: str, key: str) -> None:
    _amount(values, "application_fee", source, key)
    _fraction(values, "initial_payment_fraction", source, key)
    _rounding(values, "initial_payment_rounding", source, key)
    _rounding(values, "payment_rounding", source, key)
    for name in ("lump_sum_max_payments", "lump_sum_max_months", "periodic_min_months",
                 "periodic_max_months", "payment_day_max"):
        _amount(values, name, source, key)
    table = _need(values, "low_income", source, key)
    for location in ("contiguous", "alaska", "hawaii"):
        _by_size_plus(_need(table, location, source, f"{key}/low_income"), source,
                      f"{key}/low_income/{location}", tuple(str(n) for n in range(1, 9)))


def _installment(values: Mapping[str, Any], source: str, key: str) -> None:
    _amount(values, "collection_statute_years", source, key)
    _amount(values, "six_year_rule_months", source, key)
    _amount(values, "payment_day_max", source, key)
    guaranteed = _need(values, "guaranteed", source, key)
    for name in ("max_tax", "max_months", "lookback_years"):
        _amount(guaranteed, name, source, f"{key}/guaranteed")
    streamlined = _need(values, "streamlined", source, key)
    for name in ("max_balance", "max_balance_without_direct_debit", "max_months"):
        _amount(streamlined, name, source, f"{key}/streamlined")
    short = _need(values, "short_term", source, key)
    for name in ("max_balance", "max_days"):
        _amount(short, name, source, f"{key}/short_term")
    if _amount(values, "form_9465_line_10_divisor", source, key) == 0:
        raise _fail(source, f"{key}/form_9465_line_10_divisor", "must not be zero")
    _rounding(values, "minimum_payment_rounding", source, key)
    _rounding(values, "line_10_rounding", source, key)
    fees = _need(values, "user_fees", source, key)
    for name in ("online_direct_debit", "direct_debit", "online_other", "other", "payroll_deduction",
                 "low_income_direct_debit", "low_income_other"):
        _amount(fees, name, source, f"{key}/user_fees")


PENALTY_TYPES = ("failure_to_file", "failure_to_pay", "failure_to_deposit", "estimated_tax",
                 "accuracy_related", "other")


def _penalty_relief(values: Mapping[str, Any], source: str, key: str) -> None:
    for name in ("lookback_years", "refund_claim_years_after_filing", "refund_claim_years_after_payment",
                 "statement_window_days"):
        _amount(values, name, source, key)
    for name in ("covered_penalty_types", "ignored_in_lookback"):
        kinds = _need(values, name, source, key)
        if not isinstance(kinds, list) or any(k not in PENALTY_TYPES for k in kinds):
            raise _fail(source, f"{key}/{name}", f"expected a list of {', '.join(PENALTY_TYPES)}")


CHECKERS: Mapping[str, Checker] = {
    "national_standards": _national,
    "out_of_pocket_health_care": _oop,
    "housing_utilities": _housing,
    "transportation": _transportation,
    "transportation_areas": _areas,
    "pay_periods": _pay_periods,
    "form_433a_oic": _form_433a_oic,
    "form_656": _form_656,
    "installment_agreements": _installment,
    "penalty_relief": _penalty_relief,
}


def validate_document(doc: Any, source: str) -> None:
    """Raise StandardsDataError for the first problem in one standards file."""
    if not isinstance(doc, Mapping):
        raise _fail(source, "", "a standards file must be a JSON object")
    table = doc.get("table")
    if table not in CHECKERS:
        raise _fail(source, "/table", f"unknown table {table!r} (expected one of "
                    f"{', '.join(sorted(CHECKERS))})")
    for name in ("title", "rounding"):
        if not isinstance(doc.get(name), str) or not doc[name]:
            raise _fail(source, f"/{name}", "missing (a non-empty text)")
    review = doc.get("review_after_months")
    if review is not None and (_number(review) is None or _number(review) != int(review) or review < 1):
        raise _fail(source, "/review_after_months", "expected a whole number of months, at least 1")
    versions = doc.get("versions")
    if not isinstance(versions, list) or not versions:
        raise _fail(source, "/versions", "expected a non-empty list of dated versions")
    previous: date | None = None
    for i, version in enumerate(versions):
        key = f"/versions/{i}"
        if not isinstance(version, Mapping):
            raise _fail(source, key, "expected an object")
        raw = version.get("effective")
        try:
            effective = date.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            effective = None
        if effective is None:
            raise _fail(source, f"{key}/effective", f"not a date YYYY-MM-DD: {raw!r}")
        if previous is not None and effective <= previous:
            raise _fail(source, f"{key}/effective", f"{raw} is not after the previous version's "
                        f"{previous.isoformat()} (versions must be in date order)")
        previous = effective
        if version.get("confidence") not in CONFIDENCE:
            raise _fail(source, f"{key}/confidence", f"expected {' or '.join(CONFIDENCE)}")
        if not isinstance(version.get("reference"), str) or not version["reference"]:
            raise _fail(source, f"{key}/reference", "missing (where the values come from)")
        has_values, has_gap = "values" in version, "unavailable" in version
        if has_values == has_gap:
            raise _fail(source, key, "give either 'values' or 'unavailable' (why the values are "
                        "not loaded)")
        if has_gap:
            if not isinstance(version["unavailable"], str) or not version["unavailable"]:
                raise _fail(source, f"{key}/unavailable", "expected the reason as text")
            continue
        values = version["values"]
        for where, number in _walk_numbers(values, f"{key}/values"):
            if number < 0:
                raise _fail(source, where, f"negative amount {number}")
        CHECKERS[str(table)](values, source, f"{key}/values")
