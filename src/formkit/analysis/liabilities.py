"""What is owed, per period and in total, and how long the IRS has left to collect it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.explained import Input
from formkit.analysis.money import ZERO, floor0, fmt
from formkit.case.model import AbatementRequest, Liability
from formkit.csed import compute_liability, load_rules
from formkit.dates import months_between

CSED_CITATION = ("IRC 6502(a) (10 years from assessment); IRM 5.1.19; suspensions per rules/csed.json "
                 "(formkit csed)")
PENALTY_FIELDS = ("failure_to_file", "failure_to_pay", "failure_to_deposit", "estimated_tax",
                  "accuracy_related", "other")


@dataclass(frozen=True, slots=True)
class PeriodBalance:
    index: int
    liability: Liability
    balance: Decimal
    csed: date | None
    months: int | None

    @property
    def name(self) -> str:
        return f"Form {self.liability.form} {self.liability.period}"


@dataclass(frozen=True, slots=True)
class Balances:
    periods: tuple[PeriodBalance, ...]
    total: Decimal
    tax: Decimal
    months_to_csed: int | None
    """Months to the latest CSED of the periods with a balance (None when no CSED is known)."""


def paid_penalties(ctx: Context) -> dict[tuple[str, str, str], Decimal]:
    """Penalties listed in an abatement request with a payment date: already paid."""
    paid: dict[tuple[str, str, str], Decimal] = {}
    for request in ctx.case.requests_of(AbatementRequest):
        for item in request.items:
            if item.paid_on is not None and item.amount is not None:
                key = (item.form, item.period, item.penalty_type)
                paid[key] = paid.get(key, ZERO) + item.amount
    return paid


def _csed(ctx: Context, index: int, liab: Liability, base: str) -> tuple[date | None, str]:
    """The period's CSED: the one entered in the case, else the latest computed per assessment
    (formkit csed: suspensions, extensions and floors counted), and how it was found."""
    if liab.csed is not None:
        return liab.csed, "entered in the case"
    statute = compute_liability(index, liab, ctx.as_of, load_rules())
    if statute.csed is None:
        return None, ""
    counted = sum(a.days_suspended for a in statute.assessments)
    if not liab.assessments and not liab.events:
        ctx.find("CSED-ESTIMATED",
                 f"CSED of Form {liab.form} {liab.period} estimated from the assessment date alone "
                 f"({statute.csed.isoformat()}): no assessments or collection events are entered; offers, "
                 "installment requests, bankruptcy and CDP hearings would move it (import the account "
                 "transcript or enter liabilities[].events)", CSED_CITATION, path=f"{base}.csed_months")
    for unused in [u for a in statute.assessments for u in a.unused if u.status == "unusable"] + \
            [u for u in statute.unused if u.status == "unusable" and u.event is not None]:
        ctx.find("CSED-EVENT-UNUSABLE",
                 f"Form {liab.form} {liab.period}: a {unused.kind} event could not be counted in the CSED: "
                 f"{unused.reason}", CSED_CITATION, path=f"{base}.csed_months")
    keys = ", ".join(f"{a.key} -> {a.csed.isoformat()}" for a in statute.assessments)
    return statute.csed, f"latest CSED of the assessments ({keys}); {counted} days of suspensions counted"


def compute(ctx: Context) -> Balances:
    led = ctx.ledger
    paid = paid_penalties(ctx)
    periods: list[PeriodBalance] = []
    tax_total = penalties_total = interest_total = ZERO
    for i, liab in enumerate(ctx.case.liabilities):
        base = f"balance.period[{i}]"
        penalties = ZERO
        inputs = [Input("tax", liab.assessed_balance)]
        notes = []
        for name in PENALTY_FIELDS:
            assessed = getattr(liab.penalties, name)
            if not assessed:
                continue
            already = paid.get((liab.form, liab.period, name), ZERO)
            owed = floor0(assessed - already)
            if already:
                notes.append(f"{name.replace('_', '-')} penalty {fmt(assessed)} paid ({fmt(already)}), "
                             "claimed for refund in the abatement request")
            penalties += owed
            inputs.append(Input(f"{name.replace('_', '-')} penalty owed", owed))
        inputs.append(Input("interest", liab.interest))
        balance = liab.assessed_balance + penalties + liab.interest
        led.add(f"{base}.total", f"Balance, Form {liab.form} {liab.period}", balance,
                "tax + penalties owed + interest", inputs=inputs,
                citation="Case liabilities (assessed balances as entered; interest and penalties "
                         "keep accruing until paid)",
                note="; ".join(notes) or None, sources=(f"/liabilities/{i}",))
        csed, how = _csed(ctx, i, liab, base)
        months = None
        if csed is not None:
            months = months_between(ctx.as_of, csed)
            led.add(f"{base}.csed_months", f"Months to CSED, Form {liab.form} {liab.period}",
                    Decimal(months), f"whole months from {ctx.as_of.isoformat()} to "
                    f"{csed.isoformat()} ({how})", unit="months", citation=CSED_CITATION,
                    sources=(f"/liabilities/{i}",))
        elif balance > 0:
            ctx.find("CSED-UNKNOWN", f"Form {liab.form} {liab.period} has no CSED or assessment date: the months "
                     "left to collect it are not limited in this analysis", CSED_CITATION)
        periods.append(PeriodBalance(i, liab, balance, csed, months))
        tax_total += liab.assessed_balance
        penalties_total += penalties
        interest_total += liab.interest
    led.add("balance.tax", "Tax owed (excluding penalties and interest)", tax_total,
            "sum of tax over all periods", citation="Case liabilities")
    led.add("balance.penalties", "Penalties owed", penalties_total, "sum over all periods",
            citation="Case liabilities")
    led.add("balance.interest", "Interest owed", interest_total, "sum over all periods",
            citation="Case liabilities")
    total = led.add("total_balance", "Total balance owed", tax_total + penalties_total + interest_total,
                    "tax + penalties + interest",
                    inputs=[led.ref("balance.tax"), led.ref("balance.penalties"),
                            led.ref("balance.interest")],
                    citation="Case liabilities; Form 9465 line 7; Form 656 Section 1")
    open_months = [p.months for p in periods if p.balance > 0 and p.months is not None]
    months = max(open_months) if open_months else None
    if months is not None:
        latest = max(p.csed for p in periods if p.balance > 0 and p.csed is not None)
        led.add("ia.months_to_csed", "Months left to the latest CSED", Decimal(months),
                f"whole months from {ctx.as_of.isoformat()} to {latest.isoformat()} (the latest "
                "CSED of the periods with a balance)", unit="months",
                citation=f"{CSED_CITATION}; IRM 5.8.5.25 (the longest-remaining period limits the "
                         "future-income months)")
    return Balances(tuple(periods), total, tax_total, months)
