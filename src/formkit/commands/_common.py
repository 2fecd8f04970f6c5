"""What every subcommand shares: exit codes, output writing, JSON rendering, masking."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from formkit.atomic import write_atomic
from formkit.errors import EXIT_FINDINGS, EXIT_USAGE, FormkitError
from formkit.redact import redact_text

if TYPE_CHECKING:
    from formkit.case.model import Case

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UsageError", "emit", "emit_error", "import_packet_machinery",
           "lean_imports", "load_case_or_report", "to_json", "write_atomic"]

EXIT_OK = 0


class UsageError(FormkitError):
    """Bad arguments or unusable input: exit code 2 with a one-line message."""


def emit_error(message: str) -> None:
    print(redact_text(message), file=sys.stderr)


def load_case_or_report(path: str) -> Case | None:
    """The case at ``path``; or None, its errors printed one a line (masked), for an exit 2.
    Warnings are printed only when the case has no error (they are then why it failed)."""
    from formkit.case import CaseError, load_case

    try:
        return load_case(path)
    except CaseError as exc:
        for problem in [p for p in exc.problems if p.severity == "error"] or exc.problems:
            emit_error(f"{path}: {problem}")
        return None


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


#: Optional accelerators pypdf imports when present (numpy for image decoding, cryptography
#: for signing and encryption); a packet uses neither feature.
OPTIONAL_ACCELERATORS = ("numpy", "cryptography")


@contextlib.contextmanager
def lean_imports(skip: tuple[str, ...] = OPTIONAL_ACCELERATORS) -> Iterator[None]:
    """Import inside as if ``skip`` were not installed (when not imported already), then make
    them importable again: a fresh ``formkit packet`` spends ~150 ms less loading what it never
    calls. Only for the command-line process, which has no other thread importing meanwhile."""
    blocked = [name for name in skip if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes 'import name' raise ImportError
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


def import_packet_machinery() -> None:
    """Load the PDF parsing library (for PDF attachments) the lean way (see lean_imports).
    Letters are typeset by formkit itself; fpdf2 is loaded only for an image attachment."""
    with lean_imports():
        import pypdf  # noqa: F401
