"""Income after tax for a person and a household, from yearly gross income by type.

The rules (regjeringen.no, "Skattesatser <year>"):

- ordinary income (alminnelig inntekt) = taxable income − minimum deduction − personal
  allowance, not below zero, taxed at 22 %;
- the minimum deduction (minstefradrag) is a share of wage-like and of pension income, each
  up to its own maximum, and together never above the wage maximum;
- social security contribution (trygdeavgift) on personal income at the wage or the pension
  rate, but never more than 25 % of the income above the lower limit (the phase-in);
- bracket tax (trinnskatt) on personal income above each threshold.

- skattefradrag for pensjonsinntekt (sktl. § 16-1; Skatte-ABC S-13): old-age pension and AFP
  (the `pension` income type, never uføretrygd) give a credit against the tax, up to a maximum
  reduced band by band as pension income rises, never more than the tax itself. Years whose
  tax document has no `pension_tax_deduction` give none.

Child benefit, housing allowance and other tax-free income are added after tax. Deductions
this engine does not know about (travel, Finnmark, a pension taken out in part of the year or
at a lower degree) are left out. The interest deduction is not part of the yearly tax here:
`TaxBreakdown.interest_deduction_cap` is the most a taxpayer's interest can save (the tax on
ordinary income that is actually due), and `capacity` counts the saving against the loan.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from decimal import Decimal

from .money import ZERO, monthly, to_decimal
from .params import MinimumDeduction, PensionTaxDeduction, TaxParameters

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
    pension_income: Decimal = ZERO
    pension_tax_deduction: Decimal = ZERO  # the credit given, never more than the tax before it
    pension_tax_deduction_full: Decimal = ZERO  # the credit by the rules, before that limit

    @property
    def tax_before_credits(self) -> Decimal:
        return self.tax_on_ordinary_income + self.social_security_contribution + self.bracket_tax

    @property
    def total_tax(self) -> Decimal:
        return self.tax_before_credits - self.pension_tax_deduction

    @property
    def interest_deduction_cap(self) -> Decimal:
        """The most a year's interest can lower this taxpayer's tax.

        Interest is deducted from ordinary income, so it saves 22 % of the interest but never
        more than the tax on ordinary income (22 % × (ordinary income − personal allowance));
        a pension credit that already takes some of the tax leaves less to save. Exactly:
        tax after credit without interest − tax after credit with unlimited interest.
        """
        without_interest = self.total_tax
        other_tax = self.social_security_contribution + self.bracket_tax
        with_unlimited_interest = max(other_tax - self.pension_tax_deduction_full, ZERO)
        return max(without_interest - with_unlimited_interest, ZERO)

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


def pension_tax_deduction(pension_income: Decimal, rule: PensionTaxDeduction | None) -> Decimal:
    """Skattefradrag for pensjonsinntekt by the rules, before it is limited to the tax due.

    The maximum is reduced by each step's rate on the pension income between its threshold
    and the next one (Skatte-ABC S-13-3; 2025: 16.7 % from 276 400, 6.0 % from 422 950).
    """
    if rule is None or pension_income <= 0:
        return ZERO
    reduction = ZERO
    for i, step in enumerate(rule.steps):
        upper = rule.steps[i + 1].threshold if i + 1 < len(rule.steps) else None
        top = pension_income if upper is None else min(pension_income, upper)
        if top > step.threshold:
            reduction += (top - step.threshold) * step.rate
    return max(rule.maximum - reduction, ZERO)


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

    tax_on_ordinary_income = ordinary_income * params.ordinary_income_rate
    brackets = bracket_tax(personal_income, params)
    pension = deduction_base["pension"]
    credit_full = pension_tax_deduction(pension, params.pension_tax_deduction)
    return TaxBreakdown(
        personal_income=personal_income,
        tax_free_income=tax_free,
        minimum_deduction=deduction,
        ordinary_income=ordinary_income,
        tax_on_ordinary_income=tax_on_ordinary_income,
        social_security_contribution=contribution,
        bracket_tax=brackets,
        pension_income=pension,
        # The credit is given in income tax and social security contribution, never above them.
        pension_tax_deduction=min(credit_full, tax_on_ordinary_income + contribution + brackets),
        pension_tax_deduction_full=credit_full,
    )


def household_income(incomes: Iterable[Income], params: TaxParameters) -> HouseholdIncome:
    """Income after tax for each taxpayer in the household, and their sum."""
    return HouseholdIncome(tuple(income_tax(income, params) for income in incomes))


def default_interest_shares(persons: tuple[TaxBreakdown, ...]) -> tuple[Decimal, ...]:
    """A joint loan's interest split equally between the taxpayers with taxable income.

    Cohabitants deduct their own share of a joint debt (usually half); spouses may split it as
    they like, and an equal split is the cautious default. `loan.interest_shares_percent` in
    the request sets another split.
    """
    earners = [p.personal_income > 0 for p in persons]
    count = sum(earners)
    return tuple((Decimal(1) / count if earns else ZERO) for earns in earners)
