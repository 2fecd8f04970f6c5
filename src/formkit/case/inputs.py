"""What the Python API accepts as a case: a file path, JSON-shaped data, or a loaded Case.

Back-office scripts build cases in memory (from a practice-management export) as often as
they read files; every entry point takes all three and validates data exactly as a file
would be validated (schema, then consistency rules), raising CaseError with every problem.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import fields, is_dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from formkit.case.load import MAX_CASE_BYTES, load_case, validate_data
from formkit.case.model import Case
from formkit.case.problems import CaseError
from formkit.files.read import read_limited

CaseInput = Case | Mapping[str, Any] | str | os.PathLike[str]

#: How a case given as data is named in messages and in a packet's manifest.
DATA_SOURCE = "<case data>"


def as_case(case: CaseInput, today: date | None = None) -> Case:
    """The loaded Case for a path, JSON-shaped data (money as Decimal, str or int) or a Case."""
    if isinstance(case, Case):
        return case
    if isinstance(case, Mapping):
        result = validate_data(_plain_dict(case), DATA_SOURCE, today)
        if result.case is None:
            raise CaseError(DATA_SOURCE, list(result.problems))
        return result.case
    return load_case(Path(case), today)


def case_path(case: CaseInput) -> Path | None:
    """The file a case came from, when it was given as a path."""
    return Path(case) if isinstance(case, (str, os.PathLike)) else None


def _plain_dict(data: Mapping[str, Any]) -> dict[str, Any]:
    """Nested mappings and sequences as the dicts and lists JSON would have given."""
    def plain(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return plain(data)  # type: ignore[no-any-return]


def canonical_bytes(case: CaseInput) -> bytes:
    """Stable bytes standing for a case given in memory (for a manifest's sha256): sorted-key
    JSON of the data, or of a loaded Case's fields; a file's own bytes otherwise."""
    path = case_path(case)
    if path is not None:
        return read_limited(path, MAX_CASE_BYTES, what="case file")
    data = case if isinstance(case, Mapping) else _case_data(case)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_json_default).encode("utf-8")


def _case_data(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _case_data(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _case_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_case_data(v) for v in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return dict(value)
    raise TypeError(f"not JSON data: {type(value).__name__}")
