"""Shared requests for the finance tests: SIFO's example family and a plain purchase."""

import copy

import pytest

from boligvei.finance.living_costs import Member

# SIFO's example family: two adults, a boy of 5, a girl of 11 (and a petrol car).
SIFO_FAMILY = (
    Member(35, "female"),
    Member(37, "male"),
    Member(5, "male"),
    Member(11, "female"),
)

BASE_REQUEST = {
    "year": 2025,
    "members": [
        {"age": 35, "sex": "female"},
        {"age": 37, "sex": "male"},
        {"age": 5, "sex": "male"},
        {"age": 11, "sex": "female"},
    ],
    "car": "petrol",
    "income": {"wage": 900000, "child_benefit": 43536},
    "other_fixed_costs_monthly": 1500,
    "dwelling": {"price": 3000000, "common_debt": 0, "running_costs_monthly": 4500},
    "equity": 100000,
    "loan": {"rate_percent": 5.0, "years": 30, "kind": "annuity", "interest_tax_deduction": False},
}


@pytest.fixture
def request_data():
    """A fresh, valid JSON request that each test may change."""
    return copy.deepcopy(BASE_REQUEST)
