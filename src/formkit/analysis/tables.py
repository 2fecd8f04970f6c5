"""The standards in force on one date, with typed lookups that record what they used."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from formkit.analysis.errors import StandardsError
from formkit.analysis.money import dec
from formkit.analysis.standards import StandardsLibrary, TableVersion


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
        rows = v.get("counties")
        if state not in rows or county not in rows[state]:
            raise StandardsError(
                f"housing and utilities standard for {county}, {state} is not loaded for the table "
                f"effective {v.effective.isoformat()} (formkit ships a subset of counties); import "
                f"the IRS table with `formkit standards import --kind housing FILE`, or check the "
                f"county name in the case address")
        return Looked(dec(rows[state][county][column]), v,
                      f"{county}, {state}, family of {column if size <= 4 else '5 or more'}")

    def ownership(self) -> Looked:
        return self._look("transportation", "ownership cost per vehicle", "ownership_per_vehicle")

    def public_transportation(self) -> Looked:
        return self._look("transportation", "public transportation per household",
                          "public_transportation")

    def operating_area(self, state: str, county: str) -> tuple[str, str]:
        """("metro_areas" or "regions", name) for the county's operating-cost column."""
        v = self.version("transportation_areas")
        counties = v.get("counties")
        if state not in counties or county not in counties[state]:
            raise StandardsError(
                f"the transportation area (metro area or region) of {county}, {state} is not "
                f"loaded for the table effective {v.effective.isoformat()}; import it with "
                f"`formkit standards import --kind metro-areas FILE`")
        metro = counties[state][county]
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
                                 f"loaded ({v.note or v.reference})")
        return Looked(dec(areas[area][str(vehicles)]), v,
                      f"operating cost, {area} {kind}, {vehicles} vehicle{'s' if vehicles > 1 else ''}")

    def pay_period(self, frequency: str) -> tuple[str, Decimal, TableVersion]:
        v = self.version("pay_periods")
        rule = v.get(frequency)
        op = "multiply" if "multiply" in rule else "divide"
        return op, dec(rule[op]), v
