from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boligvei.finance.capacity import (
    MonthlyBudget,
    RepaymentPlan,
    check_purchase,
    financing_split,
    loan_cost,
    max_loan,
    max_loan_by_bisection,
    max_price,
    own_versus_rent,
)
from boligvei.finance.params import load_bank_rules

D = Decimal
ANNUITY = RepaymentPlan(years=30, instalment_fee=D(30))


def test_the_budget_subtracts_living_other_and_running_costs_in_order():
    budget = MonthlyBudget(net_income=D(40000), living_costs=D(20000), other_fixed_costs=D(2000),
                           running_costs=D(5000))
    assert budget.available_for_housing == 18000
    assert budget.available_for_loan == 13000


def test_the_interest_deduction_is_twenty_two_percent_of_the_first_months_interest():
    plan = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"))
    cost = loan_cost(D(2_400_000), D("0.065"), plan)
    assert cost.interest_tax_effect == D(2_400_000) * D("0.065") / 12 * D("0.22")  # 2 860
    assert cost.net == cost.payment - cost.interest_tax_effect


@pytest.mark.parametrize(
    "plan",
    [ANNUITY, RepaymentPlan(years=30, kind="serial", instalment_fee=D(30)),
     RepaymentPlan(years=25, interest_only_years=5, interest_deduction_rate=D("0.22")),
     RepaymentPlan(years=50, kind="serial", interest_only_years=8, interest_deduction_rate=D("0.22"))],
)
def test_the_max_loan_is_the_largest_whole_krone_loan_that_fits(plan):
    available, rate = D("14190.55"), D("0.065")
    loan = max_loan(available, rate, plan)
    assert loan_cost(loan, rate, plan).net <= available
    assert loan_cost(loan + 1, rate, plan).net > available


def test_the_closed_form_agrees_with_bisection_for_annuities():
    plan = RepaymentPlan(years=30, instalment_fee=D(30), interest_deduction_rate=D("0.22"))
    for available in (D(5000), D("12345.67"), D(40000)):
        assert max_loan(available, D("0.065"), plan) == max_loan_by_bisection(available, D("0.065"), plan)


def test_nothing_can_be_borrowed_when_nothing_is_left():
    assert max_loan(D(-500), D("0.065"), ANNUITY) == 0
    assert max_loan(D(30), D("0.065"), ANNUITY) == 0


def test_the_interest_deduction_raises_the_max_loan():
    with_deduction = RepaymentPlan(years=30, instalment_fee=D(30), interest_deduction_rate=D("0.22"))
    assert max_loan(D(15000), D("0.065"), with_deduction) > max_loan(D(15000), D("0.065"), ANNUITY)


plans = st.builds(
    RepaymentPlan,
    years=st.integers(min_value=9, max_value=50),
    kind=st.sampled_from(["annuity", "serial"]),
    interest_only_years=st.integers(min_value=0, max_value=8),
    instalment_fee=st.sampled_from([D(0), D(30), D(40)]),
    interest_deduction_rate=st.sampled_from([None, D("0.22")]),
)
available_amounts = st.integers(min_value=-5000, max_value=80_000).map(Decimal)
rates = st.decimals(min_value=0, max_value=30, places=2).map(lambda p: p / 100)


@given(available=available_amounts, more=st.integers(min_value=1, max_value=20_000).map(Decimal),
       rate=rates, plan=plans)
def test_more_income_never_lowers_the_max_loan(available, more, rate, plan):
    assert max_loan(available + more, rate, plan) >= max_loan(available, rate, plan)


@given(available=available_amounts, rate=rates, higher=st.decimals(min_value=0, max_value=5, places=2),
       plan=plans)
def test_a_higher_rate_never_raises_the_max_loan(available, rate, higher, plan):
    assert max_loan(available, rate + higher / 100, plan) <= max_loan(available, rate, plan)


def test_the_max_price_adds_equity_and_takes_off_purchase_costs():
    assert max_price(D(2_000_000), D(150_000), D(50_000)) == 2_100_000


def test_the_bank_lends_up_to_its_loan_to_value_cap_and_startlan_tops_up():
    bank = load_bank_rules()
    split = financing_split(loan_needed=D(3_000_000), total_price=D(3_000_000), common_debt=D(0),
                            gross_income_yearly=D(1_000_000), bank=bank)
    assert split.bank_base_loan == bank.max_loan_to_value * 3_000_000
    assert split.bank_base_loan + split.startlan == 3_000_000
    assert split.bank_limited_by == "loan_to_value"


def test_the_banks_debt_cap_counts_the_common_debt():
    bank = load_bank_rules()
    split = financing_split(loan_needed=D(2_000_000), total_price=D(3_000_000), common_debt=D(1_000_000),
                            gross_income_yearly=D(500_000), bank=bank)
    assert split.bank_base_loan == bank.max_debt_to_gross_income * 500_000 - 1_000_000
    assert split.bank_limited_by == "debt_to_income"


def test_a_small_need_is_met_by_the_bank_alone():
    split = financing_split(loan_needed=D(500_000), total_price=D(3_000_000), common_debt=D(0),
                            gross_income_yearly=D(600_000), bank=load_bank_rules())
    assert (split.bank_base_loan, split.startlan, split.bank_limited_by) == (500_000, 0, "need")


def test_it_tells_how_far_the_household_is_from_buying_its_dwelling():
    check = check_purchase(D(2_600_000), D(400_000), max_total_price=D(2_750_000))
    assert not check.can_buy
    assert check.shortfall == 250_000
    assert check_purchase(D(2_000_000), D(0), D(2_750_000)).shortfall == 0


def test_owning_costs_the_payment_and_running_costs_less_the_deduction():
    plan = RepaymentPlan(years=30, instalment_fee=D(30), interest_deduction_rate=D("0.22"))
    result = own_versus_rent(rent=D(12000), debt=D(2_000_000), rate=D("0.05"), stressed_rate=D("0.065"),
                             running_costs=D(3000), plan=plan)
    actual = loan_cost(D(2_000_000), D("0.05"), plan)
    assert result.owning == actual.payment + 3000 - actual.interest_tax_effect
    assert result.owning_stressed > result.owning
    assert result.difference == result.owning - 12000
    # The first month's repayment is saving: 2 000 000 at 5 % pays 8 333.33 interest.
    assert result.owning_cost_excluding_repayment == result.owning - (actual.payment - 30 - D(2_000_000) * D("0.05") / 12)


# --- the interest deduction, capped per borrower -------------------------------------------


def test_a_capped_borrower_saves_no_more_than_the_tax_due():
    # 2 500 000 kr at 6.5 %: 162 500 kr interest a year, 22 % = 35 750; with tax on ordinary
    # income of 28 479 (330 000 kr uføretrygd, 2025) the saving is 28 479 a year, 2 373.25 a month.
    plan = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"),
                         interest_deduction_caps=((D(1), D(28479)),))
    cost = loan_cost(D(2_500_000), D("0.065"), plan)
    assert cost.interest_tax_effect == D(28479) / 12


def test_a_joint_loans_interest_is_split_and_each_share_capped():
    # 162 500 kr interest a year split 50/50: 81 250 each, 22 % = 17 875 each. One borrower's cap
    # is 10 000 kr, the other's 40 000: 10 000 + 17 875 = 27 875 a year.
    plan = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"),
                         interest_deduction_caps=((D("0.5"), D(10000)), (D("0.5"), D(40000))))
    assert loan_cost(D(2_500_000), D("0.065"), plan).interest_tax_effect * 12 == D(27875)


@pytest.mark.parametrize("caps", [
    ((D(1), D(28479)),),
    ((D("0.5"), D(10000)), (D("0.5"), D(40000))),
    ((D("0.3"), D(0)), (D("0.7"), D(1_000_000))),
    ((D(1), D(0)),),
])
@pytest.mark.parametrize("available", [D(5000), D(12000), D(30000)])
def test_the_largest_loan_with_capped_deductions_fits_and_one_krone_more_does_not(caps, available):
    plan = RepaymentPlan(years=30, instalment_fee=D(30), interest_deduction_rate=D("0.22"),
                         interest_deduction_caps=caps)
    frame = max_loan(available, D("0.065"), plan)
    assert loan_cost(frame, D("0.065"), plan).net <= available
    assert loan_cost(frame + 1, D("0.065"), plan).net > available
    assert frame == max_loan_by_bisection(available, D("0.065"), plan)


def test_a_cap_lowers_the_largest_loan_only_when_it_binds():
    uncapped = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"))
    generous = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"),
                             interest_deduction_caps=((D(1), D(1_000_000)),))
    tight = RepaymentPlan(years=30, interest_deduction_rate=D("0.22"), interest_deduction_caps=((D(1), D(5000)),))
    assert max_loan(D(12000), D("0.065"), generous) == max_loan(D(12000), D("0.065"), uncapped)
    assert max_loan(D(12000), D("0.065"), tight) < max_loan(D(12000), D("0.065"), uncapped)
