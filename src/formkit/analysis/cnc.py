"""Currently Not Collectible (hardship): income does not cover allowable expenses, no equity."""

from __future__ import annotations

from decimal import Decimal

from formkit.analysis.context import Context
from formkit.analysis.equity import Equity
from formkit.analysis.money import ZERO, fmt
from formkit.analysis.options import ProgramOption

CITE = ("IRM 5.16.1.2.9 (hardship)", "Policy Statement 5-71", "Publication 594 (Rev. 5-2024) p.3")


def compute(ctx: Context, equity: Equity, rmi: Decimal, shortfall: Decimal, balance: Decimal) -> ProgramOption | None:
    if balance <= 0:
        return None
    led = ctx.ledger
    available = led.add("cnc.equity", "Equity the IRS could collect", equity.box_a + equity.box_b,
                        "Box A + Box B", inputs=[led.ref("oic.box_a"), led.ref("oic.box_b")],
                        citation="IRM 5.16.1.2.9 (do not report CNC where equity could be collected "
                                 "without hardship)")
    reasons = []
    if rmi == ZERO:
        reasons.append("allowable expenses use all the income" + (
            f" (short by {fmt(shortfall)} a month)" if shortfall else ""))
    else:
        reasons.append(f"remaining monthly income of {fmt(rmi)} could pay the IRS each month")
    if available == ZERO:
        reasons.append("no equity in assets after the allowances")
    else:
        reasons.append(f"equity of {fmt(available)} could be collected first")
    reasons.append("penalties and interest keep accruing, refunds are offset, a lien may be filed, "
                   "and the CSED keeps running")
    return ProgramOption(
        "cnc", "Currently not collectible (hardship)", rmi == ZERO and available == ZERO,
        tuple(reasons), CITE, forms=("433-F",), financial_statement="Form 433-F or Form 433-A",
        amount_path=None, total_cost=ZERO, affordable=None)
