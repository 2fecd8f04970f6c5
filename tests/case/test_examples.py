"""Every bundled example is a valid case and loads into the typed model with Decimal money."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from formkit import load_case
from formkit.case.model import OfferRequest
from tests.conftest import EXAMPLE_FILES


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_example_is_valid(path: Path) -> None:
    case = load_case(path)
    assert case.liabilities
    assert all(isinstance(li.assessed_balance, Decimal) for li in case.liabilities)


def test_example_count() -> None:
    assert len(EXAMPLE_FILES) >= 5


def test_lump_sum_example_values() -> None:
    case = load_case(Path(__file__).parents[2] / "examples" / "oic-lump-sum-single.json")
    assert case.taxpayer.full_name == "Maria L. Gonzalez"
    assert case.liabilities[0].total == Decimal("16562.22")  # 9870 + 1120.50 + 2467.50 + 3104.22
    offer = case.requests_of(OfferRequest)[0]
    assert offer.offer_amount == Decimal("13500")  # 2,700 initial + 10,800 in month 2
    assert case.household_size == 1


def test_case_is_immutable() -> None:
    case = load_case(Path(__file__).parents[2] / "examples" / "ia-streamlined.json")
    with pytest.raises(AttributeError):
        case.case_id = "x"  # type: ignore[misc]
