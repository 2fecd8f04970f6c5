"""Form 9465 (Rev. 9-2020): the field map against the real PDF, and the mapper's values."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formkit.case import load_case
from formkit.case.model import Case, DirectDebit, InstallmentRequest
from formkit.forms.mappers.f9465 import build, period_label

ROOT = Path(__file__).resolve().parents[2]
MAP_PATH = ROOT / "forms" / "f9465" / "9-2020.json"
PDF_NAME = "f9465.pdf"
FORMATS = {"text", "money", "money_cents", "date", "ssn", "ein", "phone", "digits", "integer",
           "year", "percent", "checkbox"}


# --------------------------------------------------------------------------- helpers

def field_map() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(MAP_PATH.read_text(encoding="utf-8"))
    return data


def official_pdf() -> Path:
    folder = os.environ.get("FORMKIT_FORMS_DIR")
    if not folder:
        if os.environ.get("CI") == "true":
            pytest.fail("FORMKIT_FORMS_DIR must point at the official IRS PDFs in CI")
        pytest.skip("FORMKIT_FORMS_DIR not set: the official IRS PDFs are not available here")
    path = Path(folder) / PDF_NAME
    if not path.is_file():
        pytest.fail(f"{path} does not exist (FORMKIT_FORMS_DIR={folder})")
    return path


def _inherited(node: Any, key: str) -> Any:
    while node is not None:
        if key in node:
            return node[key]
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return None


def _full_name(node: Any) -> str:
    parts: list[str] = []
    while node is not None:
        if "/T" in node:
            parts.append(str(node["/T"]))
        parent = node.get("/Parent")
        node = parent.get_object() if parent is not None else None
    return ".".join(reversed(parts))


def pdf_widgets(path: Path) -> dict[str, dict[str, Any]]:
    """Every widget of the PDF: name -> kind, on-states, max length, page."""
    widgets: dict[str, dict[str, Any]] = {}
    for page_no, page in enumerate(PdfReader(path).pages, start=1):
        for ref in page.get("/Annots", []) or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Widget":
                continue
            ft = str(_inherited(annot, "/FT"))
            flags = int(_inherited(annot, "/Ff") or 0)
            if ft == "/Tx":
                kind = "text"
            elif ft == "/Btn":
                kind = "pushbutton" if flags & (1 << 16) else ("radio" if flags & (1 << 15) else "checkbox")
            else:
                kind = ft
            on: list[str] = []
            ap = annot.get("/AP")
            if kind in ("checkbox", "radio") and ap is not None:
                normal = ap.get_object().get("/N")
                if normal is not None:
                    on = sorted(str(k)[1:] for k in normal.get_object() if k != "/Off")
            max_len = _inherited(annot, "/MaxLen")
            name = _full_name(annot)
            assert name not in widgets, f"duplicate widget name {name}"
            widgets[name] = {"kind": kind, "on": on, "page": page_no,
                             "max_length": int(max_len) if max_len is not None else None,
                             "comb": bool(flags & (1 << 24)), "multiline": bool(flags & (1 << 12))}
    return widgets


class FakeAnalysis:
    def __init__(self, amounts: dict[str, Decimal]) -> None:
        self.amounts = amounts
        self.asked: list[str] = []

    def amount(self, path: str) -> Decimal | None:
        self.asked.append(path)
        return self.amounts.get(path)


def ia_case() -> Case:
    return load_case(ROOT / "examples" / "ia-streamlined.json", today=date(2026, 11, 20))


def joint_ia_case() -> Case:
    """The joint self-employed example, asking for an installment agreement instead of an offer."""
    case = load_case(ROOT / "examples" / "oic-periodic-joint-self-employed.json",
                     today=date(2026, 11, 20))
    request = InstallmentRequest(program="installment_agreement", monthly_payment=Decimal(1500),
                                 agreement_type="non_streamlined", payment_day=5,
                                 amount_paid_with_request=Decimal("2000.25"),
                                 payroll_deduction=True)
    return dataclasses.replace(case, requests=(request,))


# --------------------------------------------------------------------------- the map vs the PDF

@pytest.mark.official_pdf
def test_header_matches_manifest_and_file() -> None:
    fmap = field_map()
    assert (fmap["form"], fmap["form_id"], fmap["revision"]) == ("9465", "f9465", "9-2020")
    assert fmap["supported"] is True
    assert fmap["urls"] == ["https://www.irs.gov/pub/irs-pdf/f9465.pdf"]
    pdf = official_pdf()
    raw = pdf.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == fmap["sha256"]
    assert len(raw) == fmap["bytes"]
    assert len(PdfReader(pdf).pages) == fmap["pages"]


@pytest.mark.official_pdf
def test_every_widget_is_mapped_or_unmapped_exactly_once() -> None:
    fmap = field_map()
    widgets = pdf_widgets(official_pdf())
    assert len(widgets) == 66
    mapped = [spec["pdf"] for spec in fmap["fields"].values()]
    assert len(mapped) == len(set(mapped)), "a PDF field is mapped twice"
    assert not set(mapped) & set(fmap["unmapped"]), "a PDF field is both mapped and unmapped"
    assert set(mapped) | set(fmap["unmapped"]) == set(widgets)
    for name, reason in fmap["unmapped"].items():
        assert reason.strip(), f"{name} unmapped without a reason"


@pytest.mark.official_pdf
def test_mapped_fields_match_the_pdf() -> None:
    fmap = field_map()
    widgets = pdf_widgets(official_pdf())
    for key, spec in fmap["fields"].items():
        w = widgets[spec["pdf"]]
        assert spec["kind"] == w["kind"], key
        assert spec["page"] == w["page"], key
        assert spec.get("max_length") == w["max_length"], key
        assert spec.get("comb", False) == w["comb"], key
        assert spec.get("multiline", False) == w["multiline"], key
        assert spec["format"] in FORMATS, key
        if spec["kind"] == "checkbox":
            assert spec["format"] == "checkbox", key
            assert [spec["on"]] == w["on"], key
        else:
            assert spec["format"] != "checkbox" and "on" not in spec, key


def test_semantic_keys_are_lowercase_dotted_paths() -> None:
    pattern = re.compile(r"^[a-z0-9_]+(\[[1-9][0-9]*\])?(\.[a-z0-9_]+(\[[1-9][0-9]*\])?)*$")
    for key in field_map()["fields"]:
        assert pattern.match(key), key


# --------------------------------------------------------------------------- the mapper

def _check_types(values: dict[str, Any]) -> None:
    fields = field_map()["fields"]
    unknown = set(values) - set(fields)
    assert not unknown, f"mapper returns keys missing from the field map: {sorted(unknown)}"
    for key, value in values.items():
        if value is None:
            continue
        fmt = fields[key]["format"]
        if fmt == "checkbox":
            assert isinstance(value, bool), key
        elif fmt in ("money", "money_cents"):
            assert isinstance(value, Decimal), key
        elif fmt == "integer":
            assert isinstance(value, int) and not isinstance(value, bool), key
        else:
            assert isinstance(value, str | int | date) and not isinstance(value, bool), key


def test_streamlined_example_part_i() -> None:
    values = build(ia_case(), None)
    _check_types(values)
    assert values["request.forms"] == "1040"
    assert values["request.periods"] == "2023, 2024"
    assert values["taxpayer.first_name"] == "Kevin M"
    assert values["taxpayer.last_name"] == "Brennan"
    assert values["taxpayer.ssn"] == "331-72-4410"
    assert "spouse.ssn" not in values and "spouse.first_name" not in values
    assert values["taxpayer.address.street"] == "5027 W Henderson St"
    assert values["taxpayer.address.city_state_zip"] == "Chicago, IL 60641"
    assert values.get("taxpayer.address.foreign_country") is None
    assert values["taxpayer.home_phone"] == "(312) 555-0166"  # only a cell phone is on file
    assert values.get("business.name") is None
    # 2023: 9450 + 850.50 + 1123.80; 2024: 8620 + 344.80 + 611.15
    assert values["line_5"] == Decimal("21000.25")
    assert values.get("line_6") is None
    assert values["line_7"] == Decimal("21000.25")
    assert values.get("line_8") is None
    assert values["line_9"] == Decimal("21000.25")
    assert values.get("line_10") is None  # no analysis: the mapper never divides by 72 itself
    assert "line_11b.cannot_increase" not in values
    assert values["line_11a"] == Decimal(320)
    assert values["line_12"] == 20
    assert values["line_13a"] == "071000013"
    assert values["line_13b"] == "000123455530"
    assert values["line_13c"] is False
    assert values["line_14"] is False


def test_streamlined_example_part_ii() -> None:
    values = build(ia_case(), None)
    assert values["taxpayer.address.county"] == "Cook County"
    assert values["line_16a.single"] is True and values["line_16a.married"] is False
    assert values.get("line_16b.yes") is None and values.get("line_16b.no") is None
    assert values["line_17"] == 0
    assert values["line_18"] == 0
    assert values["line_19.weekly"] is True
    assert not any(values[f"line_19.{b}"] for b in ("biweekly", "monthly", "semimonthly"))
    assert values["line_20"] == Decimal("1036.27")
    assert "line_21.weekly" not in values and "line_22" not in values
    assert values["line_23"] == 1
    assert values["line_24"] == 1
    # premiums are withheld from pay: 25a yes, 25b yes, 25c skipped
    assert values["line_25a.yes"] is True and values["line_25a.no"] is False
    assert values["line_25b.yes"] is True and values["line_25b.no"] is False
    assert "line_25c" not in values
    assert values["line_26a.no"] is True and values["line_26a.yes"] is False
    assert "line_26b.yes" not in values and "line_26c" not in values
    assert "line_27" not in values


def test_line_10_comes_from_the_analysis() -> None:
    case = ia_case()
    analysis = FakeAnalysis({"f9465.line_10": Decimal("291.67")})
    values = build(case, analysis)
    assert "f9465.line_10" in analysis.asked
    assert values["line_10"] == Decimal("291.67")
    assert values["line_11b.cannot_increase"] is False  # 320 >= 291.67
    low = dataclasses.replace(case, requests=(dataclasses.replace(
        case.requests_of(InstallmentRequest)[0], monthly_payment=Decimal(250)),))
    values = build(low, analysis)
    assert values["line_11a"] == Decimal(250)
    assert values["line_11b.cannot_increase"] is True


def test_joint_return_spouse_order_payment_and_payroll() -> None:
    values = build(joint_ia_case(), FakeAnalysis({}))
    _check_types(values)
    assert (values["taxpayer.first_name"], values["taxpayer.last_name"]) == ("James O", "Okafor")
    assert values["taxpayer.ssn"] == "524-61-7788"
    assert (values["spouse.first_name"], values["spouse.last_name"]) == ("Patricia A", "Okafor")
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["request.periods"] == "2021, 2022, 2023"
    # 17420+3484+512.30+4811.75 + 19860+3178+701.10+3920.44 + 14310+1287.90+430+1655.21
    assert values["line_5"] == Decimal("71570.70")
    assert values["line_8"] == Decimal("2000.25")
    assert values["line_9"] == Decimal("69570.45")
    assert values.get("line_10") is None  # the analysis has no such line
    assert values["line_11a"] == Decimal(1500)
    assert values["line_12"] == 5
    assert values.get("line_13a") is None and values.get("line_13b") is None
    assert values["line_14"] is True
    assert values["line_16a.married"] is True and values["line_16a.single"] is False
    assert values["line_17"] == 2
    assert values["line_18"] == 0
    assert "line_19.weekly" not in values  # the taxpayer is self-employed, no paycheck
    assert values["line_21.biweekly"] is True and values["line_21.weekly"] is False
    assert values["line_22"] == Decimal("968.35")
    assert values["line_23"] == 2
    assert values["line_24"] == 1
    assert values["line_25a.yes"] is True
    assert values["line_25b.no"] is True and values["line_25b.yes"] is False
    assert values["line_25c"] == Decimal(610)
    assert values["line_27"] == Decimal(400)


def test_married_filing_separately_leaves_the_spouse_line_empty() -> None:
    case = dataclasses.replace(joint_ia_case(), filing_status="married_filing_separately")
    values = build(case, None)
    assert "spouse.ssn" not in values and "spouse.first_name" not in values
    assert values["line_16a.married"] is True


def test_low_income_without_direct_debit_checks_13c() -> None:
    case = ia_case()
    request = dataclasses.replace(case.requests_of(InstallmentRequest)[0], direct_debit=None,
                                  low_income=True)
    values = build(dataclasses.replace(case, requests=(request,)), None)
    assert values["line_13c"] is True
    assert values.get("line_13a") is None
    with_debit = dataclasses.replace(request, direct_debit=DirectDebit("071000013", "12-34"))
    values = build(dataclasses.replace(case, requests=(with_debit,)), None)
    assert values["line_13c"] is False
    assert values["line_13b"] == "12-34"


def test_sole_proprietorship_employment_taxes_fill_line_2() -> None:
    case = joint_ia_case()
    assert "business.name" not in build(case, None)  # income tax only: line 2 stays empty
    payroll = dataclasses.replace(case.liabilities[0], tax_type="employment", form="941",
                                  period="2023-Q2")
    biz = dataclasses.replace(case.business, ein="86-1234567") if case.business else None
    values = build(dataclasses.replace(case, liabilities=(*case.liabilities, payroll),
                                       business=biz), None)
    assert values["business.name"] == "Okafor Landscaping"
    assert values["business.ein"] == "86-1234567"
    assert values["request.forms"] == "1040, 941"
    assert values["request.periods"] == "2021, 2022, 2023, Q2 2023"


def test_period_labels() -> None:
    assert period_label("2023") == "2023"
    assert period_label("2024-Q2") == "Q2 2024"
    assert period_label("2019-06-30") == "period ending 06/30/2019"
