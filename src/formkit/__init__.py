"""formkit: validate, analyze, fill, check and package IRS collection-resolution cases.

The public Python API; the ``formkit`` command is a thin layer over it.
"""

from formkit._version import __version__
from formkit.case import Case, CaseError, Problem, ValidationResult, load_case, validate_file

__all__ = ["Case", "CaseError", "Problem", "ValidationResult", "__version__", "load_case",
           "validate_file"]
