"""`formkit standards import` reads what the IRS and the U.S. Trustee publish.

Fixtures (tests/analysis/fixtures) are built in the layouts of the published pages: the
irs.gov state page (2024 Alabama rows as published, effective April 22, 2024), the U.S.
Trustee's housing chart for Alabama (cases filed on and after May 15, 2025: non-mortgage +
mortgage/rent), and the U.S. Trustee's four regional transportation pages (the South page as
published for May 15, 2025; the other three carry the same layout).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from formkit.analysis import load_library
from formkit.analysis.tables import StandardsAt
from formkit.cli import main
from tests.conftest import require_module

FIXTURES = Path(__file__).parent / "fixtures"


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def at(day: date) -> StandardsAt:
    return StandardsAt(load_library(), day)


def test_irs_state_page_with_its_own_effective_date(capsys: pytest.CaptureFixture[str],
                                                     isolated_user_data: Path) -> None:
    code, out, err = cli(capsys, "standards", "import", str(FIXTURES / "irs_housing_alabama_2024.html"))
    assert code == 0, err
    assert "housing_utilities effective 2024-04-22" in out and "6 county rows of AL from irs.gov" in out
    std = at(date(2024, 6, 1))
    assert std.housing("AL", "Autauga County", 1).amount == 1500
    assert std.housing("AL", "Autauga County", 7).amount == 2104   # "Family of 5" = 5 or more
    assert std.housing("AL", "Saint Clair County", 2).amount == 1809  # St. Clair, as the IRS writes it
    saved = json.loads((isolated_user_data / "standards" / "housing_utilities-2024-04-22.json").read_text())
    version = saved["versions"][0]
    assert version["confidence"] == "CONFIRMED" and "irs.gov" in version["reference"]


def test_us_trustee_chart_adds_the_two_columns_and_needs_the_irs_date(capsys: pytest.CaptureFixture[str],
                                                                      isolated_user_data: Path) -> None:
    chart = str(FIXTURES / "ustp_housing_AL_20250515.htm")
    code, _, err = cli(capsys, "standards", "import", chart)
    assert code == 2 and "--effective" in err and "Traceback" not in err
    code, out, err = cli(capsys, "standards", "import", "--effective", "2025-04-21", chart)
    assert code == 0, err
    assert "U.S. Trustee Program" in out
    std = at(date(2025, 6, 1))
    # Autauga: 643 + 890 = 1,533 (1 person); 901 + 1,248 = 2,149 (5 or more)
    assert std.housing("AL", "Autauga County", 1).amount == 1533
    assert std.housing("AL", "Autauga County", 5).amount == 2149
    # Blount: 883 + 1,114 = 1,997 (4 people)
    assert std.housing("AL", "Blount County", 4).amount == 1997


def test_a_page_that_disagrees_with_effective_is_refused(capsys: pytest.CaptureFixture[str],
                                                          isolated_user_data: Path) -> None:
    code, _, err = cli(capsys, "standards", "import", "--effective", "2025-04-21",
                       str(FIXTURES / "irs_housing_alabama_2024.html"))
    assert code == 2 and "effective 2024-04-22, not 2025-04-21" in err
    assert not (isolated_user_data / "standards").exists()


def test_transportation_pages_of_the_four_regions(capsys: pytest.CaptureFixture[str],
                                                   isolated_user_data: Path, tmp_path: Path) -> None:
    folder = tmp_path / "ustp"
    folder.mkdir()
    for page in FIXTURES.glob("ustp_transportation_*.htm"):
        (folder / page.name).write_bytes(page.read_bytes())
    code, _, err = cli(capsys, "standards", "import", str(folder))
    assert code == 2 and "--effective" in err
    code, out, err = cli(capsys, "standards", "import", "--effective", "2025-04-21", str(folder))
    assert code == 0, err
    assert "transportation effective 2025-04-21" in out and "transportation_areas effective 2025-04-21" in out
    std = at(date(2025, 6, 1))
    assert std.ownership().amount == 662 and std.public_transportation().amount == 244
    assert std.operating("GA", "Barrow County", 1).amount == 320        # Atlanta MSA
    assert std.operating("GA", "Appling County", 1).amount == 281       # on no list: South region
    assert std.operating("MD", "Baltimore city", 2).amount == 612       # the city, not the county
    assert std.operating("MD", "Baltimore County", 1).amount == 306
    assert std.operating("DC", "District of Columbia", 1).amount == 295  # Washington, D.C.
    assert std.operating("MD", "Prince George's County", 1).amount == 295  # typographic apostrophe on the page
    assert std.operating("TX", "Harris County", 2).amount == 718        # Houston
    assert std.operating("IL", "DuPage County", 1).amount == 334        # Chicago (Midwest page)
    assert std.operating("VT", "Chittenden County", 2).amount == 660    # Northeast region


def test_excel_and_csv_tables_with_the_irs_headings(capsys: pytest.CaptureFixture[str],
                                                     isolated_user_data: Path, tmp_path: Path) -> None:
    openpyxl = require_module("openpyxl", "Excel import needs the optional openpyxl (formkit[excel])")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["State", "County", *(f"Family of {n}" for n in range(1, 6))])
    sheet.append(["IL", "DuPage County", 2456, 2884, 3039, 3388, 3443])
    sheet.append(["Illinois", "Lake County", "$2,310", "$2,713", "$2,859", "$3,187", "$3,239"])
    path = tmp_path / "housing.xlsx"
    book.save(path)
    code, _, err = cli(capsys, "standards", "import", "--effective", "2026-06-29", str(path))
    assert code == 0, err
    std = at(date(2026, 7, 1))
    assert std.housing("IL", "DuPage County", 3).amount == 3039
    assert std.housing("IL", "Lake County", 5).amount == 3239
    assert std.housing("TX", "Harris County", 1).amount == 2153  # shipped rows of other states stay
    csv = tmp_path / "housing.csv"
    csv.write_text("county,persons_1,persons_2,persons_3,persons_4,persons_5_or_more\nKane County,1,2,3,4,5\n")
    code, _, err = cli(capsys, "standards", "import", "--effective", "2026-06-29", str(csv))
    assert code == 2 and "--state" in err
    assert cli(capsys, "standards", "import", "--effective", "2026-06-29", "--state", "IL", str(csv))[0] == 0
    assert at(date(2026, 7, 1)).housing("IL", "Kane County", 2).amount == 2


def test_a_page_that_is_not_a_standards_page(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                             isolated_user_data: Path) -> None:
    page = tmp_path / "other.html"
    page.write_text("<html><title>IRS</title><body><table><tr><td>Form</td><td>$5</td></tr></table></body></html>")
    code, _, err = cli(capsys, "standards", "import", str(page))
    assert code == 2 and "not a page of the Local Standards" in err and "Traceback" not in err


def test_housing_amounts_are_never_negative_or_text(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                    isolated_user_data: Path) -> None:
    page = FIXTURES.joinpath("irs_housing_alabama_2024.html").read_text().replace("$1,500", "n/a")
    bad = tmp_path / "alabama.html"
    bad.write_text(page)
    code, _, err = cli(capsys, "standards", "import", str(bad))
    assert code == 2 and "Autauga County" in err and "not an amount" in err
