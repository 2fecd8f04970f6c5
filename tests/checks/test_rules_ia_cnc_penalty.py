"""Installment-agreement, CNC and penalty-relief rules: trigger and pass scenarios (run by
test_rules.py), plus a few checks of the exact wording."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from formkit.case.model import (
    AbatementEvent,
    AbatementItem,
    Attachment,
    Bankruptcy,
    Case,
    FormSignature,
    Liability,
    PenaltyHistoryEntry,
    Person,
    UnfiledReturn,
)
from formkit.checks.model import CheckReport
from tests.checks.helpers import (
    CNC,
    FTA,
    IA,
    Table,
    as_pdf,
    check,
    edit,
    example,
    findings,
)

TRIGGER, PASS = Table(), Table()
D = Decimal


def ia() -> Case:
    return example(IA)


def cnc() -> Case:
    return example(CNC)


def fta() -> Case:
    return example(FTA)


def with_liability(case: Case, amount: int) -> Case:
    extra_lia = Liability(tax_type="income", form="1040", period="2022",
                          assessed_balance=D(amount), csed=date(2033, 6, 1))
    return edit(case, liabilities=(*case.liabilities, extra_lia))


def joint_ia() -> Case:
    spouse = Person("Erin", "Brennan", "331-72-9001", date(1989, 1, 5))
    return edit(ia(), spouse=spouse, filing_status="married_filing_jointly", marital_status="married")


# ---------------------------------------------------------------- IA
@TRIGGER("IA-001")
def _ti001() -> CheckReport:
    return check(edit(ia(), compliance__unfiled_returns=(UnfiledReturn("1040", "2025"),)))


@PASS("IA-001")
def _pi001() -> CheckReport:
    return check(ia())


@PASS("IA-001 return not yet due")
def _pi001_not_due() -> CheckReport:
    # The 2026 return, due 2027-04-15, listed on a case prepared in 2026: not a missing return
    # (IRM 20.1.1.3.3.2.1 'all required returns currently due'), so nothing blocks the agreement.
    return check(edit(ia(), compliance__unfiled_returns=(UnfiledReturn("1040", "2026", due_date=date(2027, 4, 15)),)))


@TRIGGER("IA-002 over 50000")
def _ti002() -> CheckReport:
    return check(with_liability(ia(), 40000))


@TRIGGER("IA-002 no direct debit")
def _ti002d() -> CheckReport:
    return check(edit(with_liability(ia(), 10000), requests__0__direct_debit=None))


@TRIGGER("IA-002 pdf")
def _ti002p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_9=D(30000), line_13a=None, line_13b=None)])


@PASS("IA-002")
def _pi002() -> CheckReport:
    return check(with_liability(ia(), 10000), [as_pdf("f9465", ia())])


@PASS("IA-002 with 433-F")
def _pi002f() -> CheckReport:
    case = with_liability(ia(), 40000)
    return check(edit(case, signatures=(*case.signatures,
                                        FormSignature("433-F", "taxpayer", True, date(2026, 11, 14)))))


@TRIGGER("IA-003")
def _ti003() -> CheckReport:
    return check(edit(ia(), requests__0__monthly_payment=D(250)))


@TRIGGER("IA-003 pdf")
def _ti003p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_11a=D(250), line_10=D("291.67"))])


@PASS("IA-003")
def _pi003() -> CheckReport:
    return check(ia(), [as_pdf("f9465", ia())])


def small_ia() -> Case:
    only = Liability(tax_type="income", form="1040", period="2024", assessed_balance=D(5000),
                     csed=date(2035, 6, 2), return_filed_on=date(2025, 4, 14))
    return edit(ia(), liabilities=(only,), requests__0__agreement_type="guaranteed",
                compliance__penalty_history=())


@TRIGGER("IA-004 tax over 10000")
def _ti004() -> CheckReport:
    return check(edit(ia(), requests__0__agreement_type="guaranteed"))


@TRIGGER("IA-004 prior agreement")
def _ti004p() -> CheckReport:
    return check(edit(small_ia(), compliance__prior_installment_agreement_years=("2023",)))


@TRIGGER("IA-004 three years")
def _ti004t() -> CheckReport:
    return check(edit(small_ia(), requests__0__monthly_payment=D(100)))


@TRIGGER("IA-004 late return in the look-back")
def _ti004l() -> CheckReport:
    return check(edit(small_ia(), compliance__penalty_history=(
        PenaltyHistoryEntry("1040", "2021", "failure_to_file"),)))


@PASS("IA-004")
def _pi004() -> CheckReport:
    return check(small_ia())


@PASS("IA-004 penalties after the liability's year do not count")
def _pi004after() -> CheckReport:
    return check(edit(small_ia(), compliance__penalty_history=(
        PenaltyHistoryEntry("1040", "2024", "failure_to_pay"),
        PenaltyHistoryEntry("1040", "2018", "failure_to_file"))))


@TRIGGER("IA-006")
def _ti006() -> CheckReport:
    return check(edit(ia(), requests__0__direct_debit__routing_number="991000013"), with_forms=True)


@TRIGGER("IA-006 override day")
def _ti006o() -> CheckReport:
    """The payment day formkit would print comes from form_overrides, not the request."""
    return check(edit(ia(), form_overrides={"9465": {"line_12": 31}}), with_forms=True)


@PASS("IA-006 case")
def _pi006c() -> CheckReport:
    return check(ia(), with_forms=True)


@TRIGGER("IA-006 pdf day")
def _ti006p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_12=30)])


@TRIGGER("IA-006 pdf account")
def _ti006a() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_13b="0001234555301234567890")])


@TRIGGER("IA-006 pdf half")
def _ti006h() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_13b=None)])


@PASS("IA-006")
def _pi006() -> CheckReport:
    return check(ia(), [as_pdf("f9465", ia())])


@TRIGGER("IA-007")
def _ti007() -> CheckReport:
    return check(joint_ia())


@PASS("IA-007")
def _pi007() -> CheckReport:
    case = joint_ia()
    return check(edit(case, signatures=(*case.signatures,
                                        FormSignature("9465", "spouse", True, date(2026, 11, 14)))))


@TRIGGER("IA-007 single filer")
def _ti007s() -> CheckReport:
    return check(edit(ia(), signatures=()))


@TRIGGER("IA-013")
def _ti013() -> CheckReport:
    return check(joint_ia(), with_forms=True)   # direct debit, the spouse has not signed


@TRIGGER("IA-013 single filer")
def _ti013s() -> CheckReport:
    return check(edit(ia(), signatures=()))


@TRIGGER("IA-013 pdf lines")
def _ti013p() -> CheckReport:
    case = edit(ia(), signatures=(), requests__0__direct_debit=None)
    return check(case, [as_pdf("f9465", case, line_13a="071000013", line_13b="12345678")])


@PASS("IA-013")
def _pi013() -> CheckReport:
    return check(ia(), with_forms=True)


@PASS("IA-013 no direct debit")
def _pi013n() -> CheckReport:
    return check(edit(joint_ia(), requests__0__direct_debit=None), with_forms=True)


@TRIGGER("IA-008")
def _ti008() -> CheckReport:
    return check(edit(ia(), compliance__bankruptcy=Bankruptcy(open=True, chapter="7")))


@TRIGGER("IA-008 pending offer")
def _ti008o() -> CheckReport:
    return check(edit(ia(), compliance__pending_offer=True))


@TRIGGER("IA-008 packet")
def _ti008p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia()), as_pdf("f656", example("oic-lump-sum-single.json"))])


@PASS("IA-008")
def _pi008() -> CheckReport:
    return check(ia())


def defaulted() -> Case:
    return edit(with_liability(ia(), 10000),
                compliance__defaulted_installment_agreement_last_12_months=True)


@TRIGGER("IA-009")
def _ti009() -> CheckReport:
    return check(edit(defaulted(), address__county=None))


@TRIGGER("IA-009 pdf")
def _ti009p() -> CheckReport:
    return check(defaulted(), [as_pdf("f9465", defaulted(), line_20=None)])


@PASS("IA-009")
def _pi009() -> CheckReport:
    return check(defaulted(), [as_pdf("f9465", defaulted())])


@TRIGGER("IA-010")
def _ti010() -> CheckReport:
    return check(edit(ia(), requests__0__monthly_payment=D(4000)))


@TRIGGER("IA-010 pdf")
def _ti010p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_11a=D(4000))])


@PASS("IA-010")
def _pi010() -> CheckReport:
    return check(ia(), [as_pdf("f9465", ia())])


@TRIGGER("IA-011")
def _ti011() -> CheckReport:
    return check(edit(ia(), liabilities__0__csed=date(2027, 5, 1),
                      liabilities__1__csed=date(2027, 5, 1)),
                 analysis=None)


@PASS("IA-011")
def _pi011() -> CheckReport:
    return check(ia())


@PASS("IA-011 partial payment")
def _pi011p() -> CheckReport:
    return check(edit(ia(), liabilities__0__csed=date(2027, 5, 1),
                      liabilities__1__csed=date(2027, 5, 1),
                      requests__0__agreement_type="partial_payment"), analysis=None)


@TRIGGER("IA-012")
def _ti012() -> CheckReport:
    return check(edit(ia(), requests__0__agreement_type="non_streamlined"))


@TRIGGER("IA-012 pdf")
def _ti012p() -> CheckReport:
    return check(docs=[as_pdf("f9465", ia(), line_11b__cannot_increase=True)])


@PASS("IA-012")
def _pi012() -> CheckReport:
    case = edit(ia(), requests__0__agreement_type="non_streamlined")
    return check(edit(case, signatures=(*case.signatures,
                                        FormSignature("433-F", "taxpayer", True, date(2026, 11, 14)))))


# ---------------------------------------------------------------- CNC
def cnc_with(pension_raise: int = 0, checking: str = "385") -> Case:
    """The CNC example (real analysis: Box D 2,250, Box E 2,715, cash 40 + checking 385) with the
    pension raised and the checking balance changed."""
    case = cnc()
    pension = case.income[1]
    raised = replace(pension, gross=pension.gross + pension_raise, net=pension.net + pension_raise)
    return edit(replace(case, income=(case.income[0], raised)), assets__bank_accounts__0__balance=D(checking))


@TRIGGER("CNC-001")
def _tc001() -> CheckReport:
    return check(cnc_with(pension_raise=466))     # Box D 2,716 - Box E 2,715: $1 a month left


@TRIGGER("CNC-001 equity")
def _tc001e() -> CheckReport:
    return check(cnc_with(checking="961"))        # 40 + 961 - the $1,000 line 1 allowance: $1 of equity


@PASS("CNC-001")
def _pc001() -> CheckReport:
    return check(cnc_with(pension_raise=465, checking="960"))   # both exactly at 0


@PASS("CNC-001 real analysis")
def _pc001r() -> CheckReport:
    return check(cnc())


@TRIGGER("CNC-002")
def _tc002() -> CheckReport:
    case = cnc()
    return check(edit(case, signatures=tuple(s for s in case.signatures if s.form != "433-F")))


@PASS("CNC-002")
def _pc002() -> CheckReport:
    return check(cnc())


# ---------------------------------------------------------------- penalty relief
@TRIGGER("PEN-001")
def _tp001() -> CheckReport:
    return check(edit(fta(), requests__0__items__1__penalty_type="accuracy_related"))


@PASS("PEN-001")
def _pp001() -> CheckReport:
    return check(fta())


@TRIGGER("PEN-002")
def _tp002() -> CheckReport:
    return check(edit(fta(), compliance__penalty_history=(
        PenaltyHistoryEntry("1040", "2022", "failure_to_pay"),)))


@PASS("PEN-002")
def _pp002() -> CheckReport:
    return check(edit(fta(), compliance__penalty_history=(
        PenaltyHistoryEntry("1040", "2022", "estimated_tax"),
        PenaltyHistoryEntry("1040", "2020", "failure_to_pay"),
        PenaltyHistoryEntry("1040", "2023", "failure_to_file", abated=True,
                            abatement_reason="reasonable_cause"))))


@TRIGGER("PEN-003")
def _tp003() -> CheckReport:
    return check(edit(fta(), compliance__unfiled_returns=(UnfiledReturn("1040", "2025"),)))


@TRIGGER("PEN-003 unpaid")
def _tp003u() -> CheckReport:
    return check(edit(fta(), liabilities__0__assessed_balance=D(800)))


@PASS("PEN-003 installment agreement in effect")
def _pp003ia() -> CheckReport:
    return check(edit(fta(), liabilities__0__assessed_balance=D(800),
                      compliance__installment_agreement_in_effect=True))


@PASS("PEN-003")
def _pp003() -> CheckReport:
    return check(fta())


@TRIGGER("PEN-004")
def _tp004() -> CheckReport:
    return check(edit(fta(), requests__0__items__1__period="2023"))


@PASS("PEN-004")
def _pp004() -> CheckReport:
    return check(fta())


@TRIGGER("PEN-005")
def _tp005() -> CheckReport:
    return check(docs=[as_pdf("f843", fta(), options={"item_index": 0}, line_4a=True)])


@TRIGGER("PEN-005 periods")
def _tp005p() -> CheckReport:
    return check(docs=[as_pdf("f843", fta(), options={"item_index": 0},
                              line_1__beginning=date(2023, 1, 1))])


@PASS("PEN-005")
def _pp005() -> CheckReport:
    return check(fta(), with_forms=True)


@TRIGGER("PEN-006")
def _tp006() -> CheckReport:
    return check(docs=[as_pdf("f843", fta(), options={"item_index": 0},
                              reason__tax_only_on_form_843=True)])


@PASS("PEN-006")
def _pp006() -> CheckReport:
    return check(docs=[as_pdf("f843", fta(), options={"item_index": 0})])


@TRIGGER("PEN-007")
def _tp007() -> CheckReport:
    return check(fta(), as_of=date(2028, 11, 1))


@PASS("PEN-007")
def _pp007() -> CheckReport:
    return check(fta(), as_of=date(2028, 10, 1))


def reasonable_cause(events: tuple[AbatementEvent, ...] = ()) -> Case:
    case = edit(fta(), requests__0__grounds="reasonable_cause", requests__0__events=events)
    return edit(case, attachments=(Attachment("reasonable_cause_evidence"),))


@TRIGGER("PEN-008")
def _tp008() -> CheckReport:
    return check(reasonable_cause())


@TRIGGER("PEN-008 pdf")
def _tp008p() -> CheckReport:
    return check(docs=[as_pdf("f843", fta(), options={"item_index": 0}, line_7c=True,
                              line_8="My accountant forgot to file.")])


@PASS("PEN-008")
def _pp008() -> CheckReport:
    return check(reasonable_cause((AbatementEvent(date(2025, 3, 2), "Father hospitalised"),)))


@TRIGGER("PEN-009")
def _tp009() -> CheckReport:
    case = fta()
    return check(edit(case, signatures=tuple(s for s in case.signatures if s.form != "843")))


@PASS("PEN-009")
def _pp009() -> CheckReport:
    return check(fta())


@TRIGGER("PEN-010")
def _tp010() -> CheckReport:
    case = fta()
    return check(edit(case, signatures=tuple(s for s in case.signatures if s.form != "2848")))


@PASS("PEN-010")
def _pp010() -> CheckReport:
    return check(fta())


def test_streamlined_minimum_names_the_amount() -> None:
    (finding,) = findings(check(edit(ia(), requests__0__monthly_payment=D(250))), "IA-003")
    # 9450 + 850.50 + 1123.80 + 8620 + 344.80 + 611.15 = 21,000.25 / 72 = 291.6701... -> $291.68, rounded
    # up to the cent as Form 9465 line 10 is (standards: minimum_payment_rounding)
    assert "$21,000.25" in finding.message and "at least $291.68 a month" in finding.message
    assert finding.where == "/requests/0/monthly_payment"


def test_refund_deadline_is_the_later_of_the_two() -> None:
    (finding,) = findings(check(fta(), as_of=date(2028, 11, 1)), "PEN-007")[:1]
    assert "10/20/2028" in finding.message   # filed 10/20/2025 + 3 years beats paid + 2 years


def test_fta_item_over_history_reports_the_prior_period() -> None:
    case = edit(fta(), compliance__penalty_history=(
        PenaltyHistoryEntry("1040", "2022", "failure_to_pay"),))
    (finding,) = findings(check(case), "PEN-002")
    assert finding.where == "/compliance/penalty_history/0"
    assert "2022" in finding.message


def test_item_is_an_abatement_item() -> None:
    assert isinstance(fta().requests[0].items[0], AbatementItem)  # type: ignore[union-attr]


# ---------------------------------------------------------------- Form 843 lines
def fta843(**keys: object) -> CheckReport:
    case = fta()
    return check(case, [as_pdf("f843", case, options={"item_index": 0},
                               keys=keys)])  # type: ignore[arg-type]


@TRIGGER("PEN-011")
def _tp011() -> CheckReport:
    return fta843(**{"reason.penalty_reasonable_cause": False, "reason.interest_6404e": True,
                     "line_4e": False, "line_4a": True, "line_7c": False, "line_7a": True})


@PASS("PEN-011")
def _pp011() -> CheckReport:
    return fta843(**{"reason.penalty_reasonable_cause": False, "reason.interest_6404e": True,
                     "line_7c": False, "line_7a": True})          # interest on income tax


@TRIGGER("PEN-012")
def _tp012() -> CheckReport:
    return fta843(line_6=None)


@TRIGGER("PEN-012 override")
def _tp012o() -> CheckReport:
    return check(edit(fta(), form_overrides={"843": {"line_6": ""}}), with_forms=True)


@PASS("PEN-012")
def _pp012() -> CheckReport:
    return check(fta(), with_forms=True)


@TRIGGER("PEN-013")
def _tp013() -> CheckReport:
    return fta843(line_7c=False)


@PASS("PEN-013")
def _pp013() -> CheckReport:
    return check(fta(), with_forms=True)


@TRIGGER("PEN-014")
def _tp014() -> CheckReport:
    return check(edit(fta(), requests__0__items__0__paid_on=None), with_forms=True)


@TRIGGER("PEN-014 pdf")
def _tp014p() -> CheckReport:
    return fta843(line_3a=None)


@PASS("PEN-014")
def _pp014() -> CheckReport:
    return check(fta(), with_forms=True)


@PASS("PEN-014 abatement only")
def _pp014a() -> CheckReport:
    case = edit(fta(), requests__0__items__0__paid_on=None, requests__0__items__1__paid_on=None,
                requests__0__explanation="The taxpayer filed her 2024 return late while caring "
                                         "for her father during his final illness.")
    return check(case, with_forms=True)


def _decedent(*kinds: str) -> Case:
    case = edit(fta(), taxpayer__deceased=True)
    return edit(case, attachments=(*case.attachments, *(Attachment(k) for k in kinds)))


@TRIGGER("PEN-015")
def _tp015() -> CheckReport:
    return check(_decedent())


@TRIGGER("PEN-015 letters only")
def _tp015l() -> CheckReport:
    return check(_decedent("letters_testamentary"))


@PASS("PEN-015")
def _pp015() -> CheckReport:
    return check(_decedent("letters_testamentary", "form_1310"))


@TRIGGER("PEN-016")
def _tp016() -> CheckReport:
    return fta843(**{"line_4e": False, "line_4f": True, "line_8": "Refund of the $178 installment "
                     "agreement user fee charged in 2025."})


@TRIGGER("PEN-016 other reason")
def _tp016o() -> CheckReport:
    return fta843(**{"reason.penalty_reasonable_cause": False, "reason.other": True,
                     "reason.other_text": "Refund of offer in compromise application fee"})


@PASS("PEN-016")
def _pp016() -> CheckReport:
    """A penalty claim may mention a user fee in its story without claiming it."""
    return fta843(line_8="I set up an installment agreement and paid its user fee; the "
                         "failure-to-pay penalty was due to reasonable cause.")
