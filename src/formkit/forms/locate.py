"""Find the official PDF of a form revision on this machine.

Lookup order: an explicit ``--forms-dir``, then ``FORMKIT_FORMS_DIR``, then the per-user
cache that ``formkit forms add`` / ``fetch`` fill. Files are recognised by sha256, not by
name, so a folder of downloads with any file names works.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from formkit.errors import FormkitError
from formkit.forms.registry import FormRevision, by_sha256

ENV_FORMS_DIR = "FORMKIT_FORMS_DIR"
ENV_CACHE_DIR = "FORMKIT_CACHE_DIR"


def cache_dir() -> Path:
    """Where verified official PDFs are stored (override with FORMKIT_CACHE_DIR)."""
    override = os.environ.get(ENV_CACHE_DIR)
    return Path(override) if override else Path(platformdirs.user_cache_dir("formkit")) / "forms"


def search_dirs(forms_dir: str | Path | None = None) -> list[Path]:
    dirs: list[Path] = []
    if forms_dir:
        dirs.append(Path(forms_dir))
    env = os.environ.get(ENV_FORMS_DIR)
    if env:
        dirs.append(Path(env))
    dirs.append(cache_dir())
    return dirs


_hash_cache: dict[tuple[str, int, int], str] = {}


def sha256_file(path: Path) -> str:
    """sha256 of a file, remembered per (path, size, mtime) for the life of the process."""
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
    digest = _hash_cache.get(key)
    if digest is None:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        _hash_cache[key] = digest
    return digest


@dataclass(frozen=True, slots=True)
class Found:
    path: Path
    revision: FormRevision


def scan(directory: Path) -> list[Found]:
    """Every known official PDF in a directory, recognised by hash."""
    found: list[Found] = []
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.pdf")):
        rev = by_sha256(sha256_file(path))
        if rev is not None:
            found.append(Found(path, rev))
    return found


def find_sha256(digest: str, forms_dir: str | Path | None = None) -> Path | None:
    """A PDF with this sha256 in the search folders, whether or not the registry knows it
    (a new revision being mapped is known only by the hash its draft map records)."""
    for directory in search_dirs(forms_dir):
        if directory.is_dir():
            for path in sorted(directory.glob("*.pdf")):
                if sha256_file(path) == digest:
                    return path
    return None


def _other_revisions(revision: FormRevision, forms_dir: str | Path | None) -> str:
    """Name other revisions of the same form that are present: the usual cause of 'not found'."""
    from formkit.forms.fingerprint import closest_revision, field_set

    notes = []
    for directory in search_dirs(forms_dir):
        for hit in scan(directory):
            if hit.revision.form_id == revision.form_id and hit.revision is not revision:
                drift = closest_revision(field_set(hit.path.read_bytes()), revision.form_id, exclude=hit.revision)
                change = (f" ({len(drift.added)} field(s) added, {len(drift.removed)} removed against "
                          f"Rev. {drift.closest.revision})" if drift and not drift.same_fields else "")
                notes.append(f" Found {hit.path.name}: {hit.revision.label}, an unsupported revision{change}.")
    return "".join(notes)


class FormNotAvailable(FormkitError, LookupError):
    """The official PDF of a supported revision is not on this machine."""


def find(revision: FormRevision, forms_dir: str | Path | None = None) -> Path:
    """Path of the verified official PDF for ``revision`` or FormNotAvailable saying how to get it.

    Only files of the pinned size are hashed: a folder of many PDFs costs one hash, not all.
    """
    for directory in search_dirs(forms_dir):
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.pdf")):
            try:
                if path.stat().st_size == revision.bytes and sha256_file(path) == revision.sha256:
                    return path
            except OSError:
                continue
    looked = ", ".join(str(d) for d in search_dirs(forms_dir))
    url = revision.urls[0] if revision.urls else "the IRS website"
    raise FormNotAvailable(
        f"{revision.label} is not available (looked in: {looked}).{_other_revisions(revision, forms_dir)} Get it with "
        f"'formkit forms fetch {revision.form_id}', or download {url} and run "
        f"'formkit forms add FILE', or point --forms-dir / {ENV_FORMS_DIR} at a folder holding it")


def require_all(wanted: list[FormRevision], forms_dir: str | Path | None = None) -> None:
    """FormNotAvailable naming every revision of ``wanted`` whose PDF is missing, in one message,
    so a preparer gets them all before the next run instead of one per run."""
    missing = [rev for rev in dict.fromkeys(wanted) if not _present(rev, forms_dir)]
    if len(missing) < 2:
        for rev in missing:
            find(rev, forms_dir)  # its own message, with the revisions found instead
        return
    looked = ", ".join(str(d) for d in search_dirs(forms_dir))
    names = ", ".join(rev.label for rev in missing)
    ids = " ".join(rev.form_id for rev in missing)
    raise FormNotAvailable(
        f"{len(missing)} official PDFs are not available: {names} (looked in: {looked}). Get them with "
        f"'formkit forms fetch {ids}', or download them from irs.gov and run 'formkit forms add FILE ...', "
        f"or point --forms-dir / {ENV_FORMS_DIR} at a folder holding them")


def _present(revision: FormRevision, forms_dir: str | Path | None) -> bool:
    try:
        find(revision, forms_dir)
    except FormNotAvailable:
        return False
    return True
