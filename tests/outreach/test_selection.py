import datetime as dt

import pytest
from django.utils import timezone

from boligvei.cases.models import Case
from boligvei.outreach.selection import Criteria, household_type, invitation_recipients
from tests.cases.factories import CaseFactory
from tests.outreach.factories import tenant
from tests.people.factories import PersonFactory

TODAY = dt.date(2026, 11, 24)

pytestmark = pytest.mark.django_db


def _names(selection):
    return sorted(r.household.name for r in selection.recipients)


def _reasons(selection):
    return {e.household_name: e.reason for e in selection.excluded}


def test_every_active_tenancy_is_selected_with_its_address():
    household, tenancy = tenant(first_name="Kari", last_name="Aas")
    selection = invitation_recipients(Criteria(), today=TODAY)
    [recipient] = selection.recipients
    assert recipient.household == household
    assert recipient.address == ["Kari Aas", tenancy.dwelling.street_address, "3715 Fjordvik"]


def test_households_in_an_open_case_or_recently_declined_are_left_out_with_the_reason(alice):
    in_case, _ = tenant(last_name="Open")
    CaseFactory(caseworker=alice, household=in_case, status="meeting_booked")
    declined, _ = tenant(last_name="Declined")
    CaseFactory(caseworker=alice, household=declined, status="declined",
                status_changed_at=timezone.make_aware(dt.datetime(2026, 6, 1, 12)))
    long_ago, _ = tenant(last_name="Longago")
    CaseFactory(caseworker=alice, household=long_ago, status="declined",
                status_changed_at=timezone.make_aware(dt.datetime(2024, 6, 1, 12)))
    later, _ = tenant(last_name="Later")
    CaseFactory(caseworker=alice, household=later, status="not_relevant", invite_again_on=dt.date(2027, 3, 1),
                status_changed_at=timezone.make_aware(dt.datetime(2024, 1, 1, 12)))
    selection = invitation_recipients(Criteria(quarantine_days=365), today=TODAY)
    reasons = _reasons(selection)
    assert _names(selection) == [long_ago.name]
    assert "åpen sak" in reasons[in_case.name]
    assert "karantene til 01.06.2027" in reasons[declined.name]
    assert "01.03.2027" in reasons[later.name]
    assert Case.objects.count() == 4


def test_a_household_without_a_valid_address_is_left_out():
    household, _ = tenant(last_name="Noaddress")
    household.address_line, household.postal_code, household.postal_place = "Postboks 12", "", ""
    household.save()
    selection = invitation_recipients(Criteria(), today=TODAY)
    assert selection.recipients == []
    assert "adresse" in _reasons(selection)[household.name]


def test_the_criteria_narrow_the_selection():
    sentrum, _ = tenant(last_name="Sentrum", area="Sentrum", potential=True, start_date=dt.date(2015, 1, 1))
    tenant(last_name="Vest", area="Vest", potential=False, start_date=dt.date(2026, 1, 1))
    assert _names(invitation_recipients(Criteria(areas=("Sentrum",)), today=TODAY)) == [sentrum.name]
    assert _names(invitation_recipients(Criteria(rent_to_own_only=True), today=TODAY)) == [sentrum.name]
    assert _names(invitation_recipients(Criteria(min_years=5), today=TODAY)) == [sentrum.name]
    assert len(invitation_recipients(Criteria(), today=TODAY).recipients) == 2


def test_household_types_come_from_the_members():
    single, _ = tenant(last_name="Alone")
    family, _ = tenant(last_name="Family")
    PersonFactory(household=family, relation="partner", first_name="Ola", birth_date=dt.date(1980, 1, 1))
    PersonFactory(household=family, relation="child", first_name="Per", birth_date=dt.date(2015, 1, 1))
    assert household_type(list(single.members.all()), TODAY) == "single"
    assert household_type(list(family.members.all()), TODAY) == "family"
    assert _names(invitation_recipients(Criteria(household_types=("family",)), today=TODAY)) == [family.name]


def test_criteria_survive_a_round_trip_through_json():
    criteria = Criteria(areas=("Sentrum", "Vest"), rent_to_own_only=True, household_types=("single",), min_years=2,
                        readiness=("ready",), quarantine_days=100)
    assert Criteria.from_json(criteria.to_json()) == criteria
    assert "Områder: Sentrum, Vest" in criteria.describe()
