from dataclasses import replace
from decimal import Decimal

import pytest

from boligvei.finance.living_costs import Member, guideline_floor, living_costs, reference_budget
from boligvei.finance.params import load_guideline_rates, load_sifo

from .conftest import SIFO_FAMILY


def with_kindergarten(members, age):
    return tuple(replace(m, kindergarten=True) if m.age == age else m for m in members)


@pytest.mark.parametrize(
    "year, monthly, yearly",
    [
        # SIFO's published totals for its example family (shared/data/sifo-reference-budget.md):
        # 2025: 36 095 a month, 36 095 × 12 + kindergarten 2 000 × 11 = 455 140 a year.
        (2025, 36095, 455140),
        # 2024: 34 009 a month, 34 009 × 12 + kindergarten 3 000 × 11 = 441 108 a year.
        (2024, 34009, 441108),
    ],
)
def test_it_reproduces_sifos_published_total_for_the_example_family(year, monthly, yearly):
    family = with_kindergarten(SIFO_FAMILY, 5)
    budget = reference_budget(family, load_sifo(year), car="petrol")
    assert budget.monthly == monthly
    assert budget.yearly == yearly


def test_the_monthly_average_spreads_kindergarten_over_twelve_months():
    budget = reference_budget(with_kindergarten(SIFO_FAMILY, 5), load_sifo(2025), car="petrol")
    assert budget.monthly_average == Decimal(455140) / 12


def test_childrens_school_travel_is_counted_only_when_asked_for():
    sifo = load_sifo(2025)
    without = reference_budget(SIFO_FAMILY, sifo, car="petrol")
    with_travel = reference_budget(SIFO_FAMILY, sifo, car="petrol", include_child_travel=True)
    assert with_travel.monthly - without.monthly == 327  # the girl of 11, group 6–19


def test_a_couple_with_three_children_gets_twelve_percent_off_food():
    sifo = load_sifo(2025)
    three = (*SIFO_FAMILY, Member(8, "male"))
    food = next(i for i in reference_budget(three, sifo).items if i.key == "food")
    # 4 040 + 4 780 + 2 210 + 3 440 + 2 840 (6–9) = 17 310; × 0.88
    assert food.monthly == Decimal(17310) * Decimal("0.88")


def test_2026_uses_the_new_food_age_groups():
    four_year_old = (Member(4, "female"),)
    food_2025 = next(i for i in reference_budget(four_year_old, load_sifo(2025)).items if i.key == "food")
    food_2026 = next(i for i in reference_budget(four_year_old, load_sifo(2026)).items if i.key == "food")
    assert food_2025.monthly == 2210  # 2–5 in 2025
    assert food_2026.monthly == 2585  # 4–6 from 2026
    ten_year_old = (Member(10, "male"),)
    food_2026_ten = next(i for i in reference_budget(ten_year_old, load_sifo(2026)).items if i.key == "food")
    assert food_2026_ten.monthly == 3190  # 7–10 from 2026, not boys 10–13


def test_an_infant_in_its_first_half_year_has_its_own_2026_food_rate():
    young = reference_budget((Member(0, "male", age_months=3),), load_sifo(2026))
    older = reference_budget((Member(0, "male", age_months=8),), load_sifo(2026))
    food = lambda b: next(i.monthly for i in b.items if i.key == "food")  # noqa: E731
    assert (food(young), food(older)) == (1065, 2500)


def test_it_says_so_when_the_tables_have_no_rate_for_an_infant():
    budget = reference_budget((Member(30, "female"), Member(0, "male")), load_sifo(2024))
    assert any("mat og drikke" in note for note in budget.notes)


def test_households_larger_than_seven_use_the_seven_person_column():
    nine = tuple(Member(30, "female") for _ in range(9))
    budget = reference_budget(nine, load_sifo(2025))
    furniture = next(i for i in budget.items if i.key == "furniture")
    assert furniture.monthly == 1565


def test_an_electric_car_for_five_persons_uses_the_larger_band():
    five = (*SIFO_FAMILY, Member(2, "female"))
    car = next(i for i in reference_budget(five, load_sifo(2025), car="electric").items if i.key == "car")
    assert car.monthly == 3015


@pytest.mark.parametrize(
    "members, expected",
    [
        ((Member(40, "male"),), 7850),
        ((Member(40, "male"), Member(38, "female")), 13100),
        ((Member(40, "male"), Member(38, "female"), Member(3, "male")), 13100 + 3850),
        ((Member(40, "male"), Member(20, "female"), Member(19, "male")), 13100 + 6600),
        ((Member(30, "female"), Member(7, "male"), Member(15, "female")), 7850 + 3950 + 5150),
    ],
)
def test_the_guideline_floor_follows_the_state_rates_for_2024(members, expected):
    assert guideline_floor(members, load_guideline_rates(2024)) == expected


def test_a_caseworkers_actual_figure_replaces_the_reference():
    result = living_costs(SIFO_FAMILY, floor_rates=load_guideline_rates(2025), sifo=load_sifo(2025),
                          actual_monthly=Decimal(30000), car="petrol")
    assert (result.monthly, result.basis) == (30000, "actual")


def test_a_caseworkers_actual_figure_never_goes_below_the_floor():
    result = living_costs(SIFO_FAMILY, floor_rates=load_guideline_rates(2025), sifo=load_sifo(2025),
                          actual_monthly=Decimal(10000))
    assert result.basis == "floor"
    assert result.monthly == guideline_floor(SIFO_FAMILY, load_guideline_rates(2025))


def test_without_an_actual_figure_it_uses_sifo():
    result = living_costs(SIFO_FAMILY, floor_rates=load_guideline_rates(2025), sifo=load_sifo(2025), car="petrol")
    assert (result.monthly, result.basis) == (36095, "sifo")


def test_it_needs_either_an_actual_figure_or_a_sifo_budget():
    with pytest.raises(ValueError):
        living_costs(SIFO_FAMILY, floor_rates=load_guideline_rates(2022))


def test_it_rejects_an_unknown_sex():
    with pytest.raises(ValueError):
        Member(30, "x")
