"""Offer in compromise: processability (returned offers) and common rejection causes.

Form 656 (Rev. 4-2025) and Form 433-A (OIC) (Rev. 4-2025), with the Form 656-B booklet (Rev.
4-2021); each rule's sources are in rules/catalogue.json.
Each rule reads the case (JSON pointers) and, for PDF input, the filled Form 656 /
Form 433-A (OIC) (form lines and semantic keys).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from formkit.analysis.money import apply_rounding
from formkit.analysis.offer import low_income_excluded
from formkit.checks.documents import Document, current_revision
from formkit.checks.periods import label as period_label
from formkit.checks.periods import parse_periods
from formkit.checks.registry import Hit, hit, rule
from formkit.checks.rules._util import ZERO, money, ptr, signed, signers, total_balance
from formkit.checks.subject import Subject
from formkit.findings import Location

BUSINESS_RETURNS = ("1120", "1120-S", "1120S", "1065", "990", "1041")
EMPLOYMENT_RETURNS = ("941", "940", "943", "944", "945", "CT-1")


def _fee(s: Subject) -> Decimal:
    return s.params.money("form_656", "application_fee", _rev656(s))


def _rev656(s: Subject) -> str | None:
    docs = s.pdf_docs("f656")
    if docs:
        return docs[0].revision
    current = current_revision("f656")
    return current.revision if current else None


def _option(doc: Document) -> str | None:
    """'lump_sum' or 'periodic' from Section 4 (the first checked, or the one with an amount)."""
    for option in ("lump_sum", "periodic"):
        if doc.checked(f"section_4.{option}.check"):
            return option
    for option in ("lump_sum", "periodic"):
        if doc.text(f"section_4.{option}.offer_amount"):
            return option
    return None


def _low_income(doc: Document) -> bool:
    return doc.checked("low_income.agi") or doc.checked("low_income.gross_income")


# ------------------------------------------------------------------ compliance (case facts)

def _section_6(s: Subject, yes: str, no: str, what: str) -> Iterator[Hit]:
    """A Form 656 Section 6 certification with neither box checked."""
    for doc in s.pdf_docs("f656"):
        if not doc.checked(yes) and not doc.checked(no):
            yield hit(doc.where(yes), doc.label,
                      detail=f"{doc.label} Section 6 does not certify that {what}")


@rule("OIC-001", needs=("analysis",), inputs=("case", "pdf"))
def unfiled_returns(s: Subject) -> Iterator[Hit]:
    """The analysis decides which listed returns are missing (due by the as-of date)."""
    if s.case is not None and s.offers():
        missing = s.decided_at("OIC-001")
        for i, ret in enumerate(s.case.compliance.unfiled_returns):
            if ptr("compliance", "unfiled_returns", i) not in missing:
                continue
            yield hit(ptr("compliance", "unfiled_returns", i),
                      detail=f"The Form {ret.form} return for {ret.period} is listed as not filed "
                             "(compliance.unfiled_returns)")
    yield from _section_6(s, "section_6.filed_all_returns", "section_6.not_required_to_file",
                          "all required returns are filed")


@rule("OIC-002", inputs=("case", "pdf"))
def estimated_payments(s: Subject) -> Iterator[Hit]:
    yield from _section_6(s, "section_6.estimated_tax_paid", "section_6.estimated_tax_not_required",
                          "the estimated tax payments are made (or not required)")
    est = s.case.compliance.estimated_payments if s.case is not None else None
    if not s.offers() or est is None or not est.required:
        return
    if est.required_to_date is None or est.paid_to_date is None:
        yield hit(ptr("compliance", "estimated_payments"),
                  detail="Estimated tax payments are required for "
                         f"{est.tax_year or 'the current year'} but the amounts required and paid "
                         "to date are not stated (compliance.estimated_payments)")
    elif est.paid_to_date < est.required_to_date:
        yield hit(ptr("compliance", "estimated_payments", "paid_to_date"),
                  detail=f"Estimated tax paid to date is {money(est.paid_to_date)} of "
                         f"{money(est.required_to_date)} required for "
                         f"{est.tax_year or 'the current year'} (short by "
                         f"{money(est.required_to_date - est.paid_to_date)})")


@rule("OIC-003", inputs=("case", "pdf"))
def deposits(s: Subject) -> Iterator[Hit]:
    yield from _section_6(s, "section_6.deposits_made", "section_6.deposits_not_required",
                          "the federal tax deposits are made (or not required)")
    ftd = s.case.compliance.federal_tax_deposits if s.case is not None else None
    if not s.offers() or ftd is None or not ftd.employer:
        return
    quarters = s.params.number("offer_processability", "deposit_quarters")
    missing = []
    if ftd.current_quarter_made is not True:
        missing.append("the current quarter")
    if quarters > 1 and ftd.prior_two_quarters_made is not True:
        missing.append("the two preceding quarters")
    if missing:
        yield hit(ptr("compliance", "federal_tax_deposits"),
                  detail="Federal tax deposits are not shown as made for " + " and ".join(missing)
                         + " (compliance.federal_tax_deposits)")


@rule("OIC-004", inputs=("case", "pdf"))
def bankruptcy(s: Subject) -> Iterator[Hit]:
    if s.case_path("f433aoi") and s.offers():
        assert s.case is not None
        b = s.case.compliance.bankruptcy
        if b is not None and b.open:
            chapter = f"Chapter {b.chapter} " if b.chapter else ""
            filed = f" filed {b.filed_on.isoformat()}" if b.filed_on else ""
            yield hit(ptr("compliance", "bankruptcy", "open"),
                      detail=f"The taxpayer is in an open {chapter}bankruptcy{filed}")
    for doc in s.pdf_docs("f433aoi"):
        if doc.checked("bankruptcy.yes") and not (doc.text("bankruptcy.date_dismissed")
                                                  or doc.text("bankruptcy.date_discharged")):
            yield hit(doc.where("bankruptcy.yes"), doc.label,
                      detail=f"{doc.label} Section 9 says the taxpayer filed for bankruptcy and "
                             "gives no date of dismissal or discharge")


# ------------------------------------------------------------------ fee and payments

@rule("OIC-005", inputs=("case", "pdf"))
def application_fee(s: Subject) -> Iterator[Hit]:
    fee = _fee(s)
    for i, req in s.offers(judged_on="f656"):
        if req.low_income_certification:
            continue
        if req.application_fee is None:
            yield hit(ptr("requests", i, "application_fee"), fee=money(fee),
                      detail="No application fee is stated for the offer (application_fee)")
        elif req.application_fee != fee:
            yield hit(ptr("requests", i, "application_fee"), fee=money(fee),
                      detail=f"The application fee is {money(req.application_fee)}")
    for doc in s.pdf_docs("f656"):
        paid = doc.money("section_5.electronic.fee_amount")
        if paid is not None and paid != fee and not _low_income(doc):
            yield hit(doc.where("section_5.electronic.fee_amount"), doc.label, fee=money(fee),
                      detail=f"{doc.label} Section 5 shows an electronic fee payment of "
                             f"{money(paid)}")


def _initial_required(s: Subject, offer: Decimal) -> Decimal:
    fraction = Decimal(str(s.params.get("form_656", "initial_payment_fraction", _rev656(s))))
    return apply_rounding(offer * fraction, s.params.get("form_656", "initial_payment_rounding", _rev656(s)))


@rule("OIC-006", inputs=("case", "pdf"))
def lump_sum_initial_payment(s: Subject) -> Iterator[Hit]:
    """On the Section 4 the form prints (the mapper enters the 20% when the case gives none)."""
    for doc in s.docs("f656"):
        offer = doc.money("section_4.lump_sum.offer_amount")
        if _option(doc) != "lump_sum" or _low_income(doc) or offer is None or offer <= 0:
            continue
        required = _initial_required(s, offer)
        paid = doc.money("section_4.lump_sum.initial_payment") or ZERO
        if paid < required:
            yield hit(doc.where("section_4.lump_sum.initial_payment"), doc.label,
                      offer=money(offer), required=money(required),
                      shortfall=money(required - paid),
                      detail=f"{doc.label} Section 4 shows an initial payment of {money(paid)}")


@rule("OIC-007", inputs=("case", "pdf"))
def periodic_first_payment(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        if _option(doc) == "periodic" and not _low_income(doc) and not doc.money(
                "section_4.periodic.first_payment"):
            yield hit(doc.where("section_4.periodic.first_payment"), doc.label,
                      detail=f"{doc.label} Section 4 shows no first monthly payment")


@rule("OIC-043", inputs=("case", "pdf"))
def payment_term_limits(s: Subject) -> Iterator[Hit]:
    max_months = s.params.number("form_656", "periodic_max_months", _rev656(s))
    max_day = s.params.number("offer_processability", "payment_day_max")
    for doc in s.docs("f656"):
        if _option(doc) != "periodic":
            continue
        for key in ("section_4.periodic.payment_day", "section_4.periodic.final_payment_day"):
            day = doc.get(key)
            if day is not None and not (isinstance(day, int) and 1 <= day <= max_day):
                yield hit(doc.where(key), doc.label,
                          detail=f"{doc.label} Section 4 names day {day!s} of the month")
        final = doc.get("section_4.periodic.final_month")
        if isinstance(final, int) and final > max_months:
            yield hit(doc.where("section_4.periodic.final_month"), doc.label,
                      detail=f"{doc.label} Section 4 puts the final payment in month {final}, "
                             f"beyond month {max_months}")


@rule("OIC-008", needs=("case", "analysis"))
def low_income_certification(s: Subject) -> Iterator[Hit]:
    """The analysis decides whether the household qualifies (oic.low_income.qualifies: household
    income x 12 or the latest AGI against the Form 656 table, and the form's exclusions); the
    rule reports the claim, with the amounts the test compared."""
    assert s.case is not None
    case = s.case
    if not s.decided("OIC-008"):
        return
    excluded = low_income_excluded(case)
    threshold = s.amount("oic.low_income.threshold")
    yearly = s.amount("oic.low_income.annual_income")
    agi = s.amount("oic.low_income.agi")
    for i, _ in s.analysed_offer():
        where = ptr("requests", i, "low_income_certification")
        if excluded is not None:
            yield hit(where, fee=money(_fee(s)),
                      detail=f"Low-Income Certification is claimed, but {excluded}")
        elif threshold is not None and yearly is not None:
            agi_text = (f"the latest AGI of {money(agi)}" if agi is not None
                        else "no AGI is stated (compliance.last_return_agi)")
            yield hit(where, fee=money(_fee(s)),
                      detail=f"Low-Income Certification is claimed, but household income x 12 is "
                             f"{money(yearly)} and {agi_text}; both exceed {money(threshold)} "
                             f"for a household of {case.household_size} ({case.address.state})")


@rule("OIC-009", inputs=("case", "pdf"))
def low_income_with_money(s: Subject) -> Iterator[Hit]:
    for i, req in s.offers(judged_on="f656"):
        if not req.low_income_certification:
            continue
        sent = [(k, v) for k, v in (("application_fee", req.application_fee),
                                    ("initial_payment", req.initial_payment)) if v]
        if sent:
            key, amount = sent[0]
            yield hit(ptr("requests", i, key),
                      detail=f"Low-Income Certification is claimed and {key.replace('_', ' ')} "
                             f"of {money(amount)} is sent")
    for doc in s.pdf_docs("f656"):
        if not _low_income(doc):
            continue
        for key in ("section_4.lump_sum.initial_payment", "section_4.periodic.first_payment",
                    "section_5.electronic.fee_amount", "section_5.electronic.payment_amount"):
            shown = doc.money(key)
            if shown:
                yield hit(doc.where(key), doc.label,
                          detail=f"{doc.label} claims Low-Income Certification and shows "
                                 f"{money(shown)} in {doc.place(key)}")
                break


@rule("OIC-010", inputs=("case", "pdf"))
def offer_signatures(s: Subject) -> Iterator[Hit]:
    if s.case is not None and s.offers():
        for form, form_id in (("656", "f656"), ("433-A (OIC)", "f433aoi")):
            if not s.case_path(form_id):
                continue
            for signer in signers(s.case):
                if not signed(s.case, form, signer):
                    yield hit(ptr("signatures"),
                              detail=f"Form {form} has no signature by the {signer} "
                                     f"(signatures: form '{form}', signer '{signer}')")
    for form_id in ("f656", "f433aoi"):
        for doc in s.pdf_docs(form_id):
            people = ["taxpayer"] + (["spouse"] if doc.text("spouse.ssn") else [])
            for person in people:
                if not doc.text(f"{person}.signature_date"):
                    yield hit(doc.where(f"{person}.signature_date"), doc.label,
                              detail=f"{doc.label} has no {person} signature date")


@rule("OIC-011", inputs=("case", "pdf"))
def collection_statement(s: Subject) -> Iterator[Hit]:
    if s.case is not None and s.offers():
        b = s.case.business
        if b is not None and b.kind != "sole_proprietorship":
            yield hit(ptr("business", "kind"),
                      detail=f"The taxpayer has an interest in a {b.kind.replace('_', ' ')} "
                             f"({b.name}) and formkit does not fill Form 433-B (OIC)")
        if not s.case.income and s.case.expenses == type(s.case.expenses)():
            yield hit(ptr("income"), detail="The case has no income and no expenses, so "
                                            "Form 433-A (OIC) Section 7 would be empty")
    if s.pdf_docs("f656") and not s.docs("f433aoi"):
        doc = s.pdf_docs("f656")[0]
        yield hit(doc.whole, doc.label,
                  detail=f"The packet holds {doc.label} but no Form 433-A (OIC)")


# ------------------------------------------------------------------ offer amount

def _minimum(s: Subject, option: str) -> Decimal | None:
    return s.amount(f"oic.minimum_offer.{option}")


@rule("OIC-012", needs=("analysis",), inputs=("case", "pdf"))
def below_minimum(s: Subject) -> Iterator[Hit]:
    if s.case_path("f656") and s.decided("OIC-012"):  # the analysis decides below the minimum
        for i, req in s.analysed_offer():
            minimum = _minimum(s, req.payment_option)
            if minimum is not None:
                box = "Box G" if req.payment_option == "lump_sum" else "Box H"
                yield hit(ptr("requests", i, "offer_amount"), offer=money(req.offer_amount),
                          minimum=money(minimum), shortfall=money(minimum - req.offer_amount),
                          basis=f"Form 433-A (OIC) Box A + Box B + {box}",
                          detail=f"Form 656 Section 4 ({req.payment_option.replace('_', ' ')})")
    for doc in s.pdf_docs("f656"):
        option = _option(doc)
        offer = doc.money(f"section_4.{option}.offer_amount") if option else None
        if offer is None or doc.checked("section_3.eta_economic_hardship") or doc.checked(
                "section_3.eta_public_policy"):
            continue
        minimums = [(cis.money("section_8.offer_amount"), f"{cis.label} Section 8")
                    for cis in s.pdf_docs("f433aoi")]
        if not minimums and option is not None:
            minimums = [(_minimum(s, option), "the analysis of the case")]
        for minimum, basis in minimums:
            if minimum is not None and offer < minimum:
                yield hit(doc.where(f"section_4.{option}.offer_amount"), doc.label,
                          offer=money(offer), minimum=money(minimum),
                          shortfall=money(minimum - offer), basis=basis,
                          detail=f"{doc.label} Section 4")


@rule("OIC-013", inputs=("case", "pdf"))
def offer_whole_dollars(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        option = _option(doc)
        amount = doc.money(f"section_4.{option}.offer_amount") if option else None
        if amount is not None and amount > 0 and amount != amount.to_integral_value():
            yield hit(doc.where(f"section_4.{option}.offer_amount"), doc.label,
                      detail=f"{doc.label} Section 4 offer amount is {money(amount)}")


@rule("OIC-049", inputs=("case", "pdf"))
def offer_amount_present(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        option = _option(doc)
        key = f"section_4.{option or 'lump_sum'}.offer_amount"
        amount = doc.money(key)
        if amount is None or amount <= 0:
            shown = doc.text(key) or "empty"
            yield hit(doc.where(key), doc.label,
                      detail=f"{doc.label} Section 4 offer amount is {shown}"
                             + ("" if option else " and no payment option is checked"))


@rule("OIC-014", needs=("case", "analysis"))
def can_full_pay(s: Subject) -> Iterator[Hit]:
    ability = s.amount("oic.full_pay.collectible")
    if ability is None or not s.decided("OIC-014"):  # the analysis' full-pay screen decides
        return
    balance = total_balance(s)
    for i, _ in s.analysed_offer():
        yield hit(ptr("requests", i, "basis"), balance=money(balance),
                  detail=f"Equity without the allowances plus future income to the CSED "
                         f"comes to {money(ability)}")


# ------------------------------------------------------------------ form structure (PDF)

@rule("OIC-015", inputs=("pdf",))
def one_box(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        reasons = [k for k in ("section_3.doubt_as_to_collectibility",
                               "section_3.eta_economic_hardship", "section_3.eta_public_policy")
                   if doc.checked(k)]
        if len(reasons) > 1:
            yield hit(doc.where(reasons[1]), doc.label,
                      detail=f"{doc.label} Section 3 has {len(reasons)} reasons checked")
        options = [k for k in ("section_4.lump_sum.check", "section_4.periodic.check")
                   if doc.checked(k)]
        if len(options) > 1:
            yield hit(doc.where(options[1]), doc.label,
                      detail=f"{doc.label} Section 4 has both payment options checked")


@rule("OIC-016", inputs=("pdf",))
def one_section(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        individual = doc.text("taxpayer.full_name") or doc.text("taxpayer.ssn")
        business = doc.text("section_2.business_name") or doc.text("section_2.business_ein")
        if individual and business:
            yield hit(doc.where("section_2.business_name"), doc.label,
                      detail=f"{doc.label} has both Section 1 (individual) and Section 2 "
                             "(business) filled in")


def _656_periods(doc: Document) -> dict[str, set[object]]:
    """Section 1 periods per return form, as period-ending dates."""
    out: dict[str, set[object]] = {}
    for form in ("1040", "941", "940"):
        keys = [k for k in doc.keys(f"section_1.form_{form}_periods")]
        text = ", ".join(doc.text(k) for k in keys if doc.text(k))
        if text:
            parsed = parse_periods(text)
            out[form] = set(parsed.ends) | {f"year:{y}" for y in parsed.years}
    return out


@rule("OIC-017", inputs=("case", "pdf"))
def periods_match(s: Subject) -> Iterator[Hit]:
    if s.case is None or not s.offers():
        return
    for i, lia in enumerate(s.case.liabilities):
        if lia.total == 0:
            yield hit(ptr("liabilities", i),
                      detail=f"Form {lia.form} {lia.period} is listed but has no balance due")
    for doc in s.pdf_docs("f656"):
        listed = _656_periods(doc)
        for i, lia in enumerate(s.case.liabilities):
            end = lia.period.end
            if lia.form not in ("1040", "941", "940") or lia.total == 0:
                continue
            have = listed.get(lia.form, set())
            if end not in have and f"year:{end.year}" not in have:
                yield hit(doc.where(f"section_1.form_{lia.form}_periods[1]"), doc.label,
                          detail=f"{doc.label} Section 1 does not list Form {lia.form} "
                                 f"{period_label(end)}, which the case lists at "
                                 f"{ptr('liabilities', i)}")


@rule("OIC-019", needs=("case",))
def individual_and_business(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.offers():
        return
    kind = s.case.business.kind if s.case.business else None
    for i, lia in enumerate(s.case.liabilities):
        entity_return = lia.form.upper().replace("FORM ", "") in BUSINESS_RETURNS
        entity_payroll = lia.form in EMPLOYMENT_RETURNS and kind not in (None,
                                                                         "sole_proprietorship")
        if entity_return or entity_payroll:
            yield hit(ptr("liabilities", i, "form"),
                      detail=f"The offer includes Form {lia.form} {lia.period}, a liability of the "
                             "business, with the individual's liabilities")


#: How the message names each category the analysis leaves out (formkit.analysis.expenses.NOT_ALLOWED).
DISALLOWED = {"tuition": "tuition", "charitable": "charitable contributions",
              "unsecured_debt": "unsecured debt payments",
              "voluntary_retirement": "voluntary retirement contributions",
              "whole_life_insurance": "whole-life insurance premiums"}


@rule("OIC-023", needs=("case", "analysis"))
def disallowed_expenses(s: Subject) -> Iterator[Hit]:
    """The analysis decides which expenses are not allowed (expenses.actual.not_allowed)."""
    assert s.case is not None
    if not s.offers() or not s.decided("OIC-023") or s.analysis is None:
        return
    left_out = set(s.analysis.sources("expenses.actual.not_allowed") or ())
    for i, exp in enumerate(s.case.expenses.other):
        if ptr("expenses", "other", i) in left_out:
            yield hit(ptr("expenses", "other", i),
                      detail=f"{exp.description!r} ({money(exp.amount)} a month) is claimed as "
                             f"{DISALLOWED.get(exp.category, exp.category.replace('_', ' '))}")


@rule("OIC-024", inputs=("pdf",))
def negative_amounts(s: Subject) -> Iterator[Hit]:
    for form_id in ("f433aoi", "f656"):
        for doc in s.docs(form_id):
            for key, spec in doc.fields.items():
                if spec.format not in ("money", "money_cents"):
                    continue
                amount = doc.money(key)
                if amount is not None and amount < 0:
                    yield hit(doc.where(key), doc.label,
                              detail=f"{doc.label} {doc.place(key)} ({key}) shows {money(amount)}")


@rule("OIC-026", inputs=("case", "pdf"))
def asset_transfers(s: Subject) -> Iterator[Hit]:
    if (s.case_path("f433aoi") and s.case is not None and s.offers()
            and s.case.other_information.assets_transferred_last_10_years):
        details = s.case.other_information.transfer_details
        yield hit(ptr("other_information", "assets_transferred_last_10_years"),
                  detail="Assets over $10,000 were transferred for less than full value in the "
                         "last 10 years" + (f" ({details})" if details else ""))
    for doc in s.pdf_docs("f433aoi"):
        if doc.checked("asset_transfers.yes"):
            value = doc.money("asset_transfers.value")
            yield hit(doc.where("asset_transfers.yes"), doc.label,
                      detail=f"{doc.label} Section 9 reports an asset transfer"
                             + (f" worth {money(value)}" if value else ""))


@rule("OIC-027", needs=("case",))
def pending_offer(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    c = s.case.compliance
    if s.offers() and c.pending_offer and c.pending_offer_basis == "doubt_as_to_liability":
        yield hit(ptr("compliance", "pending_offer_basis"),
                  detail="A doubt-as-to-liability offer (Form 656-L) is pending "
                         "(compliance.pending_offer_basis)")


@rule("OIC-029", inputs=("pdf",))
def outdated_revision(s: Subject) -> Iterator[Hit]:
    for doc in s.documents:
        if doc.form_id not in ("f656", "f433aoi") or doc.origin != "pdf":
            continue
        current = current_revision(doc.form_id)
        if current is not None and (not doc.supported or doc.revision != current.revision):
            yield hit(Location.file(doc.source), doc.label, current=f"Rev. {current.revision}",
                      detail=f"{doc.label} ({doc.source}) is Rev. {doc.revision}")


@rule("OIC-030", inputs=("case", "pdf"))
def source_of_funds(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        if not doc.text("section_6.source_of_funds"):
            yield hit(doc.where("section_6.source_of_funds"), doc.label,
                      detail=f"{doc.label} Section 6 does not say where the money comes from "
                             "(requests[].source_of_funds)")


_FORBIDDEN_FUNDS = re.compile(
    r"(?<!state )(?<!state income )\btax\s+refunds?\b|\b(irs|federal)\s+(tax\s+)?refunds?\b"
    r"|\b(expected|anticipated|pending|upcoming|future)\s+(\w+\s+)?refunds?\b"
    r"|\brefunds?\s+(from|of|on)\s+(my|our|his|her|their|the)?\s*([0-9]{4}\s+)?"
    r"(federal\s+)?(income\s+tax|tax\s+return|return|1040)"
    r"|\bnet\s+operating\s+loss|\bNOL\b|\bcapital\s+loss\s+carry|\blevy\s+proceeds"
    r"|\blevied\s+funds", re.IGNORECASE)


@rule("OIC-047", inputs=("case", "pdf"))
def forbidden_funds(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        text = doc.text("section_6.source_of_funds")
        found = _FORBIDDEN_FUNDS.search(text)
        if found:
            yield hit(doc.where("section_6.source_of_funds"), doc.label,
                      detail=f"{doc.label} Section 6 names {found.group(0)!r} as the source of the "
                             f"funds ({text!r})")


@rule("OIC-031", needs=("case",))
def recent_return_copy(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.offers():
        return
    weeks = s.params.number("offer_processability", "recent_return_copy_weeks")
    copies = [a for a in s.case.attachments if a.document_type == "tax_return_copy"]
    for i, ret in enumerate(s.case.compliance.recent_returns_filed):
        age = (s.as_of - ret.filed_on).days
        if not 0 <= age <= weeks * 7:
            continue
        covered = any(ret.period in " ".join(filter(None, (a.description, a.account)))
                      or a.period_end == ret.period.end for a in copies)
        if not covered:
            yield hit(ptr("compliance", "recent_returns_filed", i), weeks=weeks,
                      detail=f"The Form {ret.form} return for {ret.period} was filed on "
                             f"{ret.filed_on.isoformat()}, {age} days ago, and no copy "
                             "(tax_return_copy) is attached")


@rule("OIC-032", inputs=("case", "pdf"))
def community_property(s: Subject) -> Iterator[Hit]:
    case = s.case
    if (case is not None and s.case_path("f433aoi") and s.offers()
            and case.community_property_state_last_10_years
            and not case.is_joint and case.spouse is None and case.marital_status == "married"):
        yield hit(ptr("community_property_state_last_10_years"),
                  detail="The taxpayer lived in a community-property state and is married, "
                         "but the case has no spouse information")
    for doc in s.pdf_docs("f433aoi"):
        if doc.checked("community_property_state") and doc.checked("marital_status.married") \
                and not doc.text("spouse.last_name"):
            yield hit(doc.where("community_property_state"), doc.label,
                      detail=f"{doc.label} Section 1 checks the community-property box for a "
                             "married taxpayer and gives no spouse information")


@rule("OIC-037", needs=("case",))
def estate_authority(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if s.offers() and s.case.taxpayer.deceased and not any(
            a.document_type == "letters_testamentary" for a in s.case.attachments):
        yield hit(ptr("taxpayer", "deceased"),
                  detail="The taxpayer is deceased and no letters testamentary are attached")


@rule("OIC-039", needs=("case",))
def bill_received(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if s.offers() and not any(lia.notice_received for lia in s.case.liabilities):
        yield hit(ptr("liabilities"),
                  detail="No liability is marked as billed (notice_received is false for all)")


@rule("OIC-040", needs=("case",))
def open_matters(s: Subject) -> Iterator[Hit]:
    assert s.case is not None
    if not s.offers():
        return
    c = s.case.compliance
    if c.open_audit:
        yield hit(ptr("compliance", "open_audit"), detail="An audit is open (compliance.open_audit)")
    if c.innocent_spouse_claim_pending:
        yield hit(ptr("compliance", "innocent_spouse_claim_pending"),
                  detail="An innocent-spouse claim is pending")


@rule("OIC-041", inputs=("case", "pdf"))
def schedule_adds_up(s: Subject) -> Iterator[Hit]:
    """The Section 4 the form prints: its payments must add up to its offer amount."""
    for doc in s.docs("f656"):
        option = _option(doc)
        offer = doc.money(f"section_4.{option}.offer_amount") if option else None
        if offer is None or (_low_income(doc) and option == "lump_sum"
                             and not doc.money("section_4.lump_sum.initial_payment")
                             and not doc.filled("section_4.lump_sum.payment")):
            continue
        if option == "lump_sum":
            parts = [doc.money("section_4.lump_sum.initial_payment")] + [
                doc.money(f"section_4.lump_sum.payment[{n}].amount") for n in range(1, 6)]
        else:
            monthly = doc.money("section_4.periodic.monthly_payment") or ZERO
            months = doc.get("section_4.periodic.months")
            count = Decimal(months) if isinstance(months, int) else ZERO
            parts = [doc.money("section_4.periodic.first_payment"), monthly * count,
                     doc.money("section_4.periodic.final_payment")]
        total = sum((p for p in parts if p is not None), ZERO)
        if total and total != offer:
            yield hit(doc.where(f"section_4.{option}.offer_amount"), doc.label,
                      total=money(total), offer=money(offer),
                      difference=money(abs(total - offer)), detail=f"{doc.label} Section 4")


# ------------------------------------------------------------------ who and what the offer covers

@rule("OIC-018", needs=("case",))
def separate_liabilities(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    if not s.offers() or not case.is_joint:
        return
    for i, lia in enumerate(case.liabilities):
        owner = case.owner_of(lia)
        if owner in ("taxpayer", "spouse"):
            person = case.taxpayer if owner == "taxpayer" else case.spouse
            assert person is not None
            yield hit(ptr("liabilities", i), detail=(
                f"Form {lia.form} {lia.period} is owed by the {owner} alone ({person.full_name}) "
                "and the offer is a joint offer"))


_PAYROLL_PROVIDER = re.compile(r"payroll\s+(service\s+)?(provider|company|processor)", re.I)


@rule("OIC-034", needs=("case",))
def trust_fund_taxes(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    offers = s.offers()
    if not offers or any(req.basis == "eta_public_policy" and _PAYROLL_PROVIDER.search(
            req.special_circumstances or "") for _, req in offers):
        return
    for i, lia in enumerate(case.liabilities):
        if lia.tax_type == "employment" and lia.trust_fund_status == "open":
            yield hit(ptr("liabilities", i, "trust_fund_status"), detail=(
                f"Form {lia.form} {lia.period}: the trust fund portion is not paid and the Trust "
                "Fund Recovery Penalty is not yet determined (trust_fund_status 'open')"))


_EXCLUSION = {"doj_referral": "referred to the Department of Justice",
              "restitution": "restitution", "judgment": "a tax debt reduced to judgment",
              "irc_965i_election": "an IRC 965(i) liability"}


@rule("OIC-045", needs=("case",))
def nothing_to_compromise(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    if s.offers() and case.liabilities and all(
            lia.compromise_exclusion is not None for lia in case.liabilities):
        kinds = sorted({_EXCLUSION[lia.compromise_exclusion] for lia in case.liabilities
                        if lia.compromise_exclusion is not None})
        yield hit(ptr("liabilities"), detail=(
            f"Every liability of the offer ({len(case.liabilities)}) is " + " or ".join(kinds)))


@rule("OIC-046", needs=("case",))
def excluded_periods(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    if not s.offers() or all(lia.compromise_exclusion for lia in case.liabilities):
        return          # OIC-045: nothing left to compromise
    for i, lia in enumerate(case.liabilities):
        if lia.compromise_exclusion is not None:
            yield hit(ptr("liabilities", i, "compromise_exclusion"), detail=(
                f"Form {lia.form} {lia.period} is {_EXCLUSION[lia.compromise_exclusion]} "
                f"({money(lia.total)})"))


@rule("OIC-044", needs=("case",))
def eta_explanation(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    documented = any(a.document_type in ("special_circumstances", "hardship_statement")
                     for a in case.attachments)
    for i, req in s.offers():
        if req.basis.startswith("eta_") and not (req.special_circumstances or "").strip() \
                and not documented:
            kind = "economic hardship" if req.basis == "eta_economic_hardship" else (
                "public policy or equity")
            yield hit(ptr("requests", i, "special_circumstances"), detail=(
                f"The offer is based on effective tax administration ({kind}) and gives no "
                "explanation (special_circumstances) and no attached statement"))


@rule("OIC-048", needs=("case",))
def living_apart(s: Subject) -> Iterator[Hit]:
    case = s.case
    assert case is not None
    if s.offers() and case.is_joint and case.lives_apart_from_spouse and not any(
            a.document_type == "spouse_collection_statement" for a in case.attachments):
        yield hit(ptr("lives_apart_from_spouse"), detail=(
            "The spouses live apart and make a joint offer, and the spouse's own Form 433-A (OIC) "
            "(spouse_collection_statement) is not attached"))


# ------------------------------------------------------------------ Section 5 (electronic payments)

_EFT = re.compile(r"^[0-9]{15}$")


@rule("OIC-035", inputs=("case", "pdf"))
def electronic_payments_listed(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        for row, what in (("fee", "application fee"), ("payment", "offer payment")):
            amount = doc.money(f"section_5.electronic.{row}_amount")
            if not amount:
                continue
            date_key, eft_key = f"section_5.electronic.{row}_date", f"section_5.electronic.{row}_eft_number"
            eft = doc.text(eft_key).replace(" ", "").replace("-", "")
            if not doc.text(date_key):
                yield hit(doc.where(date_key), doc.label,
                          detail=f"{doc.label} Section 5 lists the electronic {what} of "
                                 f"{money(amount)} without its date")
            if not _EFT.match(eft):
                yield hit(doc.where(eft_key), doc.label,
                          detail=f"{doc.label} Section 5 lists the electronic {what} of "
                                 f"{money(amount)} without a 15-digit EFT number"
                                 + (f" ({doc.text(eft_key)!r})" if eft else ""))


_ESTIMATED = re.compile(r"estimated|\bES\b|1040-?ES", re.IGNORECASE)


@rule("OIC-036", inputs=("case", "pdf"))
def designation_not_estimated(s: Subject) -> Iterator[Hit]:
    for doc in s.docs("f656"):
        text = doc.text("section_5.designation_period")
        if _ESTIMATED.search(text):
            yield hit(doc.where("section_5.designation_period"), doc.label,
                      detail=f"{doc.label} Section 5 designates the payment to {text!r}")
