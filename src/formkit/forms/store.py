"""Put official PDFs into the per-user cache: from a local file (add) or the IRS (fetch).

Only files whose sha256 is pinned in the registry are stored. Anything else is compared
with the known revisions and reported, never used.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from formkit.errors import FormkitError
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
    pass


def _url(url: str) -> str:
    base = os.environ.get(ENV_BASE_URL)
    return base.rstrip("/") + url[len(IRS_ORIGIN):] if base and url.startswith(IRS_ORIGIN) else url


def fetch(revision: FormRevision, timeout: float = 60.0) -> Path:
    """Download the revision from its IRS URLs, verify the sha256, store it."""
    errors: list[str] = []
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
            errors.append(f"{target}: sha256 {digest[:12]}… does not match the pinned {revision.sha256[:12]}… "
                          "(the IRS may have published a new revision)")
            continue
        return _store(revision, data)
    raise FetchError(f"could not fetch {revision.label}: " + "; ".join(errors or ["no URL known"]))
