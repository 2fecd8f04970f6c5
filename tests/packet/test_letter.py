"""Cover letters: sandboxed Jinja2 with StrictUndefined, escaping, typesetting, firm templates."""

from __future__ import annotations

import io
import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from formkit import load_case
from formkit.case.model import OfferRequest
from formkit.packet.addresses import address_for
from formkit.packet.checklist import answer_checklist
from formkit.packet.contents import plan_packet
from formkit.packet.context import letter_context
from formkit.packet.letter import (
    LetterError,
    escape_value,
    money,
    parse_markup,
    render_letter,
    render_markup,
    to_latin1,
    typeset,
)
from tests.conftest import EXAMPLES
from tests.packet.helpers import EXAMPLE_NAMES

CREATED = datetime(2026, 11, 2, tzinfo=UTC)


def context_for(name: str) -> tuple[dict[str, Any], str]:
    case = load_case(EXAMPLES / f"{name}.json")
    plan = plan_packet(case)
    irs = address_for(plan.mail_to_form, case, case.prepared_on)
    enclosures = [{"title": d.enclosure, "pages": 2} for d in plan.documents if d.kind != "letter"]
    from formkit.analysis import analyze
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=irs, enclosures=enclosures,
                         analysis=analyze(case), forms=[d.form for d in plan.documents if d.form])
    return ctx, plan.letter_template


def pdf_text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_program_letter_renders_with_masked_ssns_only(name: str) -> None:
    ctx, template = context_for(name)
    pdf, markup = render_letter(template, ctx, templates_dir=None, title="Cover letter", author="x",
                                created=CREATED)
    text = pdf_text(pdf)
    case = load_case(EXAMPLES / f"{name}.json")
    ssn = case.taxpayer.ssn
    assert ssn not in text and ssn.replace("-", "") not in text and ssn not in json.dumps(ctx)
    assert f"***-**-{ssn[-4:]}" in text
    assert case.taxpayer.full_name in text
    for line in ctx["irs"]["lines"]:
        assert line in text
    assert "Dear Sir or Madam:" in text and "Sincerely," in text
    assert f"Enclosures ({ctx['enclosure_count']})" in text
    for enclosure in ctx["enclosures"]:
        assert enclosure["title"][:40] in re.sub(r"\s+", " ", text)
    assert {s.name for s in parse_markup(markup)} >= {"letterhead", "date", "to", "re", "body", "closing"}


def test_letter_is_deterministic_and_dated_by_the_caller() -> None:
    ctx, template = context_for("oic-lump-sum-single")
    one, _ = render_letter(template, ctx, templates_dir=None, title="t", author="a", created=CREATED)
    two, _ = render_letter(template, ctx, templates_dir=None, title="t", author="a", created=CREATED)
    other, _ = render_letter(template, ctx, templates_dir=None, title="t", author="a",
                             created=datetime(2027, 1, 1, tzinfo=UTC))
    assert one == two and one != other
    assert b"D:20261102" in one


def test_letterhead_is_the_representative_or_the_taxpayer() -> None:
    ctx, _ = context_for("oic-lump-sum-single")
    assert ctx["sender"]["letterhead"]["lines"][0] == "Whitfield Tax Resolution PLLC"
    ctx, _ = context_for("ia-streamlined")
    assert ctx["writer"] == "taxpayer" and ctx["sender"]["letterhead"]["lines"][0] == "Kevin M. Brennan"


def test_oic_letter_states_the_terms_and_the_payments() -> None:
    ctx, template = context_for("oic-lump-sum-single")
    text = re.sub(r"\s+", " ", pdf_text(render_letter(template, ctx, templates_dir=None, title="t", author="a",
                                                      created=CREATED)[0]))
    # offer 13,500: 2,700 with the application (20%) and 10,800 in month 2
    assert "The offer amount is $13,500.00, payable as a lump sum" in text
    assert "$205.00 application fee" in text and "$2,700.00 initial payment" in text
    assert "Memphis IRS Center COIC Unit" in text


def write_template(folder: Path, name: str, body: str) -> Path:
    (folder / "letters").mkdir(parents=True, exist_ok=True)
    (folder / "letters" / name).write_text(body, encoding="utf-8")
    return folder


def test_missing_value_is_an_error_naming_the_line(tmp_path: Path) -> None:
    write_template(tmp_path, "t.j2", "::body\nHello\n{{ taxpayer.nickname }}\n")
    with pytest.raises(LetterError, match=r"t\.j2: line 3: missing value: .*nickname"):
        render_markup("t.j2", {"taxpayer": {"name": "A"}}, tmp_path)


def test_an_empty_value_printed_is_an_error_not_a_blank(tmp_path: Path) -> None:
    write_template(tmp_path, "t.j2", "::body\n{{ spouse }}\n")
    with pytest.raises(LetterError, match="empty"):
        render_markup("t.j2", {"spouse": None}, tmp_path)


def test_sandbox_refuses_unsafe_access(tmp_path: Path) -> None:
    write_template(tmp_path, "t.j2", "::body\n{{ ''.__class__.__mro__[1].__subclasses__() }}\n")
    with pytest.raises(LetterError, match=r"t\.j2: (line \d+: )?(not allowed|missing value)"):
        render_markup("t.j2", {}, tmp_path)


def test_syntax_error_names_the_template_and_line(tmp_path: Path) -> None:
    write_template(tmp_path, "t.j2", "::body\n{% if x %}\nno end\n")
    with pytest.raises(LetterError, match=r"t\.j2: line \d+: template syntax error"):
        render_markup("t.j2", {"x": True}, tmp_path)


def test_unknown_template_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LetterError, match="not found"):
        render_markup("nope.j2", {}, tmp_path)


def test_values_cannot_change_the_layout(tmp_path: Path) -> None:
    write_template(tmp_path, "t.j2", "::body\nName: {{ name }}\n")
    markup = render_markup("t.j2", {"name": "**Bold** __it__ a\\b\n::closing\nInjected"}, tmp_path)
    sections = parse_markup(markup)
    assert [s.name for s in sections] == ["body"]
    pdf = typeset(markup, title="t", author="a", created=CREATED)
    text = pdf_text(pdf)
    assert "**Bold** __it__ a\\b" in text and "::closing" in text


def test_escape_value() -> None:
    assert escape_value("a**b") == "a\\**b"
    assert escape_value("x\n::body") == "x\n\\::body"
    with pytest.raises(LetterError):
        escape_value(None)


def test_firm_templates_override_and_fall_back(tmp_path: Path) -> None:
    write_template(tmp_path, "oic.j2", '{% extends "_base.j2" %}{% block subject %}FIRM SUBJECT{% endblock %}'
                   "{% block body %}Firm body for {{ names }}.{% endblock %}")
    ctx, template = context_for("oic-lump-sum-single")
    pdf, _ = render_letter(template, ctx, templates_dir=tmp_path, title="t", author="a", created=CREATED)
    text = pdf_text(pdf)
    assert "FIRM SUBJECT" in text and "Firm body for Maria L. Gonzalez." in text
    assert "Whitfield Tax Resolution PLLC" in text  # the base template still comes from formkit


def test_to_latin1() -> None:
    assert to_latin1("it’s “ok” – fine…") == "it's \"ok\" - fine..."
    assert to_latin1("Nguyễn Đức Łukasz") == "Nguyen Duc Lukasz"
    assert to_latin1("José Núñez") == "José Núñez"
    with pytest.raises(LetterError, match="U\\+6F22"):
        to_latin1("漢")


def test_money() -> None:
    assert money(__import__("decimal").Decimal("11500")) == "$11,500.00"
    assert money(__import__("decimal").Decimal("-3.005")) == "-$3.01"


def test_long_letters_get_a_running_header_and_page_numbers(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {n}. " + "Lorem ipsum dolor sit amet. " * 20 for n in range(12))
    markup = f"::header\nRunning header text\n::body\n{body}\n::closing\nSincerely,\n\n\nA. Person\n"
    pdf = typeset(markup, title="t", author="a", created=CREATED)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        second = doc.pages[1].extract_text() or ""
        assert "Running header text" in second and f"Page 2 of {len(doc.pages)}" in second
        assert "Running header text" not in (doc.pages[0].extract_text() or "")


def _variant(name: str, mutate: Any) -> dict[str, Any]:
    from tests.packet.helpers import example_data
    data = example_data(name)
    mutate(data)
    return data


def _low_income(d: dict[str, Any]) -> None:
    r = d["requests"][0]
    r.update(low_income_certification=True)
    for key in ("application_fee", "initial_payment"):
        r.pop(key, None)


def _reasonable_cause(d: dict[str, Any]) -> None:
    r = d["requests"][0]
    r["grounds"] = "reasonable_cause"
    r["events"] = [{"date": "2025-03-02", "description": "Father admitted to hospice care"},
                   {"date": "2025-10-20", "description": "Return filed"}]


def _no_representative(d: dict[str, Any]) -> None:
    d["representatives"] = []
    d.pop("power_of_attorney", None)
    d["signatures"] = [s for s in d["signatures"] if s["form"] != "2848"]


VARIANTS = {
    "oic-low-income-periodic": ("oic-periodic-joint-self-employed", _low_income),
    "oic-low-income-lump": ("oic-lump-sum-single", _low_income),
    "oic-eftps": ("oic-lump-sum-single", lambda d: d["requests"][0].update(payment_method="eftps")),
    "oic-online": ("oic-lump-sum-single", lambda d: d["requests"][0].update(payment_method="online_account")),
    "oic-special": ("oic-lump-sum-single", lambda d: d["requests"][0].update(
        special_circumstances="Serious illness; see the enclosed statement.")),
    "oic-no-rep": ("oic-periodic-joint-self-employed", _no_representative),
    "ia-payroll": ("ia-streamlined", lambda d: (d["requests"][0].pop("direct_debit"),
                                                d["requests"][0].update(payroll_deduction=True))),
    "ia-non-streamlined": ("ia-streamlined", lambda d: d["requests"][0].update(agreement_type="non_streamlined")),
    "cnc-no-rep": ("cnc-hardship", _no_representative),
    "reasonable-cause": ("fta-penalty-abatement", _reasonable_cause),
    "reasonable-cause-no-rep": ("fta-penalty-abatement", lambda d: (_reasonable_cause(d), _no_representative(d))),
}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_letter_variants_render(variant: str) -> None:
    from formkit.analysis import analyze
    from tests.packet.helpers import case_from

    name, mutate = VARIANTS[variant]
    case = case_from(_variant(name, mutate))
    plan = plan_packet(case)
    irs = address_for(plan.mail_to_form, case, case.prepared_on)
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=irs,
                         enclosures=[{"title": d.enclosure, "pages": 1} for d in plan.documents if d.kind != "letter"],
                         analysis=analyze(case), forms=[d.form for d in plan.documents if d.form])
    if isinstance(plan.request, OfferRequest):
        ctx["checklist"] = answer_checklist(case, plan.request, None, analyze(case), case.prepared_on, 10)
    for doc in plan.documents:
        if doc.template:
            pdf, _ = render_letter(doc.template, ctx, templates_dir=None, title="t", author="a", created=CREATED)
            text = words(pdf_text(pdf))
            assert case.taxpayer.ssn not in text
            if variant.startswith("oic-low-income") and doc.kind == "payment_summary":
                assert "Low-Income Certification" in text and "$205.00" not in text
            if variant.startswith("reasonable-cause") and doc.kind == "letter":
                assert "reasonable cause" in text and "March 2, 2025: Father admitted to hospice care" in text
            if variant == "ia-payroll" and doc.kind == "letter":
                assert "payroll deduction under the enclosed Form 2159" in text
            if variant.endswith("no-rep") and doc.kind == "letter":
                assert "I represent" not in text and "cc:" not in text


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_installment_letter_states_the_schedule_to_the_csed() -> None:
    ctx, template = context_for("ia-streamlined")
    markup = render_markup(template, ctx, None)
    # 21,000.25 at 320 a month: 65 x 320 = 20,800, the 66th payment 200.25 (analysis schedule.ia.requested)
    assert "is paid in 66 monthly payments, the last one $200.25" in re.sub(r"\s+", " ", markup)


def test_periodic_payment_summary_shows_the_final_payment_when_it_differs() -> None:
    from formkit.analysis import analyze
    case = load_case(EXAMPLES / "oic-periodic-joint-self-employed.json")
    offer = case.requests_of(OfferRequest)[0]
    # 27,792 over 24 months at 1,150: first 1,150, 22 x 1,150 = 25,300, final 27,792 - 26,450 = 1,342
    from dataclasses import replace
    case = replace(case, requests=(replace(offer, monthly_payment=Decimal("1150"), initial_payment=Decimal("1150")),
                                   *[r for r in case.requests if r is not offer]))
    plan = plan_packet(case)
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=address_for(plan.mail_to_form, case, case.prepared_on),
                         enclosures=[], analysis=analyze(case), forms=[])
    markup = render_markup("oic_payment_summary.j2", ctx, None)
    assert "Monthly payments 2 to 23" in markup and "Final payment, month 24 | $1,342.00" in markup


def _letter_for(data: dict[str, Any], tmp_path: Path) -> str:
    from formkit.analysis import analyze
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data))
    case = load_case(path)
    plan = plan_packet(case)
    ctx = letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                         letter_date=case.prepared_on, irs=address_for(plan.mail_to_form, case, case.prepared_on),
                         enclosures=[], analysis=analyze(case), forms=[d.form for d in plan.documents if d.form])
    pdf, _ = render_letter(plan.letter_template, ctx, templates_dir=None, title="Cover letter", author="x",
                           created=CREATED)
    return words(pdf_text(pdf))


def test_the_offer_letter_argues_each_allowance_claimed_above_the_standards(tmp_path: Path) -> None:
    # IRM 5.15.1: a deviation is allowed when the standard is inadequate for basic living expenses.
    # Harris County (Houston MSA) 2026, one vehicle: operating standard 361; 420 claimed is 59 more.
    data = json.loads((EXAMPLES / "oic-lump-sum-single.json").read_text())
    data["expenses"]["vehicle_operating"] = 420
    data["expenses"]["claimed"] = {"vehicle_operating": {
        "amount": 420, "reason": "A 120-mile round trip to the only employer in the trade.",
        "documents": ["mileage log", "insurance declarations"]}}
    text = _letter_for(data, tmp_path)
    assert "Expenses above the Collection Financial Standards." in text
    assert ("Form 433-A (OIC) line 42, vehicle operating costs: $420.00 a month, where the standards allow "
            "$361.00 ($59.00 more). A 120-mile round trip to the only employer in the trade. "
            "Documents: mileage log and insurance declarations.") in text
    assert "IRS's proposal" not in text
    data["irs_proposal"] = {"description": "Offer examiner's revised Form 433-A (OIC)", "date": "2026-10-02",
                            "allowed": {"vehicle_operating": 361}}
    text = _letter_for(data, tmp_path)
    assert ("the amount allowed in the IRS's proposal (Offer examiner's revised Form 433-A (OIC), "
            "October 2, 2026)") in text
    assert "($59.00 more); the IRS's proposal allows $361.00." in text


def test_letters_without_claims_say_nothing_about_deviations() -> None:
    for name in EXAMPLE_NAMES:
        ctx, template = context_for(name)
        assert ctx["claimed"] == []
        assert "Collection Financial Standards." not in render_markup(template, ctx, None)
