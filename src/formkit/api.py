"""The public functions for scripts: every case argument is a path, JSON-shaped data or a Case.

A back-office script holds cases in whatever form its source gives them (files from an
export, dicts built from a practice-management system, Cases it loaded once and reuses); each
function validates data exactly as a case file would be validated and raises CaseError with
every problem. ``fill`` and ``build_packet`` return bytes without writing anything unless
asked to (``build_packet(case, outdir)``).

    pdf = formkit.fill("656", {"case_id": ..., ...})
    result = formkit.build_packet("case.json")          # result.pdf, result.contents["manifest.json"]
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from formkit.case.inputs import CaseInput, as_case, case_path

if TYPE_CHECKING:
    from formkit.analysis import Analysis
    from formkit.checks import CheckReport
    from formkit.checks.config import CheckConfig
    from formkit.forms.registry import FormRevision

__all__ = ["CaseInput", "analyze", "check_case", "fill"]


def fill(form: str | FormRevision, case: CaseInput, *, forms_dir: str | Path | None = None, flatten: bool = False,
         as_of: date | None = None, **options: Any) -> bytes:
    """The filled official PDF (or its flattened print copy) of ``form`` for ``case``, as bytes.

    ``options`` go to the form's mapper (``signer="spouse"`` for a 2848, ``item_index`` for one
    Form 843 per period and penalty). FormFillError lists every value the form cannot hold.
    """
    from formkit.forms.fill import fill_form

    return fill_form(form, as_case(case), forms_dir=forms_dir, flatten=flatten, as_of=as_of, **options)


def analyze(case: CaseInput, as_of: date | None = None) -> Analysis:
    """The collection analysis of ``case`` as of a date (default: the case's ``prepared_on``)."""
    from formkit.analysis import analyze as analyze_case

    return analyze_case(as_case(case), as_of=as_of)


def check_case(case: CaseInput, *, config: CheckConfig | str | Path | None = None, as_of: date | None = None,
               with_forms: bool = True) -> CheckReport:
    """The denial-cause checks of ``case``: a file keeps its path in the report and finds its
    ``formkit.toml`` from its folder; data and Cases look from the working folder."""
    from formkit.checks import check_case as check

    path = case_path(case)
    return check(path if path is not None else as_case(case), config=config, as_of=as_of, with_forms=with_forms)
