"""Case files are bounded before they are parsed, and every value the schema allows can be worked with."""

from __future__ import annotations

import json
import re
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from formkit._schemas import registry
from formkit.analysis import analyze
from formkit.case import CaseError, validate_data, validate_file
from formkit.case.load import MAX_DEPTH
from tests.conftest import load_example

TODAY = date(2026, 11, 30)


def _errors(data: Any) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in validate_data(data, today=TODAY).errors]


@pytest.mark.parametrize("text", ["[" * 100_000 + "]" * 100_000, '{"a":' * 5000 + "1" + "}" * 5000])
def test_deep_nesting_is_refused_before_parsing(tmp_path: Path, text: str) -> None:
    f = tmp_path / "deep.json"
    f.write_text(text)
    start = time.perf_counter()
    with pytest.raises(CaseError) as err:
        validate_file(f)
    assert time.perf_counter() - start < 2
    assert err.value.unusable
    assert err.value.problems[0].message == (
        f"not a case file: arrays and objects nest more than {MAX_DEPTH} levels deep")


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path: Path) -> None:
    data = load_example("oic-lump-sum-single.json")
    data["case_id"] = "[" * 60 + '"{'  # written as "[[[...\"{": an escaped quote does not end the string
    f = tmp_path / "case.json"
    f.write_text(json.dumps(data, default=str))
    assert validate_file(f, TODAY).valid


AMOUNT_MESSAGE = ("is not a valid amount (expected a non-negative number below one billion with at most 2 decimals, "
                  'e.g. 1234.56 or "1234.56")')


@pytest.mark.parametrize(("raw", "shown"), [
    ("1e308", "1E+308"), ("1e999", "1E+999"), ("1000000000000000000000000000000", "1000000000000000000000000000000"),
    ("1000000000", "1000000000"), ('"1000000000"', "'1000000000'"), ('""', "''"), ('"NaN"', "'NaN'"),
    ('"Infinity"', "'Infinity'"), ('"1e5"', "'1e5'"),
])
def test_amounts_out_of_range_are_errors_at_their_path(tmp_path: Path, raw: str, shown: str) -> None:
    data = load_example("oic-lump-sum-single.json")
    data["requests"][0]["offer_amount"] = "@@"
    data["assets"]["vehicles"][0]["value"] = "@@"  # a field a semantic check compares (loans_within_value)
    f = tmp_path / "case.json"
    f.write_text(json.dumps(data, default=str).replace('"@@"', raw))
    result = validate_file(f, TODAY)
    errors = [(p.path, p.message) for p in result.errors]
    assert ("/requests/0/offer_amount", f"{shown} {AMOUNT_MESSAGE}") in errors
    assert ("/assets/vehicles/0/value", f"{shown} {AMOUNT_MESSAGE}") in errors


def test_the_largest_amount_is_valid_and_analyses() -> None:
    data = load_example("oic-periodic-joint-self-employed.json")
    biggest = Decimal("999999999.99")

    def every_amount(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {k: every_amount(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [every_amount(v, key) for v in node]
        if isinstance(node, Decimal) or (isinstance(node, int) and not isinstance(node, bool)
                                         and key not in _NOT_MONEY):
            return biggest
        return node

    biggest_case = every_amount(data)
    # the business detail carries the self-employment income (an item of its own would have to
    # equal receipts less expenses, which is 0 when every amount is the same)
    biggest_case["income"] = [i for i in biggest_case["income"] if i["source"] != "self_employment"]
    result = validate_data(biggest_case, today=TODAY)
    assert result.case is not None, [str(p) for p in result.errors]
    analysis = analyze(result.case, as_of=TODAY)
    # every line is an exact amount: nothing overflowed the decimal context or turned into NaN
    total = analysis.amount("oic.box_a")
    assert total is not None and total.is_finite() and total > biggest


_NOT_MONEY = {"year", "age", "mileage", "employees", "payment_day", "payment_months", "months_after_acceptance",
              "ownership_percent"}


def test_a_json_integer_too_long_for_python_is_a_json_error(tmp_path: Path) -> None:
    f = tmp_path / "case.json"
    f.write_text('{"case_id": ' + "9" * 5000 + "}")
    with pytest.raises(CaseError) as err:
        validate_file(f)
    assert err.value.problems[0].message.startswith("not valid JSON:")


def _strings(node: Any, path: str) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        if node.get("type") == "string":
            found.append((path, node))
        for key, value in node.items():
            found += _strings(value, f"{path}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _strings(value, f"{path}/{i}")
    return found


def _bounded_pattern(pattern: str) -> bool:
    """An anchored pattern without + * or {n,}: every string it matches has a bounded length."""
    unescaped = re.sub(r"\\.", "", pattern)
    return pattern.startswith("^") and pattern.endswith("$") and not any(
        token in unescaped for token in ("+", "*", ",}"))


@pytest.mark.parametrize("name", ["case", "common"])
def test_every_case_string_has_a_maximum_length(name: str) -> None:
    schema = registry().contents(f"https://formkit.dev/schemas/{name}.schema.json")
    unbounded = [path for path, node in _strings(schema, "")
                 if "maxLength" not in node and "enum" not in node and "const" not in node
                 and not _bounded_pattern(node.get("pattern", ""))]
    assert unbounded == []


def test_every_number_has_a_maximum() -> None:
    def numbers(node: Any, path: str) -> list[str]:
        out: list[str] = []
        if isinstance(node, dict):
            if node.get("type") in ("number", "integer") and "maximum" not in node:
                out.append(path)
            for key, value in node.items():
                out += numbers(value, f"{path}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                out += numbers(value, f"{path}/{i}")
        return out

    for name in ("case", "common"):
        assert numbers(registry().contents(f"https://formkit.dev/schemas/{name}.schema.json"), name) == []


def test_over_long_text_is_an_error_naming_the_limit() -> None:
    data = json.loads(json.dumps(load_example("oic-lump-sum-single.json"), default=str), parse_float=Decimal)
    data["representatives"] = [{"name": "A. Preparer", "firm": "F" * 1_000_000, "designation": "c",
                                "address": data["address"]}]
    start = time.perf_counter()
    errors = _errors(data)
    assert time.perf_counter() - start < 2
    assert ("/representatives/0/firm", f"{'F' * 1_000_000!r} is longer than 100 characters") in errors


@pytest.mark.parametrize(("where", "value"), [
    (("liabilities", 0, "period"), "2023\n"),            # Python's '$' matched before the newline
    (("liabilities", 0, "period"), "0000"),              # year 0 crashed the period parser
    (("compliance", "last_return_filed"), "2024\n"),
    (("power_of_attorney", "matters", 0, "periods", 0), "1900-00-00"),  # not a date, in a list of periods
])
def test_values_the_fuzzer_found_are_validation_errors(where: tuple[Any, ...], value: str) -> None:
    data = json.loads(json.dumps(load_example("fta-penalty-abatement.json"), default=str), parse_float=Decimal)
    data.setdefault("compliance", {})
    data.setdefault("power_of_attorney", {"matters": [{"description": "Income", "form": "1040",
                                                        "periods": ["2023"]}]})
    node = data
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    result = validate_data(data, today=TODAY)
    assert not result.valid
    assert "/" + "/".join(map(str, where)) in [p.path for p in result.errors]
