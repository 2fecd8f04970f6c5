"""Rank the programs that fit: cheapest total first, then the lighter program; flag blockers."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from formkit.analysis.findings import Finding
from formkit.analysis.options import ProgramOption


def rank(options: Sequence[ProgramOption], findings: Sequence[Finding]) -> tuple[ProgramOption, ...]:
    """Attach blockers to each option and number the ones that fit, per kind of program.

    Collection programs that fit (eligible, and affordable where that is a question) are
    ranked by what the taxpayer would pay in all, then by paperwork; a blocked program keeps
    its place after the unblocked ones. Penalty relief is ranked on its own.
    """
    blocked = []
    for option in options:
        codes = tuple(f.code for f in findings if f.severity == "error" and option.program in f.programs)
        blocked.append(replace(option, blocked_by=codes))
    ranked: dict[str, int] = {}
    for kind in ("collection", "penalty_relief"):
        fitting = [o for o in blocked if o.kind == kind and o.fits]
        fitting.sort(key=lambda o: (bool(o.blocked_by), o.total_cost if o.total_cost is not None
                                    else Decimal(0), o.burden, o.program))
        for n, option in enumerate(fitting, start=1):
            ranked[option.program] = n
    result = [replace(o, rank=ranked.get(o.program)) for o in blocked]
    result.sort(key=lambda o: (o.kind != "collection", o.rank is None, o.rank or 0, o.burden, o.program))
    return tuple(result)


def recommendation(options: Sequence[ProgramOption]) -> tuple[str, ...]:
    """Program ids in the order to consider them: ranked collection programs, then penalty relief."""
    return tuple(o.program for o in options if o.rank is not None)
