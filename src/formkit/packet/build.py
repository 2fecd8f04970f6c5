"""Build a submission packet: plan, check, render, merge, write atomically.

Everything is rendered in memory first; only then is a temporary folder created beside
OUTDIR, filled, synced, and renamed into place. A failure at any point leaves no half
packet, and a previous packet at OUTDIR is replaced only by a complete new one (it is
moved aside, the new one renamed in, and only then deleted; if the rename fails it is
moved back).

Same input, same bytes: timestamps come from SOURCE_DATE_EPOCH or the case's
prepared_on, never the clock; no random identifiers; JSON with sorted keys.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from formkit.case import CaseError, inputs
from formkit.case.inputs import CaseInput
from formkit.case.model import Case, OfferRequest
from formkit.errors import EXIT_FINDINGS, FormkitError
from formkit.files.atomic import check_replaceable, recover, replace_folder
from formkit.files.lock import output_lock
from formkit.files.read import InputFileError
from formkit.files.target import OutputError, check_folder_output
from formkit.forms.continuation import lines_continued
from formkit.forms.mapping import AnalysisLike
from formkit.packet import addresses, attachments, contents, letter, manifest, merge
from formkit.packet.context import letter_context
from formkit.redact import redact_text

if TYPE_CHECKING:
    from formkit.analysis import Analysis
    from formkit.forms.resolve import MappedForm
    from formkit.pdf.writer import FilledForm

ENV_SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"


class PacketError(FormkitError):
    """The packet was not built. ``exit_code`` is what the command returns."""


class PacketInputError(PacketError):
    """Unusable input: the case, an attachment, a template, a form PDF, or OUTDIR."""

    def __init__(self, message: str, details: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.details = details


class PacketBlocked(PacketError):
    """``check`` found errors: no packet unless forced."""

    exit_code = EXIT_FINDINGS

    def __init__(self, report: Any) -> None:
        self.report = report
        n = len(report.errors)
        super().__init__(f"not built: the checks found {n} error{'s' if n != 1 else ''} "
                         "(fix them, or build anyway with --force; the manifest then records it)")


class PacketFormError(PacketError):
    """A form cannot be filled from the case values (by semantic key)."""

    exit_code = EXIT_FINDINGS

    def __init__(self, message: str, details: tuple[str, ...]) -> None:
        super().__init__(message)
        self.details = details


@dataclass(frozen=True, slots=True)
class PacketResult:
    outdir: Path | None            # None: built in memory only
    manifest: Mapping[str, Any]
    report: Any
    forced: bool
    warnings: tuple[str, ...] = ()
    files: tuple[str, ...] = field(default_factory=tuple)
    contents: Mapping[str, bytes] = field(default_factory=dict)  # relative path -> bytes, as written

    @property
    def pdf(self) -> bytes:
        """packet.pdf's bytes."""
        return self.contents[manifest.PACKET_FILE]
    recovered: tuple[str, ...] = ()  # what a killed earlier build had left beside OUTDIR, and what was done


@dataclass(frozen=True, slots=True)
class _Rendered:
    doc: contents.PlannedDocument
    part: merge.Part               # what goes into packet.pdf
    packet_sha256: str             # of that copy as a PDF of its own (forms flattened)
    own_pdf: bytes | None          # written to documents/ (forms: fillable; letter/summary: the same PDF)
    sha256: str
    source: Mapping[str, Any]
    official_sha256: str | None = None
    file_separately: Mapping[str, Any] | None = None
    continued: tuple[str, ...] = ()  # what the form's continuation sheets hold, line by line
    continuation_pages: int = 0


# --- small helpers ---------------------------------------------------------------------------------

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def timestamp(case: Case) -> tuple[datetime, str]:
    """The one timestamp of the packet: SOURCE_DATE_EPOCH when set, else the case's prepared_on (UTC midnight)."""
    raw = os.environ.get(ENV_SOURCE_DATE_EPOCH)
    if raw is not None and raw.strip():
        try:
            return datetime.fromtimestamp(int(raw.strip()), tz=UTC), ENV_SOURCE_DATE_EPOCH
        except (ValueError, OverflowError, OSError):
            raise PacketInputError(f"{ENV_SOURCE_DATE_EPOCH}={raw!r} is not a Unix timestamp (whole seconds)") from None
    day = case.prepared_on
    return datetime(day.year, day.month, day.day, tzinfo=UTC), "case.prepared_on"


def check_outdir(outdir: Path) -> None:
    """OUTDIR must be new, empty, or an earlier packet holding only formkit's own unchanged files.

    Checked before the (slow) build so a refusal comes at once; checked again under the
    folder's lock just before the swap.
    """
    try:
        check_replaceable(check_folder_output(outdir), manifest.owned_files, "packet")
    except OutputError as exc:
        raise PacketInputError(str(exc)) from None


# --- checks and analysis (indirections so tests can inject) -----------------------------------------

def run_checks(case: Case, as_of: date, config_from: Path) -> Any:
    """The checks of the loaded case (not validated again), with the formkit.toml found from
    ``config_from`` (the case file's folder, or ``base_dir`` for a case in memory)."""
    from formkit.checks import ConfigError, UnusableInput, check_case
    from formkit.checks.config import find_config

    try:
        return check_case(case, as_of=as_of, config=find_config(config_from))
    except (UnusableInput, ConfigError) as exc:
        raise PacketInputError(f"cannot check the case: {exc}") from None


def run_analysis(case: Case, as_of: date) -> Analysis:
    from formkit.analysis import StandardsError, analyze

    try:
        return analyze(case, as_of=as_of)
    except StandardsError as exc:
        raise PacketInputError(f"cannot analyse the case as of {as_of.isoformat()}: {exc}") from None


def _all_forms_present(revisions: list[Any], forms_dir: Path | None) -> None:
    """Every official PDF the packet needs is here, or one error naming all that are missing."""
    from formkit.forms.locate import FormNotAvailable, require_all

    try:
        require_all(revisions, forms_dir)
    except FormNotAvailable as exc:
        raise PacketInputError(str(exc)) from None


def fill(revision: Any, case: Case, analysis: AnalysisLike, forms_dir: Path | None, as_of: date,
         options: Mapping[str, Any]) -> tuple[FilledForm, MappedForm]:
    from formkit.forms.fill import FormFillError, fill_form_parts
    from formkit.forms.locate import FormNotAvailable

    try:
        return fill_form_parts(revision, case, analysis=analysis, forms_dir=forms_dir, as_of=as_of, **options)
    except FormNotAvailable as exc:
        raise PacketInputError(str(exc)) from None
    except FormFillError as exc:
        raise PacketFormError(f"cannot fill {exc.form}", tuple(str(p) for p in exc.problems)) from None
    except (TypeError, ValueError) as exc:  # a mapper refusing the options (e.g. an item that does not exist)
        raise PacketFormError(f"cannot fill {revision.label}", (str(exc),)) from None


# --- rendering ---------------------------------------------------------------------------------------

def _render_form(doc: contents.PlannedDocument, case: Case, analysis: AnalysisLike, forms_dir: Path | None,
                 as_of: date) -> _Rendered:
    assert doc.revision is not None
    filled, mapped = fill(doc.revision, case, analysis, forms_dir, as_of, doc.options)
    separately: Mapping[str, Any] | None = None
    if doc.form == "2848":
        caf = addresses.address_for("2848", case, as_of)
        separately = {**caf.as_dict(), "when": "only when filed on its own (online at IRS.gov/Submit2848, by fax "
                      "or by mail); in this packet it travels with the submission"}
    return _Rendered(doc=doc, part=filled.as_part(title=doc.title, label=doc.label),
                     packet_sha256=sha256(filled.flattened()), own_pdf=filled.pdf, sha256=sha256(filled.pdf),
                     source={"kind": "form", "mapper": f"formkit.forms.mappers.{doc.revision.form_id}"},
                     official_sha256=doc.revision.sha256, file_separately=separately,
                     continued=tuple(lines_continued(mapped)), continuation_pages=len(filled.appended_pages))


def _imported(doc: contents.PlannedDocument, pdf: bytes) -> merge.Part:
    try:
        return merge.imported(doc.title, doc.label, pdf)
    except merge.MergeError as exc:
        raise PacketInputError(str(exc)) from None


def _render_attachment(doc: contents.PlannedDocument, case: Case, base_dir: Path, created: datetime) -> _Rendered:
    assert doc.attachment_index is not None
    attachment = case.attachments[doc.attachment_index]
    try:
        loaded = attachments.load_attachment(attachment, doc.attachment_index, base_dir, caption=doc.title,
                                             created=created)
    except attachments.AttachmentError as exc:
        raise PacketInputError(str(exc)) from None
    return _Rendered(doc=doc, part=_imported(doc, loaded.pdf), packet_sha256=sha256(loaded.pdf), own_pdf=None,
                     sha256=loaded.source_sha256,
                     source={"kind": "attachment", "pointer": f"/attachments/{doc.attachment_index}/path",
                             "path": loaded.path, "type": loaded.kind, "document_type": attachment.document_type})


def _template_info(name: str, templates_dir: Path | None) -> dict[str, Any]:
    for directory in letter.template_dirs(templates_dir):
        path = directory / name
        if path.is_file():
            origin = "formkit" if templates_dir is None or not path.is_relative_to(templates_dir) else "firm"
            return {"name": name, "origin": origin, "sha256": sha256(path.read_bytes())}
    return {"name": name, "origin": "missing", "sha256": None}


def _render_generated(doc: contents.PlannedDocument, context: Mapping[str, Any], templates_dir: Path | None,
                      created: datetime, author: str) -> _Rendered:
    assert doc.template is not None
    try:
        pages, _markup = letter.render_document(doc.template, context, templates_dir=templates_dir)
        pdf = letter.document_pdf(pages, title=f"{doc.title}: {context['names']}", author=author, created=created)
    except letter.LetterError as exc:
        raise PacketInputError(str(exc)) from None
    info = _template_info(doc.template, templates_dir)
    part = merge.Part(pages, title=doc.title, label=doc.label)  # typeset here: nothing to parse back
    return _Rendered(doc=doc, part=part, packet_sha256=sha256(pdf), own_pdf=pdf, sha256=sha256(pdf),
                     source={"kind": "template", "template": doc.template, "origin": info["origin"],
                             "template_sha256": info["sha256"]})


def _checklist(case: Case, offer: OfferRequest, report: Any, analysis: AnalysisLike, day: date,
               templates_dir: Path | None) -> dict[str, Any]:
    """The Form 656-B application checklist answered from the case and its checks."""
    from formkit.checks.catalogue import parameters_for
    from formkit.packet.checklist import answer_checklist

    weeks = parameters_for(day).number("offer_processability", "recent_return_copy_weeks")
    try:
        return answer_checklist(case, offer, report, analysis, day, weeks, templates_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise PacketInputError(f"the application checklist ({exc})") from None


# --- writing -----------------------------------------------------------------------------------------

def _write_file(path: Path, data: bytes, moment: datetime | None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "xb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if moment is not None:
        stamp = moment.timestamp()
        os.utime(path, (stamp, stamp))


def write_packet(outdir: Path, files: Mapping[str, bytes], moment: datetime,
                 write: Callable[[Path, bytes, datetime | None], None] | None = None) -> None:
    """Write ``files`` (relative path -> bytes) as OUTDIR: whole or not at all (formkit.files.atomic)."""
    replace_folder(outdir, files, owned_of=manifest.owned_files, moment=moment, what="packet",
                   write=write or _write_file)


# --- the build -----------------------------------------------------------------------------------------

def build_packet(case_input: CaseInput, outdir: str | Path | None = None, *, forms_dir: str | Path | None = None,
                 templates_dir: str | Path | None = None, force: bool = False, as_of: date | None = None,
                 request_index: int | None = None, base_dir: str | Path | None = None) -> PacketResult:
    """Build the packet for one request of a case (a file path, JSON-shaped data or a loaded
    Case) into ``outdir``; with no ``outdir`` nothing is written and the files are in
    ``PacketResult.contents``. Attachment paths are relative to the case file's folder, or to
    ``base_dir`` (default: the working folder) for a case given in memory.

    Raises PacketBlocked (checks found errors and not ``force``), PacketInputError (unusable
    input, an output folder that is not new, empty or an unchanged earlier packet, or one
    another process is building), PacketFormError (a form cannot hold a case value).
    Nothing is written then. The output folder's lock is held for the whole build, so a
    second build into it is refused at once instead of silently replacing this one.
    """
    out = Path(outdir) if outdir is not None else None
    if out is None:
        return _build(case_input, None, forms_dir=forms_dir, templates_dir=templates_dir, force=force, as_of=as_of,
                      request_index=request_index, base_dir=base_dir, recovered=[])
    check_outdir(out)
    try:
        with output_lock(out):
            leftovers = recover(out)
            return _build(case_input, out, forms_dir=forms_dir, templates_dir=templates_dir, force=force,
                          as_of=as_of, request_index=request_index, base_dir=base_dir, recovered=leftovers)
    except OutputError as exc:  # Busy, or the folder's lock cannot be taken there
        raise PacketInputError(str(exc)) from None


def recover_packet(outdir: str | Path) -> list[str]:
    """``formkit packet --recover``: put back or clean what a killed build left beside OUTDIR."""
    out = check_folder_output(outdir)
    try:
        with output_lock(out):
            return recover(out)
    except OutputError as exc:
        raise PacketInputError(str(exc)) from None
    except OSError as exc:
        raise PacketInputError(f"{out}: cannot recover ({exc.strerror or exc})") from None


def _build(case_input: CaseInput, out: Path | None, *, forms_dir: str | Path | None,
           templates_dir: str | Path | None, force: bool, as_of: date | None, request_index: int | None,
           base_dir: str | Path | None, recovered: list[str]) -> PacketResult:
    case_path = inputs.case_path(case_input)
    forms = Path(forms_dir) if forms_dir is not None else None
    templates = Path(templates_dir) if templates_dir is not None else None
    if templates is not None and not templates.is_dir():
        raise PacketInputError(f"--templates {templates}: not a folder")
    shown = str(case_path) if case_path is not None else inputs.DATA_SOURCE
    try:
        case_bytes = inputs.canonical_bytes(case_input)
        case = inputs.as_case(case_input)
    except CaseError as exc:
        raise PacketInputError(f"{shown} is not a usable case (run 'formkit validate')",
                               tuple(str(p) for p in exc.problems[:20])) from None
    except InputFileError as exc:
        raise PacketInputError(f"cannot read the case: {exc}") from None
    except OSError as exc:
        raise PacketInputError(f"{shown}: cannot read the case ({exc.strerror or exc})") from None
    if out is not None:
        check_outdir(out)
    created, stamp_source = timestamp(case)
    day = as_of or case.prepared_on

    analysis = run_analysis(case, day)
    try:
        plan = contents.plan_packet(case, request_index=request_index, templates_dir=templates,
                                    analysis=analysis)
    except contents.PlanError as exc:
        raise PacketInputError(str(exc)) from None
    except LookupError as exc:  # a form named in packets.json that formkit does not support
        raise PacketInputError(f"packets.json: {exc}") from None

    _all_forms_present([doc.revision for doc in plan.of_kind("form") if doc.revision is not None], forms)
    # attachments first: an unusable one stops the build, so it is reported before the slow work
    base = case_path.resolve().parent if case_path is not None else Path(base_dir or ".").resolve()
    rendered: dict[str, _Rendered] = {doc.key: _render_attachment(doc, case, base, created)
                                      for doc in plan.documents if doc.kind == "attachment"}

    report = run_checks(case, day, case_path if case_path is not None else Path(base_dir or "."))
    forced = bool(report.errors)
    if report.errors and not force:
        raise PacketBlocked(report)

    try:
        mail_to = addresses.address_for(plan.mail_to_form, case, day)
    except addresses.AddressDataError as exc:
        raise PacketInputError(str(exc)) from None
    warnings: list[str] = []
    if not mail_to.resolved and mail_to.instruction:
        warnings.append(f"mailing address: {mail_to.instruction}")
    if mail_to.inferred and mail_to.note:
        warnings.append(f"mailing address: {mail_to.note}")

    for doc in plan.of_kind("form"):
        rendered[doc.key] = _render_form(doc, case, analysis, forms, day)

    reps = case.representatives
    author = reps[0].name if reps else case.taxpayer.full_name
    form_names = [d.form for d in plan.documents if d.form]

    def context(enclosures: list[dict[str, Any]]) -> dict[str, Any]:
        return letter_context(case, plan.request, program=plan.program, program_title=plan.program_title,
                              letter_date=day, irs=mail_to, enclosures=enclosures, analysis=analysis,
                              forms=form_names)

    for doc in plan.of_kind("payment_summary"):
        rendered[doc.key] = _render_generated(doc, context([]), templates, created, author)
    for doc in plan.of_kind("page"):
        page_context = context([])
        if isinstance(plan.request, OfferRequest):
            page_context["checklist"] = _checklist(case, plan.request, report, analysis, day, templates)
        rendered[doc.key] = _render_generated(doc, page_context, templates, created, author)
    for doc in plan.of_kind("letter"):
        enclosures = [{"title": d.enclosure, "pages": len(rendered[d.key].part.pages),
                       "continuation_pages": rendered[d.key].continuation_pages,
                       "continued": list(rendered[d.key].continued)}
                      for d in plan.documents if d.kind != "letter"]
        rendered[doc.key] = _render_generated(doc, context(enclosures), templates, created, author)

    ordered = [rendered[d.key] for d in plan.documents]
    taxpayer = manifest.person_label(case.taxpayer.full_name, case.taxpayer.ssn)
    try:
        packet_pdf, placed = merge.merge(
            [r.part for r in ordered],
            title=f"{plan.program_title}: {case.taxpayer.full_name}", author=author, created=created)
    except merge.MergeError as exc:
        raise PacketInputError(str(exc)) from None

    files: dict[str, bytes] = {manifest.PACKET_FILE: packet_pdf}
    entries: list[manifest.DocumentEntry] = []
    for position, (r, where) in enumerate(zip(ordered, placed, strict=True), start=1):
        rel = f"{manifest.DOCUMENTS_DIR}/{r.doc.key}.pdf" if r.own_pdf is not None else None
        if rel is not None and r.own_pdf is not None:
            files[rel] = r.own_pdf
        entries.append(manifest.DocumentEntry(
            position=position, id=r.doc.key, kind=r.doc.kind, title=r.doc.title, pages=where.pages,
            first_page=where.first_page, last_page=where.last_page, page_label_prefix=r.doc.label,
            sha256=r.sha256, file=rel, source=r.source, form=r.doc.form,
            revision=r.doc.revision.revision if r.doc.revision else None, official_sha256=r.official_sha256,
            packet_sha256=r.packet_sha256, mapper_options=r.doc.options, reason=r.doc.reason,
            file_separately=r.file_separately, continued=r.continued, continuation_pages=r.continuation_pages))

    templates_used = {d.template: _template_info(d.template, templates) for d in plan.documents if d.template}
    data = manifest.build_manifest(
        created=created, timestamp_source=stamp_source, as_of=day,
        case_file=case_path.name if case_path is not None else inputs.DATA_SOURCE,
        case_sha256=sha256(case_bytes), case_id=case.case_id, taxpayer=taxpayer,
        spouse=manifest.person_label(case.spouse.full_name, case.spouse.ssn) if case.is_joint and case.spouse
        else None,
        program=plan.program, program_title=plan.program_title, request_index=plan.request_index,
        mail_to=mail_to.as_dict(), packet_sha256=sha256(packet_pdf), packet_pages=placed[-1].last_page if placed
        else 0, packet_bytes=len(packet_pdf), documents=entries,
        checks=manifest.checks_section(report, forced=forced, as_of=day),
        templates={"packets": _packets_info(templates), "letters": templates_used}, warnings=warnings)
    files[manifest.MANIFEST_FILE] = manifest.dumps(data)
    if out is not None:
        try:
            write_packet(out, files, created)
        except OutputError as exc:
            raise PacketInputError(redact_text(str(exc))) from None
    return PacketResult(outdir=out, manifest=data, report=report, forced=forced, warnings=tuple(warnings),
                        files=tuple(sorted(files)), contents=MappingProxyType(files), recovered=tuple(recovered))


def _packets_info(templates_dir: Path | None) -> dict[str, Any]:
    from formkit._data import data_dir

    firm = templates_dir / contents.PACKETS_FILE if templates_dir is not None else None
    path = firm if firm is not None and firm.is_file() else data_dir("templates") / contents.PACKETS_FILE
    return {"name": contents.PACKETS_FILE, "origin": "firm" if path == firm else "formkit",
            "sha256": sha256(path.read_bytes())}
