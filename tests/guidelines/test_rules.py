"""What the municipality's guidelines may not say, and reading a version (guidelines/rules.py)."""

import pytest

from boligvei.guidelines import rules
from boligvei.demo.guidelines import FIRST, SECOND


def test_the_demo_versions_break_no_rule():
    assert rules.violations(FIRST) == [] and rules.violations(SECOND) == []


@pytest.mark.parametrize("text", ["Søkere under 35 år prioriteres.", "Aldersgrense: 18–35.",
                                  "Gjelder husstander der hovedsøker er 30 år eller yngre.",
                                  "Søkeren må være mellom 20 og 40 år."])
def test_an_age_limit_in_any_text_is_refused_with_the_reason(text):
    document = {**SECOND, "priorities": {"paragraph": "§ 3", "text": text}}
    assert rules.violations(document) == [rules.AGE_LIMIT]
    assert "likestillings- og diskrimineringsloven" in rules.AGE_LIMIT


def test_an_age_field_is_refused_too():
    document = {**SECOND, "target_groups": {**SECOND["target_groups"], "max_age": 35}}
    assert rules.violations(document) == [rules.AGE_LIMIT]


def test_ages_of_children_or_a_term_in_years_are_not_age_limits():
    document = {**SECOND, "priorities": {"paragraph": "§ 3", "text": "Barn under skolealder; lån over 30 år."}}
    assert rules.violations(document) == []


def test_the_ordinary_bank_condition_can_never_be_waived():
    document = {**SECOND, "waivers": {"paragraph": "§ 4", "conditions": ["ordinary_bank_loan"], "groups": ""}}
    assert rules.violations(document) == [rules.BANK_CONDITION]


def test_an_absolute_income_limit_is_refused():
    document = {**SECOND, "target_groups": {**SECOND["target_groups"],
                                            "text": "Husstander med inntekt over 600 000 kr får ikke startlån."}}
    assert rules.violations(document) == [rules.INCOME_CAP]


def test_the_criteria_a_household_meets_are_named_with_their_paragraph():
    met = rules.criteria_met(SECOND, {"children": True, "disability": False, "refugee": True})
    assert met == [("children", "Husstander med barn", "§ 2 a")]  # refugees are not in this version


def test_the_price_frame_takes_the_areas_own_frame_before_the_general_one():
    assert rules.price_frame(SECOND, household_size=3, area="Sentrum") == (3_800_000, "§ 5")
    assert rules.price_frame(SECOND, household_size=3, area="Lia") == (3_400_000, "§ 5")
    assert rules.price_frame(SECOND, household_size=7) == (3_800_000, "§ 5")  # the largest size listed
    assert rules.price_frame({"price_frames": {"frames": []}}, household_size=2) is None
