import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.housing.services import tenancy_create
from tests.conftest import count_queries
from boligvei.housing.models import Tenancy
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import household_with_main_person


def _let(client, dwelling, household, **overrides):
    """Let a dwelling to a household from the waiting list (it is put there first)."""
    if not household.waiting_list_entries.filter(status="waiting").exists():
        WaitingListEntryFactory(household=household)
    data = {"household": household.pk, "start_date": "2026-01-01", "end_date": "2030-12-31",
            "rent_monthly": "9500", "contract_type": "fixed_term", **overrides}
    return client.post(reverse("housing:tenancy_create", args=[dwelling.pk]), data)


def test_letting_from_the_dwelling_page_goes_on_to_the_letting_decision(alice_client):
    # Letting a dwelling is a decision with grounds and a letter: the dwelling page only picks the
    # household, and nothing is let before the decision (tests/cases/test_lettings.py).
    dwelling, household = DwellingFactory(), household_with_main_person()
    response = _let(alice_client, dwelling, household)
    entry = household.waiting_list_entries.get()
    assert response.status_code == 302
    assert response.url == reverse("cases:letting_create", args=[entry.pk]) + f"?bolig={dwelling.pk}"
    assert not Tenancy.objects.exists()
    page = alice_client.get(response.url).content.decode()
    assert f'value="{dwelling.pk}" selected' in page


def test_a_tenancy_ending_before_it_starts_is_refused(alice):
    with pytest.raises(ValidationError, match="Sluttdato kan ikke være før startdato"):
        tenancy_create(actor=alice, dwelling=DwellingFactory(), household=household_with_main_person(), fields={
            "start_date": dt.date(2026, 1, 1), "end_date": dt.date(2025, 1, 1), "rent_monthly": 9500,
            "contract_type": "fixed_term"})
    assert not Tenancy.objects.exists()


def test_a_second_active_tenancy_on_a_dwelling_is_refused_with_a_message(alice):
    tenancy = TenancyFactory()
    with pytest.raises(DomainError, match="Boligen har allerede et aktivt leieforhold"):
        tenancy_create(actor=alice, dwelling=tenancy.dwelling, household=household_with_main_person(),
                       fields={"start_date": dt.date(2026, 1, 1), "rent_monthly": 9500, "contract_type": "indefinite"})
    assert Tenancy.objects.count() == 1


def test_a_household_that_already_rents_cannot_be_chosen(alice_client):
    tenancy = TenancyFactory(household=household_with_main_person())
    page = _let(alice_client, DwellingFactory(), tenancy.household).content.decode()
    assert "Velg et gyldig valg" in page or "gyldig" in page
    assert Tenancy.objects.count() == 1


def test_ending_a_tenancy_frees_the_dwelling(alice_client):
    tenancy = TenancyFactory()
    response = alice_client.post(reverse("housing:tenancy_end", args=[tenancy.pk]), {"end_date": "2026-06-30"})
    assert response.status_code == 302
    tenancy.refresh_from_db()
    assert not tenancy.is_active and str(tenancy.end_date) == "2026-06-30"
    assert _let(alice_client, tenancy.dwelling, household_with_main_person(),
                start_date="2026-07-01").status_code == 302


def test_a_new_tenancy_may_not_overlap_the_previous_one(alice):
    tenancy = TenancyFactory(is_active=False, start_date=dt.date(2020, 1, 1), end_date=dt.date(2026, 6, 30))
    with pytest.raises(DomainError, match="overlapper et tidligere leieforhold"):
        tenancy_create(actor=alice, dwelling=tenancy.dwelling, household=household_with_main_person(), fields={
            "start_date": dt.date(2026, 6, 15), "rent_monthly": 9500, "contract_type": "indefinite"})
    assert Tenancy.objects.count() == 1


def test_a_tenancy_cannot_be_ended_in_the_future(alice_client):
    tenancy = TenancyFactory()
    page = alice_client.post(reverse("housing:tenancy_end", args=[tenancy.pk]), {"end_date": "2099-01-01"})
    assert "Sluttdatoen er i fremtiden" in page.content.decode()
    tenancy.refresh_from_db()
    assert tenancy.is_active


def test_only_households_on_the_waiting_list_are_offered(alice_client):
    waiting = household_with_main_person(first_name="Venter", last_name="Pålista")
    WaitingListEntryFactory(household=waiting)
    household_with_main_person(first_name="Ikke", last_name="Påliste")
    page = alice_client.get(reverse("housing:tenancy_create", args=[DwellingFactory().pk])).content.decode()
    assert "Pålista, Venter" in page and "Påliste, Ikke" not in page


def test_an_end_before_the_start_is_refused_when_ending(alice_client):
    tenancy = TenancyFactory()
    page = alice_client.post(reverse("housing:tenancy_end", args=[tenancy.pk]), {"end_date": "2020-01-01"})
    assert "Sluttdato kan ikke være før startdato" in page.content.decode()
    tenancy.refresh_from_db()
    assert tenancy.is_active


def test_the_tenancy_list_costs_the_same_queries_for_3_and_30_rows(alice_client):
    for _ in range(3):
        TenancyFactory(household=household_with_main_person())
    few = count_queries(alice_client, reverse("housing:tenancy_list"))
    for _ in range(27):
        TenancyFactory(household=household_with_main_person())
    assert count_queries(alice_client, reverse("housing:tenancy_list")) == few


def test_the_tenancy_list_searches_tenants_and_addresses(alice_client):
    TenancyFactory(household=household_with_main_person(first_name="Ida", last_name="Moen"),
                   dwelling__street_address="Fjellveien 1")
    TenancyFactory(household=household_with_main_person(first_name="Per", last_name="Vik"),
                   dwelling__street_address="Sjøveien 2")
    for text, found, hidden in [("moen", "Fjellveien 1", "Sjøveien 2"), ("sjøveien", "Vik, Per", "Moen, Ida")]:
        url = alice_client.post(reverse("housing:tenancy_list"), {"q": text}).url
        page = alice_client.get(url).content.decode()
        assert found in page and hidden not in page


def test_a_programme_leader_may_not_let_or_end(bob_client):
    tenancy = TenancyFactory()
    assert bob_client.get(reverse("housing:tenancy_list")).status_code == 200
    assert bob_client.post(reverse("housing:tenancy_end", args=[tenancy.pk]), {"end_date": "2026-06-30"}).status_code == 403
    assert _let(bob_client, DwellingFactory(), household_with_main_person()).status_code == 403


def test_the_tenancy_list_finds_a_tenant_by_identity_number_and_audits_it(alice_client):
    tenancy = TenancyFactory(household=household_with_main_person(first_name="Ida", last_name="Moen"))
    TenancyFactory(household=household_with_main_person(first_name="Per", last_name="Vik"))
    number = tenancy.household.members.get().identity_number()
    url = alice_client.post(reverse("housing:tenancy_list"), {"q": number}).url
    page = alice_client.get(url).content.decode()
    assert "Moen, Ida" in page and "Vik, Per" not in page
    assert AuditEvent.objects.filter(action="person.search_by_identity_number", reason="søk i leieforhold").exists()


def test_the_letting_form_lists_the_waiting_households_by_name_and_that_read_is_audited(alice, alice_client):
    waiting = [household_with_main_person(first_name="Kari", last_name=name) for name in ("Aas", "Berg")]
    for household in waiting:
        WaitingListEntryFactory(household=household)
    dwelling = DwellingFactory()
    page = alice_client.get(reverse("housing:tenancy_create", args=[dwelling.pk])).content.decode()
    assert all(household.name in page for household in waiting)
    event = AuditEvent.objects.get(action="tenancy.household_choices")
    assert event.actor == alice and event.object_id == str(dwelling.pk)
    assert event.changes == {"households": sorted(household.pk for household in waiting)}
