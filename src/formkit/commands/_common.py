"""What every subcommand shares: exit codes, output writing, JSON rendering, masking."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.atomic import write_atomic
from formkit.errors import EXIT_FINDINGS, EXIT_USAGE, FormkitError
from formkit.redact import redact_text

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "emit", "emit_error", "to_json", "write_atomic"]

EXIT_OK = 0


class UsageError(FormkitError):
    """Bad arguments or unusable input: exit code 2 with a one-line message."""


def emit_error(message: str) -> None:
    print(redact_text(message), file=sys.stderr)


def emit(text: str) -> None:
    """Print report text with any identification number masked."""
    sys.stdout.write(redact_text(text))
    if not text.endswith("\n"):
        sys.stdout.write("\n")


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def to_json(data: Mapping[str, Any] | list[Any]) -> str:
    """Deterministic JSON: sorted keys, Decimal as strings, two-space indent."""
    return json.dumps(data, default=_default, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
