"""Every question answered (FORM-001, FORM-002): trigger and pass scenarios (run by
test_rules.py), plus the wording that names the line and the case fact that answers it."""

from __future__ import annotations

from dataclasses import replace

from formkit.case.model import Bankruptcy, Case, Compliance, OfferRequest, OtherInformation
from formkit.checks.model import CheckReport
from tests.checks.helpers import IA, LUMP, Table, as_pdf, check, example, findings

TRIGGER, PASS = Table(), Table()

#: Every Section 3 question of Form 433-A answered "no", as a preparer records it.
ANSWERED = OtherInformation(party_to_lawsuit=False, lived_outside_us_6_months_last_10_years=False,
                            beneficiary_of_trust_or_estate=False, trustee_or_fiduciary=False,
                            safe_deposit_box=False, assets_transferred_last_10_years=False,
                            filed_bankruptcy=False)


def streamlined() -> Case:
    """The installment example before the preparer asked the Section 3 questions."""
    return replace(example(IA), other_information=OtherInformation())


def answered() -> Case:
    case = streamlined()
    return replace(case, other_information=ANSWERED,
                   compliance=replace(case.compliance, bankruptcy=None))


@TRIGGER("FORM-002")
def _t002() -> CheckReport:
    # the case says nothing about lawsuits, trusts, safe deposit boxes, ...
    return check(streamlined(), [as_pdf("f433a", streamlined())])


@PASS("FORM-002")
def _p002() -> CheckReport:
    return check(answered(), [as_pdf("f433a", answered())])


def no_prequalifier() -> Case:
    """The lump-sum offer before the preparer asked about the Pre-Qualifier tool."""
    case = example(LUMP)
    offer = replace(case.requests_of(OfferRequest)[0], prequalifier_used=None)
    return replace(case, requests=(offer,))


@TRIGGER("FORM-001")
def _t001() -> CheckReport:
    return check(no_prequalifier(), [as_pdf("f656", no_prequalifier())])


@PASS("FORM-001")
def _p001() -> CheckReport:
    # the lump-sum offer answers every Form 656 question
    return check(example(LUMP), [as_pdf("f656", example(LUMP))])


def test_open_offer_question_names_the_case_fact() -> None:
    from_case = findings(check(no_prequalifier(), with_forms=True), "FORM-001")
    assert [f.where for f in from_case] == ["Form 656 Pre-Qualifier (prequalifier)"]
    assert "/requests/0/prequalifier_used" in from_case[0].fix
    assert not findings(check(example(LUMP), with_forms=True), "FORM-001")


def test_open_question_names_the_line_and_the_fact_that_answers_it() -> None:
    report = _t002()
    by_where = {f.where: f for f in findings(report, "FORM-002")}
    lawsuit = by_where["Form 433-A line 6 (line_6)"]
    assert lawsuit.severity == "warning"
    assert lawsuit.message == 'Form 433-A line 6: "Are you a party to a lawsuit?" has no box checked.'
    assert "/other_information/party_to_lawsuit" not in lawsuit.fix  # read from the PDF: no case path
    from_case = check(streamlined(), with_forms=False)
    assert not findings(from_case, "FORM-002")  # the case alone builds no 433-A for an IA request


def test_bankruptcy_answered_no_only_when_the_case_says_so() -> None:
    case = replace(answered(), other_information=replace(ANSWERED, filed_bankruptcy=None))
    where = {f.where for f in findings(check(case, [as_pdf("f433a", case)]), "FORM-002")}
    assert where == {"Form 433-A line 7 (line_7)"}
    past = replace(case, compliance=Compliance(bankruptcy=Bankruptcy(open=False, case_number="15-30211")))
    assert not findings(check(past, [as_pdf("f433a", past)]), "FORM-002")
