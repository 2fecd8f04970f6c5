"""Revision prefixes: the official file is found inside a filled one by its sha256."""

from __future__ import annotations

import hashlib

import pytest

from formkit.pdf import fill, find_prefix, prefix_hashes
from tests.pdf.conftest import PINNED, official_pdf


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_boundaries_with_and_without_end_of_line() -> None:
    data = b"%PDF-1.7\nA\n%%EOF\nB\n%%EOF\r\nC\n%%EOF"
    ends = [p.end for p in prefix_hashes(data)]
    first = data.index(b"%%EOF") + 5
    assert ends == [first, first + 1, data.index(b"%%EOF", first) + 5,
                    data.index(b"%%EOF", first) + 7, len(data)]
    for p in prefix_hashes(data):
        assert p.sha256 == _sha(data[: p.end])
    assert find_prefix(data, _sha(data[:first + 1])) == first + 1
    assert find_prefix(data, _sha(b"something else")) is None
    assert prefix_hashes(b"no marker") == []


@pytest.mark.official_pdf
@pytest.mark.parametrize("form", ["f433a.pdf", "f2848.pdf", "f843.pdf", "f843--2011-08.pdf"])
def test_official_file_is_a_prefix_of_the_filled_one(form: str) -> None:
    original = official_pdf(form)
    filled = fill(original, {})
    assert find_prefix(filled, PINNED[form]) == len(original)
    assert prefix_hashes(filled)[-1].sha256 == _sha(filled)
    tampered = filled[:100] + b"X" + filled[101:]
    assert find_prefix(tampered, PINNED[form]) is None
