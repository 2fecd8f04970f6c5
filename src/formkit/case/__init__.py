"""Case data: the typed model, loading and validation."""

from formkit.case.load import ValidationResult, load_case, validate_data, validate_file
from formkit.case.model import Case
from formkit.case.problems import CaseError, Problem

__all__ = ["Case", "CaseError", "Problem", "ValidationResult", "load_case", "validate_data",
           "validate_file"]
