"""Skip a case whose inputs have not changed since the last batch built it cleanly.

A case's fingerprint covers everything its outputs depend on: the case file's bytes, its
attachments' bytes, its check configuration (formkit.toml / pyproject.toml found from its
folder), formkit's version and data (forms, schemas, standards, rules, templates), the firm's
templates, the steps, ``--as-of`` and ``SOURCE_DATE_EPOCH``. It is kept with the case's last
record in ``OUTDIR/<case>/.formkit-batch.json``. A case is skipped only when the fingerprint
is the same, the last run was clean (exit 0; findings and failures always run again, since
a date that was in the future may not be any more) and every output it recorded is still
there with the same sha256. ``--force`` rebuilds regardless.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from formkit.atomic import write_atomic
from formkit.batch.discover import CaseJob
from formkit.batch.steps import STATE_FILE, Options, remove_stale

_DATA_FOLDERS = ("forms", "schemas", "standards", "rules", "templates")


def _hash_tree(digest: Any, folder: Path) -> None:
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())


def data_digest(templates_dir: str | Path | None = None) -> str:
    """One digest of formkit's version, its data folders and the firm's templates folder."""
    from formkit._data import data_dir
    from formkit._version import __version__

    digest = hashlib.sha256(__version__.encode() + b"\0")
    for name in _DATA_FOLDERS:
        digest.update(name.encode() + b"\0")
        _hash_tree(digest, data_dir(name))
    if templates_dir is not None:
        digest.update(b"firm\0")
        _hash_tree(digest, Path(templates_dir))
    return digest.hexdigest()


def _attachment_paths(data: Any) -> Iterable[str]:
    attachments = data.get("attachments") if isinstance(data, dict) else None
    for item in attachments if isinstance(attachments, list) else []:
        if isinstance(item, dict) and isinstance(item.get("path"), str):
            yield item["path"]


def fingerprint(job: CaseJob, options: Options) -> str:
    """What the case's outputs depend on, as one sha256 (unreadable parts hash as such)."""
    digest = hashlib.sha256()
    parts: dict[str, Any] = {"data": options.data_digest, "steps": sorted(options.steps), "as_of": options.as_of,
                             "epoch": os.environ.get("SOURCE_DATE_EPOCH"), "forms_dir": options.forms_dir}
    case = Path(job.path)
    try:
        raw = case.read_bytes()
        parts["case"] = hashlib.sha256(raw).hexdigest()
        data = json.loads(raw)
    except (OSError, ValueError):
        parts["case"], data = "unreadable", None
    base = case.resolve().parent
    parts["attachments"] = {}
    for rel in _attachment_paths(data):
        path = Path(rel).expanduser()
        path = path if path.is_absolute() else base / path
        try:
            parts["attachments"][rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            parts["attachments"][rel] = "unreadable"
    parts["config"] = _config(case)
    digest.update(json.dumps(parts, sort_keys=True).encode())
    return digest.hexdigest()


def _config(case: Path) -> str:
    from formkit.checks.config import ConfigError, find_config

    try:
        cfg = find_config(case)
    except ConfigError as exc:
        return f"error: {exc}"
    return json.dumps([sorted(cfg.disable), sorted(cfg.severity.items()), cfg.strict])


def previous(job: CaseJob) -> dict[str, Any] | None:
    try:
        state = json.loads((Path(job.outdir) / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(state, dict) and isinstance(state.get("record"), dict) and "fingerprint" in state
    return state if ok else None


def unchanged(job: CaseJob, state: dict[str, Any] | None, fingerprint: str) -> bool:
    if state is None or state["fingerprint"] != fingerprint or state["record"].get("exit_code") != 0:
        return False
    out = Path(job.outdir)
    outputs = state["record"].get("outputs", {})
    for rel, sha in outputs.items():
        try:
            if hashlib.sha256((out / rel).read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return bool(outputs)


def remember(job: CaseJob, state: dict[str, Any] | None, fingerprint: str, record: dict[str, Any]) -> None:
    """Store the new record (and drop outputs the earlier run had and this one did not write)."""
    out = Path(job.outdir)
    old = state["record"].get("outputs", {}) if state else {}
    remove_stale(out, old, record["outputs"], tuple(record["steps"]))
    write_atomic(out / STATE_FILE, json.dumps({"fingerprint": fingerprint, "record": record}, sort_keys=True,
                                              indent=1).encode("utf-8"), sync=False)
