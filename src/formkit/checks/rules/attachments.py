"""Supporting documents an offer needs for what the case holds (Form 433-A (OIC) Section 10),
and the few attachments other requests need (Form 2159, reasonable-cause evidence).

An attachment matches an account when its ``account`` names the institution, payer or
lender (or the account's last four digits). "Most recent" is judged against the case's
``prepared_on`` with the age limits in ``rules/parameters.json`` (table ``attachments``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from formkit.case.model import Attachment, Case
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import date_text, money, norm, ptr
from formkit.checks.subject import Subject
from formkit.dates import add_months


def _p(s: Subject, key: str) -> int:
    return s.params.number("attachments", key)


def _names(att: Attachment) -> str:
    return norm(" ".join(filter(None, (att.account, att.description))))


def matches(att: Attachment, *names: str | None) -> bool:
    """The attachment is for the account named by any of ``names`` (institution, last4...)."""
    text = _names(att)
    wanted = [norm(n) for n in names if n]
    if not wanted:
        return True
    return any(w and (w in text or (text and text in w)) for w in wanted)


def of_type(case: Case, *types: str) -> list[Attachment]:
    return [a for a in case.attachments if a.document_type in types]


@dataclass(frozen=True, slots=True)
class Coverage:
    latest: date | None
    missing_from: date | None      # first uncovered day inside the window, if any


def coverage(atts: Iterable[Attachment], months: int, tolerance: int) -> Coverage:
    """Does the union of the statements' periods cover the ``months`` months before the
    latest statement's end (gaps up to ``tolerance`` days allowed)?"""
    spans = sorted((a.period_start or a.period_end, a.period_end) for a in atts
                   if a.period_end is not None)
    spans = [(start, end) for start, end in spans if start is not None]
    if not spans:
        return Coverage(None, None)
    latest = max(end for _, end in spans)
    window_start = add_months(latest, -months) + timedelta(days=1)
    reach = latest
    for start, end in sorted(spans, key=lambda x: x[1], reverse=True):
        if end < window_start:
            break
        if end + timedelta(days=tolerance) >= reach - timedelta(days=1):
            reach = min(reach, start)
    if reach > window_start + timedelta(days=tolerance):
        return Coverage(latest, window_start)
    return Coverage(latest, None)


def _stale(s: Subject, latest: date | None, max_age: int) -> bool:
    return latest is not None and (s.as_of - latest).days > max_age


def _offer(s: Subject) -> Case | None:
    return s.case if s.case is not None and s.offers() else None


@rule("ATT-001", needs=("case",))
def pay_stubs(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    max_age = _p(s, "statement_max_age_days")
    seen: set[tuple[str, str]] = set()
    for i, inc in enumerate(case.income):
        if inc.source != "wages" or (inc.person, inc.payer or "") in seen:
            continue
        seen.add((inc.person, inc.payer or ""))
        stubs = [a for a in of_type(case, "pay_stub") if matches(a, inc.payer)]
        ends = [a.period_end for a in stubs if a.period_end is not None]
        latest = max(ends) if ends else None
        employer = inc.payer or f"the {inc.person}'s employer"
        if not stubs:
            yield hit(ptr("income", i), max_age=max_age,
                      detail=f"No pay stub from {employer} ({inc.person}) is attached")
        elif _stale(s, latest, max_age):
            assert latest is not None
            yield hit(ptr("income", i), max_age=max_age,
                      detail=f"The latest pay stub from {employer} ends {date_text(latest)}, "
                             f"{(s.as_of - latest).days} days before {date_text(s.as_of)}")


def _statements(s: Subject, rule_kind: str) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    business = rule_kind == "business"
    months = _p(s, "business_bank_statement_months" if business
                else "personal_bank_statement_months")
    max_age = _p(s, "statement_max_age_days")
    tolerance = _p(s, "gap_tolerance_days")
    types = ("business_bank_statement", "bank_statement") if business else ("bank_statement",)
    for i, acct in enumerate(case.assets.bank_accounts):
        if acct.business != business:
            continue
        name = f"{acct.institution} {acct.account_type}" + (
            f" ...{acct.account_last4}" if acct.account_last4 else "")
        found = [a for a in of_type(case, *types)
                 if matches(a, acct.institution, acct.account_last4)]
        cover = coverage(found, months, tolerance)
        where = ptr("assets", "bank_accounts", i)
        if not found:
            yield hit(where, months=months, max_age=max_age,
                      detail=f"No statement for the {name} account is attached")
        elif _stale(s, cover.latest, max_age):
            assert cover.latest is not None
            yield hit(where, months=months, max_age=max_age,
                      detail=f"The latest {name} statement ends {date_text(cover.latest)}, "
                             f"{(s.as_of - cover.latest).days} days before "
                             f"{date_text(s.as_of)}")
        elif cover.missing_from is not None:
            assert cover.latest is not None
            yield hit(where, months=months, max_age=max_age,
                      detail=f"The {name} statements attached do not cover "
                             f"{date_text(cover.missing_from)} to {date_text(cover.latest)} "
                             f"({months} months)")


@rule("ATT-002", needs=("case",))
def personal_bank_statements(s: Subject) -> Iterator[Hit]:
    yield from _statements(s, "personal")


@rule("ATT-003", needs=("case",))
def business_bank_statements(s: Subject) -> Iterator[Hit]:
    yield from _statements(s, "business")


@rule("ATT-004", needs=("case",))
def investment_statements(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    max_age = _p(s, "quarterly_statement_max_age_days")
    for group, kind in (("investments", "investment_statement"),
                        ("retirement_accounts", "retirement_statement")):
        for i, acct in enumerate(getattr(case.assets, group)):
            if acct.kind == "digital_asset":
                continue        # ATT-009
            found = [a for a in of_type(case, kind, "investment_statement",
                                        "retirement_statement")
                     if matches(a, acct.institution, acct.description)]
            ends = [a.period_end for a in found if a.period_end is not None]
            latest = max(ends) if ends else None
            what = f"{acct.description}" + (f" ({acct.institution})" if acct.institution else "")
            if not found:
                yield hit(ptr("assets", group, i), max_age=max_age,
                          detail=f"No statement for {what} is attached")
            elif _stale(s, latest, max_age):
                assert latest is not None
                yield hit(ptr("assets", group, i), max_age=max_age,
                          detail=f"The latest statement for {what} ends {date_text(latest)}, "
                                 f"{(s.as_of - latest).days} days before {date_text(s.as_of)}")


@rule("ATT-005", needs=("case",))
def lender_statements(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    loans: list[tuple[str, str | None, str, str]] = []
    for i, v in enumerate(case.assets.vehicles):
        if v.loan_balance > 0 and not v.leased:
            loans.append((ptr("assets", "vehicles", i), v.lender, f"the {v.description} loan",
                          "vehicle_loan_statement"))
        elif v.leased and v.monthly_payment > 0:
            loans.append((ptr("assets", "vehicles", i), v.lender, f"the {v.description} lease",
                          "vehicle_loan_statement"))
    for i, r in enumerate(case.assets.real_estate):
        if r.loan_balance > 0:
            loans.append((ptr("assets", "real_estate", i), r.lender,
                          f"the mortgage on {r.description}", "mortgage_statement"))
    for where, lender, what, kind in loans:
        found = [a for a in of_type(case, kind, "loan_statement") if matches(a, lender)]
        if not found:
            yield hit(where, detail=f"No lender statement for {what}"
                                    + (f" ({lender})" if lender else "") + " is attached")


_INCOME_DOCS = {"social_security": ("social_security_statement",),
                "pension": ("pension_statement",), "rental": ("rental_statement",),
                "child_support": ("court_order",), "alimony": ("court_order",),
                "interest_dividends_royalties": ("investment_statement",),
                "distributions": ("investment_statement", "other")}


@rule("ATT-006", needs=("case",))
def other_income_statements(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    for i, inc in enumerate(case.income):
        kinds = _INCOME_DOCS.get(inc.source)
        if kinds and not any(matches(a, inc.payer) for a in of_type(case, *kinds)):
            label = inc.source.replace("_", " ")
            yield hit(ptr("income", i),
                      detail=f"No statement for the {label} income"
                             + (f" from {inc.payer}" if inc.payer else "") + " is attached")


@rule("ATT-007", needs=("case",))
def court_orders(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is not None and case.expenses.court_ordered_payments > 0 and not of_type(
            case, "court_order"):
        yield hit(ptr("expenses", "court_ordered_payments"),
                  detail=f"Court-ordered payments of {money(case.expenses.court_ordered_payments)}"
                         " a month are claimed and no court order is attached")


@rule("ATT-008", needs=("case",))
def state_tax_verification(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is not None and case.expenses.delinquent_state_local_taxes > 0 and not of_type(
            case, "delinquent_state_tax_verification"):
        yield hit(ptr("expenses", "delinquent_state_local_taxes"),
                  detail="Delinquent state or local tax payments of "
                         f"{money(case.expenses.delinquent_state_local_taxes)} a month are "
                         "claimed and no verification is attached")


@rule("ATT-009", needs=("case",))
def digital_assets(s: Subject) -> Iterator[Hit]:
    case = _offer(s)
    if case is None:
        return
    for i, inv in enumerate(case.assets.investments):
        if inv.kind == "digital_asset" and not any(
                matches(a, inv.institution, inv.description)
                for a in of_type(case, "digital_asset_record")):
            yield hit(ptr("assets", "investments", i),
                      detail=f"No record for the digital asset {inv.description!r} is attached")


@rule("ATT-010", needs=("case",))
def special_circumstances(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for i, req in s.offers():
        if req.special_circumstances and not of_type(s.case, "special_circumstances"):
            yield hit(ptr("requests", i, "special_circumstances"),
                      detail="The offer explains special circumstances and no supporting "
                             "document (special_circumstances) is attached")


@rule("ATT-011", needs=("case",))
def form_2159(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for i, req in s.installments():
        if req.payroll_deduction and not of_type(s.case, "form_2159"):
            yield hit(ptr("requests", i, "payroll_deduction"),
                      detail="Payroll deduction is chosen and no Form 2159 (form_2159) is attached")


@rule("ATT-012", needs=("case",))
def reasonable_cause_evidence(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for i, req in s.abatements():
        if req.grounds == "reasonable_cause" and not of_type(s.case, "reasonable_cause_evidence"):
            yield hit(ptr("requests", i, "grounds"),
                      detail="Reasonable cause is claimed and no evidence "
                             "(reasonable_cause_evidence) is attached")


def _case_has(s: Subject, kind: str) -> bool:
    return s.case is not None and bool(of_type(s.case, kind))


@rule("ATT-013", inputs=("case", "pdf"))
def receivables_list(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f433aoi"):
        answered = [k for k in ("accounts_receivable.yes", "notes_receivable.yes") if doc.checked(k)]
        if answered and not doc.checked("attachments.receivables_list") and not _case_has(
                s, "accounts_receivable_list"):
            kind = "accounts" if answered[0].startswith("accounts") else "notes"
            yield hit(doc.where(answered[0]), doc.label,
                      detail=f"{doc.label} Section 5 says the taxpayer has {kind} receivable and no "
                             "list of them (accounts_receivable_list) is attached")


@rule("ATT-014", inputs=("case", "pdf"))
def trust_documents(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f433aoi"):
        answered = [k for k in ("trust_beneficiary.yes", "trustee.yes") if doc.checked(k)]
        if answered and not doc.checked("attachments.trust_documents") and not _case_has(
                s, "trust_documents"):
            role = "a beneficiary" if answered[0].startswith("trust_beneficiary") else (
                "a trustee, fiduciary or contributor")
            yield hit(doc.where(answered[0]), doc.label,
                      detail=f"{doc.label} Section 9 says the taxpayer is {role} of a trust and no "
                             "trust documents (trust_documents) are attached")
