"""Name comparison as the IRS reads names: the cases preparers meet, worked by hand."""

from __future__ import annotations

import pytest

from formkit.checks.names import Name, compact, same_name, words


@pytest.mark.parametrize(("text", "expected"), [
    ("O'Brien-Whitfield", ["OBRIEN", "WHITFIELD"]),
    ("De la Cruz", ["DE", "LA", "CRUZ"]),
    ("Núñez", ["NUNEZ"]),
    ("Whitfield Jr.", ["WHITFIELD", "JR"]),
    ("D\u2019Angelo", ["DANGELO"]),
])
def test_words(text: str, expected: list[str]) -> None:
    assert words(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Whitfield Jr.", "WHITFIELD"), ("Okafor III", "OKAFOR"), ("van der Berg-Smit, Sr.", "VANDERBERGSMIT"),
    ("Jr", "JR"),   # a last name that is only a suffix word is kept
])
def test_compact_drops_the_suffix(text: str, expected: str) -> None:
    assert compact(text) == expected


@pytest.mark.parametrize(("a", "b"), [
    (Name(last="O'Brien-Whitfield"), Name(last="OBRIEN WHITFIELD")),
    (Name(last="De la Cruz"), Name(whole="Maria L. De La Cruz")),
    (Name(last="Whitfield"), Name(whole="Daniel R. Whitfield Jr.")),
    (Name(last="Whitfield Jr."), Name(last="Whitfield")),
    (Name(whole="Maria L. Gonzalez"), Name(whole="MARIA GONZALEZ")),
    (Name(whole="James O. Okafor III"), Name(whole="James Okafor")),
    (Name(last="Marsh"), Name(whole="Dorothy E. Marsh & Harold Marsh")),
    (Name(last=""), Name(whole="Anyone")),
    (Name(last="de Souza e Silva"), Name(whole="Isabel J. de Souza e Silva")),
    (Name(whole="Isabel J. de Souza e Silva"), Name(whole="Isabel de Souza e Silva")),
])
def test_same_person(a: Name, b: Name) -> None:
    assert same_name(a, b) and same_name(b, a)


@pytest.mark.parametrize(("a", "b"), [
    (Name(last="De la Cruz"), Name(whole="Maria L. Cruz")),
    (Name(last="Gonzalez"), Name(last="Gonzales")),
    (Name(whole="Maria Gonzalez"), Name(whole="Maria Hernandez")),
    (Name(last="Whitfield"), Name(whole="Daniel R. Jr.")),
])
def test_different_people(a: Name, b: Name) -> None:
    assert not same_name(a, b) and not same_name(b, a)
