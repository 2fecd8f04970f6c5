"""What an account transcript says, format-neutral: one module (form and period) at a time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from formkit.errors import EXIT_USAGE, FormkitError

Layout = Literal["text", "html", "pdf"]


class TranscriptError(FormkitError, ValueError):
    """A file cannot be imported (unreadable, not an account transcript, another taxpayer's)."""

    exit_code = EXIT_USAGE


@dataclass(frozen=True, slots=True)
class Transaction:
    code: str
    explanation: str
    date: date
    amount: Decimal
    cycle: str | None = None
    dln: str | None = None
    line: int = 0
    """Line number in the (extracted) text, for messages."""


@dataclass(frozen=True, slots=True)
class ReturnInfo:
    filing_status: str | None = None
    adjusted_gross_income: Decimal | None = None
    taxable_income: Decimal | None = None
    tax_per_return: Decimal | None = None
    due_or_received: date | None = None
    processing_date: date | None = None
    present: bool = True


@dataclass(frozen=True, slots=True)
class UnparsedLine:
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class Module:
    """One tax module: a form and period with its balance block, return block and transactions."""

    form: str
    period_end: date
    tin_last4: str | None
    spouse_tin_last4: str | None
    name_line: str | None
    account_balance: Decimal | None
    accrued_interest: Decimal | None
    accrued_penalty: Decimal | None
    accruals_as_of: date | None
    return_info: ReturnInfo
    transactions: tuple[Transaction, ...]
    no_return_filed: bool = False
    unparsed: tuple[UnparsedLine, ...] = ()
    return_items: int = 0
    """Record of Account: line items of its return part (read as the return, not imported)."""


@dataclass(frozen=True, slots=True)
class Transcript:
    source: str
    layout: Layout
    kind: Literal["account_transcript", "record_of_account"]
    response_date: date | None
    modules: tuple[Module, ...]
    unparsed: tuple[UnparsedLine, ...] = field(default_factory=tuple)
