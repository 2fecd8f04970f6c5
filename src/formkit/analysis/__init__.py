"""Collection analysis: dated IRS standards, allowable expenses, equity, minimum offers,
installment agreements, CNC, penalty relief and a ranked recommendation.

Every number is an explained line (``Explained``: path, label, amount, formula, inputs,
citation) so the worksheet shows the work and the fill engine reads lines by path.
"""

from formkit.analysis.engine import analyze
from formkit.analysis.errors import StandardsDataError, StandardsError
from formkit.analysis.explained import Explained, Input
from formkit.analysis.findings import Finding
from formkit.analysis.options import ProgramOption
from formkit.analysis.result import Analysis
from formkit.analysis.standards import StandardsLibrary, TableVersion, load_library

__all__ = ["Analysis", "Explained", "Finding", "Input", "ProgramOption", "StandardsDataError",
           "StandardsError", "StandardsLibrary", "TableVersion", "analyze", "load_library"]
