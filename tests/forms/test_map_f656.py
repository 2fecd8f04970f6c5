"""Form 656 (Rev. 4-2025): the field map against the real PDF, and the mapper's values."""

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
from formkit.case.model import Address, Business, BusinessMonthly, Case, Liability, OfferRequest
from formkit.forms.mappers.f656 import build

ROOT = Path(__file__).resolve().parents[2]
MAP_PATH = ROOT / "forms" / "f656" / "4-2025.json"
PDF_NAME = "f656.pdf"
WIDGETS = 115
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
    """Every widget of the PDF: name -> kind, on-states, max length, flags, page."""
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
                             "comb": bool(flags & (1 << 24)), "multiline": bool(flags & (1 << 12)),
                             "readonly": bool(flags & 1)}
    return widgets


class FakeAnalysis:
    def __init__(self, amounts: dict[str, Decimal]) -> None:
        self.amounts = amounts
        self.asked: list[str] = []

    def amount(self, path: str) -> Decimal | None:
        self.asked.append(path)
        return self.amounts.get(path)


def lump_case() -> Case:
    return load_case(ROOT / "examples" / "oic-lump-sum-single.json", today=date(2026, 11, 20))


def periodic_case() -> Case:
    return load_case(ROOT / "examples" / "oic-periodic-joint-self-employed.json",
                     today=date(2026, 11, 20))


def with_offer(case: Case, **changes: Any) -> Case:
    offer = dataclasses.replace(case.requests_of(OfferRequest)[0], **changes)
    return dataclasses.replace(case, requests=(offer,))


def check_values(values: dict[str, Any]) -> None:
    """Every key is in the field map and every value has the type its format renders."""
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
        elif fmt == "date":
            assert isinstance(value, date), key
        else:
            assert isinstance(value, str), key


# --------------------------------------------------------------------------- the map vs the PDF

@pytest.mark.official_pdf
def test_header_matches_the_official_file() -> None:
    fmap = field_map()
    assert (fmap["form"], fmap["form_id"], fmap["revision"]) == ("656", "f656", "4-2025")
    assert fmap["supported"] is True
    assert fmap["urls"] == ["https://www.irs.gov/pub/irs-pdf/f656.pdf"]
    pdf = official_pdf()
    raw = pdf.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == fmap["sha256"]
    assert len(raw) == fmap["bytes"]
    assert len(PdfReader(pdf).pages) == fmap["pages"]


@pytest.mark.official_pdf
def test_every_widget_is_mapped_or_unmapped_exactly_once() -> None:
    fmap = field_map()
    widgets = pdf_widgets(official_pdf())
    assert len(widgets) == WIDGETS
    mapped = [spec["pdf"] for spec in fmap["fields"].values()]
    assert len(mapped) == len(set(mapped)), "a PDF field is mapped twice"
    assert not set(mapped) & set(fmap["unmapped"]), "a PDF field is both mapped and unmapped"
    assert set(mapped) | set(fmap["unmapped"]) == set(widgets)
    for name, reason in fmap["unmapped"].items():
        assert len(reason.strip()) > 10, f"{name} unmapped without a reason"
        # only buttons, pre-printed read-only cells and IRS-use-only fields stay unmapped
        w = widgets[name]
        assert (w["kind"] == "pushbutton" or w["readonly"] or "IRS use only" in reason), name


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
        assert not w["readonly"], f"{key} maps a read-only field"
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


def test_lump_sum_rows_are_the_months_after_acceptance() -> None:
    fields = field_map()["fields"]
    for n in range(1, 6):
        assert fields[f"section_4.lump_sum.payment[{n}].amount"]["pdf"].endswith(
            f"Row{n}[0].Amount_Payment_{n}[0]")


# --------------------------------------------------------------------------- the mapper

def test_lump_sum_single_example() -> None:
    values = build(lump_case(), None)
    check_values(values)
    assert values["taxpayer.full_name"] == "Maria L. Gonzalez"
    assert values["taxpayer.ssn"] == "512-48-3321"
    assert values.get("spouse.full_name") is None and values.get("spouse.ssn") is None
    assert values["taxpayer.address.full"] == (
        "4415 Bellfort Ave Apt 12, Houston, TX 77051, Harris County")
    assert values.get("taxpayer.mailing_address.full") is None
    assert values.get("taxpayer.ein") is None
    assert values["section_1.form_1040"] is True
    assert values["section_1.form_1040_periods[1]"] == "12-31-2019, 12-31-2020, 12-31-2021"
    assert values["section_1.form_1040_periods[2]"] is None
    assert values["section_1.form_941"] is False and values["section_1.form_940"] is False
    assert values["section_1.tfrp"] is False and values["section_1.other_taxes"] is False
    assert values["low_income.agi"] is False and values["low_income.gross_income"] is False
    assert values["section_3.doubt_as_to_collectibility"] is True
    assert values["section_3.eta_economic_hardship"] is False
    assert values["section_3.eta_public_policy"] is False
    assert values["section_4.lump_sum.check"] is True
    assert values["section_4.periodic.check"] is False
    assert values["section_4.lump_sum.offer_amount"] == Decimal(11500)
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2300)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(9200)
    assert values["section_4.lump_sum.payment[2].amount"] == Decimal(9200)
    for month in (1, 3, 4, 5):
        assert values.get(f"section_4.lump_sum.payment[{month}].amount") is None
    assert not any(k.startswith("section_4.periodic.") and k != "section_4.periodic.check"
                   for k in values)
    # paid by check: nothing is listed under EFTPS / Individual Online Account
    assert not any(k.startswith("section_5.") for k in values)
    assert values["section_6.source_of_funds"] == "Loan from sister (Ana Gonzalez) and savings"
    assert values["section_6.filed_all_returns"] is True
    assert values["section_6.estimated_tax_not_required"] is True
    assert values["section_6.estimated_tax_paid"] is False
    assert values["section_6.deposits_not_required"] is True
    assert values["section_6.deposits_made"] is False
    assert values["taxpayer.phone"] == "(713) 555-0142"
    assert values["taxpayer.signature_date"] == date(2026, 10, 27)
    assert values.get("spouse.signature_date") is None
    assert values["preparer.name"] == "Daniel R. Whitfield"
    assert values["preparer.phone"] == "(713) 555-0190"
    assert values["preparer.caf_or_ptin"] == "0312-45678R"
    assert values["preparer.firm_name_address"] == (
        "Whitfield Tax Resolution PLLC\n1200 Smith St Suite 1600, Houston, TX 77002")
    # the representative's signature date is his 2848 declaration, not a 656 preparer date
    assert values.get("preparer.signature_date") is None


def test_periodic_joint_example() -> None:
    values = build(periodic_case(), None)
    check_values(values)
    assert values["taxpayer.full_name"] == "James O. Okafor"
    assert values["spouse.full_name"] == "Patricia A. Okafor"
    assert values["spouse.ssn"] == "526-33-9014"
    assert values["taxpayer.address.full"] == "2218 E Juanita Ave, Mesa, AZ 85204, Maricopa County"
    assert values["section_1.form_1040_periods[1]"] == "12-31-2021, 12-31-2022, 12-31-2023"
    assert values["section_4.periodic.check"] is True
    assert values["section_4.lump_sum.check"] is False
    assert values["section_4.periodic.offer_amount"] == Decimal(24600)
    assert values["section_4.periodic.first_payment"] == Decimal(1025)
    assert values["section_4.periodic.monthly_payment"] == Decimal(1025)
    assert values["section_4.periodic.payment_day"] == 15
    # 24 months: the first payment, 22 payments, the final payment in month 24
    assert values["section_4.periodic.months"] == 22
    assert values["section_4.periodic.final_month"] == 24
    assert values["section_4.periodic.final_payment_day"] == 15
    assert values["section_4.periodic.final_payment"] == Decimal(1025)  # 24600 - 1025 - 22 x 1025
    assert not any(k.startswith("section_4.lump_sum.") and k != "section_4.lump_sum.check"
                   for k in values)
    # estimated payments required and made to date (3600 of 3600)
    assert values["section_6.estimated_tax_paid"] is True
    assert values["section_6.estimated_tax_not_required"] is False
    assert values["taxpayer.signature_date"] == date(2026, 11, 3)
    assert values["spouse.signature_date"] == date(2026, 11, 3)
    assert values["spouse.phone"] == "(480) 555-0178"
    assert values["preparer.caf_or_ptin"] == "0407-11223R"


def test_uneven_periodic_terms_put_the_remainder_in_the_final_payment() -> None:
    case = with_offer(periodic_case(), offer_amount=Decimal(10000), initial_payment=Decimal(500),
                      monthly_payment=Decimal("812.50"), payment_months=12, payment_day=3)
    values = build(case, None)
    assert values["section_4.periodic.months"] == 10
    assert values["section_4.periodic.final_month"] == 12
    # 10000 - 500 - 10 x 812.50
    assert values["section_4.periodic.final_payment"] == Decimal("1375.00")
    assert values["section_4.periodic.payment_day"] == 3


def test_reason_box_follows_the_basis() -> None:
    for basis, key in [("eta_economic_hardship", "section_3.eta_economic_hardship"),
                       ("eta_public_policy", "section_3.eta_public_policy")]:
        values = build(with_offer(lump_case(), basis=basis), None)
        boxes = [k for k in values if k.startswith("section_3.") and values[k] is True]
        assert boxes == [key]


def test_low_income_certification_waives_the_payments() -> None:
    case = with_offer(lump_case(), low_income_certification=True, initial_payment=None,
                      application_fee=None, payment_method="eftps")
    values = build(case, FakeAnalysis({"f656.lump_sum.initial_payment": Decimal(2300)}))
    check_values(values)
    assert values["low_income.agi"] is True  # the latest AGI (52,400) is on file
    assert values["low_income.gross_income"] is False
    assert values["section_4.lump_sum.initial_payment"] == Decimal(0)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(11500)
    assert not any(k.startswith("section_5.") for k in values)
    no_agi = dataclasses.replace(case, compliance=dataclasses.replace(
        case.compliance, last_return_agi=None))
    values = build(no_agi, None)
    assert values["low_income.agi"] is False and values["low_income.gross_income"] is True


def test_missing_initial_payment_comes_from_the_analysis() -> None:
    case = with_offer(lump_case(), initial_payment=None)
    analysis = FakeAnalysis({"f656.lump_sum.initial_payment": Decimal(2300)})
    values = build(case, analysis)
    assert "f656.lump_sum.initial_payment" in analysis.asked
    assert values["section_4.lump_sum.initial_payment"] == Decimal(2300)
    assert values["section_4.lump_sum.remaining_balance"] == Decimal(9200)
    values = build(case, None)  # never computes 20% itself
    assert values["section_4.lump_sum.initial_payment"] is None
    assert values.get("section_4.lump_sum.remaining_balance") is None


def test_electronic_payments_are_listed_in_section_5() -> None:
    values = build(with_offer(lump_case(), payment_method="online_account"), None)
    check_values(values)
    assert values["section_5.electronic.fee_amount"] == Decimal(205)
    assert values["section_5.electronic.payment_amount"] == Decimal(2300)
    values = build(with_offer(periodic_case(), payment_method="eftps", initial_payment=None), None)
    assert values["section_5.electronic.payment_amount"] == Decimal(1025)  # first monthly payment


def test_periods_are_grouped_by_return() -> None:
    case = lump_case()
    extra = [
        Liability("employment", "941", "2024-Q2", Decimal(100)),
        Liability("employment", "941", "2023-Q4", Decimal(100)),
        Liability("unemployment", "940", "2023", Decimal(50)),
        Liability("civil_penalty", "Civil Penalty", "2022-09-30", Decimal(900)),
        Liability("excise", "720", "2024-03-31", Decimal(10)),
    ]
    biz = Business(name="Bellfort Billing Inc", kind="corporation", monthly=BusinessMonthly())
    values = build(dataclasses.replace(case, liabilities=(*case.liabilities, *extra),
                                       business=biz), None)
    check_values(values)
    assert values["section_1.form_941"] is True
    assert values["section_1.form_941_periods[1]"] == "12-31-2023, 06-30-2024"  # sorted by date
    assert values["section_1.form_940"] is True
    assert values["section_1.form_940_periods[1]"] == "12-31-2023"
    assert values["section_1.tfrp"] is True
    assert values["section_1.tfrp_periods"] == "09-30-2022"
    assert values["section_1.tfrp_business_name"] == "Bellfort Billing Inc"
    assert values["section_1.other_taxes"] is True
    assert values["section_1.other_taxes_periods"] == "Form 720: 03-31-2024"
    assert values.get("taxpayer.ein") is None  # a corporation's EIN is not the individual's


def test_many_periods_run_onto_the_second_line() -> None:
    case = lump_case()
    years = [Liability("income", "1040", str(y), Decimal(1)) for y in range(2012, 2019)]
    values = build(dataclasses.replace(case, liabilities=(*years, *case.liabilities)), None)
    first = values["section_1.form_1040_periods[1]"]
    second = values["section_1.form_1040_periods[2]"]
    assert isinstance(first, str) and isinstance(second, str)
    assert len(first) <= 50
    periods = (first + ", " + second).split(", ")
    assert periods == [f"12-31-{y}" for y in range(2012, 2022)]


def test_sole_proprietor_ein_and_mailing_address() -> None:
    case = periodic_case()
    assert case.business is not None
    po_box = Address(street="PO Box 4410", city="Mesa", state="AZ", zip="85211")
    case = dataclasses.replace(case, business=dataclasses.replace(case.business, ein="86-1234567"),
                               mailing_address=po_box)
    values = build(case, None)
    assert values["taxpayer.ein"] == "86-1234567"
    assert values["taxpayer.mailing_address.full"] == "PO Box 4410, Mesa, AZ 85211"


def test_section_2_is_never_filled() -> None:
    for case in (lump_case(), periodic_case()):
        assert not any(k.startswith("section_2.") for k in build(case, None))
