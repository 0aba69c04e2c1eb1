"""Screening the portfolio: the capacity test for many households at once, with NumPy.

`screen(inp)` takes one `ScreeningInput` — column arrays, one row per household (typically
every active tenancy, with the dwelling it rents) — and returns a `ScreeningResult` of arrays:
income after tax, living costs, what is left for the loan, the largest loan and price, and
whether the household can buy the dwelling it rents. It runs the same rules on the same
parameter data as `assess` (the exact, per-household engine) and agrees with it within 1 krone
on every household; tests/finance/test_screening.py checks that over 10 000+ random households.

Precision and rounding. The exact engine keeps `Decimal` amounts unrounded throughout and
rounds in one place only: the loan frame (`max_loan`) is rounded *down* to whole kroner. Here
every amount is float64 (about 16 significant digits; household amounts are below 10^8 kr, so
the representation error is far below an øre) and the same single rounding is made: the largest
debt is `floor(...)` of the float quotient. Everything else is returned unrounded, like the
exact engine's `Decimal`s; `whole_kroner` rounds for display, half up, as `to_json` does.
The floor is the one place the two can differ by a whole krone. Both engines compute the
quotient (what is available ÷ the cost per krone) with rounding — `Decimal` at 28–40 digits,
float64 at about 16 — so when the true quotient is a whole number, or within ~10^-9 kr of one,
either may land a hair below it and floor to the krone under. That happens with round inputs
(e.g. a serial loan at 6.5 % over 24 years costs exactly 2/225 per krone); in the random tests
it is about 1 household in 5 000, in either direction. So `max_debt`, `max_loan`, `max_price`
and `shortfall` agree within 1 kr, and `can_buy_own_dwelling` can differ only when the exact
margin (`max_price − total_price`) is within 1 kr of zero.

Parameters are read from the same `ParameterSet` (`params.load_parameters`) and turned into
lookup tables once per batch: SIFO's individual items and the guideline rates for children by
(sex, age in months), the household items and car by household size, built with the exact
engine's own matching rules so the two cannot drift apart.

Limits (say so when the result is used):

- one parameter year and one assessment date per batch (run one batch per year);
- the loan term must be within Husbanken's normal maximum (30 years): there is no column for
  the documented reason a longer term needs; years without instalments at most 8, as in `assess`;
- the bank/startlån split, the own-versus-rent comparison, notes, line items and the
  parameter list are not computed — run `assess` for the households that need them;
- annuity and serial loans, with or without years without instalments, are both supported
  (for both the largest loan is the closed form of a cost that is linear in the principal).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

import numpy as np

from .assess import assess
from .living_costs import ADULT_AGE, CARS, DEFAULT_INFANT_MONTHS, SEXES, Member, _amount_for
from .capacity import BINDING_RULES
from .model import Assessment, AssessmentRequest, CurrentDwelling, Debts, Dwelling, LoanRequest
from .params import ParameterSet, UnknownYearError, available_years, load_parameters
from .texts import format_date
from .tax import INCOME_TYPES, Income

MAX_AGE = 130  # as the JSON layer allows
MAX_RATE_PERCENT = 30
NO_MEMBER = -1  # padding in the member arrays
NOT_GIVEN = -1  # member_age_months: no months given
APPLICATIONS = ("electronic", "paper")
_MONTHS = (MAX_AGE + 1) * 12  # age in months 0 … 130 years 11 months


# --- input and result ----------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class ScreeningInput:
    """One row per household. Amounts in kroner (yearly unless `_monthly`), rates in percent.

    Members are padded arrays of shape (n, m): `member_age` whole years with `NO_MEMBER` (-1)
    where a household has fewer than m members; `member_sex` an index into `SEXES` (0 female,
    1 male); `member_age_months` 0–11 or `NOT_GIVEN` (infants then count as 6 months, as in the
    exact engine); `member_kindergarten`.

    `incomes` is yearly gross income by type, in the order of `tax.INCOME_TYPES`: shape (n, 7)
    for household-level income (taxed as one taxpayer, as the exact engine does with the
    `income` object), or (n, t, 7) with one row per taxpayer (the per-member form); a taxpayer
    row of zeros pays no tax and adds nothing.

    `car` is an index into `living_costs.CARS` (0 none, 1 petrol, 2 electric). NaN in
    `net_income_monthly`, `living_costs_monthly` or `stress_rate_percent` means "not given"
    (the tax estimate, SIFO, or the policy rate on `assessment_date` plus the add-on). `price`
    and `common_debt` describe the dwelling the household rents: `can_buy_own_dwelling` asks
    whether it can buy that one.
    """

    year: int
    incomes: np.ndarray
    member_age: np.ndarray
    member_sex: np.ndarray
    price: np.ndarray
    running_costs_monthly: np.ndarray
    rate_percent: np.ndarray
    member_age_months: np.ndarray | None = None
    member_kindergarten: np.ndarray | None = None
    car: np.ndarray | None = None
    include_child_travel: np.ndarray | None = None
    net_income_monthly: np.ndarray | None = None
    living_costs_monthly: np.ndarray | None = None
    other_fixed_costs_monthly: np.ndarray | None = None
    common_debt: np.ndarray | None = None
    purchase_costs: np.ndarray | None = None
    equity: np.ndarray | None = None
    stress_rate_percent: np.ndarray | None = None
    years: np.ndarray | None = None
    interest_only_years: np.ndarray | None = None
    serial: np.ndarray | None = None
    interest_tax_deduction: np.ndarray | None = None
    paper_application: np.ndarray | None = None
    assessment_date: date | None = None
    interest_shares_percent: np.ndarray | None = None  # (n, t); NaN rows: the default split
    other_debt: np.ndarray | None = None  # all other debt, counted in the bank's limit

    def __post_init__(self) -> None:
        incomes = np.asarray(self.incomes, dtype=np.float64)
        if incomes.ndim == 2:
            incomes = incomes[:, None, :]
        if incomes.ndim != 3 or incomes.shape[2] != len(INCOME_TYPES):
            raise ValueError(f"incomes must have shape (n, {len(INCOME_TYPES)}) or (n, t, {len(INCOME_TYPES)})")
        n = incomes.shape[0]
        ages = np.asarray(self.member_age)
        if ages.ndim != 2 or ages.shape[0] != n or ages.shape[1] < 1:
            raise ValueError("member_age must have shape (n, m)")
        shape = ages.shape
        defaults = {
            "member_age_months": (shape, NOT_GIVEN, np.int16),
            "member_kindergarten": (shape, False, bool),
            "member_sex": (shape, None, np.int8),
            "member_age": (shape, None, np.int16),
            "car": (n, 0, np.int8),
            "include_child_travel": (n, False, bool),
            "net_income_monthly": (n, np.nan, np.float64),
            "living_costs_monthly": (n, np.nan, np.float64),
            "other_fixed_costs_monthly": (n, 0.0, np.float64),
            "common_debt": (n, 0.0, np.float64),
            "purchase_costs": (n, 0.0, np.float64),
            "equity": (n, 0.0, np.float64),
            "stress_rate_percent": (n, np.nan, np.float64),
            "years": (n, 30, np.int16),
            "interest_only_years": (n, 0, np.int16),
            "serial": (n, False, bool),
            "interest_tax_deduction": (n, False, bool),
            "paper_application": (n, False, bool),
            "interest_shares_percent": ((n, incomes.shape[1]), np.nan, np.float64),
            "other_debt": (n, 0.0, np.float64),
            "price": (n, None, np.float64),
            "running_costs_monthly": (n, None, np.float64),
            "rate_percent": (n, None, np.float64),
        }
        object.__setattr__(self, "incomes", incomes)
        for name, (want, default, dtype) in defaults.items():
            value = getattr(self, name)
            if value is None:
                value = np.full(want, default, dtype=dtype)
            else:
                value = np.asarray(value)
                if value.shape != (want if isinstance(want, tuple) else (want,)):
                    raise ValueError(f"{name} must have shape {want}, not {value.shape}")
                value = value.astype(dtype, copy=False)
            object.__setattr__(self, name, value)
        self._validate()

    def __len__(self) -> int:
        return self.incomes.shape[0]

    def _validate(self) -> None:
        def bad(name: str, mask: np.ndarray, message: str) -> None:
            rows = np.flatnonzero(mask.reshape(mask.shape[0], -1).any(axis=1)) if mask.ndim > 1 \
                else np.flatnonzero(mask)
            if rows.size:
                raise ValueError(f"{name}: {message} (first at row {int(rows[0])}, {rows.size} rows)")

        present = self.member_age != NO_MEMBER
        bad("member_age", (self.member_age < NO_MEMBER) | (self.member_age > MAX_AGE),
            f"must be 0–{MAX_AGE}, or {NO_MEMBER} for no member")
        bad("member_age", ~present.any(axis=1), "a household needs at least one member")
        bad("member_sex", present & ((self.member_sex < 0) | (self.member_sex >= len(SEXES))),
            "must be 0 (female) or 1 (male)")
        months = self.member_age_months
        bad("member_age_months", present & (months != NOT_GIVEN) & ((months < 0) | (months > 11)),
            f"must be 0–11, or {NOT_GIVEN}")
        bad("car", (self.car < 0) | (self.car >= len(CARS)), "must be 0 (none), 1 (petrol) or 2 (electric)")
        bad("incomes", ~np.isfinite(self.incomes) | (self.incomes < 0), "must be finite and not negative")
        for name in ("price", "running_costs_monthly", "other_fixed_costs_monthly", "common_debt",
                     "purchase_costs", "equity", "other_debt"):
            value = getattr(self, name)
            bad(name, ~np.isfinite(value) | (value < 0), "must be finite and not negative")
        for name in ("net_income_monthly", "living_costs_monthly"):
            value = getattr(self, name)
            bad(name, np.isinf(value) | (value < 0), "must be NaN (not given) or not negative")
        bad("rate_percent", ~((self.rate_percent >= 0) & (self.rate_percent <= MAX_RATE_PERCENT)),
            f"must be 0–{MAX_RATE_PERCENT}")
        stress = self.stress_rate_percent
        bad("stress_rate_percent", ~np.isnan(stress) & ~((stress >= 0) & (stress <= MAX_RATE_PERCENT)),
            f"must be NaN (default) or 0–{MAX_RATE_PERCENT}")
        bad("years", self.years < 1, "must be at least 1")
        shares = self.interest_shares_percent
        given = ~np.isnan(shares).any(axis=1)
        bad("interest_shares_percent", given & ((shares < 0).any(axis=1) | (np.abs(shares.sum(axis=1) - 100) > 1e-9)),
            "must be NaN (the default split) or shares in percent summing to 100")
        bad("interest_only_years", (self.interest_only_years < 0) | (self.interest_only_years >= self.years),
            "must be 0 or more and fewer than years")

    def request(self, i: int) -> AssessmentRequest:
        """Row `i` as the exact engine's request, with the rented dwelling as `current_dwelling`."""
        members = tuple(
            Member(int(age), SEXES[int(sex)], None if int(mo) == NOT_GIVEN else int(mo), bool(kg))
            for age, sex, mo, kg in zip(self.member_age[i], self.member_sex[i], self.member_age_months[i],
                                        self.member_kindergarten[i], strict=True)
            if int(age) != NO_MEMBER
        )
        incomes = tuple(Income(**{t: _dec(v) for t, v in zip(INCOME_TYPES, row, strict=True)})
                        for row in self.incomes[i])
        price, common_debt = _dec(self.price[i]), _dec(self.common_debt[i])
        stress = self.stress_rate_percent[i]
        return AssessmentRequest(
            year=self.year,
            members=members,
            incomes=incomes,
            income_per_member=len(incomes) > 1,
            dwelling=Dwelling(price, _dec(self.running_costs_monthly[i]), common_debt, _dec(self.purchase_costs[i])),
            loan=LoanRequest(
                rate=_dec(self.rate_percent[i]) / 100,
                years=int(self.years[i]),
                stress_rate=None if math.isnan(stress) else _dec(stress) / 100,
                kind="serial" if self.serial[i] else "annuity",
                interest_tax_deduction=bool(self.interest_tax_deduction[i]),
                interest_only_years=int(self.interest_only_years[i]),
                application=APPLICATIONS[int(self.paper_application[i])],
                interest_shares=None if np.isnan(self.interest_shares_percent[i]).any()
                else tuple(_dec(v) / 100 for v in self.interest_shares_percent[i]),
            ),
            car=CARS[int(self.car[i])],
            net_income_monthly=_dec_or_none(self.net_income_monthly[i]),
            living_costs_monthly=_dec_or_none(self.living_costs_monthly[i]),
            other_fixed_costs_monthly=_dec(self.other_fixed_costs_monthly[i]),
            equity=_dec(self.equity[i]),
            current_dwelling=CurrentDwelling(price, common_debt),
            assessment_date=self.assessment_date,
            include_child_travel=bool(self.include_child_travel[i]),
            debts=Debts(other=_dec(self.other_debt[i])),
        )

    @classmethod
    def from_requests(cls, requests: Sequence[AssessmentRequest]) -> ScreeningInput:
        """Column arrays from the exact engine's requests (one year and assessment date).

        The dwelling whose price is screened is the request's `dwelling` (the one rented);
        `current_dwelling` and `rent_monthly` are not used.
        """
        if not requests:
            raise ValueError("no requests")
        year, day = requests[0].year, requests[0].assessment_date
        if any(r.year != year or r.assessment_date != day for r in requests):
            raise ValueError("one year and one assessment date per batch")
        if any(r.loan.term_reason for r in requests):
            raise ValueError("screening has no column for term_reason; keep terms within the normal maximum")
        n = len(requests)
        m = max(len(r.members) for r in requests)
        t = max(max(len(r.incomes) for r in requests), 1)
        age = np.full((n, m), NO_MEMBER, np.int16)
        sex = np.zeros((n, m), np.int8)
        months = np.full((n, m), NOT_GIVEN, np.int16)
        kindergarten = np.zeros((n, m), bool)
        incomes = np.zeros((n, t, len(INCOME_TYPES)))
        shares = np.full((n, t), np.nan)
        for i, r in enumerate(requests):
            if r.loan.interest_shares is not None:
                shares[i, :len(r.loan.interest_shares)] = [float(v * 100) for v in r.loan.interest_shares]
                shares[i, len(r.loan.interest_shares):] = 0.0
            for j, member in enumerate(r.members):
                age[i, j], sex[i, j] = member.age, SEXES.index(member.sex)
                months[i, j] = NOT_GIVEN if member.age_months is None else member.age_months
                kindergarten[i, j] = member.kindergarten
            for k, income in enumerate(r.incomes):
                incomes[i, k] = [float(getattr(income, name)) for name in INCOME_TYPES]

        def col(get, dtype=np.float64):
            return np.array([get(r) for r in requests], dtype=dtype)

        def opt(value):
            return np.nan if value is None else float(value)

        return cls(
            year=year, incomes=incomes, member_age=age, member_sex=sex, member_age_months=months,
            member_kindergarten=kindergarten,
            car=col(lambda r: CARS.index(r.car), np.int8),
            include_child_travel=col(lambda r: r.include_child_travel, bool),
            net_income_monthly=col(lambda r: opt(r.net_income_monthly)),
            living_costs_monthly=col(lambda r: opt(r.living_costs_monthly)),
            other_fixed_costs_monthly=col(lambda r: float(r.other_fixed_costs_monthly)),
            price=col(lambda r: float(r.dwelling.price)),
            common_debt=col(lambda r: float(r.dwelling.common_debt)),
            running_costs_monthly=col(lambda r: float(r.dwelling.running_costs_monthly)),
            purchase_costs=col(lambda r: float(r.dwelling.purchase_costs)),
            equity=col(lambda r: float(r.equity)),
            rate_percent=col(lambda r: float(r.loan.rate * 100)),
            stress_rate_percent=col(lambda r: opt(None if r.loan.stress_rate is None else r.loan.stress_rate * 100)),
            years=col(lambda r: r.loan.years, np.int16),
            interest_only_years=col(lambda r: r.loan.interest_only_years, np.int16),
            serial=col(lambda r: r.loan.kind == "serial", bool),
            interest_tax_deduction=col(lambda r: r.loan.interest_tax_deduction, bool),
            paper_application=col(lambda r: r.loan.application == "paper", bool),
            interest_shares_percent=shares,
            other_debt=col(lambda r: float(r.debts.total)),
            assessment_date=day,
        )


@dataclass(frozen=True, eq=False)
class ScreeningResult:
    """One row per household; amounts in kroner per month unless named otherwise.

    Amounts are unrounded float64 (like the exact engine's `Decimal`s), except `max_debt`,
    `max_loan` and `max_price`, which are whole kroner (the loan frame is rounded down).
    """

    net_income_monthly: np.ndarray
    living_costs_monthly: np.ndarray
    living_costs_floor_monthly: np.ndarray
    available_for_housing_monthly: np.ndarray
    available_for_loan_monthly: np.ndarray
    stress_rate_percent: np.ndarray
    loan_amount: np.ndarray  # price + purchase costs − equity, not below 0
    stressed_payment_monthly: np.ndarray  # on loan + common debt, with the instalment fee
    interest_tax_effect_monthly: np.ndarray  # the capped interest deduction on that debt
    surplus_monthly: np.ndarray
    affordable: np.ndarray  # surplus ≥ 0, for the dwelling's price
    max_debt: np.ndarray  # largest debt (own loan + common debt) that can be carried
    max_loan: np.ndarray  # largest own loan, after the common debt
    max_price: np.ndarray  # highest total price (purchase price + common debt)
    total_price: np.ndarray  # the rented dwelling's price + common debt
    can_buy_own_dwelling: np.ndarray  # total_price ≤ max_price
    shortfall: np.ndarray  # max(total_price − max_price, 0)
    headline_price: np.ndarray  # the highest total price a bank loan + startlån can finance
    binding_rule: np.ndarray  # index into capacity.BINDING_RULES of the limit that binds

    def __len__(self) -> int:
        return self.max_price.shape[0]

    def take(self, rows: Sequence[int] | np.ndarray) -> ScreeningResult:
        """The result for some households only (e.g. the sample the exact engine was run on)."""
        rows = np.asarray(rows, dtype=np.intp)
        return ScreeningResult(**{name: getattr(self, name)[rows] for name in self.field_names()})

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


_BOOLEANS = ("affordable", "can_buy_own_dwelling")


def whole_kroner(amounts: np.ndarray) -> np.ndarray:
    """Round to whole kroner for display, half up (as `money.whole_kroner` and `to_json`)."""
    return np.floor(np.asarray(amounts, dtype=np.float64) + 0.5).astype(np.int64)


# --- parameters as lookup tables -----------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Tables:
    # Per-member amounts, flat over (include_child_travel, sex, age in months) — see `_member_index`;
    # the last month slot of each (travel, sex) block is a zero for padding.
    food: np.ndarray  # SIFO food (0 without SIFO)
    other_individual: np.ndarray  # SIFO's other individual items (0 without SIFO)
    floor_child: np.ndarray  # guideline rate for a child (0 for adults)
    has_sifo: bool
    household_items: np.ndarray | None  # [size], size 0 unused
    car: np.ndarray | None  # [car code, size]
    kindergarten_yearly_per_child: float
    food_rule: tuple[int, int, float]
    floor_single: float
    floor_couple: float
    floor_shared: float
    income_matrix: np.ndarray  # (7, 5): deduction bases wage/pension, contribution bases wage/pension, tax-free
    tax: dict
    instalment_fee: np.ndarray  # [paper]
    default_stress_rate: float | None  # fraction
    deduction_rate: float


_TABLE_CACHE: dict[tuple, tuple[ParameterSet, _Tables]] = {}


def _tables(params: ParameterSet, max_size: int, assessment_date: date | None) -> _Tables:
    """The lookup tables for a parameter set, built once and kept for the same `params` object."""
    key = (id(params), max_size, assessment_date)
    cached = _TABLE_CACHE.get(key)
    if cached is not None and cached[0] is params:
        return cached[1]
    tables = _build_tables(params, max_size, assessment_date)
    if len(_TABLE_CACHE) >= 16:
        _TABLE_CACHE.clear()
    _TABLE_CACHE[key] = (params, tables)  # keeps `params` alive, so its id is not reused
    return tables


def _build_tables(params: ParameterSet, max_size: int, assessment_date: date | None) -> _Tables:
    sifo = params.sifo
    # One probe member per (sex, age in months), its months given so that `months_old` is exact.
    probes = [[Member(months // 12, sex, months % 12) for months in range(_MONTHS)] for sex in SEXES]

    def by_age(groups, include_optional: bool) -> np.ndarray:
        # The exact engine's own matching (`living_costs._amount_for`): first group that covers.
        table = np.zeros((len(SEXES), _MONTHS + 1))
        for s, members in enumerate(probes):
            for mo, member in enumerate(members):
                amount = _amount_for(groups, member, include_optional)
                table[s, mo] = 0.0 if amount is None else float(amount)
        return table

    food = other = np.zeros((2, len(SEXES), _MONTHS + 1))
    household = car = None
    kindergarten = 0.0
    food_rule = (0, 0, 0.0)
    if sifo is not None:
        food = np.stack([by_age(sifo.individual.get("food", ()), flag) for flag in (False, True)])
        other = np.zeros_like(food)
        for key, groups in sifo.individual.items():
            if key != "food":
                other += np.stack([by_age(groups, flag) for flag in (False, True)])
        sizes = range(max(max_size, 1) + 1)
        household = np.array([0.0] + [
            float(sum(amounts[min(size, len(amounts)) - 1] for amounts in sifo.household_by_size.values()))
            for size in sizes[1:]])
        limits = sifo.car_size_limits
        car = np.zeros((len(CARS), len(sizes)))
        for code, kind in enumerate(CARS):
            if kind == "none":
                continue
            for size in sizes[1:]:
                band = next((i for i, limit in enumerate(limits) if size <= limit), len(limits) - 1)
                car[code, size] = float(sifo.car[kind][band])
        kindergarten = float(sifo.kindergarten_monthly * sifo.kindergarten_months_per_year)
        rule = sifo.food_economies_of_scale
        food_rule = (rule.adults, rule.min_children, float(1 - rule.reduction))

    rates = params.guideline_rates
    floor_child = np.zeros((len(SEXES), _MONTHS + 1))
    for s, members in enumerate(probes):
        for mo, member in enumerate(members):
            if not member.is_adult:
                floor_child[s, mo] = float(next(
                    (g.amount for g in rates.children if g.covers(member.months_old, member.sex)), 0))

    tax = params.tax
    classes = tax.income_classes
    matrix = np.zeros((len(INCOME_TYPES), 5))
    column = {"wage": 0, "pension": 1}
    for income_type, income_class in classes.taxable.items():
        if income_type not in INCOME_TYPES:
            raise ValueError(f"income class for an unknown income type: {income_type}")
        k = INCOME_TYPES.index(income_type)
        matrix[k, column[income_class.minimum_deduction]] = 1
        matrix[k, 2 + column[income_class.contribution]] = 1
    for income_type in classes.tax_free:
        matrix[INCOME_TYPES.index(income_type), 4] = 1
    tax_floats = {
        "ordinary_rate": float(tax.ordinary_income_rate),
        "allowance": float(tax.personal_allowance),
        "deductions": {k: (float(d.rate), float(d.minimum), float(d.maximum))
                       for k, d in tax.minimum_deductions.items()},
        "contribution_rates": (float(tax.contribution_rates["wage"]), float(tax.contribution_rates["pension"])),
        "lower_limit": float(tax.contribution_lower_limit),
        "phase_in": float(tax.contribution_phase_in_rate),
        "brackets": [(float(b.threshold), float(b.rate)) for b in tax.brackets],
        "pension": None if tax.pension_tax_deduction is None else (
            float(tax.pension_tax_deduction.maximum),
            [(float(b.threshold), float(b.rate)) for b in tax.pension_tax_deduction.steps]),
    }

    day = assessment_date or date(params.year, 12, 31)
    try:
        default_stress = float(params.stress_test.stress_rate_on(day))
    except UnknownYearError:
        default_stress = None
    # A startlån borrower pays the municipality's instalment fee (rules 2), whatever the channel.
    fees = {application: params.husbanken.municipality.instalment_fee for application in APPLICATIONS}
    return _Tables(
        food=food.ravel(), other_individual=other.ravel(),
        floor_child=np.broadcast_to(floor_child, (2, *floor_child.shape)).ravel(), has_sifo=sifo is not None,
        household_items=household, car=car,
        kindergarten_yearly_per_child=kindergarten, food_rule=food_rule,
        floor_single=float(rates.single), floor_couple=float(rates.couple), floor_shared=float(rates.shared_housing),
        income_matrix=matrix, tax=tax_floats,
        instalment_fee=np.array([float(fees[a]) for a in APPLICATIONS]),
        default_stress_rate=default_stress, deduction_rate=float(tax.ordinary_income_rate),
    )


# --- the vectorised rules ------------------------------------------------------------------


def _taxes(incomes: np.ndarray, t: _Tables) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`tax.income_tax` per taxpayer row: (net income per household per month, each taxpayer's
    `interest_deduction_cap`, each taxpayer's personal income), the last two of shape (n, t)."""
    tax = t.tax
    bases = incomes @ t.income_matrix  # (n, taxpayers, 5)
    ded_wage, ded_pension = bases[..., 0], bases[..., 1]
    personal = ded_wage + ded_pension
    tax_free = bases[..., 4]

    def minimum_deduction(base, rule):
        rate, low, high = rule
        value = np.minimum(np.minimum(np.maximum(base * rate, low), high), base)
        return np.where(base > 0, value, 0.0)

    def stepped(amount, steps):  # `tax.bracket_tax`: each step's rate up to the next threshold
        total = np.zeros_like(amount)
        for i, (threshold, rate) in enumerate(steps):
            top = amount if i + 1 == len(steps) else np.minimum(amount, steps[i + 1][0])
            total += np.maximum(top - threshold, 0.0) * rate
        return total

    wage_max = tax["deductions"]["wage"][2]
    deduction = np.minimum(minimum_deduction(ded_wage, tax["deductions"]["wage"])
                           + minimum_deduction(ded_pension, tax["deductions"]["pension"]), wage_max)
    ordinary = np.maximum(personal - deduction - tax["allowance"], 0.0)
    full = bases[..., 2] * tax["contribution_rates"][0] + bases[..., 3] * tax["contribution_rates"][1]
    phase_in = tax["phase_in"] * (personal - tax["lower_limit"])
    contribution = np.maximum(np.minimum(full, phase_in), 0.0)
    bracket = stepped(personal, tax["brackets"])
    before_credits = ordinary * tax["ordinary_rate"] + contribution + bracket
    if tax["pension"] is None:
        credit_full = np.zeros_like(personal)
    else:  # `tax.pension_tax_deduction`
        maximum, steps = tax["pension"]
        credit_full = np.where(ded_pension > 0, np.maximum(maximum - stepped(ded_pension, steps), 0.0), 0.0)
    total_tax = before_credits - np.minimum(credit_full, before_credits)
    cap = np.maximum(total_tax - np.maximum(contribution + bracket - credit_full, 0.0), 0.0)
    net_yearly = (personal - total_tax + tax_free).sum(axis=1)
    return net_yearly / 12, cap, personal


def _interest_shares(personal: np.ndarray, given: np.ndarray) -> np.ndarray:
    """`tax.default_interest_shares` (equal between taxpayers with income) unless given (percent)."""
    earners = personal > 0
    count = earners.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        default = np.where(earners, 1.0 / count, 0.0)
    return np.where(np.isnan(given), default, given / 100)


def _living_costs(inp: ScreeningInput, t: _Tables) -> tuple[np.ndarray, np.ndarray]:
    """`living_costs.living_costs`: (chosen monthly figure, guideline floor)."""
    present = inp.member_age != NO_MEMBER
    age = np.where(present, inp.member_age, 0).astype(np.int32)
    extra = np.where(inp.member_age_months != NOT_GIVEN, inp.member_age_months,
                     np.where(age == 0, DEFAULT_INFANT_MONTHS, 0))
    months = np.where(present, age * 12 + extra, _MONTHS)  # padding → the zero slot
    block = inp.include_child_travel.astype(np.int32)[:, None] * len(SEXES) + inp.member_sex
    index = (block * (_MONTHS + 1) + months).astype(np.intp)
    adult = present & (age >= ADULT_AGE)
    size = present.sum(axis=1)
    adults = adult.sum(axis=1)
    children = size - adults

    child_rates = t.floor_child.take(index).sum(axis=1)
    floor = np.where(adults == 1, t.floor_single,
                     np.where(adults >= 2, t.floor_couple + t.floor_shared * (adults - 2), 0.0)) + child_rates

    actual = inp.living_costs_monthly
    if not t.has_sifo:
        if np.isnan(actual).any():
            raise UnknownYearError("sifo", inp.year, available_years("sifo"))
        chosen = actual
    else:
        food = t.food.take(index).sum(axis=1)
        rule_adults, rule_children, kept = t.food_rule
        food = np.where((adults == rule_adults) & (children >= rule_children), food * kept, food)
        items = food + t.other_individual.take(index).sum(axis=1) + t.household_items[size] \
            + t.car[inp.car.astype(np.intp), size]
        kindergarten_yearly = t.kindergarten_yearly_per_child * (present & inp.member_kindergarten).sum(axis=1)
        sifo_monthly = (items * 12 + kindergarten_yearly) / 12
        chosen = np.where(np.isnan(actual), sifo_monthly, actual)
    return np.where(chosen < floor, floor, chosen), floor


def screen(inp: ScreeningInput, params: ParameterSet | None = None) -> ScreeningResult:
    """The capacity test for every household in `inp` at once (see the module docstring)."""
    params = params or load_parameters(inp.year)
    if params.year != inp.year:
        raise ValueError(f"parameters for {params.year}, households for {inp.year}")
    too_long = inp.years > params.husbanken.normal_max_years
    if too_long.any():
        raise ValueError(f"years: more than {params.husbanken.normal_max_years} years needs a documented "
                         f"reason; screen those households with assess (first at row {int(np.argmax(too_long))})")
    too_many = inp.interest_only_years > params.husbanken.max_interest_only_years
    if too_many.any():
        raise ValueError(f"interest_only_years: at most {params.husbanken.max_interest_only_years} "
                         f"(first at row {int(np.argmax(too_many))})")
    t = _tables(params, inp.member_age.shape[1], inp.assessment_date)

    estimated, caps, personal = _taxes(inp.incomes, t)
    net = np.where(np.isnan(inp.net_income_monthly), estimated, inp.net_income_monthly)
    living, floor = _living_costs(inp, t)
    for_housing = net - living - inp.other_fixed_costs_monthly
    for_loan = for_housing - inp.running_costs_monthly

    stress_percent = inp.stress_rate_percent
    if np.isnan(stress_percent).any():
        if t.default_stress_rate is None:
            raise UnknownYearError("stress_test", format_date(inp.assessment_date or date(inp.year, 12, 31)),
                                   sorted({p.valid_from.year for p in params.stress_test.policy_rates}))
        stress_percent = np.where(np.isnan(stress_percent), t.default_stress_rate * 100, stress_percent)
    stress = stress_percent / 100
    fee = t.instalment_fee[inp.paper_application.astype(np.intp)]
    deduction = np.where(inp.interest_tax_deduction, t.deduction_rate, 0.0)

    # `loans.payment_factor`: the highest monthly payment per krone. 1 − (1 + r)^−n is computed
    # as −expm1(−n·log1p(r)) to keep its digits when r is small.
    r = stress / 12
    n = ((inp.years - inp.interest_only_years) * 12).astype(np.float64)
    factor = _payment_factor(r, n, inp.serial)
    # Each taxpayer's share of the interest and the most it can save a month (`capacity`).
    slopes = r[:, None] * _shares_times(deduction, personal, inp)
    monthly_caps = caps / 12

    # The requested purchase: `capacity.loan_cost` on loan + common debt at the stressed rate.
    loan_amount = np.maximum(inp.price + inp.purchase_costs - inp.equity, 0.0)
    debt = loan_amount + inp.common_debt
    stressed_payment = np.where(debt > 0, debt * factor + fee, 0.0)
    tax_effect = np.where(debt > 0, np.minimum(debt[:, None] * slopes, monthly_caps).sum(axis=1), 0.0)
    surplus = for_loan - (stressed_payment - tax_effect)

    # `capacity.max_loan` (`_capped_max_debt`): the smallest closed form over every set of
    # capped taxpayers, rounded down to whole kroner — the one rounding before display.
    taxpayers = slopes.shape[1]
    frame = np.full(len(inp), np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        for subset in range(1 << taxpayers):
            capped = np.array([(subset >> i) & 1 for i in range(taxpayers)], dtype=bool)
            per_krone = factor - slopes[:, ~capped].sum(axis=1)
            frame = np.minimum(frame, (for_loan - fee + monthly_caps[:, capped].sum(axis=1)) / per_krone)
        max_debt = np.where(for_loan > fee, np.floor(frame), 0.0)
    max_price = np.maximum(max_debt + inp.equity - inp.purchase_costs, 0.0)
    total_price = inp.price + inp.common_debt
    headline_price, binding_rule = _headline(inp, t, params, max_price, for_loan, fee, stress, n,
                                             _shares_times(deduction, personal, inp), monthly_caps)
    return ScreeningResult(
        net_income_monthly=net,
        living_costs_monthly=living,
        living_costs_floor_monthly=floor,
        available_for_housing_monthly=for_housing,
        available_for_loan_monthly=for_loan,
        stress_rate_percent=stress_percent,
        loan_amount=loan_amount,
        stressed_payment_monthly=stressed_payment,
        interest_tax_effect_monthly=tax_effect,
        surplus_monthly=surplus,
        affordable=surplus >= 0,
        max_debt=max_debt,
        max_loan=np.maximum(max_debt - inp.common_debt, 0.0),
        max_price=max_price,
        total_price=total_price,
        can_buy_own_dwelling=total_price <= max_price,
        shortfall=np.maximum(total_price - max_price, 0.0),
        headline_price=headline_price,
        binding_rule=binding_rule,
    )


def _payment_factor(monthly_rate: np.ndarray, months: np.ndarray, serial: np.ndarray) -> np.ndarray:
    """`loans.payment_factor`: the highest monthly payment per krone. 1 − (1 + r)^−n is computed
    as −expm1(−n·log1p(r)) to keep its digits when r is small."""
    with np.errstate(divide="ignore", invalid="ignore"):
        annuity = np.where(monthly_rate > 0, monthly_rate / -np.expm1(-months * np.log1p(monthly_rate)), 1 / months)
    return np.where(serial, 1 / months + monthly_rate, annuity)


def _shares_times(deduction: np.ndarray, personal: np.ndarray, inp: ScreeningInput) -> np.ndarray:
    """Each taxpayer's share of the interest × the deduction rate (0 without the deduction)."""
    return deduction[:, None] * _interest_shares(personal, inp.interest_shares_percent)


def _headline(inp: ScreeningInput, t: _Tables, params: ParameterSet, capacity_price: np.ndarray,
              for_loan: np.ndarray, fee: np.ndarray, stress: np.ndarray, months: np.ndarray,
              weights: np.ndarray, monthly_caps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`capacity.headline`: the lowest of Husbanken's capacity, the bank's debt limit and the
    bank's stress test on its part (whole kroner, by bisection over all rows at once), and the
    index into `capacity.BINDING_RULES` of the limit that binds."""
    bank = params.bank
    gross = inp.incomes @ t.income_matrix[:, :2].sum(axis=1)  # taxable income per taxpayer
    debt_limit = float(bank.max_debt_to_gross_income) * gross.sum(axis=1)
    by_income = np.floor(np.maximum(debt_limit - inp.other_debt + inp.equity - inp.purchase_costs, 0.0))
    rate = inp.rate_percent / 100 + float(params.husbanken.municipality.margin)
    bank_rate = np.maximum(rate + float(bank.stress_addon), float(bank.minimum_stress_rate))
    bank_factor = _payment_factor(bank_rate / 12, months, inp.serial)
    startlan_factor = _payment_factor(stress / 12, months, inp.serial)
    ltv = float(bank.max_loan_to_value)

    def fits(total_price: np.ndarray, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        costs, equity, common = inp.purchase_costs[rows], inp.equity[rows], inp.common_debt[rows]
        debt = np.maximum(total_price + costs - equity, 0.0)
        part = np.minimum(np.maximum(ltv * total_price - common, 0.0), np.maximum(debt - common, 0.0))
        rest = debt - part
        interest = part * bank_rate[rows] / 12 + rest * stress[rows] / 12
        saving = np.minimum(interest[:, None] * weights[rows], monthly_caps[rows]).sum(axis=1)
        cost = np.where(debt > 0, part * bank_factor[rows] + rest * startlan_factor[rows] + fee[rows] - saving, 0.0)
        return cost <= for_loan[rows]

    upper = np.minimum(capacity_price, by_income)
    low, high = np.zeros_like(upper), upper.copy()
    at_zero, at_upper = fits(low), fits(upper)
    searching = at_zero & ~at_upper
    # Where the bank lends its full 90 % (the usual case) the cost is linear in the price apart
    # from the capped interest saving: the closed form of `capacity._capped_max_debt` gives the
    # answer, kept where fits(T) and not fits(T + 1) prove it; the rest is found by bisection.
    guess = np.clip(np.floor(_split_closed_form(inp, ltv, bank_factor, startlan_factor, bank_rate, stress, fee,
                                                for_loan, weights, monthly_caps)), 0, np.maximum(upper - 1, 0))
    proven = searching & fits(guess) & ~fits(guess + 1)
    low = np.where(proven, guess, low)
    searching &= ~proven
    rows = np.flatnonzero(searching)
    low_rows, high_rows = low[rows], high[rows]
    while rows.size and (high_rows - low_rows > 1).any():  # `capacity.largest_fitting`, on these rows only
        middle = np.where(high_rows - low_rows > 1, np.floor((low_rows + high_rows) / 2), low_rows)
        ok = fits(middle, rows)
        low_rows, high_rows = np.where(ok, middle, low_rows), np.where(ok, high_rows, middle)
    low[rows] = low_rows
    by_stress = np.where(~at_zero, 0.0, np.where(at_upper, upper, low))  # `proven` rows: low = guess
    limits = np.stack([capacity_price, by_income, by_stress], axis=1)
    binding = np.argmin(limits, axis=1)  # the first of equal limits, as `min` in capacity.headline
    return limits[np.arange(len(binding)), binding], binding


def _split_closed_form(inp, ltv, bank_factor, startlan_factor, bank_rate, stress, fee, for_loan, weights, monthly_caps):
    """The total price T where the split cost meets what is available, assuming the bank lends
    ltv × T − common debt: cost = a·T + a0 − Σ min(w_i·(j·T + j0), c_i), the smallest root over
    every set of capped taxpayers."""
    extra = inp.purchase_costs - inp.equity + inp.common_debt  # the rest = (1 − ltv)·T + extra
    a = ltv * bank_factor + (1 - ltv) * startlan_factor
    a0 = -inp.common_debt * bank_factor + extra * startlan_factor + fee
    j = (ltv * bank_rate + (1 - ltv) * stress) / 12
    j0 = (-inp.common_debt * bank_rate + extra * stress) / 12
    taxpayers = weights.shape[1]
    best = np.full(len(inp), np.inf)
    with np.errstate(invalid="ignore", divide="ignore"):
        for subset in range(1 << taxpayers):
            capped = np.array([(subset >> i) & 1 for i in range(taxpayers)], dtype=bool)
            free = weights[:, ~capped].sum(axis=1)
            root = (for_loan - a0 + monthly_caps[:, capped].sum(axis=1) + free * j0) / (a - j * free)
            best = np.minimum(best, root)
    return np.where(np.isfinite(best), best, 0.0)


# --- the exact engine on the same columns --------------------------------------------------


def screen_exact(inp: ScreeningInput, params: ParameterSet | None = None,
                 rows: Sequence[int] | np.ndarray | None = None) -> ScreeningResult:
    """The same result from the exact engine: `assess` once per household (or per row in `rows`).

    For checking `screen` and for comparing speed; the figures are the exact `Decimal`s
    converted to float64 (amounts below 10^8 kr keep their øre exactly).
    """
    params = params or load_parameters(inp.year)
    indices = range(len(inp)) if rows is None else [int(i) for i in rows]
    return result_from_assessments([assess(inp.request(i), params) for i in indices])


def result_from_assessments(assessments: Sequence[Assessment]) -> ScreeningResult:
    """The exact engine's assessments (with `current_dwelling`) as a `ScreeningResult`."""
    columns: dict[str, list] = {name: [] for name in ScreeningResult.field_names()}
    for a in assessments:
        if a.current_dwelling is None:
            raise ValueError("screening compares with the current dwelling; the request needs one")
        values = {
            "net_income_monthly": a.net_income_monthly,
            "living_costs_monthly": a.living_costs_monthly,
            "living_costs_floor_monthly": a.living.floor,
            "available_for_housing_monthly": a.available_for_housing_monthly,
            "available_for_loan_monthly": a.available_for_loan_monthly,
            "stress_rate_percent": a.stress_rate * 100,
            "loan_amount": a.loan_amount,
            "stressed_payment_monthly": a.stressed_payment_monthly,
            "interest_tax_effect_monthly": a.interest_tax_effect_monthly,
            "surplus_monthly": a.surplus_monthly,
            "affordable": a.affordable,
            "max_debt": a.max_debt,
            "max_loan": a.max_loan,
            "max_price": a.max_price,
            "total_price": a.current_dwelling.total_price,
            "can_buy_own_dwelling": a.current_dwelling.can_buy,
            "shortfall": a.current_dwelling.shortfall,
            "headline_price": a.headline.price,
            "binding_rule": BINDING_RULES.index(a.headline.binding_rule),
        }
        for name, value in values.items():
            columns[name].append(value)
    return ScreeningResult(**{
        name: np.array(values, dtype=bool if name in _BOOLEANS else np.float64)
        for name, values in columns.items()
    })


# --- synthetic households (tests and the benchmark) ----------------------------------------


def synthetic_input(n: int, seed: int = 0, *, year: int = 2025, max_members: int = 7,
                    overrides: bool = True) -> ScreeningInput:
    """`n` random but plausible households, for the tests and `benchmarks/screening.py`.

    1–7 members aged 0–90 (mostly with an adult first), incomes 0–1.2 M kr per type (a third
    given per taxpayer), equity 0–500 000, prices 0.8–6 M, rates 2–9 %, terms 10–30 years,
    annuity and serial loans, and — with `overrides` — actual net income, actual living costs
    and stress rates for some households. Amounts are whole kroner or kroner and øre.
    """
    rng = np.random.default_rng(seed)
    size = rng.choice(np.arange(1, max_members + 1),
                      p=_normalised([30, 28, 16, 14, 7, 3, 2][:max_members] + [1] * max(0, max_members - 7)), size=n)
    slot = np.arange(max_members)[None, :]
    present = slot < size[:, None]
    age = rng.integers(0, 91, size=(n, max_members))
    # Usually an adult first (and a second one in most larger households).
    age[:, 0] = np.where(rng.random(n) < 0.97, rng.integers(18, 91, n), age[:, 0])
    age[:, 1] = np.where(rng.random(n) < 0.6, rng.integers(18, 80, n), rng.integers(0, 25, n)) \
        if max_members > 1 else age[:, 1]
    if max_members > 2:
        age[:, 2:] = np.where(rng.random((n, max_members - 2)) < 0.85,
                              rng.integers(0, 18, (n, max_members - 2)), age[:, 2:])
    age = np.where(present, age, NO_MEMBER).astype(np.int16)
    sex = rng.integers(0, 2, size=(n, max_members)).astype(np.int8)
    months = np.where((age == 0) & (rng.random((n, max_members)) < 0.7),
                      rng.integers(0, 12, (n, max_members)), NOT_GIVEN).astype(np.int16)
    kindergarten = present & (age >= 1) & (age <= 5) & (rng.random((n, max_members)) < 0.6)

    # Incomes by type; each type present with its own probability, 0–1.2 M kr.
    presence = np.array([0.75, 0.15, 0.12, 0.15, 0.3, 0.15, 0.1])
    household = np.where(rng.random((n, len(INCOME_TYPES))) < presence,
                         rng.uniform(0, 1_200_000, (n, len(INCOME_TYPES))), 0.0)
    household = np.where(rng.random((n, 1)) < 0.5, np.round(household), np.round(household, 2))
    # A fifth live on uføretrygd or old-age pension alone, 150 000–450 000 kr: the programme's
    # households, where the interest deduction's cap and the pension deduction matter.
    benefit_only = rng.random(n) < 0.2
    benefit_type = np.where(rng.random(n) < 0.5, INCOME_TYPES.index("disability_benefit"), INCOME_TYPES.index("pension"))
    benefit = np.zeros_like(household)
    benefit[np.arange(n), benefit_type] = np.round(rng.uniform(150_000, 450_000, n))
    household = np.where(benefit_only[:, None], benefit, household)
    split = rng.random(n) < 1 / 3
    share = rng.uniform(0, 1, (n, len(INCOME_TYPES)))
    first = np.round(household * share, 2)
    incomes = np.zeros((n, 2, len(INCOME_TYPES)))
    incomes[:, 0] = np.where(split[:, None], first, household)
    incomes[:, 1] = np.where(split[:, None], np.round(household - first, 2), 0.0)
    incomes = np.maximum(incomes, 0.0)

    def maybe(p, values):
        return np.where(rng.random(n) < p, values, np.nan) if overrides else np.full(n, np.nan)

    years = rng.integers(10, 31, n).astype(np.int16)
    interest_only = np.where(rng.random(n) < 0.1, rng.integers(1, 9, n), 0)
    interest_only = np.minimum(interest_only, years - 1).astype(np.int16)
    rate = np.round(rng.uniform(2, 9, n), 2)
    # Some joint loans split by hand between the two taxpayers (whole percent).
    first_share = rng.integers(0, 101, n).astype(np.float64)
    shares = np.where((split & (rng.random(n) < 0.3))[:, None],
                      np.stack([first_share, 100 - first_share], axis=1), np.nan)
    common_debt = np.where(rng.random(n) < 0.3, np.round(rng.uniform(0, 2_000_000, n)), 0.0)
    return ScreeningInput(
        year=year,
        incomes=incomes,
        member_age=age,
        member_sex=sex,
        member_age_months=months,
        member_kindergarten=kindergarten,
        car=rng.choice(3, p=[0.5, 0.3, 0.2], size=n).astype(np.int8),
        include_child_travel=rng.random(n) < 0.2,
        net_income_monthly=maybe(0.2, np.round(rng.uniform(8_000, 90_000, n), 2)),
        living_costs_monthly=maybe(0.2, np.round(rng.uniform(5_000, 60_000, n), 2)),
        other_fixed_costs_monthly=np.where(rng.random(n) < 0.5, np.round(rng.uniform(0, 10_000, n)), 0.0),
        price=np.round(rng.uniform(800_000, 6_000_000, n), -3),
        common_debt=common_debt,
        running_costs_monthly=np.round(rng.uniform(1_000, 10_000, n)),
        purchase_costs=np.where(rng.random(n) < 0.5, np.round(rng.uniform(0, 150_000, n)), 0.0),
        equity=np.round(rng.uniform(0, 500_000, n)),
        rate_percent=rate,
        stress_rate_percent=maybe(0.4, np.round(rate + rng.uniform(0, 4, n), 2)),
        years=years,
        interest_only_years=interest_only,
        serial=rng.random(n) < 0.2,
        interest_tax_deduction=rng.random(n) < 0.5,
        paper_application=rng.random(n) < 0.2,
        interest_shares_percent=shares,
        other_debt=np.where(rng.random(n) < 0.3, np.round(rng.uniform(0, 800_000, n)), 0.0),
    )


def _normalised(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()


def _dec(value: float) -> Decimal:
    """A float column value as the exact engine reads a JSON number: through its shortest repr."""
    return Decimal(repr(float(value)))


def _dec_or_none(value: float) -> Decimal | None:
    return None if math.isnan(value) else _dec(value)
