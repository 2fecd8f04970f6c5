"""Small helpers the rule modules share: money text, pointers, balances, signatures."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from formkit.case.model import Case, FormSignature
from formkit.checks.subject import Subject
from formkit.dates import months_between
from formkit.forms.registry import supported

ZERO = Decimal(0)


def money(amount: Decimal | int) -> str:
    """$11,500 or $1,234.56 (cents only when there are any)."""
    value = Decimal(amount)
    sign, value = ("-", -value) if value < 0 else ("", value)
    if value == value.to_integral_value():
        return f"{sign}${value.quantize(Decimal(1)):,}"
    return f"{sign}${value.quantize(Decimal('0.01')):,}"


def ptr(*parts: object) -> str:
    """A JSON Pointer into the case: ptr('requests', 0, 'offer_amount')."""
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def total_balance(s: Subject) -> Decimal:
    """Tax + penalties + interest of every liability (the analysis' figure when it has one)."""
    amount = s.amount("total_balance")
    if amount is not None:
        return amount
    assert s.case is not None
    return sum((lia.total for lia in s.case.liabilities), ZERO)


def months_to_csed(s: Subject) -> int | None:
    """Months left before the latest CSED (the analysis' figure when it has one; IRM 5.8.5.25:
    the longest-remaining period sets the limit)."""
    amount = s.amount("ia.months_to_csed")
    if amount is not None:
        return int(amount)
    if s.case is None:
        return None
    from formkit.csed import effective_csed  # entered, else computed per assessment

    found = [effective_csed(lia, s.as_of)[0] for lia in s.case.liabilities]
    ends = [d for d in found if d is not None]
    return months_between(s.as_of, max(ends)) if ends else None


def signature(case: Case, form: str, signer: str, period: str | None = None
              ) -> tuple[int, FormSignature] | None:
    for i, sig in enumerate(case.signatures):
        if sig.form == form and sig.signer == signer and (period is None or sig.period in (
                None, period)):
            return i, sig
    return None


def signers(case: Case) -> tuple[str, ...]:
    return ("taxpayer", "spouse") if case.is_joint else ("taxpayer",)


def signed(case: Case, form: str, signer: str, period: str | None = None) -> bool:
    found = signature(case, form, signer, period)
    return found is not None and found[1].signed


def has_form(s: Subject, form: str) -> bool:
    """The subject holds this form: a copy read from a PDF, or a signed copy in the case
    (the case's ``signatures`` list the statements the preparer has)."""
    if s.pdf_docs(supported(form).form_id):
        return True
    return s.case is not None and any(sig.form == form and sig.signed for sig in s.case.signatures)


def date_text(day: date) -> str:
    return day.strftime("%m/%d/%Y")


def norm(text: str) -> str:
    """Upper-case letters and digits only, single-spaced: for comparing names."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in text.upper())
    return " ".join(cleaned.split())
