"""PDF mechanics for official IRS forms: compile, fill, read back, flatten, compose, verify.

No tax logic lives here: callers pass fully qualified field names and already formatted
strings; this package only makes the bytes right.

Names are imported on first use: a fill from a cached compiled template never loads
pypdf, which only compiling a new template, reading a PDF back or importing a foreign
PDF needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from formkit.pdf.appearance import MIN_FONT_SIZE
    from formkit.pdf.errors import FieldProblem, FillError, TemplateError
    from formkit.pdf.flatten import flatten
    from formkit.pdf.model import CompiledTemplate, FieldKind, FieldSpec, WidgetSpec
    from formkit.pdf.reader import read_fields
    from formkit.pdf.revisions import RevisionPrefix, find_prefix, prefix_hashes
    from formkit.pdf.template import clear_cache, compile_template
    from formkit.pdf.writer import FilledForm, FillValue, fill, fill_document

_LAZY: dict[str, str] = {
    "MIN_FONT_SIZE": "formkit.pdf.appearance",
    "FieldProblem": "formkit.pdf.errors",
    "FillError": "formkit.pdf.errors",
    "TemplateError": "formkit.pdf.errors",
    "flatten": "formkit.pdf.flatten",
    "CompiledTemplate": "formkit.pdf.model",
    "FieldKind": "formkit.pdf.model",
    "FieldSpec": "formkit.pdf.model",
    "WidgetSpec": "formkit.pdf.model",
    "read_fields": "formkit.pdf.reader",
    "RevisionPrefix": "formkit.pdf.revisions",
    "find_prefix": "formkit.pdf.revisions",
    "prefix_hashes": "formkit.pdf.revisions",
    "clear_cache": "formkit.pdf.template",
    "compile_template": "formkit.pdf.template",
    "FilledForm": "formkit.pdf.writer",
    "FillValue": "formkit.pdf.writer",
    "fill": "formkit.pdf.writer",
    "fill_document": "formkit.pdf.writer",
}

__all__ = ["MIN_FONT_SIZE", "CompiledTemplate", "FieldKind", "FieldProblem", "FieldSpec", "FillError", "FillValue",
           "FilledForm", "RevisionPrefix", "TemplateError", "WidgetSpec", "clear_cache", "compile_template", "fill",
           "fill_document", "find_prefix", "flatten", "prefix_hashes", "read_fields"]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'formkit.pdf' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
