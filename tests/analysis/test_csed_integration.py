"""The analysis uses the computed CSEDs, offers 'let the statute run' when it is near, and reads
first-time-abatement history from imported transcripts. Dates worked by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from formkit.analysis import analyze
from formkit.transcripts import import_transcripts
from tests.analysis.conftest import ROOT, build, example_data

FIX = ROOT / "tests" / "fixtures" / "transcripts"


def test_months_to_csed_come_from_the_computed_csed() -> None:
    data = example_data("ia-streamlined")
    first = data["liabilities"][0]
    del first["csed"]
    # 150@2024-06-10 -> 2034-06-10; offer 2025-01-06 .. 2025-05-05 rejected, +30 = 2025-06-04:
    # 149 days (Jan 25 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 4) -> 2034-11-06
    first["assessments"] = [{"code": "150", "date": "2024-06-10", "amount": 9450}]
    first["events"] = [{"kind": "offer", "start": "2025-01-06", "end": "2025-05-05", "outcome": "rejected"}]
    result = analyze(build(data))
    line = result.line("balance.period[0].csed_months")
    assert line is not None
    assert line.amount == Decimal(95)                      # 2026-11-16 -> 2034-11-06: 95 whole months
    assert "2034-11-06" in line.formula and "149 days of suspensions counted" in line.formula
    assert not [f for f in result.findings if f.code == "CSED-ESTIMATED"]


def test_assessment_date_alone_is_an_estimate_with_a_warning() -> None:
    data = example_data("ia-streamlined")
    del data["liabilities"][0]["csed"]
    result = analyze(build(data))
    [finding] = [f for f in result.findings if f.code == "CSED-ESTIMATED"]
    assert "2034-06-10" in finding.message and "import the account transcript" in finding.message


def test_near_csed_caps_future_income_and_offers_to_wait_it_out() -> None:
    data = example_data("oic-lump-sum-single")
    for liability in data["liabilities"]:
        del liability["csed"]
        liability["assessment_date"] = "2017-01-09"         # CSED 2027-01-09
    result = analyze(build(data))                          # as of 2026-11-02: 2 whole months left
    assert result.amount("ia.months_to_csed") == Decimal(2)
    assert result.amount("oic.future_income_months.lump_sum") == Decimal(2)
    [wait] = [o for o in result.options if o.program == "wait_out"]
    assert wait.kind == "strategy" and wait.rank is None
    assert "expires 2027-01-09 (2 months)" in wait.reasons[0]
    assert "wait_out" not in result.recommendation


def test_no_wait_out_option_when_the_statute_is_far() -> None:
    result = analyze(build(example_data("oic-lump-sum-single")))   # CSEDs 2030-2032
    assert not [o for o in result.options if o.program == "wait_out"]


def test_first_time_abatement_reads_prior_years_from_the_transcripts() -> None:
    data = example_data("fta-penalty-abatement")
    before = analyze(build(data))
    assert [o.program for o in before.options if o.program == "fta"] == ["fta"]
    import_transcripts([FIX / "sokolowski-account-2022.txt"], data)
    assert data["compliance"]["penalty_history"] == [
        {"form": "1040", "period": "2022", "penalty_type": "failure_to_pay", "abated": False}]
    after = analyze(build(data))
    assert not [o for o in after.options if o.program == "fta"]
    [rc] = [o for o in after.options if o.program == "reasonable_cause"]
    assert any("penalties in the 3 preceding years (2022)" in r for r in rc.reasons)


def _near_csed(data: dict[str, Any]) -> dict[str, Any]:
    for liability in data["liabilities"]:
        del liability["csed"]
        liability["assessment_date"] = "2017-01-09"          # CSED 2027-01-09, 2 months after 2026-11-02
    return data


def test_the_wait_out_option_states_its_terms_and_sources() -> None:
    """rules/csed.json strategy: listed as a strategy to weigh (never ranked), eligible, citing the
    statute and the strategy's own reference, its amount the months left (ia.months_to_csed)."""
    result = analyze(build(_near_csed(example_data("oic-lump-sum-single"))))
    [wait] = [o for o in result.options if o.program == "wait_out"]
    assert (wait.title, wait.eligible, wait.kind, wait.amount_path) == (
        "Let the collection statute run", True, "strategy", "ia.months_to_csed")
    assert wait.citations[0].startswith("IRC 6502(a)") and wait.citations[1].startswith("IRC 7122(f)")
    assert "is owed" in wait.reasons[0] and "suspend the statute" in wait.reasons[2]


def test_a_paid_period_does_not_set_the_last_statute() -> None:
    """The last CSED *with a balance*: a paid-off period whose CSED is later does not count."""
    data = _near_csed(example_data("oic-lump-sum-single"))
    paid = dict(data["liabilities"][0], period="2016", assessment_date="2018-03-05", assessed_balance=0,
                penalties={}, interest=0)
    data["liabilities"].append(paid)
    [wait] = [o for o in analyze(build(data)).options if o.program == "wait_out"]
    assert "expires 2027-01-09 (2 months)" in wait.reasons[0]


def test_a_one_dollar_balance_is_still_a_balance_to_wait_out() -> None:
    data = _near_csed(example_data("oic-lump-sum-single"))
    first = dict(data["liabilities"][0], assessed_balance=1, penalties={}, interest=0)
    data["liabilities"] = [first]
    [wait] = [o for o in analyze(build(data)).options if o.program == "wait_out"]
    assert wait.reasons[0].endswith("(2 months); 1 is owed")
