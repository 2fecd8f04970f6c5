"""Case -> filled official PDF: mapper, format layer, PDF engine, in that order.

Errors are reported by semantic key (``taxpayer.ssn``), the vocabulary a preparer sees in
the field maps, never by the PDF's internal field names alone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.case.model import Case
from formkit.errors import EXIT_FINDINGS, FormkitError
from formkit.forms import continuation
from formkit.forms import format as fmt
from formkit.forms.locate import find
from formkit.forms.mapping import AnalysisLike, FieldValues, Value
from formkit.forms.registry import FormRevision, supported
from formkit.forms.resolve import LongText, MappedForm, continued_marker, map_form

if TYPE_CHECKING:
    from formkit.pdf.writer import FilledForm


@dataclass(frozen=True, slots=True)
class KeyProblem:
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.key}: {self.message}"


class FormFillError(FormkitError, ValueError):
    """Values that cannot be put on the form, all at once, by semantic key."""

    exit_code = EXIT_FINDINGS

    def __init__(self, form: str, problems: list[KeyProblem]) -> None:
        self.form = form
        self.problems = problems
        listing = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{form}: {listing}{more}")


class RevisionNotFillable(FormkitError, LookupError):
    """A prior revision (mapped only to derive the next one) or a derived draft map that no
    maintainer has reviewed yet: filling with it could put values in the wrong boxes."""


def _fillable(revision: FormRevision) -> None:
    if not revision.supported:
        raise RevisionNotFillable(f"{revision.label} is a prior revision formkit does not fill")
    if not revision.reviewed:
        raise RevisionNotFillable(
            f"{revision.label}: the field map forms/{revision.form_id}/{revision.revision}.json is a draft "
            f"derived from a previous revision and not reviewed yet; review it with 'formkit forms review "
            f"forms/{revision.form_id}/{revision.revision}.json' and approve it with --approve")


class LazyAnalysis:
    """Computes the case analysis only if the map asks for a computed line."""

    def __init__(self, case: Case, as_of: date | None = None) -> None:
        self._case = case
        self._as_of = as_of
        self._result: AnalysisLike | None = None

    def _analysis(self) -> AnalysisLike:
        if self._result is None:
            from formkit.analysis import analyze

            self._result = analyze(self._case, as_of=self._as_of)
        return self._result

    def amount(self, path: str) -> Decimal | None:
        return self._analysis().amount(path)

    def sources(self, path: str) -> tuple[str, ...] | None:
        return self._analysis().sources(path)


def mapped_form(revision: FormRevision, case: Case, analysis: AnalysisLike | None, *,
                as_of: date | None = None, **options: Any) -> MappedForm:
    """Everything the form will print: the declared values, then the preparer's overrides;
    the rows that continue on an attachment; the questions the case leaves open."""
    mapped = map_form(revision, case, analysis, as_of=as_of, **options)
    overrides = case.form_overrides.get(revision.form, {})
    unknown = sorted(key for key in overrides if key not in revision.fields)
    if unknown:
        raise FormFillError(revision.label, [
            KeyProblem(key, f"/form_overrides/{revision.form}: not a field of {revision.label} "
                       f"(semantic keys are listed in forms/{revision.form_id}/{revision.revision}.json)")
            for key in unknown])
    if not overrides:
        return mapped
    values = {**mapped.values, **overrides}
    answered = set(overrides)
    still_open = tuple(q for q in mapped.open_questions if not answered & set(q.keys))
    return replace(mapped, values=values, open_questions=still_open)


def mapper_values(revision: FormRevision, case: Case, analysis: AnalysisLike | None,
                  **options: Any) -> FieldValues:
    """The form's semantic values (what ``fill`` prints, overrides applied)."""
    return mapped_form(revision, case, analysis, **options).values


def render_values(revision: FormRevision, values: Mapping[str, Value]) -> dict[str, str | bool]:
    """Semantic values -> PDF field values, per each field's format. Collects every problem."""
    out: dict[str, str | bool] = {}
    problems: list[KeyProblem] = []
    for key in sorted(values):
        value = values[key]
        spec = revision.fields.get(key)
        if spec is None:
            problems.append(KeyProblem(key, f"not a field of {revision.label}"))
            continue
        if value is None or value == "":
            continue
        if spec.readonly:
            problems.append(KeyProblem(key, f"line {spec.line} is pre-printed by the IRS (read-only)"))
            continue
        if spec.kind == "checkbox":
            if not isinstance(value, bool):
                problems.append(KeyProblem(key, f"checkbox expects true/false, got {value!r}"))
            elif value:
                out[spec.pdf] = True
            continue
        try:
            out[spec.pdf] = fmt.render(value, spec.format, spec.max_length)
        except ValueError as exc:
            problems.append(KeyProblem(key, f"line {spec.line}: {exc}"))
    if problems:
        raise FormFillError(revision.label, problems)
    for spec in revision.fields.values():
        if spec.default is not None and not spec.readonly and spec.pdf not in out:
            out[spec.pdf] = ""  # written empty: a viewer would show the IRS default as the value
    return out


def fill_values_document(revision: FormRevision, template: bytes, values: Mapping[str, Value],
                         extra_pages: Sequence[bytes] = ()) -> FilledForm:
    """Fill a verified official template with semantic values (and continuation pages); the
    result stays structured (``.pdf`` for the fillable file, ``.flattened()`` or a packet part)."""
    from formkit.pdf.errors import FillError
    from formkit.pdf.writer import fill_document

    _fillable(revision)
    pdf_values = render_values(revision, values)
    try:
        return fill_document(template, pdf_values, extra_pages)
    except FillError as exc:
        by_pdf = revision.by_pdf_name
        raise FormFillError(revision.label, [
            KeyProblem(by_pdf[p.field].key if p.field in by_pdf else p.field,
                       (f"line {by_pdf[p.field].line}: " if p.field in by_pdf else "") + p.message)
            for p in exc.problems]) from None


def fill_values(revision: FormRevision, template: bytes, values: Mapping[str, Value], *,
                flatten: bool = False) -> bytes:
    """Fill a verified official template with semantic values."""
    filled = fill_values_document(revision, template, values)
    return filled.flattened() if flatten else filled.pdf


def _continue_long_texts(revision: FormRevision, template: bytes, mapped: MappedForm) -> MappedForm:
    """Free text too long for its box goes on the continuation sheet, whole, and the box says so.

    Only ``text`` fields move: names, identifiers, amounts and dates that do not fit stay errors.
    The fit is the PDF engine's own (MaxLen, shrink to the smallest legible size), found by a
    trial fill.
    """
    from formkit.pdf.errors import FillError
    from formkit.pdf.template import compile_template
    from formkit.pdf.writer import fill_document

    try:
        fill_document(template, render_values(revision, mapped.values))
        return mapped
    except FillError as exc:
        by_pdf = revision.by_pdf_name
        moving = [spec for p in exc.problems if (spec := by_pdf.get(p.field)) is not None
                  and spec.format == "text" and not spec.identifies and isinstance(mapped.values.get(spec.key), str)]
        if not moving:
            return mapped
    compiled = compile_template(template)
    values = dict(mapped.values)
    long_texts = []
    for spec in moving:
        tooltip = compiled.fields[spec.pdf].tooltip if spec.pdf in compiled.fields else ""
        text = values[spec.key]
        assert isinstance(text, str)
        long_texts.append(LongText(spec.key, spec.line, continuation.field_label(revision, spec.key, tooltip), text))
        values[spec.key] = continued_marker(spec.max_length)
    return replace(mapped, values=values, long_texts=(*mapped.long_texts, *long_texts))


def _date_continuations(revision: FormRevision, mapped: MappedForm, day: date) -> MappedForm:
    """A ``continued:<prefix>`` field (Form 656 Section 1: "If you need more space, use attachment
    and title it 'Attachment to Form 656 dated ___'") takes the sheet's date when an entry under
    the prefix continues on it."""
    moved = [t.key for t in mapped.long_texts] + [f"{row}." for o in mapped.overflows for row in o.table.rows]
    dated = {key: day for key, spec in revision.fields.items()
             if spec.source is not None and spec.source.startswith("continued:")
             and any(m.startswith(spec.source.partition(":")[2]) for m in moved)}
    return replace(mapped, values={**mapped.values, **dated}) if dated else mapped


def fill_form(form: str | FormRevision, case: Case, *, analysis: AnalysisLike | None = None,
              forms_dir: str | Path | None = None, flatten: bool = False, as_of: date | None = None,
              **options: Any) -> bytes:
    """Fill the supported revision of ``form`` from ``case``; returns the PDF bytes.

    ``options`` go to the form's mapper (``signer="spouse"`` for a 2848, ``item_index`` for
    one Form 843 per period and penalty). The analysis is computed on demand when not given.
    Items a table cannot hold and text too long for its box are printed on continuation pages
    appended to the form.
    """
    filled = fill_form_document(form, case, analysis=analysis, forms_dir=forms_dir, as_of=as_of, **options)
    return filled.flattened() if flatten else filled.pdf


def fill_form_document(form: str | FormRevision, case: Case, *, analysis: AnalysisLike | None = None,
                       forms_dir: str | Path | None = None, as_of: date | None = None,
                       **options: Any) -> FilledForm:
    """Like ``fill_form``, but the filled form stays structured (for flattening, packets)."""
    return fill_form_parts(form, case, analysis=analysis, forms_dir=forms_dir, as_of=as_of, **options)[0]


def fill_form_parts(form: str | FormRevision, case: Case, *, analysis: AnalysisLike | None = None,
                    forms_dir: str | Path | None = None, as_of: date | None = None,
                    **options: Any) -> tuple[FilledForm, MappedForm]:
    """The filled form and what was mapped onto it (what continues on the sheets, what is open)."""
    revision = form if isinstance(form, FormRevision) else supported(form)
    _fillable(revision)
    template = find(revision, forms_dir).read_bytes()
    mapped = mapped_form(revision, case, analysis or LazyAnalysis(case, as_of), as_of=as_of, **options)
    mapped = _continue_long_texts(revision, template, mapped)
    mapped = _date_continuations(revision, mapped, as_of or case.prepared_on)
    try:
        sheets = continuation.pages(mapped, case)
    except continuation.ContinuationError as exc:
        raise FormFillError(revision.label, [
            KeyProblem(p.pointer, f"continuation sheet, column {p.column!r}: {p.message}")
            for p in exc.problems]) from None
    return fill_values_document(revision, template, mapped.values, sheets), mapped
