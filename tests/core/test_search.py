import pytest
from django.urls import reverse

from boligvei.core.search import search_words
from tests.people.factories import household_with_main_person


def test_a_search_never_puts_the_text_in_the_url(alice_client):
    household_with_main_person(first_name="Solveig", last_name="Strand")
    response = alice_client.post(reverse("people:household_list"), {"q": "Solveig Strand"})
    assert response.status_code == 302
    assert "Solveig" not in response.url and "s=" in response.url
    page = alice_client.get(response.url)
    assert "Strand, Solveig" in page.content.decode()


def test_an_unknown_search_token_shows_the_whole_list(alice_client):
    household_with_main_person(first_name="Solveig", last_name="Strand")
    response = alice_client.get(reverse("people:household_list") + "?s=not-a-token")
    assert "Strand, Solveig" in response.content.decode()


def test_filters_survive_a_new_search(alice_client):
    response = alice_client.post(reverse("people:household_list") + "?language=nn&page=3", {"q": "Strand"})
    assert "language=nn" in response.url and "page=" not in response.url


@pytest.mark.parametrize("text, words", [
    ("Kristiansen, Ronny", ["Kristiansen", "Ronny"]),
    ("Storgata 15E", ["Storgata", "15", "E"]),
    ("Aas-Hansen", ["Aas-Hansen"]),
    ("H0101", ["H0101"]),
    ("  St. Olavs gate  ", ["St", "Olavs", "gate"]),
])
def test_search_words_leave_out_punctuation_and_part_a_house_number_from_its_letter(text, words):
    assert search_words(text) == words


def test_the_folded_columns_follow_every_write_a_bulk_insert_and_an_update_included(db):
    from boligvei.housing.models import Dwelling
    from boligvei.people.models import Person
    from tests.housing.factories import DwellingFactory

    household = household_with_main_person(first_name="Åse", last_name="Woźniak")
    person = Person.objects.get(household=household)
    assert (person.first_name_folded, person.last_name_folded) == ("ase", "wozniak")
    Person.objects.filter(pk=person.pk).update(last_name="Ærlig")  # as an anonymisation writes
    assert Person.objects.get(pk=person.pk).last_name_folded == "aerlig"
    Dwelling.objects.bulk_create([DwellingFactory.build(street_address="Løkkeveien 3", postal_place="Bø")])  # as imports do
    assert Dwelling.objects.values_list("street_address_folded", "postal_place_folded").get() == ("lokkeveien 3", "bo")
