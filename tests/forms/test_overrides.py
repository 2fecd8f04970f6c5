"""form_overrides: the preparer sets any mapped line the case format does not carry."""

from __future__ import annotations

import copy
import dataclasses
from datetime import date
from pathlib import Path

import pytest

from formkit import FormFillError, fill, load_case
from formkit.case import validate_data
from formkit.forms.fill import mapper_values
from formkit.forms.registry import supported
from formkit.pdf import read_fields
from tests.conftest import EXAMPLES, load_example

OVERRIDES = {
    "433-A (OIC)": {"marriage_date": "2009-06-20", "taxpayer.fax": "(480) 555-0199"},
    "433-A": {"line_6.yes": True, "line_6.no": False, "line_6.docket_number": "CV2025-004411"},
}


def _with(overrides: dict[str, dict[str, object]]) -> dict[str, object]:
    data = copy.deepcopy(load_example("oic-periodic-joint-self-employed.json"))
    data["form_overrides"] = overrides
    return data


def test_overrides_reach_the_mapper_values() -> None:
    result = validate_data(_with(OVERRIDES), today=date(2026, 11, 25))
    assert result.valid, result.problems
    case = result.case
    assert case is not None
    oic = mapper_values(supported("433-A (OIC)"), case, None)
    assert oic["marriage_date"] == "2009-06-20" and oic["taxpayer.fax"] == "(480) 555-0199"
    f433a = mapper_values(supported("433-A"), case, None)
    assert f433a["line_6.yes"] is True and f433a["line_6.no"] is False
    assert f433a["line_6.docket_number"] == "CV2025-004411"
    # a form without overrides is untouched
    assert "marriage_date" not in mapper_values(supported("656"), case, None)


def test_overrides_are_filled(forms_dir: Path) -> None:
    case = validate_data(_with(OVERRIDES), today=date(2026, 11, 25)).case
    assert case is not None
    rev = supported("433-A (OIC)")
    pdf = fill(rev, case, forms_dir=forms_dir)
    values = read_fields(pdf)
    # formats from the field map: 'date' is MM/DD/YYYY, 'phone' is (NNN) NNN-NNNN
    assert values[rev.fields["marriage_date"].pdf] == "06/20/2009"
    assert values[rev.fields["taxpayer.fax"].pdf] == "(480) 555-0199"


def test_unknown_override_key_is_a_validation_error() -> None:
    result = validate_data(_with({"656": {"offer.amount_in_words": "ten"}}), today=date(2026, 11, 25))
    assert [(p.path, p.message) for p in result.errors] == [
        ("/form_overrides/656/offer.amount_in_words",
         "'offer.amount_in_words' is not a field of Form 656 (Rev. 4-2025) (semantic keys are listed in "
         "forms/f656/4-2025.json)")]


def test_unknown_form_is_a_validation_error() -> None:
    result = validate_data(_with({"1040": {"line_1": 5}}), today=date(2026, 11, 25))
    assert ("/form_overrides", "'1040' is not a form formkit fills (433-A, 433-A (OIC), 433-F, 656, 843, 2848, 9465)") in [
        (p.path, p.message) for p in result.errors]


def test_fill_refuses_an_unknown_key_even_without_validation() -> None:
    case = load_case(EXAMPLES / "ia-streamlined.json")
    case = dataclasses.replace(case, form_overrides={"9465": {"line_99": "x"}})
    with pytest.raises(FormFillError) as info:
        mapper_values(supported("9465"), case, None)
    assert info.value.problems[0].key == "line_99"
