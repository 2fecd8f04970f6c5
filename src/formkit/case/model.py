"""The typed, immutable case model.

Mirrors ``schemas/case.schema.json`` one to one: the schema says what is valid, these
classes say what the rest of formkit can rely on once a case has loaded. Money is
``Decimal``, dates are ``datetime.date``, lists are tuples, and every object is frozen.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, TypeVar

from formkit.case.periods import TaxPeriod

ZERO = Decimal(0)

PersonRef = Literal["taxpayer", "spouse", "joint", "household"]
Frequency = Literal["weekly", "biweekly", "semimonthly", "monthly", "quarterly", "annual"]
PenaltyType = Literal[
    "failure_to_file", "failure_to_pay", "failure_to_deposit", "estimated_tax", "accuracy_related", "other"
]


def _parse_period(item: Any) -> None:
    """A period given as plain text in code (tests, importers) is parsed as a loaded case's is."""
    if item.period is not None and not isinstance(item.period, TaxPeriod):
        object.__setattr__(item, "period", TaxPeriod(item.period))


@dataclass(frozen=True, slots=True)
class Address:
    street: str
    city: str
    state: str
    zip: str
    street2: str | None = None
    county: str | None = None
    country: str = "US"

    def one_line(self) -> str:
        street = f"{self.street}, {self.street2}" if self.street2 else self.street
        return f"{street}, {self.city}, {self.state} {self.zip}"


@dataclass(frozen=True, slots=True)
class Signature:
    signed: bool
    date: date | None = None
    method: Literal["handwritten", "electronic"] = "handwritten"


@dataclass(frozen=True, slots=True)
class Person:
    first_name: str
    last_name: str
    ssn: str
    date_of_birth: date
    middle_initial: str | None = None
    suffix: str | None = None
    home_phone: str | None = None
    cell_phone: str | None = None
    work_phone: str | None = None
    email: str | None = None
    occupation: str | None = None
    deceased: bool = False

    @property
    def full_name(self) -> str:
        parts = [self.first_name, f"{self.middle_initial}." if self.middle_initial else None,
                 self.last_name, self.suffix]
        return " ".join(p for p in parts if p)

    def age_on(self, day: date) -> int:
        years = day.year - self.date_of_birth.year
        if (day.month, day.day) < (self.date_of_birth.month, self.date_of_birth.day):
            years -= 1
        return years


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    name: str
    age: int
    relationship: str
    claimed_as_dependent: bool
    contributes_to_household_income: bool = False


@dataclass(frozen=True, slots=True)
class Representative:
    name: str
    address: Address
    designation: Literal["a", "b", "c", "d", "e", "f", "g", "h", "k", "r"]
    firm: str | None = None
    phone: str | None = None
    fax: str | None = None
    email: str | None = None
    caf_number: str | None = None
    ptin: str | None = None
    jurisdiction: str | None = None
    license_number: str | None = None
    receives_notices: bool = False
    new_address: bool = False
    new_phone: bool = False
    new_fax: bool = False
    signature: Signature | None = None


@dataclass(frozen=True, slots=True)
class PoaMatter:
    description: str
    form: str
    periods: tuple[TaxPeriod, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "periods", tuple(TaxPeriod(p) for p in self.periods))


@dataclass(frozen=True, slots=True)
class AdditionalActs:
    """Form 2848 line 5a."""

    access_records: bool = False
    authorize_disclosure: bool = False
    substitute_or_add: bool = False
    sign_return: bool = False
    other: str | None = None


@dataclass(frozen=True, slots=True)
class PowerOfAttorney:
    """Form 2848 line 3 (and lines 4, 6) as the preparer wants them."""

    matters: tuple[PoaMatter, ...]
    specific_use: bool = False
    retain_prior: bool = False
    additional_acts: AdditionalActs | None = None


@dataclass(frozen=True, slots=True)
class Penalties:
    failure_to_file: Decimal = ZERO
    failure_to_pay: Decimal = ZERO
    failure_to_deposit: Decimal = ZERO
    estimated_tax: Decimal = ZERO
    accuracy_related: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return (self.failure_to_file + self.failure_to_pay + self.failure_to_deposit
                + self.estimated_tax + self.accuracy_related + self.other)


@dataclass(frozen=True, slots=True)
class IrsAddress:
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notice:
    """The latest IRS notice for a period (its reply address routes Form 843 and CNC requests)."""

    number: str
    date: date
    reply_address: IrsAddress | None = None


@dataclass(frozen=True, slots=True)
class Assessment:
    """One assessment with its own collection statute: the TC and its 23C date."""

    code: str
    date: date
    amount: Decimal | None = None
    explanation: str | None = None
    source: Literal["transcript", "preparer"] = "preparer"

    @property
    def key(self) -> str:
        """``TC@YYYY-MM-DD``: how events, reports and the CSED output name an assessment."""
        return f"{self.code}@{self.date.isoformat()}"


EventKind = Literal[
    "offer", "installment_request", "installment_termination", "bankruptcy", "cdp_hearing",
    "equivalent_hearing", "outside_us", "combat_zone", "innocent_spouse", "extension_agreement",
    "currently_not_collectible", "taxpayer_assistance_order", "wrongful_levy", "court_custody",
]
EventOutcome = Literal[
    "pending", "accepted", "rejected", "withdrawn", "returned", "granted", "terminated", "discharged",
    "dismissed", "stay_lifted", "determined",
]


@dataclass(frozen=True, slots=True)
class CollectionEvent:
    """A collection event that may suspend or extend the statute (rules/csed.json per kind)."""

    kind: EventKind
    start: date
    end: date | None = None
    outcome: EventOutcome | None = None
    appeal_filed_on: date | None = None
    appeal_decided_on: date | None = None
    court_decision_final_on: date | None = None
    waiver_filed_on: date | None = None
    agreed_date: date | None = None
    chapter: Literal["7", "11", "12", "13"] | None = None
    person: Literal["taxpayer", "spouse"] | None = None
    assessments: tuple[str, ...] = ()
    source: Literal["transcript", "preparer"] = "preparer"
    codes: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class ImportedValues:
    """The values the last transcript import wrote (a differing case value is the preparer's)."""

    assessed_balance: Decimal | None = None
    interest: Decimal | None = None
    penalties: Penalties | None = None
    assessment_date: date | None = None
    return_filed_on: date | None = None


@dataclass(frozen=True, slots=True)
class TranscriptSummary:
    as_of: date
    account_balance: Decimal | None = None
    accrued_interest: Decimal = ZERO
    accrued_penalty: Decimal = ZERO
    imported: ImportedValues | None = None


@dataclass(frozen=True, slots=True)
class NoticeSeen:
    """An IRS notice for a period (from the transcript's TC 971 or entered by hand)."""

    number: str
    date: date
    cdp: bool = False
    source: Literal["transcript", "preparer"] = "preparer"


@dataclass(frozen=True, slots=True)
class Liability:
    tax_type: Literal["income", "employment", "unemployment", "civil_penalty", "excise", "estate", "gift", "other"]
    form: str
    period: TaxPeriod
    assessed_balance: Decimal
    assessment_date: date | None = None
    penalties: Penalties = field(default_factory=Penalties)
    interest: Decimal = ZERO
    csed: date | None = None
    return_filed_on: date | None = None
    notice_received: bool = True
    notice: Notice | None = None
    owner: Literal["taxpayer", "spouse", "joint"] | None = None
    compromise_exclusion: Literal["doj_referral", "restitution", "judgment", "irc_965i_election"] | None = None
    trust_fund_status: Literal["paid", "tfrp_determined", "open"] | None = None
    assessments: tuple[Assessment, ...] = ()
    events: tuple[CollectionEvent, ...] = ()
    transcript: TranscriptSummary | None = None
    notices: tuple[NoticeSeen, ...] = ()

    def __post_init__(self) -> None:
        _parse_period(self)

    @property
    def total(self) -> Decimal:
        """Tax + penalties + interest: what the IRS would ask to be paid for the period."""
        return self.assessed_balance + self.penalties.total + self.interest


@dataclass(frozen=True, slots=True)
class UnfiledReturn:
    form: str
    period: TaxPeriod
    note: str | None = None
    due_date: date | None = None

    def __post_init__(self) -> None:
        _parse_period(self)


@dataclass(frozen=True, slots=True)
class FiledReturn:
    form: str
    period: TaxPeriod
    filed_on: date
    due_date: date | None = None
    posted: bool = True

    def __post_init__(self) -> None:
        _parse_period(self)


@dataclass(frozen=True, slots=True)
class EstimatedPayments:
    required: bool
    tax_year: str | None = None
    required_to_date: Decimal | None = None
    paid_to_date: Decimal | None = None
    monthly_amount: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FederalTaxDeposits:
    employer: bool
    current_quarter_made: bool | None = None
    prior_two_quarters_made: bool | None = None


@dataclass(frozen=True, slots=True)
class Bankruptcy:
    open: bool
    chapter: Literal["7", "11", "12", "13"] | None = None
    filed_on: date | None = None
    closed_on: date | None = None
    location: str | None = None
    case_number: str | None = None


@dataclass(frozen=True, slots=True)
class PenaltyHistoryEntry:
    form: str
    period: TaxPeriod
    penalty_type: PenaltyType
    abated: bool = False
    abatement_reason: Literal["first_time_abatement", "reasonable_cause", "other"] | None = None

    def __post_init__(self) -> None:
        _parse_period(self)


@dataclass(frozen=True, slots=True)
class Compliance:
    unfiled_returns: tuple[UnfiledReturn, ...] = ()
    last_return_filed: str | None = None
    last_return_agi: Decimal | None = None
    recent_returns_filed: tuple[FiledReturn, ...] = ()
    estimated_payments: EstimatedPayments | None = None
    federal_tax_deposits: FederalTaxDeposits | None = None
    bankruptcy: Bankruptcy | None = None
    penalty_history: tuple[PenaltyHistoryEntry, ...] = ()
    prior_installment_agreement_years: tuple[str, ...] = ()
    defaulted_installment_agreement_last_12_months: bool = False
    pending_offer: bool = False
    pending_offer_basis: Literal["doubt_as_to_liability", "doubt_as_to_collectibility",
                                 "effective_tax_administration"] | None = None
    installment_agreement_in_effect: bool = False
    open_audit: bool = False
    innocent_spouse_claim_pending: bool = False


@dataclass(frozen=True, slots=True)
class Deductions:
    federal_tax: Decimal = ZERO
    state_local_tax: Decimal = ZERO
    fica_medicare: Decimal = ZERO
    health_insurance: Decimal = ZERO
    life_insurance: Decimal = ZERO
    retirement_required: Decimal = ZERO
    retirement_voluntary: Decimal = ZERO
    union_dues: Decimal = ZERO
    court_ordered: Decimal = ZERO
    other: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class Income:
    person: PersonRef
    source: Literal[
        "wages", "self_employment", "social_security", "pension", "interest_dividends_royalties",
        "distributions", "rental", "child_support", "alimony", "unemployment",
        "household_contribution", "other",
    ]
    gross: Decimal
    frequency: Frequency
    description: str | None = None
    payer: str | None = None
    payer_address: Address | None = None
    payer_phone: str | None = None
    payer_ein: str | None = None
    occupation: str | None = None
    start_date: date | None = None
    contact_at_work_allowed: bool | None = None
    employer_ownership_interest: bool | None = None
    net: Decimal | None = None
    deductions: Deductions | None = None


@dataclass(frozen=True, slots=True)
class OtherExpense:
    description: str
    amount: Decimal
    category: Literal[
        "student_loan", "tuition", "charitable", "unsecured_debt", "voluntary_retirement",
        "whole_life_insurance", "other",
    ]
    frequency: Frequency = "monthly"
    credit_account: int | None = None
    """For an unsecured debt: the index in ``assets.credit_accounts`` of the card it pays."""


@dataclass(frozen=True, slots=True)
class ClaimedExpense:
    """A monthly allowance claimed above the standard, with its reason and proof (IRM 5.15.1)."""

    amount: Decimal
    reason: str
    documents: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class IrsProposal:
    """The IRS's revised analysis: allowed amounts per expense line, and the income it used."""

    description: str
    date: date | None = None
    allowed: Mapping[str, Decimal] = field(default_factory=dict)
    monthly_income: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Expenses:
    food_clothing_misc: Decimal = ZERO
    housing_utilities: Decimal = ZERO
    vehicle_operating: Decimal = ZERO
    public_transportation: Decimal = ZERO
    health_insurance: Decimal = ZERO
    out_of_pocket_health: Decimal = ZERO
    court_ordered_payments: Decimal = ZERO
    child_dependent_care: Decimal = ZERO
    term_life_insurance: Decimal = ZERO
    current_taxes: Decimal = ZERO
    secured_debts: Decimal = ZERO
    delinquent_state_local_taxes: Decimal = ZERO
    other: tuple[OtherExpense, ...] = ()
    frequencies: Mapping[str, Frequency] = field(default_factory=dict)
    """Expense name -> how often its amount is paid, where not monthly."""
    claimed: Mapping[str, ClaimedExpense] = field(default_factory=dict)
    """Form 433-A (OIC) expense line key -> the allowance claimed instead of the standard."""

    def frequency_of(self, name: str) -> Frequency:
        return self.frequencies.get(name, "monthly")

    def monthly_equivalent(self, convert: Callable[[Decimal, Frequency], Decimal]) -> Expenses:
        """The same expenses with every amount per month, to the cent (half up), using
        ``convert(amount, frequency)`` (the dated pay-period factors); frequencies cleared."""
        def month(amount: Decimal, frequency: Frequency) -> Decimal:
            if frequency == "monthly":
                return amount
            return convert(amount, frequency).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        changes: dict[str, Any] = {name: month(getattr(self, name), f) for name, f in self.frequencies.items()}
        other = tuple(replace(o, amount=month(o.amount, o.frequency), frequency="monthly") for o in self.other)
        return replace(self, other=other, frequencies={}, **changes)


@dataclass(frozen=True, slots=True)
class BankAccount:
    institution: str
    account_type: Literal["checking", "savings", "money_market", "cd", "online", "stored_value"]
    balance: Decimal
    owner: PersonRef | None = None
    institution_address: Address | None = None
    account_last4: str | None = None
    business: bool = False


@dataclass(frozen=True, slots=True)
class CreditAccount:
    """A line of credit or credit card (Form 433-A line 15, Form 433-F Section D); its minimum
    payment is the unsecured-debt expense that names it, so it is counted once."""

    institution: str
    kind: Literal["credit_card", "store_card", "line_of_credit"]
    credit_limit: Decimal
    amount_owed: Decimal
    owner: PersonRef | None = None
    institution_address: Address | None = None
    card_brand: str | None = None
    account_last4: str | None = None
    as_of: date | None = None

    @property
    def available_credit(self) -> Decimal:
        """Credit limit less the amount owed, never below 0 (an account over its limit has none)."""
        return max(self.credit_limit - self.amount_owed, ZERO)


_DIGITAL_KINDS = frozenset({"digital_asset", "digital_assets", "crypto", "cryptocurrency", "virtual_currency", "nft"})
_FURNITURE_KINDS = frozenset({"furniture", "personal_effects", "household_goods"})


@dataclass(frozen=True, slots=True)
class AssetWithLoan:
    description: str
    value: Decimal
    owner: PersonRef | None = None
    kind: str | None = None
    institution: str | None = None
    loan_balance: Decimal = ZERO
    leased: bool = False
    used_in_production_of_income: bool = False

    @property
    def is_digital(self) -> bool:
        """Digital assets (virtual currency, NFTs) have their own rows on the 433 forms."""
        return (self.kind or "").strip().lower() in _DIGITAL_KINDS

    @property
    def is_furniture(self) -> bool:
        """Furniture and personal effects (433-A (OIC) line 7b); anything else is a valuable.
        An effect without a kind is furniture."""
        return (self.kind or "furniture").strip().lower() in _FURNITURE_KINDS


@dataclass(frozen=True, slots=True)
class LifeInsurance:
    company: str
    policy_type: Literal["term", "whole", "universal", "variable"]
    face_amount: Decimal
    owner: PersonRef | None = None
    policy_number_last4: str | None = None
    cash_value: Decimal = ZERO
    loan_balance: Decimal = ZERO


@dataclass(frozen=True, slots=True)
class RealEstate:
    description: str
    address: Address
    value: Decimal
    primary_residence: bool = False
    purchase_date: date | None = None
    purchase_price: Decimal | None = None
    loan_balance: Decimal = ZERO
    monthly_payment: Decimal = ZERO
    lender: str | None = None
    final_payment_date: date | None = None
    for_sale: bool = False


@dataclass(frozen=True, slots=True)
class Vehicle:
    year: int
    make: str
    model: str
    value: Decimal
    owner: PersonRef | None = None
    mileage: int | None = None
    license_plate: str | None = None
    leased: bool = False
    loan_balance: Decimal = ZERO
    monthly_payment: Decimal = ZERO
    lender: str | None = None
    purchase_date: date | None = None
    final_payment_date: date | None = None
    used_for_work: bool = True

    @property
    def description(self) -> str:
        return f"{self.year} {self.make} {self.model}"


@dataclass(frozen=True, slots=True)
class Receivable:
    debtor: str
    amount: Decimal
    kind: Literal["account", "note"] = "account"
    invoice_number: str | None = None
    due_date: date | None = None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Assets:
    cash_on_hand: Decimal = ZERO
    bank_accounts: tuple[BankAccount, ...] = ()
    credit_accounts: tuple[CreditAccount, ...] = ()
    investments: tuple[AssetWithLoan, ...] = ()
    retirement_accounts: tuple[AssetWithLoan, ...] = ()
    life_insurance: tuple[LifeInsurance, ...] = ()
    real_estate: tuple[RealEstate, ...] = ()
    vehicles: tuple[Vehicle, ...] = ()
    personal_effects: tuple[AssetWithLoan, ...] = ()
    business_assets: tuple[AssetWithLoan, ...] = ()
    receivables: tuple[Receivable, ...] = ()


@dataclass(frozen=True, slots=True)
class BusinessMonthly:
    gross_receipts: Decimal = ZERO
    rental_income: Decimal = ZERO
    interest_income: Decimal = ZERO
    dividends: Decimal = ZERO
    other_income: Decimal = ZERO
    materials: Decimal = ZERO
    inventory: Decimal = ZERO
    gross_wages: Decimal = ZERO
    rent: Decimal = ZERO
    supplies: Decimal = ZERO
    utilities_telephone: Decimal = ZERO
    vehicle_costs: Decimal = ZERO
    insurance: Decimal = ZERO
    current_taxes: Decimal = ZERO
    secured_debts: Decimal = ZERO
    other_expenses: Decimal = ZERO
    depreciation: Decimal = ZERO

    @property
    def total_income(self) -> Decimal:
        return (self.gross_receipts + self.rental_income + self.interest_income + self.dividends
                + self.other_income)

    @property
    def total_expenses(self) -> Decimal:
        """Cash expenses only: depreciation is non-cash and never allowed."""
        return (self.materials + self.inventory + self.gross_wages + self.rent + self.supplies
                + self.utilities_telephone + self.vehicle_costs + self.insurance + self.current_taxes
                + self.secured_debts + self.other_expenses)


@dataclass(frozen=True, slots=True)
class PaymentProcessor:
    """Form 433-A line 61: a processor the business is paid through (PayPal, a crypto exchange...)."""

    name: str
    address: Address | None = None
    account_last4: str | None = None


@dataclass(frozen=True, slots=True)
class MerchantAccount:
    """Form 433-A line 62, Form 433-F Section E2: a card the business accepts and its merchant account."""

    card_brand: str
    issuing_bank: str
    bank_address: Address | None = None
    account_last4: str | None = None


@dataclass(frozen=True, slots=True)
class Business:
    name: str
    kind: Literal["sole_proprietorship", "partnership", "llc", "corporation", "other"]
    monthly: BusinessMonthly
    ein: str | None = None
    owner: PersonRef | None = None
    description: str | None = None
    address: Address | None = None
    phone: str | None = None
    website: str | None = None
    employees: int | None = None
    ownership_percent: Decimal | None = None
    period_start: date | None = None
    period_end: date | None = None
    accepts_cards: bool = False
    merchant_accounts: tuple[MerchantAccount, ...] = ()
    payment_processors: tuple[PaymentProcessor, ...] = ()
    federal_contractor: bool | None = None
    ecommerce: bool | None = None
    accounting_method: Literal["cash", "accrual"] | None = None
    tax_deposit_frequency: str | None = None
    closed_on: date | None = None

    @property
    def takes_cards(self) -> bool:
        """Accepts credit cards: as stated, or by listing a merchant account."""
        return self.accepts_cards or bool(self.merchant_accounts)


@dataclass(frozen=True, slots=True)
class Lawsuit:
    role: Literal["plaintiff", "defendant"] | None = None
    location: str | None = None
    represented_by: str | None = None
    docket_number: str | None = None
    amount: Decimal | None = None
    completion_date: date | None = None


@dataclass(frozen=True, slots=True)
class TrustInterest:
    name: str | None = None
    place_recorded: str | None = None
    ein: str | None = None
    amount: Decimal | None = None
    expected: str | None = None


@dataclass(frozen=True, slots=True)
class TrustServed:
    name: str | None = None
    ein: str | None = None


@dataclass(frozen=True, slots=True)
class Transfer:
    asset: str
    value: Decimal | None = None
    date: date | None = None
    to_whom: str | None = None


@dataclass(frozen=True, slots=True)
class SafeDeposit:
    location: str | None = None
    contents: str | None = None
    value: Decimal | None = None


@dataclass(frozen=True, slots=True)
class FundsInTrust:
    amount: Decimal | None = None
    where: str | None = None


@dataclass(frozen=True, slots=True)
class OtherInformation:
    """The forms' "other information" questions: None means the case does not say."""

    party_to_lawsuit: bool | None = None
    lawsuit_details: str | None = None
    lawsuit: Lawsuit | None = None
    irs_litigation: bool | None = None
    irs_litigation_details: str | None = None
    filed_bankruptcy: bool | None = None
    beneficiary_of_trust_or_estate: bool | None = None
    trust_interest: TrustInterest | None = None
    trustee_or_fiduciary: bool | None = None
    trust_served: TrustServed | None = None
    assets_transferred_last_10_years: bool | None = None
    transfer_details: str | None = None
    transfers: tuple[Transfer, ...] = ()
    lived_outside_us_6_months_last_10_years: bool | None = None
    lived_abroad_from: date | None = None
    lived_abroad_to: date | None = None
    foreign_assets: bool | None = None
    foreign_assets_details: str | None = None
    safe_deposit_box: bool | None = None
    safe_deposit: SafeDeposit | None = None
    funds_in_trust_or_escrow: bool | None = None
    funds_in_trust: FundsInTrust | None = None


@dataclass(frozen=True, slots=True)
class LumpSumPayment:
    amount: Decimal
    months_after_acceptance: int


@dataclass(frozen=True, slots=True)
class OfferRequest:
    program: Literal["offer_in_compromise"]
    basis: Literal["doubt_as_to_collectibility", "eta_economic_hardship", "eta_public_policy"]
    payment_option: Literal["lump_sum", "periodic"]
    offer_amount: Decimal
    lump_sum_payments: tuple[LumpSumPayment, ...] = ()
    initial_payment: Decimal | None = None
    monthly_payment: Decimal | None = None
    payment_months: int | None = None
    payment_day: int | None = None
    application_fee: Decimal | None = None
    low_income_certification: bool = False
    prequalifier_used: bool | None = None
    source_of_funds: str | None = None
    special_circumstances: str | None = None
    payment_method: Literal["check", "eftps", "online_account"] = "check"


@dataclass(frozen=True, slots=True)
class DirectDebit:
    routing_number: str
    account_number: str
    account_type: Literal["checking", "savings"] = "checking"


@dataclass(frozen=True, slots=True)
class InstallmentRequest:
    program: Literal["installment_agreement"]
    monthly_payment: Decimal
    agreement_type: Literal["guaranteed", "streamlined", "non_streamlined", "partial_payment"] | None = None
    payment_day: int | None = None
    amount_paid_with_request: Decimal = ZERO
    direct_debit: DirectDebit | None = None
    payroll_deduction: bool = False
    low_income: bool = False
    channel: Literal["mail", "online", "phone"] = "mail"


@dataclass(frozen=True, slots=True)
class NotCollectibleRequest:
    program: Literal["currently_not_collectible"]
    hardship_statement: str | None = None


@dataclass(frozen=True, slots=True)
class AbatementItem:
    form: str
    period: TaxPeriod
    penalty_type: PenaltyType
    amount: Decimal | None = None
    paid_on: date | None = None

    def __post_init__(self) -> None:
        _parse_period(self)


@dataclass(frozen=True, slots=True)
class AbatementEvent:
    date: date
    description: str


@dataclass(frozen=True, slots=True)
class AbatementRequest:
    program: Literal["penalty_abatement"]
    grounds: Literal["first_time_abatement", "reasonable_cause"]
    items: tuple[AbatementItem, ...]
    explanation: str | None = None
    events: tuple[AbatementEvent, ...] = ()


Request = OfferRequest | InstallmentRequest | NotCollectibleRequest | AbatementRequest
OverrideValue = str | Decimal | int | bool | None
RequestT = TypeVar("RequestT", OfferRequest, InstallmentRequest, NotCollectibleRequest, AbatementRequest)


@dataclass(frozen=True, slots=True)
class Attachment:
    document_type: str
    description: str | None = None
    person: PersonRef | None = None
    account: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class FormSignature:
    form: Literal["433-A", "433-A (OIC)", "433-F", "656", "843", "2848", "9465"]
    signer: Literal["taxpayer", "spouse"]
    signed: bool
    date: date | None = None
    method: Literal["handwritten", "electronic"] = "handwritten"
    period: TaxPeriod | None = None

    def __post_init__(self) -> None:
        _parse_period(self)


@dataclass(frozen=True, slots=True)
class Housing:
    status: Literal["own", "rent", "other"]
    explanation: str | None = None
    monthly_rent: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Case:
    schema_version: str
    case_id: str
    prepared_on: date
    taxpayer: Person
    filing_status: Literal[
        "single", "married_filing_jointly", "married_filing_separately", "head_of_household",
        "qualifying_surviving_spouse",
    ]
    address: Address
    liabilities: tuple[Liability, ...]
    requests: tuple[Request, ...]
    spouse: Person | None = None
    marital_status: Literal["married", "unmarried", "separated", "divorced", "widowed"] | None = None
    lives_apart_from_spouse: bool = False
    shares_household_expenses_with_spouse: bool | None = None
    mailing_address: Address | None = None
    marriage_date: date | None = None
    housing: Housing | None = None
    address_changed: bool | None = None
    update_address_records: bool | None = None
    lives_abroad: bool = False
    community_property_state_last_10_years: bool = False
    household: tuple[HouseholdMember, ...] = ()
    representatives: tuple[Representative, ...] = ()
    power_of_attorney: PowerOfAttorney | None = None
    compliance: Compliance = field(default_factory=Compliance)
    income: tuple[Income, ...] = ()
    expenses: Expenses = field(default_factory=Expenses)
    irs_proposal: IrsProposal | None = None
    assets: Assets = field(default_factory=Assets)
    business: Business | None = None
    other_information: OtherInformation = field(default_factory=OtherInformation)
    attachments: tuple[Attachment, ...] = ()
    signatures: tuple[FormSignature, ...] = ()
    form_overrides: Mapping[str, Mapping[str, OverrideValue]] = field(default_factory=dict)
    """Form name -> semantic key -> value the preparer sets directly (see the case schema)."""

    @property
    def is_joint(self) -> bool:
        return self.filing_status == "married_filing_jointly" and self.spouse is not None

    @property
    def household_size(self) -> int:
        """Taxpayer, spouse when present, and every other household member."""
        return 1 + (1 if self.spouse is not None else 0) + len(self.household)

    def owner_of(self, liability: Liability) -> Literal["taxpayer", "spouse", "joint"]:
        """Who is liable for a period: as stated, else both spouses for the income tax of a
        joint case, else the taxpayer."""
        if liability.owner is not None:
            return liability.owner
        return "joint" if self.is_joint and liability.tax_type == "income" else "taxpayer"

    def requests_of(self, kind: type[RequestT]) -> tuple[RequestT, ...]:
        return tuple(r for r in self.requests if isinstance(r, kind))

    def signature(self, form: str, signer: str = "taxpayer") -> FormSignature | None:
        for s in self.signatures:
            if s.form == form and s.signer == signer:
                return s
        return None

