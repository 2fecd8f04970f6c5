"""`formkit deadlines`: each deadline to the day from its notice, event or return; the .ics read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar
from jsonschema import Draft202012Validator

from formkit.case.load import validate_data
from formkit.cli import main
from formkit.deadlines import deadlines
from formkit.transcripts import import_transcripts
from tests.conftest import ROOT, load_example

FIX = ROOT / "tests" / "fixtures" / "transcripts"
SCHEMA = json.loads((ROOT / "schemas" / "deadlines.schema.json").read_text())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def imported_case(tmp_path: Path) -> Path:
    data = load_example("oic-lump-sum-single.json")
    import_transcripts([FIX / "gonzalez-account-2021-2022-2018.txt"], data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, default=str, indent=2))
    return path


def test_notice_offer_refund_and_csed_deadlines_by_hand(tmp_path: Path) -> None:
    case = validate_data(json.loads(imported_case(tmp_path).read_text())).case
    assert case is not None
    got = {(d.kind, d.period): d.date for d in deadlines(case, date(2026, 11, 2))}
    # CP504 of 10/10/2022 + 30 days = 11/09/2022 (Oct 21 + Nov 9)
    assert got[("levy_after_cp504", "Form 1040 2021")] == date(2022, 11, 9)
    # LT11 of 01/16/2023: CDP request by 02/15/2023 (Jan 15 + Feb 15); equivalent hearing by 01/16/2024
    assert got[("cdp_request", "Form 1040 2021")] == date(2023, 2, 15)
    assert got[("equivalent_hearing", "Form 1040 2021")] == date(2024, 1, 16)
    # offer rejected 11/13/2023: appeal by 12/13/2023 (Form 656 Section 7(k))
    assert got[("offer_rejection_appeal", "Form 1040 2021")] == date(2023, 12, 13)
    # return 2019 filed 10/05/2020: refund claims until 10/05/2023 (3 years, IRC 6511(a))
    assert got[("refund_claim", "Form 1040 2019")] == date(2023, 10, 5)
    assert got[("csed", "Form 1040 2021")] == date(2032, 5, 30)        # entered in the case wins
    listed = deadlines(case, date(2026, 11, 2))
    assert [d.date for d in listed] == sorted(d.date for d in listed)
    assert all(d.passed == (d.date < date(2026, 11, 2)) for d in listed)


def test_offer_pending_and_accepted_deadlines() -> None:
    data = load_example("ia-streamlined.json")
    data["liabilities"][0]["events"] = [{"kind": "offer", "start": "2025-03-31"}]
    data["liabilities"][1]["events"] = [{"kind": "offer", "start": "2024-01-08", "end": "2024-08-29",
                                         "outcome": "accepted"}]
    case = validate_data(data).case
    assert case is not None
    got = {(d.kind, d.period): d.date for d in deadlines(case)}
    assert got[("offer_deemed_accepted", "Form 1040 2023")] == date(2027, 3, 31)   # + 24 months
    assert got[("offer_compliance", "Form 1040 2024")] == date(2029, 8, 29)        # + 5 years


def test_installment_payments_repeat_monthly_until_the_balance_is_paid() -> None:
    case = validate_data(load_example("ia-streamlined.json")).case
    assert case is not None
    [payment] = [d for d in deadlines(case) if d.kind == "ia_payment"]
    # balance 9,450 + 850.50 + 1,123.80 + 8,620 + 344.80 + 611.15 = 21,000.25; / 320 = 65.6 -> 66
    # not granted yet: day 20 of the month after prepared_on (2026-11-16)
    assert (payment.date, payment.repeat_monthly) == (date(2026, 12, 20), 66)
    assert "not yet granted" in (payment.note or "")


def test_cli_json_and_ics(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = imported_case(tmp_path)
    ics = tmp_path / "deadlines.ics"
    code, out, err = cli(capsys, "deadlines", str(case), "--format", "json", "--ics", str(ics))
    assert code == 0, err
    data = json.loads(out)
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    calendar = Calendar.from_ical(ics.read_bytes())
    events = calendar.walk("VEVENT")
    assert len(events) == len(data["deadlines"])
    cdp = [e for e in events if "Collection Due Process" in str(e.get("summary"))]
    assert len(cdp) == 1 and cdp[0].decoded("dtstart") == date(2023, 2, 15)
    assert "IRC 6330(a)(3)(B)" in str(cdp[0].get("description"))
    assert {str(e.get("uid")) for e in events} == {d["uid"] for d in data["deadlines"]}
    first = ics.read_bytes()
    cli(capsys, "deadlines", str(case), "--ics", str(ics))
    assert ics.read_bytes() == first                     # same bytes for the same case
    assert b"512-48-3321" not in first


def test_ics_payment_rule_and_alarm(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = load_example("ia-streamlined.json")
    data["liabilities"][0]["notices"] = [{"number": "LT11", "date": "2026-11-02", "cdp": True}]
    path = tmp_path / "ia.json"
    path.write_text(json.dumps(data, default=str))
    ics = tmp_path / "ia.ics"
    assert cli(capsys, "deadlines", str(path), "--ics", str(ics))[0] == 0
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    [payment] = [e for e in events if "Installment agreement payment" in str(e.get("summary"))]
    assert payment.get("rrule")["FREQ"] == ["MONTHLY"] and payment.get("rrule")["COUNT"] == [66]
    [cdp] = [e for e in events if "Collection Due Process" in str(e.get("summary"))]
    assert cdp.decoded("dtstart") == date(2026, 12, 2)                   # 11/02 + 30 days, not yet passed
    assert [a.get("trigger").dt.days for a in cdp.walk("VALARM")] == [-7]


def test_ics_must_end_in_ics(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = cli(capsys, "deadlines", str(imported_case(tmp_path)), "--ics", str(tmp_path / "d.txt"))
    assert code == 2 and ".ics" in err


def test_text_lists_with_rule_and_source(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = cli(capsys, "deadlines", str(imported_case(tmp_path)))
    assert code == 0
    assert "passed 2023-02-15  Form 1040 2021: Last day to request a Collection Due Process hearing" in out
    assert "from notice LT11 dated 2023-01-16; IRC 6330(a)(3)(B)" in out
    assert "IRC 7503" in out
