"""A name the continuation sheet's font cannot print is a fill error naming the field.

Found by the 10,000-case fuzz run: a taxpayer name with a character outside WinAnsi (a C1
control such as U+0081, or a CJK character) reached the continuation sheet's header and raised
the font's bare "cannot be encoded" error, which said neither the field nor the fix.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from formkit.case import validate_data
from formkit.forms.fill import FormFillError, fill_form
from tests.conftest import load_example
from tests.hardening.casegen import TODAY


@pytest.mark.parametrize(("role", "part"), [("taxpayer", "first_name"), ("spouse", "last_name")])
def test_an_unprintable_name_on_a_continued_form_names_its_field(role: str, part: str, forms_dir: Path) -> None:
    data = load_example("oic-periodic-joint-self-employed.json")  # its 433-A (OIC) continues on a sheet
    data[role][part] = "\u4e2d" + data[role][part]
    case = validate_data(data, today=TODAY).case
    assert case is not None
    with pytest.raises(FormFillError) as raised:
        fill_form("433-A (OIC)", case, forms_dir=forms_dir, as_of=TODAY)
    assert f"/{role}/{part}" in str(raised.value)
    assert "U+4E2D" in str(raised.value)
