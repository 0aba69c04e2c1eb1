"""The guidelines applied: the target group from the register as of a day, lettered paragraphs,
the price frame, the citation a decision letter uses (guidelines/rules.py, selectors.py)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boligvei.demo.guidelines import FIRST, SECOND, demo_guidelines_create
from boligvei.guidelines import rules
from boligvei.guidelines.rules import Fact
from boligvei.guidelines.selectors import RegisterFacts, household_check, target_groups
from tests.housing.factories import TenancyFactory, WaitingListEntryFactory
from tests.people.factories import PersonFactory, household_with_main_person


def test_each_criterion_has_the_letter_of_its_place_in_the_target_group():
    assert rules.criterion_paragraph(FIRST, "municipal_tenant") == "§ 2 a"
    assert rules.criterion_paragraph(SECOND, "children") == "§ 2 a"
    assert rules.criterion_paragraph(SECOND, "risk_of_losing_home") == "§ 2 d"
    own = {"target_groups": {**SECOND["target_groups"], "criteria_paragraphs": {"children": "§ 2 første ledd"}}}
    assert rules.criterion_paragraph(own, "children") == "§ 2 første ledd"


def test_a_household_in_the_target_group_is_named_by_paragraph_and_one_outside_is_told_why():
    inside = rules.target_group(SECOND, {"children": Fact(True, "2 barn under 18 år"),
                                         "disability": Fact(False, "nei")})
    assert inside.in_group and inside.summary() == "§ 2 a: barnefamilie"
    outside = rules.target_group(SECOND, {"children": Fact(False, "ingen barn under 18 år")})
    assert not outside.in_group
    assert outside.summary().startswith("Ikke i målgruppen: § 2 a: ingen barn under 18 år")
    assert "§ 2 d: i fare for å miste boligen kan ikke avgjøres fra registeret" in outside.why_not()


def test_the_price_is_checked_against_the_frame_for_the_household():
    check = rules.price_check(SECOND, household_size=3, area="Sentrum", price=3_900_000)
    assert (check.frame, check.paragraph, check.within, check.over_by) == (3_800_000, "§ 5", False, 100_000)
    assert rules.price_check(SECOND, household_size=2, price=2_900_000).within is True
    assert rules.price_check({"price_frames": {"frames": []}}, household_size=2, price=1) is None


def test_the_citation_names_the_adoption_and_the_paragraphs():
    text = rules.citation(title="Retningslinjer for startlån", adopted_by="Bystyret", adopted_on=dt.date(2013, 10, 31),
                          paragraphs=["§ 2 a", "§ 5", "§ 6"])
    assert text == "Retningslinjer for startlån, vedtatt av bystyret 31.10.2013, § 2 a, § 5 og § 6"
    assert "vedteke av bystyret" in rules.citation(title="T", adopted_by="Bystyret", adopted_on=dt.date(2013, 1, 1),
                                                    paragraphs=["§ 2 a"], lang="nn")


def test_the_paragraphs_to_cite_are_the_criteria_and_the_other_parts():
    choices = dict(rules.paragraph_choices(SECOND))
    assert choices["§ 2 a"] == "§ 2 a: Husstander med barn" and "§ 5" in choices and "§ 6" in choices


@pytest.mark.django_db
def test_the_register_facts_are_those_of_the_day():
    household = household_with_main_person(birth_date=dt.date(1980, 1, 1), income_disability_benefit=0)
    PersonFactory(household=household, relation="child", birth_date=dt.date(2000, 6, 1), income_disability_benefit=0)
    TenancyFactory(household=household, start_date=dt.date(2010, 1, 1), end_date=dt.date(2015, 12, 31),
                   is_active=False)
    WaitingListEntryFactory(household=household, application_date=dt.date(2014, 3, 1), need_category="refugee")
    facts = RegisterFacts([household.pk])
    in_2013 = facts.on(household.pk, dt.date(2013, 6, 1))
    assert in_2013["children"] == Fact(True, "1 barn under 18 år")
    assert in_2013["municipal_tenant"].met is True
    assert in_2013["refugee"].met is None  # applied the year after
    assert in_2013["disability"].met is None
    in_2020 = facts.on(household.pk, dt.date(2020, 6, 1))
    assert in_2020["children"] == Fact(False, "ingen barn under 18 år")  # the child turned 18
    assert in_2020["municipal_tenant"] == Fact(False, "leier ikke kommunal bolig")
    assert in_2020["refugee"].met is True
    assert facts.on(household.pk, dt.date(2020, 6, 1), {"risk_of_losing_home": True})["risk_of_losing_home"].met


@pytest.mark.django_db
def test_a_household_is_judged_by_the_version_in_force_on_the_day(alice):
    demo_guidelines_create(actor=alice)
    household = household_with_main_person(birth_date=dt.date(1970, 1, 1), income_disability_benefit=0)
    TenancyFactory(household=household, start_date=dt.date(2010, 1, 1), end_date=None, contract_type="permanent")
    first, groups = target_groups([household.pk], dt.date(2013, 10, 31))
    assert first.valid_from == dt.date(2012, 3, 1)
    assert groups[household.pk].summary() == "§ 2 a: leier kommunal bolig"
    second, groups = target_groups([household.pk], dt.date(2013, 11, 1))
    assert second.valid_from == dt.date(2013, 11, 1) and not groups[household.pk].in_group


@pytest.mark.django_db
def test_the_target_groups_cost_the_same_queries_for_one_household_or_many(alice):
    demo_guidelines_create(actor=alice)
    households = [household_with_main_person().pk]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            target_groups(households, dt.date(2026, 1, 1))
        return len(captured)

    one = queries()
    for _ in range(5):
        household = household_with_main_person()
        PersonFactory(household=household, relation="child", birth_date=dt.date(2019, 1, 1))
        TenancyFactory(household=household)
        households.append(household.pk)
    assert queries() == one == 4


@pytest.mark.django_db
def test_the_check_shows_the_frame_for_the_household_size_and_area(alice):
    demo_guidelines_create(actor=alice)
    household = household_with_main_person(birth_date=dt.date(1980, 1, 1))
    PersonFactory(household=household, relation="partner", birth_date=dt.date(1981, 1, 1))
    PersonFactory(household=household, relation="child", birth_date=dt.date(2015, 1, 1))
    check = household_check(household_id=household.pk, day=dt.date(2026, 1, 1), price=3_700_000, area="Sentrum")
    assert check["household_size"] == 3
    assert (check["price"].frame, check["price"].within) == (3_800_000, True)
    assert [str(c) for c in check["target_group"].met] == ["§ 2 a: barnefamilie", "§ 2 b: nedsatt funksjonsevne"]
    assert household_check(household_id=household.pk, day=dt.date(2011, 1, 1)) is None  # no guidelines yet
