"""Every dated table changes on its effective date: the day before, the earlier version (or, for
the first version, none) is in force; on the day itself, the new one. Covers every table of
standards/, rules/parameters.json and the dated kinds of rules/csed.json, so a table added later
is covered without a new test.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from formkit.analysis import StandardsError, analyze, load_library
from formkit.checks.catalogue import CatalogueError, parameters_for
from formkit.csed.rules import load_rules
from tests.conftest import ROOT
from tests.limits.cases import case_from

ONE_DAY = timedelta(days=1)
STANDARDS = sorted(p.stem for p in (ROOT / "standards").glob("*.json"))
PARAMETERS: dict[str, Any] = json.loads((ROOT / "rules" / "parameters.json").read_text())["tables"]


STANDARD_CASES = [(name, n, v.effective) for name in STANDARDS
                  for n, v in enumerate(load_library().table(json.loads((ROOT / "standards" / f"{name}.json")
                                                                        .read_text())["table"]).versions)]


@pytest.mark.parametrize(("file", "n", "effective"), STANDARD_CASES,
                         ids=[f"{f}-{e.isoformat()}" for f, _, e in STANDARD_CASES])
def test_standards_table_changes_on_its_effective_date(file: str, n: int, effective: date) -> None:
    name = json.loads((ROOT / "standards" / f"{file}.json").read_text())["table"]
    table = load_library().table(name)
    version = table.versions[n]
    if version.unavailable is None:
        assert table.at(effective) is version, f"{name}: the {effective} version from {effective}"
    else:
        with pytest.raises(StandardsError, match="is not loaded"):
            table.at(effective)
    if n == 0:
        with pytest.raises(StandardsError, match=r"no .* table in force"):
            table.at(effective - ONE_DAY)
    elif table.versions[n - 1].unavailable is None:
        assert table.at(effective - ONE_DAY) is table.versions[n - 1], f"{name}: the day before {effective}"


PARAMETER_CASES = [(name, v["effective"]) for name, t in sorted(PARAMETERS.items()) for v in t["versions"]]


@pytest.mark.parametrize(("table", "effective"), PARAMETER_CASES, ids=[f"{t}-{e}" for t, e in PARAMETER_CASES])
def test_check_parameter_table_changes_on_its_effective_date(table: str, effective: str) -> None:
    day = date.fromisoformat(effective)
    versions = sorted(PARAMETERS[table]["versions"], key=lambda v: v["effective"])
    n = [v["effective"] for v in versions].index(effective)
    assert parameters_for(day).version(table).values == versions[n]["values"]
    if n == 0:
        with pytest.raises(CatalogueError, match="in force"):
            parameters_for(day - ONE_DAY).version(table)
    else:
        assert parameters_for(day - ONE_DAY).version(table).values == versions[n - 1]["values"]


def test_offer_terms_change_with_form_656_rev_4_2025() -> None:
    """Form 656 (Rev. 4-2025), effective 1 April 2025: a return copy within 10 weeks (12 before),
    deposits for 3 quarters (1 before), the $10,000 asset-transfer question of Form 433-A (OIC)."""
    before, on = parameters_for(date(2025, 3, 31)), parameters_for(date(2025, 4, 1))
    assert before.number("offer_processability", "recent_return_copy_weeks") == 12
    assert on.number("offer_processability", "recent_return_copy_weeks") == 10
    assert (before.number("offer_processability", "deposit_quarters"),
            on.number("offer_processability", "deposit_quarters")) == (1, 3)
    assert on.money("offer_processability", "asset_transfer_threshold") == 10000


def test_form_433a_oic_constants_change_with_rev_4_2025() -> None:
    """Form 433-A (OIC) line 7 personal-effects exclusion: $9,790 (Rev. 4-2021) to $11,710 (Rev.
    4-2025); line 10 tools of the trade $4,890 to $5,860; investments x .8 dropped on line 2."""
    table = load_library().table("form_433a_oic")
    before, on = table.at(date(2025, 3, 31)), table.at(date(2025, 4, 1))
    assert (before.amount("personal_effects_exclusion"), on.amount("personal_effects_exclusion")) == (9790, 11710)
    assert (before.amount("tools_of_trade_deduction"), on.amount("tools_of_trade_deduction")) == (4890, 5860)
    assert (before.amount("investment_fraction"), on.amount("investment_fraction")) == (Decimal("0.8"), 1)


def test_low_income_table_changes_with_form_656_rev_4_2025() -> None:
    """Form 656 p.2, household of 1 in the 48 states: $31,900 (Rev. 4-2021), $37,650 (Rev. 4-2025)."""
    table = load_library().table("form_656")
    key = ("low_income", "contiguous", "by_household_size", "1")
    assert table.at(date(2025, 3, 31)).amount(*key) == 31900
    assert table.at(date(2025, 4, 1)).amount(*key) == 37650


CSED_KINDS = [(kind, v.effective) for kind, versions in sorted(load_rules().kinds.items()) for v in versions]


@pytest.mark.parametrize(("kind", "effective"), CSED_KINDS, ids=[f"{k}-{e.isoformat()}" for k, e in CSED_KINDS])
def test_csed_rule_applies_from_its_effective_date(kind: str, effective: date) -> None:
    rules = load_rules()
    chosen = rules.kind(kind, effective)
    assert chosen is not None and chosen.effective == effective
    earlier = rules.kind(kind, effective - ONE_DAY)
    assert earlier is None or earlier.effective < effective


def test_csed_base_rule_applies_from_6_november_1984() -> None:
    rules = load_rules()
    assert rules.base(date(1984, 11, 6)) is not None
    assert rules.base(date(1984, 11, 5)) is None


@pytest.mark.parametrize(("as_of", "stale"), [(date(2027, 6, 28), False), (date(2027, 6, 29), True)],
                         ids=["11-months-after-2026-06-29", "12-months-after"])
def test_a_standards_table_is_due_for_review_12_months_after_it_took_effect(as_of: date, stale: bool) -> None:
    """standards/*.json review_after_months: 12 for the Collection Financial Standards (published
    yearly); the 2026 tables took effect on 29 June 2026."""
    found = [f for f in analyze(case_from("ia-streamlined"), as_of=as_of).findings if f.code == "STANDARDS-STALE"]
    assert bool(found) is stale
    if stale:
        assert "took effect 12 months or more before 2027-06-29" in found[0].message
