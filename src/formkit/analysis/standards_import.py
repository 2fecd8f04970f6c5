"""Turn the IRS's published housing and transportation tables into standards files.

``build_imports`` takes what the IRS and the U.S. Trustee publish (saved pages, folders of
them, CSV or Excel tables; see standards_pages). ``build_import`` keeps the CSV layouts below.

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
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit.analysis.errors import StandardsDataError
from formkit.analysis.standards import StandardsLibrary, TableVersion, user_standards_dir
from formkit.analysis.standards_pages import (
    REGIONS,
    HousingTable,
    TransportationTable,
    housing_from_rows,
    parse_amount,
    read_page,
    read_xlsx,
)
from formkit.analysis.standards_validate import validate_document
from formkit.files.read import InputFileError, read_limited

MAX_CSV_BYTES = 50 * 1024 * 1024  # the IRS county housing table is about 1 MB
KINDS = {"housing": "housing_utilities", "transportation": "transportation", "metro-areas": "transportation_areas"}
HOUSING_COLUMNS = {"persons_1": "1", "persons_2": "2", "persons_3": "3", "persons_4": "4",
                   "persons_5_or_more": "5+"}


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
                col: parse_amount(row[name], source, f"line {n}/{name}") for name, col in HOUSING_COLUMNS.items()}
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
                ownership = parse_amount(row["one_vehicle"], source, f"line {n}/one_vehicle")
            elif what == "public":
                public = parse_amount(row["one_vehicle"], source, f"line {n}/one_vehicle")
            elif what in ("region", "metro"):
                if not row["area"]:
                    raise StandardsDataError(source, f"line {n}/area", "the area name is required")
                bucket = regions if what == "region" else metros
                bucket[row["area"]] = {"1": parse_amount(row["one_vehicle"], source, f"line {n}/one_vehicle"),
                                       "2": parse_amount(row["two_vehicles"], source, f"line {n}/two_vehicles")}
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


# ------------------------------------------------------- published pages, folders, Excel

PAGE_SUFFIXES = (".htm", ".html")
TABLE_SUFFIXES = (".csv", ".xlsx")


def _files(paths: list[Path]) -> list[Path]:
    """The files named, and the pages and tables inside any folder named (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in PAGE_SUFFIXES + TABLE_SUFFIXES)
            if not found:
                raise StandardsDataError(str(path), "", "the folder holds no .htm, .html, .csv or .xlsx file")
            out += found
        else:
            out.append(path)
    return out


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StandardsDataError(str(path), "", f"cannot read ({exc.strerror})") from None


def _one_date(found: list[tuple[str, date]], effective: date | None) -> date:
    dates = sorted({d for _, d in found})
    if effective is not None:
        wrong = [(name, d) for name, d in found if d != effective]
        if wrong:
            name, d = wrong[0]
            raise StandardsDataError(name, "", f"the page says the standards are effective {d.isoformat()}, "
                                     f"not {effective.isoformat()} (--effective)")
        return effective
    if len(dates) == 1:
        return dates[0]
    if not dates:
        raise StandardsDataError(found[0][0] if found else "", "", "no effective date: the page does not state "
                                 "one (the U.S. Trustee's charts give bankruptcy filing dates, not the IRS's); "
                                 "give the IRS's date with --effective YYYY-MM-DD")
    raise StandardsDataError("", "", "the files are of different tables (effective "
                             + ", ".join(d.isoformat() for d in dates) + "): import one year at a time")


def build_imports(paths: list[Path], kind: str | None, effective: date | None, reference: str | None,
                  library: StandardsLibrary, confidence: str = "CONFIRMED",
                  state: str | None = None) -> list[tuple[dict[str, Any], Path]]:
    """Read published pages, folders of them, or CSV/Excel tables into standards documents.

    The legacy CSV layouts of ``--kind transportation`` and ``--kind metro-areas`` go through
    ``build_import``; everything else is recognised by content (standards_pages).
    """
    if kind in ("transportation", "metro-areas"):
        if len(paths) != 1 or effective is None:
            raise StandardsDataError("", "", f"--kind {kind} reads one CSV file and needs --effective")
        return [build_import(kind, paths[0], effective, reference, library, confidence)]
    housing: list[tuple[str, HousingTable]] = []
    transport: list[tuple[str, TransportationTable]] = []
    for path in _files(paths):
        source, suffix = str(path), path.suffix.lower()
        if suffix in PAGE_SUFFIXES:
            parsed = read_page(_read(path), source, state)
        elif suffix == ".xlsx":
            parsed = housing_from_rows(read_xlsx(_read(path), source), source, state)
        elif suffix == ".csv":
            text = _read(path).decode("utf-8-sig", errors="replace")
            parsed = housing_from_rows(list(csv.reader(io.StringIO(text))), source, state)
        else:
            raise StandardsDataError(source, "", "expected a saved page (.htm, .html), a .csv or an .xlsx file")
        if isinstance(parsed, HousingTable):
            housing.append((path.name, parsed))
        else:
            transport.append((path.name, parsed))
    out = []
    if housing:
        day = _one_date([(n, t.effective) for n, t in housing if t.effective is not None]
                        or [], effective)
        out.append(_housing_doc(housing, day, reference, library, confidence))
    if transport:
        day = _one_date([(n, t.effective) for n, t in transport if t.effective is not None], effective)
        out += _transportation_docs(transport, day, reference, library, confidence)
    return out


def _housing_doc(tables: list[tuple[str, HousingTable]], effective: date, reference: str | None,
                 library: StandardsLibrary, confidence: str) -> tuple[dict[str, Any], Path]:
    shipped = library.table("housing_utilities")
    same_date = next((v for v in shipped.versions if v.effective == effective and v.values is not None), None)
    counties: dict[str, Any] = _deep_copy(same_date.values["counties"]) if same_date and same_date.values else {}
    imported_states: set[str] = set()
    for _, table in tables:
        for state, rows in table.counties.items():
            imported_states.add(state)
            counties[state] = dict(rows)  # a state's published table replaces that state's rows
    publishers = sorted({t.publisher for _, t in tables})
    names = [n for n, _ in tables]
    kept = sorted(set(counties) - imported_states)
    note = (f"Imported {sum(len(t.counties[s]) for _, t in tables for s in t.counties)} county rows of "
            f"{', '.join(sorted(imported_states))} from {', '.join(publishers)}")
    if "U.S. Trustee Program" in publishers:
        note += " (the U.S. Trustee's non-mortgage and mortgage/rent columns added up)"
    if kept and same_date is not None:
        note += f"; the rows of {', '.join(kept)} carried over from {same_date.source} [{same_date.confidence}]"
        if same_date.confidence != "CONFIRMED":
            confidence = same_date.confidence
    doc = _document(shipped, effective, confidence, reference or (
        f"IRS Collection Financial Standards, Local Standards: Housing and Utilities, effective "
        f"{effective.isoformat()} ({', '.join(publishers)}: {', '.join(names[:3])}"
        f"{f' and {len(names) - 3} more' if len(names) > 3 else ''})"), note, {"counties": counties})
    return doc, user_standards_dir() / f"housing_utilities-{effective.isoformat()}.json"


def _transportation_docs(tables: list[tuple[str, TransportationTable]], effective: date, reference: str | None,
                         library: StandardsLibrary, confidence: str) -> list[tuple[dict[str, Any], Path]]:
    """The costs (one table for the country) and the areas (regions and metro-area counties);
    the U.S. Trustee publishes one page per Census region, so the pages are merged."""
    merged = TransportationTable()
    for _, t in tables:
        merged.ownership = merged.ownership if merged.ownership is not None else t.ownership
        merged.public = merged.public if merged.public is not None else t.public
        merged.regions.update(t.regions)
        merged.metros.update(t.metros)
        merged.region_states.update(t.region_states)
        for metro, members in t.metro_counties.items():
            merged.metro_counties.setdefault(metro, {}).update(members)
    source = ", ".join(n for n, _ in tables)
    missing = [r for r in REGIONS if r not in merged.regions]
    if missing:
        raise StandardsDataError(source, "", f"no operating costs for the {', '.join(missing)} region(s): "
                                 "import every region's page together")
    costs = library.table("transportation")
    carried = _base(library, "transportation", effective)
    if carried is None or carried.values is None:
        raise StandardsDataError(source, "", "no loaded table to take the vehicle-count rule from")
    publishers = ", ".join(sorted({t.publisher for _, t in tables}))
    ref = reference or (f"IRS Collection Financial Standards, Local Standards: Transportation, effective "
                        f"{effective.isoformat()} ({publishers}: {source})")
    cost_doc = _document(costs, effective, confidence, ref,
                         f"Imported; vehicle-count rule carried over from the table effective {carried.effective}",
                         {"vehicles_allowed": _deep_copy(carried.values["vehicles_allowed"]),
                          "ownership_per_vehicle": merged.ownership, "public_transportation": merged.public,
                          "operating": {"regions": merged.regions, "metro_areas": merged.metros}})
    out = [(cost_doc, user_standards_dir() / f"transportation-{effective.isoformat()}.json")]
    if merged.metro_counties:
        areas = library.table("transportation_areas")
        base = _base(library, "transportation_areas", effective)
        regions = merged.region_states if len(merged.region_states) == len(REGIONS) else (
            _deep_copy(base.values["regions"]) if base is not None and base.values is not None else None)
        if regions is None:
            raise StandardsDataError(source, "", "the pages do not list the states of every Census region")
        unknown = sorted(set(merged.metros) - set(merged.metro_counties))
        if unknown:
            raise StandardsDataError(source, "", f"no county list for the metro area(s) {', '.join(unknown)}")
        area_doc = _document(areas, effective, confidence, ref,
                             "Imported: the states of each Census region and the counties of every listed "
                             "metropolitan area (a county on no list is in its state's region)",
                             {"regions": regions, "metro_areas": merged.metro_counties, "counties": {}})
        out.append((area_doc, user_standards_dir() / f"transportation_areas-{effective.isoformat()}.json"))
    return out


def _document(table: Any, effective: date, confidence: str, reference: str, note: str,
              values: dict[str, Any]) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "table": table.name, "title": table.title, "description": table.description, "unit": table.unit,
        "rounding": table.rounding,
        "versions": [{"effective": effective.isoformat(), "confidence": confidence, "reference": reference,
                      "note": note, "values": values}],
    }
    if table.review_after_months is not None:
        doc["review_after_months"] = table.review_after_months
    validate_document(_as_loaded(doc), f"{table.name}-{effective.isoformat()}.json")
    return doc
