"""Blocking problems: what makes the IRS return a request before it looks at the numbers."""

from __future__ import annotations

from formkit.analysis.context import Context
from formkit.case.model import InstallmentRequest, OfferRequest, UnfiledReturn

OIC = ("oic_lump_sum", "oic_periodic")
IA = ("ia_guaranteed", "ia_streamlined", "ia_non_streamlined", "ia_partial_payment")


def missing_returns(ctx: Context) -> list[UnfiledReturn]:
    """Unfiled returns that are due on the analysis date (a return not yet due, or within its
    valid extension, is not missing: IRM 20.1.1.3.3.2.1 'all required returns currently due')."""
    return [u for u in ctx.case.compliance.unfiled_returns if u.due_date is None or u.due_date <= ctx.as_of]


def compute(ctx: Context) -> None:
    c = ctx.case.compliance
    not_due = [u for u in c.unfiled_returns if u not in missing_returns(ctx)]
    if not_due:
        ctx.find("RETURN-NOT-YET-DUE",
                 "not yet due on " + ctx.as_of.isoformat() + ", so not a missing return: "
                 + ", ".join(f"Form {u.form} {u.period} (due {u.due_date})" for u in not_due),
                 "IRM 20.1.1.3.3.2.1 ('all required returns currently due')", path="/compliance/unfiled_returns")
    missing = missing_returns(ctx)
    for i, u in enumerate(c.unfiled_returns):  # one finding per missing return, where the case lists it
        if u in missing:
            ctx.find("OIC-001", f"the Form {u.form} return for {u.period} is due and not filed: an offer is "
                     "returned and an installment agreement denied until every required return is filed; "
                     "first-time abatement also needs filing compliance",
                     "Form 656 (Rev. 4-2025) Section 6; Form 656-B (Rev. 4-2021) p.1; Instructions for Form "
                     "9465 (Rev. 7-2024) p.2; IRM 20.1.1.3.3.2.1", programs=(*OIC, *IA, "fta", "reasonable_cause"),
                     path=f"/compliance/unfiled_returns/{i}")
    est = c.estimated_payments
    if est is not None and est.required:
        short = (est.required_to_date is not None and est.paid_to_date is not None
                 and est.paid_to_date < est.required_to_date)
        unknown = est.required_to_date is None or est.paid_to_date is None
        if short:
            ctx.find("OIC-002", f"current-year estimated tax payments are behind ({est.paid_to_date} paid of "
                     f"{est.required_to_date} required to date): an offer is returned",
                     "Form 656 (Rev. 4-2025) Section 6; Form 656-B (Rev. 4-2021) p.1",
                     programs=OIC, path="/compliance/estimated_payments")
            ctx.find("IA-ESTIMATES", "estimated tax payments are behind: the IRS expects "
                     "current compliance before granting an installment agreement",
                     "IRM 5.14.1.4", programs=IA, path="/compliance/estimated_payments")
        elif unknown:
            ctx.find("OIC-002-UNKNOWN", "estimated payments are required but the amounts "
                     "required and paid to date are not given: confirm they are current",
                     "Form 656 (Rev. 4-2025) Section 6", programs=OIC,
                     path="/compliance/estimated_payments")
    ftd = c.federal_tax_deposits
    if ftd is not None and ftd.employer and not (ftd.current_quarter_made and ftd.prior_two_quarters_made):
        ctx.find("OIC-003", "federal tax deposits for the current quarter and the two "
                 "preceding quarters are not all made: an offer is returned",
                 "Form 656 (Rev. 4-2025) Section 6; Publication 594 (Rev. 5-2024) p.3",
                 programs=OIC, path="/compliance/federal_tax_deposits")
    if c.bankruptcy is not None and c.bankruptcy.open:
        ctx.find("OIC-004", "open bankruptcy: not eligible for an offer, and Form 9465 is "
                 "not used while in bankruptcy (collection is handled in the bankruptcy case)",
                 "Form 433-A (OIC) (Rev. 4-2025) Section 9; Form 656-B (Rev. 4-2021) p.1; Instructions "
                 "for Form 9465 (Rev. 7-2024) p.1-2", programs=(*OIC, *IA, "cnc"),
                 path="/compliance/bankruptcy")
    if c.pending_offer and ctx.case.requests_of(InstallmentRequest):
        ctx.find("IA-008", "an offer in compromise is pending: call the IRS instead of "
                 "filing Form 9465 (submitting an offer withdraws a pending installment agreement "
                 "request)", "Instructions for Form 9465 (Rev. 7-2024) p.1-2; Form 656 (Rev. 4-2025) "
                 "Section 7(p)", programs=IA, path="/compliance/pending_offer")
    if c.open_audit:
        ctx.find("OIC-AUDIT", "an open audit should be resolved before an offer is "
                 "submitted", "Form 656-B (Rev. 4-2021) p.1", programs=OIC, path="/compliance/open_audit")
    if c.innocent_spouse_claim_pending:
        ctx.find("OIC-INNOCENT-SPOUSE", "a pending innocent-spouse claim should be resolved "
                 "before an offer is submitted", "Form 656-B (Rev. 4-2021) p.1", programs=OIC,
                 path="/compliance/innocent_spouse_claim_pending")
    if ctx.case.requests_of(OfferRequest) and not any(li.notice_received for li in ctx.case.liabilities):
        ctx.find("OIC-NO-BILL", "no bill has been received for any period in the offer: the "
                 "offer and fee may be returned", "Form 656-B (Rev. 4-2021) pp.1-2", programs=OIC)
