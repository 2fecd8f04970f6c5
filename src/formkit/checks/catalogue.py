"""The rule catalogue (``rules/catalogue.json``) and the dated parameters the rules use.

Rule metadata is data a tax professional can review without reading Python: ID,
severity, forms, title, message template, fix and citation. The conditions live in
``formkit.checks.rules``; a test keeps both sides to the same set of IDs.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from formkit._data import data_dir
from formkit.checks.model import SEVERITIES, Severity
from formkit.codes import CatalogueError, read_rules_file

RULE_ID = re.compile(r"^[A-Z]{2,4}-[0-9]{3}$")
AREAS = ("oic", "ia", "cnc", "penalty", "poa", "crossform", "attachments", "completeness", "engine")
AREA_TITLES = {
    "oic": "Offer in compromise (Forms 656, 433-A (OIC))",
    "completeness": "Every question on the forms answered",
    "ia": "Installment agreement (Form 9465)",
    "cnc": "Currently not collectible",
    "penalty": "Penalty relief (Form 843)",
    "poa": "Power of attorney (Form 2848)",
    "crossform": "Cross-form consistency",
    "attachments": "Required attachments",
    "engine": "About this check",
}


@dataclass(frozen=True, slots=True)
class CitedDocument:
    """A document the catalogue cites (``rules/sources.json``)."""

    key: str
    cite: str                      # "Form 656-B (Rev. 4-2021)", "IRM", "IRC"
    kind: str                      # form, instructions, booklet, publication, law, manual, project
    title: str
    sha256: str | None = None      # official PDFs formkit can read quotes back from
    page_offset: int = 0           # PDF pages before printed page 1
    url: str | None = None
    path: str | None = None        # project documents: a file of this repository

    @property
    def held(self) -> bool:
        """An official PDF pinned by hash: its quotes are verified against the text."""
        return self.sha256 is not None


@dataclass(frozen=True, slots=True)
class Source:
    """One place a rule rests on: document, printed page, line or section, and a quote."""

    document: CitedDocument
    page: int | None = None        # as printed on the document
    at: str | None = None          # "Section 6", "Line 3", "20.1.1.3.3.2.1(2)"
    quote: str | None = None
    pdf_page: int | None = None    # for an unnumbered page (a cover or warning sheet)

    def as_text(self) -> str:
        """``Form 656-B (Rev. 4-2021) p.1, Are You Eligible?: "The IRS will ..."``."""
        head = self.document.cite
        if self.page is not None:
            head += f" p.{self.page}"
        if self.at:
            head += f" {self.at}" if self.document.kind in ("law", "manual") else f", {self.at}"
        return head + (f': "{self.quote}"' if self.quote else "")

    def as_dict(self) -> dict[str, object]:
        return {"document": self.document.key, "cite": self.document.cite, "page": self.page,
                "at": self.at, "quote": self.quote, "url": self.document.url}


@dataclass(frozen=True, slots=True)
class RuleMeta:
    id: str
    area: str
    severity: Severity
    forms: tuple[str, ...]
    title: str
    message: str
    fix: str
    sources: tuple[Source, ...]

    @property
    def citation(self) -> str:
        """The sources as one line a preparer reads (and can look up)."""
        return "; ".join(s.as_text() for s in self.sources)

    @property
    def confirmed(self) -> bool:
        """The rule rests on text read back from an official PDF formkit holds (or on formkit's
        own documentation): every quote is from such a PDF, and there is at least one. A law or
        manual section cited without a quote is a pointer for further reading."""
        if all(s.document.kind == "project" for s in self.sources):
            return True
        quoted = [s for s in self.sources if s.quote]
        return bool(quoted) and all(s.document.held for s in quoted)

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "area": self.area, "severity": self.severity,
                "forms": list(self.forms), "title": self.title, "message": self.message,
                "fix": self.fix, "citation": self.citation, "confirmed": self.confirmed,
                "sources": [s.as_dict() for s in self.sources]}


def rules_dir() -> Path:
    return data_dir("rules")


@cache
def load_documents() -> dict[str, CitedDocument]:
    """The cited documents by key (``rules/sources.json``)."""
    out: dict[str, CitedDocument] = {}
    for key, item in read_rules_file("sources.json").get("documents", {}).items():
        try:
            out[key] = CitedDocument(key=key, cite=item["cite"], kind=item["kind"],
                                title=item["title"], sha256=item.get("sha256"),
                                page_offset=int(item.get("page_offset", 0)),
                                url=item.get("url"), path=item.get("path"))
        except (KeyError, TypeError, ValueError) as exc:
            raise CatalogueError(f"rules/sources.json document {key!r}: missing {exc}") from None
    return out


def _sources(rule_id: str, items: Any, documents: dict[str, CitedDocument]) -> tuple[Source, ...]:
    if not isinstance(items, list) or not items:
        raise CatalogueError(f"rules/catalogue.json {rule_id}: 'sources' must list at least one")
    out = []
    for n, item in enumerate(items):
        doc = documents.get(item.get("document", "")) if isinstance(item, dict) else None
        if doc is None:
            raise CatalogueError(f"rules/catalogue.json {rule_id} sources[{n}]: unknown document "
                                 f"{item.get('document') if isinstance(item, dict) else item!r} "
                                 "(add it to rules/sources.json)")
        page = item.get("page")
        out.append(Source(document=doc, page=int(page) if page is not None else None,
                          at=item.get("at"), quote=item.get("quote"),
                          pdf_page=item.get("pdf_page")))
    return tuple(out)


@cache
def load_catalogue() -> dict[str, RuleMeta]:
    """Every rule's metadata by ID, in ID order. Broken data raises CatalogueError."""
    data = read_rules_file("catalogue.json")
    documents = load_documents()
    out: dict[str, RuleMeta] = {}
    for i, item in enumerate(data.get("rules", [])):
        try:
            meta = RuleMeta(
                id=item["id"], area=item["area"], severity=item["severity"],
                forms=tuple(item["forms"]), title=item["title"], message=item["message"],
                fix=item["fix"], sources=_sources(item["id"], item["sources"], documents),
            )
        except (KeyError, TypeError) as exc:
            raise CatalogueError(f"rules/catalogue.json rule #{i}: missing {exc}") from None
        if not RULE_ID.match(meta.id):
            raise CatalogueError(f"rules/catalogue.json: bad rule id {meta.id!r}")
        if meta.severity not in SEVERITIES or meta.area not in AREAS:
            raise CatalogueError(f"rules/catalogue.json {meta.id}: bad severity or area")
        if meta.id in out:
            raise CatalogueError(f"rules/catalogue.json: {meta.id} listed twice")
        out[meta.id] = meta
    return dict(sorted(out.items()))


@dataclass(frozen=True, slots=True)
class Version:
    """The version of a parameter table in force: its values, start date and source."""

    values: dict[str, Any]
    effective: date
    reference: str
    confirmed: bool
    revision: str | None = None


def _versions(table: dict[str, Any]) -> list[Version]:
    out = []
    for v in table.get("versions", []):
        out.append(Version(values=v.get("values", {}), effective=date.fromisoformat(v["effective"]),
                           reference=v.get("reference", ""),
                           confirmed=v.get("confidence", "UNCONFIRMED") == "CONFIRMED",
                           revision=v.get("revision")))
    return sorted(out, key=lambda v: v.effective)


@cache
def _check_tables() -> dict[str, list[Version]]:
    data = read_rules_file("parameters.json")
    tables = data.get("tables")
    if not isinstance(tables, dict):
        raise CatalogueError("rules/parameters.json: no 'tables' object")
    return {name: _versions(t) for name, t in tables.items()}


@cache
def _standard_table(name: str) -> list[Version]:
    path = data_dir("standards") / f"{name}.json"
    try:
        return _versions(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal))
    except (OSError, ValueError, KeyError) as exc:
        raise CatalogueError(f"cannot read standards table {name!r}: {exc}") from None


class Parameters:
    """Dated thresholds and amounts, as in force on ``as_of`` (OpenFisca style).

    A table is looked up first in ``rules/parameters.json`` (values only the checker
    uses: signing windows, look-back periods) and then in ``standards/<table>.json``
    (values the analysis shares: fees, IA limits, the low-income table). A 2024 case is
    checked with 2024 numbers; amounts come back as Decimal, never float.
    """

    def __init__(self, as_of: date) -> None:
        self.as_of = as_of

    def version(self, table: str, revision: str | None = None) -> Version:
        versions = _check_tables().get(table)
        if versions is None:
            versions = _standard_table(table)
        if revision is not None:
            for v in versions:
                if v.revision == revision:
                    return v
        chosen = [v for v in versions if v.effective <= self.as_of]
        if not chosen:
            raise CatalogueError(f"no {table!r} values in force on {self.as_of.isoformat()}")
        return chosen[-1]

    def get(self, table: str, path: str, revision: str | None = None) -> Any:
        node: Any = self.version(table, revision).values
        for part in path.split("."):
            if not isinstance(node, dict) or part not in node:
                raise CatalogueError(f"parameter {table}.{path} is missing")
            node = node[part]
        return node

    def money(self, table: str, path: str, revision: str | None = None) -> Decimal:
        return Decimal(str(self.get(table, path, revision)))

    def number(self, table: str, path: str, revision: str | None = None) -> int:
        return int(self.get(table, path, revision))


def parameters_for(as_of: date) -> Parameters:
    return Parameters(as_of)
