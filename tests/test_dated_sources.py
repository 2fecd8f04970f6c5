"""One dated source for every number and date rule: no law number in the code, one clock.

Numbers from the law or the IRS live in standards/ and rules/ with their effective dates
(docs/adr/0003-dated-standards.md); code reads them as of a date. These tests read the
source of all of src/formkit.
"""

from __future__ import annotations

import ast
import json
import re
import tokenize
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.conftest import ROOT

SRC = ROOT / "src" / "formkit"
NUMBER_TEXT = re.compile(r"[0-9]+(\.[0-9]+)?")

#: Files of dated rules: each number in them is a number of the law or of the IRS.
DATA_FILES = (*sorted((ROOT / "standards").rglob("*.json")), ROOT / "rules" / "parameters.json",
              ROOT / "rules" / "csed.json", ROOT / "rules" / "deadlines.json")

#: Numbers of the law that are too small to spot by value alone in all of the code, but are
#: limits somewhere: months (72, 36), days (45, 60, 90, 180), an age (65).
SMALL_LAW_NUMBERS = {Decimal(n) for n in (36, 45, 60, 65, 72, 90, 180)}

#: Not law: a year's days, a percentage, a thousand (font units, bounds).
NOT_LAW = {Decimal(n) for n in (100, 365, 366, 1000)}

#: Code that computes with the law (the analysis and the checks' conditions, the packet's
#: choice of documents): here even the small numbers of the law stay out. 12 and 4 (months
#: and quarters of a year) and 0-2 stay legal.
RULE_CODE = (*sorted((SRC / "analysis").glob("*.py")), *sorted((SRC / "checks" / "rules").glob("*.py")),
             SRC / "packet" / "contents.py", SRC / "commands" / "analyze.py", SRC / "commands" / "standards.py")
RULE_NUMBERS = {Decimal(n) for n in ("867", "1558", "1857", "2176", "397", "90", "163", "65", "703", "220", "1000",
                                     "3450", "11710", "5860", "205", "186", "0.8", "0.2", "10000", "25000", "50000",
                                     "72", "36", "45", "60", "100000", "180", "4.3", "2.17", "24", "20", "10", "3")}

#: Literals that equal a law number by coincidence, each with its reason (file relative to src/formkit).
COINCIDENCES: dict[tuple[str, Decimal], str] = {
    ("pdf/flow.py", Decimal(612)): "US Letter page width in points",
    ("packet/letter.py", Decimal("4.3")): "line leading of the letterhead in millimetres",
    ("forms/review.py", Decimal(72)): "points per inch",
    ("pdf/richtext.py", Decimal(72)): "points per inch",
    ("forms/review.py", Decimal(60)): "points of page shown right of a widget",
    ("forms/store.py", Decimal(60)): "download timeout in seconds",
    ("checks/periods.py", Decimal(400)): "bound on the periods one written range expands to",
    ("forms/mappers/f433a.py", Decimal(45)): "line 1a's maximum length in characters",
    # the lead's mapper (issue 18 items 1-2): Form 9465 line 18 counts persons 65 or older; the
    # age is the out-of-pocket health-care standard's older_age (standards/out_of_pocket_health_care.json)
    ("forms/mappers/f9465.py", Decimal(65)): "printed on Form 9465 line 18 (to read from the standards)",
}
#: Whole files of numeric data that are not law (font metrics of the standard 14 fonts).
NOT_LAW_FILES = {"pdf/core14.py"}


def _numbers_in(node: Any, out: set[Decimal]) -> set[Decimal]:
    if isinstance(node, dict):
        for value in node.values():
            _numbers_in(value, out)
    elif isinstance(node, list):
        for value in node:
            _numbers_in(value, out)
    elif ((isinstance(node, (int, Decimal)) and not isinstance(node, bool))
          or (isinstance(node, str) and NUMBER_TEXT.fullmatch(node))):  # factors are written as text ("4.3")
        out.add(Decimal(node))
    return out


def law_numbers() -> set[Decimal]:
    """Every amount, limit and factor of the dated data files that is distinctive by value
    (100 or more, or a factor such as 4.3), and the small limits named above. Shares below 1
    (0.2, 0.8) are as common in layout code as in the law: the rule code is checked for them."""
    found: set[Decimal] = set()
    for path in DATA_FILES:
        _numbers_in(json.loads(path.read_text(encoding="utf-8"), parse_float=Decimal), found)
    distinctive = {n for n in found if n >= 100 or (n > 1 and n != n.to_integral_value())}
    return (distinctive | SMALL_LAW_NUMBERS) - NOT_LAW


def _literals(path: Path) -> list[tuple[int, str, Decimal]]:
    out = []
    with path.open("rb") as fh:
        for tok in tokenize.tokenize(fh.readline):
            if tok.type == tokenize.NUMBER and not tok.string.endswith(("j", "J")):
                out.append((tok.start[0], tok.string, Decimal(str(ast.literal_eval(tok.string)))))
    return out


def test_the_data_files_give_the_guard_its_numbers() -> None:
    law = law_numbers()
    # the streamlined limits, the Form 9465 divisor, the offer fee, the pay-period factors
    assert {Decimal(50000), Decimal(25000), Decimal(72), Decimal(205), Decimal("4.3"), Decimal("2.17")} <= law


def test_no_law_number_as_a_literal_anywhere_in_src() -> None:
    law = law_numbers()
    found = []
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        if name in NOT_LAW_FILES:
            continue
        for line, text, value in _literals(path):
            if value in law and (name, value) not in COINCIDENCES:
                found.append(f"{name}:{line} {text}")
    assert found == [], "read these from standards/ or rules/ (or list a true coincidence in COINCIDENCES)"


def test_no_irs_number_as_a_literal_in_the_rule_code() -> None:
    found = [f"{path.relative_to(SRC)}:{line} {text}" for path in RULE_CODE
             for line, text, value in _literals(path) if value in RULE_NUMBERS]
    assert found == []


def test_every_coincidence_still_exists() -> None:
    """An entry whose literal is gone must go too, so the list never hides a new law number."""
    stale = [f"{name} {value}" for (name, value) in COINCIDENCES
             if value not in {v for _, _, v in _literals(SRC / name)}]
    assert stale == []


# --- the clock -------------------------------------------------------------------------------------------

CLOCK_CALLS = {("date", "today"), ("datetime", "now"), ("datetime", "today"), ("datetime", "utcnow")}
#: Only these read "today" (formkit.dates.today): the command line, and the public entry points
#: that have no case date to fall back on.
EDGES = {"cli.py", "checks/__init__.py", "case/load.py"}


def _calls(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            out.append((node.lineno, f"{func.value.id}.{func.attr}"))
        elif isinstance(func, ast.Name):
            out.append((node.lineno, func.id))
    return out


def test_the_clock_is_read_in_one_place() -> None:
    found = [f"{path.relative_to(SRC)}:{line} {call}" for path in sorted(SRC.rglob("*.py"))
             if path != SRC / "dates.py"
             for line, call in _calls(path) if tuple(call.split(".")) in CLOCK_CALLS]
    assert found == []


def test_today_is_asked_only_at_the_edges() -> None:
    users = set()
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = any(isinstance(n, ast.ImportFrom) and n.module == "formkit.dates"
                       and any(a.name == "today" for a in n.names) for n in ast.walk(tree))
        if imported:
            users.add(path.relative_to(SRC).as_posix())
    assert users - EDGES <= {u for u in users if u.startswith("commands/")}
    assert "analysis/engine.py" not in users and not any(u.startswith(("forms/", "pdf/", "packet/")) for u in users)
