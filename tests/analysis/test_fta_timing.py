"""First-time abatement timing facts: return due dates and returns filed but not yet posted.

IRM 20.1.1.3.3.2.1: FTA needs "all required returns currently due" filed (or validly
extended); "consider the taxpayer current with this requirement if the taxpayer states they
filed any missing return or extension to file whose due date is 45 days or fewer than the
current date. For returns ... whose due date is more than 45 days from the current date,
secure a processable copy". The example case is analysed as of 2026-11-18.
"""

from __future__ import annotations

from typing import Any

from tests.analysis.test_rules import codes, variant


def fta(mutate: Any) -> Any:
    return variant("fta-penalty-abatement", mutate)


def test_a_return_not_yet_due_is_not_missing() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["compliance"]["unfiled_returns"] = [{"form": "1040", "period": "2026", "due_date": "2027-04-15"}]
    a = fta(mutate)
    assert a.option("fta").eligible  # type: ignore[union-attr]
    assert "RETURN-NOT-YET-DUE" in codes(a) and "OIC-001" not in codes(a)
    assert a.criterion("fta.filing_compliance").passed is True  # type: ignore[union-attr]


def test_a_return_past_its_extended_due_date_is_missing() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["compliance"]["unfiled_returns"] = [{"form": "1040", "period": "2025", "due_date": "2026-10-15"}]
    a = fta(mutate)
    option = a.option("fta")
    assert option is not None and not option.eligible
    assert "OIC-001" in codes(a)
    criterion = a.criterion("fta.filing_compliance")
    assert criterion is not None and criterion.passed is False and "2025 not filed (due 2026-10-15)" in (criterion.note or "")


def test_filed_but_not_posted_within_45_days_counts_on_the_statement() -> None:
    def mutate(data: dict[str, Any]) -> None:
        # due 2026-10-15 (extended), 34 days before 2026-11-18: the statement suffices
        data["compliance"]["recent_returns_filed"] = [
            {"form": "1040", "period": "2025", "filed_on": "2026-10-10", "due_date": "2026-10-15", "posted": False}]
    a = fta(mutate)
    option = a.option("fta")
    assert option is not None and option.eligible
    assert not any("processable copy" in r for r in option.reasons)
    assert "34 day(s) ago (at most 45)" in (a.criterion("fta.filing_compliance").note or "")  # type: ignore[union-attr]


def test_filed_but_not_posted_long_ago_needs_a_processable_copy() -> None:
    def mutate(data: dict[str, Any]) -> None:
        # due 2026-04-15, 217 days before 2026-11-18: more than 45 days
        data["compliance"]["recent_returns_filed"] = [
            {"form": "1040", "period": "2025", "filed_on": "2026-04-10", "due_date": "2026-04-15", "posted": False}]
    a = fta(mutate)
    option = a.option("fta")
    assert option is not None and option.eligible
    assert any("processable copy of Form 1040 2025" in r for r in option.reasons)
    assert "due 217 days ago" in (a.criterion("fta.filing_compliance").note or "")  # type: ignore[union-attr]
