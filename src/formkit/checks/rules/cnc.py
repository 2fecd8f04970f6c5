"""Currently not collectible (hardship): IRM 5.16.1.2.9, Publication 594 p.3."""

from __future__ import annotations

from collections.abc import Iterator

from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import has_form, money, ptr
from formkit.checks.subject import Subject


@rule("CNC-001", needs=("case", "analysis"))
def ability_to_pay(s: Subject) -> Iterator[Hit]:
    for i, _req in s.cnc_requests():
        rmi = s.amount("rmi")
        equity = s.amount("oic.box_a")
        if rmi is not None and rmi > 0:
            yield hit(ptr("requests", i),
                      detail=f"Monthly income exceeds allowable expenses by {money(rmi)} "
                             "(remaining monthly income)")
        if equity is not None and equity > 0:
            yield hit(ptr("assets"),
                      detail=f"The assets hold {money(equity)} of net realizable equity "
                             "(Form 433-A (OIC) Box A)")


@rule("CNC-002", needs=("case",))
def statement(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    for i, _req in s.cnc_requests():
        if not (has_form(s, "433-F") or has_form(s, "433-A")):
            yield hit(ptr("signatures"),
                      detail=f"The CNC request ({ptr('requests', i)}) has no signed Form 433-F or "
                             "433-A in the case")
        elif not s.case.income and not s.case.expenses.housing_utilities:
            yield hit(ptr("income"),
                      detail="The case holds no income and no housing expense, so the collection "
                             "information statement would be empty")
