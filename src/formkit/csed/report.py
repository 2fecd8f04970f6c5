"""The CSED result as JSON (schemas/csed.schema.json) and as a readable text timeline."""

from __future__ import annotations

from datetime import date
from typing import Any

from formkit.csed.engine import AssessmentStatute, CsedResult, LiabilityStatute, Suspension, Unused


def _d(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _unused(u: Unused) -> dict[str, Any]:
    return {"event": u.event, "kind": u.kind, "start": _d(u.start), "status": u.status, "reason": u.reason}


def _suspension(s: Suspension) -> dict[str, Any]:
    return {"event": s.event, "kind": s.kind, "title": s.title, "start": _d(s.start),
            "counted_from": _d(s.counted_start), "end": _d(s.end), "until": _d(s.until), "tail": s.tail,
            "open": s.open, "source": s.source, "citation": s.citation, "confidence": s.confidence,
            "floor": _d(s.floor)}


def _assessment(a: AssessmentStatute) -> dict[str, Any]:
    return {
        "key": a.key, "code": a.code, "assessed": _d(a.assessed), "amount": a.amount, "source": a.source,
        "base_csed": _d(a.base_csed), "base_citation": a.base_citation, "leap_day": a.leap_day,
        "suspensions": [_suspension(s) for s in a.suspensions],
        "merged": [{"start": _d(m.start), "end": _d(m.end), "days": m.days, "events": list(m.members),
                    "counted": m.counted, "csed_after": _d(m.csed_after), "reason": m.reason} for m in a.merged],
        "days_suspended": a.days_suspended,
        "extensions": [{"event": e.event, "signed": _d(e.signed), "agreed_date": _d(e.agreed_date),
                        "extends_to": _d(e.extends_to), "applied": e.applied, "citation": e.citation,
                        "reason": e.reason} for e in a.extensions],
        "csed_before_floor": _d(a.csed_before_floor),
        "floor": ({"kind": a.floor.kind, "date": _d(a.floor.date), "title": a.floor.title,
                   "citation": a.floor.citation} if a.floor else None),
        "csed": _d(a.csed), "days_remaining": a.days_remaining, "expired": a.expired, "open": a.open,
        "unused": [_unused(u) for u in a.unused], "notes": list(a.notes),
    }


def _liability(lia: LiabilityStatute) -> dict[str, Any]:
    return {"index": lia.index, "form": lia.form, "period": lia.period, "entered_csed": _d(lia.entered_csed),
            "csed": _d(lia.csed), "open": lia.open,
            "assessments": {a.key: _assessment(a) for a in lia.assessments},
            "unused": [_unused(u) for u in lia.unused], "notes": list(lia.notes)}


def to_dict(result: CsedResult, case_id: str, version: str) -> dict[str, Any]:
    rules = result.rules
    return {
        "formkit_version": version, "case_id": case_id, "as_of": _d(result.as_of), "person": result.person,
        "rules": {"version": rules.version, "reviewed": _d(rules.reviewed), "source": "rules/csed.json"},
        "convention": rules.convention, "caveat": rules.caveat,
        "liabilities": [_liability(lia) for lia in result.liabilities],
    }


def _when(day: date | None) -> str:
    return day.isoformat() if day is not None else "pending"


def _remaining(a: AssessmentStatute) -> str:
    if a.expired:
        return f"expired {-a.days_remaining} days ago"
    years, days = divmod(a.days_remaining, 365)
    approx = f" (about {years} y {days} d)" if years else ""
    more = "; at least, while a suspension is pending" if a.open else ""
    return f"{a.days_remaining} days left{approx}{more}"


def _assessment_lines(a: AssessmentStatute) -> list[str]:
    amount = f" ${a.amount}" if a.amount is not None else ""
    lines = [f"  {a.key}{amount}  assessed {a.assessed.isoformat()}  base CSED {a.base_csed.isoformat()}"]
    for s in a.suspensions:
        tail = f" ({s.tail})" if s.tail else ""
        clipped = f" counted from {s.counted_start.isoformat()}" if s.clipped_start else ""
        lines.append(f"    {s.start.isoformat()} .. {_when(s.end)}  {s.title}{tail} -> suspended to "
                     f"{s.until.isoformat()}{clipped}  [{s.source}]")
    for m in a.merged:
        if m.counted:
            lines.append(f"    = {m.start.isoformat()} .. {m.end.isoformat()}  {m.days} days counted -> "
                         f"CSED {_when(m.csed_after)}")
        else:
            lines.append(f"    x {m.start.isoformat()} .. {m.end.isoformat()}  not counted: {m.reason}")
    for e in a.extensions:
        what = f"CSED extended to {e.extends_to.isoformat()}" if e.applied else f"not applied: {e.reason}"
        lines.append(f"    {e.signed.isoformat()}  extension agreed to {e.agreed_date.isoformat()} -> {what}")
    if a.floor is not None:
        lines.append(f"    floor: {a.floor.title} {a.floor.date.isoformat()} (CSED before floor "
                     f"{a.csed_before_floor.isoformat()})")
    for u in a.unused:
        lines.append(f"    - event {u.event if u.event is not None else '-'} {u.kind}: {u.status}: {u.reason}")
    for note in a.notes:
        lines.append(f"    note: {note}")
    lines.append(f"    CSED {a.csed.isoformat()}  ({a.days_suspended} days suspended; {_remaining(a)})")
    return lines


def render_text(result: CsedResult, case_id: str) -> str:
    out = [f"CSED timeline: case {case_id}, as of {result.as_of.isoformat()} ({result.person})", ""]
    for lia in result.liabilities:
        head = f"Form {lia.form} {lia.period}: CSED {_when(lia.csed)}"
        if lia.entered_csed is not None:
            head += f" (entered in the case: {lia.entered_csed.isoformat()})"
        out.append(head)
        for a in lia.assessments:
            out.extend(_assessment_lines(a))
        for u in lia.unused:
            out.append(f"  - {u.kind}: {u.status}: {u.reason}")
        for note in lia.notes:
            out.append(f"  note: {note}")
        out.append("")
    out.append(f"Convention (rules/csed.json {result.rules.version}): {result.rules.convention}")
    out.append(f"Caveat: {result.rules.caveat}")
    return "\n".join(out) + "\n"
