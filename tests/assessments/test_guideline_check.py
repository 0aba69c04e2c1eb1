"""The guidelines on the candidates list, the calculator and a saved assessment: which criteria
the household meets, by paragraph, and whether the price is within the frame."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from boligvei.assessments.portfolio import candidates_filtered, portfolio_screen
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.demo.guidelines import demo_guidelines_create
from tests.conftest import count_queries
from tests.housing.factories import TenancyFactory
from tests.people.factories import PersonFactory, consent_to_everything_needed, household_with_main_person

TODAY = dt.date(2026, 11, 24)

pytestmark = pytest.mark.django_db


def _tenant(last_name, *, children=0, price=2_000_000, area="Lia"):
    household = household_with_main_person(first_name="Test", last_name=last_name, income_wage=450_000,
                                           income_disability_benefit=0, birth_date=dt.date(1980, 1, 1))
    for _ in range(children):
        PersonFactory(household=household, relation="child", birth_date=dt.date(2016, 1, 1),
                      income_disability_benefit=0)
    TenancyFactory(household=household, dwelling__market_value=price, dwelling__area=area,
                   dwelling__valuation_date=dt.date(2026, 1, 1))
    return household


@pytest.fixture
def versions(alice):
    return demo_guidelines_create(actor=alice)


def test_the_candidates_say_who_is_in_the_target_group_and_filter_by_it(versions):
    family, single = _tenant("Familie", children=2), _tenant("Enslig")
    screening = portfolio_screen(today=TODAY)
    by_name = {c.household_name: c for c in screening.candidates}
    assert by_name[family.name].target_group_text == "§ 2 a: barnefamilie"
    assert by_name[single.name].target_group_text.startswith("Ikke i målgruppen: § 2 a: ingen barn under 18 år")
    assert [c.household_name for c in candidates_filtered(screening, filters={"target_group": "in"})] == [family.name]
    assert [c.household_name for c in candidates_filtered(screening, filters={"target_group": "out"})] == [single.name]


def test_the_candidate_page_shows_the_target_group_in_the_same_queries_for_3_and_30(alice_client, versions):
    for i in range(3):
        _tenant(f"A{i}", children=i % 2)
    few = count_queries(alice_client, reverse("assessments:candidates"))
    for i in range(27):
        _tenant(f"B{i}", children=i % 2)
    assert count_queries(alice_client, reverse("assessments:candidates")) == few
    page = alice_client.get(reverse("assessments:candidates") + "?target_group=in").content.decode()
    assert "§ 2 a: barnefamilie" in page and "B1, Test" in page and "B0, Test" not in page
    export = alice_client.get(reverse("assessments:candidates") + "?eksport=csv").content.decode("utf-8-sig")
    assert "Målgruppen i retningslinjene" in export and "§ 2 a: barnefamilie" in export


def test_the_calculator_shows_the_criteria_and_the_price_frame(alice_client, versions):
    household = _tenant("Familie", children=1, price=3_000_000)  # 2 persons: the frame is 2 900 000
    page = " ".join(alice_client.get(reverse("assessments:calculator", args=[household.pk])).content.decode().split())
    assert "Kommunens retningslinjer" in page and "§ 2 a: barnefamilie (1 barn under 18 år)" in page
    assert "Prisramme § 5</dt> <dd>2 900 000 kr for 2 personer i Lia" in page
    assert "Boligens pris 3 000 000 kr er <strong>100 000 kr over rammen</strong>" in page
    assert "Største startlån 4 000 000 kr" in page


def test_a_saved_assessment_is_shown_against_the_version_in_force_when_it_was_made(alice, alice_client, versions):
    household = consent_to_everything_needed(_tenant("Familie", children=1, price=2_400_000))
    with time_machine.travel(dt.datetime(2013, 6, 3, 10, tzinfo=dt.UTC), tick=False):
        assessment = assessment_create(actor=alice, household=household,
                                       request=household_request(household=household, today=TODAY))
    page = " ".join(alice_client.get(reverse("assessments:assessment_detail", args=[assessment.pk])).content.decode()
                    .split())
    assert "fra 01.03.2012</a> (vedtatt av bystyret 15.02.2012), som gjaldt 03.06.2013" in page
    # The first version, and the household as it was then (the child was born in 2016): 1 900 000
    # kr for one person, loans up to 2 500 000 kr and only on top of a bank loan.
    assert "1 900 000 kr for 1 person i Lia. Boligens pris 2 400 000 kr er <strong>500 000 kr over rammen" in page
    assert "Største startlån 2 500 000 kr" in page and "Bare toppfinansiering" in page

