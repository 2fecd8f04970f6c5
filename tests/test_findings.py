"""One finding record for validation, analysis and checks; every code in the catalogue, decided once."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

import formkit.codes as codes
from formkit._schemas import registry, schema
from formkit.analysis import analyze
from formkit.analysis.findings import analysis_finding
from formkit.case import load_case, validate_data
from formkit.checks import check_case
from formkit.codes import CatalogueError, load_codes
from formkit.findings import Finding, Location
from tests.conftest import ROOT

SRC = ROOT / "src" / "formkit"
EXAMPLES = ROOT / "examples"
FINDING = Draft202012Validator({"$ref": "https://formkit.dev/schemas/finding.schema.json"},
                               registry=registry())


def _raised_codes() -> set[str]:
    """Every literal code the analysis (ctx.find) and validation (problem) raise."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("find", "problem", "analysis_finding") and isinstance(node.args[0].value, str):
                found.add(node.args[0].value)
    return found


def test_every_code_raised_in_the_code_is_in_the_catalogue() -> None:
    raised = _raised_codes()
    assert {"OIC-001", "CSED-UNKNOWN", "semantic.duplicate_ssn", "input"} <= raised  # the scan sees them
    assert sorted(raised - set(load_codes())) == []


def test_validation_findings_are_built_from_their_code() -> None:
    """Problem is the Finding class; calling it with the old (path, message, code=) order would raise a
    TypeError that semantic checks swallow (they skip data the schema rejected), losing the finding."""
    calls = [f"{path.relative_to(SRC)}:{node.lineno}" for path in SRC.rglob("*.py")
             for node in ast.walk(ast.parse(path.read_text()))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem"]
    assert calls == [], "use problem(code, pointer, message)"


def test_every_schema_keyword_of_the_case_has_a_code() -> None:
    keywords: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            keywords.update(k for k in node if k in Draft202012Validator.VALIDATORS)
            for key, value in node.items():
                if key not in ("x-error",):
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for name in ("case", "common"):
        walk(schema(name))
    wrappers = {"allOf", "if", "then", "$ref", "properties", "items", "$defs", "$id", "$schema"}
    missing = sorted(k for k in keywords - wrappers if f"schema.{k}" not in load_codes())
    assert missing == []


def test_the_analysis_codes_exist_only_once_across_both_files() -> None:
    listed = json.loads((ROOT / "rules" / "codes.json").read_text())["codes"]
    checks = {r["id"] for r in json.loads((ROOT / "rules" / "catalogue.json").read_text())["rules"]}
    ids = [c["id"] for c in listed]
    assert len(ids) == len(set(ids))
    assert sorted(set(ids) & checks) == []


def _rules_dir(tmp_path: Path, codes_doc: dict[str, Any]) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "catalogue.json").write_text((ROOT / "rules" / "catalogue.json").read_text())
    (rules / "codes.json").write_text(json.dumps(codes_doc))
    return tmp_path


@pytest.fixture
def own_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def use(doc: dict[str, Any]) -> None:
        root = _rules_dir(tmp_path, doc)
        real = codes.data_dir
        monkeypatch.setattr(codes, "data_dir", lambda name: root / name if name == "rules" else real(name))
        load_codes.cache_clear()

    yield use
    load_codes.cache_clear()


def test_a_code_listed_in_both_files_is_refused(own_rules: Any) -> None:
    own_rules({"description": "x", "codes": [{"id": "OIC-008", "stage": "analysis", "area": "oic",
                                              "severity": "warning", "title": "again", "citation": "Form 656"}]})
    with pytest.raises(CatalogueError, match="OIC-008 is already listed"):
        load_codes()


def test_codes_file_is_validated_on_load(own_rules: Any) -> None:
    own_rules({"description": "x", "codes": [{"id": "CSED-UNKNOWN", "stage": "analysis", "area": "analysis",
                                              "severity": "blocker", "title": "t", "citation": "IRC 6502"}]})
    with pytest.raises(CatalogueError, match=r"rules/codes.json: /codes/0/severity: 'blocker' is not one of"):
        load_codes()


def test_severity_comes_from_the_catalogue_and_errors_name_programs() -> None:
    f = analysis_finding("OIC-006", "short", programs=("oic_lump_sum",), path="oic.requested.initial_payment")
    assert (f.severity, f.title, f.location) == ("error", "Lump-sum initial payment below 20% of the offer",
                                                 Location("analysis", "oic.requested.initial_payment"))
    assert analysis_finding("OIC-012", "below", programs=("oic_lump_sum",)).severity == \
        load_codes()["OIC-012"].severity
    assert analysis_finding("OIC-001", "unfiled", programs=("fta",), path="/compliance/unfiled_returns"
                            ).location == Location("case", "/compliance/unfiled_returns")
    with pytest.raises(ValueError, match="OIC-006 must name the programs it blocks"):
        analysis_finding("OIC-006", "short")
    with pytest.raises(CatalogueError, match="'NOPE-1' is in neither"):
        analysis_finding("NOPE-1", "x")


def test_locations_read_as_a_preparer_expects() -> None:
    assert str(Location.case("")) == "/"
    assert str(Location.case("/requests/0/offer_amount")) == "/requests/0/offer_amount"
    assert str(Location.analysis("oic.box_a")) == "oic.box_a"
    assert str(Location.on_form("Form 2848", "line_3.row[1].periods", "line 3")) == \
        "Form 2848 line 3 (line_3.row[1].periods)"
    assert str(Location.on_form("Form 656 #2")) == "Form 656 #2"
    assert str(Location.file("out/656.pdf")) == "out/656.pdf"
    with pytest.raises(ValueError, match="not a JSON Pointer"):
        Location.case("requests/0")


def _valid(findings: tuple[Finding, ...] | list[Finding]) -> list[str]:
    return [f"{f.code}: {e.message}" for f in findings for e in FINDING.iter_errors(f.to_dict())]


def test_all_three_steps_speak_the_one_record() -> None:
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    data["spouse"] = dict(data["taxpayer"])  # same SSN as the taxpayer: a semantic error
    problems = validate_data(data).problems
    assert any(p.code == "semantic.duplicate_ssn" and p.where == "/spouse/ssn" for p in problems)

    case = load_case(EXAMPLES / "oic-lump-sum-single.json")
    analysis = analyze(case)
    report = check_case(EXAMPLES / "oic-lump-sum-single.json")
    everything = [*problems, *analysis.findings, *report.findings]
    assert everything and _valid(everything) == []
    assert {f.severity for f in everything} <= {"error", "warning", "info"}
    for f in everything:
        entry = load_codes()[f.code]
        if f in report.findings:
            continue  # a firm may re-grade check rules in formkit.toml
        assert f.severity == entry.severity, f.code


def test_an_analysis_error_blocks_the_programs_it_names(tmp_path: Path) -> None:
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    data["requests"][0]["initial_payment"] = 100  # of a 13,500 offer: 20% is 2,700
    path = tmp_path / "short.json"
    path.write_text(json.dumps(data))
    analysis = analyze(load_case(path))
    short = [f for f in analysis.findings if f.code == "OIC-006"]
    assert [(f.severity, f.programs, f.where) for f in short] == [
        ("error", ("oic_lump_sum",), "oic.requested.initial_payment")]
    assert analysis.blockers == tuple(short)
    option = analysis.option("oic_lump_sum")
    assert option is not None and option.blocked_by == ("OIC-006",)
    assert analysis.to_dict()["findings"][0]["code"] == "OIC-006"  # errors first


# --- each decision made once: the analysis decides from the case, the checks report it -----------------

def _lump(tmp_path: Path, edit: Any) -> Path:
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    edit(data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data))
    return path


def _codes(path: Path) -> tuple[set[str], set[str]]:
    return {f.code for f in analyze(load_case(path)).findings}, check_case(path).ids()


def test_a_return_not_yet_due_is_missing_for_neither(tmp_path: Path) -> None:
    # prepared 2026-11-02; the 2026 return is due 2027-04-15: not a missing return (IRM 20.1.1.3.3.2.1)
    path = _lump(tmp_path, lambda d: d["compliance"].update(unfiled_returns=[
        {"form": "1040", "period": "2026", "due_date": "2027-04-15"}]))
    analysed, checked = _codes(path)
    assert "RETURN-NOT-YET-DUE" in analysed and "OIC-001" not in analysed and "OIC-001" not in checked
    late = _lump(tmp_path, lambda d: d["compliance"].update(unfiled_returns=[
        {"form": "1040", "period": "2024", "due_date": "2025-04-15"}]))
    analysed, checked = _codes(late)
    assert "OIC-001" in analysed and "OIC-001" in checked
    (finding,) = [f for f in check_case(late).findings if f.code == "OIC-001"]
    assert finding.where == "/compliance/unfiled_returns/0"


def test_a_deceased_taxpayer_cannot_claim_low_income_in_the_analysis_either(tmp_path: Path) -> None:
    # Form 656 (Rev. 4-2025) p.2: "... the offer is being filed for a deceased individual, you do
    # not qualify for Low-Income Certification". Low income on both tests, so only the exclusion applies.
    def edit(d: dict[str, Any]) -> None:
        d["taxpayer"]["deceased"] = True
        d["requests"][0].update(low_income_certification=True, application_fee=0, initial_payment=0)
        d["compliance"]["last_return_agi"] = 1000
    path = _lump(tmp_path, edit)
    analysis = analyze(load_case(path))
    (decision,) = [f for f in analysis.findings if f.code == "OIC-008"]
    assert "deceased individual" in decision.message and decision.severity == "error"
    assert analysis.amount("oic.application_fee") == 205  # not waived
    assert "OIC-008" in check_case(path).ids()


def test_an_eta_offer_is_not_judged_against_the_minimum(tmp_path: Path) -> None:
    def edit(d: dict[str, Any]) -> None:
        d["requests"][0].update(basis="eta_economic_hardship", offer_amount=1000, initial_payment=200,
                                lump_sum_payments=[{"amount": 800, "months_after_acceptance": 2}])
    analysed, checked = _codes(_lump(tmp_path, edit))
    assert "OIC-012" not in analysed and "OIC-012" not in checked


def test_the_check_decides_on_its_own_date(tmp_path: Path) -> None:
    # The 2026 return is due 2027-04-15 (IRC 6072(a)): not missing when the case is prepared
    # (2026-11-02) nor the day before, currently due (IRM 20.1.1.3.3.2.1) from that day. The
    # analysis behind the check must use the check's date, or the two dates disagree.
    path = _lump(tmp_path, lambda d: d["compliance"].update(unfiled_returns=[
        {"form": "1040", "period": "2026", "due_date": "2027-04-15"}]))
    assert "OIC-001" not in check_case(path).ids()
    assert "OIC-001" not in check_case(path, as_of=date(2027, 4, 14)).ids()
    assert "OIC-001" in check_case(path, as_of=date(2027, 4, 15)).ids()


def test_only_the_offer_the_analysis_judged_is_reported(tmp_path: Path) -> None:
    # Two offers in one case: the analysis (and Forms 656 / 433-A (OIC)) take the first; a
    # second offer of $1 is not judged against the minimum, so the check does not report it.
    def edit(d: dict[str, Any]) -> None:
        second = json.loads(json.dumps(d["requests"][0]))
        second.update(offer_amount=1, initial_payment=1, lump_sum_payments=[])
        d["requests"].append(second)
    path = _lump(tmp_path, edit)
    assert "OIC-012" not in _codes(path)[0]
    assert [f for f in check_case(path).findings if f.code == "OIC-012"] == []


def test_a_partner_filing_an_individual_offer_may_claim_low_income(tmp_path: Path) -> None:
    # Form 656-B (Rev. 4-2021) "Paying for Your Offer": "You are considered an individual if you are
    # seeking compromise of a liability for which you are personally responsible"; the business
    # exclusion on Form 656 p.2 is for business offers (Section 2), which formkit does not file.
    def edit(d: dict[str, Any]) -> None:
        d["business"] = {"name": "Gonzalez & Reyes", "kind": "partnership", "owner": "taxpayer", "monthly": {}}
        d["requests"][0].update(low_income_certification=True, application_fee=0, initial_payment=0)
        d["compliance"]["last_return_agi"] = 1000
    path = _lump(tmp_path, edit)
    analysis = analyze(load_case(path))
    assert "OIC-008" not in {f.code for f in analysis.findings}
    assert analysis.amount("oic.application_fee") == 0
    assert "OIC-008" not in check_case(path).ids()
