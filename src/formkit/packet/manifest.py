"""``manifest.json``: what is in the packet, where it came from, and what the checks said.

Described by ``schemas/manifest.schema.json``. Deterministic: sorted keys, no absolute
paths, no clock (the timestamp is SOURCE_DATE_EPOCH or the case's prepared_on), and no
identification number in full (names with masked SSNs, messages passed through
``redact_text``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit._version import __version__
from formkit.files.atomic import Owned
from formkit.files.read import InputFileError, read_limited
from formkit.findings import severity_rank
from formkit.redact import mask_tin, redact_text

SCHEMA_ID = "https://formkit.dev/schemas/manifest.schema.json"
MANIFEST_VERSION = "1"
MANIFEST_FILE = "manifest.json"
PACKET_FILE = "packet.pdf"
DOCUMENTS_DIR = "documents"
MAX_MANIFEST_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One document of the packet as the manifest lists it."""

    position: int
    id: str
    kind: str
    title: str
    pages: int
    first_page: int
    last_page: int
    page_label_prefix: str
    sha256: str                      # of the document's own file (form: fillable PDF; attachment: source file)
    file: str | None                 # relative to the packet folder; None for attachments (see source)
    source: Mapping[str, Any]
    form: str | None = None
    revision: str | None = None
    official_sha256: str | None = None
    packet_sha256: str | None = None  # of the copy merged into packet.pdf (flattened form)
    mapper_options: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None
    file_separately: Mapping[str, Any] | None = None
    continued: tuple[str, ...] = ()
    continuation_pages: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "position": self.position, "id": self.id, "kind": self.kind, "title": self.title,
            "form": self.form, "revision": self.revision, "official_sha256": self.official_sha256,
            "pages": self.pages, "packet_pages": {"first": self.first_page, "last": self.last_page},
            "page_labels": {"prefix": self.page_label_prefix, "first": f"{self.page_label_prefix}1",
                            "last": f"{self.page_label_prefix}{self.pages}"},
            "file": self.file, "sha256": self.sha256, "packet_sha256": self.packet_sha256,
            "source": dict(self.source), "mapper_options": dict(self.mapper_options), "reason": self.reason,
            "file_separately": dict(self.file_separately) if self.file_separately is not None else None,
            "continuation": {"pages": self.continuation_pages, "continues": list(self.continued)},
        }


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (tuple, set, frozenset)):
        return sorted(value) if isinstance(value, (set, frozenset)) else list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def dumps(data: Mapping[str, Any]) -> bytes:
    """Deterministic JSON bytes: sorted keys, two-space indent, UTF-8, trailing newline."""
    text = json.dumps(data, default=_json_default, indent=2, sort_keys=True, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def owned_files(folder: Path) -> Owned | None:
    """What an earlier packet in ``folder`` says formkit wrote there, with sha256s (None: no formkit manifest).

    A rebuild replaces these files only; anything else in the folder, or one of these changed
    since, stops it (formkit.files.atomic.check_replaceable).
    """
    try:
        data = json.loads(read_limited(folder / MANIFEST_FILE, MAX_MANIFEST_BYTES, what="manifest"))
    except (InputFileError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("$schema") != SCHEMA_ID:
        return None
    files: dict[str, str | None] = {MANIFEST_FILE: None}
    entries = [data.get("packet"), *(data.get("documents") or [])]
    for entry in entries:
        if isinstance(entry, dict) and isinstance(entry.get("file"), str) and isinstance(entry.get("sha256"), str):
            files[entry["file"]] = entry["sha256"]
    return Owned(files)


def person_label(name: str, ssn: str) -> str:
    return f"{name} (SSN {mask_tin(ssn)})"


def checks_section(report: Any, *, forced: bool, as_of: date) -> dict[str, Any]:
    """The check results: counts, every finding (masked), and whether --force overrode errors."""
    ordered = sorted(report.findings, key=lambda f: (severity_rank(f), f.code, f.where, f.message))
    findings = [{k: redact_text(v) if isinstance(v, str) else v for k, v in f.to_dict().items()} for f in ordered]
    errors = sum(1 for f in findings if f["severity"] == "error")
    return {
        "as_of": as_of.isoformat(),
        "rules_run": len(getattr(report, "rules_run", ()) or ()),
        "errors": errors,
        "warnings": sum(1 for f in findings if f["severity"] == "warning"),
        "infos": sum(1 for f in findings if f["severity"] == "info"),
        "passed": errors == 0,
        "forced": forced,
        "findings": findings,
    }


def build_manifest(*, created: datetime, timestamp_source: str, as_of: date, case_file: str, case_sha256: str,
                   case_id: str, taxpayer: str, spouse: str | None, program: str, program_title: str,
                   request_index: int, mail_to: Mapping[str, Any], packet_sha256: str, packet_pages: int,
                   packet_bytes: int, documents: Sequence[DocumentEntry], checks: Mapping[str, Any],
                   templates: Mapping[str, Any], warnings: Sequence[str]) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_ID,
        "manifest_version": MANIFEST_VERSION,
        "formkit_version": __version__,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "timestamp_source": timestamp_source,
        "as_of": as_of.isoformat(),
        "status": "forced" if checks.get("forced") else "built",
        "case": {"file": case_file, "sha256": case_sha256, "case_id": case_id, "taxpayer": taxpayer,
                 "spouse": spouse},
        "program": {"id": program, "title": program_title, "request_index": request_index},
        "mail_to": dict(mail_to),
        "packet": {"file": PACKET_FILE, "sha256": packet_sha256, "pages": packet_pages, "bytes": packet_bytes,
                   "documents": len(documents)},
        "documents": [d.as_dict() for d in documents],
        "templates": dict(templates),
        "checks": dict(checks),
        "warnings": [redact_text(w) for w in warnings],
    }
