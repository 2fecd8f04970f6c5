"""PDF mechanics for official IRS forms: compile, fill, read back, flatten, verify.

No tax logic lives here: callers pass fully qualified field names and already formatted
strings; this package only makes the bytes right.
"""

from formkit.pdf.appearance import MIN_FONT_SIZE
from formkit.pdf.errors import FieldProblem, FillError, TemplateError
from formkit.pdf.flatten import flatten
from formkit.pdf.model import CompiledTemplate, FieldKind, FieldSpec, WidgetSpec
from formkit.pdf.reader import read_fields
from formkit.pdf.revisions import RevisionPrefix, find_prefix, prefix_hashes
from formkit.pdf.template import clear_cache, compile_template
from formkit.pdf.writer import FillValue, fill

__all__ = [
    "MIN_FONT_SIZE",
    "CompiledTemplate",
    "FieldKind",
    "FieldProblem",
    "FieldSpec",
    "FillError",
    "FillValue",
    "RevisionPrefix",
    "TemplateError",
    "WidgetSpec",
    "clear_cache",
    "compile_template",
    "fill",
    "find_prefix",
    "flatten",
    "prefix_hashes",
    "read_fields",
]
