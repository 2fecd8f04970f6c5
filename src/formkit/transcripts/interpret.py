"""From one transcript module to what the case needs: amounts, assessments, events, notices.

Every transaction is accounted for: it adds to a balance component, is an assessment,
starts or ends a collection event, is a notice, is a known status code, or is reported
as uninterpreted with the reason. The sum of the amounts is checked against ACCOUNT
BALANCE, and a difference is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.transcripts.codes import Code, CodeTable, EventRole
from formkit.transcripts.model import Module, Transaction

ZERO = Decimal(0)
CENT = Decimal("0.01")
PENALTY_TYPES = ("failure_to_file", "failure_to_pay", "failure_to_deposit", "estimated_tax",
                 "accuracy_related", "other")
_NOTICE = re.compile(r"\b(CP|LT|Letter|L)\s*0*(\d{1,4}[A-Z]?)\b", re.I)


@dataclass(frozen=True, slots=True)
class Uninterpreted:
    code: str
    explanation: str
    date: date
    amount: Decimal
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class NoticeSeen:
    number: str
    date: date
    cdp: bool


@dataclass
class PeriodImport:
    """One module read for the case (mutable while it is built, then only read)."""

    form: str
    period: str
    tax_type: str
    period_end: date
    as_of: date | None
    account_balance: Decimal
    accrued_interest: Decimal
    accrued_penalty: Decimal
    tax: Decimal = ZERO
    penalties: dict[str, Decimal] = field(default_factory=dict)
    penalties_assessed: dict[str, Decimal] = field(default_factory=dict)
    interest: Decimal = ZERO
    credits: Decimal = ZERO
    assessments: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    notices: list[NoticeSeen] = field(default_factory=list)
    filed: bool = False
    sfr_suspected: bool = False
    return_filed_on: date | None = None
    uninterpreted: list[Uninterpreted] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def owed(self) -> Decimal:
        return self.account_balance + self.accrued_interest + self.accrued_penalty

    def allocated(self) -> tuple[Decimal, dict[str, Decimal], Decimal]:
        """Tax, penalties by type and interest still owed: net credits applied tax first,
        then penalties, then interest (the order of the code table), accruals added."""
        remaining = -self.credits if self.credits < 0 else ZERO
        tax = self.tax + (self.credits if self.credits > 0 else ZERO)
        pay = min(remaining, max(tax, ZERO))
        tax, remaining = tax - pay, remaining - pay
        penalties: dict[str, Decimal] = {}
        for kind in PENALTY_TYPES:
            amount = self.penalties.get(kind, ZERO)
            pay = min(remaining, max(amount, ZERO))
            penalties[kind] = amount - pay
            remaining -= pay
        pay = min(remaining, max(self.interest, ZERO))
        interest = self.interest - pay
        penalties["failure_to_pay"] = penalties["failure_to_pay"] + self.accrued_penalty
        return (max(tax, ZERO), {k: max(v, ZERO) for k, v in penalties.items() if v > 0},
                max(interest, ZERO) + self.accrued_interest)


def case_period(form: str, period_end: date, table: CodeTable) -> str:
    """The case's period notation: 'YYYY' for a calendar year, 'YYYY-Qn' for a quarter, else the date."""
    info = table.forms.get(form)
    if info is not None and info.periods == "quarterly" and period_end.month in (3, 6, 9, 12) \
            and period_end.day in (30, 31):
        return f"{period_end.year}-Q{period_end.month // 3}"
    if period_end.month == 12 and period_end.day == 31 and (info is None or info.periods == "annual"):
        return str(period_end.year)
    return period_end.isoformat()


def _notice_number(text: str) -> str | None:
    match = _NOTICE.search(text)
    if not match:
        return None
    prefix = match.group(1).upper()
    prefix = "L" if prefix in ("LETTER", "L") else prefix
    return f"{prefix}{match.group(2).upper()}"


class _Events:
    """Pairs start and end postings into collection events, in date order."""

    def __init__(self, period: PeriodImport) -> None:
        self.period = period
        self.open: dict[str, list[dict[str, Any]]] = {}

    def apply(self, role: EventRole, t: Transaction, code: str) -> None:
        kinds = self.open.setdefault(role.kind, [])
        if role.role == "start":
            event: dict[str, Any] = {"kind": role.kind, "start": t.date.isoformat(), "source": "transcript",
                                     "codes": [code]}
            if role.outcome:
                event["outcome"] = role.outcome
            if role.kind == "installment_termination":
                self.period.events.append(event)
                return
            if role.kind == "extension_agreement":
                agreed = re.search(r"(\d{2}-\d{2}-\d{4})", t.explanation)
                if agreed is None:
                    self.period.uninterpreted.append(Uninterpreted(
                        code, t.explanation, t.date, t.amount, t.line,
                        "collection statute extended, but the agreed date is not on the transcript: enter "
                        "an extension_agreement event with agreed_date from the Form 900"))
                    return
                month, day, year = agreed.group(1).split("-")
                event["agreed_date"] = f"{year}-{month}-{day}"
                self.period.events.append(event)
                return
            kinds.append(event)
            self.period.events.append(event)
        elif role.role == "end":
            if not kinds:
                self.period.notes.append(f"TC {code} {t.explanation} on {t.date.isoformat()} ends a "
                                         f"{role.kind.replace('_', ' ')} whose start is not on this transcript")
                return
            event = kinds.pop()
            event["end"] = t.date.isoformat()
            event["codes"].append(code)
            if role.outcome:
                event["outcome"] = role.outcome
        else:  # cancel: the start was input in error
            if kinds:
                event = kinds.pop()
                self.period.events.remove(event)
                self.period.notes.append(f"TC {code} on {t.date.isoformat()} removes the {role.kind} started "
                                         f"{event['start']} (input in error)")
            else:
                self.period.notes.append(f"TC {code} on {t.date.isoformat()}: nothing to remove")


def _assessment(period: PeriodImport, code: Code, t: Transaction) -> None:
    if not code.own_csed:
        return
    if t.amount <= 0:
        if code.code == "150":
            period.notes.append(f"TC 150 for {t.amount:.2f} on {t.date.isoformat()}: no tax assessed by the "
                                "return itself (a substitute for return posts this way)")
        return
    entry = {"code": code.code, "date": t.date.isoformat(), "amount": t.amount.quantize(CENT),
             "explanation": t.explanation, "source": "transcript"}
    if all(a["code"] != entry["code"] or a["date"] != entry["date"] for a in period.assessments):
        period.assessments.append(entry)
    else:  # two postings of one code on one date are one assessment
        for a in period.assessments:
            if a["code"] == entry["code"] and a["date"] == entry["date"]:
                a["amount"] = (a["amount"] + t.amount).quantize(CENT)


def interpret(module: Module, table: CodeTable, spouse_on_case: bool = False) -> PeriodImport:
    info = table.forms.get(module.form)
    period = PeriodImport(
        form=module.form, period=case_period(module.form, module.period_end, table),
        tax_type=info.tax_type if info else "other", period_end=module.period_end,
        as_of=module.accruals_as_of, account_balance=module.account_balance or ZERO,
        accrued_interest=module.accrued_interest or ZERO, accrued_penalty=module.accrued_penalty or ZERO)
    if info is None:
        period.notes.append(f"Form {module.form} is not in the code table's form list: tax type 'other'")
    events = _Events(period)
    total = ZERO
    for t in sorted(module.transactions, key=lambda t: (t.date, t.line)):
        total += t.amount
        code = table.codes.get(t.code)
        if t.code in ("971", "972"):
            _action(period, events, table, t)
            continue
        if code is None:
            period.uninterpreted.append(Uninterpreted(t.code, t.explanation, t.date, t.amount, t.line,
                                                      f"TC {t.code} is not in the code table"))
            continue
        if code.klass == "tax":
            period.tax += t.amount
            if code.code == "150":
                period.filed = True
                if "substitute" in t.explanation.lower():
                    period.sfr_suspected = True
        elif code.klass == "penalty":
            kind = code.penalty_type or "other"
            period.penalties[kind] = period.penalties.get(kind, ZERO) + t.amount
            if t.amount > 0:
                period.penalties_assessed[kind] = period.penalties_assessed.get(kind, ZERO) + t.amount
        elif code.klass == "interest":
            period.interest += t.amount
        elif code.klass == "credit":
            period.credits += t.amount
        elif code.klass == "event" and code.event is not None:
            events.apply(code.event, t, t.code)
            if code.review:
                period.notes.append(f"TC {t.code} on {t.date.isoformat()}: {code.review}")
        if t.amount and code.klass in ("event", "status"):
            period.uninterpreted.append(Uninterpreted(t.code, t.explanation, t.date, t.amount, t.line,
                                                      f"TC {t.code} ({code.meaning}) carries an amount; "
                                                      "it is not counted in any balance component"))
        _assessment(period, code, t)
    tc150 = [t for t in module.transactions if t.code == "150"]
    if tc150 and all(t.amount == 0 for t in tc150) and any(a["code"] in ("290", "300") for a in period.assessments):
        period.sfr_suspected = True
    if period.sfr_suspected:
        period.filed = False
        period.notes.append("substitute for return suspected (TC 150 for 0.00 or 'substitute' with a later "
                            "assessment): an original return is still required (IRC 6020(b))")
    if module.account_balance is not None and (total - module.account_balance).copy_abs() >= CENT:
        period.notes.append(f"the transactions add up to {total:.2f} but ACCOUNT BALANCE is "
                            f"{module.account_balance:.2f}: a posting may be missing from the transcript")
    if module.return_items:
        period.notes.append(f"Record of Account: {module.return_items} lines of its return part are not imported "
                            "(the account part is)")
    if module.return_info.due_or_received is not None and period.filed:
        period.return_filed_on = module.return_info.due_or_received
    return period


def _action(period: PeriodImport, events: _Events, table: CodeTable, t: Transaction) -> None:
    action = table.action(t.explanation)
    if action is None:
        period.uninterpreted.append(Uninterpreted(
            t.code, t.explanation, t.date, t.amount, t.line,
            f"TC {t.code} '{t.explanation}': the action is not in the code table (look up its action code "
            "in Document 6209 or ask the IRS)"))
        return
    if t.code == "972":
        if action.reversal is not None:
            events.apply(action.reversal, t, "972")
            if action.review_reversal:
                period.notes.append(f"TC 972 on {t.date.isoformat()}: {action.review_reversal}")
        else:
            period.notes.append(f"TC 972 on {t.date.isoformat()} reverses '{action.meaning}' (no CSED effect)")
        return
    if action.event is not None:
        events.apply(action.event, t, "971")
    elif action.notice is not None:
        number = _notice_number(t.explanation) or ("CDP notice" if action.notice == "CDP" else None)
        if number is None:
            period.uninterpreted.append(Uninterpreted(t.code, t.explanation, t.date, t.amount, t.line,
                                                      "notice issued, but its number is not printed"))
            return
        cdp = action.notice == "CDP" or number in ("LT11", "L1058", "CP90", "CP297", "L11")
        period.notices.append(NoticeSeen(number, t.date, cdp))
