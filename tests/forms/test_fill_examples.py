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
