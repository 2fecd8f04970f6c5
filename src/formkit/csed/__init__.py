"""Collection statute expiration dates (CSEDs) per assessment, from dated rules."""

from __future__ import annotations

from formkit.csed.engine import (
    AssessmentStatute,
    CsedResult,
    LiabilityStatute,
    compute_case,
    compute_liability,
    effective_csed,
)
from formkit.csed.rules import CsedRules, CsedRulesError, load_rules

__all__ = [
    "AssessmentStatute", "CsedResult", "CsedRules", "CsedRulesError", "LiabilityStatute", "compute_case",
    "compute_liability", "effective_csed", "load_rules",
]
