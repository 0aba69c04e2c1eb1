import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.assessments.selectors import household_request
from boligvei.assessments.services import assessment_create
from boligvei.cases import services as case_services
from boligvei.cases.models import Mapping
from boligvei.core.audit import ACTION_LABELS
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.people import consent
from boligvei.people.models import Consent, ConsentPurpose
from boligvei.people.services import consent_give, consent_require, consent_withdraw
from tests.assessments.test_calculator_views import _form as calculator_form
from tests.housing.factories import TenancyFactory
from tests.people.factories import ConsentFactory, PersonFactory, household_with_main_person

TODAY = dt.date(2026, 11, 24)


@pytest.fixture
def household(db):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann", income_wage=480_000)
    TenancyFactory(household=household)
    return household


@pytest.fixture
def assessed_case(alice, household):
    """A case as far as it goes without consent to share: the conversation, mapped, assessed."""
    case = case_services.case_open(actor=alice, household=household)
    for step in ("meeting_booked", "conversation_held", "mapped", "assessed"):
        case_services.case_move(actor=alice, case=case, to_status=step, expected_version=case.version)
    return case


def _give(alice, household, purpose=ConsentPurpose.MAPPING, **fields):
    return consent_give(actor=alice, household=household, purpose=purpose, method="signed_form", **fields)


def _map(alice, case):
    return case_services.mapping_create(actor=alice, case=case, version=2, answers={"wish": "buy_rented"})


def _assess(alice, household):
    return assessment_create(actor=alice, household=household, request=household_request(household=household,
                                                                                           today=TODAY))


def _apply(alice, case):
    case.refresh_from_db()
    return case_services.case_move(actor=alice, case=case, to_status="applying", expected_version=case.version)


# --- giving and withdrawing ------------------------------------------------------------------------

def test_a_consent_is_given_withdrawn_and_given_again_as_a_new_row(alice, household):
    first = _give(alice, household, note="Skjema i arkivet")
    assert first.is_active and first.given_recorded_by == alice
    consent_withdraw(actor=alice, consent=first, note="Ringte og trakk samtykket")
    first.refresh_from_db()
    assert not first.is_active and first.withdrawn_by == alice
    assert first.note == "Skjema i arkivet\nTrukket tilbake: Ringte og trakk samtykket"
    again = _give(alice, household)
    assert again.pk != first.pk
    assert [c.is_active for c in household.consents.order_by("id")] == [False, True]
    events = AuditEvent.objects.filter(household_id=household.pk, action__startswith="consent.").order_by("id")
    assert [(e.action, e.object_id) for e in events] == [
        ("consent.give", str(first.pk)), ("consent.withdraw", str(first.pk)), ("consent.give", str(again.pk))]
    assert events[0].changes["purpose"] == "mapping" and events[1].reason == "Ringte og trakk samtykket"
    assert {"consent.give", "consent.withdraw"} <= set(ACTION_LABELS)


def test_a_household_has_one_active_consent_per_purpose_and_recipient(alice, household):
    _give(alice, household)
    with pytest.raises(ValidationError, match="allerede et gyldig samtykke"):
        _give(alice, household)
    _give(alice, household, ConsentPurpose.SHARE_BANK, recipient="Sparebanken Fjordvik")
    _give(alice, household, ConsentPurpose.SHARE_BANK, recipient="DNB")  # another bank
    with pytest.raises(IntegrityError), transaction.atomic():  # the database says the same
        ConsentFactory(household=household, purpose=ConsentPurpose.MAPPING)


def test_sharing_names_whom_with_and_gathering_does_not(alice, household):
    assert _give(alice, household, ConsentPurpose.SHARE_HUSBANKEN).recipient == "Husbanken"
    with pytest.raises(DomainError, match="hvem opplysningene skal deles med"):
        _give(alice, household, ConsentPurpose.SHARE_BANK)
    with pytest.raises(DomainError, match="gjelder bare samtykke til deling"):
        _give(alice, household, ConsentPurpose.MAPPING, recipient="NAV")


def test_the_dates_and_the_person_must_make_sense(alice, household):
    with pytest.raises(DomainError, match="fram i tid"):
        _give(alice, household, given_at=timezone.now() + dt.timedelta(days=1))
    with pytest.raises(DomainError, match="høre til husstanden"):
        _give(alice, household, person=PersonFactory())
    given = _give(alice, household, person=household.main_person, given_at=timezone.now() - dt.timedelta(days=10))
    with pytest.raises(DomainError, match="før det ble gitt"):
        consent_withdraw(actor=alice, consent=given, withdrawn_at=timezone.now() - dt.timedelta(days=20))
    consent_withdraw(actor=alice, consent=given)
    with pytest.raises(DomainError, match="allerede trukket tilbake"):
        consent_withdraw(actor=alice, consent=given)


def test_consent_require_names_the_purpose_and_what_to_do(alice, household):
    with pytest.raises(DomainError, match=r"ikke samtykket til kartlegging av bolig- og økonomisituasjonen\. "
                                          r"Registrer samtykket på husstandens side før"):
        consent_require(household, ConsentPurpose.MAPPING)
    _give(alice, household)
    consent_require(household, ConsentPurpose.MAPPING)


def test_every_action_the_registry_names_has_words_and_every_purpose_a_rule():
    assert set(consent.PURPOSES) == set(ConsentPurpose)
    assert {action for rule in consent.PURPOSES.values() for action in rule.needed_for} == set(consent.ACTIONS)


# --- the actions that need consent --------------------------------------------------------------------

def test_a_mapping_needs_consent_to_the_mapping_and_stops_when_it_is_withdrawn(alice, assessed_case):
    with pytest.raises(DomainError, match="før kartleggingen lagres"):
        _map(alice, assessed_case)
    given = _give(alice, assessed_case.household)
    _map(alice, assessed_case)
    consent_withdraw(actor=alice, consent=given)
    with pytest.raises(DomainError, match="ikke samtykket til kartlegging"):
        _map(alice, assessed_case)
    assert Mapping.objects.count() == 1


def test_saving_an_assessment_needs_consent_to_the_mapping(alice, household):
    with pytest.raises(DomainError, match="før vurderingen av betjeningsevne lagres"):
        _assess(alice, household)
    given = _give(alice, household)
    _assess(alice, household)
    consent_withdraw(actor=alice, consent=given)
    with pytest.raises(DomainError, match="ikke samtykket til kartlegging"):
        _assess(alice, household)
    assert Assessment.objects.count() == 1


def test_the_calculator_without_saving_needs_no_consent(alice_client, household):
    url = reverse("assessments:calculator", args=[household.pk])
    page = alice_client.get(url).content.decode()
    assert "Krever samtykke til kartlegging av bolig- og økonomisituasjonen." in page
    what_if = alice_client.post(url, calculator_form(), headers={"HX-Request": "true"})
    assert what_if.status_code == 200 and "samtykke" not in what_if.content.decode()
    refused = alice_client.post(url, {**calculator_form(), "save": "1"})
    assert "Husstanden har ikke samtykket til kartlegging" in refused.content.decode()
    assert not Assessment.objects.exists()


def test_applying_for_startlan_needs_consent_to_share_with_husbanken(alice, assessed_case):
    with pytest.raises(DomainError, match="ikke samtykket til deling med Husbanken"):
        _apply(alice, assessed_case)
    given = _give(alice, assessed_case.household, ConsentPurpose.SHARE_HUSBANKEN)
    assert _apply(alice, assessed_case).status == "applying"
    # Withdrawn: a case closed while applying cannot be reopened into the application either.
    consent_withdraw(actor=alice, consent=given)
    case_services.case_move(actor=alice, case=assessed_case, to_status="declined", reason="Vil vente.",
                            expected_version=assessed_case.version)
    with pytest.raises(DomainError, match="ikke samtykket til deling med Husbanken"):
        case_services.case_reopen(actor=alice, case=assessed_case, expected_version=assessed_case.version,
                                  reason="Vil likevel søke.")
    assessed_case.refresh_from_db()
    assert assessed_case.status == "declined"


def test_sharing_with_a_bank_does_not_stand_in_for_husbanken(alice, assessed_case):
    _give(alice, assessed_case.household, ConsentPurpose.SHARE_BANK, recipient="DNB")
    _give(alice, assessed_case.household, ConsentPurpose.MAPPING)
    with pytest.raises(DomainError, match="deling med Husbanken"):
        _apply(alice, assessed_case)


def test_the_case_page_explains_the_move_and_the_mapping_before_the_caseworker_tries(alice, alice_client,
                                                                                    assessed_case):
    url = reverse("cases:case_detail", args=[assessed_case.pk])
    page = alice_client.get(url).content.decode()
    assert "Søker startlån – Krever samtykke til deling med Husbanken (startlån, tilskudd)." in page
    assert "Krever samtykke til kartlegging av bolig- og økonomisituasjonen." in page
    mapping_page = alice_client.get(reverse("cases:case_mapping", args=[assessed_case.pk])).content.decode()
    assert "Kartleggingen kan ikke lagres før samtykket er" in mapping_page
    _give(alice, assessed_case.household, ConsentPurpose.SHARE_HUSBANKEN)
    _give(alice, assessed_case.household, ConsentPurpose.MAPPING)
    page = alice_client.get(url).content.decode()
    assert "Krever samtykke" not in page and ">Søker startlån</option>" in page


# --- the household page ----------------------------------------------------------------------------------

def test_the_household_page_lists_active_and_withdrawn_consents_and_what_is_missing(alice, alice_client, household):
    withdrawn = _give(alice, household, ConsentPurpose.SHARE_NAV)
    consent_withdraw(actor=alice, consent=withdrawn)
    _give(alice, household, ConsentPurpose.SHARE_BANK, recipient="Sparebanken Fjordvik",
          person=household.main_person)
    page = alice_client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "Samtykker" in page and "Sparebanken Fjordvik" in page and "Kari Nordmann" in page
    assert "Trukket tilbake (1)" in page
    assert "Kartlegging av bolig- og økonomisituasjonen – trengs før kartleggingen lagres" in page
    assert reverse("people:consent_give", args=[household.pk]) in page


def test_a_caseworker_registers_and_withdraws_a_consent_in_the_browser(alice_client, household):
    response = alice_client.post(reverse("people:consent_give", args=[household.pk]), {
        "purpose": "share_husbanken", "method": "verbal", "person": household.main_person.pk,
        "on": timezone.localdate().isoformat(), "note": "Sa ja i samtalen"})
    assert response.status_code == 302
    given = Consent.objects.get()
    assert (given.recipient, given.method, given.person) == ("Husbanken", "verbal", household.main_person)
    url = reverse("people:consent_withdraw", args=[given.pk])
    assert "Trekk tilbake" in alice_client.get(url).content.decode()
    assert alice_client.post(url, {"on": timezone.localdate().isoformat()}).status_code == 302
    given.refresh_from_db()
    assert not given.is_active
    # A refused consent is shown on the form, and nothing is saved.
    page = alice_client.post(reverse("people:consent_give", args=[household.pk]), {
        "purpose": "share_bank", "method": "digital", "on": timezone.localdate().isoformat()}).content.decode()
    assert "Skriv hvem opplysningene skal deles med." in page and Consent.objects.count() == 1


def test_a_programme_leader_sees_the_consents_but_cannot_register_or_withdraw(alice, bob_client, household):
    given = _give(alice, household)
    page = bob_client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "Kartlegging av bolig- og økonomisituasjonen" in page
    assert reverse("people:consent_give", args=[household.pk]) not in page
    assert reverse("people:consent_withdraw", args=[given.pk]) not in page
    assert bob_client.post(reverse("people:consent_give", args=[household.pk]), {
        "purpose": "mapping", "method": "digital", "on": timezone.localdate().isoformat()}).status_code == 403
    assert bob_client.post(reverse("people:consent_withdraw", args=[given.pk]),
                           {"on": timezone.localdate().isoformat()}).status_code == 403
    assert Consent.objects.get().is_active and Consent.objects.count() == 1
