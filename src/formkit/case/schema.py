"""JSON Schema validation of case data (Draft 2020-12), every error at once.

The schemas in ``schemas/`` reference each other by ``$id``; they are loaded into one
registry. Messages come from the schema's own ``x-error`` annotations where present, so
a preparer reads "is not a valid SSN (expected 123-45-6789)" rather than a regex.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError, validators

from formkit._schemas import registry, schema
from formkit.case.problems import Problem, problem
from formkit.codes import load_codes
from formkit.redact import mask_tin

_format_checker = FormatChecker()


@_format_checker.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str):
        date.fromisoformat(value)
    return True


@_format_checker.checks("tin")
def _is_tin(value: object) -> bool:
    """SSN/ITIN: area 000 and 666 and groups 00 / serials 0000 are never issued."""
    if not isinstance(value, str) or len(value) != 11:
        return True  # the pattern reports malformed values
    area, group, serial = value[:3], value[4:6], value[7:]
    return area not in ("000", "666") and group != "00" and serial != "0000"


@cache
def validator(name: str) -> Draft202012Validator:
    """A validator for ``schemas/<name>.schema.json``."""
    made: Draft202012Validator = _Validator(schema(name), registry=registry(), format_checker=_format_checker)
    return made


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """``pattern`` as JSON Schema means it (ECMA-262): ``$`` ends the string. Python's ``$`` also matches
    before a final newline, which let "2023\\n" through as a tax year and crashed the period parser."""
    if validator.is_type(instance, "string") and (
            not re.search(pattern, instance) or (pattern.endswith("$") and instance.endswith("\n"))):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator: Any = validators.extend(Draft202012Validator, {"pattern": _pattern})  # type: ignore[no-untyped-call]


def pointer(parts: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def _show(value: Any, sensitive: bool) -> str:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, str):
        return repr(mask_tin(value) if sensitive else value)
    if isinstance(value, (dict, list)):
        return "an object" if isinstance(value, dict) else "a list"
    return json.dumps(value)


_TYPE_NAMES = {"object": "an object", "array": "a list", "string": "a string", "number": "a number",
               "integer": "a whole number", "boolean": "true or false", "null": "null"}


def _message(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    sensitive = bool(schema.get("x-sensitive"))
    custom = schema.get("x-error", {})
    value = _show(error.instance, sensitive)
    keyword = str(error.validator)
    if keyword in custom:
        return f"{value} {custom[keyword]}"
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "a field"
        return f"required field '{missing}' is missing"
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = sorted(set(error.instance) - set(schema.get("properties", {})))
        names = ", ".join(f"'{e}'" for e in extra)
        return f"unknown field {names} (not part of the case format; check the spelling)"
    if error.validator == "type":
        expected: Any = error.validator_value
        expected_list: list[str] = expected if isinstance(expected, list) else [expected]
        wanted = " or ".join(_TYPE_NAMES.get(t, t) for t in expected_list)
        return f"{value} is not {wanted}"
    if error.validator == "enum":
        choices: Any = error.validator_value
        options = ", ".join(repr(v) for v in choices)
        return f"{value} is not one of {options}"
    if error.validator == "const":
        return f"{value} must be {error.validator_value!r}"
    if error.validator == "minimum":
        return f"{value} is below the minimum of {error.validator_value}"
    if error.validator == "maximum":
        return f"{value} is above the maximum of {error.validator_value}"
    if error.validator == "minLength":
        return "must not be empty" if error.validator_value == 1 else f"{value} is too short"
    if error.validator == "maxLength":
        return f"{value} is longer than {error.validator_value} characters"
    if error.validator == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if error.validator == "maxItems":
        return f"has more than {error.validator_value} items"
    if error.validator == "pattern":
        return f"{value} does not have the expected form"
    if error.validator == "format":
        return f"{value} is not a valid {error.validator_value}"
    return error.message


def _leaves(errors: Iterator[ValidationError]) -> Iterator[ValidationError]:
    """Flatten if/then and allOf wrappers so each real problem is reported at its path."""
    for error in errors:
        if error.validator in ("allOf", "if", "then", "$ref") and error.context:
            yield from _leaves(iter(error.context))
        else:
            yield error


def schema_problems(data: Any, name: str = "case") -> list[Problem]:
    """Every schema violation in ``data``, sorted by path for stable output."""
    found: dict[tuple[str, str], Problem] = {}
    for error in _leaves(validator(name).iter_errors(data)):
        path = pointer(error.absolute_path)
        msg = _message(error)
        if error.validator == "required" and "'" in error.message:
            path = f"{path}/{error.message.split(chr(39))[1]}"
            msg = "required field is missing"
        code = f"schema.{error.validator}"
        found.setdefault((path, msg), problem(code if code in load_codes() else "schema", path, msg))
    return sorted(found.values(), key=lambda p: (p.path, p.message))
