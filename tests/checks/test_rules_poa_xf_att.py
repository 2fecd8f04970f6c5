"""Form 2848, cross-form, attachment and engine rules: trigger and pass scenarios (run by
test_rules.py), plus a few checks of the exact wording."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal

from formkit.case.model import (
    Address,
    AssetWithLoan,
    Attachment,
    Case,
    Income,
    Receivable,
    Representative,
    Signature,
)
from formkit.checks.documents import Document, Value
from formkit.checks.model import CheckReport
from formkit.checks.registry import REGISTRY, Hit, RuleSpec
from formkit.checks.subject import Skipped, Subject
from tests.checks.helpers import (
    FTA,
    IA,
    JOINT,
    LUMP,
    Table,
    as_pdf,
    check,
    edit,
    example,
    findings,
    pdf_doc,
)

TRIGGER, PASS = Table(), Table()
D = Decimal


def lump() -> Case:
    return example(LUMP)


def joint() -> Case:
    return example(JOINT)


def poa(**keys: Value) -> Document:
    return as_pdf("f2848", lump(), keys=keys)


def rep(name: str, designation: str, signed_on: date | None, **extra: str | None
        ) -> Representative:
    return Representative(name=name, address=Address("1 Main St", "Houston", "TX", "77002"),
                          designation=designation, caf_number="0312-45679R",
                          ptin=extra.pop("ptin", "P01234568"), jurisdiction=extra.pop(
                              "jurisdiction", "TX"), license_number=extra.pop("license", "12345"),
                          signature=Signature(True, signed_on) if signed_on else None, **extra)


# ---------------------------------------------------------------- Form 2848 line 3
@TRIGGER("POA-001")
def _t001() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[1].periods": "All years"})])


@TRIGGER("POA-001 description")
def _t001d() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[1].description": "All taxes"})])


@PASS("POA-001")
def _p001() -> CheckReport:
    return check(lump(), [poa()])


# POA-001: only general references to years, periods or taxes get the
# POA returned; penalties tied to a listed return are covered automatically (i2848 Line 3).
@PASS("POA-001 related penalties")
def _p001_penalties() -> CheckReport:
    return check(lump(), [poa(**{"line_3.row[1].description":
                                 "Income tax and any related penalties"})])


@TRIGGER("POA-002")
def _t002() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[1].periods": "2019 through 2030"})])


@PASS("POA-002")
def _p002() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[1].periods": "2019 through 2029"})])


@TRIGGER("POA-003")
def _t003() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[1].form": None})])


@TRIGGER("POA-003 empty")
def _t003e() -> CheckReport:
    rows = {f"line_3.row[{n}].{p}": None for n in (1, 2, 3)
            for p in ("description", "form", "periods")}
    return check(docs=[poa(**rows)])


@PASS("POA-003")
def _p003() -> CheckReport:
    return check(docs=[poa(**{"line_3.row[2].description": "Civil Penalty",
                              "line_3.row[2].form": "Not Applicable",
                              "line_3.row[2].periods": "2023"})])


@TRIGGER("POA-004")
def _t004() -> CheckReport:
    case = lump()
    return check(edit(case, signatures=tuple(s for s in case.signatures if s.form != "2848")))


@TRIGGER("POA-004 pdf")
def _t004p() -> CheckReport:
    return check(docs=[poa(**{"line_7.print_name": None})])


@PASS("POA-004")
def _p004() -> CheckReport:
    return check(lump(), [poa()])


@TRIGGER("POA-005")
def _t005() -> CheckReport:
    return check(edit(lump(), representatives__0__license_number=None))   # an enrolled agent (c)


@TRIGGER("POA-005 unsigned")
def _t005u() -> CheckReport:
    return check(edit(lump(), representatives__0__signature=None))


@TRIGGER("POA-005 pdf")
def _t005p() -> CheckReport:
    return check(docs=[poa(**{"part_2.row[1].designation": "i"})])


@TRIGGER("POA-005 pdf date")
def _t005d() -> CheckReport:
    return check(docs=[poa(**{"part_2.row[1].date": None})])


@TRIGGER("POA-005 attorney without state")
def _t005a() -> CheckReport:
    return check(edit(lump(), representatives=(rep("Ann Lee", "a", date(2026, 10, 28),
                                                   jurisdiction=None, license=None),)))


@TRIGGER("POA-005 preparer without PTIN")
def _t005h() -> CheckReport:
    return check(edit(lump(), representatives=(rep("Hal Prep", "h", date(2026, 10, 28),
                                                   ptin=None, license=None),)))


@TRIGGER("POA-005 student without clinic")
def _t005k() -> CheckReport:
    return check(edit(lump(), representatives=(
        rep("Ann Lee", "a", date(2026, 10, 28)),
        rep("Sam Student", "k", date(2026, 10, 29), license=None, jurisdiction="TX"))))


@PASS("POA-005")
def _p005() -> CheckReport:
    return check(lump(), [poa()])


@PASS("POA-005 attorney and CPA without a number")
def _p005ab() -> CheckReport:
    """Instructions for Form 2848 p.8: a and b enter the state "and associated bar or license
    number, if any"; the column reads "(if applicable)"."""
    reps = (rep("Ann Lee", "a", date(2026, 10, 28), license=None, jurisdiction="NY"),
            rep("Bo Chan", "b", date(2026, 10, 28), license=None, jurisdiction="CA"))
    case = edit(lump(), representatives=reps)
    return check(case, [as_pdf("f2848", case)])


@PASS("POA-005 every designation with its entry")
def _p005all() -> CheckReport:
    reps = (rep("Ann Lee", "a", date(2026, 10, 28), license=None),
            rep("Sam Student", "k", date(2026, 10, 29), license=None, jurisdiction="LITC"),
            rep("Hal Prep", "h", date(2026, 10, 29), license=None),
            rep("Rita Lee", "f", date(2026, 10, 29), license=None, jurisdiction="Sister"))
    return check(edit(lump(), representatives=reps), with_forms=True)


@TRIGGER("POA-006")
def _t006() -> CheckReport:
    return check(edit(lump(), signatures__2__date=date(2026, 9, 1)))


@TRIGGER("POA-006 pdf")
def _t006p() -> CheckReport:
    return check(lump(), [poa(**{"part_2.row[1].date": date(2026, 12, 20)})])


@PASS("POA-006")
def _p006() -> CheckReport:
    return check(lump())


@PASS("POA-006 abroad")
def _p006a() -> CheckReport:
    return check(edit(lump(), signatures__2__date=date(2026, 9, 1), lives_abroad=True))


@PASS("POA-006 representative first")
def _p006r() -> CheckReport:
    return check(edit(lump(), signatures__2__date=date(2026, 12, 31)))


@TRIGGER("POA-007")
def _t007() -> CheckReport:
    return check(docs=[poa(**{"taxpayer.full_name": "Maria L. Gonzalez and Jose Gonzalez"})])


@PASS("POA-007")
def _p007() -> CheckReport:
    return check(joint(), with_forms=True)


@TRIGGER("POA-008")
def _t008() -> CheckReport:
    return check(edit(lump(), representatives__0__caf_number=None))


@TRIGGER("POA-008 pdf")
def _t008p() -> CheckReport:
    return check(docs=[poa(**{"line_2.representative[1].caf_number": "0312-456",
                              "line_2.representative[1].ptin": "01234567"})])


@PASS("POA-008")
def _p008() -> CheckReport:
    return check(lump(), [poa(**{"line_2.representative[1].caf_number": "None"})])


@TRIGGER("POA-009")
def _t009() -> CheckReport:
    return check(lump(), [poa(**{"line_3.row[1].periods": "2019, 2020, 2021"})])


@TRIGGER("POA-009 packet")
def _t009p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()), poa(**{"line_3.row[1].periods": "2019, 2020"})],
                 as_of=date(2026, 11, 2))


@PASS("POA-009")
def _p009() -> CheckReport:
    return check(lump(), [poa()])


@TRIGGER("POA-009 spouse's own period")
def _t009s() -> CheckReport:
    """A period the spouse alone owes must be on the spouse's Form 2848 too."""
    from formkit.case.model import Liability
    case = edit(joint(), liabilities=(*joint().liabilities,
                                      Liability("income", "1040", "2018", Decimal(900), owner="spouse")))
    spouse_poa = as_pdf("f2848", joint(), label="Form 2848 #2", options={"signer": "spouse"})
    return check(case, [as_pdf("f2848", case, label="Form 2848 #1"), spouse_poa])


@PASS("POA-009 taxpayer's own period is not the spouse's")
def _p009t() -> CheckReport:
    from formkit.case.model import Liability
    case = edit(joint(), liabilities=(*joint().liabilities,
                                      Liability("employment", "941", "2023-Q2", Decimal(900))))
    spouse_poa = as_pdf("f2848", case, label="Form 2848 #2", options={"signer": "spouse"})
    return check(case, [as_pdf("f2848", case, label="Form 2848 #1"), spouse_poa])


@PASS("POA-009 packet")
def _p009p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()), poa()], as_of=date(2026, 11, 2))


@TRIGGER("POA-010")
def _t010() -> CheckReport:
    return check(edit(lump(), representatives__0__designation="h"))


@TRIGGER("POA-010 packet")
def _t010p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()), poa(**{"part_2.row[1].designation": "h"})])


@PASS("POA-010")
def _p010() -> CheckReport:
    return check(lump(), [poa()])


@TRIGGER("POA-011")
def _t011() -> CheckReport:
    reps = tuple(replace(rep(f"Rep {n}", "c", date(2026, 10, 28)), receives_notices=True)
                 for n in range(3))
    return check(edit(lump(), representatives=reps))


@PASS("POA-011")
def _p011() -> CheckReport:
    return check(lump())


@TRIGGER("POA-012")
def _t012() -> CheckReport:
    return check(edit(lump(), signatures__2__method="electronic"))


@PASS("POA-012")
def _p012() -> CheckReport:
    return check(edit(lump(), signatures__0__method="electronic"))


@TRIGGER("POA-013")
def _t013() -> CheckReport:
    reps = (rep("Ann Lee", "c", date(2026, 10, 28)),
            rep("Sam Student", "k", date(2026, 10, 29), license=None, jurisdiction=None))
    return check(edit(lump(), representatives=reps))


@PASS("POA-013")
def _p013() -> CheckReport:
    reps = (rep("Ann Lee", "a", date(2026, 10, 28)),
            rep("Sam Student", "k", date(2026, 10, 29), license=None, jurisdiction="LITC"))
    case = edit(lump(), representatives=reps)
    return check(edit(case, attachments=(*case.attachments,
                                         Attachment("tas_authorization_letter"))))


@TRIGGER("POA-014")
def _t014() -> CheckReport:
    return check(docs=[as_pdf("f2848", example(FTA), keys={"line_3.row[1].form": "843"})])


@PASS("POA-014")
def _p014() -> CheckReport:
    return check(docs=[as_pdf("f2848", example(FTA), keys={"line_3.row[1].form": "843",
                                                            "line_4.specific_use": True})])


@TRIGGER("POA-015")
def _t015() -> CheckReport:
    case = edit(lump(), representatives=(rep("Ann Lee", "a", date(2026, 10, 27)),
                                         rep("Bo Chan", "c", date(2026, 10, 28))))
    # the second representative's declaration written on row 1's line, row 1 left empty
    return check(docs=[as_pdf("f2848", case, keys={
        "part_2.row[1].designation": None, "part_2.row[1].jurisdiction": None,
        "part_2.row[1].license_number": None, "part_2.row[1].date": None})])


@TRIGGER("POA-015 row without representative")
def _t015p() -> CheckReport:
    return check(docs=[poa(**{"part_2.row[2].designation": "c", "part_2.row[2].license_number": "99",
                              "part_2.row[2].date": date(2026, 10, 29)})])


@PASS("POA-015")
def _p015() -> CheckReport:
    """Signature dates in any order: line 2 order is about the rows, not the dates."""
    reps = (rep("Ann Lee", "a", date(2026, 10, 29)), rep("Bo Chan", "c", date(2026, 10, 27)))
    case = edit(lump(), representatives=reps)
    return check(case, [as_pdf("f2848", case)])


@TRIGGER("POA-016")
def _t016() -> CheckReport:
    return check(edit(lump(), representatives__0__designation="d",
                      representatives__0__jurisdiction="Treasurer"))


@TRIGGER("POA-016 family")
def _t016f() -> CheckReport:
    return check(docs=[poa(**{"part_2.row[1].designation": "f",
                              "part_2.row[1].jurisdiction": "Cousin"})])


@PASS("POA-016")
def _p016() -> CheckReport:
    return check(edit(lump(), representatives__0__designation="f",
                      representatives__0__jurisdiction="Sister"))


def _with_reps(count: int) -> Case:
    case = lump()
    extra = tuple(rep(f"Rep Number{n} Smith", "c", date(2026, 11, 1), ptin=f"P0123456{n}")
                  for n in range(2, count + 1))
    return replace(case, representatives=(*case.representatives, *extra))


# i2848 p.4 Line 2: more than four representatives need an additional Form 2848
@TRIGGER("POA-017")
def _t017() -> CheckReport:
    return check(_with_reps(5))


@PASS("POA-017")
def _p017() -> CheckReport:
    return check(_with_reps(4))


def test_poa_017_names_the_representatives_left_off_line_2() -> None:
    (finding,) = [f for f in _t017().findings if f.code == "POA-017"]
    assert finding.where == "/representatives/4"
    assert "names 5 representatives and line 2 holds 4: Rep Number5 Smith" in finding.message


# ---------------------------------------------------------------- cross-form
@TRIGGER("XF-001")
def _tx001() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()), as_pdf("f433aoi", lump()),
                       poa(**{"taxpayer.ssn": "512-48-3312"})])


@TRIGGER("XF-001 name")
def _tx001n() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump(), taxpayer__full_name="Maria L. Gonzales")])


@TRIGGER("XF-001 cleared")
def _tx001c() -> CheckReport:
    return check(lump(), [as_pdf("f433aoi", lump(), taxpayer__ssn=None)])


@PASS("XF-001")
def _px001() -> CheckReport:
    return check(docs=[as_pdf("f656", joint()), as_pdf("f433aoi", joint()),
                       as_pdf("f2848", joint(), label="Form 2848 #1"),
                       as_pdf("f2848", joint(), label="Form 2848 #2",
                              options={"signer": "spouse"})])


@PASS("XF-001 case")
def _px001c() -> CheckReport:
    return check(joint(), with_forms=True)


def _renamed(case: Case, last: str, first: str = "Maria", suffix: str | None = None,
             spouse_last: str | None = None) -> Case:
    case = edit(case, taxpayer__last_name=last, taxpayer__first_name=first,
                taxpayer__suffix=suffix)
    if spouse_last is not None:
        case = edit(case, spouse__last_name=spouse_last)
    return case


_NAMES = {"hyphen and apostrophe": ("O'Brien-Whitfield", None), "particle": ("De la Cruz", None),
          "suffix": ("Whitfield", "Jr."), "accent": ("Nú\u00f1ez", None),
          "roman suffix": ("Okafor", "III"), "particles and hyphen": ("van der Berg-Smit", "Sr.")}


for _label, (_last, _suffix) in _NAMES.items():
    def _case_pass(last: str = _last, suffix: str | None = _suffix) -> CheckReport:
        return check(_renamed(lump(), last, suffix=suffix), with_forms=True)

    def _pdf_pass(last: str = _last, suffix: str | None = _suffix) -> CheckReport:
        case = _renamed(joint(), last, first="James", suffix=suffix, spouse_last=last)
        return check(docs=[as_pdf("f656", case), as_pdf("f433aoi", case), as_pdf("f9465", case),
                           as_pdf("f2848", case, label="Form 2848 #1"),
                           as_pdf("f2848", case, label="Form 2848 #2",
                                  options={"signer": "spouse"})])

    PASS(f"XF-001 case {_label}")(_case_pass)
    PASS(f"XF-001 pdf {_label}")(_pdf_pass)


@PASS("XF-001 typed differently")
def _px001typed() -> CheckReport:
    case = _renamed(lump(), "O'Brien-Whitfield")
    return check(case, [as_pdf("f656", case, taxpayer__full_name="MARIA L OBRIEN WHITFIELD"),
                        as_pdf("f433aoi", case, taxpayer__last_name="OBrien Whitfield")])


@PASS("XF-001 itin")
def _px001itin() -> CheckReport:
    return check(edit(lump(), taxpayer__ssn="912-78-3321"), with_forms=True)


@TRIGGER("XF-001 particle dropped")
def _tx001particle() -> CheckReport:
    case = _renamed(lump(), "De la Cruz")
    return check(case, [as_pdf("f656", case, taxpayer__full_name="Maria L. Cruz")])


@TRIGGER("XF-003")
def _tx003() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()),
                       poa(**{"taxpayer.address.full": "4415 Bellfort Ave Apt 12\nHouston, TX 77061"})])


@PASS("XF-003")
def _px003() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump()), as_pdf("f433aoi", lump()), poa()])


@TRIGGER("XF-006")
def _tx006() -> CheckReport:
    return check(docs=[pdf_doc("f843", revision="8-2011", supported=False)])


@PASS("XF-006")
def _px006() -> CheckReport:
    return check(docs=[as_pdf("f843", example(FTA), options={"item_index": 0})])


@TRIGGER("XF-007")
def _tx007() -> CheckReport:
    return check(docs=[poa()], unrecognised=[("paystub.pdf", "has no form fields")])


@PASS("XF-007")
def _px007() -> CheckReport:
    return check(docs=[poa()])


# ---------------------------------------------------------------- attachments
def without(case: Case, kind: str) -> Case:
    return edit(case, attachments=tuple(a for a in case.attachments if a.document_type != kind))


def adding(case: Case, *atts: Attachment) -> Case:
    return edit(case, attachments=(*case.attachments, *atts))


@TRIGGER("ATT-001")
def _ta001() -> CheckReport:
    return check(without(lump(), "pay_stub"))


@TRIGGER("ATT-001 stale")
def _ta001s() -> CheckReport:
    return check(edit(lump(), attachments__0__period_end=date(2026, 8, 1)))


@PASS("ATT-001")
def _pa001() -> CheckReport:
    return check(lump())


@TRIGGER("ATT-002")
def _ta002() -> CheckReport:
    return check(without(lump(), "bank_statement"))


@TRIGGER("ATT-002 short")
def _ta002s() -> CheckReport:
    return check(edit(lump(), attachments__1__period_start=date(2026, 9, 1)))


@PASS("ATT-002")
def _pa002() -> CheckReport:
    return check(lump())


@PASS("ATT-002 monthly statements")
def _pa002m() -> CheckReport:
    months = [(date(2026, 7, 1), date(2026, 7, 31)), (date(2026, 8, 1), date(2026, 8, 31)),
              (date(2026, 9, 1), date(2026, 9, 30))]
    case = without(lump(), "bank_statement")
    return check(adding(case, *(Attachment("bank_statement", account="Texas Gulf Credit Union",
                                           period_start=a, period_end=b) for a, b in months)))


@TRIGGER("ATT-003")
def _ta003() -> CheckReport:
    return check(edit(joint(), attachments__2__period_start=date(2026, 8, 1)))


@PASS("ATT-003")
def _pa003() -> CheckReport:
    return check(joint())


@TRIGGER("ATT-004")
def _ta004() -> CheckReport:
    return check(without(lump(), "retirement_statement"))


@PASS("ATT-004")
def _pa004() -> CheckReport:
    return check(lump())


@TRIGGER("ATT-005")
def _ta005() -> CheckReport:
    return check(without(joint(), "vehicle_loan_statement"))


@PASS("ATT-005")
def _pa005() -> CheckReport:
    return check(joint())


def social_security(case: Case) -> Case:
    ssa = Income(person="taxpayer", source="social_security", gross=D(900), frequency="monthly",
                 payer="Social Security Administration")
    return edit(case, income=(*case.income, ssa))


@TRIGGER("ATT-006")
def _ta006() -> CheckReport:
    return check(social_security(lump()))


@PASS("ATT-006")
def _pa006() -> CheckReport:
    return check(adding(social_security(lump()), Attachment(
        "social_security_statement", account="Social Security Administration")))


@TRIGGER("ATT-007")
def _ta007() -> CheckReport:
    return check(edit(lump(), expenses__court_ordered_payments=D(300)))


@PASS("ATT-007")
def _pa007() -> CheckReport:
    return check(adding(edit(lump(), expenses__court_ordered_payments=D(300)),
                        Attachment("court_order")))


@TRIGGER("ATT-008")
def _ta008() -> CheckReport:
    return check(edit(lump(), expenses__delinquent_state_local_taxes=D(100)))


@PASS("ATT-008")
def _pa008() -> CheckReport:
    return check(adding(edit(lump(), expenses__delinquent_state_local_taxes=D(100)),
                        Attachment("delinquent_state_tax_verification")))


def crypto(case: Case) -> Case:
    coin = AssetWithLoan(description="Bitcoin", value=D(800), kind="digital_asset",
                         institution="Coinbase")
    return edit(case, assets__investments=(coin,))


@TRIGGER("ATT-009")
def _ta009() -> CheckReport:
    return check(crypto(lump()))


@PASS("ATT-009")
def _pa009() -> CheckReport:
    return check(adding(crypto(lump()), Attachment("digital_asset_record", account="Coinbase")))


@TRIGGER("ATT-010")
def _ta010() -> CheckReport:
    return check(edit(lump(), requests__0__special_circumstances="Serious illness"))


@PASS("ATT-010")
def _pa010() -> CheckReport:
    return check(adding(edit(lump(), requests__0__special_circumstances="Serious illness"),
                        Attachment("special_circumstances")))


@TRIGGER("ATT-011")
def _ta011() -> CheckReport:
    return check(edit(example(IA), requests__0__payroll_deduction=True))


@PASS("ATT-011")
def _pa011() -> CheckReport:
    return check(adding(edit(example(IA), requests__0__payroll_deduction=True),
                        Attachment("form_2159")))


@TRIGGER("ATT-012")
def _ta012() -> CheckReport:
    return check(edit(example(FTA), requests__0__grounds="reasonable_cause"))


@PASS("ATT-012")
def _pa012() -> CheckReport:
    return check(adding(edit(example(FTA), requests__0__grounds="reasonable_cause"),
                        Attachment("reasonable_cause_evidence")))


def _receivables(*attachments: Attachment) -> Case:
    case = edit(joint(), assets__receivables=(Receivable("Harbor Dental PLLC", Decimal(2400)),))
    return adding(case, *attachments) if attachments else case


@PASS("ATT-013 listed by formkit")
def _pa013f() -> CheckReport:
    # the 433-A (OIC) formkit fills lists every receivable on its Section 5 continuation sheet
    # and ticks the checklist box, so no separate list is missing
    return check(_receivables(), with_forms=True)


@TRIGGER("ATT-013 pdf")
def _ta013p() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump(), keys={"accounts_receivable.yes": True,
                                                       "accounts_receivable.no": False})])


@PASS("ATT-013")
def _pa013() -> CheckReport:
    return check(_receivables(Attachment("accounts_receivable_list", "Receivables aged 10/31/2026")),
                 with_forms=True)


def _trust(*attachments: Attachment) -> Case:
    case = edit(lump(), other_information__beneficiary_of_trust_or_estate=True)
    return adding(case, *attachments) if attachments else case


@TRIGGER("ATT-014")
def _ta014() -> CheckReport:
    return check(_trust(), with_forms=True)


@PASS("ATT-014")
def _pa014() -> CheckReport:
    return check(_trust(Attachment("trust_documents", "Gonzalez Family Trust")), with_forms=True)


# ---------------------------------------------------------------- engine notes
@TRIGGER("CHK-001")
def _tc001() -> CheckReport:
    return check(lump(), analysis=None)


@PASS("CHK-001")
def _pc001() -> CheckReport:
    return check(lump())        # the real analysis of the case


@TRIGGER("CHK-002")
def _tc002() -> CheckReport:
    return check(lump(), skipped=[Skipped("2848", "the Form 2848 mapper failed")])


@PASS("CHK-002")
def _pc002() -> CheckReport:
    return check(lump(), with_forms=True)


@TRIGGER("CHK-003")
def _tc003() -> CheckReport:
    return check(docs=[poa()])


@PASS("CHK-003")
def _pc003() -> CheckReport:
    return check(lump(), [poa()])


def _boom(s: Subject) -> Iterator[Hit]:
    raise ValueError("unexpected value")
    yield  # pragma: no cover


@TRIGGER("CHK-004")
def _tc004() -> CheckReport:
    from formkit.checks.catalogue import parameters_for
    from formkit.checks.config import CheckConfig
    from formkit.checks.engine import run
    saved = REGISTRY["OIC-030"]
    REGISTRY["OIC-030"] = RuleSpec("OIC-030", _boom, frozenset(), ("case",))
    try:
        day = date(2026, 11, 2)
        return run(Subject("t", "case", day, parameters_for(day), case=lump()), CheckConfig())
    finally:
        REGISTRY["OIC-030"] = saved


@PASS("CHK-004")
def _pc004() -> CheckReport:
    return check(lump())


def test_rule_failure_is_reported_not_raised() -> None:
    report = _tc004()
    (finding,) = findings(report, "CHK-004")
    assert "OIC-030" in finding.message and "unexpected value" in finding.message
    assert "OIC-030" not in report.ids()


def test_poa_coverage_names_the_missing_periods() -> None:
    (finding,) = findings(check(lump(), [poa(**{"line_3.row[1].periods": "2019, 2020"})]),
                          "POA-009")
    assert "Form 1040 2021" in finding.message and "Form 1040 2026" in finding.message
    assert finding.where == "Form 2848 line 3 (line_3.row[1].periods)"


def test_ssn_mismatch_is_masked() -> None:
    report = check(docs=[as_pdf("f656", lump()), poa(**{"taxpayer.ssn": "512-48-3312"})])
    (finding,) = findings(report, "XF-001")
    assert "***-**-3312" in finding.message and "***-**-3321" in finding.message
    assert "512-48" not in finding.message


def test_name_mismatch_quotes_two_different_names() -> None:
    case = _renamed(lump(), "De la Cruz")
    report = check(case, [as_pdf("f656", case, taxpayer__full_name="Maria L. Cruz")])
    (finding,) = findings(report, "XF-001")
    assert "'Maria L. Cruz'" in finding.message and "'Maria De la Cruz'" in finding.message


def test_signing_window_counts_days() -> None:
    (finding,) = findings(check(edit(lump(), signatures__2__date=date(2026, 9, 1))), "POA-006")
    assert "57 days" in finding.message and "45 days" in finding.message
