"""formkit's own pages of a packet: the Form 656-B application checklist, the explanation
attached to Form 656, the payment summary's fee terms and the cover-letter wording, read
back from the rendered PDF text."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from formkit.analysis import analyze
from formkit.case.model import OfferRequest
from formkit.checks import check_case
from formkit.checks import check_packet as check_folder
from formkit.packet.addresses import address_for
from formkit.packet.build import build_packet
from formkit.packet.checklist import answer_checklist
from formkit.packet.contents import plan_packet
from formkit.packet.context import letter_context
from formkit.packet.letter import render_letter
from tests.packet.helpers import case_from, example_data, write_case

CREATED = datetime(2026, 11, 2, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in doc.pages))


def rendered(data: dict[str, Any], kind: str, template: str | None = None) -> str:
    """The text of one generated document of the packet planned for ``data``."""
    case = case_from(data)
    plan = plan_packet(case)
    analysis = analyze(case)
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=address_for(plan.mail_to_form, case, case.prepared_on),
                         enclosures=[], analysis=analysis, forms=[d.form for d in plan.documents if d.form])
    if isinstance(plan.request, OfferRequest):
        ctx["checklist"] = answer_checklist(case, plan.request, check_case(case), analysis, case.prepared_on, 10)
    doc = next(d for d in plan.documents if d.kind == kind and (template is None or d.template == template))
    assert doc.template is not None
    pdf, _ = render_letter(doc.template, ctx, templates_dir=None, title="t", author="a", created=CREATED)
    return text_of(pdf)


class Answers(dict[str, tuple[str, str]]):
    """question -> (answer, note), looked up by the start of the question."""

    def __getitem__(self, start: str) -> tuple[str, str]:
        (found,) = [v for k, v in self.items() if k.startswith(start)]
        return found


def checklist(data: dict[str, Any]) -> Answers:
    case = case_from(data)
    request = case.requests[0]
    assert isinstance(request, OfferRequest)
    answers = answer_checklist(case, request, check_case(case), analyze(case), case.prepared_on, 10)
    return Answers({row["question"]: (row["answer"], row["note"]) for group in answers["groups"]
                    for row in group["rows"]})


# ---------------------------------------------------------------- the application checklist

def test_checklist_of_a_clean_offer_answers_every_question() -> None:
    answers = checklist(example_data("oic-lump-sum-single"))
    assert len(answers) == 14
    assert answers["Did you complete all fields"][0] == "Yes"
    # 13,500 offered; minimum Box A 11,595 + Box G 154 x 12 = 1,848 -> 13,443
    assert answers["Did you make an offer amount"] == (
        "Yes", "The offer of $13,500.00 is not less than the minimum of $13,443.00 computed on "
               "Form 433-A (OIC) Section 8.")
    assert answers["Did you sign and attach the Form 433-B"][0] == "Not applicable"
    assert answers["Did you provide a letter of testamentary"][0] == "Not applicable"
    assert answers["Did you include a check or money order"] == (
        "Yes", 'The initial payment of $2,700.00 by a check payable to the "United States Treasury".')
    assert answers["Did you include a separate check"][0] == "Yes"
    assert {a for a, _ in answers.values()} <= {"Yes", "Not applicable"}


def test_checklist_answers_no_and_names_the_rule() -> None:
    data = example_data("oic-lump-sum-single")
    data["signatures"] = [s for s in data["signatures"] if s["form"] != "656"]
    data["requests"][0]["offer_amount"] = 11500          # below the 13,443 minimum: OIC-012 (a warning)
    data["requests"][0]["initial_payment"] = 2300
    data["requests"][0]["lump_sum_payments"] = [{"amount": 9200, "months_after_acceptance": 2}]
    answers = checklist(data)
    answer, note = answers["Did you sign and attach the Form 656"]
    assert answer == "No" and "not signed by the taxpayer" in note and "OIC-010" in note
    answer, note = answers["Did you make an offer amount"]
    assert answer == "No" and "$11,500.00 is below the minimum of $13,443.00" in note and "OIC-012" in note


def test_checklist_waived_payments_under_low_income_certification() -> None:
    data = example_data("oic-lump-sum-single")
    data["requests"][0].update(low_income_certification=True, application_fee=None, initial_payment=None)
    data["requests"][0].pop("application_fee")
    data["requests"][0].pop("initial_payment")
    answers = checklist(data)
    # household income 1,780 biweekly -> 3,863 a month x 12 = 46,356 and AGI 46,300, both over the
    # $37,650 for one person: the certification fails (OIC-008), so "Waived" becomes "No"
    for question in ("Did you include a check or money order", "Did you include a separate check"):
        answer, note = answers[question]
        assert answer == "No" and note.startswith("Low-Income Certification is claimed.")
        assert "OIC-008" in note
    data["compliance"]["last_return_agi"] = 30000        # AGI under the $37,650: it qualifies
    answers = checklist(data)
    assert answers["Did you include a separate check"] == ("Waived", "Low-Income Certification is claimed.")


def test_checklist_page_in_the_offer_packet() -> None:
    text = rendered(example_data("oic-lump-sum-single"), "page", "oic_checklist.j2")
    assert "Application Checklist (Form 656-B)" in text
    assert "Include this checklist with your application." in text
    assert "Did you select a payment option on Form 656 Yes" in text
    assert "Memphis IRS Center COIC Unit" in text


# ---------------------------------------------------------------- the explanation attached to Form 656

SPECIAL = ("Ms. Gonzalez was diagnosed with multiple sclerosis in March 2026; her neurologist expects her "
           "to stop working within twelve months.")


def test_explanation_of_circumstances_reaches_paper_verbatim() -> None:
    data = example_data("oic-lump-sum-single")
    data["requests"][0].update(basis="eta_economic_hardship", special_circumstances=SPECIAL)
    plan = plan_packet(case_from(data))
    kinds = [d.key for d in plan.documents]
    assert kinds.index("04-explanation") == kinds.index("03-f656") + 1
    text = rendered(data, "page", "oic_explanation.j2")
    assert "Attachment to Form 656 dated 10/27/2026" in text        # the taxpayer signed Form 656 then
    assert SPECIAL in text
    assert "effective tax administration (economic hardship)" in text


def test_no_explanation_page_without_special_circumstances() -> None:
    plan = plan_packet(case_from(example_data("oic-lump-sum-single")))
    assert "explanation" not in " ".join(d.key for d in plan.documents)


# ---------------------------------------------------------------- payment summary and letters

def test_payment_summary_quotes_the_fee_terms_of_section_7c() -> None:
    text = rendered(example_data("oic-lump-sum-single"), "payment_summary")
    assert ("The application fee is kept unless the offer is not accepted for processing "
            "(Form 656 (Rev. 4-2025) Section 7(c))") in text
    assert "will not be returned, even if the offer is withdrawn, rejected or returned" in text
    assert "they are not refunded" not in text


def test_lump_sum_terms_read_as_a_sentence() -> None:
    text = rendered(example_data("oic-lump-sum-single"), "letter")
    assert ("The initial payment of $2,700.00, 20 percent of the offer amount, is sent with the offer; "
            "the remaining $10,800.00 will be paid within 2 months of acceptance.") in text
    assert "will be paid $10,800.00" not in text


def test_lump_sum_terms_with_several_payments() -> None:
    data = example_data("oic-lump-sum-single")
    data["requests"][0]["lump_sum_payments"] = [{"amount": 5000, "months_after_acceptance": 1},
                                                {"amount": 5800, "months_after_acceptance": 3}]
    text = rendered(data, "letter")
    assert ("the remaining $10,800.00 will be paid in 2 payments: $5,000.00 within 1 month of acceptance "
            "and $5,800.00 within 3 months of acceptance.") in text


def test_initial_payment_above_twenty_percent_is_not_called_twenty_percent() -> None:
    data = example_data("oic-lump-sum-single")
    data["requests"][0].update(initial_payment=3000)
    data["requests"][0]["lump_sum_payments"] = [{"amount": 10500, "months_after_acceptance": 2}]
    text = rendered(data, "letter")
    assert "The initial payment of $3,000.00 is sent with the offer" in text
    assert "20 percent" not in text


def test_cnc_shortfall_is_expenses_minus_income_to_the_cent() -> None:
    text = rendered(example_data("cnc-hardship"), "letter")
    found = re.search(r"household income of \$([0-9,.]+) a month.*?allowable living expenses are "
                      r"\$([0-9,.]+) a month, leaving a shortfall of \$([0-9,.]+)", text)
    assert found, text
    income, expenses, shortfall = (float(g.replace(",", "")) for g in found.groups())
    assert round(expenses - income, 2) == shortfall


# ---------------------------------------------------------------- checking a built packet

@pytest.mark.official_pdf
def test_checking_a_built_packet_does_not_report_its_own_pages(tmp_path: Path, forms_dir: Path) -> None:
    case = write_case(tmp_path, "oic", example_data("oic-lump-sum-single"))
    result = build_packet(case, tmp_path / "packet", forms_dir=forms_dir)
    report = check_folder(tmp_path / "packet")
    assert "XF-007" not in report.ids(), [f.where for f in report.findings]
    labels = [d["page_labels"]["prefix"] for d in result.manifest["documents"] if d["kind"] == "attachment"]
    assert labels == ["Att1-", "Att2-", "Att3-"]
    # a PDF that formkit did not make is still reported
    (tmp_path / "packet" / "documents" / "scan.pdf").write_bytes(
        (tmp_path / "packet" / "documents" / "01-cover-letter.pdf").read_bytes() + b"\n% changed\n")
    assert "XF-007" in check_folder(tmp_path / "packet").ids()


def test_checklist_names_only_rules_that_exist_and_every_offer_error() -> None:
    from formkit.checks import load_catalogue
    from formkit.packet.checklist import load_checklist

    catalogue = load_catalogue()
    named = {rule for group in load_checklist()["groups"] for item in group["items"] for rule in item["rules"]}
    assert named <= set(catalogue), sorted(named - set(catalogue))
    # every error on an offer form answers some question of the checklist
    offer_errors = {m.id for m in catalogue.values() if m.severity == "error"
                    and m.area == "oic" and set(m.forms) & {"656", "433-A (OIC)"}}
    assert offer_errors - named <= {"OIC-004", "OIC-027", "OIC-034", "OIC-045"}, sorted(offer_errors - named)
