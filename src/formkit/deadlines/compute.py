"""The dates a preparer must not miss, from the case's notices, collection events and requests.

Each deadline names what started it (a notice, an event, the return) and its rule in
``rules/deadlines.json``. Nothing is moved for weekends or holidays (IRC 7503 may give
the next business day); the output says so.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from functools import cache
from typing import Any

from formkit._data import data_dir
from formkit._schemas import first_error
from formkit.case.model import Case, InstallmentRequest, Liability
from formkit.csed import compute_case
from formkit.dates import add_months, add_years
from formkit.errors import FormkitError


class DeadlineRulesError(FormkitError):
    """rules/deadlines.json is missing or malformed (a broken installation)."""


@dataclass(frozen=True, slots=True)
class Rule:
    kind: str
    title: str
    start: str
    citation: str
    confidence: str
    days: int = 0
    months: int = 0
    years: int = 0
    notices: tuple[str, ...] = ()
    alarm_days: int | None = None
    note: str | None = None

    def after(self, day: date) -> date:
        if self.years:
            return add_years(day, self.years)
        if self.months:
            return add_months(day, self.months)
        return date.fromordinal(day.toordinal() + self.days)


@dataclass(frozen=True, slots=True)
class Rules:
    version: str
    business_day_note: str
    kinds: Mapping[str, Rule]


@dataclass(frozen=True, slots=True)
class Deadline:
    kind: str
    title: str
    date: date
    period: str | None
    """'Form 1040 2021' when the deadline belongs to one period."""
    source: str
    citation: str
    confidence: str
    passed: bool
    alarm_days: int | None = None
    note: str | None = None
    repeat_monthly: int | None = None
    """For recurring payments: how many monthly occurrences, starting on ``date``."""

    @property
    def uid(self) -> str:
        """Stable across runs: the same deadline keeps its calendar entry when re-exported."""
        key = f"{self.kind}|{self.period}|{self.date.isoformat()}|{self.source}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24] + "@formkit"


@cache
def load_rules() -> Rules:
    path = data_dir("rules") / "deadlines.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DeadlineRulesError(f"{path}: cannot read the deadline rules ({exc})") from None
    problem = first_error(doc, "deadlines-rules")
    if problem is not None:
        raise DeadlineRulesError(f"{path}: {problem}")
    kinds = {k: Rule(k, v["title"], v["from"], v["citation"], v["confidence"], int(v.get("days", 0)),
                     int(v.get("months", 0)), int(v.get("years", 0)), tuple(v.get("notices", ())),
                     v.get("alarm_days"), v.get("note")) for k, v in doc["kinds"].items()}
    return Rules(doc["version"], doc["business_day_note"], kinds)


def _label(liability: Liability) -> str:
    return f"Form {liability.form} {liability.period}"


def _make(rule: Rule, day: date, liability: Liability | None, source: str, as_of: date,
          note: str | None = None, repeat: int | None = None) -> Deadline:
    return Deadline(rule.kind, rule.title, day, _label(liability) if liability else None, source, rule.citation,
                    rule.confidence, day < as_of, rule.alarm_days, note or rule.note, repeat)


def _notices(case: Case, rules: Rules, as_of: date) -> Iterator[Deadline]:
    cdp_rules = [r for r in rules.kinds.values() if r.start == "cdp_notice"]
    notice_rules = [r for r in rules.kinds.values() if r.start == "notice"]
    for lia in case.liabilities:
        seen = {(n.number, n.date): n.cdp for n in lia.notices}
        if lia.notice is not None:
            seen.setdefault((lia.notice.number, lia.notice.date), False)
        for (number, day), cdp in sorted(seen.items(), key=lambda item: (item[0][1], item[0][0])):
            source = f"notice {number} dated {day.isoformat()}"
            if cdp:
                for rule in cdp_rules:
                    yield _make(rule, rule.after(day), lia, source, as_of)
            for rule in notice_rules:
                if number in rule.notices:
                    yield _make(rule, rule.after(day), lia, source, as_of)


def _offers(case: Case, rules: Rules, as_of: date) -> Iterator[Deadline]:
    for lia in case.liabilities:
        for event in lia.events:
            if event.kind != "offer":
                continue
            source = f"offer pending from {event.start.isoformat()}"
            if event.end is None:
                rule = rules.kinds["offer_deemed_accepted"]
                yield _make(rule, rule.after(event.start), lia, source, as_of)
            elif event.outcome == "rejected":
                rule = rules.kinds["offer_rejection_appeal"]
                yield _make(rule, rule.after(event.end), lia, f"offer rejected {event.end.isoformat()}", as_of)
            elif event.outcome == "accepted":
                rule = rules.kinds["offer_compliance"]
                yield _make(rule, rule.after(event.end), lia, f"offer accepted {event.end.isoformat()}", as_of)


def _refunds(case: Case, rules: Rules, as_of: date) -> Iterator[Deadline]:
    from formkit.analysis.standards import load_library

    rule = rules.kinds["refund_claim"]
    relief = load_library().at("penalty_relief", as_of)
    after_filing = int(relief.amount("refund_claim_years_after_filing"))
    after_payment = int(relief.amount("refund_claim_years_after_payment"))
    paid: dict[tuple[str, str], date] = {}
    from formkit.case.model import AbatementRequest

    for request in case.requests_of(AbatementRequest):
        for item in request.items:
            if item.paid_on is not None:
                key = (item.form, item.period)
                paid[key] = max(paid.get(key, item.paid_on), item.paid_on)
    for lia in case.liabilities:
        if lia.return_filed_on is None:
            continue
        by_filing = add_years(lia.return_filed_on, after_filing)
        source = f"return filed {lia.return_filed_on.isoformat()}"
        day = by_filing
        payment = paid.get((lia.form, lia.period))
        if payment is not None and add_years(payment, after_payment) > day:
            day = add_years(payment, after_payment)
            source = f"payment {payment.isoformat()} (later than {after_filing} years from the return)"
        yield _make(rule, day, lia, source, as_of)


def _payments(case: Case, rules: Rules, as_of: date) -> Iterator[Deadline]:
    rule = rules.kinds["ia_payment"]
    total = sum((lia.total for lia in case.liabilities), Decimal(0))
    for request in case.requests_of(InstallmentRequest):
        if request.payment_day is None or request.monthly_payment <= 0:
            continue
        granted = [e.end for lia in case.liabilities for e in lia.events
                   if e.kind == "installment_request" and e.outcome == "granted" and e.end is not None]
        begin = max(granted) if granted else as_of
        first = begin.replace(day=request.payment_day)
        if first <= begin or not granted:  # not granted yet: from next month at the earliest
            first = add_months(first, 1)
        remaining = max(total - request.amount_paid_with_request, Decimal(0))
        count = int((remaining / request.monthly_payment).to_integral_value(rounding=ROUND_CEILING))
        if count <= 0:
            continue
        note = (f"{count} monthly payments of ${request.monthly_payment:,.2f} on day {request.payment_day} "
                f"pay today's balance of ${remaining:,.2f} (interest and penalties keep accruing)")
        if not granted:
            note += "; the agreement is not yet granted: dates assume it starts next month"
        source = "installment agreement granted " + max(granted).isoformat() if granted else "installment request"
        yield _make(rule, first, None, source, as_of, note=note, repeat=count)


def _cseds(case: Case, rules: Rules, as_of: date) -> Iterator[Deadline]:
    rule = rules.kinds["csed"]
    statutes = compute_case(case, as_of=as_of)
    for lia, statute in zip(case.liabilities, statutes.liabilities, strict=True):
        if lia.csed is not None:
            yield _make(rule, lia.csed, lia, "CSED entered in the case", as_of)
        elif statute.csed is not None:
            note = "lower bound: a suspension is still pending" if statute.open else None
            yield _make(rule, statute.csed, lia, "computed per assessment (formkit csed)", as_of, note=note)


def deadlines(case: Case, as_of: date | None = None) -> tuple[Deadline, ...]:
    """Every deadline of the case, in date order (past ones included, marked ``passed``)."""
    day = as_of or case.prepared_on
    rules = load_rules()
    found: list[Deadline] = []
    for source in (_notices, _offers, _refunds, _payments, _cseds):
        found.extend(source(case, rules, day))
    return tuple(sorted(found, key=lambda d: (d.date, d.kind, d.period or "", d.source)))


def to_dict(items: tuple[Deadline, ...], case_id: str, as_of: date, version: str) -> dict[str, Any]:
    rules = load_rules()
    return {"formkit_version": version, "case_id": case_id, "as_of": as_of.isoformat(),
            "rules": {"version": rules.version, "source": "rules/deadlines.json"},
            "business_days": rules.business_day_note,
            "deadlines": [{"kind": d.kind, "title": d.title, "date": d.date.isoformat(), "period": d.period,
                           "source": d.source, "citation": d.citation, "confidence": d.confidence,
                           "passed": d.passed, "note": d.note, "repeat_monthly": d.repeat_monthly,
                           "uid": d.uid} for d in items]}
