"""The CSED rules as typed, dated data (``rules/csed.json``), checked when they load.

The law changes (RRA 98 added the offer and installment suspensions, the CDP floor and
the innocent-spouse suspension), so each kind of event carries dated versions and the
version in force on the event's start date applies.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from formkit._data import data_dir
from formkit._schemas import first_error
from formkit.dates import add_months, add_years
from formkit.errors import FormkitError

Effect = Literal["suspend", "extend", "none"]


class CsedRulesError(FormkitError):
    """rules/csed.json is missing or malformed (a broken installation): names the file and key."""


@dataclass(frozen=True, slots=True)
class Span:
    """A length of time added to a date: calendar days or calendar months (clamped)."""

    days: int = 0
    months: int = 0

    def after(self, day: date) -> date:
        if self.months:
            return add_months(day, self.months)
        return date.fromordinal(day.toordinal() + self.days)

    @property
    def text(self) -> str:
        if self.months:
            return f"{self.months} month{'s' if self.months != 1 else ''}"
        return f"{self.days} day{'s' if self.days != 1 else ''}"


@dataclass(frozen=True, slots=True)
class Floor:
    span: Span
    title: str


@dataclass(frozen=True, slots=True)
class KindRule:
    """One dated version of the rule for a kind of event."""

    kind: str
    title: str
    effect: Effect
    effective: date
    citation: str
    confidence: str
    tail: Span | None = None
    tail_outcomes: tuple[str, ...] | None = None
    """Outcomes that earn the tail (None: every ending does)."""
    appeal: bool = False
    floor: Floor | None = None
    minimum_continuous: Span | None = None
    levy_bar_after_end: Span | None = None
    extension_days: int | None = None
    note: str | None = None

    def tail_applies(self, outcome: str | None) -> bool:
        return self.tail is not None and (self.tail_outcomes is None or outcome in self.tail_outcomes)


@dataclass(frozen=True, slots=True)
class BaseRule:
    effective: date
    years: int
    citation: str
    confidence: str
    leap_day: str | None = None

    def base_csed(self, assessed: date) -> date:
        return add_years(assessed, self.years)


@dataclass(frozen=True, slots=True)
class CsedRules:
    version: str
    reviewed: date
    convention: str
    caveat: str
    base_versions: tuple[BaseRule, ...]
    kinds: Mapping[str, tuple[KindRule, ...]]
    wait_out_months: int
    """A CSED this many months away or nearer makes 'let the statute run' worth weighing."""
    strategy_reference: str

    def base(self, assessed: date) -> BaseRule | None:
        """The base rule for an assessment made on ``assessed`` (None before the first version)."""
        in_force = [v for v in self.base_versions if v.effective <= assessed]
        return in_force[-1] if in_force else None

    def kind(self, kind: str, day: date) -> KindRule | None:
        """The rule for ``kind`` in force on ``day`` (None when none was yet in force)."""
        in_force = [v for v in self.kinds.get(kind, ()) if v.effective <= day]
        return in_force[-1] if in_force else None

    def first_effective(self, kind: str) -> date | None:
        versions = self.kinds.get(kind, ())
        return versions[0].effective if versions else None


def _span(node: Mapping[str, Any] | None) -> Span | None:
    if not node:
        return None
    return Span(days=int(node.get("days", 0)), months=int(node.get("months", 0)))


def _kind_rule(kind: str, doc: Mapping[str, Any], v: Mapping[str, Any]) -> KindRule:
    tail = v.get("tail")
    floor = v.get("floor")
    outcomes = tail.get("on_outcomes") if tail else None
    extension = v.get("extension")
    return KindRule(
        kind=kind, title=doc["title"], effect=doc["effect"], effective=date.fromisoformat(v["effective"]),
        citation=v["citation"], confidence=v["confidence"], tail=_span(tail),
        tail_outcomes=tuple(outcomes) if outcomes is not None else None,
        appeal=bool(v.get("appeal", False)),
        floor=Floor(_span(floor), floor["title"]) if floor else None,  # type: ignore[arg-type]
        minimum_continuous=_span(v.get("minimum_continuous")),
        levy_bar_after_end=_span(v.get("levy_bar_after_end")),
        extension_days=int(extension["days_after_agreed"]) if extension else None,
        note=v.get("note"))


def parse_rules(doc: Any, source: str = "rules/csed.json") -> CsedRules:
    """Validate a rules document against schemas/csed-rules.schema.json and type it."""
    problem = first_error(doc, "csed-rules")
    if problem is not None:
        raise CsedRulesError(f"{source}: {problem}")
    kinds: dict[str, tuple[KindRule, ...]] = {}
    for kind, entry in doc["kinds"].items():
        versions = sorted((_kind_rule(kind, entry, v) for v in entry["versions"]), key=lambda r: r.effective)
        kinds[kind] = tuple(versions)
    base = tuple(sorted((BaseRule(date.fromisoformat(v["effective"]), int(v["years"]), v["citation"],
                                  v["confidence"], v.get("leap_day")) for v in doc["base"]["versions"]),
                        key=lambda b: b.effective))
    return CsedRules(version=doc["version"], reviewed=date.fromisoformat(doc["reviewed"]),
                     convention=doc["convention"], caveat=doc["caveat"], base_versions=base, kinds=kinds,
                     wait_out_months=int(doc["strategy"]["wait_out_months"]),
                     strategy_reference=doc["strategy"]["reference"])


@cache
def load_rules() -> CsedRules:
    """The shipped rules (read and checked once per process)."""
    path = data_dir("rules") / "csed.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise CsedRulesError(f"{path}: cannot read the CSED rules ({exc})") from None
    return parse_rules(doc, str(path))
