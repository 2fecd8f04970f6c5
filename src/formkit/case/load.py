"""Read a case file: bytes -> JSON (Decimal money) -> schema + semantic checks -> Case."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

import dacite

from formkit.case.model import Case
from formkit.case.periods import TaxPeriod
from formkit.case.problems import CaseError, Problem, problem
from formkit.case.schema import schema_problems
from formkit.case.semantic import semantic_problems
from formkit.dates import today as clock_today
from formkit.files.read import InputFileError, read_limited

MAX_CASE_BYTES = 10 * 1024 * 1024  # a real case is a few tens of kilobytes
MAX_DEPTH = 32                     # a real case nests 6 levels deep; the JSON parser recurses per level


@dataclass(frozen=True, slots=True)
class ValidationResult:
    source: str
    problems: tuple[Problem, ...]
    case: Case | None

    @property
    def valid(self) -> bool:
        return self.case is not None

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


def _unusable(source: str, message: str) -> CaseError:
    return CaseError(source, [problem("input", "", message)], unusable=True)


def read_json(path: str | Path) -> Any:
    """Read a JSON file with money as Decimal; unreadable input raises CaseError(unusable)."""
    source = str(path)
    try:
        raw = read_limited(path, MAX_CASE_BYTES, what="case file")
    except InputFileError as exc:
        raise _unusable(source, exc.reason) from None
    return parse_json(raw, source)


_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in JSON text, found without parsing it."""
    brackets = _STRING.sub(b"", raw).translate(None, _NOT_BRACKETS)
    return max(itertools.accumulate(map(_STEP.__getitem__, brackets)), default=0)


def parse_json(raw: bytes, source: str = "<case>") -> Any:
    if not raw.strip():
        raise _unusable(source, "file is empty (expected a JSON case object)")
    if nesting_depth(raw) > MAX_DEPTH:
        raise _unusable(source, f"not a case file: arrays and objects nest more than {MAX_DEPTH} levels deep")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _unusable(source, f"not UTF-8 text (byte {exc.start}); save the case as UTF-8 JSON") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise _unusable(source, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise _unusable(source, f"not valid JSON: {exc}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed in a case file")


_CONFIG = dacite.Config(
    type_hooks={Decimal: lambda v: v if isinstance(v, Decimal) else Decimal(str(v)),
                date: date.fromisoformat, TaxPeriod: TaxPeriod},
    cast=[tuple],
    strict=True,
)


def build_case(data: dict[str, Any]) -> Case:
    """Turn schema-valid JSON data into the typed model."""
    cleaned = {k: v for k, v in data.items() if k not in ("$schema", "form_overrides")}
    case = dacite.from_dict(Case, cleaned, config=_CONFIG)
    overrides = data.get("form_overrides")
    if not overrides:
        return case
    frozen = MappingProxyType({form: MappingProxyType(dict(values)) for form, values in overrides.items()})
    return dataclasses.replace(case, form_overrides=frozen)


def validate_data(data: Any, source: str = "<case>", today: date | None = None) -> ValidationResult:
    if not isinstance(data, dict):
        return ValidationResult(source, (problem("schema.type", "", "a case file must be a JSON object"),), None)
    problems = schema_problems(data) + semantic_problems(data, today or clock_today())
    if any(p.severity == "error" for p in problems):
        return ValidationResult(source, tuple(problems), None)
    return ValidationResult(source, tuple(problems), build_case(data))


def validate_file(path: str | Path, today: date | None = None) -> ValidationResult:
    """Validate one case file. Unreadable input raises CaseError with ``unusable=True``."""
    return validate_data(read_json(path), str(path), today)


def load_case(path: str | Path, today: date | None = None) -> Case:
    """Load a case or raise CaseError carrying every error found."""
    result = validate_file(path, today)
    if result.case is None:
        raise CaseError(str(path), list(result.problems))
    return result.case
