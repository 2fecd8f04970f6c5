"""Deadline windows (rules/deadlines.json), each counted to its last day, which is not yet passed;
the next day it is. Calendar arithmetic by hand: day windows count calendar days, month and
year windows land on the same day, a missing day (29 February, 31st) clamped to the month's end.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from formkit.deadlines import deadlines
from tests.limits.cases import Edit, case_from

D = date
IA = "ia-streamlined"


def notice(number: str, day: str, cdp: bool) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["liabilities"][0]["notices"] = [{"number": number, "date": day, "cdp": cdp}]
    return edit


def event(**fields: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["liabilities"][0]["events"] = [{"kind": "offer", **fields}]
    return edit


def due(kind: str, *edits: Edit, as_of: date) -> Any:
    found = [d for d in deadlines(case_from(IA, *edits), as_of) if d.kind == kind]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("kind", "edit", "last_day"), [
    # IRC 6330(a)(3)(B): 30 days after the LT11 of 31 January 2025 (28 days to 28 Feb, 2 more): 2 March
    ("cdp_request", notice("LT11", "2025-01-31", True), D(2025, 3, 2)),
    # 26 CFR 301.6330-1(i): equivalent hearing within 1 year of the CDP notice of 29 February 2024
    ("equivalent_hearing", notice("LT11", "2024-02-29", True), D(2025, 2, 28)),
    # IRC 6331(d)(2): levy no earlier than 30 days after the CP504 of 15 December 2025
    ("levy_after_cp504", notice("CP504", "2025-12-15", False), D(2026, 1, 14)),
    # Form 656 Section 7: appeal within 30 days of the rejection of 30 September 2025
    ("offer_rejection_appeal", event(start="2025-01-10", end="2025-09-30", outcome="rejected"), D(2025, 10, 30)),
    # IRC 7122(f): deemed accepted 24 months after submission (29 Feb 2024 -> 28 Feb 2026, clamped)
    ("offer_deemed_accepted", event(start="2024-02-29"), D(2026, 2, 28)),
    # Form 656 Section 7(d): 5 years of compliance after acceptance on 29 February 2024
    ("offer_compliance", event(start="2023-06-01", end="2024-02-29", outcome="accepted"), D(2029, 2, 28)),
], ids=["cdp-30-days", "equivalent-hearing-1-year", "cp504-30-days", "appeal-30-days", "deemed-24-months",
        "compliance-5-years"])
def test_each_window_ends_on_its_last_day(kind: str, edit: Edit, last_day: date) -> None:
    on = due(kind, edit, as_of=last_day)
    assert (on.date, on.passed) == (last_day, False), f"{kind}: the last day {last_day} is still open"
    after = due(kind, edit, as_of=D.fromordinal(last_day.toordinal() + 1))
    assert after.passed is True


def test_cdp_window_is_30_calendar_days() -> None:
    """Jan 31 2025 + 30 days: 28 days to Feb 28, 2 more = 2 March 2025."""
    assert due("cdp_request", notice("LT11", "2025-01-31", True), as_of=D(2025, 1, 31)).date == D(2025, 3, 2)


def test_a_notice_that_is_not_a_cdp_notice_opens_no_hearing_window() -> None:
    found = [d.kind for d in deadlines(case_from(IA, notice("LT11", "2025-01-31", False)), D(2025, 2, 1))]
    assert "cdp_request" not in found and "equivalent_hearing" not in found


@pytest.mark.parametrize(("day", "prepared", "first"), [
    (28, "2026-11-16", D(2026, 12, 28)), (1, "2026-11-16", D(2026, 12, 1)), (28, "2026-01-31", D(2026, 2, 28))],
    ids=["day-28", "day-1", "day-28-from-january-31"])
def test_installment_payment_on_its_day_from_next_month(day: int, prepared: str, first: date) -> None:
    """Form 9465 line 12: a day from the 1st through the 28th, so every month has it."""
    def edit(data: dict[str, Any]) -> None:
        data["requests"][0]["payment_day"] = day
        data["prepared_on"] = prepared
    payment = due("ia_payment", edit, as_of=D.fromisoformat(prepared))
    assert payment.date == first
