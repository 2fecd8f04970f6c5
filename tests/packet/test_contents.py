"""Which documents go into each packet, in which order (no PDFs needed)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from formkit import load_case
from formkit.analysis import analyze
from formkit.findings import Finding
from formkit.packet.contents import (
    STATEMENT_NEEDED,
    PlanError,
    collection_statement,
    ia_needs_statement,
    load_packets,
    plan_packet,
)
from tests.conftest import EXAMPLES
from tests.packet.helpers import EXAMPLE_NAMES, case_from, example_data

EXPECTED = {
    "oic-lump-sum-single": [
        "01-cover-letter", "02-checklist", "03-f656", "04-f433aoi", "05-f2848-taxpayer",
        "06-attachment-2", "07-attachment-3", "08-attachment-1", "09-payment-summary"],
    "oic-periodic-joint-self-employed": [
        "01-cover-letter", "02-checklist", "03-f656", "04-f433aoi", "05-f2848-taxpayer", "06-f2848-spouse",
        "07-attachment-2", "08-attachment-4", "09-attachment-5", "10-attachment-3", "11-attachment-6",
        "12-attachment-1", "13-payment-summary"],
    "ia-streamlined": ["01-cover-letter", "02-f9465"],
    "cnc-hardship": ["01-cover-letter", "02-f433f", "03-f2848-taxpayer", "04-attachment-1", "05-attachment-2",
                     "06-attachment-3"],
    "fta-penalty-abatement": ["01-cover-letter", "02-f843-1", "03-f843-2", "04-f2848-taxpayer"],
}


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_example_plans(name: str) -> None:
    plan = plan_packet(load_case(EXAMPLES / f"{name}.json"))
    assert [d.key for d in plan.documents] == EXPECTED[name]
    assert plan.documents[0].kind == "letter"
    labels = [d.label for d in plan.documents]
    assert len(set(labels)) == len(labels), "page-label prefixes must tell the documents apart"
    # attachments are labelled in packet order, whatever their index in the case
    attachments = [d.label for d in plan.documents if d.kind == "attachment"]
    assert attachments == [f"Att{n}-" for n in range(1, len(attachments) + 1)]


def test_oic_attachments_follow_the_checklist_and_433a_oic_section_order() -> None:
    plan = plan_packet(load_case(EXAMPLES / "oic-lump-sum-single.json"))
    titles = [d.title for d in plan.of_kind("attachment")]
    assert [t.split(":")[0] for t in titles] == ["Bank statement", "Retirement account statement", "Pay stub"]
    assert plan.documents[-1].kind == "payment_summary"


def test_every_attachment_is_placed_exactly_once_in_its_group_order() -> None:
    data = example_data("oic-lump-sum-single")
    data["attachments"] = [
        {"document_type": "other", "path": "docs/a.pdf"},
        {"document_type": "letters_testamentary", "path": "docs/b.pdf"},
        {"document_type": "tax_return_copy", "path": "docs/c.pdf"},
        {"document_type": "pay_stub", "account": "Bayou City Medical Billing LLC", "path": "docs/d.pdf"},
        {"document_type": "special_circumstances", "path": "docs/e.pdf"},
        {"document_type": "tas_authorization_letter", "path": "docs/f.pdf"},
    ]
    plan = plan_packet(case_from(data))
    order = [d.attachment_index for d in plan.of_kind("attachment")]
    # TAS letter right after the 2848; return copy; supporting docs; special circumstances; the rest; estate
    assert order == [5, 2, 3, 4, 0, 1]


def test_two_forms_2848_for_a_joint_case_one_per_spouse() -> None:
    plan = plan_packet(load_case(EXAMPLES / "oic-periodic-joint-self-employed.json"))
    poas = [d for d in plan.documents if d.form == "2848"]
    assert [d.options for d in poas] == [{"signer": "taxpayer"}, {"signer": "spouse"}]
    assert "James O. Okafor" in poas[0].title and "Patricia A. Okafor" in poas[1].title


def test_one_form_843_per_period_and_penalty() -> None:
    plan = plan_packet(load_case(EXAMPLES / "fta-penalty-abatement.json"))
    forms = [d for d in plan.documents if d.form == "843"]
    assert [d.options for d in forms] == [{"item_index": 0}, {"item_index": 1}]
    assert "failure-to-file" in forms[0].title and "failure-to-pay" in forms[1].title
    assert plan.letter_template == "penalty_abatement_fta.j2"


def test_reasonable_cause_letter_and_no_2848_without_a_representative() -> None:
    data = example_data("fta-penalty-abatement")
    data["requests"][0]["grounds"] = "reasonable_cause"
    data["representatives"] = []
    data.pop("power_of_attorney", None)
    data["signatures"] = [s for s in data["signatures"] if s["form"] != "2848"]
    plan = plan_packet(case_from(data))
    assert plan.letter_template == "penalty_abatement_reasonable_cause.j2"
    assert not [d for d in plan.documents if d.form == "2848"]


def test_several_requests_need_a_choice() -> None:
    data = example_data("fta-penalty-abatement")
    data["requests"].append({"program": "currently_not_collectible", "hardship_statement": "x"})
    case = case_from(data)
    with pytest.raises(PlanError, match="--request N"):
        plan_packet(case)
    assert plan_packet(case, request_index=1).program == "currently_not_collectible"
    with pytest.raises(PlanError, match="requests 0 to 1"):
        plan_packet(case, request_index=2)


def test_installment_agreement_statement_only_when_required() -> None:
    data = example_data("ia-streamlined")
    assert not ia_needs_statement(analyze(case_from(data)))
    assert [d.form for d in plan_packet(case_from(data)).documents if d.form] == ["9465"]
    data["requests"][0]["agreement_type"] = "non_streamlined"
    plan = plan_packet(case_from(data))
    assert [d.form for d in plan.documents if d.form] == ["9465", "433-F"]


def _statement_reason(mutate: Callable[[dict[str, Any]], None]) -> str | None:
    data = example_data("ia-streamlined")
    mutate(data)
    found = [f for f in analyze(case_from(data)).findings if f.code == STATEMENT_NEEDED]
    return found[0].message.split(": ", 1)[1] if found else None


def _owe(extra: int, payment: int, debit: bool = True) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        data["liabilities"][1]["assessed_balance"] += extra
        data["requests"][0]["monthly_payment"] = payment
        if not debit:
            del data["requests"][0]["direct_debit"]
    return mutate


def test_the_analysis_decides_when_form_9465_needs_a_statement() -> None:
    # The example owes 21,000.25 (tax, penalties and interest of 2023 and 2024): line 10 is
    # 21,000.25 / 72 = 291.67..., rounded up to 291.68 (Instructions for Form 9465, Line 11b).
    assert _statement_reason(_owe(0, 320)) is None
    assert _statement_reason(_owe(0, 291)) == "the payment of 291 is below line 10 (291.68)"
    assert _statement_reason(lambda d: d["requests"][0].update(monthly_payment=291.68)) is None
    # 26,000.25 owed: over 25,000 only with direct debit or payroll deduction (line 10: 361.12)
    assert _statement_reason(_owe(5000, 400)) is None
    assert _statement_reason(_owe(5000, 400, debit=False)) == (
        "the amount owed (line 9) of 26,000.25 is over 25,000 without direct debit or payroll deduction")
    # 51,000.25 owed: over 50,000 even with direct debit (line 10: 708.34)
    assert _statement_reason(_owe(30000, 800)) == "the amount owed (line 9) of 51,000.25 is over 50,000"


@dataclass(frozen=True)
class _Decided:
    findings: tuple[Finding, ...]


def test_the_packet_encloses_the_statement_when_the_analysis_says_so() -> None:
    case = case_from(example_data("ia-streamlined"))
    needed = Finding(STATEMENT_NEEDED, "info", "Form 9465 goes with a collection information statement")
    with_it = plan_packet(case, analysis=_Decided((needed,)))
    assert [d.form for d in with_it.documents if d.form] == ["9465", "433-F"]
    assert [d.form for d in plan_packet(case, analysis=_Decided(())).documents if d.form] == ["9465"]


def test_collection_statement_choice() -> None:
    assert collection_statement(load_case(EXAMPLES / "cnc-hardship.json")) == "433-F"
    data = example_data("cnc-hardship")
    data["signatures"] = [s for s in data["signatures"] if s["form"] != "433-F"]
    data["income"][0]["source"] = "self_employment"
    assert collection_statement(case_from(data)) == "433-A"


def test_firm_packets_json_overrides_the_order(tmp_path: Path) -> None:
    packets = json.loads(json.dumps(load_packets()))
    docs = packets["programs"]["penalty_abatement"]["documents"]
    docs.insert(1, docs.pop(2))  # 2848 before the Forms 843
    (tmp_path / "packets.json").write_text(json.dumps(packets))
    plan = plan_packet(load_case(EXAMPLES / "fta-penalty-abatement.json"), templates_dir=tmp_path)
    assert [d.form for d in plan.documents if d.form] == ["2848", "843", "843"]


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda p: p["programs"]["penalty_abatement"]["documents"].append({"kind": "video"}), "unknown kind"),
    (lambda p: p["programs"]["penalty_abatement"]["documents"].append(
        {"kind": "form", "form": "843", "when": "sunny"}), "unknown condition"),
    (lambda p: p["programs"]["penalty_abatement"]["documents"].pop(), "types \\['\\*'\\]"),
    (lambda p: p.pop("programs"), "expected an object"),
])
def test_bad_packets_json_is_a_clear_error(tmp_path: Path, mutate: object, message: str) -> None:
    packets = json.loads(json.dumps(load_packets()))
    mutate(packets)  # type: ignore[operator]
    (tmp_path / "packets.json").write_text(json.dumps(packets))
    with pytest.raises(PlanError, match=message):
        plan_packet(load_case(EXAMPLES / "fta-penalty-abatement.json"), templates_dir=tmp_path)
