"""Penalty relief: first-time abatement per period and penalty type; reasonable cause otherwise."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from formkit.analysis.compliance import missing_returns
from formkit.analysis.context import Context
from formkit.analysis.criteria import Criterion
from formkit.analysis.explained import Input
from formkit.analysis.liabilities import PENALTY_FIELDS, Balances
from formkit.analysis.money import ZERO, fmt
from formkit.analysis.options import ProgramOption
from formkit.case.model import AbatementRequest, FiledReturn, InstallmentRequest
from formkit.case.periods import TaxPeriod
from formkit.dates import add_years

FTA = "IRM 20.1.1.3.3.2.1 (First Time Abate)"
RC = "IRM 20.1.1.3.2 (reasonable cause: ordinary business care and prudence)"
QUARTERS_PER_YEAR = 4


@dataclass(frozen=True, slots=True)
class Penalty:
    form: str
    period: TaxPeriod
    kind: str
    amount: Decimal | None
    source: str


def _path(p: Penalty) -> str:
    """abatement.fta.<form>.<period>.<penalty type>, the form reduced to path characters."""
    form = re.sub(r"[^A-Za-z0-9_-]+", "_", p.form)
    return f"abatement.fta.{form}.{p.period}.{p.kind}"


def _ordinal(period: TaxPeriod) -> tuple[int, int]:
    """(position, periods per year): 2023 -> (2023, 1); 2024-Q2 -> (8097, 4); dates by year."""
    if period.quarter is not None:
        return period.year * QUARTERS_PER_YEAR + period.quarter - 1, QUARTERS_PER_YEAR
    return period.year, 1


def _in_lookback(prior: TaxPeriod, current: TaxPeriod, years: int) -> bool:
    p, per_year = _ordinal(prior)
    c, per_year_current = _ordinal(current)
    if per_year != per_year_current:
        return prior.year in range(current.year - years, current.year)
    return c - years * per_year <= p < c


def _penalties(ctx: Context) -> list[Penalty]:
    """Penalties on the case's periods and in abatement requests, one per form/period/type."""
    found: dict[tuple[str, str, str], Penalty] = {}
    for request in ctx.case.requests_of(AbatementRequest):
        pointer = ctx.request_pointer(request)
        for j, item in enumerate(request.items):
            found[(item.form, item.period, item.penalty_type)] = Penalty(
                item.form, item.period, item.penalty_type, item.amount, f"{pointer}/items/{j}")
    for i, liab in enumerate(ctx.case.liabilities):
        for kind in PENALTY_FIELDS:
            amount = getattr(liab.penalties, kind)
            key = (liab.form, liab.period, kind)
            if amount and key not in found:
                found[key] = Penalty(liab.form, liab.period, kind, amount, f"/liabilities/{i}/penalties/{kind}")
    return sorted(found.values(), key=lambda p: (p.form, _ordinal(p.period), p.kind))


def _history(ctx: Context, ignored: tuple[str, ...]) -> set[tuple[str, TaxPeriod]]:
    """(form, period) pairs with a penalty that counts against FTA in later years."""
    out: set[tuple[str, TaxPeriod]] = set()
    for entry in ctx.case.compliance.penalty_history:
        if entry.penalty_type in ignored:
            continue
        if entry.abated and entry.abatement_reason not in (None, "first_time_abatement"):
            continue  # fully reversed for reasonable cause or otherwise: counts as clean
        out.add((entry.form, entry.period))
    for liab in ctx.case.liabilities:
        if any(getattr(liab.penalties, k) for k in PENALTY_FIELDS if k not in ignored):
            out.add((liab.form, liab.period))
    return out


def compute(ctx: Context, balances: Balances) -> list[ProgramOption]:
    case, led = ctx.case, ctx.ledger
    rules = ctx.std.version("penalty_relief")
    years = int(rules.amount("lookback_years"))
    covered = tuple(rules.get("covered_penalty_types"))
    ignored = tuple(rules.get("ignored_in_lookback"))
    penalties = _penalties(ctx)
    if not penalties:
        return []
    history = _history(ctx, ignored)
    filed, copies = _filing_compliance(ctx, int(rules.amount("statement_window_days")))
    arranged = balances.total <= 0 or bool(case.requests_of(InstallmentRequest))
    fta_items: list[tuple[Penalty, str]] = []
    rc_items: list[tuple[Penalty, str]] = []
    granted: dict[str, str] = {}
    for p in penalties:
        if p.kind not in covered:
            rc_items.append((p, f"{p.kind.replace('_', ' ')} penalty is not covered by first-time abatement"))
            continue
        priors = sorted(period for form, period in history
                        if form == p.form and _in_lookback(period, p.period, years))
        if priors:
            rc_items.append((p, f"penalties in the {years} preceding years ({', '.join(priors)})"))
            continue
        if p.form in granted and granted[p.form] != p.period:
            rc_items.append((p, f"first-time abatement goes to the earliest period only ({granted[p.form]})"))
            continue
        granted[p.form] = p.period
        fta_items.append((p, "no prior penalties in the lookback years"))
    fta_total = ZERO
    for p, why in fta_items:
        amount = p.amount or ZERO
        fta_total += amount
        led.add(_path(p),
                f"First-time abatement, Form {p.form} {p.period} {p.kind.replace('_', ' ')}", amount,
                "penalty amount (assessed, including any paid)", inputs=[Input("test", why)],
                citation=f"{FTA}; {rules.citation}", sources=(p.source,))
    led.add("abatement.fta.total", "Penalties first-time abatement would remove", fta_total,
            "sum of the qualifying penalties", inputs=[led.ref(_path(p)) for p, _ in fta_items],
            citation=FTA, note="interest on the abated penalties is abated too" if fta_items else None)
    rc_total = sum((p.amount or ZERO for p, _ in rc_items), ZERO)
    led.add("abatement.reasonable_cause.total", "Penalties that need reasonable cause (or another ground)",
            rc_total, "sum of the penalties first-time abatement does not reach",
            inputs=[Input(f"Form {p.form} {p.period} {p.kind.replace('_', ' ')}: {why}", p.amount or ZERO)
                    for p, why in rc_items], citation=RC)
    _request_findings(ctx, fta_items)
    options = []
    conditions = []
    if not filed:
        conditions.append("all required returns must be filed first")
    conditions += [f"send a processable copy of Form {r.form} {r.period} (filed {r.filed_on.isoformat()}, not yet "
                   "on the IRS's records, due more than the statement window before today)" for r in copies]
    if not arranged:
        conditions.append("the tax must be paid or an installment agreement set up (request the "
                          "abatement with or after the agreement)")
    if fta_items:
        reasons = [f"Form {p.form} {p.period} {p.kind.replace('_', ' ')}: {fmt(p.amount or ZERO)}"
                   for p, _ in fta_items]
        reasons += [f"condition: {c}" for c in conditions] or ["returns filed and the balance paid or arranged"]
        reasons.append(_refund_window(ctx, fta_items))
        options.append(ProgramOption(
            "fta", "First-time penalty abatement", filed, tuple(r for r in reasons if r),
            (FTA, "IRC 6651(a)", "Instructions for Form 843 (Rev. 12-2021)"), forms=("843",),
            amount_path="abatement.fta.total", kind="penalty_relief"))
    if rc_items:
        reasons = [f"Form {p.form} {p.period} {p.kind.replace('_', ' ')} ({fmt(p.amount or ZERO)}): {why}"
                   for p, why in rc_items]
        reasons.append("needs the facts: what happened, the dates that tie it to the late filing or "
                       "payment, and how compliance resumed promptly")
        options.append(ProgramOption(
            "reasonable_cause", "Penalty abatement for reasonable cause", filed, tuple(reasons),
            (RC, "United States v. Boyle, 469 U.S. 241 (1985)", "Instructions for Form 843 (Rev. 12-2021)"),
            forms=("843",), amount_path="abatement.reasonable_cause.total", kind="penalty_relief"))
    return options


def _filing_compliance(ctx: Context, window: int) -> tuple[bool, list[FiledReturn]]:
    """FTA's filing test: every return currently due is filed. A return filed but not yet posted
    counts on the taxpayer's statement when it was due ``window`` days or fewer before the
    analysis date; older ones need a processable copy (IRM 20.1.1.3.3.2.1)."""
    missing = missing_returns(ctx)
    copies, notes = [], []
    for r in ctx.case.compliance.recent_returns_filed:
        if r.posted:
            continue
        age = (ctx.as_of - r.due_date).days if r.due_date is not None else None
        if age is not None and age <= window:
            notes.append(f"Form {r.form} {r.period} filed {r.filed_on.isoformat()}, not yet posted: due "
                         f"{age} day(s) ago (at most {window}): the taxpayer's statement suffices")
        else:
            copies.append(r)
            notes.append(f"Form {r.form} {r.period} filed {r.filed_on.isoformat()}, not yet posted: "
                         + (f"due {age} days ago" if age is not None else "due date not given")
                         + ": a processable copy is needed")
    notes += [f"Form {u.form} {u.period} not filed" + (f" (due {u.due_date.isoformat()})" if u.due_date else "")
              for u in missing]
    ctx.criteria.append(Criterion(
        "fta.filing_compliance", "All returns currently due are filed (or validly extended)", not missing,
        None, None, "all", f"{FTA} (filing compliance; returns due {window} days or fewer before: the "
        "taxpayer's statement)", "; ".join(notes) or None))
    return not missing, copies


def _refund_window(ctx: Context, items: list[tuple[Penalty, str]]) -> str:
    paid = [i.paid_on for r in ctx.case.requests_of(AbatementRequest) for i in r.items if i.paid_on]
    if not paid:
        return ""
    rules = ctx.std.version("penalty_relief")
    after_payment = int(rules.amount("refund_claim_years_after_payment"))
    after_filing = int(rules.amount("refund_claim_years_after_filing"))
    deadline = add_years(max(paid), after_payment)
    return (f"paid penalties are refunded through Form 843 if claimed within {after_payment} years of "
            f"payment (here by {deadline.isoformat()}) or {after_filing} years of filing the return, "
            "whichever is later (IRC 6511(a))")


def _request_findings(ctx: Context, fta_items: list[tuple[Penalty, str]]) -> None:
    for request in ctx.case.requests_of(AbatementRequest):
        if request.grounds != "first_time_abatement":
            continue
        eligible = {(p.form, p.period, p.kind) for p, _ in fta_items}
        for j, item in enumerate(request.items):
            if (item.form, item.period, item.penalty_type) not in eligible:
                ctx.find("PEN-002", f"first-time abatement requested for Form {item.form} {item.period} "
                         f"{item.penalty_type.replace('_', ' ')} but it does not qualify; argue "
                         "reasonable cause instead", FTA,
                         programs=("fta",), path=f"{ctx.request_pointer(request)}/items/{j}")
