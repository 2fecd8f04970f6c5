"""The standards in force on one date, with typed lookups that record what they used."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.analysis.errors import StandardsError
from formkit.analysis.money import dec
from formkit.analysis.standards import StandardsLibrary, TableVersion

HOUSING_IMPORT = (
    "Save the state's page from irs.gov (Collection Financial Standards, 'Local Standards: Housing "
    "and Utilities', choose the state) or the U.S. Trustee Program's housing chart for the state "
    "(justice.gov/ust, Means Testing) and run `formkit standards import PAGE.html` (the U.S. Trustee's "
    "copy also needs `--effective` with the IRS date); a CSV or Excel table works the same way "
    "(docs/reference/standards-import.md)")
TRANSPORTATION_IMPORT = (
    "Save the irs.gov page 'Local Standards: Transportation' (or the U.S. Trustee Program's four "
    "regional transportation pages) and run `formkit standards import PAGE.html` "
    "(docs/reference/standards-import.md)")
_SUFFIXES = (" county", " parish", " borough", " census area", " municipality", " city and borough",
             " municipio")


def normalize_county(name: str) -> str:
    """'St. Clair County' -> 'saint clair'; 'Baltimore city' stays 'baltimore city'."""
    text = " ".join(name.replace("\u2019", "'").lower().split())
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if text.endswith(suffix):
            text = text[: -len(suffix)]
            break
    if text.startswith("st. ") or text.startswith("st "):
        text = "saint " + text.split(" ", 1)[1]
    if text.startswith("ste. ") or text.startswith("ste "):
        text = "sainte " + text.split(" ", 1)[1]
    return text


def county_key(county: str, rows: Mapping[str, Any]) -> str | None:
    """The table's own name for a county: exact, else the one whose normalized name matches."""
    if county in rows:
        return county
    wanted = normalize_county(county)
    matches = [name for name in rows if normalize_county(name) == wanted]
    return matches[0] if len(matches) == 1 else None


def _did_you_mean(county: str, rows: Mapping[str, Any]) -> str:
    close = difflib.get_close_matches(normalize_county(county), [normalize_county(n) for n in rows], n=1,
                                      cutoff=0.85)
    if not close:
        return ""
    name = next(n for n in rows if normalize_county(n) == close[0])
    return f" (did you mean {name!r}? check the county in the case address)"


def _metro_of(metros: Mapping[str, Any], state: str, county: str) -> str | None:
    wanted = normalize_county(county)
    for metro, states in metros.items():
        if any(normalize_county(name) == wanted for name in states.get(state, ())):
            return str(metro)
    return None


@dataclass(frozen=True, slots=True)
class Looked:
    """A value read from a table, with the version it came from."""

    amount: Decimal
    version: TableVersion
    what: str


@dataclass
class StandardsAt:
    library: StandardsLibrary
    as_of: date
    used: dict[tuple[str, date], TableVersion] = field(default_factory=dict)

    def version(self, table: str) -> TableVersion:
        v = self.library.at(table, self.as_of)
        self.used[(table, v.effective)] = v
        return v

    def _look(self, table: str, what: str, *keys: str) -> Looked:
        v = self.version(table)
        return Looked(v.amount(*keys), v, what)

    def national_standard(self, size: int) -> Looked:
        v = self.version("national_standards")
        if size <= 4:
            return Looked(v.amount("by_household_size", str(size)), v,
                          f"{size} person{'s' if size > 1 else ''}")
        four, extra = v.amount("by_household_size", "4"), v.amount("additional_person")
        return Looked(four + extra * (size - 4), v,
                      f"4 persons {four} + {size - 4} x {extra} per additional person")

    def out_of_pocket(self, age: int) -> Looked:
        v = self.version("out_of_pocket_health_care")
        older = v.amount("older_age")
        key = "age_65_and_older" if age >= older else "under_65"
        label = f"{older} and older" if age >= older else f"under {older}"
        return Looked(v.amount(key), v, f"per person {label} (age {age})")

    def housing(self, state: str, county: str, size: int) -> Looked:
        v = self.version("housing_utilities")
        column = str(size) if size <= 4 else "5+"
        rows = v.get("counties").get(state, {})
        key = county_key(county, rows)
        if key is None:
            raise StandardsError(
                f"the housing and utilities standard for {county}, {state} is not loaded for the table "
                f"effective {v.effective.isoformat()}{_did_you_mean(county, rows)}. {HOUSING_IMPORT}")
        return Looked(dec(rows[key][column]), v,
                      f"{key}, {state}, family of {column if size <= 4 else '5 or more'}")

    def ownership(self) -> Looked:
        return self._look("transportation", "ownership cost per vehicle", "ownership_per_vehicle")

    def public_transportation(self) -> Looked:
        return self._look("transportation", "public transportation per household",
                          "public_transportation")

    def operating_area(self, state: str, county: str) -> tuple[str, str]:
        """("metro_areas" or "regions", name) for the county's operating-cost column.

        A county listed in ``counties`` takes its entry; otherwise, when the table holds the
        IRS's complete list of metro-area counties (``metro_areas``), a county on no list is
        in its state's region. Without either, formkit does not guess.
        """
        v = self.version("transportation_areas")
        counties = v.get("counties").get(state, {})
        key = county_key(county, counties)
        if key is not None:
            metro = counties[key]
        elif v.values is not None and "metro_areas" in v.values:
            metro = _metro_of(v.get("metro_areas"), state, county)
        else:
            raise StandardsError(
                f"the transportation area (metro area or region) of {county}, {state} is not "
                f"loaded for the table effective {v.effective.isoformat()}. {TRANSPORTATION_IMPORT}")
        if metro is not None:
            return "metro_areas", str(metro)
        for region, states in v.get("regions").items():
            if state in states:
                return "regions", str(region)
        raise StandardsError(f"state {state} is in no transportation region of the table "
                             f"effective {v.effective.isoformat()}")

    def operating(self, state: str, county: str, vehicles: int) -> Looked:
        group, area = self.operating_area(state, county)
        v = self.version("transportation")
        areas = v.get("operating", group)
        kind = "metropolitan area" if group == "metro_areas" else "region"
        if area not in areas:
            raise StandardsError(f"{v.label}: the operating cost for the {area} {kind} is not "
                                 f"loaded ({v.note or v.reference}). {TRANSPORTATION_IMPORT}")
        return Looked(dec(areas[area][str(vehicles)]), v,
                      f"operating cost, {area} {kind}, {vehicles} vehicle{'s' if vehicles > 1 else ''}")

    def pay_period(self, frequency: str) -> tuple[str, Decimal, TableVersion]:
        v = self.version("pay_periods")
        rule = v.get(frequency)
        op = "multiply" if "multiply" in rule else "divide"
        return op, dec(rule[op]), v
