"""Where-to-file tables: every state routes somewhere, known routes, dated versions, citations."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from formkit import load_case
from formkit.case.model import IrsAddress
from formkit.packet import addresses
from formkit.packet.addresses import Situation, address_for, load_table, resolve
from tests.conftest import EXAMPLES

STATES = ["AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
          "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND", "OH",
          "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"]
TERRITORIES = ["PR", "GU", "VI", "AS", "MP", "AA", "AE", "AP"]
TABLES = ["oic", "f2848", "f9465", "f843", "collection_statement"]
DAY = date(2026, 11, 2)


@pytest.mark.parametrize("table", TABLES)
def test_every_state_dc_and_territory_routes(table: str) -> None:
    for state in STATES + TERRITORIES:
        for schedules in (False, True):
            found = resolve(table, Situation(state=state, schedules_cef=schedules), DAY)
            assert found.lines and found.reference and found.effective <= DAY
    assert resolve(table, Situation(state=None, foreign=True), DAY).lines


@pytest.mark.parametrize("table", TABLES)
def test_tables_are_dated_and_cited(table: str) -> None:
    raw = load_table(table)
    for version in raw["versions"]:
        assert version["reference"] and version["effective"] and version["confidence"] in ("CONFIRMED", "UNCONFIRMED")
        assert version["url"].startswith("https://www.irs.gov/")


def test_state_lists_do_not_overlap_and_cover_the_50_states_and_dc() -> None:
    for table, flag in (("oic", None), ("f2848", None), ("f9465", False), ("f9465", True)):
        version = load_table(table)["versions"][-1]
        seen: list[str] = []
        for route in version["routes"]:
            if "states" in route and (flag is None or route.get("schedules_cef") in (flag, None)):
                seen += [s for s in route["states"] if s in STATES]
        assert sorted(seen) == sorted(STATES), (table, flag)


@pytest.mark.parametrize(("state", "office"), [
    ("TX", "memphis"), ("AZ", "memphis"), ("CA", "memphis"), ("KY", "memphis"), ("WA", "memphis"),
    ("IL", "brookhaven"), ("PA", "brookhaven"), ("NY", "brookhaven"), ("FL", "brookhaven"), ("PR", "brookhaven"),
])
def test_oic_units_per_656b_page_29(state: str, office: str) -> None:
    found = resolve("oic", Situation(state=state), DAY)
    assert found.office == office and found.resolved and not found.inferred
    assert "656-B" in found.reference and "p.29" in found.reference


def test_oic_foreign_and_unlisted_territories() -> None:
    assert resolve("oic", Situation(state=None, foreign=True), DAY).office == "brookhaven"
    guam = resolve("oic", Situation(state="GU"), DAY)
    assert guam.office == "brookhaven" and guam.inferred and guam.note and "Not named" in guam.note


@pytest.mark.parametrize(("state", "office", "fax"), [
    ("PA", "memphis_caf", "855-214-7519"), ("TX", "ogden_caf", "855-214-7522"), ("IA", "ogden_caf", "855-214-7522"),
    ("NY", "memphis_caf", "855-214-7519"), ("PR", "international_caf", "855-772-3156"),
])
def test_2848_caf_units(state: str, office: str, fax: str) -> None:
    found = resolve("f2848", Situation(state=state), DAY)
    assert found.office == office and found.fax and found.fax.startswith(fax)


def test_2848_specific_use_goes_to_the_office_handling_the_matter() -> None:
    found = resolve("f2848", Situation(state="PA", specific_use=True), DAY)
    assert not found.resolved and found.instruction and "Line 4" in found.instruction


@pytest.mark.parametrize(("state", "schedules", "office", "last_line"), [
    ("IL", False, "andover", "Andover, MA 01810"),
    ("IL", True, "memphis", "Memphis, TN 38101-0069"),
    ("CA", False, "kansas_city", "Kansas City, MO 64999-0250"),
    ("CA", True, "ogden", "Ogden, UT 84409"),
    ("TX", False, "doraville", "Doraville, GA 30362"),
    ("NY", True, "holtsville", "Holtsville, NY 11742-0480"),
    ("FL", True, "philadelphia", "Philadelphia, PA 19255-0030"),
    ("GU", False, "austin", "Austin, TX 78741"),
])
def test_9465_service_centers(state: str, schedules: bool, office: str, last_line: str) -> None:
    found = resolve("f9465", Situation(state=state, schedules_cef=schedules), DAY)
    assert (found.office, found.lines[-1]) == (office, last_line)
    assert found.lines[0] == "Department of the Treasury"


def test_9465_foreign_goes_to_austin() -> None:
    assert resolve("f9465", Situation(state="TX", foreign=True), DAY).office == "austin"


def test_843_routes_per_its_instructions() -> None:
    notice = resolve("f843", Situation(state="PA", notice=True, tax_types=frozenset({"income"})), DAY)
    assert notice.office == "notice" and not notice.resolved and "notice" in (notice.instruction or "")
    no_notice = resolve("f843", Situation(state="PA", tax_types=frozenset({"income"})), DAY)
    assert no_notice.office == "return_service_center" and not no_notice.resolved
    estate = resolve("f843", Situation(state="PA", notice=True, tax_types=frozenset({"estate"})), DAY)
    assert estate.resolved and estate.lines[-1] == "Florence, KY 41042-2915"


def test_version_effective_on_the_date_is_used_and_older_dates_fall_back_with_a_note() -> None:
    found = resolve("f9465", Situation(state="IL"), date(2020, 1, 1))
    assert found.effective == date(2024, 7, 1) and found.note and "no version" in found.note


@pytest.mark.parametrize(("example", "form", "office"), [
    ("oic-lump-sum-single.json", "656", "memphis"),
    ("oic-periodic-joint-self-employed.json", "656", "memphis"),
    ("ia-streamlined.json", "9465", "andover"),
    ("cnc-hardship.json", "433-F", "notice CP504"),      # the case carries the notice's reply address
    ("fta-penalty-abatement.json", "843", "notice CP14"),
    ("fta-penalty-abatement.json", "2848", "memphis_caf"),
    ("oic-periodic-joint-self-employed.json", "2848", "ogden_caf"),
])
def test_examples(example: str, form: str, office: str) -> None:
    case = load_case(EXAMPLES / example)
    assert address_for(form, case, case.prepared_on).office == office


def test_the_notice_reply_address_replaces_the_instruction() -> None:
    case = load_case(EXAMPLES / "fta-penalty-abatement.json")
    found = address_for("843", case, case.prepared_on)
    assert found.resolved
    assert found.lines == ("Department of the Treasury", "Internal Revenue Service", "Kansas City, MO 64999-0010")
    assert found.reference == "IRS notice CP14 dated 11/17/2025 (reply address)"
    # without the notice on file the table's instruction stays, unresolved, for the preparer to complete
    bare = dataclasses.replace(case, liabilities=tuple(dataclasses.replace(li, notice=None) for li in case.liabilities))
    missing = address_for("843", bare, case.prepared_on)
    assert missing.office == "notice" and not missing.resolved


def test_the_latest_notice_of_the_periods_concerned_is_used() -> None:
    case = load_case(EXAMPLES / "cnc-hardship.json")
    first, second = case.liabilities
    assert first.notice is None and second.notice is not None  # only the 2021 period has one on file
    older = dataclasses.replace(second.notice, number="CP14", date=date(2022, 11, 14),
                                reply_address=IrsAddress(("IRS", "Elsewhere, TX 73301")))
    case = dataclasses.replace(case, liabilities=(dataclasses.replace(first, notice=older), second))
    assert address_for("433-F", case, case.prepared_on).office == "notice CP504"  # 09/14/2026 is later


def test_schedule_cef_comes_from_business_or_self_employment() -> None:
    joint = load_case(EXAMPLES / "oic-periodic-joint-self-employed.json")
    single = load_case(EXAMPLES / "ia-streamlined.json")
    assert addresses.files_schedule_cef(joint) and not addresses.files_schedule_cef(single)
    assert address_for("9465", joint, joint.prepared_on).office == "ogden"


def test_unknown_form_is_an_error() -> None:
    case = load_case(EXAMPLES / "ia-streamlined.json")
    with pytest.raises(addresses.AddressDataError, match="no address table"):
        address_for("1040", case, DAY)
