"""Invalid input: each case asserts the exact JSON path and message a preparer sees."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from formkit.case import validate_data
from formkit.case.load import MAX_CASE_BYTES, validate_file
from formkit.case.problems import CaseError
from tests.conftest import load_example

TODAY = date(2026, 11, 25)
BASE = load_example("oic-lump-sum-single.json")
JOINT = load_example("oic-periodic-joint-self-employed.json")


def _mutate(base: dict[str, Any], path: str, value: Any, delete: bool = False) -> dict[str, Any]:
    data = copy.deepcopy(base)
    parts = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
    node: Any = data
    for part in parts[:-1]:
        node = node[part]
    if delete:
        del node[parts[-1]]
    else:
        node[parts[-1]] = value
    return data


def _errors(data: Any) -> list[tuple[str, str]]:
    result = validate_data(data, today=TODAY)
    assert not result.valid
    return [(p.path, p.message) for p in result.errors]


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("self-employment income contradicting the business detail",
     _mutate(JOINT, "/income/1/gross", 5800),
     "/income/1/gross", "self-employment income of 5,800.00 a month contradicts the business detail (receipts less cash expenses: 5,900.00 a month); the forms print one net business income: correct the income item or business.monthly"),
    ("bad SSN form", _mutate(BASE, "/taxpayer/ssn", "12-345"),
     "/taxpayer/ssn", "'*2-345' is not a valid SSN (expected NNN-NN-NNNN)"),
    ("SSN never issued (area 000)", _mutate(BASE, "/taxpayer/ssn", "000-12-3456"),
     "/taxpayer/ssn", "'***-**-3456' is not a valid SSN or ITIN (area 000, 666 or group 00/serial 0000 are never issued)"),
    ("SSN as a number", _mutate(BASE, "/taxpayer/ssn", 512483321),
     "/taxpayer/ssn", "512483321 is not a valid SSN (expected a string NNN-NN-NNNN)"),
    ("missing spouse on a joint return", _mutate(JOINT, "/spouse", None, delete=True),
     "/spouse", "spouse is required when filing_status is 'married_filing_jointly' (add the spouse's name, SSN and date of birth)"),
    ("negative balance", _mutate(BASE, "/liabilities/0/assessed_balance", -5),
     "/liabilities/0/assessed_balance", "-5 is not a valid amount (expected a non-negative number below one billion with at most 2 decimals, e.g. 1234.56 or \"1234.56\")"),
    ("money with three decimals as string", _mutate(BASE, "/assets/bank_accounts/0/balance", "10.123"),
     "/assets/bank_accounts/0/balance", "'10.123' is not a valid amount (expected a non-negative number below one billion with at most 2 decimals, e.g. 1234.56 or \"1234.56\")"),
    ("money with three decimals as number", _mutate(BASE, "/expenses/housing_utilities", json.loads("1650.125", parse_float=__import__("decimal").Decimal)),
     "/expenses/housing_utilities", "1650.125 has more than 2 decimal places (amounts are dollars and cents)"),
    ("unknown top-level field", _mutate(BASE, "/favourite_color", "blue"),
     "", "unknown field 'favourite_color' (not part of the case format; check the spelling)"),
    ("unknown nested field", _mutate(BASE, "/taxpayer/nickname", "Mari"),
     "/taxpayer", "unknown field 'nickname' (not part of the case format; check the spelling)"),
    ("wrong type: age as string", _mutate(JOINT, "/household/0/age", "twelve"),
     "/household/0/age", "'twelve' is not a whole number"),
    ("wrong type: liabilities not a list", _mutate(BASE, "/liabilities", {"form": "1040"}),
     "/liabilities", "an object is not a list"),
    ("empty liabilities", _mutate(BASE, "/liabilities", []),
     "/liabilities", "needs at least 1 item(s)"),
    ("missing required field", _mutate(BASE, "/taxpayer/last_name", None, delete=True),
     "/taxpayer/last_name", "required field is missing"),
    ("bad filing status", _mutate(BASE, "/filing_status", "married"),
     "/filing_status", "'married' is not one of 'single', 'married_filing_jointly', 'married_filing_separately', 'head_of_household', 'qualifying_surviving_spouse'"),
    ("bad date", _mutate(BASE, "/taxpayer/date_of_birth", "03/14/1979"),
     "/taxpayer/date_of_birth", "'03/14/1979' is not a valid date (expected YYYY-MM-DD, e.g. 2025-04-15)"),
    ("impossible date", _mutate(BASE, "/taxpayer/date_of_birth", "1979-02-30"),
     "/taxpayer/date_of_birth", "'1979-02-30' is not a valid date (expected YYYY-MM-DD, e.g. 2025-04-15)"),
    ("future birth date", _mutate(BASE, "/taxpayer/date_of_birth", "2027-01-01"),
     "/taxpayer/date_of_birth", "date 2027-01-01 is in the future (today is 2026-11-25)"),
    ("future signature date", _mutate(BASE, "/signatures/0/date", "2026-12-01"),
     "/signatures/0/date", "date 2026-12-01 is in the future (today is 2026-11-25)"),
    ("bad tax period", _mutate(BASE, "/liabilities/0/period", "2019-Q5"),
     "/liabilities/0/period", "'2019-Q5' is not a valid tax period (expected 'YYYY', 'YYYY-Qn' or a period-ending date 'YYYY-MM-DD')"),
    ("period-ending date that does not exist", _mutate(BASE, "/liabilities/0/period", "2019-06-31"),
     "/liabilities/0/period", "'2019-06-31' is not a real date (period-ending dates are YYYY-MM-DD)"),
    ("same period twice", _mutate(BASE, "/liabilities/1/period", "2019"),
     "/liabilities/1/period", "period 2019 of Form 1040 is listed twice (also at /liabilities/0); combine them into one entry"),
    ("bad state", _mutate(BASE, "/address/state", "Texas"),
     "/address/state", "'Texas' is not a valid state (expected a two-letter USPS code such as CA or TX)"),
    ("bad ZIP", _mutate(BASE, "/address/zip", "7705"),
     "/address/zip", "'7705' is not a valid ZIP code (expected 12345 or 12345-6789)"),
    ("bad designation", _mutate(BASE, "/representatives/0/designation", "i"),
     "/representatives/0/designation", "'i' is not a Form 2848 designation (expected one of a, b, c, d, e, f, g, h, k, r)"),
    ("bad CAF", _mutate(BASE, "/representatives/0/caf_number", "12345"),
     "/representatives/0/caf_number", "'12345' is not a valid CAF number (expected nine digits such as 0312-45678R, or 'None')"),
    ("bad PTIN", _mutate(BASE, "/representatives/0/ptin", "12345678"),
     "/representatives/0/ptin", "'12345678' is not a valid PTIN (expected P followed by 8 digits)"),
    ("bad pay frequency", _mutate(BASE, "/income/0/frequency", "fortnightly"),
     "/income/0/frequency", "'fortnightly' is not one of 'weekly', 'biweekly', 'semimonthly', 'monthly', 'quarterly', 'annual'"),
    ("bad routing number", _mutate(load_example("ia-streamlined.json"), "/requests/0/direct_debit/routing_number", "07100001"),
     "/requests/0/direct_debit/routing_number", "'07100001' is not a valid routing number (expected 9 digits)"),
    ("unknown field inside a request", _mutate(BASE, "/requests/0/discount", 5),
     "/requests/0", "unknown field 'discount' (not part of the case format; check the spelling)"),
    ("unknown program", _mutate(BASE, "/requests/0/program", "amnesty"),
     "/requests/0/program", "'amnesty' is not one of 'offer_in_compromise', 'installment_agreement', 'currently_not_collectible', 'penalty_abatement'"),
    ("periodic offer without terms", _mutate(BASE, "/requests/0/payment_option", "periodic"),
     "/requests/0/monthly_payment", "a periodic offer needs 'monthly_payment'"),
    ("spouse SSN equals taxpayer SSN", _mutate(JOINT, "/spouse/ssn", "524-61-7788"),
     "/spouse/ssn", "spouse SSN is the same as the taxpayer's SSN"),
    ("signed without a date", _mutate(BASE, "/signatures/0/date", None, delete=True),
     "/signatures/0/date", "signed but the signature date is missing"),
    ("spouse income without spouse", _mutate(BASE, "/income/0/person", "spouse"),
     "/income/0/person", "income belongs to 'spouse' but the case has no spouse"),
    ("liability owned by a spouse the case lacks", _mutate(BASE, "/liabilities/0/owner", "spouse"),
     "/liabilities/0/owner", "owner 'spouse' but the case has no spouse (add the spouse, or set owner to 'taxpayer')"),
    ("trust-fund status on income tax", _mutate(BASE, "/liabilities/0/trust_fund_status", "open"),
     "/liabilities/0/trust_fund_status", "trust_fund_status is for employment taxes, not 'income' (remove it)"),
    ("living apart while unmarried", _mutate(BASE, "/lives_apart_from_spouse", True),
     "/lives_apart_from_spouse", "lives_apart_from_spouse applies to a married taxpayer, but marital_status is 'unmarried'"),
    ("shares household expenses while unmarried", _mutate(BASE, "/shares_household_expenses_with_spouse", True),
     "/shares_household_expenses_with_spouse",
     "shares_household_expenses_with_spouse applies to a married taxpayer, but marital_status is 'unmarried'"),
    ("pending offer basis without a pending offer", _mutate(BASE, "/compliance/pending_offer_basis", "doubt_as_to_liability"),
     "/compliance/pending_offer_basis", "pending_offer_basis is set but pending_offer is false (set pending_offer to true, or remove the basis)"),
    ("unknown compromise exclusion", _mutate(BASE, "/liabilities/0/compromise_exclusion", "lawsuit"),
     "/liabilities/0/compromise_exclusion", "'lawsuit' is not one of 'doj_referral', 'restitution', 'judgment', 'irc_965i_election'"),
    ("case is a list", [], "", "a case file must be a JSON object"),
    ("bad schema version", _mutate(BASE, "/schema_version", "2"),
     "/schema_version", "'2' must be '1'"),
]


@pytest.mark.parametrize(("label", "data", "path", "message"), CASES, ids=[c[0] for c in CASES])
def test_invalid_case_reports_exact_path_and_message(label: str, data: Any, path: str, message: str) -> None:
    assert (path, message) in _errors(data)


def test_every_error_is_reported_at_once() -> None:
    data = _mutate(_mutate(BASE, "/taxpayer/ssn", "12-345"), "/address/zip", "1")
    data["filing_status"] = "married_filing_jointly"
    paths = {p for p, _ in _errors(data)}
    assert {"/taxpayer/ssn", "/address/zip", "/spouse"} <= paths


def test_full_ssn_never_appears_in_messages() -> None:
    data = _mutate(BASE, "/taxpayer/ssn", "666-12-3456")
    text = " ".join(m for _, m in _errors(data))
    assert "666-12-3456" not in text and "***-**-3456" in text


def test_loan_larger_than_value_is_a_warning_not_an_error() -> None:
    data = _mutate(BASE, "/assets/vehicles/0/loan_balance", 12000)
    result = validate_data(data, today=TODAY)
    assert result.valid
    assert [(w.path, w.message) for w in result.warnings] == [
        ("/assets/vehicles/0/loan_balance",
         "loan balance 12000 is larger than the value 9800 (negative equity; confirm both figures)")]


@pytest.mark.parametrize(("content", "message"), [
    (b"", "file is empty (expected a JSON case object)"),
    (b"   \n", "file is empty (expected a JSON case object)"),
    (b"{not json", "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2"),
    (b'{"a": NaN}', "not valid JSON: NaN is not allowed in a case file"),
    (b"\xff\xfe\x00", "not UTF-8 text (byte 0); save the case as UTF-8 JSON"),
])
def test_unusable_files(tmp_path: Path, content: bytes, message: str) -> None:
    f = tmp_path / "case.json"
    f.write_bytes(content)
    with pytest.raises(CaseError) as info:
        validate_file(f)
    assert info.value.unusable
    assert [p.message for p in info.value.problems] == [message]


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        validate_file(tmp_path)
    assert info.value.problems[0].message == "is a folder, not a regular file; give the path of a case file"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        validate_file(tmp_path / "nope.json")
    assert info.value.problems[0].message == "case file not found"


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    f = tmp_path / "huge.json"
    with f.open("wb") as fh:
        fh.truncate(MAX_CASE_BYTES + 1)
    with pytest.raises(CaseError) as info:
        validate_file(f)
    assert info.value.problems[0].message == (
        "case file is too large (10,485,761 bytes; at most 10,485,760 bytes)")
