"""formkit: validate, analyze, fill, check and package IRS collection-resolution cases.

The public Python API; the ``formkit`` command is a thin layer over it.

    case = formkit.load_case("case.json")
    analysis = formkit.analyze(case)                      # a path, JSON-shaped data or a Case
    pdf = formkit.fill("656", case)                       # bytes; nothing written
    report = formkit.check_case(case)
    result = formkit.build_packet("case.json", "out/packet")
    in_memory = formkit.build_packet(case).pdf            # no folder: bytes only

Every error raised on purpose is a ``formkit.FormkitError`` (message for the preparer,
``exit_code`` for the command); anything else is a bug.

Names are imported on first use, so a script that only validates cases does not pay for
the PDF, analysis and letter-typesetting machinery.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from formkit._version import __version__

if TYPE_CHECKING:
    from formkit.analysis import Analysis, StandardsError
    from formkit.api import CaseInput, analyze, check_case, fill
    from formkit.case import Case, CaseError, Problem, ValidationResult, load_case, validate_file
    from formkit.checks import CheckReport, check_packet, check_pdf
    from formkit.errors import FormkitError
    from formkit.forms.fill import FormFillError
    from formkit.packet import PacketBlocked, PacketError, build_packet

_LAZY: dict[str, tuple[str, str]] = {
    "Analysis": ("formkit.analysis", "Analysis"),
    "analyze": ("formkit.api", "analyze"),
    "CaseInput": ("formkit.api", "CaseInput"),
    "StandardsError": ("formkit.analysis", "StandardsError"),
    "Case": ("formkit.case", "Case"),
    "CaseError": ("formkit.case", "CaseError"),
    "Problem": ("formkit.case", "Problem"),
    "ValidationResult": ("formkit.case", "ValidationResult"),
    "load_case": ("formkit.case", "load_case"),
    "validate_file": ("formkit.case", "validate_file"),
    "CheckReport": ("formkit.checks", "CheckReport"),
    "check_case": ("formkit.api", "check_case"),
    "check_packet": ("formkit.checks", "check_packet"),
    "check_pdf": ("formkit.checks", "check_pdf"),
    "FormkitError": ("formkit.errors", "FormkitError"),
    "FormFillError": ("formkit.forms.fill", "FormFillError"),
    "fill": ("formkit.api", "fill"),
    "PacketBlocked": ("formkit.packet", "PacketBlocked"),
    "PacketError": ("formkit.packet", "PacketError"),
    "build_packet": ("formkit.packet", "build_packet"),
}

__all__ = ["Analysis", "Case", "CaseError", "CaseInput", "CheckReport", "FormFillError", "FormkitError",
           "PacketBlocked", "PacketError", "Problem", "StandardsError", "ValidationResult", "__version__", "analyze",
           "build_packet", "check_case", "check_packet", "check_pdf", "fill", "load_case", "validate_file"]


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'formkit' has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
