"""Credit accounts, payment processors and merchant accounts: what the case accepts, what it
refuses (each at its JSON path), and the available credit Form 433-A line 15 prints."""

from __future__ import annotations

import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from formkit.case import validate_data
from formkit.case.model import CreditAccount
from tests.conftest import load_example
from tests.forms.support import example

TODAY = date(2026, 11, 25)
JOINT = load_example("oic-periodic-joint-self-employed.json")


def _with(edit: Any) -> dict[str, Any]:
    data = copy.deepcopy(JOINT)
    edit(data)
    return data


def _errors(data: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in validate_data(data, today=TODAY).errors]


def _card(**extra: Any) -> dict[str, Any]:
    return {"institution": "Discover Bank", "kind": "credit_card", "credit_limit": 2000, "amount_owed": 150, **extra}


def _payment(**extra: Any) -> dict[str, Any]:
    return {"description": "Discover card", "amount": 40, "category": "unsecured_debt", **extra}


def test_the_example_loads_its_credit_accounts_processor_and_cards() -> None:
    case = example("oic-periodic-joint-self-employed")
    capital_one, line = case.assets.credit_accounts
    assert (capital_one.institution, capital_one.kind, capital_one.card_brand) == ("Capital One", "credit_card", "Visa")
    assert capital_one.credit_limit == Decimal("3500") and capital_one.amount_owed == Decimal("2870.44")
    assert capital_one.as_of == date(2026, 10, 28) and capital_one.account_last4 == "4417"
    assert line.kind == "line_of_credit" and line.as_of == date(2026, 10, 31)
    assert case.business is not None
    assert [p.name for p in case.business.payment_processors] == ["Square, Inc."]
    assert case.business.payment_processors[0].account_last4 == "7Q2M"
    assert [(m.card_brand, m.account_last4) for m in case.business.merchant_accounts] == [
        ("Visa", "5530"), ("MasterCard", "5531")]


@pytest.mark.parametrize(("limit", "owed", "available"), [
    ("3500", "2870.44", "629.56"),  # the example's Capital One card
    ("5000", "5000", "0"),          # drawn to the limit
    ("5000", "5200.10", "0"),       # over the limit: no credit left, never negative
    ("0", "0", "0"),
])
def test_available_credit_is_limit_less_owed_never_below_zero(limit: str, owed: str, available: str) -> None:
    account = CreditAccount("Bank", "credit_card", Decimal(limit), Decimal(owed))
    assert account.available_credit == Decimal(available)


def test_owing_more_than_the_limit_is_valid() -> None:
    data = _with(lambda d: d["assets"]["credit_accounts"].append(_card(credit_limit=1000, amount_owed=1180.25)))
    assert validate_data(data, today=TODAY).valid


def test_a_minimum_payment_names_its_account() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["expenses"]["other"] = [_payment(credit_account=0), _payment(description="Store card"),
                                  _payment(description="Line", credit_account=1)]
    assert validate_data(_with(edit), today=TODAY).valid


@pytest.mark.parametrize(("payments", "path", "message"), [
    ([_payment(credit_account=2)], "/expenses/other/0/credit_account",
     "credit_account 2 names no account: assets.credit_accounts has 2 (indexes start at 0)"),
    ([_payment(credit_account=1), _payment(description="Again", credit_account=1)], "/expenses/other/1/credit_account",
     "credit account 1 already has its minimum payment at /expenses/other/0: combine the two payments into one item"),
    ([_payment(category="student_loan", credit_account=0)], "/expenses/other/0/credit_account",
     "credit_account is set on a 'student_loan' expense: only an unsecured_debt payment is the minimum payment on a "
     "credit account (set category to 'unsecured_debt' or remove credit_account)"),
])
def test_a_payment_naming_no_account_or_one_twice_is_an_error(
        payments: list[dict[str, Any]], path: str, message: str) -> None:
    data = _with(lambda d: d["expenses"].__setitem__("other", payments))
    assert _errors(data) == [(path, message)]


def test_merchant_accounts_on_a_business_that_takes_no_cards_is_an_error() -> None:
    data = _with(lambda d: d["business"].__setitem__("accepts_cards", False))
    assert _errors(data) == [("/business/accepts_cards",
                              "accepts_cards is false but the business lists merchant_accounts: set accepts_cards to "
                              "true or remove the merchant accounts")]
    # silent on accepts_cards: listing a merchant account says it takes cards
    data = _with(lambda d: d["business"].pop("accepts_cards"))
    assert validate_data(data, today=TODAY).valid


def test_a_statement_date_after_today_is_an_error() -> None:
    data = _with(lambda d: d["assets"]["credit_accounts"][1].__setitem__("as_of", "2026-11-26"))
    assert _errors(data) == [("/assets/credit_accounts/1/as_of",
                              "as_of 2026-11-26 is after today (2026-11-25): give the date of the statement the amount "
                              "owed is from")]


@pytest.mark.parametrize(("path", "value", "message"), [
    # a full account number typed in by mistake is masked in the message, as an SSN is
    ("/assets/credit_accounts/0/account_last4", "4417123456789012",
     "'************9012' is not the last four digits of the account number (expected 4 digits, e.g. 4417; the case "
     "keeps no full account numbers)"),
    ("/assets/credit_accounts/0/kind", "mortgage",
     "'mortgage' is not one of 'credit_card', 'store_card', 'line_of_credit'"),
    ("/assets/credit_accounts/0/institution", "C" * 101, None),
    ("/assets/credit_accounts/0/credit_limit", -1, None),
    ("/business/payment_processors/0/account_last4", "7Q2",
     "'7Q2' is not the last four characters of the account number (expected 4 letters or digits, e.g. 7Q2M; the case "
     "keeps no full account numbers)"),
    ("/business/merchant_accounts/1/card_brand", "", None),
])
def test_schema_refuses_bad_values_at_their_path(path: str, value: Any, message: str | None) -> None:
    def edit(d: dict[str, Any]) -> None:
        parts = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
        node: Any = d
        for part in parts[:-1]:
            node = node[part]
        node[parts[-1]] = value
    errors = _errors(_with(edit))
    assert [p for p, _ in errors] == [path]
    if message is not None:
        assert errors[0][1] == message


def test_a_date_that_does_not_exist_does_not_hide_the_other_credit_problems() -> None:
    def edit(d: dict[str, Any]) -> None:
        d["assets"]["credit_accounts"][0]["as_of"] = "2026-02-30"
        d["expenses"]["other"] = [_payment(credit_account=5)]
    paths = [p for p, _ in _errors(_with(edit))]
    assert paths == ["/assets/credit_accounts/0/as_of", "/expenses/other/0/credit_account"]
