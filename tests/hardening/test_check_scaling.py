"""``check`` takes time linear in the number of penalty-abatement items (issue 17: 1,000 items
took 1.2 s and 10,000 took 221 s, because every Form 843 listed every item again and found its
own by equality).

The test compares the cost of one more item at 1,000 items with that at 10,000 (CPU time of
this process, so other jobs on the machine weigh less): linear work keeps it flat, the old
quadratic work made it three times as high.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

import pytest

from formkit.case import Case, validate_data
from formkit.checks import check_case
from tests.conftest import load_example
from tests.hardening.casegen import TODAY


def _case(items: int, *, one_request: bool) -> Case:
    data: dict[str, Any] = load_example("fta-penalty-abatement.json")
    request = data["requests"][0]
    first = request["items"][0]
    listed = [dict(first, amount=Decimal(n % 500 + 1)) for n in range(items)]
    if one_request:
        request["items"] = listed
    else:
        data["requests"] = [dict(request, items=[item]) for item in listed]
    case = validate_data(data, today=TODAY).case
    assert case is not None
    return case


def _seconds(case: Case, items: int) -> float:
    start = time.process_time()
    report = check_case(case, as_of=TODAY)
    spent = time.process_time() - start
    assert sum(1 for d in report.documents if d.form == "843") == items, "one Form 843 per item, each checked"
    return spent


@pytest.mark.slow
@pytest.mark.parametrize("one_request", [True, False], ids=["items of one request", "one item per request"])
def test_check_time_per_item_stays_flat_from_100_to_10000_items(one_request: bool) -> None:
    cases = {n: _case(n, one_request=one_request) for n in (100, 1_000, 10_000)}
    spent = {n: min(_seconds(case, n) for _ in range(2 if n < 10_000 else 1)) for n, case in cases.items()}
    per_item_at_1000 = (spent[1_000] - spent[100]) / 900
    per_item_at_10000 = (spent[10_000] - spent[1_000]) / 9_000
    assert per_item_at_10000 < 2 * per_item_at_1000, (
        f"one more item costs {per_item_at_1000 * 1000:.2f} ms at 1,000 items but "
        f"{per_item_at_10000 * 1000:.2f} ms at 10,000 (check: {spent})")
