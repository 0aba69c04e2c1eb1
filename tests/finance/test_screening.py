"""The vectorised screening path agrees with the exact engine (`assess`) on every household.

Tolerances (see boligvei/finance/screening.py): every amount within 1 krone. In practice the
unrounded amounts agree to far below an øre (float64 against `Decimal`); the loan frame
(`max_debt`, `max_loan`, `max_price`) is rounded down to whole kroner in both, and where the
exact quotient is a whole number (or within float error of one) the two can floor to
neighbouring kroner. So the booleans must be identical except where the exact margin is within
1 kr: `can_buy_own_dwelling` where |max_price − total_price| ≤ 1, `affordable` where
|surplus| < 1.
"""

import copy
import dataclasses
import time

import numpy as np
import pytest

from boligvei.finance.assess import assess, from_json, to_json
from boligvei.finance.params import UnknownYearError, load_parameters
from boligvei.finance.screening import (
    ScreeningInput,
    ScreeningResult,
    screen,
    screen_exact,
    synthetic_input,
    whole_kroner,
)
from boligvei.finance.tax import INCOME_TYPES

from .conftest import BASE_REQUEST

AMOUNTS = [name for name in ScreeningResult.field_names()
           if name not in ("affordable", "can_buy_own_dwelling", "binding_rule")]
FLOORED = ("max_debt", "max_loan", "max_price", "shortfall", "headline_price")


def assert_agree(fast: ScreeningResult, exact: ScreeningResult) -> dict[str, int]:
    """Every amount within 1 kr, booleans identical outside the 1-kr margin; returns counts."""
    report = {}
    for name in AMOUNTS:
        a, b = getattr(fast, name), getattr(exact, name)
        diff = np.abs(a - b)
        worst = int(np.argmax(diff))
        assert diff.max() <= 1.0, f"{name}: row {worst} differs by {diff[worst]} kr ({a[worst]} vs {b[worst]})"
        assert np.abs(whole_kroner(a) - whole_kroner(b)).max() <= 1, name
        if name not in FLOORED:
            # Unrounded float64 against Decimal: far below an øre.
            assert diff.max() < 0.01, f"{name}: row {worst} differs by {diff[worst]} kr"
        report[name] = int((diff >= 0.5).sum())
    margin = np.abs(exact.max_price - exact.total_price)
    differ = fast.can_buy_own_dwelling != exact.can_buy_own_dwelling
    assert not (differ & (margin > 1)).any(), np.flatnonzero(differ & (margin > 1))[:10]
    differ_affordable = fast.affordable != exact.affordable
    assert not (differ_affordable & (np.abs(exact.surplus_monthly) >= 1)).any()
    report["can_buy_own_dwelling"] = int(differ.sum())
    # The rule that binds is the same, except where the lowest limits lie within a krone.
    report["binding_rule"] = int((fast.binding_rule != exact.binding_rule).sum())
    report["affordable"] = int(differ_affordable.sum())
    return report


# --- 10 000+ random households -------------------------------------------------------------


def test_it_agrees_with_the_exact_engine_on_10000_random_households():
    inp = synthetic_input(10_000, seed=20251105, year=2025)
    params = load_parameters(2025)
    started = time.perf_counter()
    exact = screen_exact(inp, params)
    exact_seconds = time.perf_counter() - started
    fast = screen(inp, params)
    report = assert_agree(fast, exact)
    # The sample is varied enough to mean something: both answers, every override, both kinds.
    assert 0 < exact.can_buy_own_dwelling.sum() < len(inp)
    assert 0 < exact.affordable.sum() < len(inp)
    assert (exact.max_loan == 0).any() and (exact.living_costs_monthly == exact.living_costs_floor_monthly).any()
    assert inp.serial.any() and (inp.interest_only_years > 0).any() and (inp.incomes[:, 1] > 0).any()
    assert not np.isnan(inp.net_income_monthly).all() and not np.isnan(inp.living_costs_monthly).all()
    # It holds where the December 2026 corrections bite: uføretrygd and old-age pension (with its
    # tax deduction), joint loans split by default and by hand, and interest deductions capped
    # at the tax due (the saving below 22 % of the interest).
    disability, pension = (INCOME_TYPES.index(k) for k in ("disability_benefit", "pension"))
    assert (inp.incomes[..., disability] > 0).sum() > 1000 and (inp.incomes[..., pension] > 0).sum() > 1000
    assert (~np.isnan(inp.interest_shares_percent).any(axis=1)).sum() > 500
    debt = exact.loan_amount + inp.common_debt
    uncapped = debt * exact.stress_rate_percent / 100 / 12 * 0.22
    capped = inp.interest_tax_deduction & (exact.interest_tax_effect_monthly < uncapped - 1)
    assert capped.sum() > 1000, capped.sum()
    # Every limit of the headline binds somewhere, and the two name the same one (a household
    # whose lowest limits lie within a krone of each other may differ).
    assert set(np.unique(exact.binding_rule)) == {0, 1, 2}
    assert report["binding_rule"] <= 5, report
    # At most a handful of households sit on a whole-krone boundary of the loan frame.
    assert report["max_debt"] <= 5, report
    print(f"\n10 000 exact assessments in {exact_seconds:.1f} s; differences ≥ 0.5 kr: {report}")


@pytest.mark.parametrize("year", [2024, 2026])
def test_it_agrees_in_other_sifo_years(year):
    inp = synthetic_input(3_000, seed=year, year=year)
    assert_agree(screen(inp), screen_exact(inp))


def test_it_agrees_in_a_year_without_sifo_given_actual_living_costs_and_stress_rates():
    inp = synthetic_input(2_000, seed=2022, year=2022)
    rng = np.random.default_rng(7)
    inp = dataclasses.replace(inp, living_costs_monthly=np.round(rng.uniform(0, 50_000, len(inp)), 2),
                              stress_rate_percent=inp.rate_percent + 3)
    assert_agree(screen(inp), screen_exact(inp))


def test_it_agrees_for_households_larger_than_sifos_tables():
    inp = synthetic_input(1_000, seed=9, max_members=10)
    assert (inp.member_age != -1).sum(axis=1).max() > 7
    assert_agree(screen(inp), screen_exact(inp))


def test_it_agrees_without_any_overrides():
    inp = synthetic_input(2_000, seed=11, overrides=False)
    assert np.isnan(inp.net_income_monthly).all()
    assert_agree(screen(inp), screen_exact(inp))


# --- table-driven cases from JSON requests --------------------------------------------------


def _request(**changes):
    data = copy.deepcopy(BASE_REQUEST)
    for path, value in changes.items():
        target = data
        *parents, key = path.split("__")
        for parent in parents:
            target = target.setdefault(parent, {})
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value
    return data


CASES = {
    "sifo example family": _request(),
    "serial loan with interest tax deduction": _request(loan__kind="serial", loan__interest_tax_deduction=True),
    "years without instalments": _request(loan__interest_only_years=5, loan__years=25),
    "paper application": _request(loan__application="paper"),
    "given stress rate": _request(loan__stress_rate_percent=9.25),
    "zero rates": _request(loan__rate_percent=0, loan__stress_rate_percent=0),
    "common debt": _request(dwelling__common_debt=800000, dwelling__price=1500000),
    "common debt above the frame": _request(dwelling__common_debt=5000000),
    "purchase costs above the frame": _request(dwelling__purchase_costs=4000000),
    "equity covers the price": _request(equity=3500000),
    "net income override": _request(net_income_monthly=61234.56),
    "living costs under the floor": _request(living_costs_monthly=100),
    "living costs above SIFO": _request(living_costs_monthly=45000.5),
    "nothing left for the loan": _request(net_income_monthly=20000),
    "no income at all": _request(income={}),
    "per-member income": _request(income=None, members=[
        {"age": 35, "sex": "female", "income": {"wage": 520000}},
        {"age": 37, "sex": "male", "income": {"pension": 310000, "other_tax_free": 12000}},
        {"age": 5, "sex": "male", "kindergarten": True},
        {"age": 11, "sex": "female"},
    ]),
    "couple with three children (food economies of scale)": _request(members=[
        {"age": 30, "sex": "female"}, {"age": 31, "sex": "male"}, {"age": 1, "sex": "male", "kindergarten": True},
        {"age": 4, "sex": "female", "kindergarten": True}, {"age": 15, "sex": "male"}]),
    "infant with months": _request(year=2026, members=[{"age": 29, "sex": "female"},
                                                       {"age": 0, "sex": "male", "age_months": 3}]),
    "children only": _request(members=[{"age": 17, "sex": "female"}, {"age": 15, "sex": "male"}]),
    "three adults, electric car, child travel": _request(car="electric", include_child_travel=True, members=[
        {"age": 45, "sex": "female"}, {"age": 47, "sex": "male"}, {"age": 19, "sex": "male"},
        {"age": 12, "sex": "female"}]),
    "eight members": _request(car="petrol", members=[{"age": a, "sex": s} for a, s in [
        (40, "female"), (42, "male"), (70, "female"), (16, "male"), (13, "female"), (9, "male"),
        (6, "female"), (2, "male")]]),
    "assessment date before the June 2025 cut": _request(assessment_date="2025-03-01"),
    "year 2022 with actual living costs": _request(year=2022, living_costs_monthly=25000,
                                                   loan__stress_rate_percent=7),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_table_of_households(name):
    request = from_json(CASES[name])
    params = load_parameters(request.year)
    inp = ScreeningInput.from_requests([request])
    fast = screen(inp, params)
    exact = assess(request, params)
    out = to_json(exact)
    rounded = {name: int(whole_kroner(getattr(fast, name))[0]) for name in (
        "net_income_monthly", "living_costs_monthly", "available_for_housing_monthly",
        "available_for_loan_monthly", "stressed_payment_monthly", "surplus_monthly", "max_loan", "max_price")}
    assert rounded == {name: out[name] for name in rounded}
    assert bool(fast.affordable[0]) == out["affordable"]
    total = request.dwelling.total_price
    assert bool(fast.can_buy_own_dwelling[0]) == (total <= exact.max_price)
    assert fast.shortfall[0] == float(max(total - exact.max_price, 0))
    # The request round-trips through the columns.
    assert_agree(fast, screen_exact(inp, params))


def test_the_sifo_example_family_gives_the_published_figures():
    fast = screen(ScreeningInput.from_requests([from_json(BASE_REQUEST)]))
    assert fast.living_costs_monthly[0] == 36095
    # Under the first rules 2 240 205 kr, with Husbanken's 30 kr instalment fee in the payment.
    # A startlån borrower pays no Husbanken fee (veileder «Gebyr»; the municipality's is 0 here),
    # which frees 30 kr a month: 30 / 0.0063207 (the annuity factor at 6.5 %, 360 months)
    # = 4 746.32 kr more loan.
    assert (fast.max_loan[0], fast.max_price[0]) == (2244952, 2344952)
    assert not fast.can_buy_own_dwelling[0] and fast.shortfall[0] == 3000000 - 2344952


def test_many_requests_in_one_batch_match_one_by_one():
    requests = [from_json(CASES[name]) for name in CASES if CASES[name].get("year", 2025) == 2025
                and "assessment_date" not in CASES[name]]
    inp = ScreeningInput.from_requests(requests)
    assert inp.member_age.shape[1] == 8 and inp.incomes.shape[1] == 2
    fast = screen(inp)
    for i, request in enumerate(requests):
        assert fast.max_price[i] == assess(request).max_price


# --- the columns, and what the path refuses ---------------------------------------------------


def _one(**changes):
    columns = dict(year=2025, incomes=np.array([[600000.0] + [0.0] * (len(INCOME_TYPES) - 1)]),
                   member_age=np.array([[40, -1]]), member_sex=np.array([[0, 0]]),
                   price=np.array([2e6]), running_costs_monthly=np.array([3000.0]), rate_percent=np.array([5.0]))
    columns.update(changes)
    return ScreeningInput(**columns)


def test_optional_columns_get_the_exact_engines_defaults():
    inp = _one()
    assert inp.years[0] == 30 and not inp.serial[0] and np.isnan(inp.stress_rate_percent[0])
    assert inp.incomes.shape == (1, 1, len(INCOME_TYPES))
    request = inp.request(0)
    assert request.loan.kind == "annuity" and request.loan.stress_rate is None and request.car == "none"
    assert len(request.members) == 1
    assert_agree(screen(inp), screen_exact(inp))


@pytest.mark.parametrize("changes, field", [
    ({"member_age": np.array([[-1, -1]])}, "at least one member"),
    ({"member_age": np.array([[131, -1]])}, "member_age"),
    ({"member_sex": np.array([[2, 0]])}, "member_sex"),
    ({"member_age_months": np.array([[12, -1]])}, "member_age_months"),
    ({"car": np.array([3])}, "car"),
    ({"price": np.array([-1.0])}, "price"),
    ({"rate_percent": np.array([31.0])}, "rate_percent"),
    ({"rate_percent": np.array([np.nan])}, "rate_percent"),
    ({"stress_rate_percent": np.array([-2.0])}, "stress_rate_percent"),
    ({"incomes": np.array([[-5.0] * len(INCOME_TYPES)])}, "incomes"),
    ({"years": np.array([10]), "interest_only_years": np.array([10])}, "interest_only_years"),
    ({"price": np.array([1.0, 2.0])}, "price"),
])
def test_bad_columns_are_refused_with_the_column_named(changes, field):
    with pytest.raises(ValueError, match=field):
        _one(**changes)


def test_terms_beyond_the_normal_maximum_are_left_to_the_exact_engine():
    with pytest.raises(ValueError, match="documented reason"):
        screen(_one(years=np.array([35])))


def test_more_years_without_instalments_than_husbanken_allows_are_refused():
    with pytest.raises(ValueError, match="interest_only_years"):
        screen(_one(interest_only_years=np.array([9])))


def test_a_year_without_sifo_needs_actual_living_costs():
    with pytest.raises(UnknownYearError):
        screen(_one(year=2022, stress_rate_percent=np.array([7.0])))


def test_parameters_of_another_year_are_refused():
    with pytest.raises(ValueError, match="2024"):
        screen(_one(), load_parameters(2024))


def test_the_vectorised_path_is_much_faster_than_the_exact_one():
    inp = synthetic_input(20_000, seed=3)
    params = load_parameters(2025)
    screen(inp, params)
    started = time.perf_counter()
    screen(inp, params)
    fast = (time.perf_counter() - started) / len(inp)
    started = time.perf_counter()
    screen_exact(inp, params, rows=range(500))
    exact = (time.perf_counter() - started) / 500
    assert exact / fast > 20  # measured: several hundred times; a loose bound for slow CI
