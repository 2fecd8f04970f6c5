"""Relocatable objects: references found and renumbered, never inside strings or comments."""

from __future__ import annotations

import pytest

from formkit.pdf.objects import Obj, split_refs, split_stream
from formkit.pdf.syntax import name


def shift(obj: Obj) -> bytes:
    return obj.render(lambda r: r[0] + 100)


def test_references_in_dicts_and_arrays_are_renumbered() -> None:
    obj = split_refs(b"<</Font<</F1 5 0 R/F12 13 0 R>>/Kids[7 0 R 8 1 R]/P 9 0 R>>")
    assert obj.refs == ((5, 0), (13, 0), (7, 0), (8, 1), (9, 0))
    assert shift(obj) == b"<</Font<</F1 105 0 R/F12 113 0 R>>/Kids[107 0 R 108 0 R]/P 109 0 R>>"


def test_strings_hex_strings_and_comments_are_left_alone() -> None:
    body = b"<</T(see 1 0 R \\) (nested 2 0 R) 3 0 R)/H<3120302052>/C 4 0 R%5 0 R\n/D 6 0 R>>"
    obj = split_refs(body)
    assert obj.refs == ((4, 0), (6, 0))
    assert shift(obj) == body.replace(b"4 0 R", b"104 0 R").replace(b"/D 6 0 R", b"/D 106 0 R")


def test_numbers_that_only_look_like_references() -> None:
    assert split_refs(b"<</A 1.5 0 R/B[0 0 612 792]/C -3 0 R>>").refs == ()
    assert split_refs(b"<</Rect[1 2 3 4]/N 10 0 R>>").refs == ((10, 0),)


def test_missing_target_becomes_null() -> None:
    assert split_refs(b"[1 0 R 2 0 R]").render(lambda r: 7 if r == (1, 0) else None) == b"[7 0 R null]"


def test_stream_gets_its_length() -> None:
    obj = split_stream(b"/Type/XObject/Resources<</Font<</Helv 5 0 R>>>>", b"BT ET")
    assert shift(obj) == (b"<</Type/XObject/Resources<</Font<</Helv 105 0 R>>>>/Length 5>>\nstream\n"
                          b"BT ET\nendstream")


def test_unterminated_string_is_an_error() -> None:
    with pytest.raises(ValueError, match="unterminated"):
        split_refs(b"<</T(open>>")


@pytest.mark.parametrize(("text", "expected"), [
    ("Off", b"/Off"), ("A B", b"/A#20B"), ("x#(y)", b"/x#23#28y#29"), ("é", b"/#C3#A9"), ("a/b%", b"/a#2Fb#25"),
])
def test_names_are_escaped_as_pdf_32000_7_3_5(text: str, expected: bytes) -> None:
    assert name(text) == expected
