"""Merge what the transcripts say into a case, idempotently, keeping the preparer's own entries.

- A period with something owed becomes (or updates) a liability, matched by form and period.
- A value the last import wrote (kept in ``transcript.imported``) is replaced by the new
  one; a value the preparer entered or changed is kept, and the difference is reported.
- Assessments, events and notices marked ``source: transcript`` are replaced wholesale;
  the preparer's are kept (a transcript event that repeats one of them is not added).
- Periods with no return become ``compliance.unfiled_returns``; assessed penalties become
  ``compliance.penalty_history`` entries (first-time abatement reads the prior years).
Running the same import twice gives the same file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from formkit.transcripts.interpret import CENT, PeriodImport

ZERO = Decimal(0)


@dataclass
class MergeReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    not_owed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    unfiled_added: list[str] = field(default_factory=list)
    penalty_history_added: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT)


def _same(a: Any, b: Any) -> bool:
    """Equal as case values: amounts by value ('9870.0' == 9870), dicts key by key (zeros dropped)."""
    if isinstance(a, dict) and isinstance(b, dict):
        na = {k: Decimal(str(v)) for k, v in a.items() if Decimal(str(v)) != 0}
        nb = {k: Decimal(str(v)) for k, v in b.items() if Decimal(str(v)) != 0}
        return na == nb
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except ArithmeticError:
        return str(a) == str(b)


def _set(liability: dict[str, Any], name: str, new: Any, previous: dict[str, Any], label: str,
         report: MergeReport) -> None:
    """Write ``new`` unless the preparer's own value is there (then keep it and say so)."""
    current = liability.get(name)
    written_by_import = name in previous and current is not None and _same(current, previous[name])
    if new is None:
        if written_by_import:
            del liability[name]
        return
    if current is None or written_by_import or _same(current, new):
        liability[name] = new
        return
    report.kept.append(f"{label} {name}: kept the case's {_show(current)}; the transcript gives {_show(new)} "
                       f"(delete the field to take the transcript's)")


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} {v}" for k, v in value.items()) + "}"
    return str(value)


def _replace_sourced(existing: list[dict[str, Any]], new: list[dict[str, Any]], same: tuple[str, ...],
                     label: str, what: str, report: MergeReport) -> list[dict[str, Any]]:
    mine = [e for e in existing if e.get("source", "preparer") != "transcript"]
    out = list(mine)
    for item in new:
        twin = next((m for m in mine if all(m.get(k) == item.get(k) for k in same)), None)
        if twin is not None:
            report.notes.append(f"{label}: the case's own {what} {_show({k: item.get(k) for k in same})} is "
                                "kept in place of the transcript's")
            continue
        out.append(item)
    return out


def _liability_values(p: PeriodImport) -> dict[str, Any]:
    tax, penalties, interest = p.allocated()
    first = min((a["date"] for a in p.assessments if a["code"] == "150"), default=None) or \
        min((a["date"] for a in p.assessments), default=None)
    return {"assessed_balance": _money(tax),
            "penalties": {k: _money(v) for k, v in penalties.items()},
            "interest": _money(interest),
            "assessment_date": first,
            "return_filed_on": p.return_filed_on.isoformat() if p.return_filed_on else None}


def _merge_liability(liability: dict[str, Any], p: PeriodImport, label: str, report: MergeReport) -> None:
    values = _liability_values(p)
    summary = liability.get("transcript") or {}
    previous = summary.get("imported") or {}
    for name in ("assessed_balance", "penalties", "interest", "assessment_date", "return_filed_on"):
        _set(liability, name, values[name], previous, label, report)
    if not liability.get("penalties"):
        liability.pop("penalties", None)
    liability["assessments"] = _replace_sourced(liability.get("assessments", []), p.assessments,
                                                ("code", "date"), label, "assessment", report)
    liability["events"] = _replace_sourced(liability.get("events", []), p.events, ("kind", "start"),
                                           label, "event", report)
    notices = [{"number": n.number, "date": n.date.isoformat(), "cdp": n.cdp, "source": "transcript"}
               for n in p.notices]
    liability["notices"] = _replace_sourced(liability.get("notices", []), notices, ("number", "date"),
                                            label, "notice", report)
    for key in ("assessments", "events", "notices"):
        if not liability[key]:
            del liability[key]
    if p.notices and "notice" not in liability:
        latest = max(p.notices, key=lambda n: n.date)
        liability["notice"] = {"number": latest.number, "date": latest.date.isoformat()}
    imported = {k: v for k, v in values.items() if v not in (None, {})}
    liability["transcript"] = {
        "as_of": (p.as_of or p.period_end).isoformat(), "account_balance": _money(p.account_balance),
        "accrued_interest": _money(p.accrued_interest), "accrued_penalty": _money(p.accrued_penalty),
        "imported": imported}


def merge(case: dict[str, Any], periods: list[PeriodImport]) -> MergeReport:
    report = MergeReport()
    liabilities: list[dict[str, Any]] = case.setdefault("liabilities", [])
    compliance: dict[str, Any] = case.setdefault("compliance", {})
    for p in sorted(periods, key=lambda p: (p.form, p.period)):
        label = f"Form {p.form} {p.period}"
        existing = next((lia for lia in liabilities
                         if lia.get("form") == p.form and lia.get("period") == p.period), None)
        if existing is None and p.owed > 0:
            existing = {"tax_type": p.tax_type, "form": p.form, "period": p.period}
            liabilities.append(existing)
            report.created.append(label)
        elif existing is not None:
            report.updated.append(label)
        else:
            report.not_owed.append(label)
        if existing is not None:
            _merge_liability(existing, p, label, report)
        _unfiled(compliance, p, label, report)
        _penalty_history(compliance, p, label, report)
    if not compliance:
        del case["compliance"]
    return report


def _unfiled(compliance: dict[str, Any], p: PeriodImport, label: str, report: MergeReport) -> None:
    unfiled: list[dict[str, Any]] = compliance.get("unfiled_returns", [])
    listed = next((u for u in unfiled if u.get("form") == p.form and u.get("period") == p.period), None)
    if p.filed:
        if listed is not None:
            report.notes.append(f"{label}: the case lists it as unfiled, but the transcript shows the return "
                                f"(TC 150); the case's entry is kept")
        return
    if listed is not None:
        return
    note = ("substitute for return assessed (IRC 6020(b)); an original return is still required"
            if p.sfr_suspected else "no return on the account transcript (no TC 150)")
    unfiled.append({"form": p.form, "period": p.period, "note": note})
    compliance["unfiled_returns"] = unfiled
    report.unfiled_added.append(label)


def _penalty_history(compliance: dict[str, Any], p: PeriodImport, label: str, report: MergeReport) -> None:
    history: list[dict[str, Any]] = compliance.get("penalty_history", [])
    for kind, assessed in sorted(p.penalties_assessed.items()):
        if any(h.get("form") == p.form and h.get("period") == p.period and h.get("penalty_type") == kind
               for h in history):
            continue
        entry: dict[str, Any] = {"form": p.form, "period": p.period, "penalty_type": kind,
                                 "abated": p.penalties.get(kind, ZERO) <= 0}
        history.append(entry)
        report.penalty_history_added.append(f"{label} {kind.replace('_', ' ')} {_money(assessed)}"
                                            + (" (abated; reason not on the transcript)" if entry["abated"] else ""))
    if history:
        compliance["penalty_history"] = history
