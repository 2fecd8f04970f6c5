"""Values the IRS pre-printed in read-only fields stay visible once the XFA is gone.

Form 433-A (OIC) line 10 carries "[5,860]" and Form 656 Section 4 numbers its lump-sum
rows 1-5 only in field defaults (/DV) that the XFA layer displayed; without an appearance
of our own they would print blank on the filed form.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from formkit.pdf import FillError, compile_template, fill, read_fields
from tests.pdf.conftest import require_tool
from tests.pdf.helpers import pdftk_fields, pdftotext

LINE_10 = "topmostSubform[0].F433-A-OIC_Page5[0].Section5[0].TotalValue[0].Line10[0]"
ROW = "topmostSubform[0].F656_Page3[0].AmountOfPayments[0].Row{n}[0].Payable_Within_{n}[0]"


def test_preprinted_defaults_are_found(official: Callable[[str], bytes]) -> None:
    oic = compile_template(official("f433aoi.pdf"))
    assert {n: s.preprinted for n, s in oic.fields.items() if s.preprinted} == {LINE_10: "[5,860]"}
    f656 = compile_template(official("f656.pdf"))
    assert {n: s.preprinted for n, s in f656.fields.items() if s.preprinted} == {
        ROW.format(n=n): str(n) for n in range(1, 6)}
    # a fillable field with a default (656 'Business_Name' defaults to '$205') is not pre-printed
    assert all(s.readonly for s in f656.fields.values() if s.preprinted)


def test_preprinted_values_show_after_any_fill(official: Callable[[str], bytes], tmp_path: Path) -> None:
    require_tool("pdftk")
    out = fill(official("f433aoi.pdf"), {})
    assert read_fields(out)[LINE_10] == "[5,860]"
    path = tmp_path / "oic.pdf"
    path.write_bytes(out)
    assert pdftk_fields(path)[LINE_10]["value"] == "[5,860]"
    assert "[5,860]" in pdftotext(path, page=5)


def test_a_preprinted_field_still_refuses_a_value(official: Callable[[str], bytes]) -> None:
    with pytest.raises(FillError) as info:
        fill(official("f433aoi.pdf"), {LINE_10: "9,999"})
    assert info.value.problems[0].message == "field is read-only"
