"""Turn the IRS's published housing and transportation tables (as CSV) into standards files.

CSV columns (a header row is required; extra columns are ignored; amounts may be written
``1593``, ``1,593`` or ``$1,593``):

- ``housing``: ``state,county,persons_1,persons_2,persons_3,persons_4,persons_5_or_more``
  (state: two-letter code; county as the IRS names it, e.g. ``Harris County``). Rows are
  merged over the table of the same effective date already loaded (shipped or imported).
- ``transportation``: ``kind,area,one_vehicle,two_vehicles`` with one row
  ``ownership,,703,1406`` (per vehicle in ``one_vehicle``), one row ``public,,220,``, a row
  ``region,<Northeast|Midwest|South|West>,330,660`` per region and a row
  ``metro,<name as the IRS prints it>,417,834`` per metropolitan area. The whole table is
  replaced; the vehicle-count rule (one vehicle per adult, two at most) is carried over from
  the shipped table.
- ``metro-areas``: ``state,county,metro_area`` (empty ``metro_area``: the county is in none
  of the listed metro areas and its region's column applies). Rows are merged over the
  table of the same effective date already loaded; the regions are carried over.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from formkit.analysis.errors import StandardsDataError
from formkit.analysis.standards import StandardsLibrary, TableVersion, user_standards_dir
from formkit.analysis.standards_validate import validate_document
from formkit.files.read import InputFileError, read_limited

MAX_CSV_BYTES = 50 * 1024 * 1024  # the IRS county housing table is about 1 MB
KINDS = {"housing": "housing_utilities", "transportation": "transportation", "metro-areas": "transportation_areas"}
HOUSING_COLUMNS = {"persons_1": "1", "persons_2": "2", "persons_3": "3", "persons_4": "4",
                   "persons_5_or_more": "5+"}


def _amount(raw: str | None, source: str, where: str) -> Decimal:
    text = (raw or "").strip().replace("$", "").replace(",", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise StandardsDataError(source, where, f"not an amount: {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise StandardsDataError(source, where, f"not a non-negative amount: {raw!r}")
    return value


def _rows(text: str, source: str, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in required if c not in header]
    if missing:
        raise StandardsDataError(source, "line 1", f"missing column(s) {', '.join(missing)} (expected "
                                 f"{','.join(required)})")
    reader.fieldnames = header
    rows = [(n, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for n, row in enumerate(reader, start=2)]
    if not rows:
        raise StandardsDataError(source, "line 2", "no data rows")
    return rows


def _base(library: StandardsLibrary, table: str, effective: date) -> TableVersion | None:
    """The loaded version with exactly this effective date, or the latest before it."""
    versions = [v for v in library.table(table).versions if v.effective <= effective and v.values is not None]
    return versions[-1] if versions else None


def _deep_copy(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value


def build_import(kind: str, csv_path: Path, effective: date, reference: str | None,
                 library: StandardsLibrary, confidence: str = "CONFIRMED") -> tuple[dict[str, Any], Path]:
    """Read the CSV, build and validate one standards document; return it and where it goes."""
    table = KINDS[kind]
    source = str(csv_path)
    try:
        text = read_limited(csv_path, MAX_CSV_BYTES, what="CSV file").decode("utf-8-sig")
    except InputFileError as exc:
        raise StandardsDataError(source, "", exc.reason) from None
    except UnicodeDecodeError as exc:
        raise StandardsDataError(source, "", f"not UTF-8 text (byte {exc.start})") from None
    shipped = library.table(table)
    same_date = next((v for v in shipped.versions if v.effective == effective and v.values is not None), None)
    carried = _base(library, table, effective)
    note: str
    if kind == "housing":
        values = {"counties": _deep_copy(same_date.values["counties"]) if same_date and same_date.values else {}}
        for n, row in _rows(text, source, ("state", "county", *HOUSING_COLUMNS)):
            state, county = row["state"].upper(), row["county"]
            if not state or not county:
                raise StandardsDataError(source, f"line {n}", "state and county are required")
            values["counties"].setdefault(state, {})[county] = {
                col: _amount(row[name], source, f"line {n}/{name}") for name, col in HOUSING_COLUMNS.items()}
        imported = {(r["state"].upper(), r["county"]) for _, r in _rows(text, source, ("state", "county"))}
        note = "Imported from the IRS housing and utilities table"
    elif kind == "metro-areas":
        if carried is None or carried.values is None:
            raise StandardsDataError(source, "", "no loaded table to take the regions from")
        values = {"regions": _deep_copy(carried.values["regions"]),
                  "counties": _deep_copy(same_date.values["counties"]) if same_date and same_date.values else {}}
        for n, row in _rows(text, source, ("state", "county", "metro_area")):
            state, county = row["state"].upper(), row["county"]
            if not state or not county:
                raise StandardsDataError(source, f"line {n}", "state and county are required")
            values["counties"].setdefault(state, {})[county] = row["metro_area"] or None
        imported = {(r["state"].upper(), r["county"]) for _, r in _rows(text, source, ("state", "county"))}
        note = f"Imported county membership; regions carried over from the table effective {carried.effective}"
    else:
        if carried is None or carried.values is None:
            raise StandardsDataError(source, "", "no loaded table to take the vehicle-count rule from")
        regions: dict[str, Any] = {}
        metros: dict[str, Any] = {}
        ownership = public = None
        for n, row in _rows(text, source, ("kind", "area", "one_vehicle", "two_vehicles")):
            what = row["kind"].lower()
            if what == "ownership":
                ownership = _amount(row["one_vehicle"], source, f"line {n}/one_vehicle")
            elif what == "public":
                public = _amount(row["one_vehicle"], source, f"line {n}/one_vehicle")
            elif what in ("region", "metro"):
                if not row["area"]:
                    raise StandardsDataError(source, f"line {n}/area", "the area name is required")
                bucket = regions if what == "region" else metros
                bucket[row["area"]] = {"1": _amount(row["one_vehicle"], source, f"line {n}/one_vehicle"),
                                       "2": _amount(row["two_vehicles"], source, f"line {n}/two_vehicles")}
            else:
                raise StandardsDataError(source, f"line {n}/kind", f"expected ownership, public, region "
                                         f"or metro, not {row['kind']!r}")
        if ownership is None or public is None:
            raise StandardsDataError(source, "", "the ownership and public rows are required")
        values = {"vehicles_allowed": _deep_copy(carried.values["vehicles_allowed"]),
                  "ownership_per_vehicle": ownership, "public_transportation": public,
                  "operating": {"regions": regions, "metro_areas": metros}}
        note = f"Imported; vehicle-count rule carried over from the table effective {carried.effective}"
    if kind != "transportation" and same_date is not None:
        kept = sum(1 for state, rows in values["counties"].items() for county in rows
                   if (state, county) not in imported)
        if kept:
            note += (f"; {kept} county row(s) carried over from {same_date.source} "
                     f"[{same_date.confidence}]")
            if same_date.confidence != "CONFIRMED":
                confidence = same_date.confidence
    doc: dict[str, Any] = {
        "table": table,
        "title": shipped.title,
        "description": shipped.description,
        "unit": shipped.unit,
        "rounding": shipped.rounding,
        "versions": [{
            "effective": effective.isoformat(),
            "confidence": confidence,
            "reference": reference or f"IRS Collection Financial Standards, imported by the user from "
                                      f"{csv_path.name}",
            "note": note,
            "values": values,
        }],
    }
    if shipped.review_after_months is not None:
        doc["review_after_months"] = shipped.review_after_months
    target = user_standards_dir() / f"{table}-{effective.isoformat()}.json"
    validate_document(_as_loaded(doc), str(target))
    return doc, target


def _as_loaded(doc: Any) -> Any:
    """The document as a reader will see it (numbers as Decimal) for validation."""
    if isinstance(doc, Mapping):
        return {k: _as_loaded(v) for k, v in doc.items()}
    if isinstance(doc, list):
        return [_as_loaded(v) for v in doc]
    if isinstance(doc, int) and not isinstance(doc, bool):
        return Decimal(doc)
    return doc
