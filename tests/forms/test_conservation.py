"""Nothing lost: every item of every list reaches paper, on its row or on the continuation sheet.

Cases with 0 to 12 items in every list (generated, plus the fullest case by hand) are filled,
and each item's identifying text and amount is looked for in what independent readers get
back: the field values (pypdf; pdftk in the full case) and the text of the continuation pages
(pdftotext). The packet is checked the same way from its flattened pages.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from formkit.case.model import (
    Address,
    AssetWithLoan,
    BankAccount,
    Case,
    CreditAccount,
    HouseholdMember,
    Income,
    LifeInsurance,
    MerchantAccount,
    OtherExpense,
    PaymentProcessor,
    RealEstate,
    Receivable,
    Vehicle,
)
from formkit.forms.fill import fill_form
from tests.conftest import EXAMPLES, official_forms_dir
from tests.forms.support import example, mapped, revision

pytestmark = pytest.mark.official_pdf

HOME = Address("2218 E Juanita Ave", "Mesa", "AZ", "85204", county="Maricopa County")


@dataclass(frozen=True)
class Kind:
    """One list of the case: how to make its n-th item, the text that names it on every form,
    its amount as printed (whole dollars), and the forms that list it."""

    path: str
    make: Callable[[int], Any]
    name: Callable[[Any], str]
    amount: Callable[[Any], Decimal | None]
    forms: tuple[str, ...]


def _value(k: int, base: int) -> Decimal:
    return Decimal(base + 97 * k)


KINDS = (
    Kind("bank_accounts", lambda k: BankAccount(f"Bank Q{k:02d}", "savings", _value(k, 10000), account_last4=f"{k:04d}"),
         lambda x: x.institution, lambda x: x.balance, ("433-A", "433-A (OIC)", "433-F")),
    Kind("investments", lambda k: AssetWithLoan(f"Fund Q{k:02d}", _value(k, 20000), kind="stocks",
                                                institution=f"Broker Q{k:02d}"),
         lambda x: x.institution, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("retirement_accounts", lambda k: AssetWithLoan(f"IRA Q{k:02d}", _value(k, 30000), kind="ira",
                                                        institution=f"Custodian Q{k:02d}"),
         lambda x: x.institution, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("life_insurance", lambda k: LifeInsurance(f"Insurer Q{k:02d}", "whole", Decimal(50000),
                                                   cash_value=_value(k, 40000)),
         lambda x: x.company, lambda x: x.cash_value, ("433-A", "433-A (OIC)")),
    Kind("real_estate", lambda k: RealEstate(f"Parcel Q{k:02d}", HOME, _value(k, 150000)),
         lambda x: x.description, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("vehicles", lambda k: Vehicle(2000 + k, "Kia", f"Model Q{k:02d}", _value(k, 5000)),
         lambda x: x.model, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("personal_effects", lambda k: AssetWithLoan(f"Painting Q{k:02d}", _value(k, 60000), kind="art"),
         lambda x: x.description, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("business_assets", lambda k: AssetWithLoan(f"Tool Q{k:02d}", _value(k, 70000), kind="equipment"),
         lambda x: x.description, lambda x: x.value, ("433-A", "433-A (OIC)", "433-F")),
    Kind("receivables", lambda k: Receivable(f"Client Q{k:02d}", _value(k, 80000)),
         lambda x: x.debtor, lambda x: x.amount, ("433-A", "433-A (OIC)", "433-F")),
    Kind("credit_accounts", lambda k: CreditAccount(f"Lender Q{k:02d}", "credit_card", _value(k, 9000),
                                                    _value(k, 3000), card_brand="Visa", account_last4=f"{k:04d}"),
         lambda x: x.institution, lambda x: x.amount_owed, ("433-A", "433-F")),
)
# the business's lists (Form 433-A lines 61-62, Form 433-F Section E2)
BUSINESS_KINDS = (
    Kind("payment_processors", lambda k: PaymentProcessor(f"Processor Q{k:02d}", HOME, account_last4=f"P{k:03d}"),
         lambda x: x.name, lambda x: None, ("433-A", "433-F")),
    Kind("merchant_accounts", lambda k: MerchantAccount("Visa", f"Acquirer Q{k:02d}", HOME, account_last4=f"{k:04d}"),
         lambda x: x.issuing_bank, lambda x: None, ("433-A", "433-F")),
)
HOUSEHOLD = Kind("household", lambda k: HouseholdMember(f"Child Q{k:02d}", 3 + k, "child", True),
                 lambda x: x.name, lambda x: None, ("433-A", "433-A (OIC)"))
JOBS = Kind("income", lambda k: Income("spouse", "wages", _value(k, 1000), "monthly", payer=f"Employer Q{k:02d}",
                                       contact_at_work_allowed=True, employer_ownership_interest=False),
            lambda x: x.payer, lambda x: None, ("433-A", "433-A (OIC)", "433-F"))
OTHER_EXPENSES = Kind("other", lambda k: OtherExpense(f"Expense Q{k:02d}", _value(k, 300), "other"),
                      lambda x: x.description, lambda x: x.amount, ("433-A", "433-F"))
FORMS = ("433-A", "433-A (OIC)", "433-F")


def build(counts: dict[str, int]) -> Case:
    base = example("oic-periodic-joint-self-employed")
    assets = dataclasses.replace(base.assets, cash_on_hand=Decimal(0),
                                 **{k.path: tuple(k.make(i) for i in range(counts[k.path])) for k in KINDS})
    jobs = tuple(JOBS.make(i) for i in range(counts["income"]))
    expenses = dataclasses.replace(base.expenses,
                                   other=tuple(OTHER_EXPENSES.make(i) for i in range(counts["other"])))
    assert base.business is not None
    business = dataclasses.replace(base.business, **{k.path: tuple(k.make(i) for i in range(counts[k.path]))
                                                     for k in BUSINESS_KINDS})
    return dataclasses.replace(base, assets=assets, expenses=expenses, business=business,
                               household=tuple(HOUSEHOLD.make(i) for i in range(counts["household"])),
                               income=(*jobs, *(i for i in base.income if i.source != "wages")))


def _money(amount: Decimal) -> str:
    return f"{amount.quantize(Decimal(1)):,}"


def _text(pdf: bytes, sheet_pages: bool = True) -> str:
    """Field values (pypdf) and the continuation pages' text (pdftotext), whitespace collapsed."""
    reader = PdfReader(io.BytesIO(pdf))
    fields = " ".join(str(f.get("/V")) for f in (reader.get_fields() or {}).values() if f.get("/V") is not None)
    pages = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(f"{fields} {pages.decode('utf-8')}".split())


def lost(case: Case, text_of: Callable[[str], str], forms: Sequence[str] = FORMS) -> list[str]:
    missing = []
    for form in forms:
        text = text_of(form)
        kinds = [*KINDS, *BUSINESS_KINDS, HOUSEHOLD, JOBS, OTHER_EXPENSES]
        for kind in kinds:
            if form not in kind.forms:
                continue
            items = getattr(case.business if kind in BUSINESS_KINDS else case.assets, kind.path, None)
            if kind is HOUSEHOLD:
                items = case.household
            elif kind is JOBS:
                items = tuple(i for i in case.income if i.source == "wages")
            elif kind is OTHER_EXPENSES:
                items = case.expenses.other
            for item in items or ():
                name = kind.name(item)
                if name not in text:
                    missing.append(f"{form}: {kind.path} {name!r}")
                amount = kind.amount(item)
                if amount is not None and _money(amount) not in text:
                    missing.append(f"{form}: {kind.path} {name!r} amount {_money(amount)}")
    return missing


def _filled(case: Case) -> Callable[[str], str]:
    forms_dir = official_forms_dir()
    return lambda form: _text(fill_form(form, case, forms_dir=forms_dir))


LISTS = [*(k.path for k in (*KINDS, *BUSINESS_KINDS)), "household", "income", "other"]
COUNTS = st.fixed_dictionaries({name: st.integers(0, 12) for name in LISTS})


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(COUNTS)
def test_generated_cases_lose_nothing(counts: dict[str, int]) -> None:
    case = build(counts)
    assert lost(case, _filled(case)) == []


FULL = {name: 12 for name in LISTS}


def test_the_fullest_case_loses_nothing_read_with_pdftk(tmp_path: Path) -> None:
    """Twelve of everything, read back with pdftk (fields) and pdftotext (sheets)."""
    case = build(FULL)
    forms_dir = official_forms_dir()

    def text_of(form: str) -> str:
        pdf = tmp_path / "form.pdf"
        pdf.write_bytes(fill_form(form, case, forms_dir=forms_dir))
        dump = subprocess.run(["pdftk", str(pdf), "dump_data_fields_utf8"], capture_output=True, text=True,
                              check=True).stdout
        values = " ".join(line.split(": ", 1)[1] for line in dump.splitlines() if line.startswith("FieldValue: "))
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        return " ".join(f"{values} {pages}".split())

    assert lost(case, text_of) == []


@pytest.mark.parametrize("count", [1, 3])
def test_a_wage_earners_receivables_reach_every_form(count: int) -> None:
    """Form 433-A (OIC) Section 5 is headed "for Self-Employed", but a wage earner's note
    receivable is still an asset: its question is answered and the list printed."""
    base = example("oic-lump-sum-single")
    assert base.business is None
    receivables = next(k for k in KINDS if k.path == "receivables")
    case = dataclasses.replace(base, assets=dataclasses.replace(
        base.assets, receivables=tuple(receivables.make(i) for i in range(count))))
    assert lost(case, _filled(case)) == []
    values = mapped(revision("f433aoi", "4-2025"), case).values
    assert (values["accounts_receivable.yes"], values["accounts_receivable.no"]) == (True, False)
    assert (values["notes_receivable.yes"], values["notes_receivable.no"]) == (False, True)


def test_the_continuation_sheet_names_form_line_and_taxpayer() -> None:
    case = build(FULL)
    pdf = fill_form("433-A (OIC)", case, forms_dir=official_forms_dir())
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 8  # the form's own eight pages, then the sheets
    sheets = subprocess.run(["pdftotext", "-f", "9", "-layout", "-", "-"], input=pdf, capture_output=True,
                            check=True).stdout.decode()
    assert "Form 433-A (OIC) (Rev. 4-2025), Section 3, line 5 \u2014 continued" in sheets
    assert "Taxpayer: James O. Okafor and Patricia A. Okafor" in sheets
    assert "***-**-7788" in sheets and "524-61-7788" not in sheets
    assert re.search(r"Continuation sheet, page 1 of \d+", sheets)
    # the IRS bytes stay a verbatim prefix: the sheets come in the same incremental update
    official = (official_forms_dir() / "f433aoi.pdf").read_bytes()
    assert pdf.startswith(official)


def test_the_offer_packet_loses_nothing() -> None:
    """The packet's flattened forms and their continuation pages, read with pdftotext, list every
    item the 433-A (OIC) lists (the packet of an offer carries the 433-A (OIC), not the 433-A)."""
    from formkit.packet.build import build_packet

    case = build(FULL)
    result = build_packet(case, forms_dir=official_forms_dir(), force=True, base_dir=EXAMPLES)
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=result.pdf, capture_output=True,
                          check=True).stdout.decode()
    flat = " ".join(text.split())
    assert lost(case, lambda form: flat, forms=("433-A (OIC)",)) == []
    assert "Form 433-A (OIC) (Rev. 4-2025), Section 3, line 6 \u2014 continued" in flat
    # the manifest and the cover letter say what the sheets continue
    (oic,) = [d for d in result.manifest["documents"] if d["form"] == "433-A (OIC)"]
    assert oic["continuation"]["pages"] >= 2
    assert "Section 3, line 6 (10 items)" in oic["continuation"]["continues"]
    assert "continuation pages: Section 1 (9 items)" in flat


@pytest.mark.parametrize("name", sorted(p.stem for p in EXAMPLES.glob("*.json")))
def test_every_example_loses_nothing_on_its_forms_and_in_its_packet(name: str) -> None:
    """The examples as shipped: every item on each financial statement filled alone, and on the
    flattened forms of the packet built without --force (read with pdftotext)."""
    from formkit.packet.build import build_packet

    case = example(name)
    assert lost(case, _filled(case)) == []
    result = build_packet(case, forms_dir=official_forms_dir(), base_dir=EXAMPLES)
    flat = " ".join(subprocess.run(["pdftotext", "-layout", "-", "-"], input=result.pdf, capture_output=True,
                                   check=True).stdout.decode().split())
    statements = tuple(d["form"] for d in result.manifest["documents"] if d.get("form") in FORMS)
    assert lost(case, lambda form: flat, forms=statements) == []


# --------------------------------------------------------------------------- 2848 and 656 lists


def _poa_case(representatives: int, matters: int, periods: int) -> Case:
    """Representatives, line 3 matters and owed periods, each named so it can be found."""
    from formkit.case.model import Liability, PoaMatter, PowerOfAttorney, Representative

    base = example("oic-lump-sum-single")
    reps = tuple(Representative(f"Agent Q{k:02d}", HOME, "c", caf_number=f"0312-{45600 + k}R", ptin=f"P{1000000 + k:08d}",
                                jurisdiction="AZ", license_number=f"{900 + k}")
                 for k in range(representatives))
    poa = PowerOfAttorney(tuple(PoaMatter("Income", f"1040-Q{k:02d}", (str(2001 + k),)) for k in range(matters))
                          ) if matters else None
    owed = tuple(Liability("income", "1040", str(1990 + k), Decimal(100 + k)) for k in range(periods))
    return dataclasses.replace(base, representatives=reps or base.representatives, power_of_attorney=poa,
                               liabilities=owed or base.liabilities)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 12), st.integers(0, 12), st.integers(0, 12))
def test_representatives_matters_and_periods_are_never_dropped(reps: int, matters: int, periods: int) -> None:
    case = _poa_case(reps, matters, periods)
    forms_dir = official_forms_dir()
    poa = _text(fill_form("2848", case, forms_dir=forms_dir))
    missing = [r.name for r in case.representatives if r.name not in poa]
    if case.power_of_attorney is not None:
        missing += [m.form for m in case.power_of_attorney.matters if m.form not in poa]
    offer = _text(fill_form("656", case, forms_dir=forms_dir))
    missing += [f"12-31-{lia.period}" for lia in case.liabilities if f"12-31-{lia.period}" not in offer]
    assert missing == []
