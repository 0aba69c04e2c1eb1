"""Annuity and serial loans: monthly payment and repayment schedule.

Startlån (forskrift om lån fra Husbanken, kap. 5) are annuity or serial loans, normally up to
30 years, up to 50 years in documented special cases, with up to 8 years without instalments
(avdragsfrihet). Husbanken charges an establishment fee once and an instalment fee with every
payment. The term limits and fees are data (`HusbankenTerms`); this module only computes.

The schedule is in øre, as payments are made: each month's interest is rounded to øre, and the
last instalment takes whatever is left, so the instalments always add up to the principal.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, localcontext

from .money import ZERO, to_ore
from .params import HusbankenTerms

KINDS = ("annuity", "serial")
MONTHS_PER_YEAR = 12
# Enough digits that (1 + r) ** -360 keeps full money precision.
_PRECISION = 40


class LoanTermsError(ValueError):
    """Loan terms outside what the rules allow."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(message)


@dataclass(frozen=True)
class LoanTerms:
    principal: Decimal
    annual_rate: Decimal  # a fraction: 0.05 for 5 %
    years: int
    kind: str = "annuity"
    interest_only_years: int = 0
    instalment_fee: Decimal = ZERO
    establishment_fee: Decimal = ZERO

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise LoanTermsError("kind", f"lånetypen må være en av: {', '.join(KINDS)}")
        if self.principal < 0:
            raise LoanTermsError("principal", "lånebeløpet kan ikke være negativt")
        if self.annual_rate < 0:
            raise LoanTermsError("rate", "renten kan ikke være negativ")
        if self.years < 1:
            raise LoanTermsError("years", "nedbetalingstiden må være minst ett år")
        if not 0 <= self.interest_only_years < self.years:
            raise LoanTermsError("interest_only_years",
                                 "årene uten avdrag må være færre enn nedbetalingstiden")

    @property
    def months(self) -> int:
        return self.years * MONTHS_PER_YEAR

    @property
    def interest_only_months(self) -> int:
        return self.interest_only_years * MONTHS_PER_YEAR

    @property
    def repayment_months(self) -> int:
        return self.months - self.interest_only_months

    @property
    def monthly_rate(self) -> Decimal:
        return self.annual_rate / MONTHS_PER_YEAR


def check_term_limits(
    *, years: int, interest_only_years: int, term_reason: str | None, rules: HusbankenTerms
) -> None:
    """Husbanken's limits: up to the normal term; up to the special term only with a reason."""
    if years > rules.special_max_years:
        raise LoanTermsError("years", f"nedbetalingstiden kan være høyst {rules.special_max_years} år")
    if years > rules.normal_max_years and not (term_reason or "").strip():
        raise LoanTermsError(
            "years",
            f"mer enn {rules.normal_max_years} års nedbetalingstid krever en dokumentert begrunnelse "
            "(term_reason)",
        )
    if interest_only_years > rules.max_interest_only_years:
        raise LoanTermsError(
            "interest_only_years", f"avdragsfrihet kan gis i høyst {rules.max_interest_only_years} år"
        )


def payment_factor(kind: str, monthly_rate: Decimal, repayment_months: int) -> Decimal:
    """The highest monthly payment per krone borrowed, fees aside.

    Annuity: r / (1 − (1 + r)^−n), or 1/n without interest. Serial: the first repayment month,
    1/n of the principal plus a full month's interest.
    """
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        if kind == "serial":
            return Decimal(1) / repayment_months + monthly_rate
        if monthly_rate == 0:
            return Decimal(1) / repayment_months
        return monthly_rate / (1 - (1 + monthly_rate) ** -repayment_months)


def highest_monthly_payment(terms: LoanTerms) -> Decimal:
    """The largest monthly payment over the loan's life, with the instalment fee.

    After any years without instalments the payment rises; it is the later, higher payment the
    household must be able to carry.
    """
    factor = payment_factor(terms.kind, terms.monthly_rate, terms.repayment_months)
    return terms.principal * factor + terms.instalment_fee


def first_month_interest(principal: Decimal, annual_rate: Decimal) -> Decimal:
    return principal * annual_rate / MONTHS_PER_YEAR


@dataclass(frozen=True)
class Instalment:
    month: int
    interest: Decimal
    repayment: Decimal  # avdrag
    fee: Decimal
    balance: Decimal  # after this payment

    @property
    def payment(self) -> Decimal:
        return self.interest + self.repayment + self.fee


@dataclass(frozen=True)
class Schedule:
    terms: LoanTerms
    instalments: tuple[Instalment, ...]

    @property
    def total_interest(self) -> Decimal:
        return sum((i.interest for i in self.instalments), ZERO)

    @property
    def total_repaid(self) -> Decimal:
        return sum((i.repayment for i in self.instalments), ZERO)

    @property
    def total_fees(self) -> Decimal:
        return sum((i.fee for i in self.instalments), ZERO) + self.terms.establishment_fee

    @property
    def total_cost(self) -> Decimal:
        """Interest and fees: what the loan costs beyond the principal."""
        return self.total_interest + self.total_fees


def schedule(terms: LoanTerms) -> Schedule:
    """The full repayment schedule, month by month, in øre."""
    rate = terms.monthly_rate
    annuity_payment = to_ore(terms.principal * payment_factor("annuity", rate, terms.repayment_months))
    serial_repayment = to_ore(terms.principal / terms.repayment_months)
    balance = terms.principal
    rows = []
    for month in range(1, terms.months + 1):
        interest = to_ore(balance * rate)
        if month <= terms.interest_only_months:
            repayment = ZERO
        elif month == terms.months:
            repayment = balance
        elif terms.kind == "annuity":
            repayment = min(max(annuity_payment - interest, ZERO), balance)
        else:
            repayment = min(serial_repayment, balance)
        balance -= repayment
        rows.append(Instalment(month, interest, repayment, terms.instalment_fee, balance))
    return Schedule(terms, tuple(rows))


def whole_kroner_down(amount: Decimal) -> Decimal:
    """A loan frame in whole kroner, rounded down so it stays within what can be carried."""
    return amount.quantize(Decimal(1), rounding=ROUND_FLOOR)


# --- terms over the normal maximum: the veileder's conditions as a checklist ---------------

# Husbanken's veileder for startlån, «Nedbetalingsvilkår»: more than 30 (up to 50) years only if
# all of (a)–(d) hold; (a) may be waived for households with children or at risk of losing their
# home, whose income is low and predictable; (b) and (c) for those at risk of losing their home.
TERM_CONDITIONS = (
    ("permanently_low_income", "a", "Husstanden har dokumentert varig lav inntekt"),
    ("dwelling_fits_long_term", "b", "Boligen dekker husstandens behov i lang tid"),
    ("renting_unsuitable_or_dearer", "c", "Å leie privat er uegnet eller klart dyrere over tid"),
    ("shorter_term_not_responsible", "d", "Kommunen har dokumentert at kortere løpetid ikke er økonomisk forsvarlig"),
)
TERM_CIRCUMSTANCES = ("risk_of_losing_home", "low_predictable_income")
TERM_CHECKLIST_KEYS = tuple(key for key, _, _ in TERM_CONDITIONS) + TERM_CIRCUMSTANCES


@dataclass(frozen=True)
class TermCondition:
    key: str
    letter: str
    label: str
    met: bool
    waived: bool

    @property
    def fulfilled(self) -> bool:
        return self.met or self.waived


@dataclass(frozen=True)
class TermChecklist:
    conditions: tuple[TermCondition, ...]

    @property
    def satisfied(self) -> bool:
        return all(c.fulfilled for c in self.conditions)

    def missing(self) -> list[str]:
        return [f"({c.letter}) {c.label.lower()}" for c in self.conditions if not c.fulfilled]


def term_checklist(answers: dict[str, bool], *, has_children: bool) -> TermChecklist:
    """The four conditions with the waivers the veileder states, from the caseworker's answers."""
    risk = answers.get("risk_of_losing_home", False)
    low_predictable = answers.get("low_predictable_income", False)
    waivers = {
        "permanently_low_income": (has_children or risk) and low_predictable,
        "dwelling_fits_long_term": risk,
        "renting_unsuitable_or_dearer": risk,
        "shorter_term_not_responsible": False,
    }
    return TermChecklist(tuple(
        TermCondition(key, letter, label, bool(answers.get(key, False)), bool(waivers[key]) and not answers.get(key, False))
        for key, letter, label in TERM_CONDITIONS))
