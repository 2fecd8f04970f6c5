"""Building check subjects for rule tests: example cases edited with dataclasses.replace and
form documents as a filled PDF would read back; the analysis is always the real one of the case
(a scenario edits the case until the analysis gives the numbers it needs)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case import load_case
from formkit.case.model import Case
from formkit.checks import rules as _rules  # noqa: F401  (registers the conditions)
from formkit.checks.catalogue import parameters_for
from formkit.checks.config import CheckConfig
from formkit.checks.documents import Document, Value, current_revision, unanswered
from formkit.checks.engine import run
from formkit.checks.model import CheckReport, Finding
from formkit.checks.subject import Skipped, Subject, analyse, case_documents
from formkit.forms.fill import mapper_values
from formkit.forms.mapping import AnalysisLike
from tests.conftest import EXAMPLES

LUMP = "oic-lump-sum-single.json"
JOINT = "oic-periodic-joint-self-employed.json"
IA = "ia-streamlined.json"
CNC = "cnc-hardship.json"
FTA = "fta-penalty-abatement.json"

_CACHE: dict[str, Case] = {}


def example(name: str) -> Case:
    if name not in _CACHE:
        _CACHE[name] = load_case(EXAMPLES / name)
    return _CACHE[name]


def evolve(obj: Any, path: str, value: Any) -> Any:
    """Replace a nested value in frozen dataclasses: evolve(case, 'requests.0.offer_amount', 1)."""
    head, _, rest = path.partition(".")
    if head.isdigit():
        items = list(obj)
        items[int(head)] = evolve(items[int(head)], rest, value) if rest else value
        return tuple(items)
    current = getattr(obj, head)
    return dataclasses.replace(obj, **{head: evolve(current, rest, value) if rest else value})


def edit(case: Case, **changes: Any) -> Case:
    """Several evolve() calls; keyword names use '__' for '.' (requests__0__offer_amount)."""
    for key, value in changes.items():
        case = evolve(case, key.replace("__", "."), value)
    return case


def money(text: str) -> Decimal:
    return Decimal(text)


def pdf_doc(form_id: str, values: Mapping[str, Value] | None = None, *, label: str | None = None,
            revision: str | None = None, supported: bool = True, source: str = "test.pdf"
            ) -> Document:
    """A form copy as read back from a PDF: every mapped key present (unchecked boxes False)."""
    rev = current_revision(form_id)
    assert rev is not None
    base: dict[str, Value] = {k: (False if spec.kind == "checkbox" else None)
                              for k, spec in rev.fields.items()} if supported else {}
    for key, value in (values or {}).items():
        assert not supported or key in rev.fields, f"{key} is not a key of {form_id}"
        base[key] = value
    return Document(form=rev.form, form_id=form_id, revision=revision or rev.revision,
                    label=label or f"Form {rev.form}", source=source, origin="pdf",
                    values=base, fields=rev.fields if supported else {}, supported=supported,
                    open_questions=unanswered(rev, base) if supported else ())


def as_pdf(form_id: str, case: Case, *, label: str | None = None, options: Mapping[str, Any]
           | None = None, analysis: AnalysisLike | None = None,
           keys: Mapping[str, Value] | None = None, **edits: Value) -> Document:
    """The form formkit would fill from ``case``, read back, then edited by hand.

    Edits are semantic keys: as keywords with '__' for '.', or in ``keys`` when they hold
    brackets (``{"line_3.row[1].periods": "All years"}``).
    """
    rev = current_revision(form_id)
    assert rev is not None
    values = dict(mapper_values(rev, case, analysis if analysis is not None else analyse(case)[0],
                                **(options or {})))
    values.update({k.replace("__", "."): v for k, v in edits.items()})
    values.update(keys or {})
    return pdf_doc(form_id, values, label=label)


def check(case: Case | None = None, docs: Iterable[Document] = (), *,
          analysis: AnalysisLike | str | None = "real", as_of: date | None = None,
          with_forms: bool = False, skipped: Iterable[Skipped] = (),
          unrecognised: Iterable[tuple[str, str]] = (), config: CheckConfig | None = None
          ) -> CheckReport:
    """Run every rule on a subject built from a case and/or documents.

    ``analysis="real"`` computes the analysis of the case (None without a case).
    """
    real: AnalysisLike | None = None
    problem = None
    if analysis == "real":
        if case is not None:
            real, problem = analyse(case)
    else:
        real = analysis  # type: ignore[assignment]
        problem = None if real is not None else "no analysis in this test"
    documents = list(docs)
    if with_forms and case is not None:
        documents += case_documents(case, real)[0]
    day = as_of or (case.prepared_on if case is not None else date(2026, 11, 25))
    kind = "case" if not any(d.origin == "pdf" for d in documents) else "packet"
    subject = Subject(source="test", kind=kind, as_of=day, params=parameters_for(day), case=case,
                      analysis=real, analysis_problem=problem, documents=tuple(documents),
                      skipped_forms=tuple(skipped), unrecognised=tuple(unrecognised))
    report = run(subject, config or CheckConfig())
    broken = [f for f in report.findings if f.code == "CHK-004"]
    assert not broken, broken[0].message
    return report


def findings(report: CheckReport, rule_id: str) -> list[Finding]:
    return [f for f in report.findings if f.code == rule_id]


Scenario = Callable[[], CheckReport]


class Table(dict[str, Scenario]):
    """Scenarios by key 'RULE-ID' or 'RULE-ID <variant>'; use as a decorator."""

    def __call__(self, key: str) -> Callable[[Scenario], Scenario]:
        def register(fn: Scenario) -> Scenario:
            assert key not in self, key
            self[key] = fn
            return fn
        return register


def rule_of(key: str) -> str:
    return key.split(" ")[0]


def assert_triggers(key: str, scenario: Scenario) -> None:
    report = scenario()
    hits = findings(report, rule_of(key))
    assert hits, f"{key} did not fire; found {sorted(report.ids())}"
    for f in hits:
        assert "{" not in f.message and "{" not in f.fix, f.message
        assert f.where
        assert not re.search(r"(?<![0-9*])[0-9]{3}-[0-9]{2}-[0-9]{4}", f.message + f.where)


def assert_passes(key: str, scenario: Scenario) -> None:
    report = scenario()
    hits = findings(report, rule_of(key))
    assert not hits, f"{key} fired: {hits[0].where}: {hits[0].message}"
