from django.urls import reverse

from boligvei.housing.models import Tenancy, WaitingListEntry
from tests.conftest import _client_for, count_queries, make_user
from tests.edit_forms import form_as_shown
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import household_with_main_person

ENTRY = {"application_date": "2026-03-01", "need_category": "family", "priority": "2", "status": "waiting",
         "notes": ""}


def test_a_caseworker_puts_a_household_on_the_waiting_list(alice_client):
    household = household_with_main_person()
    response = alice_client.post(reverse("housing:waiting_list_create", args=[household.pk]), ENTRY)
    assert response.status_code == 302
    assert WaitingListEntry.objects.get().household == household


def test_a_household_cannot_wait_twice(alice_client):
    entry = WaitingListEntryFactory(household=household_with_main_person())
    page = alice_client.post(reverse("housing:waiting_list_create", args=[entry.household_id]), ENTRY)
    assert "står allerede på ventelisten" in page.content.decode()
    assert WaitingListEntry.objects.count() == 1


def test_the_waiting_list_is_ordered_by_priority_then_date(alice_client):
    WaitingListEntryFactory(household=household_with_main_person(last_name="Senere"), priority=3)
    WaitingListEntryFactory(household=household_with_main_person(last_name="Akutt"), priority=1)
    page = alice_client.get(reverse("housing:waiting_list")).content.decode()
    assert page.index("Akutt") < page.index("Senere")


def test_the_waiting_list_hides_closed_entries_unless_asked(alice_client):
    WaitingListEntryFactory(household=household_with_main_person(last_name="Venter"))
    WaitingListEntryFactory(household=household_with_main_person(last_name="Trukket"), status="withdrawn")
    page = alice_client.get(reverse("housing:waiting_list")).content.decode()
    assert "Venter" in page and "Trukket," not in page
    page = alice_client.get(reverse("housing:waiting_list") + "?status=all").content.decode()
    assert "Trukket," in page





def test_the_waiting_list_finds_a_household_by_identity_number(alice_client):
    entry = WaitingListEntryFactory(household=household_with_main_person(last_name="Funnet"))
    WaitingListEntryFactory(household=household_with_main_person(last_name="Annen"))
    url = alice_client.post(reverse("housing:waiting_list"), {"q": entry.household.members.get().identity_number()}).url
    page = alice_client.get(url).content.decode()
    assert "Funnet," in page and "Annen," not in page


def test_the_waiting_list_costs_the_same_queries_for_3_and_30_households(alice_client):
    for _ in range(3):
        WaitingListEntryFactory(household=household_with_main_person())
    few = count_queries(alice_client, reverse("housing:waiting_list"))
    for _ in range(27):
        WaitingListEntryFactory(household=household_with_main_person())
    assert count_queries(alice_client, reverse("housing:waiting_list")) == few


def test_a_second_session_saving_a_stale_waiting_list_form_is_refused_and_nothing_is_lost(alice_client, team):
    entry = WaitingListEntryFactory(household=household_with_main_person(), priority=3)
    colleague = _client_for(make_user("dina", "caseworker", team))
    url = reverse("housing:waiting_list_edit", args=[entry.pk])
    first, second = form_as_shown(alice_client, url), form_as_shown(colleague, url)
    assert alice_client.post(url, {**first, "priority": "1"}).status_code == 302
    refused = colleague.post(url, {**second, "notes": "Ringt 3. mars"})
    assert "Noen andre har lagret endringer her" in refused.content.decode()
    entry.refresh_from_db()
    assert (entry.priority, entry.notes) == (1, "")
