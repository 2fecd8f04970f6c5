"""Pre-submission checks: denial and return causes, by rule ID, with citations.

    from formkit.checks import check_case, check_pdf, check_packet
    report = check_case("examples/oic-lump-sum-single.json")
    for f in report.findings:
        print(f.code, f.severity, f.where, f.message)

The same rules run on a case (its forms built by the mappers), on one filled PDF, and on
a packet (a folder of PDFs or one merged PDF), where the cross-form rules matter most.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from formkit.case import Case, CaseError, validate_file
from formkit.case.load import MAX_CASE_BYTES
from formkit.checks import rules as _rules  # noqa: F401  (registers every condition)
from formkit.checks.catalogue import RuleMeta, load_catalogue, parameters_for
from formkit.checks.config import CheckConfig, ConfigError, find_config, load_config
from formkit.checks.engine import run
from formkit.checks.model import CheckReport, DocumentInfo, Finding, InputKind, Severity
from formkit.checks.pdfread import PdfRead, UnusableInput, documents_from, read_pdf
from formkit.checks.registry import REGISTRY
from formkit.checks.subject import Subject, case_parts
from formkit.codes import CatalogueError
from formkit.dates import today
from formkit.files.read import read_limited

__all__ = [
    "CatalogueError", "CheckConfig", "CheckReport", "ConfigError", "DocumentInfo", "Finding",
    "RuleMeta", "Severity", "UnusableInput", "check_case", "check_packet", "check_pdf",
    "load_catalogue", "packet_case", "rule_ids",
]

ConfigArg = CheckConfig | str | Path | None


def rule_ids() -> tuple[str, ...]:
    """Every rule with a condition or emitted by the engine (the catalogue has the same)."""
    from formkit.checks.registry import ENGINE_RULES
    return tuple(sorted([*REGISTRY, *ENGINE_RULES]))


def _config(config: ConfigArg, start: Path) -> CheckConfig:
    if isinstance(config, CheckConfig):
        return config
    if config is not None:
        return load_config(config)
    return find_config(start)


def _load(case: Case | str | Path) -> tuple[Case, str, Path]:
    if isinstance(case, Case):
        return case, f"case {case.case_id}", Path.cwd()
    path = Path(case)
    try:
        result = validate_file(path)
    except CaseError as exc:
        first = exc.problems[0].message if exc.problems else "cannot read the case"
        raise UnusableInput(f"{path}: {first}") from None
    if result.case is None:
        problem = str(result.errors[0]) if result.errors else "invalid case"
        more = f" (and {len(result.errors) - 1} more; run 'formkit validate')" if len(
            result.errors) > 1 else ""
        raise UnusableInput(f"{path}: invalid case: {problem}{more}")
    return result.case, str(path), path


def check_case(case: Case | str | Path, *, config: ConfigArg = None, as_of: date | None = None,
               with_forms: bool = True) -> CheckReport:
    """Check a case: its data, its analysis, and the forms its mappers build.

    ``as_of`` defaults to the case's ``prepared_on``. Raises UnusableInput for a file
    that cannot be read or does not validate, ConfigError for a bad configuration.
    """
    loaded, source, path = _load(case)
    cfg = _config(config, path)
    day = as_of or loaded.prepared_on
    parts = case_parts(loaded, with_forms, day)
    subject = Subject(source=source, kind="case", as_of=day, params=parameters_for(day),
                      case=loaded, analysis=parts.analysis,
                      analysis_problem=parts.analysis_problem, documents=parts.documents,
                      infos=parts.infos, skipped_forms=parts.skipped)
    return run(subject, cfg)


def _check_reads(reads: list[PdfRead], source: str, kind: InputKind, start: Path,
                 case: Case | str | Path | None, config: ConfigArg,
                 as_of: date | None) -> CheckReport:
    docs, infos = documents_from(reads)
    if not docs:
        why = "; ".join(f"{r.source}: {r.problem}" for r in reads if r.problem) or "no PDF found"
        raise UnusableInput(f"{source}: no form formkit recognises ({why})")
    loaded = _load(case)[0] if case is not None else None
    cfg = _config(config, start)
    day = as_of or (loaded.prepared_on if loaded else today())  # the API edge: no case, no date given
    parts = case_parts(loaded, with_forms=False, as_of=day) if loaded else None
    subject = Subject(source=source, kind=kind, as_of=day,
                      params=parameters_for(day), case=loaded,
                      analysis=parts.analysis if parts else None,
                      analysis_problem=parts.analysis_problem if parts else None,
                      documents=tuple(docs), infos=tuple(infos),
                      unrecognised=tuple((r.source, r.problem) for r in reads if r.problem))
    return run(subject, cfg)


def check_pdf(path: str | Path, *, case: Case | str | Path | None = None,
              config: ConfigArg = None, as_of: date | None = None) -> CheckReport:
    """Check one filled official form (or one merged PDF holding several).

    The form and revision are recognised from the file itself; pass ``case`` to also run
    the rules that need facts only the case holds (compliance, attachments).
    """
    p = Path(path)
    return _check_reads([read_pdf(p)], str(p), "pdf", p, case, config, as_of)


def packet_case(folder: Path) -> Path | None:
    """The case a formkit packet was built from, when its manifest names a file that is
    still there with the same sha256 (so ``formkit check PACKET_DIR`` runs the case rules)."""
    try:
        manifest = json.loads(read_limited(folder / "manifest.json", MAX_CASE_BYTES, what="manifest"))
        entry = manifest["case"]
        name, digest = str(entry["file"]), str(entry["sha256"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    for candidate in (folder / name, folder.parent / name, Path(name)):
        try:
            if hashlib.sha256(read_limited(candidate, MAX_CASE_BYTES, what="case file")).hexdigest() == digest:
                return candidate
        except OSError:
            continue
    return None


def own_pages(folder: Path) -> set[Path]:
    """The files of a formkit packet that formkit generated itself (cover letter, checklist,
    payment summary and the merged, flattened packet.pdf), recognised by the sha256 its
    manifest.json records: they hold no form fields and are not reported as unknown (XF-007)."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        entries = [(str(d["file"]), str(d["sha256"])) for d in manifest.get("documents", [])
                   if d.get("kind") != "form" and d.get("kind") != "attachment" and d.get("file")]
        packet = manifest.get("packet") or {}
        if packet.get("file") and packet.get("sha256"):
            entries.append((str(packet["file"]), str(packet["sha256"])))
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return set()
    own = set()
    for name, digest in entries:
        candidate = folder / name
        try:
            if candidate.is_file() and hashlib.sha256(candidate.read_bytes()).hexdigest() == digest:
                own.add(candidate.resolve())
        except OSError:
            continue
    return own


def check_packet(path: str | Path, *, case: Case | str | Path | None = None,
                 config: ConfigArg = None, as_of: date | None = None) -> CheckReport:
    """Check a packet: a folder of PDFs (searched recursively) or one merged PDF.

    For a folder written by ``formkit packet``, the case named in its manifest.json is
    used when ``case`` is not given and the file is unchanged.
    """
    p = Path(path)
    if p.is_dir():
        case = case if case is not None else packet_case(p)
        generated = own_pages(p)
        files = sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf" and q.is_file()
                       and q.resolve() not in generated)
        if not files:
            raise UnusableInput(f"{p}: no PDF files in this folder")
        reads = [read_pdf(f) for f in files]
    elif p.exists():
        reads = [read_pdf(p)]
    else:
        raise UnusableInput(f"{p}: file or folder not found")
    return _check_reads(reads, str(p), "packet", p, case, config, as_of)
