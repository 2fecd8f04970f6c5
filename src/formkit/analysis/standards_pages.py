"""Read the Local Standards as the IRS and the U.S. Trustee Program publish them.

Accepted, each recognised by its content rather than its file name:

- an irs.gov state page "Local Standards: Housing and Utilities" saved as HTML (a table
  "County | <year> Published ALE Housing Expense for a Family of 1 ... 5"; the page says
  "These Standards are effective on <date>" and names the state in its title);
- the U.S. Trustee Program's housing chart of a state (HTML: "County | FIPS Code", then a
  "Non-Mortgage" and a "Mortgage/Rent" column per family size, whose sum is the IRS
  figure; its dates are bankruptcy filing windows, so the IRS date must be given);
- the irs.gov page "Local Standards: Transportation" or the U.S. Trustee's regional
  transportation pages (Census regions and their states, the metropolitan areas with their
  counties, operating costs for one and two cars, public transportation, ownership);
- a table (CSV or Excel) with a county column and one column per family size, headed as
  the IRS heads them ("Family of 1", "5 or more") or ``persons_1`` ... ``persons_5_or_more``.

Parsing stops at the first problem with the file and the row it is in: a page whose layout
is not recognised is never half-read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from html.parser import HTMLParser

from formkit.analysis.errors import StandardsDataError

STATES = {
    "Alabama": "AL", "Alaska": "AK", "Arizona": "AZ", "Arkansas": "AR", "California": "CA", "Colorado": "CO",
    "Connecticut": "CT", "Delaware": "DE", "District of Columbia": "DC", "Florida": "FL", "Georgia": "GA",
    "Hawaii": "HI", "Idaho": "ID", "Illinois": "IL", "Indiana": "IN", "Iowa": "IA", "Kansas": "KS",
    "Kentucky": "KY", "Louisiana": "LA", "Maine": "ME", "Maryland": "MD", "Massachusetts": "MA",
    "Michigan": "MI", "Minnesota": "MN", "Mississippi": "MS", "Missouri": "MO", "Montana": "MT",
    "Nebraska": "NE", "Nevada": "NV", "New Hampshire": "NH", "New Jersey": "NJ", "New Mexico": "NM",
    "New York": "NY", "North Carolina": "NC", "North Dakota": "ND", "Ohio": "OH", "Oklahoma": "OK",
    "Oregon": "OR", "Pennsylvania": "PA", "Rhode Island": "RI", "South Carolina": "SC", "South Dakota": "SD",
    "Tennessee": "TN", "Texas": "TX", "Utah": "UT", "Vermont": "VT", "Virginia": "VA", "Washington": "WA",
    "West Virginia": "WV", "Wisconsin": "WI", "Wyoming": "WY", "Puerto Rico": "PR", "Guam": "GU",
    "U.S. Virgin Islands": "VI", "Virgin Islands": "VI", "American Samoa": "AS",
    "Northern Mariana Islands": "MP",
}
REGIONS = ("Northeast", "Midwest", "South", "West")
SIZES = ("1", "2", "3", "4", "5+")
_AMOUNT = re.compile(r"^\$?\s*[0-9][0-9,]*(\.[0-9]+)?$")
_EFFECTIVE = re.compile(r"effective (?:on |as of )?([A-Z][a-z]+\.? [0-9]{1,2}, [0-9]{4})")


@dataclass
class HousingTable:
    """County rows of one or more states: state -> county -> family size column -> amount."""

    counties: dict[str, dict[str, dict[str, Decimal]]] = field(default_factory=dict)
    effective: date | None = None
    publisher: str = ""
    """'irs.gov', 'U.S. Trustee Program' or 'table' (CSV/Excel)."""


@dataclass
class TransportationTable:
    ownership: Decimal | None = None
    public: Decimal | None = None
    regions: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    metros: dict[str, dict[str, Decimal]] = field(default_factory=dict)
    region_states: dict[str, list[str]] = field(default_factory=dict)
    metro_counties: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    effective: date | None = None
    publisher: str = ""


# ----------------------------------------------------------------------------------- HTML

class _Tables(HTMLParser):
    """Every table as rows of cell texts, plus the page title and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self._stack: list[list[list[str]]] = []
        self._cell: list[str] | None = None
        self.text: list[str] = []
        self.title: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "title", "h1", "h2"):
            self._in.append(tag)
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._stack[-1].append([])
        elif tag in ("td", "th") and self._stack:
            if not self._stack[-1]:
                self._stack[-1].append([])
            self._cell = []
        elif tag == "br":
            if self._cell is not None:
                self._cell.append(" ")
            else:
                self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self._in and self._in[-1] == tag:
            self._in.pop()
        if tag in ("td", "th") and self._cell is not None and self._stack:
            self._stack[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
            self.text.append("\n")
        elif tag == "table" and self._stack:
            table = [row for row in self._stack.pop() if any(row)]
            if table:
                self.tables.append(table)
        if tag in ("p", "div", "tr", "h1", "h2", "h3", "h4", "li", "table", "caption", "strong"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if "script" in self._in or "style" in self._in:
            return
        if "title" in self._in or "h1" in self._in:
            self.title.append(data)
        if self._cell is not None:
            self._cell.append(data)
        self.text.append(data)


def parse_amount(raw: str | None, source: str, where: str) -> Decimal:
    """A published amount ("$1,234") as a Decimal; anything else is a StandardsDataError."""
    text = (raw or "").strip().replace("$", "").replace(",", "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise StandardsDataError(source, where, f"not an amount: {raw!r}") from None
    if not value.is_finite() or value < 0:
        raise StandardsDataError(source, where, f"not a non-negative amount: {raw!r}")
    return value


def _is_amount(text: str) -> bool:
    return bool(_AMOUNT.match(text.strip()))


def _effective(text: str) -> date | None:
    match = _EFFECTIVE.search(" ".join(text.split()))
    if match is None:
        return None
    raw = match.group(1).replace(".", "")
    for pattern in ("%B %d, %Y", "%b %d, %Y"):
        try:
            return datetime.strptime(raw, pattern).date()
        except ValueError:
            continue
    return None


def state_in(text: str) -> str | None:
    """The state named in a title or heading ('West Virginia' wins over 'Virginia')."""
    found = [(len(name), code) for name, code in STATES.items()
             if re.search(rf"\b{re.escape(name)}\b", text)]
    return max(found)[1] if found else None


def read_page(raw: bytes, source: str, state: str | None = None) -> HousingTable | TransportationTable:
    """One saved page: a state's housing table or the transportation standards."""
    page = _Tables()
    page.feed(raw.decode("utf-8", errors="replace"))
    page.close()
    text = "".join(page.text)
    title = " ".join("".join(page.title).split())
    for table in page.tables:
        housing = _housing_table(table, source)
        if housing is not None:
            code = state or state_in(title) or state_in(_heading_before_table(text))
            if code is None:
                raise StandardsDataError(source, "", "the page names no state in its title: give it with "
                                         "--state XX")
            kind, rows = housing
            result = HousingTable(effective=_effective(text),
                                  publisher="U.S. Trustee Program" if kind == "ustp" else "irs.gov")
            result.counties[code] = rows
            return result
    if re.search(r"operating costs", text, re.IGNORECASE) and re.search(r"ownership costs", text, re.I):
        return _transportation(page.tables, text, source)
    raise StandardsDataError(source, "", "not a page of the Local Standards: no county housing table "
                             "and no transportation standards were found (save the state's page from "
                             "irs.gov, or the U.S. Trustee Program's chart, as HTML)")


def _heading_before_table(text: str) -> str:
    """The U.S. Trustee's charts name the state on a line of its own above the table."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines[:12])


def _housing_table(table: list[list[str]], source: str) -> tuple[str, dict[str, dict[str, Decimal]]] | None:
    """('irs' | 'ustp', county rows) when the table is a housing table, else None."""
    for i, header in enumerate(table):
        lowered = [c.lower() for c in header]
        if not lowered or "county" not in lowered[0]:
            continue
        family = [j for j, c in enumerate(lowered) if re.search(r"family of [1-5]|[1-5] (person|people)", c)]
        if len(family) == 5:
            return "irs", _irs_rows(table[i + 1:], family, source)
        if any("fips" in c for c in lowered):
            return "ustp", _ustp_rows(table[i + 1:], source)
    return None


def _irs_rows(rows: Iterable[list[str]], columns: Sequence[int], source: str) -> dict[str, dict[str, Decimal]]:
    out: dict[str, dict[str, Decimal]] = {}
    for n, row in enumerate(rows, start=2):
        if len(row) <= max(columns) or not row[0] or not any(row[j] for j in columns):
            continue  # a heading or spacer row, not a county
        out[row[0]] = {size: parse_amount(row[j], source, f"row {n} ({row[0]})") for size, j in zip(SIZES, columns,
                                                                                            strict=True)}
    if not out:
        raise StandardsDataError(source, "", "the housing table has no county rows")
    return out


def _ustp_rows(rows: Iterable[list[str]], source: str) -> dict[str, dict[str, Decimal]]:
    """County, FIPS code, then (non-mortgage, mortgage/rent) for 1, 2, 3, 4, 5 or more people."""
    out: dict[str, dict[str, Decimal]] = {}
    for n, row in enumerate(rows, start=2):
        cells = [c for c in row if c != ""]
        if len(cells) < 12 or not re.fullmatch(r"[0-9]{5}", cells[1]) or not _is_amount(cells[2]):
            continue
        values = [parse_amount(c, source, f"row {n} ({cells[0]})") for c in cells[2:12]]
        out[cells[0]] = {size: values[2 * k] + values[2 * k + 1] for k, size in enumerate(SIZES)}
    if not out:
        raise StandardsDataError(source, "", "the housing chart has no county rows")
    return out


# ------------------------------------------------------------------------- transportation

def _tokens(text: str) -> list[str]:
    """The page as lines in reading order; every table cell is a line of its own."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _region_of(label: str) -> str | None:
    for region in REGIONS:
        if re.fullmatch(rf"{region}( Census)?( Region)?", label.strip(), re.IGNORECASE):
            return region
    return None


def _transportation(tables: Sequence[list[list[str]]], text: str, source: str) -> TransportationTable:
    trustee = re.search(r"bankruptcy|form 122", text, re.IGNORECASE)
    out = TransportationTable(effective=_effective(text), publisher="U.S. Trustee Program" if trustee else "irs.gov")
    tokens = _tokens(text)
    section = ""
    i = 0
    metro: str | None = None
    metro_state: str | None = None
    while i < len(tokens):
        token = tokens[i]
        low = token.lower()
        if low.startswith("public transportation"):
            section = "public"
        elif low.startswith("operating costs"):
            section = "operating"
        elif low.startswith("ownership costs"):
            section = "ownership"
        elif low.startswith("metropolitan statistical areas") or low == "msa":
            section = "msa"
        elif low.startswith("irs local transportation"):
            section = ""
        elif section in ("public", "ownership") and _is_amount(token):
            value = parse_amount(token, source, f"{section} cost")
            if section == "public" and out.public is None:
                out.public = value
            elif section == "ownership" and out.ownership is None:
                out.ownership = value
            section = ""
        elif section == "operating" and i + 2 < len(tokens) and _is_amount(tokens[i + 1]) \
                and _is_amount(tokens[i + 2]) and not _is_amount(token):
            name = token.rstrip(":").strip()
            pair = {"1": parse_amount(tokens[i + 1], source, name), "2": parse_amount(tokens[i + 2], source, name)}
            region = _region_of(name)
            (out.regions if region else out.metros)[region or name] = pair
            i += len(("name", "one car", "two cars"))
            continue
        elif section == "msa" and (where := re.fullmatch(r"in ([A-Z]{2}):?", token)):
            metro_state = where.group(1)
        elif section == "msa" and metro is not None and metro_state is not None:
            names = [n.strip() for n in token.split(",") if n.strip()]
            out.metro_counties.setdefault(metro, {}).setdefault(metro_state, []).extend(names)
            metro_state = None
        elif section == "msa" and i + 1 < len(tokens) and re.fullmatch(r"in [A-Z]{2}:?", tokens[i + 1]):
            metro = token
        region_line = re.match(r"^(Northeast|Midwest|South|West) Census Region$", token)
        if region_line and i + 1 < len(tokens):
            states = [STATES.get(n.strip()) for n in tokens[i + 1].split(",")]
            if states and all(states):
                out.region_states[region_line.group(1)] = sorted(s for s in states if s)
        i += 1
    missing = [name for name, value in (("ownership cost", out.ownership),
                                        ("public transportation", out.public)) if value is None]
    if missing or not out.regions:
        raise StandardsDataError(source, "", "the transportation page is missing "
                                 + ", ".join(missing + ([] if out.regions else ["the regional operating costs"])))
    return out


# ---------------------------------------------------------------------- CSV and Excel

_SIZE_HEADER = re.compile(r"(?:family of|persons?_?|^)\s*([1-5])(?:_or_more| or more)?\b")


def housing_from_rows(rows: Sequence[Sequence[str]], source: str, state: str | None = None) -> HousingTable:
    """A table with a header row: county (and state) columns, one column per family size."""
    if not rows:
        raise StandardsDataError(source, "line 1", "no header row")
    header = [str(h or "").strip().lower() for h in rows[0]]
    try:
        county_col = next(j for j, h in enumerate(header) if "county" in h)
    except StopIteration:
        raise StandardsDataError(source, "line 1", "no county column (expected a header such as 'County' "
                                 "or 'state,county,persons_1,...')") from None
    state_col = next((j for j, h in enumerate(header) if h == "state"), None)
    sizes: dict[str, int] = {}
    for j, h in enumerate(header):
        match = _SIZE_HEADER.search(h)
        if match and j != county_col and j != state_col:
            size = "5+" if match.group(1) == "5" else match.group(1)
            sizes.setdefault(size, j)
    if set(sizes) != set(SIZES):
        raise StandardsDataError(source, "line 1", "expected one column per family size 1, 2, 3, 4 and 5 "
                                 "or more (e.g. 'Family of 1' ... 'Family of 5' or persons_1 ... "
                                 "persons_5_or_more)")
    if state_col is None and state is None:
        raise StandardsDataError(source, "line 1", "no state column: add one or give --state XX")
    out = HousingTable(publisher="table")
    for n, row in enumerate(rows[1:], start=2):
        cells = [str(c if c is not None else "").strip() for c in row]
        if not any(cells):
            continue
        code = (cells[state_col].upper() if state_col is not None else state or "")
        code = STATES.get(code.title(), code) if len(code) != 2 else code
        county = cells[county_col]
        if not code or not county:
            raise StandardsDataError(source, f"line {n}", "state and county are required")
        out.counties.setdefault(code, {})[county] = {
            size: parse_amount(cells[j], source, f"line {n}/{rows[0][j]}") for size, j in sizes.items()}
    if not out.counties:
        raise StandardsDataError(source, "line 2", "no data rows")
    return out


def read_xlsx(path_bytes: bytes, source: str) -> list[list[str]]:
    """The first worksheet's rows as text (needs the optional ``openpyxl``: pip install formkit[excel])."""
    try:
        import openpyxl  # type: ignore[import-untyped]
    except ImportError:
        raise StandardsDataError(source, "", "reading Excel files needs openpyxl: pip install "
                                 "'formkit[excel]' (or save the sheet as CSV)") from None
    import io

    try:
        book = openpyxl.load_workbook(io.BytesIO(path_bytes), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise StandardsDataError(source, "", f"not a readable Excel workbook ({exc.__class__.__name__})") from None
    sheet = book.worksheets[0]
    return [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
