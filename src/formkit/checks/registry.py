"""Rule conditions, registered by ID.

A condition is a small function ``Subject -> Iterator[Hit]``: each hit names where the
problem is and the values for the catalogue's message template. Severity, title, fix and
citation come from ``rules/catalogue.json``, never from the code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from formkit.checks.subject import Subject
from formkit.findings import Location

Need = Literal["case", "analysis"]
Input = Literal["case", "pdf"]


@dataclass(frozen=True, slots=True)
class Hit:
    where: Location
    values: dict[str, str] = field(default_factory=dict)
    document: str | None = None


def hit(where: str | Location, document: str | None = None, **values: object) -> Hit:
    """A hit at ``where``: a JSON Pointer into the case (``ptr(...)``) or a Location
    (``doc.where(key)`` for a form line, ``Location.file(...)``, ``Location.on_form(label)``)."""
    return Hit(Location.of(where), {k: str(v) for k, v in values.items()}, document)


Condition = Callable[[Subject], Iterator[Hit]]


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """``needs``: what must be present for the rule to run (else skipped, and said so in an
    info finding). "analysis" is needed only with a case: on PDFs alone the computed lines
    are read from the forms. ``inputs``: which inputs the rule can judge, for the listing."""

    id: str
    condition: Condition
    needs: frozenset[Need]
    inputs: tuple[Input, ...]


REGISTRY: dict[str, RuleSpec] = {}

#: Rules the engine itself emits (no condition): notes about what could not be checked.
ENGINE_RULES = ("CHK-001", "CHK-002", "CHK-003", "CHK-004")


def rule(rule_id: str, *, needs: tuple[Need, ...] = (), inputs: tuple[Input, ...] = ("case",)
         ) -> Callable[[Condition], Condition]:
    def register(fn: Condition) -> Condition:
        if rule_id in REGISTRY:
            raise RuntimeError(f"rule {rule_id} registered twice")
        REGISTRY[rule_id] = RuleSpec(rule_id, fn, frozenset(needs), inputs)
        return fn
    return register
