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
        # less skattefradrag for pensjonsinntekt (2025's amounts, not yet confirmed for 2026):
        # 36 000 − 16.7 % × (300 000 − 276 400) = 32 058.80
        D("24213.2") + D("15300") + D("1256.3") - D("32058.8"),
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
        # contribution at the wage rate 7.7 % × 300 000 = 23 100 (Skatteetaten, «Uføretrygd»)
        # bracket 1.7 % × (300 000 − 217 400) = 1 404.20
        D("21879") + D("23100") + D("1404.2"),
        id="2025 disability benefit 300 000",
    ),
    pytest.param(
        2025, Income(wage=D(300000), pension=D(200000)),
        # deductions 92 000 + 73 150 capped together at the wage maximum 92 000
        # ordinary (500 000 − 92 000 − 108 550) × 22 % = 65 879
        # contribution 7.7 % × 300 000 + 5.1 % × 200 000 = 23 100 + 10 200
        # bracket as for 500 000 wage: 9 265.05
        # skattefradrag for pensjonsinntekt: 200 000 is below 276 400, so the full 36 000
        D("65879") + D("33300") + D("9265.05") - D("36000"),
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


# --- uføretrygd, skattefradrag for pensjonsinntekt, the interest deduction's cap ------------


def test_uforetrygd_is_taxed_like_wages():
    # Skatteetaten, «Uføretrygd»: «Satsen på trygdeavgiften for uføretrygd er den samme som for
    # lønnsinntekt»; the wage minimum deduction (Skattesatser 2025).
    # 350 000 kr uføretrygd, 2025:
    #   minimum deduction min(46 % × 350 000 = 161 000, 92 000) = 92 000
    #   ordinary income 350 000 − 92 000 − 108 550 = 149 450; × 22 % = 32 879
    #   contribution 7.7 % × 350 000 = 26 950 (the phase-in, 62 587.50, is higher)
    #   bracket 1.7 % × 88 650 + 4.0 % × 43 950 = 1 507.05 + 1 758 = 3 265.05
    tax = income_tax(Income(disability_benefit=D(350000)), load_tax(2025))
    assert tax.social_security_contribution == D("26950.000")
    assert tax.total_tax == D("32879") + D("26950") + D("3265.05")
    assert tax.total_tax == income_tax(Income(wage=D(350000)), load_tax(2025)).total_tax


def test_cohabitants_on_uforetrygd_are_each_taxed_as_single():
    # Per-person taxation: each pays what a single person with the same income pays.
    params = load_tax(2025)
    single = income_tax(Income(disability_benefit=D(330000)), params)
    couple = household_income([Income(disability_benefit=D(330000)), Income(disability_benefit=D(250000))], params)
    assert couple.persons[0].total_tax == single.total_tax
    assert couple.total_tax == single.total_tax + income_tax(Income(disability_benefit=D(250000)), params).total_tax


def test_the_interest_deduction_saves_at_most_the_tax_on_ordinary_income():
    # 330 000 kr uføretrygd, 2025: ordinary income 330 000 − 92 000 − 108 550 = 129 450;
    # 22 % of it, 28 479, is the most interest can save (not 22 % of any interest).
    tax = income_tax(Income(disability_benefit=D(330000)), load_tax(2025))
    assert tax.interest_deduction_cap == D("28479.00")


def test_no_tax_on_ordinary_income_means_no_interest_saving():
    # 150 000 kr wage, 2025: 150 000 − 69 000 − 108 550 < 0, so no tax on ordinary income.
    assert income_tax(Income(wage=D(150000)), load_tax(2025)).interest_deduction_cap == 0


@pytest.mark.parametrize(("pension", "expected"), [
    # Skatteetaten, «Skattefradrag for pensjonsinntekt» 2025 (Skatte-ABC S-13): at most 36 000,
    # reduced by 16.7 % of pension income between 276 400 and 422 950 and 6.0 % above.
    (D(250000), D(36000)),
    (D(300000), D(36000) - D("0.167") * 23600),  # 36 000 − 3 941.20 = 32 058.80
    (D(500000), D(36000) - D("0.167") * 146550 - D("0.06") * 77050),  # 36 000 − 24 473.85 − 4 623 = 6 903.15
    (D(700000), D(0)),
])
def test_the_pension_tax_deduction_is_reduced_band_by_band(pension, expected):
    from boligvei.finance.tax import pension_tax_deduction
    assert pension_tax_deduction(pension, load_tax(2025).pension_tax_deduction) == expected


def test_a_poor_pensioner_pays_no_income_tax_beyond_the_credit():
    # 250 000 kr old-age pension, 2025: pension deduction min(40 % × 250 000, 73 150) = 73 150;
    # ordinary income 250 000 − 73 150 − 108 550 = 68 300 → 15 026; contribution 5.1 % = 12 750;
    # bracket 1.7 % × 32 600 = 554.20. Tax before the credit 28 330.20 < 36 000: no tax at all.
    tax = income_tax(Income(pension=D(250000)), load_tax(2025))
    assert tax.tax_before_credits == D("15026") + D("12750") + D("554.2")
    assert tax.total_tax == 0
    assert tax.interest_deduction_cap == 0  # nothing left for interest to save


def test_uforetrygd_gets_no_pension_tax_deduction():
    assert income_tax(Income(disability_benefit=D(250000)), load_tax(2025)).pension_tax_deduction == 0


def test_a_credit_that_takes_part_of_the_tax_leaves_less_for_interest_to_save():
    # 400 000 kr pension, 2025: credit 36 000 − 16.7 % × 123 600 = 15 358.80.
    # ordinary (400 000 − 73 150 − 108 550) × 22 % = 48 026; contribution 20 400;
    # bracket 1 507.05 + 4 % × 93 950 = 3 758 → 5 265.05. Tax before credit 73 691.05.
    # With unlimited interest: 20 400 + 5 265.05 − 15 358.80 = 10 306.25 left, so interest can save
    # 73 691.05 − 15 358.80 − 10 306.25 = 48 026 (the whole tax on ordinary income).
    tax = income_tax(Income(pension=D(400000)), load_tax(2025))
    assert tax.pension_tax_deduction == D("15358.8")
    assert tax.interest_deduction_cap == D("48026")


def test_years_without_a_confirmed_pension_deduction_are_marked():
    assert load_tax(2026).pension_tax_deduction.verify is True
    assert load_tax(2025).pension_tax_deduction.verify is False
    assert load_tax(2024).pension_tax_deduction is None
