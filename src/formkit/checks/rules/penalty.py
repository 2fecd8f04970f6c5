"""Penalty relief: first-time abatement (IRM 20.1.1.3.3.2.1), reasonable cause
(IRM 20.1.1.3.2) and Form 843 (Rev. 12-2024; instructions Rev. 12-2021)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from formkit.case.model import AbatementItem, Case, InstallmentRequest
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import ZERO, date_text, money, ptr, signed, signers
from formkit.checks.subject import Subject
from formkit.dates import add_years

_LABEL = {"failure_to_file": "failure-to-file", "failure_to_pay": "failure-to-pay",
          "failure_to_deposit": "failure-to-deposit", "estimated_tax": "estimated-tax",
          "accuracy_related": "accuracy-related", "other": "other"}
_DATE_WORDS = re.compile(r"\b(19|20)[0-9]{2}\b|\b[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}\b|\b(jan|feb|mar|"
                         r"apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_AGENT = re.compile(r"\b(accountant|cpa|preparer|tax professional|agent|bookkeeper|attorney)\b",
                    re.IGNORECASE)


def _fta(s: Subject) -> Iterator[tuple[int, int, AbatementItem]]:
    for i, req in s.abatements():
        if req.grounds == "first_time_abatement":
            for j, item in enumerate(req.items):
                yield i, j, item


@rule("PEN-001", needs=("case",))
def fta_penalty_type(s: Subject) -> Iterator[Hit]:
    covered = s.params.get("penalty_relief", "covered_penalty_types")
    for i, j, item in _fta(s):
        if item.penalty_type not in covered:
            yield hit(ptr("requests", i, "items", j, "penalty_type"),
                      detail=f"The {_LABEL[item.penalty_type]} penalty for Form {item.form} "
                             f"{item.period} is in a first-time abatement request")


@rule("PEN-002", needs=("case",))
def fta_history(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    years = s.params.number("penalty_relief", "lookback_years")
    ignored = s.params.get("penalty_relief", "ignored_in_lookback")
    reported: set[tuple[int, str]] = set()
    for i, _j, item in _fta(s):
        if (i, item.form) in reported:
            continue
        for k, past in enumerate(s.case.compliance.penalty_history):
            if (past.form != item.form or past.penalty_type in ignored
                    or not item.period.year - years <= past.period.year < item.period.year
                    or (past.abated and past.abatement_reason == "reasonable_cause")):
                continue
            reported.add((i, item.form))
            yield hit(ptr("compliance", "penalty_history", k), years=years,
                      detail=f"A {_LABEL[past.penalty_type]} penalty was assessed on Form "
                             f"{past.form} {past.period}, within the {years} years before "
                             f"{item.period}")
            break


@rule("PEN-003", needs=("case",))
def fta_compliance(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    requests = {i for i, _j, _item in _fta(s)}
    if not requests:
        return
    first = min(requests)
    for k, ret in enumerate(s.case.compliance.unfiled_returns):
        yield hit(ptr("compliance", "unfiled_returns", k),
                  detail=f"The Form {ret.form} return for {ret.period} is not filed")
    tax = sum((lia.assessed_balance for lia in s.case.liabilities), ZERO)
    arranged = bool(s.case.requests_of(InstallmentRequest)) or (
        s.case.compliance.installment_agreement_in_effect)
    if tax > 0 and not arranged:
        yield hit(ptr("requests", first),
                  detail=f"{money(tax)} of tax is unpaid, no installment agreement is requested "
                         "and none is in effect (compliance.installment_agreement_in_effect)")


@rule("PEN-004", needs=("case",))
def fta_one_period(s: Subject) -> Iterator[Hit]:
    by_form: dict[tuple[int, str], list[tuple[int, AbatementItem]]] = {}
    for i, j, item in _fta(s):
        by_form.setdefault((i, item.form), []).append((j, item))
    for (i, form), items in by_form.items():
        periods = sorted({it.period for _, it in items})
        if len(periods) > 1:
            j = next(j for j, it in items if it.period == periods[1])
            yield hit(ptr("requests", i, "items", j, "period"),
                      detail=f"First-time abatement is requested for Form {form} periods "
                             f"{', '.join(periods)}")


_TYPES = {"line_4a": "employment", "line_4b": "estate", "line_4c": "gift", "line_4d": "excise",
          "line_4e": "income", "line_4f": "fee", "line_4g": "civil penalty"}
_EXCEPTIONS = ("reason.interest_6404e", "reason.net_interest_rate_zero")


@rule("PEN-005", inputs=("pdf",))
def one_period_one_tax(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        if any(doc.checked(k) for k in _EXCEPTIONS):
            continue
        types = [k for k in _TYPES if doc.checked(k)]
        if len(types) > 1:
            yield hit(doc.where(types[1]), doc.label,
                      detail=f"{doc.label} line 4 checks {len(types)} types of tax: "
                             + ", ".join(_TYPES[k] for k in types))
        returns = [k for k in doc.keys("line_5") if doc.checked(k)]
        if len(returns) > 1:
            yield hit(doc.where(returns[1]), doc.label,
                      detail=f"{doc.label} line 5 checks {len(returns)} return types")
        start, end = doc.date("line_1.beginning"), doc.date("line_1.ending")
        if start and end and (end - start).days > 366:
            yield hit(doc.where("line_1.ending"), doc.label,
                      detail=f"{doc.label} line 1 spans {date_text(start)} to {date_text(end)}, "
                             "more than one tax period")


@rule("PEN-006", inputs=("pdf",))
def not_for_income_tax(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        tax_reason = doc.checked("reason.tax_other_than_income_estate_gift") or doc.checked(
            "reason.tax_only_on_form_843")
        kinds = [k for k in ("line_4e", "line_4b", "line_4c") if doc.checked(k)]
        if tax_reason and kinds:
            yield hit(doc.where(kinds[0]), doc.label,
                      detail=f"{doc.label} asks for a refund or abatement of tax and checks "
                             f"{_TYPES[kinds[0]]} tax on line 4")


def _filed_on(case: Case, item: AbatementItem) -> date | None:
    for lia in case.liabilities:
        if lia.form == item.form and lia.period == item.period and lia.return_filed_on:
            return lia.return_filed_on
    for ret in case.compliance.recent_returns_filed:
        if ret.form == item.form and ret.period == item.period:
            return ret.filed_on
    return None


@rule("PEN-007", needs=("case",))
def refund_deadline(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    after_filing = s.params.number("refund_claims", "years_after_filing")
    after_payment = s.params.number("refund_claims", "years_after_payment")
    for i, req in s.abatements():
        for j, item in enumerate(req.items):
            if item.paid_on is None:
                continue
            filed = _filed_on(s.case, item)
            deadline = add_years(item.paid_on, after_payment)
            if filed is not None:
                deadline = max(deadline, add_years(filed, after_filing))
            if s.as_of > deadline:
                yield hit(ptr("requests", i, "items", j, "paid_on"),
                          deadline=date_text(deadline),
                          detail=f"The {_LABEL[item.penalty_type]} penalty for Form {item.form} "
                                 f"{item.period} was paid on {date_text(item.paid_on)}")


@rule("PEN-008", inputs=("case", "pdf"))
def reasonable_cause_facts(s: Subject) -> Iterator[Hit]:
    for i, req in s.abatements(judged_on="f843"):
        if req.grounds != "reasonable_cause":
            continue
        text = req.explanation or ""
        if not req.events:
            yield hit(ptr("requests", i, "events"),
                      detail="The reasonable-cause request lists no dated events (events)")
        if _AGENT.search(text) and re.search(r"\bfil", text, re.IGNORECASE) and not req.events:
            yield hit(ptr("requests", i, "explanation"),
                      detail="The explanation relies on an agent or preparer to file")
    for doc in s.docs("f843"):
        if doc.checked("line_7c") and not _DATE_WORDS.search(doc.text("line_8")):
            yield hit(doc.where("line_8"), doc.label,
                      detail=f"{doc.label} line 8 explains reasonable cause without any date")


@rule("PEN-009", needs=("case",))
def signed_843(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for _i, req in s.abatements():
        for period in sorted({item.period for item in req.items}):
            for signer in signers(s.case):
                if not signed(s.case, "843", signer, period):
                    yield hit(ptr("signatures"),
                              detail=f"The Form 843 for {period} has no signature by the {signer} "
                                     f"(signatures: form '843', period '{period}')")


@rule("PEN-010", needs=("case",))
def representative_poa(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if s.abatements() and s.case.representatives and not signed(s.case, "2848", "taxpayer"):
        yield hit(ptr("representatives", 0),
                  detail=f"{s.case.representatives[0].name} represents the taxpayer and no "
                         "signed Form 2848 is in the case")


# ------------------------------------------------------------------ Form 843 lines (printed values)

_PENALTY_REASONS = ("reason.penalty_reasonable_cause", "reason.penalty_6672_tfrp",
                    "reason.penalty_6695a", "reason.penalty_6715",
                    "reason.penalty_6404f_written_advice")


@rule("PEN-011", inputs=("case", "pdf"))
def employment_interest(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        interest = doc.checked("reason.interest_6404e") or doc.checked("line_7a")
        kinds = [k for k in ("line_4a", "line_4d") if doc.checked(k)]
        if interest and kinds:
            yield hit(doc.where(kinds[0]), doc.label,
                      detail=f"{doc.label} asks to abate interest for IRS error or delay and "
                             f"checks {_TYPES[kinds[0]]} tax on line 4")


@rule("PEN-012", inputs=("case", "pdf"))
def penalty_code_section(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        if any(doc.checked(k) for k in _PENALTY_REASONS) and not doc.text("line_6"):
            yield hit(doc.where("line_6"), doc.label,
                      detail=f"{doc.label} asks for penalty relief and line 6 is empty")


@rule("PEN-013", inputs=("case", "pdf"))
def reason_box(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        if not any(doc.checked(f"line_7{letter}") for letter in "abcd"):
            yield hit(doc.where("line_7c"), doc.label,
                      detail=f"{doc.label} line 7 has no box checked")


_REFUND_WORDS = re.compile(r"\brefund", re.IGNORECASE)


@rule("PEN-014", inputs=("case", "pdf"))
def refund_payment_dates(s: Subject) -> Iterator[Hit]:
    """Line 8 (the case's explanation as printed) asks for a refund and line 3 has no date."""
    for doc in s.docs("f843"):
        dates = [k for k in doc.keys("line_3") if doc.text(k)]
        if not dates and _REFUND_WORDS.search(doc.text("line_8")):
            yield hit(doc.where("line_3a"), doc.label,
                      detail=f"{doc.label} line 8 asks for a refund and line 3 gives no payment "
                             "date (requests[].items[].paid_on)")


@rule("PEN-015", needs=("case",))
def decedent_claim(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.abatements() or not s.case.taxpayer.deceased:
        return
    kinds = {a.document_type for a in s.case.attachments}
    for kind, what in (("form_1310", "Form 1310"),
                       ("letters_testamentary", "letters testamentary or similar evidence of "
                                                "authority")):
        if kind not in kinds:
            yield hit(ptr("attachments"),
                      detail=f"The taxpayer is deceased and {what} ({kind}) is not attached")


_FEES = re.compile(r"(installment|payment)\s+agreement\s+(user\s+|set-?up\s+)?fee|\buser\s+fee"
                   r"|offer[\s-]+in[\s-]+compromise\s+(application\s+)?fee|\bOIC\s+(application\s+)?fee"
                   r"|application\s+fee|\blien\s+(filing\s+|release\s+)?fees?", re.IGNORECASE)


@rule("PEN-016", inputs=("case", "pdf"))
def agreement_fees(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f843"):
        if not (doc.checked("line_4f") or doc.checked("reason.other")):
            continue
        text = " ".join(doc.text(k) for k in ("reason.other_text", "line_5n_text", "line_8"))
        found = _FEES.search(text)
        if found:
            yield hit(doc.where("line_4f" if doc.checked("line_4f") else "reason.other"),
                      doc.label, detail=f"{doc.label} claims a fee and names {found.group(0)!r}")
