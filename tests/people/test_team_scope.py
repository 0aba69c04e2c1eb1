"""Team scope: caseworkers see their own team's households, and another team's only through a
grant given with a reason. Attacks: guessed ids, edited hidden fields, searches and exports."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from boligvei.cases.models import Case
from boligvei.cases.services import case_assign, case_open
from boligvei.core.models import AuditEvent, Team
from boligvei.core.roles import Role
from boligvei.housing.models import Tenancy
from boligvei.people import grants
from boligvei.people.access import get_household_for_user, visible_households_q
from boligvei.people.models import AccessGrant, Household
from boligvei.referrals.models import Submission
from tests.conftest import _client_for, make_user
from tests.housing.factories import DwellingFactory, WaitingListEntryFactory
from tests.people.factories import household_with_main_person
from tests.referrals.factories import submission


@pytest.fixture
def north(db):
    return Team.objects.create(name="Bydel Nord")


@pytest.fixture
def nils(north):
    return make_user("nils", Role.CASEWORKER, north)


@pytest.fixture
def theirs(north):
    household = household_with_main_person(first_name="Siri", last_name="Nordheim")
    Household.objects.filter(pk=household.pk).update(team=north)
    household.refresh_from_db()
    return household


@pytest.fixture
def ours(team):
    household = household_with_main_person(first_name="Kari", last_name="Sørheim")
    Household.objects.filter(pk=household.pk).update(team=team)
    household.refresh_from_db()
    return household


@pytest.fixture
def admin(team):
    return make_user("ada", Role.ADMINISTRATOR, team)


def _grant(admin, user, household, days=7):
    return grants.access_grant_give(actor=admin, household=household, user=user, reason="Saken er overført midlertidig.",
                                    days=days)


def test_the_scope_is_the_own_team_and_grants_not_the_households_without_a_team(alice, bob, ours, theirs):
    unassigned = household_with_main_person(last_name="Utenteam", household__team=None)
    visible = set(Household.objects.filter(visible_households_q(alice)).values_list("pk", flat=True))
    assert visible == {ours.pk}
    assert set(Household.objects.filter(visible_households_q(bob)).values_list("pk", flat=True)) == {
        ours.pk, theirs.pk, unassigned.pk}  # a programme leader sees every team, and those without one


def test_a_household_without_a_team_is_not_found_by_a_caseworker_of_a_team(alice_client, bob_client):
    unassigned = household_with_main_person(household__team=None)
    assert alice_client.get(reverse("people:household_detail", args=[unassigned.pk])).status_code == 404
    assert bob_client.get(reverse("people:household_detail", args=[unassigned.pk])).status_code == 200


def test_in_a_municipality_without_teams_a_caseworker_without_a_team_sees_the_households(db):
    caseworker = make_user("una", Role.CASEWORKER)
    household = household_with_main_person(household__team=None)
    assert not Team.objects.exists()
    assert get_household_for_user(caseworker, household.pk) == household


def test_a_household_registered_by_a_caseworker_belongs_to_her_team(alice_client, alice):
    from tests.people.test_household_views import _create_payload

    assert alice_client.post(reverse("people:household_create"), _create_payload()).status_code == 302
    household = Household.objects.get()
    assert household.team == alice.team
    assert AuditEvent.objects.get(action="household.create").changes["team"] == alice.team.name


def test_an_administrator_chooses_the_team_of_a_household_she_registers(admin, north):
    from tests.people.test_household_views import _create_payload

    client = _client_for(admin)
    page = client.get(reverse("people:household_create")).content.decode()
    assert "Bydel Nord" in page
    assert client.post(reverse("people:household_create"),
                       _create_payload(**{"household-team": north.pk})).status_code == 302
    assert Household.objects.get().team == north


def test_a_caseworker_without_a_team_cannot_register_a_household_where_teams_exist(team):
    from tests.people.test_household_views import _create_payload

    client = _client_for(make_user("una", Role.CASEWORKER))
    page = client.post(reverse("people:household_create"), _create_payload()).content.decode()
    assert "du hører ikke til noe team" in page
    assert not Household.objects.exists()


def test_a_programme_leader_places_a_household_without_a_team_and_it_is_audited(bob_client, alice_client, team):
    unassigned = household_with_main_person(household__team=None)
    url = reverse("people:household_place", args=[unassigned.pk])
    assert alice_client.get(url).status_code == 403
    start = bob_client.get(reverse("start")).content.decode()
    assert "1 husstand uten team" in start
    listed = bob_client.get(reverse("people:household_list") + "?team=uten").content.decode()
    assert unassigned.name in listed
    response = bob_client.post(url, {"team": team.pk, "reason": "Bor i sentrum."})
    assert response.status_code == 302
    unassigned.refresh_from_db()
    assert unassigned.team == team
    event = AuditEvent.objects.get(action="household.place")
    assert (event.changes["team"], event.reason) == ({"old": "", "new": team.name}, "Bor i sentrum.")
    assert "uten team" not in bob_client.get(reverse("start")).content.decode()


def test_another_teams_household_is_not_found_by_its_id(alice_client, alice, theirs):
    person = theirs.members.get()
    for url in (reverse("people:household_detail", args=[theirs.pk]), reverse("people:person_edit", args=[person.pk])):
        response = alice_client.get(url)
        assert response.status_code == 404
        assert "Nordheim" not in response.content.decode()
    never_used = alice_client.get(reverse("people:household_detail", args=[theirs.pk + 1000]))
    assert never_used.status_code == 404  # the same answer as an id never used


def test_searching_by_name_or_identity_number_finds_nothing_outside_the_team(alice_client, theirs):
    number = theirs.members.get().identity_number()
    for text in ("Nordheim", number):
        response = alice_client.post(reverse("people:household_list"), {"q": text}, follow=True)
        assert response.status_code == 200
        assert list(response.context["page"].object_list) == []


def test_a_grant_opens_the_household_and_every_opening_is_logged_with_the_reason(alice, admin, theirs):
    with pytest.raises(Exception) as refused:
        get_household_for_user(alice, theirs.pk)
    assert refused.type.__name__ == "Http404"
    grant = _grant(admin, alice, theirs)
    assert get_household_for_user(alice, theirs.pk) == theirs
    opened = AuditEvent.objects.filter(action="household.access_via_grant", actor=alice, household_id=theirs.pk)
    assert [event.reason for event in opened] == ["Saken er overført midlertidig."]
    assert AuditEvent.objects.filter(action="access_grant.give", actor=admin, object_id=str(grant.pk)).exists()


def test_an_expired_or_revoked_grant_opens_nothing(alice, admin, theirs):
    grant = _grant(admin, alice, theirs, days=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=2)):
        assert not Household.objects.filter(visible_households_q(alice), pk=theirs.pk).exists()
    grants.access_grant_revoke(actor=admin, grant=grant)
    assert not Household.objects.filter(visible_households_q(alice), pk=theirs.pk).exists()
    with pytest.raises(ValidationError, match="allerede trukket tilbake"):
        grants.access_grant_revoke(actor=admin, grant=grant)


def test_a_grant_needs_a_grantor_a_reason_and_a_limited_period(alice, nils, admin, ours, theirs):
    with pytest.raises(PermissionDenied):
        grants.access_grant_give(actor=alice, household=theirs, user=alice, reason="Jeg vil se den.", days=7)
    with pytest.raises(ValidationError, match="begrunnelse"):
        grants.access_grant_give(actor=admin, household=theirs, user=alice, reason="  kort ", days=7)
    with pytest.raises(ValidationError, match="1 til 90"):
        grants.access_grant_give(actor=admin, household=theirs, user=alice, reason="Kollega er syk i to uker.",
                                 days=365)
    with pytest.raises(ValidationError, match="allerede tilgang"):  # alice is in the household's team
        grants.access_grant_give(actor=admin, household=ours, user=alice, reason="Kollega er syk i to uker.", days=7)
    assert AccessGrant.objects.count() == 0


def test_the_grant_pages_are_for_programme_leaders_and_administrators(alice_client, bob_client, alice, theirs):
    url = reverse("people:access_grant_give", args=[theirs.pk])
    assert alice_client.get(url).status_code == 403
    assert bob_client.get(url).status_code == 200
    response = bob_client.post(url, {"user": alice.pk, "reason": "Overtar saken mens Nils er borte.", "days": 14})
    assert response.status_code == 302
    grant = AccessGrant.objects.get()
    assert (grant.user, grant.granted_by.username, grant.household) == (alice, "bob", theirs)
    detail = bob_client.get(reverse("people:household_detail", args=[theirs.pk])).content.decode()
    assert "Overtar saken mens Nils er borte." in detail
    assert bob_client.post(reverse("people:access_grant_revoke", args=[grant.pk])).status_code == 302
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_household_follows_its_case_to_the_caseworkers_team(alice, nils, admin, ours):
    case = case_open(actor=alice, household=ours)
    case_assign(actor=admin, case=case, caseworker=nils, expected_version=case.version)
    ours.refresh_from_db()
    assert ours.team == nils.team
    assert not Household.objects.filter(visible_households_q(alice), pk=ours.pk).exists()
    audit = AuditEvent.objects.get(action="case.assign")
    assert audit.changes["team"] == {"old": "Boligkontoret", "new": "Bydel Nord"}


def test_an_edited_hidden_field_cannot_link_a_submission_to_another_teams_household(alice_client, alice, theirs):
    waiting = submission(name="Siri Nordheim")
    response = alice_client.post(reverse("referrals:submission_open_case", args=[waiting.pk]),
                                 {"household": theirs.pk, "caseworker": alice.pk})
    assert response.status_code == 404
    waiting.refresh_from_db()
    assert waiting.household_id is None and not Case.objects.exists()


def test_an_edited_choice_cannot_let_a_dwelling_to_another_teams_household(alice_client, theirs):
    WaitingListEntryFactory(household=theirs)
    dwelling = DwellingFactory()
    response = alice_client.post(reverse("housing:tenancy_create", args=[dwelling.pk]), {
        "household": theirs.pk, "start_date": "01.01.2027", "rent_monthly": 9000, "contract_type": "fixed_term",
        "end_date": "31.12.2029"})
    assert response.status_code == 200
    assert "gyldig" in response.content.decode()  # Django's "Velg et gyldig valg"
    assert not Tenancy.objects.exists()


def test_a_submission_linked_to_another_teams_household_leaves_the_queue(alice_client, alice, theirs):
    linked = submission(name="Siri Nordheim", phone="000 55 555")
    Submission.objects.filter(pk=linked.pk).update(household=theirs, status="handled", outcome="case_opened",
                                                   handled_at=timezone.now())
    assert alice_client.get(reverse("referrals:submission_detail", args=[linked.pk])).status_code == 404
    queue = alice_client.get(reverse("referrals:submission_list") + "?state=all").content.decode()
    assert "Nordheim" not in queue


def _payload_with_number_of(person):
    from tests.people.test_household_views import _create_payload

    return _create_payload(**{"main-identity_number": person.identity_number(), "born": person.birth_date})


def test_a_number_registered_in_another_team_is_not_said_to_exist_but_routed_and_audited(alice_client, alice, theirs,
                                                                                        bob_client):
    existing = theirs.members.get()
    response = alice_client.post(reverse("people:household_create"), _payload_with_number_of(existing), follow=True)
    page = response.content.decode()
    assert "allerede registrert" not in page and "Nordheim" not in page
    assert "Fødselsnummeret kan ikke registreres her, så personen er lagret uten det" in page
    created = Household.objects.exclude(pk=theirs.pk).get()
    assert created.team == alice.team
    assert created.members.get().identity_number_hash is None
    event = AuditEvent.objects.get(action="person.identity_number.conflict")
    assert (event.actor, event.household_id, event.changes["households"]) == (
        alice, theirs.pk, sorted([theirs.pk, created.pk]))
    assert "1 fødselsnummer registrert to steder" in bob_client.get(reverse("start")).content.decode()
    listed = bob_client.get(reverse("people:identity_conflict_list")).content.decode()
    assert "Nordheim, Siri" in listed and created.name in listed
    assert alice_client.get(reverse("people:identity_conflict_list")).status_code == 403


def test_changing_a_persons_number_to_one_in_another_team_keeps_the_old_and_routes_the_new(alice, theirs, ours):
    from boligvei.lib import identity
    from boligvei.people.services import person_update

    person = ours.members.get()
    old_hash = person.identity_number_hash
    number = identity.parse(theirs.members.get().identity_number(), allow_synthetic=True)
    person_update(actor=alice, person=person, fields={}, identity_number=number)
    person.refresh_from_db()
    assert person.identity_number_hash == old_hash
    assert ours.identity_number_conflicts.get().person == theirs.members.get()


def test_a_number_registered_in_the_own_team_is_named_as_a_duplicate(alice_client, ours):
    page = alice_client.post(reverse("people:household_create"), _payload_with_number_of(ours.members.get()))
    assert "allerede registrert" in page.content.decode()
    assert Household.objects.count() == 1
