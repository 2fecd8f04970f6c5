"""Generate the synthetic supporting documents the example cases attach (examples/docs/).

Every example attachment with a ``path`` gets a small PDF, made with fpdf2, clearly marked
as synthetic, with figures taken from the case itself (the pay stub shows the case's
gross, net and deductions; a bank statement the account's balance, ...). Two images are
made as well (a PNG and a JPEG receipt) for tests of image attachments.

The output is committed; run this again after changing an example:

    .venv/bin/python tools/make_example_docs.py

The files are deterministic (fixed creation date, no random content), so rerunning it
without changes gives the same bytes.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from fpdf import FPDF
from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
OUT = EXAMPLES / "docs"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)
BANNER = "SYNTHETIC SAMPLE - generated for formkit examples - not a real document"

TITLES = {
    "pay_stub": "Earnings statement", "bank_statement": "Account statement",
    "business_bank_statement": "Business account statement", "retirement_statement": "Retirement account statement",
    "vehicle_loan_statement": "Auto loan statement", "profit_and_loss": "Profit and loss statement",
    "social_security_statement": "Social Security benefit statement", "pension_statement": "Pension payment advice",
}


def money(value: Any) -> str:
    return f"${Decimal(str(value)):,.2f}"


def person(case: dict[str, Any], ref: str | None) -> str:
    def name(p: dict[str, Any]) -> str:
        mid = f" {p['middle_initial']}." if p.get("middle_initial") else ""
        return f"{p['first_name']}{mid} {p['last_name']}"
    if ref == "spouse" and case.get("spouse"):
        return name(case["spouse"])
    if ref == "joint" and case.get("spouse"):
        return f"{name(case['taxpayer'])} and {name(case['spouse'])}"
    return name(case["taxpayer"])


def figures(case: dict[str, Any], att: dict[str, Any]) -> list[tuple[str, str]]:
    """Key figures of the document, taken from the case so the example is consistent."""
    account = att.get("account", "")
    kind = att["document_type"]
    rows: list[tuple[str, str]] = []
    if kind in ("pay_stub", "social_security_statement", "pension_statement"):
        for inc in case.get("income", []):
            if inc.get("payer") == account:
                rows.append((f"Gross pay ({inc['frequency']})", money(inc["gross"])))
                for key, value in sorted((inc.get("deductions") or {}).items()):
                    rows.append((f"  {key.replace('_', ' ').capitalize()}", f"-{money(value)}"))
                if inc.get("net") is not None:
                    rows.append(("Net pay", money(inc["net"])))
    elif kind in ("bank_statement", "business_bank_statement"):
        for acct in case.get("assets", {}).get("bank_accounts", []):
            if acct.get("institution") == account and bool(acct.get("business")) == (kind == "business_bank_statement"):
                rows.append((f"{acct['account_type'].capitalize()} account ending {acct.get('account_last4', '0000')}",
                             f"ending balance {money(acct['balance'])}"))
    elif kind == "retirement_statement":
        for acct in case.get("assets", {}).get("retirement_accounts", []):
            if acct.get("institution") == account:
                rows.append((acct.get("description") or acct.get("kind", "Account"), f"value {money(acct['value'])}"))
    elif kind == "vehicle_loan_statement":
        for v in case.get("assets", {}).get("vehicles", []):
            if v.get("lender") == account:
                rows.append((f"{v['year']} {v['make']} {v['model']}", f"payoff {money(v.get('loan_balance', 0))}"))
                rows.append(("Monthly payment", money(v.get("monthly_payment", 0))))
    elif kind == "profit_and_loss":
        biz = case.get("business") or {}
        for key, value in (biz.get("monthly") or {}).items():
            rows.append((f"{key.replace('_', ' ').capitalize()} (monthly average)", money(value)))
    return rows or [("Statement summary", "see case file")]


def statement_pdf(case: dict[str, Any], att: dict[str, Any]) -> bytes:
    pdf = FPDF(unit="mm", format="letter")
    pdf.set_creation_date(CREATED)
    pdf.set_creator("formkit tools/make_example_docs.py")
    title = TITLES.get(att["document_type"], att["document_type"].replace("_", " ").capitalize())
    pdf.set_title(f"{title} (synthetic sample)")
    pdf.add_page()
    pdf.set_fill_color(255, 235, 205)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(0, 8, BANNER, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 9, att.get("account", "Issuer"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 11)
    pdf.cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, f"Prepared for: {person(case, att.get('person'))}", new_x="LMARGIN", new_y="NEXT")
    period = f"{att.get('period_start', '')} to {att.get('period_end', '')}".strip(" to")
    pdf.cell(0, 6, f"Statement period: {period}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(3)
    for label, value in figures(case, att):
        pdf.cell(120, 7, label)
        pdf.cell(0, 7, value, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.set_font("Helvetica", "I", 8)
    pdf.multi_cell(0, 4, "This page was generated from the example case so that its packet can be built. "
                   "Figures match the case file; names, accounts and amounts are fictitious.")
    return bytes(pdf.output())


def receipt_image(fmt: str) -> bytes:
    image = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, 599, 60], fill=(255, 235, 205))
    draw.text((20, 22), "SYNTHETIC SAMPLE RECEIPT - formkit examples", fill="black")
    lines = ["Pharmacy receipt (fictitious)", "Date: 2026-10-12", "Prescription co-pay      $42.50",
             "Prescription co-pay      $18.00", "Total                    $60.50"]
    for n, line in enumerate(lines):
        draw.text((40, 110 + 40 * n), line, fill="black")
    out = io.BytesIO()
    if fmt == "PNG":
        image.save(out, format="PNG", optimize=False)
    else:
        image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for example in sorted(EXAMPLES.glob("*.json")):
        case = json.loads(example.read_text(encoding="utf-8"))
        for att in case.get("attachments", []):
            rel = att.get("path")
            if not rel or not rel.startswith("docs/") or not rel.endswith(".pdf"):
                continue
            target = EXAMPLES / rel
            target.write_bytes(statement_pdf(case, att))
            written.append(rel)
    (OUT / "receipt-sample.png").write_bytes(receipt_image("PNG"))
    (OUT / "receipt-sample.jpg").write_bytes(receipt_image("JPEG"))
    written += ["docs/receipt-sample.png", "docs/receipt-sample.jpg"]
    for rel in written:
        print(f"examples/{rel}")


if __name__ == "__main__":
    main()
