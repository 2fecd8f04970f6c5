"""Put official PDFs into the per-user cache: from a local file (add) or the IRS (fetch).

Only files whose sha256 is pinned in the registry are stored. Anything else is compared
with the known revisions and reported, never used; a file an IRS address serves in place of
the pinned revision is kept aside in ``<cache>/unverified/`` for ``formkit forms derive``.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from formkit.errors import EXIT_FINDINGS, FormkitError
from formkit.files.read import read_limited
from formkit.forms.fingerprint import Drift, closest_revision, field_set
from formkit.forms.locate import cache_dir
from formkit.forms.registry import FormRevision, by_sha256

ENV_BASE_URL = "FORMKIT_IRS_BASE_URL"  # e.g. a local mirror; replaces https://www.irs.gov
IRS_ORIGIN = "https://www.irs.gov"
MAX_PDF_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Checked:
    """What a PDF is: a known revision (supported or not) or an unknown one with its drift."""

    path: str
    sha256: str
    revision: FormRevision | None
    drift: Drift | None

    @property
    def usable(self) -> bool:
        return self.revision is not None and self.revision.supported

    def describe(self) -> str:
        if self.revision is not None and self.revision.supported:
            return f"{self.revision.label}: official file, sha256 verified"
        if self.revision is not None:
            extra = f"; {self.drift.describe()}" if self.drift else ""
            return f"{self.revision.label} is a prior revision formkit does not fill{extra}"
        if self.drift is not None:
            return f"unknown revision (sha256 {self.sha256[:12]}…): {self.drift.describe()}"
        return f"not a known IRS form (sha256 {self.sha256[:12]}…)"


def check_bytes(data: bytes, path: str = "<pdf>") -> Checked:
    digest = hashlib.sha256(data).hexdigest()
    rev = by_sha256(digest)
    drift = None
    if rev is None or not rev.supported:
        try:
            drift = closest_revision(field_set(data), rev.form_id if rev is not None else None, exclude=rev)
        except ValueError:
            drift = None
    return Checked(path, digest, rev, drift)


def _store(revision: FormRevision, data: bytes) -> Path:
    target_dir = cache_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    name = Path(revision.urls[0]).name if revision.urls else f"{revision.form_id}.pdf"
    target = target_dir / f"{revision.form_id}--{revision.revision}--{name}"
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)
    return target


def add(path: str | Path) -> tuple[Checked, Path | None]:
    """Verify a local PDF; store it in the cache if it is a supported official revision."""
    data = read_limited(path, MAX_PDF_BYTES, what="PDF file")
    checked = check_bytes(data, str(path))
    return checked, (_store(checked.revision, data) if checked.usable and checked.revision else None)


class FetchError(FormkitError, RuntimeError):
    """A revision could not be downloaded; ``unreachable`` when no URL answered at all (offline)."""

    def __init__(self, message: str, *, unreachable: bool = False) -> None:
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True, slots=True)
class Served:
    """What an IRS URL serves instead of the pinned file, and how its fields differ."""

    url: str
    sha256: str
    printed: str | None  # the revision printed on it, '4-2026'
    known: FormRevision | None  # a revision the registry knows by hash
    added: tuple[str, ...]
    removed: tuple[str, ...]
    saved: Path | None

    def what(self, pinned: str) -> str:
        if self.known is not None:
            return self.known.label
        if self.printed == pinned:
            return f"another file printed Rev. {pinned}"
        return f"Rev. {self.printed}" if self.printed else "a file of unknown revision"


class NewRevisionServed(FetchError):
    """The IRS address of a form now serves another revision: reported with its field
    differences (and kept aside for 'formkit forms derive'), never stored as the pinned one."""

    exit_code = EXIT_FINDINGS

    def __init__(self, revision: FormRevision, served: Served) -> None:
        self.revision, self.served = revision, served
        if not served.added and not served.removed and served.known is None:
            change = ("the same fields as the pinned file but different bytes (re-saved or changed in place); "
                      "formkit keeps using the pinned file")
        else:
            change = f"{len(served.added)} field(s) added, {len(served.removed)} removed"
            if served.added:
                change += "; added: " + ", ".join(n.rsplit(".", 1)[-1] for n in served.added[:8])
            if served.removed:
                change += "; removed: " + ", ".join(n.rsplit(".", 1)[-1] for n in served.removed[:8])
        message = (f"{revision.label}: {served.url} now serves {served.what(revision.revision)} "
                   f"(sha256 {served.sha256[:12]}…), not the pinned file: {change}")
        if served.saved is not None:
            message += f". Kept as {served.saved}"
            if served.known is None and (served.added or served.removed or served.printed != revision.revision):
                message += f"; draft its field map with 'formkit forms derive {served.saved} --from {revision.form}'"
        super().__init__(message)


def _served(revision: FormRevision, url: str, data: bytes, digest: str) -> Served:
    """Describe (and keep aside, outside the folder formkit reads forms from) what a URL served."""
    try:
        names = frozenset(name for _, name in field_set(data))
    except ValueError:
        names = frozenset()
    pinned = frozenset({spec.pdf for spec in revision.fields.values()} | set(revision.unmapped))
    printed = None
    try:
        from formkit.forms.derive import printed_revision

        printed = printed_revision(data)
    except Exception:  # a damaged or non-PDF answer: reported by its hash alone
        printed = None
    saved = None
    if names:
        folder = cache_dir() / "unverified"
        folder.mkdir(parents=True, exist_ok=True)
        saved = folder / f"{revision.form_id}--{printed or digest[:12]}.pdf"
        tmp = saved.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, saved)
    return Served(url, digest, printed, by_sha256(digest), tuple(sorted(names - pinned)),
                  tuple(sorted(pinned - names)) if names else (), saved)


def _url(url: str) -> str:
    base = os.environ.get(ENV_BASE_URL)
    return base.rstrip("/") + url[len(IRS_ORIGIN):] if base and url.startswith(IRS_ORIGIN) else url


def fetch(revision: FormRevision, timeout: float = 60.0) -> Path:
    """Download the revision from its IRS URLs, verify the sha256, store it."""
    errors: list[str] = []
    served: Served | None = None
    for url in revision.urls:
        target = _url(url)
        try:
            with urllib.request.urlopen(target, timeout=timeout) as response:  # https or a configured mirror
                data = response.read(MAX_PDF_BYTES + 1)
        except (urllib.error.URLError, OSError, ValueError) as exc:
            errors.append(f"{target}: {getattr(exc, 'reason', exc)}")
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != revision.sha256:
            served = served or _served(revision, url, data, digest)
            continue
        return _store(revision, data)
    if served is not None:
        raise NewRevisionServed(revision, served)
    raise FetchError(f"could not fetch {revision.label}: " + "; ".join(errors or ["no URL known"]),
                     unreachable=bool(errors) and len(errors) == len(revision.urls))
