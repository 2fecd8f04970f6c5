"""formkit: validate, analyze, fill, check and package IRS collection-resolution cases.

The public Python API; the ``formkit`` command is a thin layer over it.
"""

from formkit._version import __version__
from formkit.analysis import Analysis, analyze
from formkit.case import Case, CaseError, Problem, ValidationResult, load_case, validate_file
from formkit.forms.fill import FormFillError
from formkit.forms.fill import fill_form as fill

__all__ = ["Analysis", "Case", "CaseError", "FormFillError", "Problem", "ValidationResult", "__version__", "analyze",
           "fill", "load_case", "validate_file"]
