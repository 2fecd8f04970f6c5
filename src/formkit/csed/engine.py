"""Collection statute expiration per assessment: base date, suspensions, merge, walk, floors.

Every assessment has its own ten-year statute and its own suspensions (IRC 6502(a),
IRM 5.1.19.1). The steps, in the order rules/csed.json states them as the counting
convention:

1. base CSED = assessment date + 10 years (29 February becomes 28 February);
2. each suspending event becomes an interval [start, until), its statutory tail included;
3. intervals are clipped to the assessment date and merged where they overlap or touch;
4. in date order, extensions by agreement replace the running CSED and each merged
   interval that starts on or before the running CSED adds ``until - start`` days;
5. floors (CDP, outside the United States) are applied last.

Nothing here reads files: the case and the rules come in, a typed result goes out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from formkit.case.model import Assessment, Case, CollectionEvent, Liability
from formkit.csed.rules import CsedRules, KindRule, load_rules

Person = Literal["taxpayer", "spouse"]
UnusedStatus = Literal["ignored", "no_effect", "unusable"]


@dataclass(frozen=True, slots=True)
class Unused:
    """An event the computation did not count, and why. ``unusable`` means data is missing."""

    event: int | None
    kind: str
    start: date | None
    status: UnusedStatus
    reason: str


@dataclass(frozen=True, slots=True)
class Suspension:
    """One event as a suspension interval of an assessment, its tail included."""

    event: int
    kind: str
    title: str
    start: date
    end: date | None
    """The event's own end date (None while pending)."""
    until: date
    """End of the suspension: ``end`` plus the tail (or the as-of date while still pending)."""
    tail: str | None
    open: bool
    source: str
    citation: str
    confidence: str
    floor: date | None = None
    floor_title: str | None = None
    clipped_start: date | None = None
    """The start used for counting when the event began before the assessment."""

    @property
    def counted_start(self) -> date:
        return self.clipped_start or self.start


@dataclass(frozen=True, slots=True)
class Interval:
    """A merged suspension interval and what counting it did to the CSED."""

    start: date
    end: date
    days: int
    members: tuple[int, ...]
    """Event indexes merged into this interval."""
    counted: bool
    csed_after: date | None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class Extension:
    event: int
    signed: date
    agreed_date: date
    extends_to: date
    applied: bool
    citation: str
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class AppliedFloor:
    kind: str
    date: date
    title: str
    citation: str


@dataclass(frozen=True, slots=True)
class AssessmentStatute:
    key: str
    code: str
    assessed: date
    amount: str | None
    source: str
    base_csed: date
    base_citation: str
    leap_day: bool
    suspensions: tuple[Suspension, ...]
    merged: tuple[Interval, ...]
    days_suspended: int
    extensions: tuple[Extension, ...]
    csed_before_floor: date
    floor: AppliedFloor | None
    csed: date
    days_remaining: int
    expired: bool
    open: bool
    """A counted suspension is still pending: the CSED keeps moving one day per day."""
    unused: tuple[Unused, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class LiabilityStatute:
    index: int
    form: str
    period: str
    assessments: tuple[AssessmentStatute, ...]
    entered_csed: date | None
    csed: date | None
    """The latest computed CSED of the period's assessments (None when none can be computed)."""
    unused: tuple[Unused, ...]
    notes: tuple[str, ...]

    @property
    def open(self) -> bool:
        return any(a.open for a in self.assessments)


@dataclass(frozen=True, slots=True)
class CsedResult:
    as_of: date
    person: Person
    rules: CsedRules
    liabilities: tuple[LiabilityStatute, ...]

    @property
    def unusable(self) -> tuple[Unused, ...]:
        out: list[Unused] = []
        for lia in self.liabilities:
            out.extend(u for u in lia.unused if u.status == "unusable")
            for a in lia.assessments:
                out.extend(u for u in a.unused if u.status == "unusable")
        return tuple(out)


def _days(a: date, b: date) -> int:
    return (b - a).days


def _source(event: CollectionEvent) -> str:
    if event.source == "transcript":
        codes = "/".join(event.codes)
        return f"transcript TC {codes}" if codes else "transcript"
    return "entered in the case"


def assessments_of(liability: Liability) -> tuple[tuple[Assessment, ...], tuple[str, ...]]:
    """The assessments to compute, and a note when only ``assessment_date`` is known."""
    if liability.assessments:
        return liability.assessments, ()
    if liability.assessment_date is not None:
        return ((Assessment("150", liability.assessment_date, source="preparer"),),
                ("the case gives only assessment_date: taken as the return's assessment (TC 150); "
                 "import the account transcript for every assessment of the period",))
    return (), ()


def _suspension(index: int, event: CollectionEvent, rule: KindRule, as_of: date,
                notes: list[str]) -> Suspension | Unused:
    """Turn one suspending event into an interval, or say why it cannot be one."""
    end = event.end
    if event.kind == "installment_termination":
        end = event.start
    elif event.kind == "cdp_hearing" and event.court_decision_final_on is not None:
        end = event.court_decision_final_on
    if event.start > as_of:
        return Unused(index, event.kind, event.start, "ignored",
                      f"starts after the as-of date {as_of.isoformat()}")
    tail_text: str | None = None
    open_ = False
    floor_date: date | None = None
    if event.kind == "innocent_spouse":
        bar_end = event.court_decision_final_on or event.waiver_filed_on
        if bar_end is None and end is not None and rule.levy_bar_after_end is not None:
            bar_end = rule.levy_bar_after_end.after(end)
            tail_text = f"levy barred to {rule.levy_bar_after_end.text} after the determination"
        end_for_tail = bar_end
    else:
        end_for_tail = end
    if end_for_tail is None:
        until, open_ = as_of, True
    elif rule.tail_applies(event.outcome) and rule.tail is not None:
        until = rule.tail.after(end_for_tail)
        tail_text = ((tail_text + ", then ") if tail_text else "") + f"+{rule.tail.text}"
    else:
        until = end_for_tail
    if rule.appeal and event.appeal_filed_on is not None and end is not None:
        if event.appeal_filed_on <= until:
            if event.appeal_decided_on is not None:
                if event.appeal_decided_on > until:
                    until = event.appeal_decided_on
                    tail_text = f"{tail_text or ''} then the appeal (filed {event.appeal_filed_on.isoformat()}) " \
                                f"to its decision".strip()
            else:
                until, open_ = max(until, as_of), True
                tail_text = f"{tail_text or ''} then the appeal pending".strip()
        else:
            notes.append(f"event {index} ({event.kind}): the appeal filed {event.appeal_filed_on.isoformat()} "
                         f"came after the 30-day window (to {until.isoformat()}) and does not extend it")
    if rule.minimum_continuous is not None:
        needed = rule.minimum_continuous.after(event.start)
        reached = end if end is not None else as_of
        if reached < needed:
            why = "was" if end is not None else "is so far"
            return Unused(index, event.kind, event.start, "ignored",
                          f"absence {why} shorter than {rule.minimum_continuous.text} continuous "
                          f"(to {reached.isoformat()}; needs {needed.isoformat()}): {rule.citation}")
    if rule.floor is not None and end is not None:
        floor_date = rule.floor.span.after(end)
    if until < event.start:
        return Unused(index, event.kind, event.start, "unusable",
                      f"ends ({until.isoformat()}) before it starts ({event.start.isoformat()})")
    return Suspension(index, event.kind, rule.title, event.start, end, until, tail_text, open_,
                      _source(event), rule.citation, rule.confidence, floor_date,
                      rule.floor.title if rule.floor else None)


@dataclass(frozen=True, slots=True)
class _Group:
    start: date
    until: date
    members: tuple[Suspension, ...]


@dataclass(frozen=True, slots=True)
class _Agreement:
    index: int
    event: CollectionEvent
    rule: KindRule


def _merge(suspensions: Sequence[Suspension]) -> list[_Group]:
    """Join overlapping or touching intervals: concurrent suspensions count once."""
    groups: list[_Group] = []
    for s in sorted(suspensions, key=lambda s: (s.counted_start, s.until, s.event)):
        if groups and s.counted_start <= groups[-1].until:
            last = groups[-1]
            groups[-1] = _Group(last.start, max(last.until, s.until), (*last.members, s))
        else:
            groups.append(_Group(s.counted_start, s.until, (s,)))
    return groups


def _applies(event: CollectionEvent, key: str, person: Person) -> str | None:
    """None when the event applies to this assessment and person; otherwise why not."""
    if event.assessments and key not in event.assessments:
        return f"applies only to {', '.join(event.assessments)}"
    if event.person is not None and event.person != person:
        return f"applies only to the {event.person}'s statute"
    return None


def compute_assessment(assessment: Assessment, events: Sequence[CollectionEvent], as_of: date,
                       rules: CsedRules, person: Person = "taxpayer") -> AssessmentStatute | Unused:
    key = assessment.key
    base_rule = rules.base(assessment.date)
    if base_rule is None:
        first = rules.base_versions[0].effective.isoformat()
        return Unused(None, "assessment", assessment.date, "unusable",
                      f"assessment {key} is before {first}: the 6-year statute of the time is not modelled")
    base = base_rule.base_csed(assessment.date)
    leap = assessment.date.month == 2 and assessment.date.day == 29
    notes: list[str] = []
    if leap:
        notes.append(f"assessed on 29 February: ten years later is taken as {base.isoformat()} "
                     "(convention, UNCONFIRMED: no IRS text found)")
    unused: list[Unused] = []
    suspensions: list[Suspension] = []
    extensions: list[tuple[int, CollectionEvent, KindRule]] = []
    for index, event in enumerate(events):
        why_not = _applies(event, key, person)
        if why_not is not None:
            unused.append(Unused(index, event.kind, event.start, "ignored", why_not))
            continue
        rule = rules.kind(event.kind, event.start)
        if rule is None:
            first_day = rules.first_effective(event.kind)
            since = f" (the rule applies from {first_day.isoformat()})" if first_day else ""
            unused.append(Unused(index, event.kind, event.start, "unusable",
                                 f"no {event.kind} rule in force on {event.start.isoformat()}{since}"))
            continue
        if rule.effect == "none":
            unused.append(Unused(index, event.kind, event.start, "no_effect",
                                 f"{rule.title} does not suspend the statute: {rule.citation}"))
            continue
        if rule.effect == "extend":
            extensions.append((index, event, rule))
            continue
        made = _suspension(index, event, rule, as_of, notes)
        if isinstance(made, Unused):
            unused.append(made)
            continue
        if made.until <= assessment.date:
            unused.append(Unused(index, event.kind, event.start, "ignored",
                                 f"ends ({made.until.isoformat()}) on or before the assessment "
                                 f"({assessment.date.isoformat()})"))
            continue
        if made.start < assessment.date:
            made = replace(made, clipped_start=assessment.date)
        suspensions.append(made)

    # the walk: extensions and merged intervals in date order (an extension first on a tie)
    steps: list[tuple[date, int, _Agreement | _Group]] = [(e.start, 0, _Agreement(i, e, r))
                                                          for i, e, r in extensions]
    steps += [(g.start, 1, g) for g in _merge(suspensions)]
    running = base
    merged: list[Interval] = []
    applied_ext: list[Extension] = []
    counted: list[Suspension] = []
    days_total = 0
    for _, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if isinstance(step, _Agreement):
            agreed = step.event.agreed_date
            assert agreed is not None  # the schema requires it for this kind
            extends_to = agreed + timedelta(days=step.rule.extension_days or 0)
            if step.event.start > running:
                applied_ext.append(Extension(step.index, step.event.start, agreed, extends_to, False,
                                             step.rule.citation, f"signed after the CSED then running "
                                             f"({running.isoformat()}): void"))
            else:
                running = max(running, extends_to)
                applied_ext.append(Extension(step.index, step.event.start, agreed, extends_to, True,
                                             step.rule.citation))
            continue
        member_ids = tuple(m.event for m in step.members)
        days = _days(step.start, step.until)
        if step.start > running:
            merged.append(Interval(step.start, step.until, days, member_ids, False, None,
                                   f"starts after the CSED then running ({running.isoformat()}): an "
                                   "expired statute is not revived"))
            unused.extend(Unused(m.event, m.kind, m.start, "ignored",
                                 f"starts after the CSED then running ({running.isoformat()})")
                          for m in step.members)
            continue
        running = running + timedelta(days=days)
        days_total += days
        counted.extend(step.members)
        merged.append(Interval(step.start, step.until, days, member_ids, True, running))
    before_floor = running
    floor: AppliedFloor | None = None
    for s in counted:
        if s.floor is not None and s.floor > running:
            running = s.floor
            floor = AppliedFloor(s.kind, s.floor, s.floor_title or "", s.citation)
    return AssessmentStatute(
        key=key, code=assessment.code, assessed=assessment.date,
        amount=str(assessment.amount) if assessment.amount is not None else None, source=assessment.source,
        base_csed=base, base_citation=base_rule.citation, leap_day=leap,
        suspensions=tuple(sorted(suspensions, key=lambda s: (s.start, s.event))), merged=tuple(merged),
        days_suspended=days_total, extensions=tuple(applied_ext), csed_before_floor=before_floor,
        floor=floor, csed=running, days_remaining=_days(as_of, running), expired=running < as_of,
        open=any(s.open for s in counted), unused=tuple(sorted(unused, key=_unused_order)), notes=tuple(notes))


def _unused_order(u: Unused) -> tuple[int, str]:
    return (u.event if u.event is not None else -1, u.reason)


def compute_liability(index: int, liability: Liability, as_of: date, rules: CsedRules,
                      person: Person = "taxpayer") -> LiabilityStatute:
    assessments, notes = assessments_of(liability)
    results: list[AssessmentStatute] = []
    unused: list[Unused] = []
    for assessment in assessments:
        made = compute_assessment(assessment, liability.events, as_of, rules, person)
        if isinstance(made, Unused):
            unused.append(made)
        else:
            results.append(made)
    all_notes = list(notes)
    if not assessments:
        unused.append(Unused(None, "assessment", None, "unusable",
                             f"Form {liability.form} {liability.period} has no assessment date: enter "
                             "assessments (or assessment_date) or import the account transcript"))
    csed = max((a.csed for a in results), default=None)
    if liability.csed is not None and csed is not None and liability.csed != csed:
        all_notes.append(f"the case's csed {liability.csed.isoformat()} differs from the computed "
                         f"{csed.isoformat()}: the entered date is used (confirm it with the IRS)")
    return LiabilityStatute(index, liability.form, liability.period, tuple(results), liability.csed, csed,
                            tuple(unused), tuple(all_notes))


def compute_case(case: Case, as_of: date | None = None, person: Person = "taxpayer",
                 rules: CsedRules | None = None) -> CsedResult:
    """Every liability's CSEDs as of ``as_of`` (default: the case's prepared_on)."""
    day = as_of or case.prepared_on
    used = rules or load_rules()
    return CsedResult(day, person, used,
                      tuple(compute_liability(i, lia, day, used, person) for i, lia in enumerate(case.liabilities)))


def effective_csed(liability: Liability, as_of: date, rules: CsedRules | None = None) -> tuple[date | None, str]:
    """The CSED the rest of formkit uses for a period, and where it came from.

    A date the preparer entered (usually confirmed with the IRS) wins; otherwise the
    latest computed CSED of the period's assessments; otherwise none.
    """
    if liability.csed is not None:
        return liability.csed, "entered"
    statute = compute_liability(0, liability, as_of, rules or load_rules())
    if statute.csed is None:
        return None, "unknown"
    return statute.csed, "computed"


def latest(dates: Iterable[date | None]) -> date | None:
    known = [d for d in dates if d is not None]
    return max(known) if known else None
