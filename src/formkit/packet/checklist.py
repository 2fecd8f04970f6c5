"""The Form 656-B application checklist, answered from the case and its checks.

The booklet asks the taxpayer to "include this checklist with your application" (Form 656-B
(Rev. 4-2021) p.29). formkit prints it as a page of the offer packet: each question as the
IRS prints it (``templates/checklist_656b.json``), answered "Yes", "No", "Check", "Not
applicable" or "Waived" with the fact behind the answer. A finding of one of the question's
rules turns the answer into "No" (an error) or "Check" (a warning) and names the rule.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from formkit._data import data_dir
from formkit.case.model import Case, OfferRequest
from formkit.findings import Finding
from formkit.forms.mapping import AnalysisLike
from formkit.packet.letter import join_and, money

CHECKLIST_FILE = "checklist_656b.json"
_RANK = {"No": 3, "Check": 2}
_SIGNERS = ("taxpayer", "spouse")


class ReportLike(Protocol):
    @property
    def findings(self) -> Sequence[Finding]: ...


@dataclass(frozen=True, slots=True)
class Facts:
    """What the answers read: the case, the offer, the analysis and the packet date."""

    case: Case
    offer: OfferRequest
    analysis: AnalysisLike | None
    day: date
    return_copy_weeks: int


Answer = tuple[str, str]          # ("Yes", "why")
Answerer = Callable[[Facts], Answer]


def _signers(case: Case) -> tuple[str, ...]:
    return _SIGNERS if case.is_joint else _SIGNERS[:1]


def _signed(case: Case, form: str) -> Answer:
    missing = [who for who in _signers(case) if not (
        (sig := case.signature(form, who)) is not None and sig.signed)]
    if missing:
        return "No", f"Form {form} is not signed by the {join_and(missing)}."
    dates = sorted({sig.date.strftime("%m/%d/%Y") for who in _signers(case)
                    if (sig := case.signature(form, who)) is not None and sig.date})
    return "Yes", f"Signed{' ' + join_and(dates) if dates else ''}."


def forms_signed(f: Facts) -> Answer:
    missing = [form for form in ("656", "433-A (OIC)") if _signed(f.case, form)[0] == "No"]
    if missing:
        return "No", f"Not signed: Form {join_and(missing)}."
    return "Yes", "Form 656 and Form 433-A (OIC) are filled from the case and signed."


def _amount(f: Facts, path: str) -> Decimal | None:
    if f.analysis is None:
        return None
    try:
        return f.analysis.amount(path)
    except Exception:  # an analysis that cannot compute the line leaves the answer to the checks
        return None


def offer_amount(f: Facts) -> Answer:
    minimum = _amount(f, f"oic.minimum_offer.{f.offer.payment_option}")
    explained = bool((f.offer.special_circumstances or "").strip())
    documented = any(a.document_type in ("special_circumstances", "hardship_statement")
                     for a in f.case.attachments)
    if minimum is None:
        return "Check", "The minimum offer could not be computed; compare with Form 433-A (OIC) Section 8."
    if f.offer.offer_amount >= minimum:
        return "Yes", (f"The offer of {money(f.offer.offer_amount)} is not less than the minimum of "
                       f"{money(minimum)} computed on Form 433-A (OIC) Section 8.")
    if explained and documented:
        return "Yes", (f"The offer of {money(f.offer.offer_amount)} is below the minimum of "
                       f"{money(minimum)}; the special circumstances are explained in the attachment "
                       "to Form 656 and documented.")
    return "No", (f"The offer of {money(f.offer.offer_amount)} is below the minimum of {money(minimum)}"
                  + ("; the supporting documents are missing." if explained else
                     " and no special circumstances are explained."))


def filed_and_billed(f: Facts) -> Answer:
    c = f.case.compliance
    if c.unfiled_returns:
        return "No", "Unfiled: " + join_and([f"Form {u.form} {u.period}" for u in c.unfiled_returns]) + "."
    billed = [f"Form {li.form} {li.period}" for li in f.case.liabilities if li.notice_received]
    if not billed:
        return "No", "No bill or notice of balance due is recorded for any period of the offer."
    last = f" (latest return filed: {c.last_return_filed})" if c.last_return_filed else ""
    return "Yes", f"All required returns are filed{last}; a bill was received for {billed[0]}."


def recent_return_copy(f: Facts) -> Answer:
    start = f.day - timedelta(weeks=f.return_copy_weeks)
    recent = [r for r in f.case.compliance.recent_returns_filed if start <= r.filed_on <= f.day]
    rule = (f"Form 656 (Rev. 4-2025) Section 6 asks for a copy of any return filed within "
            f"{f.return_copy_weeks} weeks")
    if not recent:
        return "Not applicable", f"No return was filed within {f.return_copy_weeks} weeks ({rule})."
    copies = sum(1 for a in f.case.attachments if a.document_type == "tax_return_copy")
    listing = join_and([f"Form {r.form} {r.period}" for r in recent])
    if copies:
        return "Yes", f"Copies enclosed for {listing}."
    return "No", f"No copy enclosed of {listing} ({rule})."


def payment_option(f: Facts) -> Answer:
    if f.offer.payment_option == "lump_sum":
        return "Yes", "Lump sum: 5 or fewer payments within 5 months of acceptance."
    months = f" over {f.offer.payment_months} months" if f.offer.payment_months else ""
    return "Yes", f"Periodic payment{months}."


def signed_433a_oic(f: Facts) -> Answer:
    return _signed(f.case, "433-A (OIC)")


def signed_433b_oic(f: Facts) -> Answer:
    business = f.case.business
    if business is None or business.kind == "sole_proprietorship":
        return "Not applicable", "No interest in a business other than a sole proprietorship."
    return "No", f"Form 433-B (OIC) is needed for {business.name}; formkit does not fill it."


def signed_656(f: Facts) -> Answer:
    return _signed(f.case, "656")


def separate_business_offer(f: Facts) -> Answer:
    return "Not applicable", "The offer covers the individual's liabilities only."


def supporting_documents(f: Facts) -> Answer:
    count = sum(1 for a in f.case.attachments if a.path)
    return "Yes", f"{count} supporting document{'' if count == 1 else 's'} enclosed (listed in the cover letter)."


def authorization(f: Facts) -> Answer:
    reps = f.case.representatives
    if not reps:
        return "Not applicable", "No representative."
    return "Yes", (f"Form 2848 appointing {join_and([r.name for r in reps])}"
                   + (" (one for each spouse)" if f.case.is_joint else "")
                   + f", covering the offer periods and {f.day.year}.")


def estate_authority(f: Facts) -> Answer:
    if not f.case.taxpayer.deceased:
        return "Not applicable", "The taxpayer is not deceased."
    if any(a.document_type == "letters_testamentary" for a in f.case.attachments):
        return "Yes", "Letters testamentary enclosed."
    return "No", "No letters testamentary or similar proof of authority enclosed."


_METHOD = {"check": "a check payable to the \"United States Treasury\"",
           "eftps": "EFTPS on the date the offer is mailed",
           "online_account": "the Individual Online Account on the date the offer is mailed"}


def initial_payment(f: Facts) -> Answer:
    if f.offer.low_income_certification:
        return "Waived", "Low-Income Certification is claimed."
    amount = f.offer.initial_payment
    if amount is None:
        amount = (_amount(f, "oic.initial_payment.lump_sum") if f.offer.payment_option == "lump_sum"
                  else f.offer.monthly_payment)
    what = "initial payment" if f.offer.payment_option == "lump_sum" else "first monthly payment"
    shown = f" of {money(amount)}" if amount is not None else ""
    return "Yes", f"The {what}{shown} by {_METHOD[f.offer.payment_method]}."


def application_fee(f: Facts) -> Answer:
    if f.offer.low_income_certification:
        return "Waived", "Low-Income Certification is claimed."
    fee = f" of {money(f.offer.application_fee)}" if f.offer.application_fee is not None else ""
    return "Yes", f"The application fee{fee}, separately, by {_METHOD[f.offer.payment_method]}."


ANSWERS: Mapping[str, Answerer] = {fn.__name__: fn for fn in (
    forms_signed, offer_amount, filed_and_billed, recent_return_copy, payment_option, signed_433a_oic,
    signed_433b_oic, signed_656, separate_business_offer, supporting_documents, authorization,
    estate_authority, initial_payment, application_fee)}


def load_checklist(templates_dir: Path | None = None) -> dict[str, Any]:
    """The checklist questions: the firm's copy when its templates folder has one."""
    path = data_dir("templates") / CHECKLIST_FILE
    if templates_dir is not None and (templates_dir / CHECKLIST_FILE).is_file():
        path = templates_dir / CHECKLIST_FILE
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for group in data["groups"]:
        for item in group["items"]:
            if item["answer"] not in ANSWERS:
                raise ValueError(f"{path}: unknown answer {item['answer']!r} "
                                 f"(known: {', '.join(sorted(ANSWERS))})")
    return data


def answer_checklist(case: Case, offer: OfferRequest, report: ReportLike | None,
                     analysis: AnalysisLike | None, day: date, return_copy_weeks: int,
                     templates_dir: Path | None = None) -> dict[str, Any]:
    """The checklist as the page template reads it: groups of {question, answer, note}."""
    data = load_checklist(templates_dir)
    facts = Facts(case, offer, analysis, day, return_copy_weeks)
    findings = list(report.findings) if report is not None else []
    groups = []
    counts: dict[str, int] = {}
    for group in data["groups"]:
        items = []
        for item in group["items"]:
            answer, note = ANSWERS[item["answer"]](facts)
            hits = [f for f in findings if f.code in item["rules"]
                    and f.severity in ("error", "warning")]
            if hits:
                worst = "No" if any(f.severity == "error" for f in hits) else "Check"
                named = "; ".join(dict.fromkeys(f"{f.code} {f.title}" for f in hits))
                answer = worst if _RANK[worst] > _RANK.get(answer, 0) else answer
                note = f"{note} See the check findings: {named}."
            counts[answer] = counts.get(answer, 0) + 1
            items.append({"question": item["question"], "answer": answer, "note": note})
        groups.append({"title": group["title"], "rows": items})
    return {"source": data.get("source", ""), "groups": groups,
            "open": counts.get("No", 0) + counts.get("Check", 0),
            "summary": ", ".join(f"{n} {a.lower()}" for a, n in sorted(counts.items()))}
