"""Penalty-relief windows, on the limit and one day or one year past it.

First-time abatement (IRM 20.1.1.3.3.2.1): no prior penalties 'for the preceding 3 tax years';
a return filed but not yet on the IRS's records counts on the taxpayer's statement when its
'due date is 45 days or fewer than the current date', otherwise a processable copy is needed.
Refund claims (IRC 6511(a); Instructions for Form 843 (Rev. 12-2021) p.2): within '3 years from
the date the return was filed or 2 years from the date the tax was paid, whichever is later'.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.checks.helpers import check, findings
from tests.limits.cases import Edit, analysed, case_from

FTA = "fta-penalty-abatement"   # as of 2026-11-18; 2024 Form 1040 FTF and FTP penalties, paid 2025-12-01


def unposted_return(due: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["compliance"]["recent_returns_filed"] = [
            {"form": "1040", "period": "2025", "filed_on": "2026-09-30", "due_date": due, "posted": False}]
    return edit


@pytest.mark.parametrize(("due", "days", "copy_needed"), [
    ("2026-10-04", 45, False), ("2026-10-03", 46, True), ("2026-11-18", 0, False)],
    ids=["due-45-days-ago", "due-46-days-ago", "due-today"])
def test_unposted_return_counts_on_the_statement_for_45_days(due: str, days: int, copy_needed: bool) -> None:
    a = analysed(case_from(FTA, unposted_return(due)))
    option = a.option("fta")
    assert option is not None and option.eligible
    assert any("processable copy" in r for r in option.reasons) is copy_needed, f"due {days} days before (45-day limit)"
    note = a.criterion("fta.filing_compliance").note or ""  # type: ignore[union-attr]
    assert (f"{days} day(s) ago (at most 45)" in note) is not copy_needed


def prior_penalty(period: str, kind: str = "failure_to_pay", **extra: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["compliance"]["penalty_history"] = [{"form": "1040", "period": period, "penalty_type": kind, **extra}]
    return edit


@pytest.mark.parametrize(("prior", "counts"), [("2021", True), ("2020", False), ("2023", True)],
                         ids=["2021-third-preceding-year", "2020-fourth", "2023-first"])
def test_fta_lookback_is_the_3_preceding_tax_years(prior: str, counts: bool) -> None:
    """FTA for 2024: a penalty for 2021, 2022 or 2023 bars it; one for 2020 does not."""
    case = case_from(FTA, prior_penalty(prior))
    a = analysed(case)
    assert (a.amount("abatement.fta.total") == 0) is counts, f"prior penalty {prior} for FTA 2024 (3-year lookback)"
    assert bool(findings(check(case), "PEN-002")) is counts


def test_estimated_tax_penalty_never_bars_fta() -> None:
    """IRM 20.1.1.3.3.2.1: prior penalties 'other than an estimated tax penalty'."""
    case = case_from(FTA, prior_penalty("2023", "estimated_tax"))
    assert analysed(case).amount("abatement.fta.total") == 1881
    assert findings(check(case), "PEN-002") == []


def refund(paid_on: str, filed_on: str) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        data["liabilities"][0]["return_filed_on"] = filed_on
        data["compliance"]["recent_returns_filed"] = [r for r in data["compliance"]["recent_returns_filed"]
                                                      if r["period"] != "2024"]
        for item in data["requests"][0]["items"]:
            item["paid_on"] = paid_on
    return edit


@pytest.mark.parametrize(("paid", "filed", "as_of", "fires"), [
    # 2 years from payment is later: paid 2025-12-01 -> claim by 2027-12-01
    ("2025-12-01", "2021-04-15", date(2027, 12, 1), False),
    ("2025-12-01", "2021-04-15", date(2027, 12, 2), True),
    # 3 years from filing is later: filed 2025-10-20 -> claim by 2028-10-20
    ("2024-01-10", "2025-10-20", date(2028, 10, 20), False),
    ("2024-01-10", "2025-10-20", date(2028, 10, 21), True),
    # a 29 February payment: 2 years later is 28 February (rules/csed.json's leap-day convention)
    ("2024-02-29", "2021-04-15", date(2026, 2, 28), False),
    ("2024-02-29", "2021-04-15", date(2026, 3, 1), True),
], ids=["2y-after-payment-last-day", "2y-after-payment-next-day", "3y-after-filing-last-day",
        "3y-after-filing-next-day", "leap-day-payment-last-day", "leap-day-payment-next-day"])
def test_refund_claim_within_3_years_of_filing_or_2_of_payment(paid: str, filed: str, as_of: date,
                                                               fires: bool) -> None:
    case = case_from(FTA, refund(paid, filed))
    hits = findings(check(case, as_of=as_of), "PEN-007")
    assert bool(hits) is fires, f"claim on {as_of} for a penalty paid {paid}, return filed {filed}"
    if fires:   # the last day was the day before as_of
        assert [str(h.location) for h in hits] == ["/requests/0/items/0/paid_on", "/requests/0/items/1/paid_on"]
        assert hits[0].message.startswith(f"The failure-to-file penalty for Form 1040 2024 was paid on {us(paid)}:")
        assert hits[0].message.endswith(f"the last day was {us(str(as_of - timedelta(days=1)))}.")


def us(iso: str) -> str:
    """2025-12-01 -> 12/01/2025, as the messages print dates."""
    year, month, day = iso.split("-")
    return f"{month}/{day}/{year}"


def test_refund_window_is_judged_on_each_paid_item() -> None:
    """Only the second item (failure to pay) was paid, on 2025-12-01: only it is out of time on
    2027-12-02; the unpaid first item has no refund to claim."""
    def first_unpaid(data: dict[str, Any]) -> None:
        data["requests"][0]["items"][0].pop("paid_on", None)

    case = case_from(FTA, refund("2025-12-01", "2021-04-15"), first_unpaid)
    (hit,) = findings(check(case, as_of=date(2027, 12, 2)), "PEN-007")
    assert str(hit.location) == "/requests/0/items/1/paid_on"
    assert hit.message.startswith("The failure-to-pay penalty for Form 1040 2024 was paid on 12/01/2025:")


def test_analysis_states_the_refund_deadline_two_years_after_payment() -> None:
    option = analysed(case_from(FTA)).option("fta")
    assert option is not None
    assert any("within 2 years of payment (here by 2027-12-01) or 3 years of filing" in r for r in option.reasons)
