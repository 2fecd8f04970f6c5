"""Checks a JSON Schema cannot express: relations between fields and dates against today.

Each check takes the raw (schema-valid) JSON data and yields Problems with JSON paths, so
messages point at the exact value to fix. Warnings do not make a case invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from formkit.case.periods import TaxPeriod
from formkit.case.problems import Problem, problem

Check = Callable[[dict[str, Any], date], Iterator[Problem]]


def _money(v: Any) -> Decimal:
    return Decimal(str(v)) if v is not None else Decimal(0)


def spouse_when_joint(data: dict[str, Any], today: date) -> Iterator[Problem]:
    if data.get("filing_status") == "married_filing_jointly" and "spouse" not in data:
        yield problem("semantic.spouse_required", "/spouse",
                      "spouse is required when filing_status is 'married_filing_jointly' "
                      "(add the spouse's name, SSN and date of birth)")


def distinct_ssns(data: dict[str, Any], today: date) -> Iterator[Problem]:
    spouse = data.get("spouse")
    if spouse and spouse.get("ssn") == data["taxpayer"].get("ssn"):
        yield problem("semantic.duplicate_ssn", "/spouse/ssn", "spouse SSN is the same as the taxpayer's SSN")


def unique_periods(data: dict[str, Any], today: date) -> Iterator[Problem]:
    seen: dict[tuple[str, str, str, str], int] = {}
    for i, item in enumerate(data.get("liabilities", [])):
        key = (item["tax_type"], item["form"], item["period"], item.get("owner", ""))
        if key in seen:
            yield problem("semantic.duplicate_period", f"/liabilities/{i}/period",
                          f"period {item['period']} of Form {item['form']} is listed twice "
                          f"(also at /liabilities/{seen[key]}); combine them into one entry")
        else:
            seen[key] = i


def valid_period_dates(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """'YYYY-MM-DD' periods must be real calendar dates (the pattern cannot tell)."""
    def walk(node: Any, path: str) -> Iterator[Problem]:
        if isinstance(node, dict):
            for k, v in node.items():
                # 'period' on liabilities and items, 'periods' on power-of-attorney matters
                found = [(f"{path}/{k}", v)] if k == "period" else (
                    [(f"{path}/{k}/{i}", p) for i, p in enumerate(v)] if k == "periods" and isinstance(v, list)
                    else [])
                for where, value in found:
                    if isinstance(value, str) and len(value) == 10:  # other forms: the schema
                        try:
                            TaxPeriod(value)
                        except ValueError as exc:
                            yield problem("semantic.period_date", where, str(exc))
                if not found:
                    yield from walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}/{i}")
    yield from walk(data, "")


_PAST_ONLY = ("date_of_birth", "assessment_date", "return_filed_on", "filed_on", "purchase_date",
              "start_date", "paid_on")


def dates_not_in_future(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """Birth, assessment, filing, purchase and signature dates cannot be after today."""
    def walk(node: Any, path: str, in_signature: bool) -> Iterator[Problem]:
        if isinstance(node, dict):
            signature_like = in_signature or "signed" in node
            for k, v in node.items():
                p = f"{path}/{k}"
                if isinstance(v, str) and (k in _PAST_ONLY or (k == "date" and signature_like)
                                           or k == "prepared_on"):
                    try:
                        d = date.fromisoformat(v)
                    except ValueError:
                        continue
                    if d > today:
                        yield problem("semantic.future_date", p,
                                      f"date {v} is in the future (today is {today.isoformat()})")
                else:
                    yield from walk(v, p, signature_like and k != "date")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}/{i}", in_signature)
    yield from walk(data, "", False)


def loans_within_value(data: dict[str, Any], today: date) -> Iterator[Problem]:
    assets = data.get("assets", {})
    for group in ("investments", "retirement_accounts", "real_estate", "vehicles", "personal_effects",
                  "business_assets"):
        for i, item in enumerate(assets.get(group, [])):
            loan, value = _money(item.get("loan_balance")), _money(item.get("value"))
            if loan > value:
                yield problem("semantic.loan_exceeds_value", f"/assets/{group}/{i}/loan_balance",
                              f"loan balance {loan} is larger than the value {value} "
                              "(negative equity; confirm both figures)")
    for i, item in enumerate(assets.get("life_insurance", [])):
        if _money(item.get("loan_balance")) > _money(item.get("cash_value")):
            yield problem("semantic.loan_exceeds_value", f"/assets/life_insurance/{i}/loan_balance",
                          "policy loan is larger than the cash value")


def cents_only(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """JSON numbers with more than two decimals cannot be dollars and cents."""
    def walk(node: Any, path: str) -> Iterator[Problem]:
        if isinstance(node, dict):
            for k, v in node.items():
                yield from walk(v, f"{path}/{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                yield from walk(v, f"{path}/{i}")
        elif isinstance(node, Decimal):
            exponent = node.as_tuple().exponent
            if isinstance(exponent, int) and exponent < -2:
                yield problem("semantic.cents", path, f"{node} has more than 2 decimal places (amounts are dollars "
                              "and cents)")
    yield from walk(data, "")


def spouse_items_need_spouse(data: dict[str, Any], today: date) -> Iterator[Problem]:
    if "spouse" in data:
        return
    for i, item in enumerate(data.get("income", [])):
        if item.get("person") == "spouse":
            yield problem("semantic.no_spouse", f"/income/{i}/person", "income belongs to 'spouse' but the case has no "
                          "spouse")
    for i, sig in enumerate(data.get("signatures", [])):
        if sig.get("signer") == "spouse":
            yield problem("semantic.no_spouse", f"/signatures/{i}/signer", "signature by 'spouse' but the case has no "
                          "spouse")


def signed_has_date(data: dict[str, Any], today: date) -> Iterator[Problem]:
    for i, sig in enumerate(data.get("signatures", [])):
        if sig.get("signed") and "date" not in sig:
            yield problem("semantic.signature_date", f"/signatures/{i}/date",
                          "signed but the signature date is missing")
    for i, rep in enumerate(data.get("representatives", [])):
        sig = rep.get("signature")
        if sig and sig.get("signed") and "date" not in sig:
            yield problem("semantic.signature_date", f"/representatives/{i}/signature/date",
                          "signed but the signature date is missing")


def periodic_offer_terms(data: dict[str, Any], today: date) -> Iterator[Problem]:
    for i, req in enumerate(data.get("requests", [])):
        if req.get("program") == "offer_in_compromise" and req.get("payment_option") == "periodic":
            for key in ("monthly_payment", "payment_months"):
                if key not in req:
                    yield problem("semantic.offer_terms", f"/requests/{i}/{key}", f"a periodic offer needs '{key}'")


def overrides_name_real_fields(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """form_overrides keys must be semantic keys of the supported revision's field map."""
    from formkit.forms.registry import UnknownForm, supported

    for form, values in data.get("form_overrides", {}).items():
        try:
            revision = supported(form)
        except UnknownForm:
            continue  # the schema already names the form as unknown
        for key in values:
            if key not in revision.fields:
                yield problem("semantic.override_key", f"/form_overrides/{form}/{key}",
                              f"'{key}' is not a field of {revision.label} (semantic keys are listed in "
                              f"forms/{revision.form_id}/{revision.revision}.json)")


_EVENT_ORDER = (("start", "end"), ("appeal_filed_on", "appeal_decided_on"), ("start", "appeal_filed_on"),
                ("start", "court_decision_final_on"), ("start", "waiver_filed_on"))


def collection_events_consistent(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """Event dates in order, assessment keys that exist, no assessment listed twice."""
    for i, item in enumerate(data.get("liabilities", [])):
        keys: dict[str, int] = {}
        for j, a in enumerate(item.get("assessments", [])):
            key = f"{a['code']}@{a['date']}"
            if key in keys:
                yield problem("semantic.duplicate_assessment", f"/liabilities/{i}/assessments/{j}",
                              f"assessment {key} is listed twice (also at /liabilities/{i}/assessments/{keys[key]})")
            keys.setdefault(key, j)
        for j, event in enumerate(item.get("events", [])):
            path = f"/liabilities/{i}/events/{j}"
            for first, later in _EVENT_ORDER:
                a, b = event.get(first), event.get(later)
                if a and b and b < a:
                    yield problem("semantic.event_dates", f"{path}/{later}", f"{later} {b} is before {first} {a}")
            if event.get("kind") == "extension_agreement" and event.get("agreed_date", "9") < event["start"]:
                yield problem("semantic.event_dates", f"{path}/agreed_date", f"agreed_date {event['agreed_date']} is "
                              f"before the agreement was signed ({event['start']})")
            for k, key in enumerate(event.get("assessments", [])):
                if key not in keys:
                    known = ", ".join(sorted(keys)) or "none listed"
                    yield problem("semantic.event_assessment", f"{path}/assessments/{k}",
                                  f"assessment {key} is not among this period's assessments ({known})")


def liability_facts_consistent(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """Who owes a period, and the trust-fund status, must fit the rest of the case."""
    for i, item in enumerate(data.get("liabilities", [])):
        owner = item.get("owner")
        if owner in ("spouse", "joint") and "spouse" not in data:
            yield problem("semantic.no_spouse", f"/liabilities/{i}/owner", f"owner '{owner}' but the case has no "
                          "spouse (add the spouse, or set owner to 'taxpayer')")
        if "trust_fund_status" in item and item.get("tax_type") != "employment":
            yield problem("semantic.trust_fund_status", f"/liabilities/{i}/trust_fund_status",
                          f"trust_fund_status is for employment taxes, not {item.get('tax_type')!r} (remove it)")


def marital_facts_consistent(data: dict[str, Any], today: date) -> Iterator[Problem]:
    if data.get("lives_apart_from_spouse") and data.get("marital_status") not in ("married", None):
        yield problem("semantic.lives_apart", "/lives_apart_from_spouse", "lives_apart_from_spouse applies to a "
                      f"married taxpayer, but marital_status is {data.get('marital_status')!r}")
    if data.get("shares_household_expenses_with_spouse") and data.get("marital_status") not in (
            "married", "separated", None):
        yield problem("semantic.shares_expenses", "/shares_household_expenses_with_spouse",
                      "shares_household_expenses_with_spouse applies to a married taxpayer, but marital_status is "
                      f"{data.get('marital_status')!r}")
    compliance = data.get("compliance", {})
    if "pending_offer_basis" in compliance and not compliance.get("pending_offer"):
        yield problem("semantic.pending_offer", "/compliance/pending_offer_basis", "pending_offer_basis is set "
                      "but pending_offer is false (set pending_offer to true, or remove the basis)")


_BUSINESS_INCOME = ("gross_receipts", "rental_income", "interest_income", "dividends", "other_income")
_BUSINESS_EXPENSES = ("materials", "inventory", "gross_wages", "rent", "supplies", "utilities_telephone",
                      "vehicle_costs", "insurance", "current_taxes", "secured_debts", "other_expenses")


def self_employment_agrees_with_business(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """One net business income on every form: a monthly self-employment income item must equal
    the sole proprietorship's receipts less its cash expenses (Form 433-A line 23 = line 89,
    Form 433-F Section G, Form 433-A (OIC) Box C)."""
    business = data.get("business")
    if not business or business.get("kind") != "sole_proprietorship":
        return
    monthly = business.get("monthly", {})
    net = max(sum((_money(monthly.get(k, 0)) for k in _BUSINESS_INCOME), Decimal(0))
              - sum((_money(monthly.get(k, 0)) for k in _BUSINESS_EXPENSES), Decimal(0)), Decimal(0))
    items = [(i, item) for i, item in enumerate(data.get("income", []))
             if item.get("source") == "self_employment" and item.get("frequency") == "monthly"]
    if not items:
        return
    declared = sum((_money(item.get("net", item["gross"])) for _, item in items), Decimal(0))
    if declared != net:
        yield problem("semantic.business_income", f"/income/{items[0][0]}/gross",
                      f"self-employment income of {declared:,.2f} a month contradicts the business detail "
                      f"(receipts less cash expenses: {net:,.2f} a month); the forms print one net business "
                      "income: correct the income item or business.monthly")


def credit_facts_consistent(data: dict[str, Any], today: date) -> Iterator[Problem]:
    """A minimum payment names a real card once; a statement date is not in the future; a business
    that lists merchant accounts accepts cards. (Owing more than the limit is possible: the form
    then shows no available credit.)"""
    accounts = data.get("assets", {}).get("credit_accounts", [])
    for i, account in enumerate(accounts):
        try:
            statement = date.fromisoformat(account["as_of"]) if "as_of" in account else None
        except ValueError:  # not a calendar date: the schema reports it
            continue
        if statement is not None and statement > today:
            yield problem("semantic.future_date", f"/assets/credit_accounts/{i}/as_of",
                          f"as_of {account['as_of']} is after today ({today.isoformat()}): give the date of the "
                          "statement the amount owed is from")
    linked: dict[int, int] = {}
    for i, item in enumerate(data.get("expenses", {}).get("other", [])):
        if "credit_account" not in item:
            continue
        index, path = item["credit_account"], f"/expenses/other/{i}/credit_account"
        if item.get("category") != "unsecured_debt":
            yield problem("semantic.credit_account", path, f"credit_account is set on a '{item.get('category')}' "
                          "expense: only an unsecured_debt payment is the minimum payment on a credit account "
                          "(set category to 'unsecured_debt' or remove credit_account)")
        elif index >= len(accounts):
            yield problem("semantic.credit_account", path, f"credit_account {index} names no account: "
                          f"assets.credit_accounts has {len(accounts)} (indexes start at 0)")
        elif index in linked:
            yield problem("semantic.credit_account", path, f"credit account {index} already has its minimum "
                          f"payment at /expenses/other/{linked[index]}: combine the two payments into one item")
        else:
            linked[index] = i
    business = data.get("business") or {}
    if business.get("accepts_cards") is False and business.get("merchant_accounts"):
        yield problem("semantic.accepts_cards", "/business/accepts_cards",
                      "accepts_cards is false but the business lists merchant_accounts: set accepts_cards to "
                      "true or remove the merchant accounts")


CHECKS: tuple[Check, ...] = (
    spouse_when_joint, distinct_ssns, unique_periods, valid_period_dates, dates_not_in_future,
    loans_within_value, cents_only, spouse_items_need_spouse, signed_has_date, periodic_offer_terms,
    overrides_name_real_fields, collection_events_consistent, liability_facts_consistent,
    marital_facts_consistent, self_employment_agrees_with_business, credit_facts_consistent,
)


def semantic_problems(data: dict[str, Any], today: date) -> list[Problem]:
    """Run every check; a check that meets data the schema already rejected is skipped."""
    found: list[Problem] = []
    for check in CHECKS:
        try:
            found.extend(check(data, today))
        except (KeyError, TypeError, AttributeError, ValueError, ArithmeticError):  # decimal.InvalidOperation
            continue
    return sorted(found, key=lambda p: (p.path, p.message))
