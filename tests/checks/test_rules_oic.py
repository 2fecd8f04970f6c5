"""Offer-in-compromise rules: scenarios that trigger each rule and that pass it (run by
test_rules.py), plus a few checks of the exact wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from formkit.case.model import (
    Attachment,
    Bankruptcy,
    Business,
    BusinessMonthly,
    Case,
    FederalTaxDeposits,
    FiledReturn,
    FormSignature,
    Liability,
    OtherExpense,
    UnfiledReturn,
)
from formkit.checks.model import CheckReport
from tests.checks.helpers import (
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


# ---------------------------------------------------------------- compliance
@TRIGGER("OIC-001")
def _t001() -> CheckReport:
    return check(edit(lump(), compliance__unfiled_returns=(UnfiledReturn("1040", "2025"),)))


@TRIGGER("OIC-001 pdf")
def _t001p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_6__filed_all_returns=False)])


@PASS("OIC-001")
def _p001() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


@TRIGGER("OIC-002")
def _t002() -> CheckReport:
    return check(edit(joint(), compliance__estimated_payments__paid_to_date=D(3000)))


@TRIGGER("OIC-002 undocumented")
def _t002u() -> CheckReport:
    return check(edit(joint(), compliance__estimated_payments__paid_to_date=None))


@PASS("OIC-002")
def _p002() -> CheckReport:
    return check(joint(), [as_pdf("f656", joint())])


@TRIGGER("OIC-003")
def _t003() -> CheckReport:
    return check(edit(lump(), compliance__federal_tax_deposits=FederalTaxDeposits(
        employer=True, current_quarter_made=True, prior_two_quarters_made=False)))


@PASS("OIC-003")
def _p003() -> CheckReport:
    return check(edit(lump(), compliance__federal_tax_deposits=FederalTaxDeposits(
        employer=True, current_quarter_made=True, prior_two_quarters_made=True)))


@TRIGGER("OIC-004")
def _t004() -> CheckReport:
    return check(edit(lump(), compliance__bankruptcy=Bankruptcy(open=True, chapter="13")))


@TRIGGER("OIC-004 pdf")
def _t004p() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump(), bankruptcy__yes=True, bankruptcy__no=False)])


@PASS("OIC-004")
def _p004() -> CheckReport:
    return check(lump(), [as_pdf("f433aoi", lump(), bankruptcy__yes=True,
                                 bankruptcy__date_discharged="03152024")])


# ---------------------------------------------------------------- fee and payments
@TRIGGER("OIC-005")
def _t005() -> CheckReport:
    return check(edit(lump(), requests__0__application_fee=D(186)))


@TRIGGER("OIC-005 missing")
def _t005m() -> CheckReport:
    return check(edit(lump(), requests__0__application_fee=None))


@TRIGGER("OIC-005 pdf")
def _t005p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_5__electronic__fee_amount=D(186))])


@PASS("OIC-005")
def _p005() -> CheckReport:
    return check(lump())


@PASS("OIC-005 low income")
def _p005l() -> CheckReport:
    return check(edit(lump(), requests__0__application_fee=None,
                      requests__0__low_income_certification=True))


@TRIGGER("OIC-006")
def _t006() -> CheckReport:
    return check(edit(lump(), requests__0__initial_payment=D(2699)),  # 20% of 13,500 = 2,700
                 with_forms=True)


@TRIGGER("OIC-006 override")
def _t006o() -> CheckReport:
    """The value the form will print counts: a form_overrides entry lowers the payment."""
    return check(edit(lump(), form_overrides={"656": {"section_4.lump_sum.initial_payment": D(2000)}}),
                 with_forms=True)


@PASS("OIC-006 payment left to formkit")
def _p006auto() -> CheckReport:
    """No initial_payment in the case: Form 656 prints the 20% (2,700) and so does the letter."""
    return check(edit(lump(), requests__0__initial_payment=None), with_forms=True)


@TRIGGER("OIC-006 pdf")
def _t006p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_4__lump_sum__initial_payment=D(1000))])


@PASS("OIC-006")
def _p006() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


@TRIGGER("OIC-007")
def _t007() -> CheckReport:
    return check(docs=[as_pdf("f656", joint(), section_4__periodic__first_payment=None)])


@TRIGGER("OIC-007 override")
def _t007o() -> CheckReport:
    return check(edit(joint(), form_overrides={"656": {"section_4.periodic.first_payment": D(0)}}),
                 with_forms=True)


@PASS("OIC-007")
def _p007() -> CheckReport:
    return check(joint(), [as_pdf("f656", joint())])


@PASS("OIC-007 first payment is the monthly payment")
def _p007m() -> CheckReport:
    return check(edit(joint(), requests__0__initial_payment=None), with_forms=True)


@TRIGGER("OIC-043 pdf day")
def _t043p() -> CheckReport:
    return check(docs=[as_pdf("f656", joint(), section_4__periodic__payment_day=30)])


@TRIGGER("OIC-043 pdf term")
def _t043t() -> CheckReport:
    return check(docs=[as_pdf("f656", joint(), section_4__periodic__final_month=25)])


@TRIGGER("OIC-043 override")
def _t043o() -> CheckReport:
    return check(edit(joint(), form_overrides={"656": {"section_4.periodic.payment_day": 31}}),
                 with_forms=True)


@PASS("OIC-043")
def _p043() -> CheckReport:
    return check(joint(), with_forms=True)


@TRIGGER("OIC-008")
def _t008() -> CheckReport:
    return check(edit(lump(), requests__0__low_income_certification=True))


@TRIGGER("OIC-008 deceased")
def _t008d() -> CheckReport:
    case = edit(lump(), requests__0__low_income_certification=True,
                taxpayer__deceased=True)
    return check(case)


@PASS("OIC-008")
def _p008() -> CheckReport:
    case = edit(lump(), requests__0__low_income_certification=True,
                income__0__gross=D(1000), compliance__last_return_agi=D(26000))
    return check(case)


@TRIGGER("OIC-009")
def _t009() -> CheckReport:
    return check(edit(lump(), requests__0__low_income_certification=True))


@TRIGGER("OIC-009 pdf")
def _t009p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), low_income__agi=True)])


@PASS("OIC-009")
def _p009() -> CheckReport:
    return check(edit(lump(), requests__0__low_income_certification=True,
                      requests__0__initial_payment=None, requests__0__application_fee=None))


@TRIGGER("OIC-010")
def _t010() -> CheckReport:
    case = lump()
    return check(edit(case, signatures=tuple(s for s in case.signatures if s.form != "433-A (OIC)")))


@TRIGGER("OIC-010 spouse")
def _t010s() -> CheckReport:
    case = joint()
    return check(edit(case, signatures=tuple(s for s in case.signatures
                                             if (s.form, s.signer) != ("656", "spouse"))))


@TRIGGER("OIC-010 pdf")
def _t010p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), taxpayer__signature_date=None)])


@PASS("OIC-010")
def _p010() -> CheckReport:
    return check(joint(), [as_pdf("f656", joint()), as_pdf("f433aoi", joint())])


@TRIGGER("OIC-011")
def _t011() -> CheckReport:
    business = Business(name="Gonzalez Billing Inc.", kind="corporation", monthly=BusinessMonthly())
    return check(edit(lump(), business=business))


@TRIGGER("OIC-011 packet")
def _t011p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump())])


@PASS("OIC-011")
def _p011() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()), as_pdf("f433aoi", lump())])


# ---------------------------------------------------------------- offer amount
# The example's real minimum lump-sum offer: Box A 11,595 + Box G (Box F 154 x 12 = 1,848) = 13,443
# (Form 433-A (OIC) Rev. 4-2025 Section 8; tests/analysis/test_examples.py checks each box by hand).
@TRIGGER("OIC-012")
def _t012() -> CheckReport:
    return check(edit(lump(), requests__0__offer_amount=D(13442)))   # one dollar under the minimum


@TRIGGER("OIC-012 packet")
def _t012p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump()),
                       as_pdf("f433aoi", lump(), section_8__offer_amount=D(17535))])


@PASS("OIC-012")
def _p012() -> CheckReport:
    return check(edit(lump(), requests__0__offer_amount=D(13443)))   # exactly the minimum


@PASS("OIC-012 example")
def _p012e() -> CheckReport:
    return check(lump())  # 13,500 >= 11,595 + 154 x 12 = 13,443


@PASS("OIC-012 special circumstances")
def _p012s() -> CheckReport:
    return check(edit(lump(), requests__0__offer_amount=D(13442),
                      requests__0__special_circumstances="Terminal illness"))


@TRIGGER("OIC-013")
def _t013() -> CheckReport:
    return check(edit(lump(), requests__0__offer_amount=D("13500.50")), with_forms=True)


@TRIGGER("OIC-049 pdf")
def _t049p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_4__lump_sum__offer_amount=D(0))])


@TRIGGER("OIC-049 blank")
def _t049b() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_4__lump_sum__offer_amount=None,
                              section_4__lump_sum__check=False)])


@PASS("OIC-049")
def _p049() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


@PASS("OIC-013")
def _p013() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


def owing(total: int) -> Case:
    """The lump example owing ``total`` on its latest period alone (CSED 2032-05-30: 66 months
    left on 2026-11-02, as before)."""
    last = lump().liabilities[-1]
    return replace(lump(), liabilities=(replace(last, assessed_balance=D(total), interest=D(0),
                                                penalties=replace(last.penalties, failure_to_pay=D(0))),))


# What the IRS could collect by the CSED, from the real analysis of the example: equity without the
# offer allowances (cash 120 + bank 2,245.22 + 401(k) 7,300 x .8 + car 9,800 x .8 = 16,045) plus
# Box F 154 x 66 months = 10,164: 26,209 (Form 433-A (OIC) Section 8 note; Form 656-B p.1).
@TRIGGER("OIC-014")
def _t014() -> CheckReport:
    return check(owing(26209))      # the IRS can collect exactly the balance


@PASS("OIC-014")
def _p014() -> CheckReport:
    return check(owing(26210))      # one dollar more than it can collect


@PASS("OIC-014 example")
def _p014e() -> CheckReport:
    return check(lump())  # 16,045 + 154 x 66 = 26,209 < 46,208.74


# ---------------------------------------------------------------- form structure
@TRIGGER("OIC-015")
def _t015() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_3__eta_economic_hardship=True)])


@TRIGGER("OIC-015 payment options")
def _t015o() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_4__periodic__check=True)])


@PASS("OIC-015")
def _p015() -> CheckReport:
    return check(docs=[as_pdf("f656", lump())])


@TRIGGER("OIC-016")
def _t016() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_2__business_name="Gonzalez Billing Inc.")])


@PASS("OIC-016")
def _p016() -> CheckReport:
    return check(docs=[as_pdf("f656", lump())])


@TRIGGER("OIC-017")
def _t017() -> CheckReport:
    paid = Liability(tax_type="income", form="1040", period="2022", assessed_balance=D(0))
    case = lump()
    return check(edit(case, liabilities=(*case.liabilities, paid)))


@TRIGGER("OIC-017 pdf")
def _t017p() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump(), keys={
        "section_1.form_1040_periods[1]": "12-31-2019, 12-31-2020",
        "section_1.form_1040_periods[2]": None})])


@PASS("OIC-017")
def _p017() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


@TRIGGER("OIC-019")
def _t019() -> CheckReport:
    corp = Liability(tax_type="income", form="1120", period="2023", assessed_balance=D(5000))
    case = lump()
    return check(edit(case, liabilities=(*case.liabilities, corp)))


@PASS("OIC-019")
def _p019() -> CheckReport:
    return check(lump())


@TRIGGER("OIC-023")
def _t023() -> CheckReport:
    return check(edit(lump(), expenses__other=(OtherExpense("Private school", D(400), "tuition"),)))


@PASS("OIC-023")
def _p023() -> CheckReport:
    return check(edit(lump(), expenses__other=(OtherExpense("Student loan", D(150),
                                                            "student_loan"),)))


@TRIGGER("OIC-024")
def _t024() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump(), line_1__total=D(-865))])


@PASS("OIC-024")
def _p024() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump()), as_pdf("f656", lump())])


@TRIGGER("OIC-026")
def _t026() -> CheckReport:
    return check(edit(lump(), other_information__assets_transferred_last_10_years=True))


@TRIGGER("OIC-026 pdf")
def _t026p() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump(), asset_transfers__yes=True,
                              asset_transfers__no=False, asset_transfers__value=D(15000))])


@PASS("OIC-026")
def _p026() -> CheckReport:
    return check(lump(), [as_pdf("f433aoi", lump())])


@TRIGGER("OIC-027")
def _t027() -> CheckReport:
    return check(edit(lump(), compliance__pending_offer=True,
                      compliance__pending_offer_basis="doubt_as_to_liability"))


@PASS("OIC-027")
def _p027() -> CheckReport:
    return check(lump())


@PASS("OIC-027 another kind of offer pending")
def _p027o() -> CheckReport:
    return check(edit(lump(), compliance__pending_offer=True,
                      compliance__pending_offer_basis="doubt_as_to_collectibility"))


@TRIGGER("OIC-029")
def _t029() -> CheckReport:
    return check(docs=[pdf_doc("f656", revision="4-2021", supported=False)])


@PASS("OIC-029")
def _p029() -> CheckReport:
    return check(docs=[as_pdf("f656", lump())])


@TRIGGER("OIC-030")
def _t030() -> CheckReport:
    return check(edit(lump(), requests__0__source_of_funds=None), with_forms=True)


@TRIGGER("OIC-030 pdf")
def _t030p() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_6__source_of_funds=None)])


@PASS("OIC-030")
def _p030() -> CheckReport:
    return check(lump(), [as_pdf("f656", lump())])


def _recent(attachments: tuple[Attachment, ...] = ()) -> Case:
    case = lump()
    return edit(case, compliance__recent_returns_filed=(
        FiledReturn("1040", "2025", date(2026, 10, 1)),), attachments=(*case.attachments,
                                                                       *attachments))


@TRIGGER("OIC-031")
def _t031() -> CheckReport:
    return check(_recent())


@PASS("OIC-031")
def _p031() -> CheckReport:
    return check(_recent((Attachment("tax_return_copy", description="2025 Form 1040 copy"),)))


@PASS("OIC-031 old return")
def _p031o() -> CheckReport:
    return check(edit(lump(), compliance__recent_returns_filed=(
        FiledReturn("1040", "2025", date(2026, 4, 10)),)))


@TRIGGER("OIC-032")
def _t032() -> CheckReport:
    return check(edit(lump(), community_property_state_last_10_years=True,
                      marital_status="married", filing_status="married_filing_separately"))


@TRIGGER("OIC-032 pdf")
def _t032p() -> CheckReport:
    return check(docs=[as_pdf("f433aoi", lump(), community_property_state=True,
                              marital_status__married=True, marital_status__unmarried=False)])


@PASS("OIC-032")
def _p032() -> CheckReport:
    return check(joint(), [as_pdf("f433aoi", joint())])


@TRIGGER("OIC-037")
def _t037() -> CheckReport:
    return check(edit(lump(), taxpayer__deceased=True))


@PASS("OIC-037")
def _p037() -> CheckReport:
    case = edit(lump(), taxpayer__deceased=True)
    return check(edit(case, attachments=(*case.attachments, Attachment("letters_testamentary"))))


@TRIGGER("OIC-039")
def _t039() -> CheckReport:
    case = lump()
    return check(edit(case, liabilities=tuple(replace(lia, notice_received=False)
                                              for lia in case.liabilities)))


@PASS("OIC-039")
def _p039() -> CheckReport:
    return check(lump())


@TRIGGER("OIC-040")
def _t040() -> CheckReport:
    return check(edit(lump(), compliance__open_audit=True))


@PASS("OIC-040")
def _p040() -> CheckReport:
    return check(lump())


@TRIGGER("OIC-041")
def _t041() -> CheckReport:
    return check(edit(lump(), requests__0__lump_sum_payments__0__amount=D(9000)), with_forms=True)


@TRIGGER("OIC-041 pdf")
def _t041p() -> CheckReport:
    return check(docs=[as_pdf("f656", joint(), section_4__periodic__monthly_payment=D(900))])


@PASS("OIC-041")
def _p041() -> CheckReport:
    return check(joint(), [as_pdf("f656", lump())])


def test_shortfall_is_shown() -> None:
    # The example offering 11,500 (2,300 + 9,200) against its minimum: Box A 11,595 +
    # Box G 154 x 12 = 1,848 -> 13,443; shortfall 13,443 - 11,500 = 1,943.
    case = edit(lump(), requests__0__offer_amount=D(11500), requests__0__initial_payment=D(2300),
                requests__0__lump_sum_payments__0__amount=D(9200))
    (finding,) = findings(check(case), "OIC-012")
    assert finding.where == "/requests/0/offer_amount"
    assert "$11,500" in finding.message and "$13,443" in finding.message
    assert "shortfall of $1,943" in finding.message


def test_initial_payment_is_twenty_percent_to_the_cent() -> None:
    """20% of $11,501 is $2,300.20 (IRC 7122(c)(1)(A); standards/form_656.json rounds up to the
    cent, as the analysis and Form 656 Section 4 print it): $2,300 is 20 cents short."""
    case = edit(lump(), requests__0__offer_amount=D(11501), requests__0__initial_payment=D(2300),
                requests__0__lump_sum_payments__0__amount=D(9201))
    (finding,) = findings(check(case, with_forms=True), "OIC-006")
    assert "$2,300.20" in finding.message and "short by $0.20" in finding.message


def test_low_income_test_uses_the_analysis_lines() -> None:
    case = edit(lump(), requests__0__low_income_certification=True)
    (finding,) = findings(check(case), "OIC-008")
    # Box D 1,780 x 2.17 = 3,862.60 -> 3,863; x 12 = 46,356, and AGI 46,300, against the
    # Rev. 4-2025 table: 37,650 for one person
    assert "$37,650" in finding.message and "$46,300" in finding.message
    assert "$46,356" in finding.message
    assert finding.where == "/requests/0/low_income_certification"


def test_signature_records_are_found_by_form_and_signer() -> None:
    case = edit(lump(), signatures=(FormSignature("656", "taxpayer", True, date(2026, 10, 27)),))
    hits = findings(check(case), "OIC-010")
    assert [h.message.split(" has no")[0] for h in hits] == ["Form 433-A (OIC)"]


# ---------------------------------------------------------------- who and what the offer covers
def _with(case: Case, *liabilities: Liability) -> Case:
    return edit(case, liabilities=(*case.liabilities, *liabilities))


@TRIGGER("OIC-018")
def _t018() -> CheckReport:
    return check(_with(joint(), Liability("income", "1040", "2019", D(4100), owner="spouse")))


@TRIGGER("OIC-018 sole proprietor payroll")
def _t018p() -> CheckReport:
    return check(_with(joint(), Liability("employment", "941", "2023-Q2", D(3200))))


@PASS("OIC-018")
def _p018() -> CheckReport:
    return check(_with(joint(), Liability("income", "1040", "2020", D(4100), owner="joint")))


@PASS("OIC-018 separate liability on a separate offer")
def _p018s() -> CheckReport:
    return check(_with(lump(), Liability("income", "1040", "2018", D(900), owner="taxpayer")))


def _payroll(status: str | None) -> Case:
    return _with(joint(), Liability("employment", "941", "2023-Q2", D(3200), owner="taxpayer",
                                    trust_fund_status=status))  # type: ignore[arg-type]


@TRIGGER("OIC-034")
def _t034() -> CheckReport:
    return check(_payroll("open"))


@PASS("OIC-034")
def _p034() -> CheckReport:
    return check(_payroll("tfrp_determined"))


@PASS("OIC-034 payroll service provider fraud")
def _p034psp() -> CheckReport:
    case = edit(_payroll("open"), requests__0__basis="eta_public_policy",
                requests__0__special_circumstances="Our payroll service provider took the "
                                                   "withheld taxes and never deposited them.")
    return check(case)


@TRIGGER("OIC-045")
def _t045() -> CheckReport:
    return check(edit(lump(), liabilities=tuple(replace(li, compromise_exclusion="doj_referral")
                                                for li in lump().liabilities)))


@PASS("OIC-045")
def _p045() -> CheckReport:
    return check(edit(lump(), liabilities__0__compromise_exclusion="restitution"))


@TRIGGER("OIC-046")
def _t046() -> CheckReport:
    return check(edit(lump(), liabilities__0__compromise_exclusion="restitution"))


@PASS("OIC-046")
def _p046() -> CheckReport:
    return check(lump())


@PASS("OIC-046 everything excluded is OIC-045")
def _p046all() -> CheckReport:
    return check(edit(lump(), liabilities=tuple(replace(li, compromise_exclusion="judgment")
                                                for li in lump().liabilities)))


@TRIGGER("OIC-044")
def _t044() -> CheckReport:
    return check(edit(lump(), requests__0__basis="eta_economic_hardship"))


@TRIGGER("OIC-044 public policy")
def _t044p() -> CheckReport:
    return check(edit(lump(), requests__0__basis="eta_public_policy",
                      requests__0__special_circumstances="  "))


@PASS("OIC-044")
def _p044() -> CheckReport:
    return check(edit(lump(), requests__0__basis="eta_economic_hardship",
                      requests__0__special_circumstances="Ms. Gonzalez was diagnosed with "
                      "multiple sclerosis in 2025 and expects to stop working within a year."))


@PASS("OIC-044 explanation attached")
def _p044a() -> CheckReport:
    case = edit(lump(), requests__0__basis="eta_public_policy")
    return check(edit(case, attachments=(*case.attachments, Attachment("special_circumstances",
                                                                       "Statement of facts"))))


@TRIGGER("OIC-047")
def _t047() -> CheckReport:
    return check(edit(lump(), requests__0__source_of_funds="Savings and my 2026 tax refund"),
                 with_forms=True)


@TRIGGER("OIC-047 expected refund")
def _t047e() -> CheckReport:
    return check(docs=[as_pdf("f656", lump(), section_6__source_of_funds="Expected federal refund")])


@TRIGGER("OIC-047 net operating loss")
def _t047n() -> CheckReport:
    return check(edit(lump(), requests__0__source_of_funds="Carryback of the 2025 net operating "
                                                            "loss"), with_forms=True)


@PASS("OIC-047")
def _p047() -> CheckReport:
    return check(lump(), with_forms=True)


@PASS("OIC-047 other refunds")
def _p047o() -> CheckReport:
    return check(edit(lump(), requests__0__source_of_funds="State tax refund and the refund of "
                                                            "my apartment security deposit"),
                 with_forms=True)


@TRIGGER("OIC-048")
def _t048() -> CheckReport:
    return check(edit(joint(), lives_apart_from_spouse=True))


@PASS("OIC-048")
def _p048() -> CheckReport:
    case = edit(joint(), lives_apart_from_spouse=True)
    return check(edit(case, attachments=(*case.attachments, Attachment(
        "spouse_collection_statement", "Form 433-A (OIC) of Grace Okafor", person="spouse"))))


@PASS("OIC-048 living together")
def _p048t() -> CheckReport:
    return check(joint())


# ---------------------------------------------------------------- Section 5
def _eftps() -> Case:
    return edit(lump(), requests__0__payment_method="eftps")


@TRIGGER("OIC-035")
def _t035() -> CheckReport:
    return check(_eftps(), with_forms=True)


@TRIGGER("OIC-035 short EFT number")
def _t035s() -> CheckReport:
    return check(edit(_eftps(), form_overrides={"656": {
        "section_5.electronic.fee_date": "2026-11-02", "section_5.electronic.fee_eft_number": "27001",
        "section_5.electronic.payment_date": "2026-11-02",
        "section_5.electronic.payment_eft_number": "270019876543210"}}), with_forms=True)


@PASS("OIC-035")
def _p035() -> CheckReport:
    return check(edit(_eftps(), form_overrides={"656": {
        "section_5.electronic.fee_date": "2026-11-02",
        "section_5.electronic.fee_eft_number": "270012345678901",
        "section_5.electronic.payment_date": "2026-11-02",
        "section_5.electronic.payment_eft_number": "270019876543210"}}), with_forms=True)


@PASS("OIC-035 checks")
def _p035c() -> CheckReport:
    return check(lump(), with_forms=True)


@TRIGGER("OIC-036")
def _t036() -> CheckReport:
    return check(edit(lump(), form_overrides={"656": {
        "section_5.designation_period": "2026 estimated tax"}}), with_forms=True)


@PASS("OIC-036")
def _p036() -> CheckReport:
    return check(edit(lump(), form_overrides={"656": {
        "section_5.designation_period": "1040 2019"}}), with_forms=True)
