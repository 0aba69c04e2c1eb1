import pytest
from django.urls import reverse

from boligvei.cases import mapping, services
from boligvei.cases.models import Mapping
from boligvei.core.errors import DomainError
from tests.people.factories import consenting_household


@pytest.fixture
def case(alice):
    return services.case_open(actor=alice, household=consenting_household())


def test_every_question_key_is_unique_within_a_version():
    for version in mapping.FORMS:
        keys = [q.key for q in mapping.questions(version)]
        assert len(keys) == len(set(keys)), version


def test_a_mapping_keeps_its_form_version_and_is_shown_with_its_questions(alice, case):
    saved = services.mapping_create(actor=alice, case=case, version=1, answers={
        "wish": "buy_rented", "consumer_debt": 45000, "income_sources": ["disability", "child_benefit"],
        "consent_gather": True})
    shown = dict(mapping.display(saved.form_version, saved.answers))
    assert ("Hva ønsker husstanden?", "Kjøpe boligen den leier") in shown["Ønsker"]
    assert ("Inntektskilder", "Uføretrygd, Barnetrygd") in shown["Inntekt"]
    assert shown["Gjeld og betalingshistorikk"][0][1] == "45\u00a0000 kr"
    assert Mapping.objects.get().form_version == 1


def test_answers_to_questions_the_form_does_not_have_are_refused(alice, case):
    with pytest.raises(DomainError, match="finnes i skjemaet: shoe_size"):
        services.mapping_create(actor=alice, case=case, version=1, answers={"shoe_size": 42})


def test_a_caseworker_maps_the_situation_in_the_browser_form(alice_client, case):
    url = reverse("cases:case_mapping", args=[case.pk])
    assert "Husstanden har samtykket til kartleggingen" in alice_client.get(url).content.decode()
    response = alice_client.post(url, {"wish": "buy_other", "wish_area": "Sentrum", "income_sources": ["wage"],
                                       "savings": "30000"})
    assert response.status_code == 302
    assert Mapping.objects.get().form_version == mapping.CURRENT_VERSION == 3
    page = alice_client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "Kjøpe en annen bolig" in page and "Sentrum" in page
    # The next mapping opens with the last answers.
    assert 'value="Sentrum"' in alice_client.get(url).content.decode()


def test_a_programme_leader_cannot_map(bob_client, case):
    assert bob_client.get(reverse("cases:case_mapping", args=[case.pk])).status_code == 403


def test_version_2_leaves_consent_to_the_household_page_and_carries_the_other_answers_over(alice, alice_client, case):
    assert "consent_gather" not in {q.key for q in mapping.questions(2)}
    services.mapping_create(actor=alice, case=case, version=1, answers={"wish_area": "Nord", "consent_gather": True})
    page = alice_client.get(reverse("cases:case_mapping", args=[case.pk])).content.decode()
    assert 'value="Nord"' in page and "consent_gather" not in page
