from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boligvei.finance.params import load_tax
from boligvei.finance.tax import Income, household_income, income_tax

D = Decimal

# Each case is worked by hand from the year's rates (regjeringen.no "Skattesatser <year>").
TAX_CASES = [
    pytest.param(
        2025, Income(wage=D(500000)),
        # minimum deduction min(46 % × 500 000, 92 000) = 92 000
        # ordinary income 500 000 − 92 000 − 108 550 = 299 450; × 22 % = 65 879
        # contribution min(7.7 % × 500 000 = 38 500, 25 % × (500 000 − 99 650)) = 38 500
        # bracket 1.7 % × (306 050 − 217 400) + 4.0 % × (500 000 − 306 050) = 1 507.05 + 7 758
        D("65879") + D("38500") + D("9265.05"),
        id="2025 wage 500 000",
    ),
    pytest.param(
        2025, Income(wage=D(120000)),
        # deduction 55 200; ordinary income 120 000 − 55 200 − 108 550 < 0 → 0
        # contribution min(9 240, 25 % × (120 000 − 99 650) = 5 087.50) = 5 087.50 (phase-in)
        D("5087.5"),
        id="2025 low wage in the contribution phase-in",
    ),
    pytest.param(
        2024, Income(wage=D(400000)),
        # deduction 104 450; ordinary (400 000 − 104 450 − 88 250) × 22 % = 45 606
        # contribution 7.8 % × 400 000 = 31 200
        # bracket 1.7 % × 84 800 + 4.0 % × 107 150 = 1 441.60 + 4 286
        D("45606") + D("31200") + D("5727.6"),
        id="2024 wage 400 000",
    ),
    pytest.param(
        2026, Income(pension=D(300000)),
        # pension deduction min(40 % × 300 000, 75 400) = 75 400
        # ordinary (300 000 − 75 400 − 114 540) × 22 % = 24 213.20
        # contribution 5.1 % × 300 000 = 15 300; bracket 1.7 % × (300 000 − 226 100) = 1 256.30
        D("24213.2") + D("15300") + D("1256.3"),
        id="2026 pension 300 000",
    ),
    pytest.param(
        2022, Income(wage=D(50000)),
        # 2022 still had a lower limit of 31 800 on the wage deduction: 46 % would give 23 000
        # ordinary 50 000 − 31 800 − 58 250 < 0; contribution: 50 000 is below 64 650 → 0
        D(0),
        id="2022 small wage under the lower limits",
    ),
    pytest.param(
        2025, Income(disability_benefit=D(300000)),
        # wage-like deduction: min(138 000, 92 000) = 92 000
        # ordinary (300 000 − 92 000 − 108 550) × 22 % = 21 879
        # contribution at the low rate 5.1 % × 300 000 = 15 300 (see tax-income-classes.json)
        # bracket 1.7 % × (300 000 − 217 400) = 1 404.20
        D("21879") + D("15300") + D("1404.2"),
        id="2025 disability benefit 300 000",
    ),
    pytest.param(
        2025, Income(wage=D(300000), pension=D(200000)),
        # deductions 92 000 + 73 150 capped together at the wage maximum 92 000
        # ordinary (500 000 − 92 000 − 108 550) × 22 % = 65 879
        # contribution 7.7 % × 300 000 + 5.1 % × 200 000 = 23 100 + 10 200
        # bracket as for 500 000 wage: 9 265.05
        D("65879") + D("33300") + D("9265.05"),
        id="2025 wage and pension share one deduction cap",
    ),
]


@pytest.mark.parametrize("year, income, expected_tax", TAX_CASES)
def test_it_computes_the_tax_worked_out_by_hand(year, income, expected_tax):
    result = income_tax(income, load_tax(year))
    assert result.total_tax == expected_tax
    assert result.net_yearly == income.gross - expected_tax


def test_it_adds_tax_free_income_after_tax():
    tax = load_tax(2025)
    with_benefit = income_tax(Income(wage=D(500000), child_benefit=D(21768), housing_allowance=D(12000)), tax)
    without = income_tax(Income(wage=D(500000)), tax)
    assert with_benefit.total_tax == without.total_tax
    assert with_benefit.net_yearly - without.net_yearly == D(33768)


def test_net_monthly_income_is_a_twelfth_of_the_year():
    result = income_tax(Income(wage=D(500000)), load_tax(2025))
    assert result.net_monthly * 12 == result.net_yearly


def test_a_household_is_the_sum_of_its_taxpayers():
    tax = load_tax(2025)
    incomes = [Income(wage=D(500000)), Income(disability_benefit=D(300000))]
    household = household_income(incomes, tax)
    assert household.net_yearly == sum(income_tax(i, tax).net_yearly for i in incomes)
    assert household.gross_yearly == D(800000)


def test_two_earners_pay_less_than_one_earner_with_the_same_total():
    tax = load_tax(2025)
    split = household_income([Income(wage=D(450000)), Income(wage=D(450000))], tax)
    joint = household_income([Income(wage=D(900000))], tax)
    assert split.total_tax < joint.total_tax


def test_it_rejects_negative_income():
    with pytest.raises(ValueError):
        income_tax(Income(wage=D(-1)), load_tax(2025))


def test_it_rejects_an_unknown_income_type():
    with pytest.raises(ValueError):
        Income.from_mapping({"lottery": 1000})


amounts = st.integers(min_value=0, max_value=3_000_000).map(Decimal)


@given(wage=amounts, extra=st.integers(min_value=1, max_value=100_000).map(Decimal),
       year=st.sampled_from([2022, 2023, 2024, 2025, 2026]))
def test_more_wage_never_gives_less_after_tax(wage, extra, year):
    tax = load_tax(year)
    assert income_tax(Income(wage=wage + extra), tax).net_yearly >= income_tax(Income(wage=wage), tax).net_yearly


@given(wage=amounts, pension=amounts, disability=amounts, year=st.sampled_from([2022, 2023, 2024, 2025, 2026]))
def test_tax_is_never_negative_nor_more_than_the_income(wage, pension, disability, year):
    result = income_tax(Income(wage=wage, pension=pension, disability_benefit=disability), load_tax(year))
    assert 0 <= result.total_tax <= result.personal_income
