import datetime as dt

from boligvei.housing.selectors import register_overview, waiting_list_proposals
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import PersonFactory, household_with_main_person


def test_the_overview_counts_a_known_register(db):
    TenancyFactory(dwelling__area="Lia", dwelling__rent_to_own_potential=True)
    TenancyFactory(dwelling__area="Sentrum")
    DwellingFactory(area="Lia", rent_to_own_potential=True)
    DwellingFactory(area="", rent_to_own_potential=False)
    DwellingFactory(area="Lia", status="sold", sold_on=dt.date(2026, 1, 5))
    WaitingListEntryFactory(priority=1)
    WaitingListEntryFactory(priority=3)
    WaitingListEntryFactory(status="withdrawn")

    overview = register_overview()

    assert overview["dwellings"] == {"total": 4, "vacant": 2, "potential": 2, "potential_let": 1}
    assert overview["active_tenancies"] == 2
    assert overview["waiting"] == {"total": 2, "urgent": 1}
    assert overview["areas"] == [{"area": "Lia", "total": 2, "potential": 2},
                                 {"area": "Sentrum", "total": 1, "potential": 0}]


def _waiting(last_name: str, *, people: int, applied: dt.date, **fields):
    household = household_with_main_person(first_name="Kari", last_name=last_name)
    for _ in range(people - 1):
        PersonFactory(household=household, relation="child", with_identity_number=False)
    return WaitingListEntryFactory(household=household, application_date=applied, **fields)


def _ranked(dwelling, user):
    return waiting_list_proposals(dwelling=dwelling, user=user, today=dt.date(2026, 12, 6))


def test_a_three_room_dwelling_goes_first_to_a_household_its_size_fits_with_the_reason(alice):
    dwelling = DwellingFactory(rooms=3)
    _waiting("Alene", people=1, applied=dt.date(2024, 1, 10))
    _waiting("Familie", people=3, applied=dt.date(2025, 6, 1))
    first, second = _ranked(dwelling, alice)
    assert (first.household.name, second.household.name) == ("Familie, Kari", "Alene, Kari")
    assert first.reasons == ["Prioritet normal.", "3 personer i 3 rom: størrelsen passer.",
                             "Har ventet 553 dager (søkte 01.06.2025)."]
    assert second.reasons[1] == ("1 person i 3 rom: boligen er større enn husstanden trenger, så husstander den "
                                 "passer bedre for, kommer først.")


def test_the_priority_the_municipality_gave_comes_before_the_size(alice):
    dwelling = DwellingFactory(rooms=3)
    _waiting("Familie", people=3, applied=dt.date(2025, 6, 1))
    _waiting("Akutt", people=1, applied=dt.date(2026, 11, 1), priority=1)
    ranked = _ranked(dwelling, alice)
    assert [e.household.name for e in ranked] == ["Akutt, Kari", "Familie, Kari"]
    assert ranked[0].reasons[0] == "Prioritet akutt."


def test_a_wheelchair_accessible_dwelling_goes_first_to_those_who_need_it(alice):
    dwelling = DwellingFactory(rooms=2, wheelchair_accessible=True)
    _waiting("Lengst", people=2, applied=dt.date(2024, 1, 1))
    _waiting("Rullestol", people=2, applied=dt.date(2026, 1, 1), need_category="health")
    ranked = _ranked(dwelling, alice)
    assert [e.household.name for e in ranked] == ["Rullestol, Kari", "Lengst, Kari"]
    assert "Trenger tilrettelagt bolig, og boligen er tilgjengelig for rullestol." in ranked[0].reasons


def test_households_too_large_for_the_dwelling_and_one_person_in_four_rooms_are_not_suggested(alice):
    _waiting("Stor", people=5, applied=dt.date(2024, 1, 1))
    _waiting("Alene", people=1, applied=dt.date(2024, 1, 1))
    assert _ranked(DwellingFactory(rooms=3), alice)[0].household.name == "Alene, Kari"
    assert len(_ranked(DwellingFactory(rooms=3), alice)) == 1
    assert [e.household.name for e in _ranked(DwellingFactory(rooms=4), alice)] == ["Stor, Kari"]
