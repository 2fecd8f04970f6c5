"""End to end: every example fills the forms its engagement needs, and an independent
reader (pdftk) finds every value where the field map says it goes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from formkit import load_case
from formkit.forms.fill import LazyAnalysis, fill_form, mapper_values, render_values
from formkit.forms.locate import find
from formkit.forms.registry import supported
from formkit.pdf import prefix_hashes
from tests.conftest import EXAMPLES

# (example, form, mapper options): the forms each engagement files
FILLS: list[tuple[str, str, dict[str, Any]]] = [
    ("oic-lump-sum-single.json", "656", {}),
    ("oic-lump-sum-single.json", "433-A (OIC)", {}),
    ("oic-lump-sum-single.json", "2848", {}),
    ("oic-periodic-joint-self-employed.json", "656", {}),
    ("oic-periodic-joint-self-employed.json", "433-A (OIC)", {}),
    ("oic-periodic-joint-self-employed.json", "2848", {"signer": "taxpayer"}),
    ("oic-periodic-joint-self-employed.json", "2848", {"signer": "spouse"}),
    ("ia-streamlined.json", "9465", {}),
    ("ia-streamlined.json", "433-F", {}),
    ("cnc-hardship.json", "433-F", {}),
    ("cnc-hardship.json", "433-A", {}),
    ("cnc-hardship.json", "2848", {}),
    ("fta-penalty-abatement.json", "843", {"item_index": 0}),
    ("fta-penalty-abatement.json", "843", {"item_index": 1}),
    ("fta-penalty-abatement.json", "2848", {}),
]


def pdftk_fields(pdf: Path) -> dict[str, str]:
    """Field name -> value as pdftk (iText, strict about incremental updates) reads them."""
    out = subprocess.run(["pdftk", str(pdf), "dump_data_fields_utf8"], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    values: dict[str, str] = {}
    for block in out.split("\n---\n"):
        name = re.search(r"^FieldName: (.*)$", block, re.M)
        # a multi-line value runs until the next "Field...:" key line; pdftk prints an empty
        # FieldValue line first for fields whose parent carries one (it does so for its own fills too)
        found = re.findall(r"^FieldValue: (.*?)(?=\n(?:Field[A-Za-z]*:|---)|\Z)", block, re.M | re.S)
        if name and found:
            values[name.group(1)] = found[-1]
    return values


@pytest.mark.parametrize(("example", "form", "options"), FILLS,
                         ids=[f"{e.removesuffix('.json')}-{f}-{'-'.join(map(str, o.values())) or 'main'}"
                              for e, f, o in FILLS])
def test_example_fills_and_reads_back(example: str, form: str, options: dict[str, Any], forms_dir: Path,
                                      tmp_path: Path) -> None:
    if shutil.which("pdftk") is None:
        pytest.fail("pdftk is required for this test (apt-get install pdftk-java)")
    case = load_case(EXAMPLES / example)
    revision = supported(form)
    expected = render_values(revision, mapper_values(revision, case, LazyAnalysis(case), **options))
    assert len(expected) >= 10, "an example should fill a substantial part of the form"

    pdf = fill_form(revision, case, forms_dir=forms_dir, **options)
    again = fill_form(revision, case, forms_dir=forms_dir, **options)
    assert pdf == again, "same input must give the same bytes"

    official = find(revision, forms_dir)
    assert pdf.startswith(official.read_bytes()), "the official IRS bytes must be a verbatim prefix"
    assert revision.sha256 in {p.sha256 for p in prefix_hashes(pdf)}

    out = tmp_path / "filled.pdf"
    out.write_bytes(pdf)
    read = pdftk_fields(out)
    for pdf_name, value in expected.items():
        spec = revision.by_pdf_name[pdf_name]
        if spec.kind == "checkbox":
            assert read.get(pdf_name) == spec.on, f"{spec.key} (line {spec.line}) checkbox not on"
        else:
            assert read.get(pdf_name) == value, f"{spec.key} (line {spec.line})"


# Amounts worked out by hand from the example cases and the forms' instructions, read back from the
# filled PDF by pdftk: the fill is checked against numbers formkit did not produce.
HAND_CHECKED: list[tuple[str, str, dict[str, Any], dict[str, str]]] = [
    # Form 656 Section 4: the offer, 20% of it with the offer (IRC 7122(c)(1)(A)), the rest
    ("oic-lump-sum-single.json", "656", {},
     {"section_4.lump_sum.offer_amount": "13,500", "section_4.lump_sum.initial_payment": "2,700.00",
      "section_4.lump_sum.remaining_balance": "10,800.00"}),
    # Form 433-A (OIC) (Rev. 4-2025): Box A = bank 120 + 1,835.22 + 410 - 1,000 = 1,365 + 401(k)
    # 7,300 x .8 = 5,840 + car 9,800 x .8 - 3,450 = 4,390 (furniture 3,500 under the 11,710
    # exclusion) = 11,595; Box D = 1,780 biweekly x 2.17 = 3,862.60 -> 3,863; Box F = 3,863 - Box E
    # 3,709 = 154; Box G = 154 x 12 = 1,848; minimum offer 11,595 + 1,848 = 13,443
    ("oic-lump-sum-single.json", "433-A (OIC)", {},
     {"box_a": "11,595", "box_d": "3,863", "box_f": "154", "box_g": "1,848", "section_8.offer_amount": "13,443"}),
    # Form 9465: line 9 = 9,450 + 850.50 + 1,123.80 + 8,620 + 344.80 + 611.15 = 21,000.25; line 10 =
    # 21,000.25 / 72 = 291.6701... -> 291.68 (rounded up); line 11a the requested 320
    ("ia-streamlined.json", "9465", {}, {"line_9": "21,000.25", "line_10": "291.68", "line_11a": "320.00"}),
    # Form 843 line 2: the 2024 failure-to-file penalty as assessed
    ("fta-penalty-abatement.json", "843", {"item_index": 0}, {"line_2": "1,485.00"}),
]


@pytest.mark.parametrize(("example", "form", "options", "expected"), HAND_CHECKED,
                         ids=[f"{e.removesuffix('.json')}-{f}" for e, f, _, _ in HAND_CHECKED])
def test_hand_checked_amounts_reach_the_paper(example: str, form: str, options: dict[str, Any],
                                              expected: dict[str, str], forms_dir: Path, tmp_path: Path) -> None:
    revision = supported(form)
    out = tmp_path / "filled.pdf"
    out.write_bytes(fill_form(revision, load_case(EXAMPLES / example), forms_dir=forms_dir, **options))
    read = pdftk_fields(out)
    assert {key: read.get(revision.fields[key].pdf) for key in expected} == expected
