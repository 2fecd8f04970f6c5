"""What the rules look at: the case (if any), its analysis (if computable) and the forms.

For a case, the forms come from the mappers (the same values ``formkit fill`` would put
on the official PDFs); for PDF input, from reading the filled fields back through the
field maps. Rules read both through ``Document`` by semantic key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case.model import (
    AbatementRequest,
    Case,
    InstallmentRequest,
    NotCollectibleRequest,
    OfferRequest,
)
from formkit.checks.catalogue import Parameters
from formkit.checks.documents import Document, Value, current_revision, labels
from formkit.checks.model import DocumentInfo, InputKind
from formkit.findings import Finding
from formkit.forms.fill import mapped_form
from formkit.forms.mapping import AnalysisLike
from formkit.forms.resolve import OpenQuestion


@dataclass(frozen=True, slots=True)
class Skipped:
    """A form that could not be built from the case, and why (reported as CHK-002)."""

    form: str
    reason: str


@dataclass(frozen=True, slots=True)
class Subject:
    source: str
    kind: InputKind
    as_of: date
    params: Parameters
    case: Case | None = None
    analysis: AnalysisLike | None = None
    analysis_problem: str | None = None
    documents: tuple[Document, ...] = ()
    infos: tuple[DocumentInfo, ...] = ()
    skipped_forms: tuple[Skipped, ...] = ()
    unrecognised: tuple[tuple[str, str], ...] = ()   # (file, why) of PDFs that are no known form

    def docs(self, form_id: str) -> tuple[Document, ...]:
        """Every copy of a form, from the mappers or from PDFs."""
        return tuple(d for d in self.documents if d.form_id == form_id and d.supported)

    def pdf_docs(self, form_id: str) -> tuple[Document, ...]:
        """Copies read from PDFs only: rules that also check the case use these, so a form
        built from the case is not reported a second time."""
        return tuple(d for d in self.docs(form_id) if d.origin == "pdf")

    def case_path(self, form_id: str) -> bool:
        """Judge this form's contents from the case: there is a case and no filled copy of the
        form was given (when one was, its own values are checked instead, once)."""
        return self.case is not None and not self.pdf_docs(form_id)

    @property
    def has_pdf(self) -> bool:
        return any(d.origin == "pdf" for d in self.documents)

    def amount(self, path: str) -> Decimal | None:
        return self.analysis.amount(path) if self.analysis is not None else None

    def decided(self, code: str) -> tuple[Finding, ...]:
        """The analysis' findings under a code the checks share with it: the analysis decides
        (once) from the case; the rule reports where the case or the form shows it."""
        found: tuple[Finding, ...] = getattr(self.analysis, "findings", ())
        return tuple(f for f in found if f.code == code)

    def decided_at(self, code: str) -> set[str]:
        """The case pointers those findings name."""
        return {f.path for f in self.decided(code) if f.location.kind == "case"}

    def analysed_offer(self) -> list[tuple[int, OfferRequest]]:
        """The offer request the analysis judged (its ``oic.requested.*`` lines name it): what
        the analysis decided about "the offer" is reported there, not on any other offer."""
        judged = (self.analysis.sources("oic.requested.offer_amount") or ()) if self.analysis is not None else ()
        return [(i, r) for i, r in self.offers() if f"/requests/{i}" in judged]

    def _of(self, kind: type[Any], judged_on: str | None) -> list[tuple[int, Any]]:
        if judged_on is not None and not self.case_path(judged_on):
            return []
        return _requests(self.case, kind)

    # ``judged_on``: only when that form's contents are judged from the case (see case_path)
    def offers(self, judged_on: str | None = None) -> list[tuple[int, OfferRequest]]:
        return self._of(OfferRequest, judged_on)

    def installments(self, judged_on: str | None = None) -> list[tuple[int, InstallmentRequest]]:
        return self._of(InstallmentRequest, judged_on)

    def abatements(self, judged_on: str | None = None) -> list[tuple[int, AbatementRequest]]:
        return self._of(AbatementRequest, judged_on)

    def cnc_requests(self) -> list[tuple[int, NotCollectibleRequest]]:
        return self._of(NotCollectibleRequest, None)


def _requests(case: Case | None, kind: type[Any]) -> list[tuple[int, Any]]:
    if case is None:
        return []
    return [(i, r) for i, r in enumerate(case.requests) if isinstance(r, kind)]


# ------------------------------------------------------------------ analysis

def analyse(case: Case, as_of: date | None = None) -> tuple[AnalysisLike | None, str | None]:
    """The case analysis on the check's date, or None with the reason (the analysis may not be
    installed, or may not cover this case); the check then skips the rules that need it."""
    try:
        from formkit.analysis import analyze
    except ImportError:
        return None, "the analysis (formkit.analysis) is not available in this installation"
    try:
        result: AnalysisLike = analyze(case, as_of=as_of)
    except Exception as exc:  # any analysis failure becomes an info finding, never a crash
        return None, f"the analysis could not be computed ({type(exc).__name__}: {exc})"
    return result, None


# ------------------------------------------------------------------ forms from the case

def _forms_for(case: Case) -> list[tuple[str, dict[str, Any]]]:
    """(form id, mapper options) of every form copy the case's requests need."""
    wanted: list[tuple[str, dict[str, Any]]] = []
    programs = {type(r) for r in case.requests}
    if OfferRequest in programs:
        wanted += [("f656", {}), ("f433aoi", {})]
    if InstallmentRequest in programs:
        wanted.append(("f9465", {}))
    if NotCollectibleRequest in programs or any(
            s.form == "433-F" for s in case.signatures):
        wanted.append(("f433f", {}))
    if AbatementRequest in programs:
        count = sum(len(r.items) for r in case.requests if isinstance(r, AbatementRequest))
        wanted += [("f843", {"item_index": i}) for i in range(count)]
    if case.representatives:
        wanted.append(("f2848", {"signer": "taxpayer"}))
        if case.is_joint:
            wanted.append(("f2848", {"signer": "spouse"}))
    return wanted


def case_documents(case: Case, analysis: AnalysisLike | None, as_of: date | None = None
                   ) -> tuple[list[Document], list[DocumentInfo], list[Skipped]]:
    """Build every form the case needs through its mapper, the way ``formkit fill`` does."""
    built: list[tuple[str, str, str, dict[str, Value], Mapping[str, Any], tuple[OpenQuestion, ...]]] = []
    skipped: list[Skipped] = []
    for form_id, options in _forms_for(case):
        revision = current_revision(form_id)
        if revision is None:
            skipped.append(Skipped(form_id, "no supported revision in the forms registry"))
            continue
        try:
            mapped = mapped_form(revision, case, analysis, as_of=as_of, **options)
        except ModuleNotFoundError:
            skipped.append(Skipped(revision.form, f"there is no mapper for Form {revision.form} yet"))
            continue
        except Exception as exc:  # a mapper failure is reported (CHK-002), not raised
            skipped.append(Skipped(revision.form, f"the Form {revision.form} mapper failed "
                                   f"({type(exc).__name__}: {exc})"))
            continue
        built.append((revision.form, form_id, revision.revision, dict(mapped.values), revision.fields,
                      mapped.open_questions))
    docs = [Document(form=form, form_id=form_id, revision=rev, label=label, source="case",
                     origin="case", values=values, fields=fields, open_questions=open_questions)
            for (form, form_id, rev, values, fields, open_questions), label in zip(
                built, labels([b[0] for b in built]), strict=True)]
    infos = [DocumentInfo(label=d.label, form=d.form, form_id=d.form_id, revision=d.revision,
                          source="case", recognised_by="mapper", field_count=d.filled_count)
             for d in docs]
    return docs, infos, skipped


@dataclass(frozen=True, slots=True)
class CaseParts:
    analysis: AnalysisLike | None = None
    analysis_problem: str | None = None
    documents: tuple[Document, ...] = ()
    infos: tuple[DocumentInfo, ...] = ()
    skipped: tuple[Skipped, ...] = ()


def case_parts(case: Case, with_forms: bool = True, as_of: date | None = None) -> CaseParts:
    """The analysis and the forms of a case, both on the check's date (``as_of``)."""
    analysis, problem = analyse(case, as_of)
    if not with_forms:
        return CaseParts(analysis, problem)
    docs, infos, skipped = case_documents(case, analysis, as_of)
    return CaseParts(analysis, problem, tuple(docs), tuple(infos), tuple(skipped))
