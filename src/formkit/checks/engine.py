"""Run the registered rules over a subject and turn hits into findings."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from formkit.checks.catalogue import AREAS, RuleMeta, load_catalogue
from formkit.checks.config import CheckConfig
from formkit.checks.model import SEVERITIES, CheckReport, Finding, Severity
from formkit.checks.registry import REGISTRY, Hit
from formkit.checks.subject import Subject
from formkit.findings import Location
from formkit.redact import mask_tin, redact_text


class _Blank(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(template: str, values: dict[str, str]) -> str:
    """Fill a catalogue template; a placeholder without a value stays visible as {name}."""
    return string.Formatter().vformat(template, (), _Blank(values))


def _finding(meta: RuleMeta, severity: Severity, h: Hit) -> Finding:
    where = replace(h.where, path=redact_text(h.where.path))
    return Finding(code=meta.id, severity=severity, title=meta.title,
                   message=redact_text(render(meta.message, h.values)),
                   location=where, fix=redact_text(render(meta.fix, h.values)),
                   citation=meta.citation, confirmed=meta.confirmed, area=meta.area,
                   document=h.document)


def _ids(rules: Iterable[str]) -> str:
    return ", ".join(sorted(rules))


def run(subject: Subject, config: CheckConfig) -> CheckReport:
    catalogue = load_catalogue()
    hits: list[tuple[str, Hit]] = []
    ran: list[str] = []
    no_case: list[str] = []
    no_analysis: list[str] = []
    for rule_id in sorted(REGISTRY):
        spec = REGISTRY[rule_id]
        if rule_id in config.disable:
            continue
        if "case" in spec.needs and subject.case is None:
            no_case.append(rule_id)
            continue
        if "analysis" in spec.needs and subject.case is not None and subject.analysis is None:
            no_analysis.append(rule_id)
            continue
        ran.append(rule_id)
        try:
            hits.extend((rule_id, h) for h in spec.condition(subject))
        except Exception as exc:  # one rule's bad day must not sink the report
            hits.append(("CHK-004", Hit(Location.file(subject.source), {
                "detail": f"checking {subject.source}", "rule": rule_id,
                "error": f"{type(exc).__name__}: {exc}"})))
    if no_analysis and subject.case is not None:
        hits.append(("CHK-001", Hit(Location.analysis(""), {
            "detail": subject.analysis_problem or "the analysis is not available",
            "rules": _ids(no_analysis)})))
    for skipped in subject.skipped_forms:
        affected = [m.id for m in catalogue.values()
                    if skipped.form in m.forms and m.id in REGISTRY and m.id not in no_case]
        hits.append(("CHK-002", Hit(Location.on_form(f"Form {skipped.form}"), {
            "detail": skipped.reason, "rules": _ids(affected) or "none"}, f"Form {skipped.form}")))
    if no_case and subject.has_pdf:
        hits.append(("CHK-003", Hit(Location.file(subject.source), {
            "detail": "no case file was given with the PDF", "rules": _ids(no_case)})))

    findings = []
    for rule_id, h in hits:
        if rule_id in config.disable:
            continue
        meta = catalogue[rule_id]
        findings.append(_finding(meta, config.severity.get(rule_id, meta.severity), h))
    findings.sort(key=lambda f: (AREAS.index(f.area), SEVERITIES.index(f.severity), f.code,
                                 f.document or "", f.where, f.message))
    unique = tuple(dict.fromkeys(findings))
    case = subject.case
    return CheckReport(
        input=subject.source, input_kind=subject.kind, as_of=subject.as_of.isoformat(),
        findings=unique, documents=subject.infos, rules_run=tuple(ran),
        rules_disabled=tuple(sorted(config.disable)), config_file=config.path,
        case_id=case.case_id if case else None,
        taxpayer=(f"{case.taxpayer.full_name} (SSN {mask_tin(case.taxpayer.ssn)})"
                  if case else None))
