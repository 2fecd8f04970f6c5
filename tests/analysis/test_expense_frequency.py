"""Every expense takes a frequency, converted with the factors of Form 433-A (Rev. 7-2022)
Section 5 note 1 (weekly x 4.3, bi-weekly x 2.17, semi-monthly x 2) and the Form 433-F
instructions (quarterly / 3); annual / 12. The monthly amount keeps its cents (half up); the
form line rounds to whole dollars (docs/reference/rounding.md).

ia-streamlined (as of 2026-11-16): Box D 5,956; Box E 5,035 with health insurance 191.05 a month.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from formkit.forms.mappers._shared import monthly
from tests.analysis.conftest import amount
from tests.analysis.test_rules import single


@pytest.mark.parametrize(("frequency", "paid", "per_month", "line_44"), [
    ("weekly", "44.43", "191.05", 191),       # 44.43 x 4.3 = 191.049 -> 191.05
    ("biweekly", "88", "190.96", 191),        # 88 x 2.17 = 190.96
    ("semimonthly", "95.50", "191.00", 191),  # 95.50 x 2 = 191.00
    ("quarterly", "574", "191.33", 191),      # 574 / 3 = 191.333... -> 191.33
    ("annual", "2293", "191.08", 191),        # 2,293 / 12 = 191.0833... -> 191.08
])
def test_expense_frequency_is_converted_to_a_month(frequency: str, paid: str, per_month: str, line_44: int) -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["expenses"]["health_insurance"] = Decimal(paid)
        data["expenses"]["frequencies"] = {"health_insurance": frequency}
    a = single(mutate)
    assert amount(a, "expenses.actual.health_insurance") == Decimal(per_month)
    assert amount(a, "oic.line_44") == line_44
    line = a.line("expenses.actual.health_insurance")
    assert line is not None and frequency in line.formula and paid in line.formula  # the worksheet shows it


def test_other_expense_frequency_and_the_box_e_it_changes() -> None:
    def mutate(data: dict[str, Any]) -> None:
        data["expenses"]["other"] = [{"description": "Federal student loan", "amount": Decimal("1200"),
                                      "category": "student_loan", "frequency": "annual"}]
    a = single(mutate)
    # 1,200 / 12 = 100.00 a month on line 50; Box E 5,035 + 100 = 5,135; RMI 5,956 - 5,135 = 821
    assert amount(a, "expenses.actual.other_allowed") == 100
    assert amount(a, "oic.line_50") == 100
    assert amount(a, "oic.box_e") == 5135
    assert amount(a, "rmi") == 821
    inputs = a.line("expenses.actual.other_allowed").inputs  # type: ignore[union-attr]
    assert inputs[0].name == "Federal student loan: 1200 annual / 12"


def test_forms_get_the_monthly_amount() -> None:
    from tests.analysis.conftest import build, example_data

    data = example_data("ia-streamlined")
    data["expenses"]["term_life_insurance"] = Decimal("270")
    data["expenses"]["frequencies"] = {"term_life_insurance": "quarterly"}
    case = build(data)
    expenses = case.expenses.monthly_equivalent(lambda amount, f: monthly(amount, f, case.prepared_on))
    assert expenses.term_life_insurance == Decimal("90.00") and expenses.frequencies == {}
    assert expenses.health_insurance == Decimal("191.05")  # monthly amounts untouched
