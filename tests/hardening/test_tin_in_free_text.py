"""A TIN typed into free text is masked in letters and reports; numbers that are not TINs are left alone.

Regression (issue 17): an SSN typed into source_of_funds printed in full in the cover letter,
and masking turned a file size into "***-**-5542 bytes".
"""

from __future__ import annotations

import io

import pdfplumber

from formkit.packet import build_packet
from tests.conftest import EXAMPLES, load_example, official_forms_dir


def test_an_ssn_in_source_of_funds_is_masked_in_the_cover_letter() -> None:
    data = load_example("oic-lump-sum-single.json")
    data["requests"][0]["source_of_funds"] = ("Loan from my brother (SSN 219-09-9999, or 219 09 9999 as the bank "
                                              "wrote it) of 12500.00, repaid over 123456789.00 days")
    result = build_packet(data, None, forms_dir=official_forms_dir(), base_dir=EXAMPLES, force=True)
    letter = next(d for d in result.manifest["documents"] if d["kind"] == "letter")
    with pdfplumber.open(io.BytesIO(result.contents[letter["file"]])) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Loan from my brother (SSN ***-**-9999, or ***-**-9999 as the bank" in " ".join(text.split())
    assert "219-09-9999" not in text and "219 09 9999" not in text and "219099999" not in text
    assert "123456789.00 days" in " ".join(text.split())  # an amount is not a TIN
