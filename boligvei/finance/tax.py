"""Income after tax for a person and a household, from yearly gross income by type.

The rules (regjeringen.no, "Skattesatser <year>"):

- ordinary income (alminnelig inntekt) = taxable income − minimum deduction − personal
  allowance, not below zero, taxed at 22 %;
- the minimum deduction (minstefradrag) is a share of wage-like and of pension income, each
  up to its own maximum, and together never above the wage maximum;
- social security contribution (trygdeavgift) on personal income at the wage or the pension
  rate, but never more than 25 % of the income above the lower limit (the phase-in);
- bracket tax (trinnskatt) on personal income above each threshold.

Child benefit, housing allowance and other tax-free income are added after tax. Deductions
this engine does not know about (interest, travel, the pensioners' tax reduction,
Finnmark) are left out; that leaves the estimate on the cautious side for most households.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from .money import ZERO, monthly, to_decimal
from .params import MinimumDeduction, TaxParameters

INCOME_TYPES = (
    "wage",
    "pension",
    "disability_benefit",
    "other_taxable",
    "child_benefit",
    "housing_allowance",
    "other_tax_free",
)


@dataclass(frozen=True)
class Income:
    """One person's (or, if the household reports it jointly, the household's) yearly gross income."""

    wage: Decimal = ZERO
    pension: Decimal = ZERO
    disability_benefit: Decimal = ZERO
    other_taxable: Decimal = ZERO
    child_benefit: Decimal = ZERO
    housing_allowance: Decimal = ZERO
    other_tax_free: Decimal = ZERO

    @classmethod
    def from_mapping(cls, amounts: Mapping[str, object]) -> Income:
        unknown = set(amounts) - set(INCOME_TYPES)
        if unknown:
            raise ValueError(f"unknown income types: {', '.join(sorted(unknown))}")
        return cls(**{k: to_decimal(v) for k, v in amounts.items()})

    def amounts(self) -> dict[str, Decimal]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def gross(self) -> Decimal:
        return sum(self.amounts().values(), ZERO)


@dataclass(frozen=True)
class TaxBreakdown:
    """A person's yearly tax, step by step."""

    personal_income: Decimal
    tax_free_income: Decimal
    minimum_deduction: Decimal
    ordinary_income: Decimal
    tax_on_ordinary_income: Decimal
    social_security_contribution: Decimal
    bracket_tax: Decimal

    @property
    def total_tax(self) -> Decimal:
        return self.tax_on_ordinary_income + self.social_security_contribution + self.bracket_tax

    @property
    def net_yearly(self) -> Decimal:
        return self.personal_income - self.total_tax + self.tax_free_income

    @property
    def net_monthly(self) -> Decimal:
        return monthly(self.net_yearly)


@dataclass(frozen=True)
class HouseholdIncome:
    """The household's income after tax: the sum over its taxpayers."""

    persons: tuple[TaxBreakdown, ...]

    @property
    def gross_yearly(self) -> Decimal:
        return sum((p.personal_income + p.tax_free_income for p in self.persons), ZERO)

    @property
    def total_tax(self) -> Decimal:
        return sum((p.total_tax for p in self.persons), ZERO)

    @property
    def net_yearly(self) -> Decimal:
        return sum((p.net_yearly for p in self.persons), ZERO)

    @property
    def net_monthly(self) -> Decimal:
        return monthly(self.net_yearly)


def minimum_deduction(base: Decimal, rule: MinimumDeduction) -> Decimal:
    """A share of the income, within the year's lower and upper limits, never above the income."""
    if base <= 0:
        return ZERO
    deduction = min(max(base * rule.rate, rule.minimum), rule.maximum)
    return min(deduction, base)


def bracket_tax(personal_income: Decimal, params: TaxParameters) -> Decimal:
    """Each bracket's rate on the part of the income between its threshold and the next."""
    total = ZERO
    brackets = params.brackets
    for i, bracket in enumerate(brackets):
        upper = brackets[i + 1].threshold if i + 1 < len(brackets) else None
        top = personal_income if upper is None else min(personal_income, upper)
        if top > bracket.threshold:
            total += (top - bracket.threshold) * bracket.rate
    return total


def income_tax(income: Income, params: TaxParameters) -> TaxBreakdown:
    """One taxpayer's yearly tax and income after tax."""
    classes = params.income_classes
    amounts = income.amounts()
    for income_type, amount in amounts.items():
        if amount < 0:
            raise ValueError(f"{income_type} must not be negative")

    deduction_base = {"wage": ZERO, "pension": ZERO}
    contribution_base = {"wage": ZERO, "pension": ZERO}
    for income_type, income_class in classes.taxable.items():
        amount = amounts.get(income_type, ZERO)
        deduction_base[income_class.minimum_deduction] += amount
        contribution_base[income_class.contribution] += amount
    personal_income = deduction_base["wage"] + deduction_base["pension"]
    tax_free = sum((amounts.get(t, ZERO) for t in classes.tax_free), ZERO)

    wage_rule = params.minimum_deductions["wage"]
    deduction = min(
        minimum_deduction(deduction_base["wage"], wage_rule)
        + minimum_deduction(deduction_base["pension"], params.minimum_deductions["pension"]),
        # Wage and pension deductions together are capped at the wage maximum (sktl. § 6-32).
        wage_rule.maximum,
    )
    ordinary_income = max(personal_income - deduction - params.personal_allowance, ZERO)

    full_contribution = sum(
        (contribution_base[kind] * params.contribution_rates[kind] for kind in contribution_base), ZERO
    )
    phase_in = params.contribution_phase_in_rate * (personal_income - params.contribution_lower_limit)
    contribution = max(min(full_contribution, phase_in), ZERO)

    return TaxBreakdown(
        personal_income=personal_income,
        tax_free_income=tax_free,
        minimum_deduction=deduction,
        ordinary_income=ordinary_income,
        tax_on_ordinary_income=ordinary_income * params.ordinary_income_rate,
        social_security_contribution=contribution,
        bracket_tax=bracket_tax(personal_income, params),
    )


def household_income(incomes: Iterable[Income], params: TaxParameters) -> HouseholdIncome:
    """Income after tax for each taxpayer in the household, and their sum."""
    return HouseholdIncome(tuple(income_tax(income, params) for income in incomes))
