"""``analyze(case)``: run every step in order over one Context and freeze the result."""

from __future__ import annotations

from datetime import date

from formkit._version import __version__
from formkit.analysis import (
    abatement,
    cnc,
    compliance,
    equity,
    expenses,
    f433a,
    f433f,
    income,
    installment,
    liabilities,
    offer,
    statute,
)
from formkit.analysis.context import Context, Scenario
from formkit.analysis.errors import StandardsDataError, StandardsError
from formkit.analysis.options import ProgramOption
from formkit.analysis.recommend import rank, recommendation
from formkit.analysis.result import Analysis
from formkit.analysis.standards import StandardsLibrary, load_library
from formkit.analysis.tables import StandardsAt
from formkit.case.model import Case, InstallmentRequest, NotCollectibleRequest, OfferRequest
from formkit.dates import months_between


def analyze(case: Case, as_of: date | None = None, library: StandardsLibrary | None = None,
            scenario: Scenario = "claimed") -> Analysis:
    """Analyse a case as of a date (default: the case's ``prepared_on``).

    The standards, fees and form constants in force on that date are used. A table, year or
    county that is not loaded raises StandardsError naming it and the form line that needs
    it, when a request rests on the living expenses (offer, CNC, non-streamlined or partial
    payment agreement); otherwise the analysis runs without those lines and says so
    (STANDARDS-NOT-LOADED).
    """
    day = as_of or case.prepared_on
    ctx = Context(case, day, StandardsAt(library or load_library(), day), scenario)
    balances = liabilities.compute(ctx)
    box_d = income.compute(ctx)
    try:
        spent: expenses.ExpenseResult | None = expenses.compute(ctx, box_d)
    except StandardsDataError:
        raise
    except StandardsError as exc:
        if needs_living_expenses(case):
            raise
        spent = None
        ctx.find("STANDARDS-NOT-LOADED",
                 f"{exc}. Without it the allowable expenses, the remaining monthly income, offers, "
                 "CNC and the agreements that need a financial statement are not computed; the rest "
                 "of the analysis (balances, penalty relief, guaranteed and streamlined agreements) "
                 "does not use the table", "IRM 5.15.1 (Collection Financial Standards)")
    options: list[ProgramOption] = []
    assets = None
    if spent is not None:
        assets = equity.compute(ctx)
        offered = offer.compute(ctx, assets, box_d, spent.rmi, balances)
        options += offer.options(ctx, offered, balances.total)
    compliance.compute(ctx)
    if spent is not None:
        f433a.compute(ctx)
        f433f.compute(ctx)
    options += installment.compute(ctx, balances, spent.rmi if spent else None,
                                   spent.six_year_rmi if spent else None, assets)
    if spent is not None and assets is not None:
        hardship = cnc.compute(ctx, assets, spent.rmi, spent.shortfall, balances.total)
        if hardship is not None:
            options.append(hardship)
    options += abatement.compute(ctx, balances)
    options += statute.wait_out(ctx, balances)
    if balances.total <= 0:
        ctx.find("NO-BALANCE", "nothing is owed on the listed periods: no collection "
                 "alternative is needed", "Case liabilities")
    _provenance(ctx)
    ranked = rank(options, ctx.findings)
    return Analysis(case_id=case.case_id, as_of=day, formkit_version=__version__, scenario=scenario,
                    lines=ctx.ledger.lines(), options=ranked, recommendation=recommendation(ranked),
                    findings=tuple(ctx.findings), criteria=tuple(ctx.criteria),
                    schedules=tuple(ctx.schedules),
                    standards=tuple(v for _, v in sorted(ctx.std.used.items())))


def needs_living_expenses(case: Case) -> bool:
    """Whether a request rests on the remaining monthly income (and so on every standard):
    an offer, CNC, or a non-streamlined or partial payment agreement."""
    return any(isinstance(r, OfferRequest | NotCollectibleRequest)
               or (isinstance(r, InstallmentRequest) and r.agreement_type in ("non_streamlined", "partial_payment"))
               for r in case.requests)


def _provenance(ctx: Context) -> None:
    """Say which tables are unconfirmed, and which may have been replaced by a newer one."""
    for (name, _), version in sorted(ctx.std.used.items()):
        table = ctx.std.library.table(name)
        if version.confidence != "CONFIRMED":
            ctx.find("STANDARDS-UNCONFIRMED",
                     f"{version.label} is UNCONFIRMED: check it against the IRS's published table",
                     version.reference)
        review = table.review_after_months
        if review is not None and months_between(version.effective, ctx.as_of) >= review:
            ctx.find("STANDARDS-STALE", f"{version.label} took effect {review} months or more before "
                     f"{ctx.as_of.isoformat()}; a newer table has probably been published: import it "
                     "with `formkit standards import`", version.reference)
