"""Dated standards data: load, validate, merge user tables over shipped ones, pick by date.

Each file under ``standards/`` holds one table (national standards, housing, fees, form
revision constants, ...) as a list of versions keyed by the date they take effect, each
with its reference and a confidence tag (OpenFisca-style parameters). ``Table.at(day)``
returns the version in force on that day; a version whose values are not available, a
date before the first version, or a missing key stops with a StandardsError naming it.

User-imported tables (``formkit standards import``) live in
``$FORMKIT_DATA_DIR/standards`` (default: the platform's per-user data folder). A user
version replaces the shipped version with the same table and effective date.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import platformdirs

from formkit._data import data_dir
from formkit.analysis.errors import StandardsDataError, StandardsError
from formkit.analysis.money import dec
from formkit.analysis.standards_validate import validate_document

ENV_DATA_DIR = "FORMKIT_DATA_DIR"


def user_data_dir() -> Path:
    """The per-user data folder (``$FORMKIT_DATA_DIR`` when set)."""
    override = os.environ.get(ENV_DATA_DIR)
    return Path(override) if override else Path(platformdirs.user_data_dir("formkit"))


def user_standards_dir() -> Path:
    return user_data_dir() / "standards"


@dataclass(frozen=True, slots=True)
class TableVersion:
    """One dated version of a table: its values (None when not available) and provenance."""

    table: str
    title: str
    effective: date
    confidence: str
    reference: str
    rounding: str
    source: str
    values: Mapping[str, Any] | None = None
    unavailable: str | None = None
    note: str | None = None
    revision: str | None = None

    @property
    def label(self) -> str:
        when = f"Rev. {self.revision}" if self.revision else f"effective {self.effective.isoformat()}"
        return f"{self.title} ({when})"

    @property
    def citation(self) -> str:
        return f"{self.reference} [{self.confidence}]"

    def get(self, *keys: str) -> Any:
        """The value at ``keys``; a missing key is a StandardsError naming table, date and key."""
        node: Any = self.values
        for i, key in enumerate(keys):
            if not isinstance(node, Mapping) or key not in node:
                where = " / ".join(keys[: i + 1])
                raise StandardsError(f"{self.label}: no value for {where} is loaded "
                                     f"(source {self.source})")
            node = node[key]
        return node

    def amount(self, *keys: str) -> Decimal:
        return dec(self.get(*keys))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"table": self.table, "title": self.title,
                               "effective": self.effective.isoformat(),
                               "confidence": self.confidence, "reference": self.reference,
                               "source": self.source}
        if self.revision:
            out["revision"] = self.revision
        return out


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    title: str
    description: str
    unit: str
    rounding: str
    versions: tuple[TableVersion, ...]
    review_after_months: int | None = None

    def at(self, day: date) -> TableVersion:
        """The version in force on ``day``; never an older or newer one in its place."""
        in_force = [v for v in self.versions if v.effective <= day]
        if not in_force:
            first = self.versions[0].effective.isoformat()
            raise StandardsError(f"no {self.title} table in force on {day.isoformat()} is loaded "
                                 f"(the earliest loaded takes effect {first}); import the table "
                                 f"for that date with `formkit standards import` or analyse as "
                                 f"of a later date")
        version = in_force[-1]
        if version.unavailable is not None:
            raise StandardsError(f"the {self.title} table effective "
                                 f"{version.effective.isoformat()} (in force on {day.isoformat()}) "
                                 f"is not loaded: {version.unavailable}")
        return version


@dataclass(frozen=True, slots=True)
class StandardsLibrary:
    tables: Mapping[str, Table]

    def table(self, name: str) -> Table:
        if name not in self.tables:
            raise StandardsError(f"standards table {name!r} is not loaded")
        return self.tables[name]

    def at(self, name: str, day: date) -> TableVersion:
        return self.table(name).at(day)


def read_document(path: Path) -> Any:
    """Parse a standards file with every number as Decimal."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise StandardsDataError(str(path), "", f"cannot read ({exc.strerror})") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal)
    except json.JSONDecodeError as exc:
        raise StandardsDataError(str(path), "", f"not valid JSON: {exc.msg} at line {exc.lineno} "
                                 f"column {exc.colno}") from None


def _versions(doc: Mapping[str, Any], source: str) -> list[TableVersion]:
    out = []
    for v in doc["versions"]:
        out.append(TableVersion(
            table=doc["table"], title=doc["title"], effective=date.fromisoformat(v["effective"]),
            confidence=v["confidence"], reference=v["reference"], rounding=doc["rounding"],
            source=source, values=v.get("values"), unavailable=v.get("unavailable"),
            note=v.get("note"), revision=v.get("revision")))
    return out


def _files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.json") if p.is_file()) if directory.is_dir() else []


def build_library(shipped: Sequence[Path], user: Sequence[Path] = ()) -> StandardsLibrary:
    """Validate every file and merge: user versions replace shipped ones of the same date."""
    docs: dict[str, Mapping[str, Any]] = {}
    versions: dict[str, dict[date, TableVersion]] = {}
    for origin, paths in (("shipped", shipped), ("user", user)):
        for path in paths:
            doc = read_document(path)
            validate_document(doc, str(path))
            name = str(doc["table"])
            if origin == "shipped" and name in docs:
                raise StandardsDataError(str(path), "/table", f"table {name!r} is shipped twice")
            docs.setdefault(name, doc)
            source = f"{origin}:{path.name}"
            for version in _versions(doc, source):
                versions.setdefault(name, {})[version.effective] = version
    tables = {}
    for name, doc in docs.items():
        review = doc.get("review_after_months")
        tables[name] = Table(name=name, title=str(doc["title"]),
                             description=str(doc.get("description", "")),
                             unit=str(doc.get("unit", "")), rounding=str(doc["rounding"]),
                             versions=tuple(sorted(versions[name].values(), key=lambda v: v.effective)),
                             review_after_months=int(review) if review is not None else None)
    return StandardsLibrary(tables)


def _fingerprint(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in paths:
        st = p.stat()
        out.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(out)


@lru_cache(maxsize=4)
def _cached(shipped: tuple[tuple[str, int, int], ...],
            user: tuple[tuple[str, int, int], ...]) -> StandardsLibrary:
    return build_library([Path(p) for p, _, _ in shipped], [Path(p) for p, _, _ in user])


def load_library(user_dir: Path | None = None) -> StandardsLibrary:
    """The shipped tables merged with the user's imported tables (cached while unchanged)."""
    shipped = _files(data_dir("standards"))
    user = _files(user_dir if user_dir is not None else user_standards_dir())
    return _cached(_fingerprint(shipped), _fingerprint(user))

