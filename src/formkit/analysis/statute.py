"""'Let the statute run': an option to weigh when the last collection statute is near.

An offer, an installment request, a CDP hearing or a bankruptcy each suspends the
collection statute; CNC status and an agreement already in effect do not. When the last
CSED is close (rules/csed.json, strategy), a request that suspends it can cost the
taxpayer more than it saves, so the analysis lists waiting it out beside the programs.
It is never ranked: it is a strategy for the preparer to weigh, not a filing.
"""

from __future__ import annotations

from formkit.analysis.context import Context
from formkit.analysis.liabilities import CSED_CITATION, Balances
from formkit.analysis.money import fmt
from formkit.analysis.options import ProgramOption
from formkit.csed import load_rules


def wait_out(ctx: Context, balances: Balances) -> list[ProgramOption]:
    months = balances.months_to_csed
    rules = load_rules()
    if months is None or balances.total <= 0 or months > rules.wait_out_months:
        return []
    latest = max(p.csed for p in balances.periods if p.balance > 0 and p.csed is not None)
    reasons = (
        f"the last collection statute with a balance expires {latest.isoformat()} ({months} months); "
        f"{fmt(balances.total)} is owed",
        "until then the IRS can still levy, file liens and offset refunds; currently-not-collectible "
        "status and an installment agreement already in effect do not stop the clock",
        "an offer (pending up to 24 months, IRC 7122(f), plus 30 days after a rejection), an installment "
        "request, a CDP hearing or a bankruptcy would each suspend the statute and push the date back: "
        "run 'formkit csed' to see each period's date and what moved it",
    )
    return [ProgramOption("wait_out", "Let the collection statute run", True, reasons,
                          (CSED_CITATION, rules.strategy_reference), kind="strategy",
                          amount_path="ia.months_to_csed")]
