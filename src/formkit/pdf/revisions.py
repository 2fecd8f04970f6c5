"""Find the revision boundaries of a PDF and hash each prefix.

A filled form is the official file plus appended updates. Knowing the official file's
sha256, a checker can confirm it is a verbatim prefix of the filled one (so the IRS
revision was used unaltered) by comparing against the hash of every prefix that ends at
an ``%%EOF`` marker.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

_EOF = re.compile(rb"%%EOF(\r\n|\r|\n)?")


@dataclass(frozen=True, slots=True)
class RevisionPrefix:
    """The first ``end`` bytes of the file and their sha256 (hex)."""

    end: int
    sha256: str


def prefix_hashes(pdf_bytes: bytes) -> list[RevisionPrefix]:
    """sha256 of each prefix ending at an ``%%EOF`` marker, in file order.

    Writers differ in whether the last revision ends with an end-of-line after
    ``%%EOF``, so where one follows, both the prefix without and with it are listed.
    """
    out: list[RevisionPrefix] = []
    digest = hashlib.sha256()
    done = 0
    for match in _EOF.finditer(pdf_bytes):
        ends = [match.start() + 5]
        if match.end() != ends[0]:
            ends.append(match.end())
        for end in ends:
            digest.update(pdf_bytes[done:end])
            done = end
            out.append(RevisionPrefix(end, digest.copy().hexdigest()))
    return out


def find_prefix(pdf_bytes: bytes, sha256: str) -> int | None:
    """Length of the prefix whose sha256 is ``sha256`` (an original revision), if any."""
    wanted = sha256.lower()
    for prefix in prefix_hashes(pdf_bytes):
        if prefix.sha256 == wanted:
            return prefix.end
    return None
