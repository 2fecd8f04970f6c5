"""Read the text layout of an account transcript (TDS / e-Services, and text extracted from PDFs).

Labels are matched case-insensitively on the module's header text with whitespace
normalised across lines, because PDF extraction wraps long labels ("ACCOUNT BALANCE /
PLUS ACCRUALS / (this is not a / payoff amount):"). Transaction rows are matched one per
line; a following line holding only a DLN, "n/a" or 00-00-0000 belongs to the row above.
Anything else in the transaction section is kept as an unparsed line, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from formkit.dates import month_end
from formkit.transcripts.model import (
    Layout,
    Module,
    ReturnInfo,
    Transaction,
    Transcript,
    TranscriptError,
    UnparsedLine,
)

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
DATE = (rf"(?:(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}},\s+\d{{4}}"
        r"|\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}|\d{2}/\d{2}/\d{4})")
MONEY = r"-?\$?-?[\d,]+\.\d{2}"
_BANNER = re.compile(r"this product contains sensitive taxpayer data|^page \d+ of \d+$", re.I)
_ROW = re.compile(rf"^(\d{{3}})\s+(.+?)\s+(?:(\d{{8}})\s+)?(\d{{2}}-\d{{2}}-\d{{4}})\s+({MONEY})\s*$")
_CONTINUATION = re.compile(r"^(?:\d{5}-\d{3}-\d{5}-\d|n/a|00-00-0000)(?:\s+.*)?$", re.I)
_WRAPPED = re.compile(r"^(?:[A-Za-z][A-Za-z ,.'()/&-]{0,60}|(?:CP|LT|L)\s*\d{1,4}[A-Z]?)$")
_RETURN_ITEM = re.compile(r"^[A-Za-z][^:]{2,100}:\s*-?\$?[\d,]*\.?\d*$")
_ROA_SECTION = re.compile(r"^(income|adjustments to income|tax and credits|other taxes|payments|refund or amount "
                          r"owed|third party designee|schedule [a-z0-9]+.*|form \d{4}.*)$", re.I)
_DLN = re.compile(r"\d{5}-\d{3}-\d{5}-\d")
_TXN_HEADER = re.compile(r"^code\s+explanation\s+of\s+transaction", re.I)
_TXN_START = re.compile(r"^transactions$", re.I)
_TEXT_ROWS = re.compile(r"^(no tax return filed|no record of return filed)$", re.I)
_MODULE_START = re.compile(r"^form number:?", re.I)

REFUSED = {
    "tax return transcript": ("a Tax Return Transcript: it shows the return as filed, without later "
                              "adjustments, payments or assessment dates"),
    "wage and income transcript": ("a Wage and Income Transcript: it lists information returns (W-2, 1099) "
                                   "filed by third parties, not the account"),
    "form w-2 wage and tax statement": ("a Wage and Income Transcript: it lists information returns (W-2, "
                                        "1099) filed by third parties, not the account"),
    "verification of non-filing": "a Verification of Non-filing letter: it holds no account",
}
_FIX = ("; import the Account Transcript (or the Record of Account) of each period: only it shows "
        "the assessments, payments and collection events")


def parse_date(text: str) -> date:
    text = re.sub(r"\s+", " ", text.strip())
    for fmt in ("%m-%d-%Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    match = re.match(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})", text)
    if match:
        return datetime.strptime(f"{match.group(1)} {match.group(2)} {match.group(3)}", "%b %d %Y").date()
    raise ValueError(f"not a date: {text!r}")


def parse_money(text: str) -> Decimal:
    cleaned = text.replace("$", "").replace(",", "")
    negative = cleaned.count("-") % 2 == 1
    value = Decimal(cleaned.replace("-", ""))
    return -value if negative else value


def kind_of(text: str, source: str) -> str:
    """'account_transcript' or 'record_of_account'; any other product is refused with the fix."""
    head = re.sub(r"\s+", " ", text[:4000]).lower()
    for marker, what in REFUSED.items():
        if marker in head:
            raise TranscriptError(f"{source}: is {what}{_FIX}")
    if "record of account" in head:
        return "record_of_account"
    if "account transcript" in head or "form number" in head:
        return "account_transcript"
    raise TranscriptError(f"{source}: not an IRS account transcript (no 'Account Transcript' title or "
                          f"'FORM NUMBER' label found){_FIX}")


def _label(blob: str, pattern: str) -> str | None:
    match = re.search(pattern, blob, re.I)
    return match.group(1).strip() if match else None


def _money_label(blob: str, label: str) -> Decimal | None:
    value = _label(blob, rf"{label}\s*({MONEY})")
    return parse_money(value) if value else None


def _date_label(blob: str, label: str) -> date | None:
    value = _label(blob, rf"{label}\s*({DATE})")
    return parse_date(value) if value else None


def _name_line(lines: Sequence[tuple[int, str]]) -> str | None:
    """The masked name: the first line after the (spouse) TIN lines that is no label."""
    seen_tin = False
    for _, text in lines:
        if re.search(r"identification number", text, re.I):
            seen_tin = True
            continue
        if seen_tin:
            if re.fullmatch(r"[X*]{2,3}-?[X*]{2,3}-?\d{4}", text):
                continue  # the TIN value on its own line (HTML)
            if re.search(r":|^-+|minus sign", text, re.I):
                return None
            return text
    return None


def _module(lines: Sequence[tuple[int, str]], source: str, record_of_account: bool = False) -> Module:
    header: list[tuple[int, str]] = []
    rows: list[Transaction] = []
    unparsed: list[UnparsedLine] = []
    in_rows = False
    no_return = False
    return_items = 0
    for index, (number, text) in enumerate(lines):
        previous = lines[index - 1][0] if index else -1
        if not in_rows:
            if _TXN_START.match(text) or _TXN_HEADER.match(text):
                in_rows = True
                continue
            header.append((number, text))
            continue
        if _TXN_HEADER.match(text):
            continue
        row = _ROW.match(text)
        if row:
            code, explanation, cycle, day, amount = row.groups()
            dln = _DLN.search(explanation)  # HTML cells carry the DLN inside the explanation
            if dln:
                explanation = explanation.replace(dln.group(0), " ")
            rows.append(Transaction(code, re.sub(r"\s+", " ", explanation).strip(), parse_date(day),
                                    parse_money(amount), cycle, dln.group(0) if dln else None, number))
            continue
        if _CONTINUATION.match(text) and rows:
            dln = _DLN.search(text)
            last = rows[-1]
            rows[-1] = Transaction(last.code, last.explanation, last.date, last.amount, last.cycle,
                                   last.dln or (dln.group(0) if dln else None), number)
            continue
        if _TEXT_ROWS.match(text):
            no_return = True
            continue
        if record_of_account and (return_items or _RETURN_ITEM.match(text) or _ROA_SECTION.match(text)):
            return_items += 1  # the Record of Account's return part follows the transactions
            continue
        if rows and rows[-1].line == previous and _WRAPPED.match(text):
            last = rows[-1]  # an explanation wrapped onto the next line ("CP 0014", "due date")
            rows[-1] = Transaction(last.code, f"{last.explanation} {text}", last.date, last.amount,
                                   last.cycle, last.dln, number)
            continue
        unparsed.append(UnparsedLine(number, text))
    blob = " ".join(text for _, text in header)
    form = _label(blob, r"form number:?\s*([A-Z0-9-]+)")
    period_text = _label(blob, rf"(?:tax period(?: ending)?|report for tax period ending):?\s*({DATE}|\d{{6}})")
    if form is None or period_text is None:
        first = lines[0][0] if lines else 0
        raise TranscriptError(f"{source}: line {first}: a module without FORM NUMBER or TAX PERIOD; the file "
                              "is not a complete account transcript")
    if re.fullmatch(r"\d{6}", period_text):  # YYYYMM: the last day of that month
        year, month = int(period_text[:4]), int(period_text[4:])
        period_end = month_end(year, month)
    else:
        period_end = parse_date(period_text)
    tin = _label(blob, r"(?<!spouse )taxpayer identification number:?\s*([X*]{2,3}-?[X*]{2,3}-?\d{4})")
    spouse = _label(blob, r"spouse taxpayer identification number:?\s*([X*]{2,3}-?[X*]{2,3}-?\d{4})")
    accrued_as_of = _date_label(blob, rf"accrued interest:?\s*{MONEY}\s*as of:?")
    return_present = not re.search(r"return not present for this account", blob, re.I)
    info = ReturnInfo(
        filing_status=_label(blob, r"filing status:?\s*(single|married filing joint(?:ly)?|married filing "
                                   r"separate(?:ly)?|head of household|qualifying (?:widow\(er\)|surviving "
                                   r"spouse)(?: with dependent child)?)"),
        adjusted_gross_income=_money_label(blob, r"adjusted gross income:?"),
        taxable_income=_money_label(blob, r"(?<!se )taxable income:?"),
        tax_per_return=_money_label(blob, r"tax per return:?"),
        due_or_received=_date_label(blob, r"return due date or return received date(?:\s*\(whichever is later\))?:?"),
        processing_date=_date_label(blob, r"processing date:?"),
        present=return_present)
    return Module(
        form=form.upper(), period_end=period_end,
        tin_last4=tin[-4:] if tin else None, spouse_tin_last4=spouse[-4:] if spouse else None,
        name_line=_name_line(header),
        account_balance=_money_label(blob, r"account balance:"),
        accrued_interest=_money_label(blob, r"accrued interest:?"),
        accrued_penalty=_money_label(blob, r"accrued penalty:?"),
        accruals_as_of=accrued_as_of, return_info=info, transactions=tuple(rows),
        no_return_filed=no_return or not return_present, unparsed=tuple(unparsed), return_items=return_items)


def parse_text(text: str, source: str, layout: Layout = "text") -> Transcript:
    """Parse a whole response: its kind, response date and every module in it."""
    kind = kind_of(text, source)
    numbered = [(i + 1, re.sub(r"\s+", " ", raw).strip()) for i, raw in enumerate(text.splitlines())]
    lines = [(n, t) for n, t in numbered if t and not _BANNER.search(t)]
    starts = [i for i, (_, t) in enumerate(lines) if _MODULE_START.match(t)]
    if not starts:
        if re.search(r"no record of return filed|requested data not found", text, re.I):
            raise TranscriptError(f"{source}: the IRS found no account for the period requested (nothing to "
                                  "import); record the period as unfiled in compliance.unfiled_returns")
        raise TranscriptError(f"{source}: no module (FORM NUMBER ... TAX PERIOD) found{_FIX}")
    preamble = " ".join(t for _, t in lines[:starts[0]])
    response = _label(preamble, rf"response date:?\s*({DATE})")
    modules = []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        modules.append(_module(lines[start:end], source, kind == "record_of_account"))
    return Transcript(source, layout, kind,  # type: ignore[arg-type]
                      parse_date(response) if response else None, tuple(modules))
