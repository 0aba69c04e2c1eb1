"""The data migration that places households without a team (people/migrations/0011)."""

import importlib

from django.apps import apps

from boligvei.core.models import Team
from boligvei.people.models import Household
from tests.cases.factories import CaseFactory
from tests.conftest import make_user
from tests.housing.factories import DwellingFactory, TenancyFactory
from tests.people.factories import household_with_main_person

migration = importlib.import_module("boligvei.people.migrations.0011_place_households_in_teams")


def _without_team(**fields) -> Household:
    return household_with_main_person(household__team=None, **fields)


def _in_area(household, area):
    return TenancyFactory(household=household, dwelling=DwellingFactory(area=area))


def test_households_are_placed_by_their_case_then_their_tenancys_area_and_the_rest_counted(team, capsys):
    north = Team.objects.create(name="Bydel Nord")
    nils = make_user("nils", "caseworker", north)
    with_case = _without_team(last_name="Saksen")
    CaseFactory(household=with_case, caseworker=nils, team=None)
    _in_area(household_with_main_person(household__team=north), "Nord")  # north holds the area
    in_north = _without_team(last_name="Nordli")
    _in_area(in_north, "Nord")
    _in_area(household_with_main_person(household__team=north), "Midt")  # a tie: nobody holds «Midt»
    _in_area(household_with_main_person(household__team=team), "Midt")
    in_tie = _without_team(last_name="Midtbø")
    _in_area(in_tie, "Midt")
    nowhere = _without_team(last_name="Ingensted")

    migration.place_households_in_teams(apps, None)

    teams = dict(Household.objects.filter(pk__in=[with_case.pk, in_north.pk, in_tie.pk, nowhere.pk])
                 .values_list("pk", "team"))
    assert teams == {with_case.pk: north.pk, in_north.pk: north.pk, in_tie.pk: None, nowhere.pk: None}
    assert "1 plassert etter saken, 1 etter området til leieforholdet, 2 kunne ikke plasseres" in capsys.readouterr().out


def test_a_municipality_without_teams_is_left_as_it_is(db, capsys):
    household = _without_team()
    migration.place_households_in_teams(apps, None)
    household.refresh_from_db()
    assert household.team_id is None and capsys.readouterr().out == ""
