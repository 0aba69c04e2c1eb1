from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from boligvei.finance.loans import (
    LoanTerms,
    LoanTermsError,
    check_term_limits,
    highest_monthly_payment,
    schedule,
)
from boligvei.finance.params import load_husbanken

D = Decimal


@pytest.mark.parametrize(
    "principal, rate_percent, years",
    [(2_000_000, "5.0", 30), (1_250_000, "6.5", 25), (3_500_000, "4.25", 50), (500_000, "0.5", 10), (100, "30", 1)],
)
def test_the_annuity_payment_matches_numpy_financial(principal, rate_percent, years):
    terms = LoanTerms(D(principal), D(rate_percent) / 100, years)
    expected = -npf.pmt(float(rate_percent) / 100 / 12, years * 12, principal)
    assert float(highest_monthly_payment(terms)) == pytest.approx(expected, rel=1e-12)


def test_an_interest_free_annuity_repays_evenly():
    terms = LoanTerms(D(120_000), D(0), 10)
    assert highest_monthly_payment(terms) == 1000


def test_the_serial_payment_is_highest_in_the_first_month():
    terms = LoanTerms(D(1_200_000), D("0.06"), 10, kind="serial", instalment_fee=D(30))
    rows = schedule(terms).instalments
    # 1 200 000 / 120 = 10 000 repaid, 1 200 000 × 0.5 % = 6 000 interest, 30 fee
    assert rows[0].payment == highest_monthly_payment(terms) == 16030
    assert rows[1].payment < rows[0].payment
    assert all(r.repayment == 10000 for r in rows)


def test_years_without_instalments_pay_interest_only_and_then_more():
    terms = LoanTerms(D(1_000_000), D("0.06"), 20, interest_only_years=5)
    rows = schedule(terms).instalments
    assert all(r.repayment == 0 and r.interest == 5000 for r in rows[:60])
    assert rows[60].repayment > 0
    after = -npf.pmt(0.005, 180, 1_000_000)
    assert float(highest_monthly_payment(terms)) == pytest.approx(after, rel=1e-12)


def test_the_schedule_counts_fees_and_the_establishment_fee():
    terms = LoanTerms(D(100_000), D("0.05"), 2, instalment_fee=D(30), establishment_fee=D(600))
    plan = schedule(terms)
    assert plan.total_fees == 24 * 30 + 600
    assert plan.total_cost == plan.total_interest + plan.total_fees


def test_a_serial_loan_costs_less_interest_than_an_annuity():
    annuity = schedule(LoanTerms(D(2_000_000), D("0.05"), 30))
    serial = schedule(LoanTerms(D(2_000_000), D("0.05"), 30, kind="serial"))
    assert serial.total_interest < annuity.total_interest


@given(
    principal=st.integers(min_value=0, max_value=10_000_000).map(Decimal),
    rate=st.decimals(min_value=0, max_value=30, places=2).map(lambda p: p / 100),
    years=st.integers(min_value=1, max_value=50),
    kind=st.sampled_from(["annuity", "serial"]),
    interest_only=st.integers(min_value=0, max_value=8),
)
def test_the_instalments_always_sum_to_the_principal(principal, rate, years, kind, interest_only):
    terms = LoanTerms(principal, rate, years, kind, interest_only_years=min(interest_only, years - 1))
    plan = schedule(terms)
    assert plan.total_repaid == principal
    assert plan.instalments[-1].balance == 0
    assert len(plan.instalments) == years * 12
    assert all(r.repayment >= 0 for r in plan.instalments)


@pytest.mark.parametrize(
    "years, interest_only, reason, field",
    [(31, 0, None, "years"), (31, 0, "  ", "years"), (51, 0, "permanently low income", "years"),
     (30, 9, None, "interest_only_years")],
)
def test_it_refuses_terms_outside_husbankens_limits(years, interest_only, reason, field):
    with pytest.raises(LoanTermsError) as raised:
        check_term_limits(years=years, interest_only_years=interest_only, term_reason=reason,
                          rules=load_husbanken())
    assert raised.value.field == field


def test_it_allows_fifty_years_with_a_documented_reason():
    check_term_limits(years=50, interest_only_years=8, term_reason="varig lav inntekt", rules=load_husbanken())


@pytest.mark.parametrize("kwargs", [{"kind": "bullet"}, {"years": 0}, {"interest_only_years": 30}])
def test_it_refuses_impossible_loan_terms(kwargs):
    with pytest.raises(LoanTermsError):
        LoanTerms(**{"principal": D(100), "annual_rate": D("0.05"), "years": 30, **kwargs})
