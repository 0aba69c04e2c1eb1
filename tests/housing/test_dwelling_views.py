from django.urls import reverse

from boligvei.core.models import AuditEvent
from boligvei.housing.models import Dwelling
from tests.conftest import _client_for, count_queries, make_user
from tests.edit_forms import form_as_shown
from tests.housing.factories import DwellingFactory, TenancyFactory
from tests.people.factories import household_with_main_person

VALID = {
    "street_address": "Lindeveien 7 B", "unit_number": "H0201", "postal_code": "3715", "postal_place": "Fjordvik",
    "municipality_number": "3999", "area": "Sentrum", "building_type": "apartment", "ownership_form": "section",
    "rooms": "3", "bedrooms": "2", "floor_area": "64.5", "floor": "2", "tenure": "owned",
    "market_value": "2450000", "valuation_date": "2026-04-01", "rent_monthly": "9800",
    "common_costs_monthly": "2100", "municipal_fees_monthly": "850", "common_debt": "0",
    "rent_to_own_potential": "on", "status": "in_use",
}



def test_the_dwelling_list_costs_the_same_queries_for_3_and_30_dwellings(alice_client):
    for _ in range(3):
        TenancyFactory(household=household_with_main_person())
    few = count_queries(alice_client, reverse("housing:dwelling_list"))
    for _ in range(27):
        TenancyFactory(household=household_with_main_person())
    DwellingFactory.create_batch(5)
    assert count_queries(alice_client, reverse("housing:dwelling_list")) == few


def test_the_vacant_filter_and_a_street_search_cost_the_same_queries_for_3_and_30_dwellings(alice_client):
    DwellingFactory.create_batch(3, street_address="Løkkeveien 1")
    vacant = reverse("housing:dwelling_list") + "?occupancy=vacant"
    searched = alice_client.post(reverse("housing:dwelling_list"), {"q": "lokkeveien"}).url
    few = count_queries(alice_client, vacant), count_queries(alice_client, searched)
    DwellingFactory.create_batch(27, street_address="Løkkeveien 2")
    assert (count_queries(alice_client, vacant), count_queries(alice_client, searched)) == few


def test_the_start_page_costs_the_same_queries_for_3_and_30_dwellings(alice_client):
    for _ in range(3):
        TenancyFactory(household=household_with_main_person(), dwelling__rent_to_own_potential=True)
    few = count_queries(alice_client, reverse("start"))
    for n in range(27):
        TenancyFactory(household=household_with_main_person(), dwelling__area=f"Område {n % 4}")
    DwellingFactory.create_batch(5, area="Lia")
    assert count_queries(alice_client, reverse("start")) == few


def test_the_dwelling_list_filters_by_vacancy_and_potential(alice_client):
    TenancyFactory(dwelling__street_address="Utleid vei 1", dwelling__rent_to_own_potential=True)
    DwellingFactory(street_address="Ledig vei 2")
    page = alice_client.get(reverse("housing:dwelling_list") + "?occupancy=vacant").content.decode()
    assert "Ledig vei 2" in page and "Utleid vei 1" not in page
    page = alice_client.get(reverse("housing:dwelling_list") + "?potential=yes").content.decode()
    assert "Utleid vei 1" in page and "Ledig vei 2" not in page


def test_an_htmx_filter_request_gets_only_the_results(alice_client):
    DwellingFactory(street_address="Ledig vei 2")
    response = alice_client.get(reverse("housing:dwelling_list"), headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Ledig vei 2" in body and "<html" not in body


def test_search_finds_a_dwelling_by_address(alice_client):
    DwellingFactory(street_address="Måkeveien 3")
    DwellingFactory(street_address="Ørneveien 9")
    url = alice_client.post(reverse("housing:dwelling_list"), {"q": "måkeveien"}).url
    page = alice_client.get(url).content.decode()
    assert "Måkeveien 3" in page and "Ørneveien 9" not in page


def test_the_dwelling_page_shows_its_tenancy_history(alice_client):
    tenancy = TenancyFactory(household=household_with_main_person(first_name="Ida", last_name="Moen"))
    page = alice_client.get(reverse("housing:dwelling_detail", args=[tenancy.dwelling_id])).content.decode()
    assert "Moen, Ida" in page and "Aktivt" in page


def test_a_caseworker_registers_a_dwelling(alice_client):
    response = alice_client.post(reverse("housing:dwelling_create"), VALID)
    dwelling = Dwelling.objects.get()
    assert response.status_code == 302
    assert dwelling.rent_to_own_potential and dwelling.owner_costs_monthly == 2950
    assert AuditEvent.objects.filter(action="dwelling.create", object_id=str(dwelling.pk)).exists()


def test_a_dwelling_with_bad_values_is_refused_with_messages(alice_client):
    bad = {**VALID, "postal_code": "37", "unit_number": "0201", "valuation_date": "", "rooms": "0"}
    page = alice_client.post(reverse("housing:dwelling_create"), bad).content.decode()
    assert "Postnummer har fire siffer" in page
    assert "Bruksenhetsnummer skrives som H0101" in page
    assert "Oppgi når markedsverdien ble satt" in page
    assert not Dwelling.objects.exists()


def test_editing_a_dwelling_records_old_and_new_rent(alice_client):
    dwelling = DwellingFactory(rent_monthly=9000)
    alice_client.post(reverse("housing:dwelling_edit", args=[dwelling.pk]), {**VALID, "rent_monthly": "9500",
                                                                           "version": dwelling.version})
    dwelling.refresh_from_db()
    assert dwelling.rent_monthly == 9500
    event = AuditEvent.objects.get(action="dwelling.update")
    assert event.changes["rent_monthly"] == {"old": 9000, "new": 9500}


def test_a_programme_leader_may_not_change_dwellings(bob_client):
    dwelling = DwellingFactory()
    assert bob_client.get(reverse("housing:dwelling_detail", args=[dwelling.pk])).status_code == 200
    assert bob_client.post(reverse("housing:dwelling_edit", args=[dwelling.pk]), VALID).status_code == 403
    assert bob_client.post(reverse("housing:dwelling_create"), VALID).status_code == 403


def test_the_statistics_role_cannot_see_dwellings(charlie_client):
    assert charlie_client.get(reverse("housing:dwelling_list")).status_code == 403


def test_a_let_dwelling_cannot_be_marked_as_sold(alice_client):
    tenancy = TenancyFactory()
    page = alice_client.post(reverse("housing:dwelling_edit", args=[tenancy.dwelling_id]),
                             {**VALID, "status": "sold", "sold_on": "2026-10-01", "version": tenancy.dwelling.version})
    assert "Avslutt leieforholdet før boligen markeres som solgt" in page.content.decode()
    tenancy.dwelling.refresh_from_db()
    assert tenancy.dwelling.status == "in_use"


def test_the_dwelling_list_and_page_record_whose_tenancies_were_seen(alice_client):
    tenancy = TenancyFactory(household=household_with_main_person())
    alice_client.get(reverse("housing:dwelling_list"))
    alice_client.get(reverse("housing:dwelling_detail", args=[tenancy.dwelling_id]))
    for action in ("dwelling.list", "dwelling.view"):
        assert AuditEvent.objects.get(action=action).changes["households"] == [tenancy.household_id]


def test_the_area_filter_lists_each_area_once_in_order(db):
    from boligvei.housing.selectors import dwelling_areas

    for area in ["Sentrum", "Lia", "Sentrum", "", "Øvre Lia", "Lia"]:
        DwellingFactory(area=area)
    assert dwelling_areas() == ["Lia", "Sentrum", "Øvre Lia"]


def test_a_sold_dwelling_needs_a_sale_date(alice_client):
    dwelling = DwellingFactory()
    page = alice_client.post(reverse("housing:dwelling_edit", args=[dwelling.pk]),
                             {**VALID, "status": "sold", "version": dwelling.version})
    assert "En solgt bolig må ha salgsdato" in page.content.decode()


def test_an_acquired_dwelling_is_recorded_with_date_and_price_for_stock_renewal(alice_client):
    no_date = alice_client.post(reverse("housing:dwelling_create"), {**VALID, "acquisition_price": "2900000"})
    assert no_date.status_code == 200 and "Oppgi når kommunen anskaffet boligen." in no_date.content.decode()
    assert not Dwelling.objects.exists()
    response = alice_client.post(reverse("housing:dwelling_create"),
                                 {**VALID, "acquired_on": "2026-10-01", "acquisition_price": "2900000"})
    dwelling = Dwelling.objects.get()
    assert (dwelling.acquired_on.isoformat(), dwelling.acquisition_price) == ("2026-10-01", 2_900_000)
    page = alice_client.get(response.url).content.decode()
    assert "Anskaffet" in page and "01.10.2026" in page and "2\xa0900\xa0000 kr" in page


def test_search_finds_a_house_number_with_or_without_the_space_before_its_letter(alice_client):
    DwellingFactory(street_address="Storgata 15 E")
    DwellingFactory(street_address="Storgata 15")
    DwellingFactory(street_address="Lia 15E")
    for text, found in (("storgata 15E", "Storgata 15 E"), ("lia 15 E", "Lia 15E")):
        page = alice_client.get(alice_client.post(reverse("housing:dwelling_list"), {"q": text}).url).content.decode()
        assert found in page, text
def test_a_second_session_saving_a_stale_dwelling_form_is_refused_and_nothing_is_lost(alice_client, team):
    dwelling = DwellingFactory(rent_monthly=9000)
    colleague = _client_for(make_user("dina", "caseworker", team))
    url = reverse("housing:dwelling_edit", args=[dwelling.pk])
    first, second = form_as_shown(alice_client, url), form_as_shown(colleague, url)
    assert alice_client.post(url, {**first, "rent_monthly": "9500"}).status_code == 302
    refused = colleague.post(url, {**second, "area": "Nord"})
    page = refused.content.decode()
    assert "Noen andre har lagret endringer her" in page and "husleie per måned (kr)" in page
    dwelling.refresh_from_db()
    assert (dwelling.rent_monthly, dwelling.area) == (9500, first["area"])


def test_search_ignores_accents_and_folds_norwegian_letters_in_addresses(alice_client):
    DwellingFactory(street_address="Løkkeveien 3 B", postal_place="Fjordvik")
    DwellingFactory(street_address="Ærøveien 7", postal_place="Bø")
    DwellingFactory(street_address="Storgata 15", postal_place="Fjordvik")
    for text, found in (("lokkeveien 3B", "Løkkeveien 3 B"), ("Løkkeveien", "Løkkeveien 3 B"),
                        ("aeroveien", "Ærøveien 7"), ("Bo", "Ærøveien 7")):
        page = alice_client.get(alice_client.post(reverse("housing:dwelling_list"), {"q": text}).url).content.decode()
        assert found in page and "Storgata 15" not in page, text
