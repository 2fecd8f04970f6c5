"""The field set of a PDF form and its fingerprint, to tell revisions apart.

Two files with the same fingerprint have the same fields (names and kinds). A file whose
sha256 is unknown is compared field by field with the known revisions, so a new IRS
revision is reported with what changed instead of being filled with a stale map.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from formkit.forms.registry import FormRevision, revisions

_BUTTON_RADIO = 1 << 15
_BUTTON_PUSH = 1 << 16


def field_set(pdf: bytes) -> frozenset[tuple[str, str]]:
    """(kind, fully qualified name) of every terminal field."""
    try:
        reader = PdfReader(io.BytesIO(pdf))
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"not a readable PDF form ({exc})") from None
    out: set[tuple[str, str]] = set()
    for name, f in fields.items():
        ft = f.get("/FT")
        if ft is None:
            continue
        flags = int(f.get("/Ff", 0) or 0)
        kind = {"/Tx": "text", "/Ch": "choice", "/Sig": "signature"}.get(str(ft))
        if kind is None:
            kind = "pushbutton" if flags & _BUTTON_PUSH else "radio" if flags & _BUTTON_RADIO else "checkbox"
        out.add((kind, name))
    return frozenset(out)


def fingerprint(fields: Iterable[tuple[str, str]]) -> str:
    lines = "\n".join(f"{kind} {name}" for kind, name in sorted(fields))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Drift:
    """How an unknown PDF differs from the closest known revision."""

    closest: FormRevision
    same_fields: bool
    added: tuple[str, ...]
    removed: tuple[str, ...]

    def describe(self) -> str:
        if self.same_fields:
            return (f"same fields as {self.closest.label} but different bytes (re-saved or modified "
                    "copy); use the official file")
        return (f"closest known revision is {self.closest.label}: {len(self.added)} field(s) added, "
                f"{len(self.removed)} removed")


def closest_revision(fields: frozenset[tuple[str, str]], form_id: str | None = None,
                     exclude: FormRevision | None = None) -> Drift | None:
    """The mapped revision sharing the most field names (of ``form_id`` when the form is known),
    other than ``exclude`` (a prior revision is compared with the others, not with itself).

    Without a known form, a weak resemblance (IRS forms share generic names such as
    ``f1_25[0]``) is not reported as a match.
    """
    names = {name for _, name in fields}
    best: tuple[float, FormRevision, set[str]] | None = None
    for rev in revisions():
        if (form_id is not None and rev.form_id != form_id) or rev is exclude:
            continue
        known = {spec.pdf for spec in rev.fields.values()} | set(rev.unmapped)
        if not known and rev.fingerprint is None:
            continue
        if not known:
            continue
        overlap = len(names & known) / max(len(names | known), 1)
        if best is None or overlap > best[0]:
            best = (overlap, rev, known)
    if best is None or (form_id is None and best[0] < 0.5):
        return None
    _, rev, known = best
    return Drift(rev, fingerprint(fields) == rev.fingerprint, tuple(sorted(names - known)),
                 tuple(sorted(known - names)))
