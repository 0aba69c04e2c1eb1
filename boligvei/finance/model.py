"""The assessment's request and result: what goes into `assess` and what comes out.

Plain frozen dataclasses with amounts as exact `Decimal` and rates as fractions (0.05 for 5 %).
`FieldError` and `InvalidRequest` name the fields of a request that cannot be assessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from .capacity import FinancingSplit, Headline, OwnVersusRent, PurchaseCheck
from .living_costs import LivingCosts, Member
from .loans import TermChecklist
from .money import ZERO
from .params import Provenance
from .tax import HouseholdIncome, Income

# The rules `assess` applies. A saved assessment records the version it was made with and is
# reproduced with the same one: 1 = before December 2026 (uncapped interest deduction,
# Husbanken's own fees, no bank limits in the headline); 2 = the rules in docs/finance.md.
RULES_VERSION = 2
FIRST_RULES_VERSION = 1
RULES_VERSIONS = (1, 2)


# --- request -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dwelling:
    price: Decimal
    running_costs_monthly: Decimal
    common_debt: Decimal = ZERO
    purchase_costs: Decimal = ZERO

    @property
    def total_price(self) -> Decimal:
        return self.price + self.common_debt


@dataclass(frozen=True)
class LoanRequest:
    rate: Decimal  # fraction
    years: int
    stress_rate: Decimal | None = None  # fraction; None = policy rate + add-on
    kind: str = "annuity"
    interest_tax_deduction: bool = False
    interest_only_years: int = 0
    term_reason: str | None = None
    application: str = "electronic"
    # Each taxpayer's share of the interest (fractions, in the order of `incomes`); None = the
    # default split: equal shares between the taxpayers with taxable income.
    interest_shares: tuple[Decimal, ...] | None = None
    # The checklist for more than the normal term (loans.TERM_CHECKLIST_KEYS → yes/no); None = not given.
    term_conditions: tuple[tuple[str, bool], ...] | None = None


DEBT_TYPES = ("student_loan", "car_loan", "credit_card_limits", "consumer_loans", "other")


@dataclass(frozen=True)
class Debts:
    """The household's other debt (balances; for credit cards the whole limit), which a bank
    counts in the 5 × gross income limit (utlånsforskriften § 4)."""

    student_loan: Decimal = ZERO
    car_loan: Decimal = ZERO
    credit_card_limits: Decimal = ZERO
    consumer_loans: Decimal = ZERO
    other: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return sum((getattr(self, name) for name in DEBT_TYPES), ZERO)


@dataclass(frozen=True)
class CurrentDwelling:
    market_value: Decimal
    common_debt: Decimal = ZERO


@dataclass(frozen=True)
class AssessmentRequest:
    year: int
    members: tuple[Member, ...]
    incomes: tuple[Income, ...]  # one per taxpayer; household-level income is one taxpayer
    dwelling: Dwelling
    loan: LoanRequest
    car: str = "none"
    income_per_member: bool = False
    net_income_monthly: Decimal | None = None
    living_costs_monthly: Decimal | None = None
    other_fixed_costs_monthly: Decimal = ZERO
    equity: Decimal = ZERO
    rent_monthly: Decimal | None = None
    current_dwelling: CurrentDwelling | None = None
    assessment_date: date | None = None
    include_child_travel: bool = False
    debts: Debts = Debts()
    grant: Decimal = ZERO  # tilskudd til etablering, for the warnings on years without instalments
    income_expected_to_grow: bool | None = None


# --- result --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One labelled line of the calculation, signed as it enters the sum."""

    key: str
    label: str
    amount: Decimal
    explanation: str
    kind: str  # "income" | "cost" | "subtotal" | "result" | "info"


@dataclass(frozen=True)
class Assessment:
    year: int
    net_income_monthly: Decimal
    living_costs_monthly: Decimal
    other_fixed_costs_monthly: Decimal
    available_for_housing_monthly: Decimal
    running_costs_monthly: Decimal
    available_for_loan_monthly: Decimal
    loan_amount: Decimal
    rate: Decimal
    stress_rate: Decimal
    payment_monthly: Decimal
    stressed_payment_monthly: Decimal
    interest_tax_effect_monthly: Decimal
    surplus_monthly: Decimal
    affordable: bool
    max_loan: Decimal
    max_debt: Decimal
    max_price: Decimal
    establishment_fee: Decimal
    financing: FinancingSplit
    bank_stress_rate: Decimal
    lines: tuple[Line, ...]
    parameters: tuple[Provenance, ...]
    notes: tuple[str, ...]
    income: HouseholdIncome | None
    living: LivingCosts
    current_dwelling: PurchaseCheck | None = None
    own_versus_rent: OwnVersusRent | None = None
    rules: int = RULES_VERSION
    # Parameters a source has not confirmed yet, in Norwegian, for the administrator (rules 2).
    parameters_to_check: tuple[str, ...] = ()
    instalment_fee: Decimal = ZERO  # per month, in the payments
    municipal_margin: Decimal = ZERO  # fraction, included in `rate`
    headline: Headline | None = None  # rules 2
    term_checklist: TermChecklist | None = None  # rules 2, for terms over the normal maximum
    other_debt: Decimal = ZERO


# --- errors --------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


class InvalidRequest(ValueError):
    """An assessment request with one or more bad fields; `errors` names each of them."""

    def __init__(self, errors: Sequence[FieldError]):
        self.errors = tuple(errors)
        super().__init__("; ".join(f"{e.field}: {e.message}" for e in self.errors))

    def to_json(self) -> dict[str, Any]:
        return {"errors": [e.to_json() for e in self.errors]}
