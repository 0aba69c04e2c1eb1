"""Debt-servicing capacity (betjeningsevne) the way Husbanken assesses it, and what follows.

Per month: income after tax − living costs − other fixed costs = available for housing;
− running costs of the dwelling = available for loan costs. That is compared with the loan
payment at the stressed rate, optionally less the tax value of the interest deduction (22 %).
The deduction saves at most the tax each borrower actually owes on ordinary income: a joint
loan's interest is split between the borrowers by their shares and each share's saving is
capped (`RepaymentPlan.interest_deduction_caps`); the saving is then piecewise linear in the
loan, so the largest loan is the smallest of one closed form per set of capped borrowers.

From there: the largest loan the household can carry, the highest price with its equity, the
split between a bank's base loan and a startlån top-up, whether it can buy the dwelling it
rents today, and what owning would cost each month beside today's rent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .loans import KINDS, first_month_interest, payment_factor, whole_kroner_down
from .money import ZERO
from .params import BankLendingRules

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class MonthlyBudget:
    """The household's month, before any loan."""

    net_income: Decimal
    living_costs: Decimal
    other_fixed_costs: Decimal
    running_costs: Decimal

    @property
    def available_for_housing(self) -> Decimal:
        """Left after living costs and other fixed costs, before the dwelling's running costs."""
        return self.net_income - self.living_costs - self.other_fixed_costs

    @property
    def available_for_loan(self) -> Decimal:
        """Left for interest, instalments and fees after the dwelling's running costs."""
        return self.available_for_housing - self.running_costs


@dataclass(frozen=True)
class RepaymentPlan:
    """How a loan is repaid; the principal and rate vary, the plan does not."""

    years: int
    kind: str = "annuity"
    interest_only_years: int = 0
    instalment_fee: Decimal = ZERO
    # The tax value of the interest deduction (0.22), or None when it is not counted.
    interest_deduction_rate: Decimal | None = None
    # Per borrower: (share of the interest, the most a year's interest can save them). None:
    # uncapped, as the rules before version 2 (and an actual net income without gross) have it.
    interest_deduction_caps: tuple[tuple[Decimal, Decimal], ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}")
        if not 0 <= self.interest_only_years < self.years:
            raise ValueError("interest_only_years must be fewer than years")

    @property
    def repayment_months(self) -> int:
        return (self.years - self.interest_only_years) * MONTHS_PER_YEAR

    def interest_tax_effect(self, monthly_interest: Decimal) -> Decimal:
        """What a month's interest saves in tax: each borrower's share × 22 %, within their cap."""
        rate = self.interest_deduction_rate
        if not rate or monthly_interest <= 0:
            return ZERO
        if self.interest_deduction_caps is None:
            return monthly_interest * rate
        return sum((min(monthly_interest * share * rate, cap / MONTHS_PER_YEAR)
                    for share, cap in self.interest_deduction_caps), ZERO)


@dataclass(frozen=True)
class LoanCost:
    """A loan's monthly cost for the capacity test."""

    payment: Decimal  # the highest scheduled payment, with the instalment fee
    interest_tax_effect: Decimal  # interest deduction × 22 %, first month

    @property
    def net(self) -> Decimal:
        return self.payment - self.interest_tax_effect


def loan_cost(principal: Decimal, annual_rate: Decimal, plan: RepaymentPlan) -> LoanCost:
    """The monthly payment on `principal` at `annual_rate`, and its interest-deduction value.

    The tax effect uses the first month's interest, the highest it will be.
    """
    if principal <= 0:
        return LoanCost(ZERO, ZERO)
    factor = payment_factor(plan.kind, annual_rate / MONTHS_PER_YEAR, plan.repayment_months)
    payment = principal * factor + plan.instalment_fee
    return LoanCost(payment, plan.interest_tax_effect(first_month_interest(principal, annual_rate)))


def _net_cost_per_krone(annual_rate: Decimal, plan: RepaymentPlan) -> Decimal:
    factor = payment_factor(plan.kind, annual_rate / MONTHS_PER_YEAR, plan.repayment_months)
    deduction = annual_rate / MONTHS_PER_YEAR * (plan.interest_deduction_rate or ZERO)
    return factor - deduction


def _capped_max_debt(available: Decimal, annual_rate: Decimal, plan: RepaymentPlan) -> Decimal:
    """The largest principal P with P·f − Σ min(k_i·P, c_i) ≤ available (before rounding).

    The left side is the maximum over every set S of capped borrowers of
    P·(f − Σ_{i∉S} k_i) − Σ_{i∈S} c_i, each line rising in P, so P is the smallest of
    (available + Σ_{i∈S} c_i) / (f − Σ_{i∉S} k_i) over all S.
    """
    factor = payment_factor(plan.kind, annual_rate / MONTHS_PER_YEAR, plan.repayment_months)
    rate = plan.interest_deduction_rate or ZERO
    caps = plan.interest_deduction_caps or ()
    slopes = [annual_rate / MONTHS_PER_YEAR * share * rate for share, _ in caps]
    monthly_caps = [cap / MONTHS_PER_YEAR for _, cap in caps]
    best = None
    for subset in range(1 << len(caps)):
        capped = [(subset >> i) & 1 for i in range(len(caps))]
        per_krone = factor - sum((k for k, c in zip(slopes, capped, strict=True) if not c), ZERO)
        room = available + sum((m for m, c in zip(monthly_caps, capped, strict=True) if c), ZERO)
        candidate = room / per_krone
        best = candidate if best is None else min(best, candidate)
    return best if best is not None else available / factor


def max_loan(available_for_loan: Decimal, annual_rate: Decimal, plan: RepaymentPlan) -> Decimal:
    """The largest loan (whole kroner) whose stressed monthly cost fits what is available.

    Annuity loans have a closed form: the payment per krone is fixed, so the loan is what is
    available after the fee divided by it. Other kinds are found by bisection.
    """
    if available_for_loan <= plan.instalment_fee:
        return ZERO
    if plan.kind == "annuity" and plan.interest_deduction_caps is not None and plan.interest_deduction_rate:
        return whole_kroner_down(_capped_max_debt(available_for_loan - plan.instalment_fee, annual_rate, plan))
    if plan.kind == "annuity":
        return whole_kroner_down((available_for_loan - plan.instalment_fee)
                                 / _net_cost_per_krone(annual_rate, plan))
    return max_loan_by_bisection(available_for_loan, annual_rate, plan)


def max_loan_by_bisection(available_for_loan: Decimal, annual_rate: Decimal, plan: RepaymentPlan) -> Decimal:
    """The same frame as `max_loan`, found by bisection over whole kroner; works for any plan."""
    if available_for_loan <= plan.instalment_fee:
        return ZERO

    def fits(principal: Decimal) -> bool:
        return loan_cost(principal, annual_rate, plan).net <= available_for_loan

    if _net_cost_per_krone(annual_rate, plan) <= 0:
        raise ValueError("the interest deduction cannot exceed the loan payment")
    # A payment repays at least 1/n of the principal a month (an annuity pays more interest
    # than a serial loan), so this bound is usually already above the answer; widen if not.
    upper = whole_kroner_down((available_for_loan - plan.instalment_fee) * plan.repayment_months) + 1
    while fits(upper):
        upper *= 2
    return largest_fitting(fits, ZERO, upper)


def largest_fitting(fits: Callable[[Decimal], bool], low: Decimal, high: Decimal) -> Decimal:
    """The largest whole number in [low, high) for which a monotone test holds; `fits(low)` holds."""
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def max_price(max_debt: Decimal, equity: Decimal, purchase_costs: Decimal = ZERO) -> Decimal:
    """The highest total price — purchase price plus the share of common debt — within reach.

    A housing cooperative's common debt (fellesgjeld) counts in the price as Husbanken
    requires: it is debt the household carries through its common costs, so it takes room in
    the frame like a loan does.
    """
    return max(max_debt + equity - purchase_costs, ZERO)


@dataclass(frozen=True)
class FinancingSplit:
    """A bank's base loan first, startlån on top (the municipality shall consider co-financing)."""

    bank_base_loan: Decimal
    startlan: Decimal
    bank_limited_by: str  # "loan_to_value" | "debt_to_income" | "need"


def financing_split(
    *,
    loan_needed: Decimal,
    total_price: Decimal,
    common_debt: Decimal,
    gross_income_yearly: Decimal,
    bank: BankLendingRules,
    other_debt: Decimal = ZERO,
) -> FinancingSplit:
    """How much an ordinary bank can lend under its own limits; startlån covers the rest.

    The bank is bound by the loan-to-value cap on the total price and the debt cap of a
    multiple of gross income, both counting the common debt. A bank's own stress test may
    lower its share further; it is shown beside Husbanken's, never mixed with it.
    """
    by_value = max(bank.max_loan_to_value * total_price - common_debt, ZERO)
    by_income = max(bank.max_debt_to_gross_income * gross_income_yearly - common_debt - other_debt, ZERO)
    limits = {"need": loan_needed, "loan_to_value": by_value, "debt_to_income": by_income}
    limited_by = min(limits, key=lambda k: (limits[k], k != "need"))
    base = whole_kroner_down(max(limits[limited_by], ZERO))
    return FinancingSplit(base, loan_needed - base, limited_by)


@dataclass(frozen=True)
class PurchaseCheck:
    """Can the household buy a given dwelling (e.g. the one it rents) at market value?"""

    total_price: Decimal
    max_price: Decimal

    @property
    def can_buy(self) -> bool:
        return self.total_price <= self.max_price

    @property
    def shortfall(self) -> Decimal:
        return max(self.total_price - self.max_price, ZERO)


def check_purchase(market_value: Decimal, common_debt: Decimal, max_total_price: Decimal) -> PurchaseCheck:
    return PurchaseCheck(market_value + common_debt, max_total_price)


@dataclass(frozen=True)
class OwnVersusRent:
    """What owning costs each month beside today's rent.

    Instalments are saving, not cost: `owning_cost_excluding_repayment` shows the part that is
    spent (interest, fees, running costs, less the interest deduction).
    """

    rent: Decimal
    payment: Decimal
    stressed_payment: Decimal
    running_costs: Decimal
    interest_tax_effect: Decimal
    stressed_interest_tax_effect: Decimal
    first_month_repayment: Decimal

    @property
    def owning(self) -> Decimal:
        return self.payment + self.running_costs - self.interest_tax_effect

    @property
    def owning_stressed(self) -> Decimal:
        return self.stressed_payment + self.running_costs - self.stressed_interest_tax_effect

    @property
    def owning_cost_excluding_repayment(self) -> Decimal:
        return self.owning - self.first_month_repayment

    @property
    def difference(self) -> Decimal:
        """Owning minus renting: positive when owning costs more a month."""
        return self.owning - self.rent


def own_versus_rent(
    *,
    rent: Decimal,
    debt: Decimal,
    rate: Decimal,
    stressed_rate: Decimal,
    running_costs: Decimal,
    plan: RepaymentPlan,
) -> OwnVersusRent:
    actual = loan_cost(debt, rate, plan)
    stressed = loan_cost(debt, stressed_rate, plan)
    # In the first month with instalments the balance is still the whole debt.
    interest = first_month_interest(debt, rate)
    repayment = max(actual.payment - plan.instalment_fee - interest, ZERO) if debt > 0 else ZERO
    return OwnVersusRent(
        rent=rent,
        payment=actual.payment,
        stressed_payment=stressed.payment,
        running_costs=running_costs,
        interest_tax_effect=actual.interest_tax_effect,
        stressed_interest_tax_effect=stressed.interest_tax_effect,
        first_month_repayment=repayment,
    )


# --- the headline: the highest price the household can actually finance -------------------

BINDING_RULES = ("husbanken_capacity", "debt_to_income", "bank_stress_test")


@dataclass(frozen=True)
class Headline:
    """The highest total price a bank's base loan topped up with startlån can finance.

    Three limits, each a highest total price (purchase price + common debt): Husbanken's
    capacity test on all the debt (`capacity_price`, what the calculator showed alone before);
    the bank's debt limit, all debt at most 5 × gross income (utlånsforskriften § 4); and the
    bank's stress test on its own part (rate + 3 points, at least 7 %, § 3) with the startlån
    part at Husbanken's stress rate. The lowest is the headline; `binding_rule` names it.
    `debt_to_income_price` is None when the gross income is not known.
    """

    price: Decimal
    binding_rule: str
    capacity_price: Decimal
    debt_to_income_price: Decimal | None
    bank_stress_price: Decimal
    debt_limit: Decimal | None  # 5 × gross income


def split_stressed_cost(*, debt: Decimal, bank_part: Decimal, bank_rate: Decimal, startlan_rate: Decimal,
                        plan: RepaymentPlan, factors: tuple[Decimal, Decimal] | None = None) -> Decimal:
    """The monthly cost of `debt` with `bank_part` at the bank's stress rate and the rest (startlån
    and common debt) at Husbanken's, less the (capped) interest deduction on both. `factors` are
    the two rates' payment factors, when already computed."""
    if debt <= 0:
        return ZERO
    bank_factor, startlan_factor = factors or (
        payment_factor(plan.kind, bank_rate / MONTHS_PER_YEAR, plan.repayment_months),
        payment_factor(plan.kind, startlan_rate / MONTHS_PER_YEAR, plan.repayment_months))
    rest = debt - bank_part
    payment = bank_part * bank_factor + rest * startlan_factor + plan.instalment_fee
    interest = first_month_interest(bank_part, bank_rate) + first_month_interest(rest, startlan_rate)
    return payment - plan.interest_tax_effect(interest)


def bank_part_of(total_price: Decimal, debt: Decimal, common_debt: Decimal, bank: BankLendingRules) -> Decimal:
    """The bank's base loan: its loan-to-value limit on the total price, less the common debt."""
    return min(max(bank.max_loan_to_value * total_price - common_debt, ZERO), max(debt - common_debt, ZERO))


def _split_root(available: Decimal, equity: Decimal, purchase_costs: Decimal, common_debt: Decimal,
                ltv: Decimal, factors: tuple[Decimal, Decimal], bank_rate: Decimal, startlan_rate: Decimal,
                plan: RepaymentPlan) -> Decimal:
    """The total price T where a·T + a0 − Σ min(w_i·(j·T + j0), c_i) meets `available`, with the
    bank lending ltv·T − common debt and the rest, (1 − ltv)·T + costs − equity + common debt, as
    startlån: the smallest root over every set of capped borrowers (as `_capped_max_debt`)."""
    bank_factor, startlan_factor = factors
    extra = purchase_costs - equity + common_debt
    a = ltv * bank_factor + (1 - ltv) * startlan_factor
    a0 = -common_debt * bank_factor + extra * startlan_factor + plan.instalment_fee
    j = (ltv * bank_rate + (1 - ltv) * startlan_rate) / MONTHS_PER_YEAR
    j0 = (-common_debt * bank_rate + extra * startlan_rate) / MONTHS_PER_YEAR
    rate = plan.interest_deduction_rate or ZERO
    caps = plan.interest_deduction_caps if plan.interest_deduction_caps is not None else ((Decimal(1), None),)
    weights = [share * rate for share, _ in caps]
    best = None
    for subset in range(1 << len(caps)):
        capped = [(subset >> i) & 1 and caps[i][1] is not None for i in range(len(caps))]
        free = sum((w for w, c in zip(weights, capped, strict=True) if not c), ZERO)
        room = available - a0 + free * j0 + sum((cap / MONTHS_PER_YEAR for (_, cap), c in zip(caps, capped, strict=True)
                                                 if c), ZERO)
        candidate = room / (a - j * free)
        best = candidate if best is None else min(best, candidate)
    return best


def headline(*, capacity_price: Decimal, available_for_loan: Decimal, equity: Decimal, purchase_costs: Decimal,
             common_debt: Decimal, other_debt: Decimal, gross_income_yearly: Decimal | None,
             bank: BankLendingRules, startlan_stress_rate: Decimal, bank_stress_rate: Decimal,
             plan: RepaymentPlan) -> Headline:
    """The highest total price within Husbanken's capacity and the bank's rules for its part."""
    debt_limit = None if gross_income_yearly is None else bank.max_debt_to_gross_income * gross_income_yearly
    # Debt for a total price T: T + costs − equity (the loans and the common debt), plus other debt.
    by_income = None if debt_limit is None else \
        whole_kroner_down(max(debt_limit - other_debt + equity - purchase_costs, ZERO))

    factors = (payment_factor(plan.kind, bank_stress_rate / MONTHS_PER_YEAR, plan.repayment_months),
               payment_factor(plan.kind, startlan_stress_rate / MONTHS_PER_YEAR, plan.repayment_months))

    def fits(total_price: Decimal) -> bool:
        debt = max(total_price + purchase_costs - equity, ZERO)
        part = bank_part_of(total_price, debt, common_debt, bank)
        cost = split_stressed_cost(debt=debt, bank_part=part, bank_rate=bank_stress_rate,
                                   startlan_rate=startlan_stress_rate, plan=plan, factors=factors)
        return cost <= available_for_loan

    upper = min(capacity_price, by_income) if by_income is not None else capacity_price
    if not fits(ZERO):
        by_stress = ZERO
    elif fits(upper):
        by_stress = upper
    else:
        # Where the bank lends its full share the cost is linear in the price apart from the
        # capped saving; that closed form's answer is kept when the test proves it, else bisection.
        guess = min(max(whole_kroner_down(_split_root(
            available_for_loan, equity, purchase_costs, common_debt, bank.max_loan_to_value, factors,
            bank_stress_rate, startlan_stress_rate, plan)), ZERO), upper - 1)
        by_stress = guess if fits(guess) and not fits(guess + 1) else largest_fitting(fits, ZERO, upper)
    limits = {"husbanken_capacity": capacity_price, "debt_to_income": by_income, "bank_stress_test": by_stress}
    binding = min((rule for rule in BINDING_RULES if limits[rule] is not None), key=lambda rule: limits[rule])
    return Headline(price=limits[binding], binding_rule=binding, capacity_price=capacity_price,
                    debt_to_income_price=by_income, bank_stress_price=by_stress, debt_limit=debt_limit)
