"""Which documents go into a packet, in which order: the plan.

The order per program is data (``templates/packets.json``, or the same file in a firm's
``--templates DIR``); this module evaluates the named conditions (``when``), repeats
forms per signer or per item (``each``), and places every case attachment exactly once.
Nothing here touches a PDF.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal, Protocol

from formkit._data import data_dir
from formkit.case.model import (
    AbatementRequest,
    Attachment,
    Case,
    InstallmentRequest,
    NotCollectibleRequest,
    OfferRequest,
    Request,
)
from formkit.errors import FormkitError
from formkit.files.read import InputFileError, read_limited
from formkit.findings import Finding
from formkit.forms.registry import FormRevision, supported

DocumentKind = Literal["letter", "form", "attachment", "payment_summary", "page"]
PROGRAM_OF: Mapping[type, str] = {
    OfferRequest: "offer_in_compromise",
    InstallmentRequest: "installment_agreement",
    NotCollectibleRequest: "currently_not_collectible",
    AbatementRequest: "penalty_abatement",
}
PACKETS_FILE = "packets.json"
MAX_PACKETS_BYTES = 1024 * 1024

#: The analysis finding that says an installment request goes with Form 433-F or 433-A (the
#: streamlined limits of standards/installment_agreements.json, decided in formkit.analysis.installment).
STATEMENT_NEEDED = "IA-STATEMENT-NEEDED"


class Decisions(Protocol):
    """What the plan reads of the analysis: its findings (program decisions)."""

    @property
    def findings(self) -> Sequence[Finding]: ...


class PlanError(FormkitError, ValueError):
    """The packet cannot be planned: no or several requests, or a bad packets.json."""


@dataclass(frozen=True, slots=True)
class PlannedDocument:
    """One document of the packet, before it is rendered."""

    key: str                       # stable id, also the file stem: "02-f656", "05-attachment-1"
    kind: DocumentKind
    title: str                     # bookmark and manifest title
    label: str                     # page-label prefix in packet.pdf ("656-" -> "656-1", "656-2", ...)
    enclosure: str                 # how the cover letter lists it
    form: str | None = None        # "2848"
    revision: FormRevision | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    attachment_index: int | None = None
    template: str | None = None
    reason: str | None = None


@dataclass(frozen=True, slots=True)
class PacketPlan:
    program: str
    program_title: str
    request_index: int
    request: Request
    mail_to_form: str
    letter_template: str
    documents: tuple[PlannedDocument, ...]

    def of_kind(self, kind: DocumentKind) -> tuple[PlannedDocument, ...]:
        return tuple(d for d in self.documents if d.kind == kind)


# --- conditions and repetitions named in packets.json -------------------------------------------

def _has_representative(case: Case, request: Request, analysis: Callable[[], Decisions]) -> bool:
    return bool(case.representatives)


def collection_statement(case: Case) -> str:
    """Form 433-F or 433-A: the one the preparer had signed, else 433-A for the self-employed
    (business schedules need its Sections 4-6), else 433-F."""
    signed = {s.form for s in case.signatures}
    if "433-A" in signed and "433-F" not in signed:
        return "433-A"
    if "433-F" in signed:
        return "433-F"
    if case.business is not None or any(i.source == "self_employment" for i in case.income):
        return "433-A"
    return "433-F"


def ia_needs_statement(analysis: Decisions) -> bool:
    """Whether the installment agreement request goes with a collection information statement:
    the analysis decides (from the dated limits); the packet only encloses the form."""
    return any(f.code == STATEMENT_NEEDED for f in analysis.findings)


Condition = Callable[[Case, Request, Callable[[], Decisions]], bool]


def _statement(form: str) -> Condition:
    def condition(case: Case, request: Request, analysis: Callable[[], Decisions]) -> bool:
        if isinstance(request, InstallmentRequest) and not ia_needs_statement(analysis()):
            return False
        return collection_statement(case) == form
    return condition


def _has_special_circumstances(case: Case, request: Request, analysis: Callable[[], Decisions]) -> bool:
    return isinstance(request, OfferRequest) and bool((request.special_circumstances or "").strip())


CONDITIONS: Mapping[str, Condition] = {
    "has_representative": _has_representative,
    "has_special_circumstances": _has_special_circumstances,
    "statement_433f": _statement("433-F"),
    "statement_433a": _statement("433-A"),
}


def _poa_signers(case: Case, request: Request) -> list[dict[str, Any]]:
    signers: list[dict[str, Any]] = [{"signer": "taxpayer"}]
    if case.is_joint:
        signers.append({"signer": "spouse"})
    return signers


def _abatement_items(case: Case, request: Request) -> list[dict[str, Any]]:
    """One Form 843 per item of this request; ``item_index`` counts across every abatement request
    of the case, as the f843 mapper does (its ``abatement_items``)."""
    try:
        mapper = importlib.import_module("formkit.forms.mappers.f843")
        listing = getattr(mapper, "abatement_items", None)
    except ModuleNotFoundError:
        listing = None
    if callable(listing):
        return [{"item_index": i} for i, (owner, _item) in enumerate(listing(case)) if owner is request]
    offset = 0
    for r in case.requests_of(AbatementRequest):
        if r is request:
            return [{"item_index": offset + i} for i in range(len(r.items))]
        offset += len(r.items)
    return []


EACH: Mapping[str, Callable[[Case, Request], list[dict[str, Any]]]] = {
    "poa_signer": _poa_signers,
    "abatement_item": _abatement_items,
}


# --- packets.json --------------------------------------------------------------------------------

def load_packets(templates_dir: Path | None = None) -> Mapping[str, Any]:
    """The packet definitions: the firm's ``packets.json`` when its templates folder has one."""
    path = data_dir("templates") / PACKETS_FILE
    if templates_dir is not None and (templates_dir / PACKETS_FILE).is_file():
        path = templates_dir / PACKETS_FILE
    try:
        raw = json.loads(read_limited(path, MAX_PACKETS_BYTES, what="packets.json").decode("utf-8"))
    except InputFileError as exc:
        raise PlanError(f"cannot read the packet definitions: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise PlanError(f"{path}: cannot read the packet definitions ({exc})") from None
    _check_packets(raw, path)
    return raw  # type: ignore[no-any-return]


def _check_packets(raw: Any, path: Path) -> None:
    if not isinstance(raw, dict) or not isinstance(raw.get("programs"), dict):
        raise PlanError(f"{path}: expected an object with 'programs'")
    for program, spec in raw["programs"].items():
        where = f"{path}: programs.{program}"
        if not isinstance(spec, dict) or not isinstance(spec.get("documents"), list):
            raise PlanError(f"{where}: expected 'documents' (a list)")
        if not isinstance(spec.get("letter"), dict) or not spec["letter"]:
            raise PlanError(f"{where}: expected 'letter' (grounds -> template name, or 'default')")
        for n, doc in enumerate(spec["documents"]):
            kind = doc.get("kind") if isinstance(doc, dict) else None
            if kind not in ("letter", "form", "attachments", "payment_summary", "page"):
                raise PlanError(f"{where}.documents[{n}]: unknown kind {kind!r}")
            if kind == "form" and not isinstance(doc.get("form"), str):
                raise PlanError(f"{where}.documents[{n}]: a form entry needs 'form'")
            if kind == "attachments" and not isinstance(doc.get("types"), list):
                raise PlanError(f"{where}.documents[{n}]: an attachments entry needs 'types' (a list)")
            if kind == "payment_summary" and not isinstance(doc.get("template"), str):
                raise PlanError(f"{where}.documents[{n}]: a payment_summary entry needs 'template'")
            if kind == "page" and not (isinstance(doc.get("template"), str) and isinstance(doc.get("id"), str)
                                       and isinstance(doc.get("title"), str)):
                raise PlanError(f"{where}.documents[{n}]: a page entry needs 'id', 'title' and 'template'")
            if doc.get("when") is not None and doc["when"] not in CONDITIONS:
                raise PlanError(f"{where}.documents[{n}]: unknown condition {doc['when']!r} "
                                f"(known: {', '.join(sorted(CONDITIONS))})")
            if doc.get("each") is not None and doc["each"] not in EACH:
                raise PlanError(f"{where}.documents[{n}]: unknown repetition {doc['each']!r} "
                                f"(known: {', '.join(sorted(EACH))})")
        if not any(d.get("kind") == "attachments" and "*" in d.get("types", ()) for d in spec["documents"]):
            raise PlanError(f"{where}: needs an attachments entry with types ['*'] so that no attachment is left out")


# --- titles --------------------------------------------------------------------------------------

def attachment_title(attachment: Attachment, type_labels: Mapping[str, str]) -> str:
    """"Pay stub: Bayou City Medical Billing LLC, 10/11/2026 to 10/24/2026"."""
    label = type_labels.get(attachment.document_type, attachment.document_type.replace("_", " ").capitalize())
    parts = [p for p in (attachment.description, attachment.account) if p]
    if attachment.period_start and attachment.period_end:
        parts.append(f"{attachment.period_start:%m/%d/%Y} to {attachment.period_end:%m/%d/%Y}")
    elif attachment.period_end or attachment.period_start:
        day = attachment.period_end or attachment.period_start
        assert day is not None
        parts.append(f"{day:%m/%d/%Y}")
    return f"{label}: {', '.join(parts)}" if parts else label


def _person_name(case: Case, signer: str) -> str:
    person = case.spouse if signer == "spouse" and case.spouse is not None else case.taxpayer
    return person.full_name


def _form_title(rev: FormRevision, case: Case, request: Request, options: Mapping[str, Any]) -> tuple[str, str, str]:
    """(bookmark title, page-label prefix, enclosure line) of one form copy."""
    base = f"Form {rev.form} (Rev. {rev.revision})"
    label = rev.form.replace(" ", "")
    if "signer" in options:
        who = _person_name(case, options["signer"])
        suffix = "SP" if options["signer"] == "spouse" else "TP"
        return (f"{base}, {rev.title}: {who}", f"{label}-{suffix}-", f"{base}, {rev.title}, for {who}")
    if "item_index" in options and isinstance(request, AbatementRequest):
        i = int(options["item_index"])
        items = [item for r in case.requests_of(AbatementRequest) for item in r.items]
        what = f"copy {i + 1}"
        if i < len(items):
            item = items[i]
            what = f"{item.form} {item.period.label()}, {item.penalty_type.replace('_', '-')} penalty"
        return (f"{base}, {rev.title}: {what}", f"{label}-{i + 1}-", f"{base}, {rev.title} ({what})")
    return f"{base}, {rev.title}", f"{label}-", f"{base}, {rev.title}"


# --- the plan ------------------------------------------------------------------------------------

def choose_request(case: Case, request_index: int | None) -> tuple[int, Request]:
    if not case.requests:
        raise PlanError("the case has no request (requests is empty): nothing to submit")
    if request_index is None:
        if len(case.requests) > 1:
            programs = ", ".join(f"{n} = {PROGRAM_OF[type(r)]}" for n, r in enumerate(case.requests))
            raise PlanError(f"the case has {len(case.requests)} requests ({programs}); each goes to its own IRS "
                            "address, so build one packet per request with --request N")
        request_index = 0
    if not 0 <= request_index < len(case.requests):
        raise PlanError(f"--request {request_index}: the case has requests 0 to {len(case.requests) - 1}")
    return request_index, case.requests[request_index]


def _letter_template(spec: Mapping[str, Any], request: Request) -> str:
    letters: Mapping[str, str] = spec["letter"]
    grounds = getattr(request, "grounds", None)
    if isinstance(grounds, str) and grounds in letters:
        return letters[grounds]
    if "default" in letters:
        return letters["default"]
    raise PlanError(f"no letter template for grounds {grounds!r} (packets.json 'letter')")


def plan_packet(case: Case, *, request_index: int | None = None, templates_dir: Path | None = None,
                analysis: Decisions | None = None, as_of: date | None = None) -> PacketPlan:
    """The ordered documents of the packet for one request of ``case``. Conditions that rest on a
    program decision read ``analysis`` (else the case is analysed as of ``as_of``, or its own date)."""
    index, request = choose_request(case, request_index)
    decided: list[Decisions] = [analysis] if analysis is not None else []

    def decisions() -> Decisions:
        if not decided:
            from formkit.analysis import analyze

            decided.append(analyze(case, as_of=as_of))
        return decided[0]

    packets = load_packets(templates_dir)
    program = PROGRAM_OF[type(request)]
    spec = packets["programs"].get(program)
    if spec is None:
        raise PlanError(f"packets.json has no entry for program {program!r}")
    type_labels: Mapping[str, str] = packets.get("document_types", {})
    named_types = {t for d in spec["documents"] if d["kind"] == "attachments" for t in d["types"] if t != "*"}

    documents: list[PlannedDocument] = []
    placed: set[int] = set()

    def add(doc: PlannedDocument) -> None:
        documents.append(doc)

    for entry in spec["documents"]:
        when = entry.get("when")
        if when is not None and not CONDITIONS[when](case, request, decisions):
            continue
        kind = entry["kind"]
        reason = entry.get("reason")
        if kind == "letter":
            add(PlannedDocument(key="cover-letter", kind="letter", title="Cover letter", label="Letter-",
                                enclosure="Cover letter", template=_letter_template(spec, request)))
        elif kind == "payment_summary":
            title = entry.get("title", "Payment summary")
            add(PlannedDocument(key="payment-summary", kind="payment_summary", title=title, label="Payment-",
                                enclosure=title, template=entry["template"], reason=reason))
        elif kind == "page":
            add(PlannedDocument(key=entry["id"], kind="page", title=entry["title"],
                                label=entry.get("label", entry["id"].title().replace("-", "") + "-"),
                                enclosure=entry["title"], template=entry["template"], reason=reason))
        elif kind == "form":
            rev = supported(entry["form"])
            repeats = EACH[entry["each"]](case, request) if entry.get("each") else [{}]
            for options in repeats:
                title, label, enclosure = _form_title(rev, case, request, options)
                suffix = "-".join(str(v if not isinstance(v, int) else v + 1) for v in options.values())
                key = rev.form_id + (f"-{suffix}" if suffix else "")
                add(PlannedDocument(key=key, kind="form", title=title, label=label, enclosure=enclosure,
                                    form=rev.form, revision=rev, options=dict(options), reason=reason))
        else:
            types: Sequence[str] = entry["types"]
            # in the order the entry lists the types (checklist order), case order within a type;
            # "*" takes, at its place, every attachment whose type no entry of the program names
            for wanted in types:
                for n, attachment in enumerate(case.attachments):
                    if n in placed:
                        continue
                    if wanted == "*" and attachment.document_type in named_types:
                        continue
                    if wanted not in ("*", attachment.document_type):
                        continue
                    placed.add(n)
                    title = attachment_title(attachment, type_labels)
                    add(PlannedDocument(key=f"attachment-{n + 1}", kind="attachment", title=title,
                                        label=f"Att{n + 1}-", enclosure=title, attachment_index=n, reason=reason))

    for n, attachment in enumerate(case.attachments):  # a firm's packets.json must never drop one
        if n not in placed:
            title = attachment_title(attachment, type_labels)
            add(PlannedDocument(key=f"attachment-{n + 1}", kind="attachment", title=title, label=f"Att{n + 1}-",
                                enclosure=title, attachment_index=n))
    # attachments are labelled in the order they appear in the packet (Att1, Att2, ...), whatever
    # their place in the case; the file key keeps the case index so it stays stable
    order = [d.attachment_index for d in documents if d.kind == "attachment"]
    numbered = tuple(
        PlannedDocument(key=f"{i:02d}-{d.key}", kind=d.kind, title=d.title,
                        label=(f"Att{order.index(d.attachment_index) + 1}-" if d.kind == "attachment" else d.label),
                        enclosure=d.enclosure, form=d.form, revision=d.revision, options=d.options,
                        attachment_index=d.attachment_index, template=d.template, reason=d.reason)
        for i, d in enumerate(documents, start=1))
    return PacketPlan(program=program, program_title=spec.get("title", program), request_index=index,
                      request=request, mail_to_form=spec.get("mail_to", ""),
                      letter_template=_letter_template(spec, request), documents=numbered)
