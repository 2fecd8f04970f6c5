"""Synthetic transcripts in each layout import to the right liabilities; what is not read is reported.

Expected amounts are worked from the fixture lines by hand (the sums are in the comments).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from formkit.cli import main
from formkit.transcripts import TranscriptError, import_transcripts, read_transcript
from formkit.transcripts.codes import load_table
from formkit.transcripts.interpret import interpret
from tests.conftest import ROOT, load_example
from tests.fixtures.transcripts.make_pdf import build

FIX = ROOT / "tests" / "fixtures" / "transcripts"
MULTI = FIX / "gonzalez-account-2021-2022-2018.txt"
HTML = FIX / "gonzalez-account-2020.html"
TEXT_2019 = FIX / "gonzalez-account-2019.txt"
SCHEMA = json.loads((ROOT / "schemas" / "transcripts-import.schema.json").read_text())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def fresh_case(tmp_path: Path, example: str = "oic-lump-sum-single.json") -> Path:
    """The example case with its liabilities reduced to one the transcripts do not cover."""
    data = load_example(example)
    data["liabilities"] = [{"tax_type": "income", "form": "1040", "period": "2024", "assessed_balance": 100,
                           "assessment_date": "2025-06-02"}]
    data["compliance"].pop("penalty_history", None)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data, default=str, indent=2))
    return path


def D(text: str) -> Decimal:
    return Decimal(text)


def test_text_layout_modules_return_block_and_rows() -> None:
    t = read_transcript(MULTI)
    assert (t.layout, t.kind, t.response_date.isoformat() if t.response_date else None) == \
        ("text", "account_transcript", "2026-12-01")
    assert [(m.form, m.period_end.isoformat()) for m in t.modules] == \
        [("1040", "2021-12-31"), ("1040", "2022-12-31"), ("1040", "2018-12-31")]
    m2021 = t.modules[0]
    assert (m2021.tin_last4, m2021.name_line) == ("3321", "MARI GONZ")
    assert (m2021.account_balance, m2021.accrued_interest, m2021.accrued_penalty) == \
        (D("10815.30"), D("612.88"), D("389.40"))
    info = m2021.return_info
    assert (info.filing_status, info.adjusted_gross_income, info.tax_per_return) == ("Single", D("71240.00"), D("12480.00"))
    assert (info.due_or_received.isoformat() if info.due_or_received else None) == "2022-04-18"
    assert len(m2021.transactions) == 19 and m2021.unparsed == ()
    first = m2021.transactions[0]
    assert (first.code, first.cycle, first.dln, first.amount) == ("150", "20222005", "76221-142-31542-2", D("12480.00"))
    wrapped = m2021.transactions[2]
    assert wrapped.explanation == "Penalty for filing tax return after the due date"   # joined from two lines
    assert m2021.transactions[5].explanation == "Notice issued CP 0014"
    assert t.modules[2].no_return_filed and not t.modules[2].return_info.present


def test_interpretation_of_the_2021_module() -> None:
    period = interpret(read_transcript(MULTI).modules[0], load_table())
    # tax 12,480 + 1,350 = 13,830; credits -4,200 - 500 - 250 = -4,950 applied to tax first -> 8,880
    # FTF 1,039.50; FTP 165.20 + 210.00 = 375.20 (+ accrued 389.40 = 764.60)
    # interest 118.44 + 402.16 = 520.60 (+ accrued 612.88 = 1,133.48); total = 10,815.30 + 1,002.28
    tax, penalties, interest = period.allocated()
    assert tax == D("8880.00")
    assert penalties == {"failure_to_file": D("1039.50"), "failure_to_pay": D("764.60")}
    assert interest == D("1133.48")
    assert tax + sum(penalties.values()) + interest == D("11817.58")
    assert [(a["code"], a["date"]) for a in period.assessments] == \
        [("150", "2022-05-23"), ("166", "2022-05-23"), ("290", "2024-04-29")]
    assert period.events == [
        {"kind": "offer", "start": "2023-03-06", "end": "2023-11-13", "outcome": "rejected",
         "source": "transcript", "codes": ["480", "481"]},
        {"kind": "installment_request", "start": "2024-01-08", "end": "2024-02-20", "outcome": "granted",
         "source": "transcript", "codes": ["971", "971"]},
    ]
    assert [(n.number, n.date.isoformat(), n.cdp) for n in period.notices] == \
        [("CP14", "2022-05-23", False), ("CP504", "2022-10-10", False), ("LT11", "2023-01-16", True)]
    assert [(u.code, u.line) for u in period.uninterpreted] == [("925", 61), ("971", 62)]
    assert "not in the code table" in period.uninterpreted[0].reason


def test_html_layout_reads_the_same_fields() -> None:
    t = read_transcript(HTML)
    assert t.layout == "html"
    [m] = t.modules
    assert (m.form, m.period_end.isoformat(), m.tin_last4, m.name_line) == ("1040", "2020-12-31", "3321", "MARI GONZ")
    assert (m.account_balance, m.accrued_interest, m.accrued_penalty) == (D("9131.35"), D("1845.20"), D("412.75"))
    assert m.transactions[0].dln == "76221-158-40213-1" and m.transactions[0].explanation == "Tax return filed"
    period = interpret(m, load_table())
    # 11,240 - 3,100 - 1,000 = 7,140 tax; FTP 162.80 + 1,420 + 412.75 = 1,995.55; interest 20.55 + 388 + 1,845.20
    assert period.allocated() == (D("7140.00"), {"failure_to_pay": D("1995.55")}, D("2253.75"))
    assert period.events == [{"kind": "bankruptcy", "start": "2022-08-16", "end": "2022-12-05",
                              "source": "transcript", "codes": ["520", "521"]}]
    assert any("closing code" in n for n in period.notes)   # TC 520 may be another legal action
    assert period.uninterpreted == []


@pytest.mark.parametrize("source", [TEXT_2019, MULTI])
def test_pdf_export_reads_like_its_text(tmp_path: Path, source: Path) -> None:
    pdf = build(source, tmp_path / "export.pdf")
    from_pdf, from_text = read_transcript(pdf), read_transcript(source)
    assert from_pdf.layout == "pdf"
    assert [(m.form, m.period_end, m.account_balance, m.accrued_interest, m.return_info) for m in from_pdf.modules] == \
        [(m.form, m.period_end, m.account_balance, m.accrued_interest, m.return_info) for m in from_text.modules]
    assert [[(x.code, x.explanation, x.date, x.amount, x.cycle, x.dln) for x in m.transactions]
            for m in from_pdf.modules] == \
        [[(x.code, x.explanation, x.date, x.amount, x.cycle, x.dln) for x in m.transactions]
         for m in from_text.modules]


def test_2019_examination_offer_withdrawn_cnc_and_termination() -> None:
    period = interpret(read_transcript(TEXT_2019).modules[0], load_table())
    assert [(a["code"], a["date"]) for a in period.assessments] == \
        [("150", "2020-11-16"), ("166", "2020-11-16"), ("300", "2022-08-22"), ("350", "2022-08-22")]
    assert [(e["kind"], e.get("end"), e.get("outcome")) for e in period.events] == [
        ("offer", "2023-02-14", "withdrawn"), ("currently_not_collectible", None, None),
        ("installment_termination", None, "terminated")]
    # tax 9,870 + 2,400 - 2,950 - 200 = 9,120; accuracy 480; FTF 1,120.50; FTP 310.45 + 655.20
    tax, penalties, interest = period.allocated()
    assert tax == D("9120.00")
    assert penalties == {"failure_to_file": D("1120.50"), "failure_to_pay": D("965.65"), "accuracy_related": D("480.00")}
    assert interest == D("95.12") + D("292.85") + D("2310.44")
    assert period.notes == [] and period.uninterpreted == []


@pytest.mark.parametrize(("name", "what"), [
    ("gonzalez-return-2021.txt", "is a Tax Return Transcript"),
    ("gonzalez-wage-income-2021.txt", "is a Wage and Income Transcript"),
])
def test_return_and_wage_income_transcripts_are_refused_and_nothing_is_written(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, what: str) -> None:
    case = fresh_case(tmp_path)
    before = case.read_bytes()
    code, out, err = cli(capsys, "transcripts", "import", str(MULTI), str(FIX / name), "--case", str(case))
    assert code == 2
    assert what in err and "import the Account Transcript" in err
    assert case.read_bytes() == before and out == ""


def test_another_taxpayers_transcript_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = fresh_case(tmp_path)
    code, _, err = cli(capsys, "transcripts", "import", str(FIX / "okafor-joint-account-2023.txt"), "--case", str(case))
    assert code == 2
    assert "its TIN ends in 7788, the case's end in ***3321: it is another taxpayer's transcript" in err
    assert "7788-" not in err and "512-48" not in err


def test_joint_transcript_matches_both_spouses(tmp_path: Path) -> None:
    data = load_example("oic-periodic-joint-self-employed.json")
    result = import_transcripts([FIX / "okafor-joint-account-2023.txt"], data)
    assert result.report.updated == ["Form 1040 2023"]
    [liability] = [x for x in data["liabilities"] if x["period"] == "2023"]
    assert liability["events"] == [{"kind": "installment_request", "start": "2024-09-09",
                                    "source": "transcript", "codes": ["971"]}]   # still pending


def test_import_into_a_fresh_case_creates_liabilities_unfiled_years_and_history(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = fresh_case(tmp_path)
    out_path = tmp_path / "merged.json"
    code, out, err = cli(capsys, "transcripts", "import", str(MULTI), str(HTML), str(TEXT_2019),
                         "--case", str(case), "-o", str(out_path))
    assert code == 1, err                      # two transactions of 2021 are not interpreted
    assert "NOT INTERPRETED line 61: TC 925 'Miscellaneous account review'" in out
    assert "NOT INTERPRETED line 62: TC 971 'Collection statute review completed'" in out
    data = json.loads(out_path.read_text(), parse_float=Decimal)
    by_period = {x["period"]: x for x in data["liabilities"]}
    assert sorted(by_period) == ["2019", "2020", "2021", "2024"]   # 2018 and 2022 owe nothing
    l2021 = by_period["2021"]
    assert (l2021["assessed_balance"], l2021["interest"], l2021["assessment_date"], l2021["return_filed_on"]) == \
        (D("8880.00"), D("1133.48"), "2022-05-23", "2022-04-18")
    assert l2021["penalties"] == {"failure_to_file": D("1039.50"), "failure_to_pay": D("764.60")}
    assert l2021["notice"] == {"number": "LT11", "date": "2023-01-16"}
    assert [a["code"] for a in l2021["assessments"]] == ["150", "166", "290"]
    assert data["compliance"]["unfiled_returns"][-1] == {
        "form": "1040", "period": "2018", "note": "no return on the account transcript (no TC 150)"}
    history = {(h["period"], h["penalty_type"]): h["abated"] for h in data["compliance"]["penalty_history"]}
    assert history[("2022", "failure_to_file")] is True       # 166 then 167 for the same amount
    assert history[("2021", "failure_to_file")] is False
    assert json.loads(case.read_text()) != data            # -o leaves the input alone
    assert cli(capsys, "validate", str(out_path))[0] == 0


def test_import_is_idempotent_and_keeps_the_preparers_values(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = load_example("oic-lump-sum-single.json")
    data["liabilities"][2]["events"] = [{"kind": "offer", "start": "2023-03-06", "end": "2023-11-13",
                                         "outcome": "rejected", "note": "from the IRS letter"}]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data, default=str, indent=2))
    code, out, _ = cli(capsys, "transcripts", "import", str(MULTI), "--case", str(case))
    assert code == 1
    once = case.read_bytes()
    assert "kept: Form 1040 2021 assessed_balance: kept the case's 8650.00; the transcript gives 8880.00" in out
    merged = json.loads(once)
    l2021 = merged["liabilities"][2]
    assert l2021["assessed_balance"] == "8650.00"                 # the preparer's value (written as entered)
    assert [e.get("note") for e in l2021["events"] if e["kind"] == "offer"] == ["from the IRS letter"]
    assert len([e for e in l2021["events"] if e["kind"] == "offer"]) == 1
    assert l2021["transcript"]["imported"]["assessed_balance"] == 8880.00
    cli(capsys, "transcripts", "import", str(MULTI), "--case", str(case))
    assert case.read_bytes() == once


def test_values_written_by_an_import_are_updated_by_the_next(tmp_path: Path) -> None:
    data = load_example("oic-lump-sum-single.json")
    data["liabilities"] = [{"tax_type": "income", "form": "1040", "period": "2021", "assessed_balance": 1}]
    import_transcripts([MULTI], data)
    liability = data["liabilities"][0]
    assert liability["assessed_balance"] == 1                     # entered before any import: kept
    del liability["assessed_balance"]
    import_transcripts([MULTI], data)
    assert liability["assessed_balance"] == D("8880.00")
    changed = tmp_path / "later.txt"
    changed.write_text(MULTI.read_text().replace("-$250.00", "-$1,250.00").replace("10,815.30", "9,815.30"))
    import_transcripts([changed], data)
    assert liability["assessed_balance"] == D("7880.00")          # the import's own value follows the transcript


def test_balance_that_does_not_add_up_is_reported(tmp_path: Path) -> None:
    broken = tmp_path / "t.txt"
    broken.write_text(TEXT_2019.read_text().replace("ACCOUNT BALANCE: 11,418.92", "ACCOUNT BALANCE: 12,618.92"))
    period = interpret(read_transcript(broken).modules[0], load_table())
    assert period.notes == ["the transactions add up to 11418.92 but ACCOUNT BALANCE is 12618.92: a posting "
                            "may be missing from the transcript"]


def test_json_report_matches_its_schema(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    Draft202012Validator.check_schema(SCHEMA)
    case = fresh_case(tmp_path)
    code, out, _ = cli(capsys, "transcripts", "import", str(HTML), "--case", str(case), "--format", "json")
    assert code == 0
    data: dict[str, Any] = json.loads(out)
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    [period] = data["files"][0]["periods"]
    assert period["tin"] == "***-**-3321"
    assert data["changes"]["created"] == ["Form 1040 2020"]


def test_not_a_transcript_and_missing_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    case = fresh_case(tmp_path)
    junk = tmp_path / "notes.txt"
    junk.write_text("Call the client on Monday.\n")
    code, _, err = cli(capsys, "transcripts", "import", str(junk), "--case", str(case))
    assert code == 2 and "not an IRS account transcript" in err
    code, _, err = cli(capsys, "transcripts", "import", str(tmp_path / "nope.pdf"), "--case", str(case))
    assert code == 2 and "file not found" in err
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 garbage")
    code, _, err = cli(capsys, "transcripts", "import", str(bad_pdf), "--case", str(case))
    assert code == 2 and "not a readable PDF" in err


def test_imported_case_gives_the_csed_by_hand(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """150@2022-05-23 (base 2032-05-23): offer 2023-03-06 -> 2023-11-13 + 30 = 2023-12-13 (282 days),
    installment request 2024-01-08 -> 2024-02-20 (43 days): 325 days -> 2033-04-13."""
    case = fresh_case(tmp_path)
    cli(capsys, "transcripts", "import", str(MULTI), "--case", str(case))
    code, out, _ = cli(capsys, "csed", str(case), "--format", "json")
    assert code == 0
    [l2021] = [x for x in json.loads(out)["liabilities"] if x["period"] == "2021"]
    assert l2021["assessments"]["150@2022-05-23"]["csed"] == "2033-04-13"
    assert l2021["assessments"]["290@2024-04-29"]["csed"] == "2034-04-29"   # the events ended before it
    assert l2021["csed"] == "2034-04-29"


def test_transcript_error_is_a_formkit_error() -> None:
    from formkit.errors import FormkitError

    assert issubclass(TranscriptError, FormkitError)


def test_forms_list_the_imported_periods(tmp_path: Path) -> None:
    """656 Section 1, 9465 and 2848 line 3 take their periods from the liabilities, imported ones included."""
    from formkit.case.load import validate_data
    from formkit.forms.fill import mapper_values
    from formkit.forms.registry import supported

    data = json.loads(fresh_case(tmp_path).read_text(), parse_float=Decimal)
    import_transcripts([HTML, TEXT_2019], data)
    case = validate_data(data).case
    assert case is not None
    assert mapper_values(supported("656"), case, None)["section_1.form_1040_periods[1]"] == \
        "12-31-2019, 12-31-2020, 12-31-2024"
    assert set(str(mapper_values(supported("9465"), case, None)["request.periods"]).split(", ")) == \
        {"2019", "2020", "2024"}
    assert mapper_values(supported("2848"), case, None)["line_3.row[1].periods"].startswith("2019, 2020, 2024")


def test_record_of_account_imports_its_account_part() -> None:
    t = read_transcript(FIX / "brennan-record-of-account-2023.txt")
    assert t.kind == "record_of_account"
    [m] = t.modules
    assert m.unparsed == () and m.return_items == 12
    period = interpret(m, load_table())
    # 13,650 - 4,200 = 9,450 tax; FTP 547.40 + 303.10; interest 176.90 + 512.60
    assert period.allocated() == (D("9450.00"), {"failure_to_pay": D("850.50")}, D("689.50"))
    assert period.notes == ["Record of Account: 12 lines of its return part are not imported (the account part is)"]
    data = load_example("ia-streamlined.json")
    import_transcripts([FIX / "brennan-record-of-account-2023.txt"], data)
    assert data["liabilities"][0]["assessments"] == [{"code": "150", "date": "2024-06-10", "amount": D("13650.00"),
                                                      "explanation": "Tax return filed", "source": "transcript"}]
