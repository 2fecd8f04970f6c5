"""formkit: validate, analyze, fill, check and package IRS collection-resolution cases.

The public Python API; the ``formkit`` command is a thin layer over it.

    case = formkit.load_case("case.json")
    analysis = formkit.analyze(case)
    pdf = formkit.fill("656", case)
    report = formkit.check_case(case)
    result = formkit.build_packet("case.json", "out/packet")
"""

from formkit._version import __version__
from formkit.analysis import Analysis, analyze
from formkit.case import Case, CaseError, Problem, ValidationResult, load_case, validate_file
from formkit.checks import CheckReport, check_case, check_packet, check_pdf
from formkit.forms.fill import FormFillError
from formkit.forms.fill import fill_form as fill
from formkit.packet import build_packet

__all__ = ["Analysis", "Case", "CaseError", "CheckReport", "FormFillError", "Problem", "ValidationResult",
           "__version__", "analyze", "build_packet", "check_case", "check_packet", "check_pdf", "fill", "load_case",
           "validate_file"]
