"""Comparing a person's name across forms the way the IRS reads it.

The IRS matches a name to a taxpayer identification number by the letters of the last
name, not by how the name is typed: case, accents, apostrophes, hyphens and spaces do not
make two names different ("O'Brien-Whitfield" is "OBrien Whitfield"; "De la Cruz" is
"DE LA CRUZ"), and a generational suffix ("Jr.", "III") is not part of the last name, even
where a form prints it in the last-name box or after the full name.

A form shows a name either split (first name / last name boxes: Forms 433-A (OIC), 9465)
or whole (Forms 656, 843, 2848 line 1, 433-F). A whole name is never cut into first and
last by position: the last name a reference holds is looked for inside it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

#: Generational and professional suffixes that follow a name but are not the last name.
SUFFIXES = frozenset({"JR", "SR", "II", "III", "IV", "V", "VI", "ESQ", "MD", "PHD", "DDS"})


def words(text: str) -> list[str]:
    """Upper-case words of a name: accents dropped, apostrophes and periods removed
    (``O'Brien`` -> ``OBRIEN``), every other punctuation mark a word break."""
    plain = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                    if not unicodedata.combining(ch))
    out: list[str] = []
    for raw in plain.upper().replace("'", "").replace("\u2019", "").replace(".", "").split():
        out += ["".join(ch if ch.isalnum() else " " for ch in raw)]
    return " ".join(out).split()


def without_suffix(tokens: list[str]) -> list[str]:
    """Drop generational suffixes at the end (``WHITFIELD JR`` -> ``WHITFIELD``)."""
    end = len(tokens)
    while end > 1 and tokens[end - 1] in SUFFIXES:
        end -= 1
    return tokens[:end]


def compact(text: str) -> str:
    """The letters and digits of a name, suffix removed: what the IRS compares."""
    return "".join(without_suffix(words(text)))


@dataclass(frozen=True, slots=True)
class Name:
    """How one form (or the case) names a person: split into last and first, or whole."""

    last: str = ""
    first: str = ""
    whole: str = ""

    @property
    def shown(self) -> str:
        """The name as printed, for messages."""
        if self.whole:
            return self.whole.strip()
        return " ".join(p for p in (self.first.strip(), self.last.strip()) if p)

    @property
    def empty(self) -> bool:
        return not compact(self.last or self.whole)


def _significant(text: str) -> list[str]:
    """Words of a whole name without suffix and without single-letter middle initials."""
    return [w for w in without_suffix(words(text)) if len(w) > 1]


def _last_in_whole(last: str, whole: str) -> bool:
    """Every letter of the whole name counts: a one-letter particle ("de Souza e Silva") is part
    of the last name, and a middle initial before it does not break it."""
    wanted = compact(last)
    return bool(wanted) and wanted in compact(whole)


def same_name(a: Name, b: Name) -> bool:
    """Whether two forms name the same person, as the IRS would read them.

    Last name against last name: equal letters. Last name against a whole name: the
    letters of the last name appear in the whole name. Whole against whole: one's
    significant words (no initials, no suffix) are contained in the other's, or both end
    on the same word. An empty name matches anything (nothing to compare).
    """
    if a.empty or b.empty:
        return True
    if a.last and b.last:
        return compact(a.last) == compact(b.last)
    if a.last:
        return _last_in_whole(a.last, b.whole)
    if b.last:
        return _last_in_whole(b.last, a.whole)
    wa, wb = _significant(a.whole), _significant(b.whole)
    if not wa or not wb:
        return True
    ca, cb = "".join(wa), "".join(wb)
    return ca in cb or cb in ca or wa[-1] == wb[-1]
