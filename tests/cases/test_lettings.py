"""Letting a municipal dwelling to a household on the waiting list is a decision with a letter:
grounds, the right to appeal, in the household's language, kept byte for byte; optionally
approved by a second person."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from boligvei.cases import services
from boligvei.cases.letters import letting_letter_make
from boligvei.cases.lettings import letting_approve, letting_propose, letting_reject
from boligvei.cases.models import CaseEvent, DecisionLetter, EventKind, Letting
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.housing.models import Tenancy
from tests.cases.test_letters import pdf_text
from tests.conftest import _client_for, count_queries, make_user
from tests.housing.factories import DwellingFactory, TenancyFactory, WaitingListEntryFactory
from tests.people.factories import PersonFactory, household_with_main_person

GROUNDS = {"facts": "Husstanden på tre har ventet siden februar med prioritet høy.",
           "grounds": "Boligen har tre rom og passer husstandens størrelse."}
FORM = {"start_date": "2026-12-01", "end_date": "2031-11-30", "contract_type": "fixed_term",
        "rules": "Kommunens tildelingsregler.", **GROUNDS}


@pytest.fixture
def approver(team):
    return make_user("frida", "approver", team)


@pytest.fixture
def waiting():
    def make(*, lang="nb", children=False, other_language=""):
        household = household_with_main_person(first_name="Amina", last_name="Hassan", preferred_language=lang,
                                               other_language=other_language)
        if children:
            PersonFactory(household=household, relation="child", first_name="Sara", last_name="Hassan",
                          with_identity_number=False)
        return WaitingListEntryFactory(household=household)
    return make


@pytest.fixture
def dwelling():
    return DwellingFactory(street_address="Fjellveien 12", unit_number="H0201", rooms=3, rent_monthly=9800,
                           postal_code="3715", postal_place="Fjordvik")


def _propose(actor, entry, dwelling, **fields):
    return letting_propose(actor=actor, entry=entry, dwelling=dwelling, start_date=dt.date(2026, 12, 1),
                           contract_type="indefinite", **{**GROUNDS, **fields})


def test_a_letting_lets_the_dwelling_and_writes_the_decision_letter_with_the_right_to_appeal(alice, waiting, dwelling):
    entry = waiting()
    letting = _propose(alice, entry, dwelling)
    entry.refresh_from_db()
    assert letting.status == "decided" and letting.decided_by == alice
    assert entry.status == "allocated" and entry.allocated_dwelling == dwelling
    assert Tenancy.objects.get(household=entry.household, is_active=True).rent_monthly == 9800
    letter = DecisionLetter.objects.get(letting=letting)
    assert letter.kind == "letting" and letter.language == "nb" and letter.decision is None
    text = pdf_text(bytes(letter.pdf))
    assert "Vedtak: du får leie kommunal bolig" in text
    assert "Fjellveien 12 H0201, 3715 Fjordvik" in text and "3 rom" in text and "01.12.2026" in text
    assert "9 800 kr" in text and "boligsosialloven" in text and GROUNDS["grounds"] in text
    assert "tre uker fra du mottok" in text and "forvaltningsloven § 18" in text
    assert AuditEvent.objects.filter(action="letting.decide", household_id=entry.household_id).exists()


def test_a_letting_without_grounds_is_refused_and_nothing_is_let(alice, waiting, dwelling):
    entry = waiting()
    with pytest.raises(DomainError, match="hovedhensynene"):
        _propose(alice, entry, dwelling, grounds=" ")
    assert not Letting.objects.exists() and not Tenancy.objects.exists()


def test_a_household_with_children_needs_the_childrens_best_interests_weighed(alice, waiting, dwelling):
    entry = waiting(children=True)
    with pytest.raises(DomainError, match="barnets beste"):
        _propose(alice, entry, dwelling)
    letting = _propose(alice, entry, dwelling, children_interests="Sara kan gå på samme skole.")
    assert "Sara kan gå på samme skole." in pdf_text(bytes(letting.letters.get().pdf))


def test_only_a_waiting_household_can_be_let_a_dwelling(alice, waiting, dwelling):
    entry = waiting()
    entry.status = "withdrawn"
    entry.save()
    with pytest.raises(DomainError, match="Bare husstander som venter kan tildeles bolig"):
        _propose(alice, entry, dwelling)


def test_a_let_dwelling_cannot_be_let_again(alice, waiting):
    let = TenancyFactory().dwelling
    with pytest.raises(DomainError, match="allerede et aktivt leieforhold"):
        _propose(alice, waiting(), let)


def test_the_letter_reprints_with_the_same_bytes(alice, alice_client, waiting, dwelling):
    letter = _propose(alice, waiting(), dwelling).letters.get()
    url = reverse("cases:decision_letter_pdf", args=[letter.pk])
    first, second = alice_client.get(url), alice_client.get(url)
    assert first["Content-Type"] == "application/pdf" and first.content == second.content == bytes(letter.pdf)
    assert AuditEvent.objects.filter(action="case.decision_letter.print").count() == 2


def test_an_english_speaking_household_gets_the_letter_in_english(alice, waiting, dwelling):
    letter = _propose(alice, waiting(lang="en"), dwelling).letters.get()
    text = pdf_text(bytes(letter.pdf))
    assert letter.language == "en" and "Decision: you may rent a municipal home" in text
    assert "three weeks" in text and "section 18" in text


def test_a_nynorsk_household_gets_the_letter_in_nynorsk(alice, waiting, dwelling):
    letter = _propose(alice, waiting(lang="nn"), dwelling).letters.get()
    assert letter.language == "nn" and "Du får leige den kommunale bustaden" in pdf_text(bytes(letter.pdf))


def test_a_household_writing_another_language_gets_bokmal_with_a_note_about_an_interpreter(alice, waiting, dwelling):
    letter = _propose(alice, waiting(lang="other", other_language="somali"), dwelling).letters.get()
    text = pdf_text(bytes(letter.pdf))
    assert letter.language == "nb" and "ikke dette brevet på somali" in text and "interpreter" in text


def test_a_household_in_a_case_gets_the_letting_on_its_timeline(alice, waiting, dwelling):
    entry = waiting()
    case = services.case_open(actor=alice, household=entry.household)
    letting = _propose(alice, entry, dwelling)
    assert letting.case == case and letting.letters.get().reference == f"{case.pk}-T{letting.pk}"
    assert CaseEvent.objects.filter(case=case, kind=EventKind.LETTER, text__contains="tildeling").exists()


def test_a_household_without_a_case_keeps_the_letter_on_its_page(alice, alice_client, waiting, dwelling):
    entry = waiting()
    letting = _propose(alice, entry, dwelling)
    assert letting.case is None and letting.letters.get().reference == f"T{letting.pk}"
    page = alice_client.get(reverse("people:household_detail", args=[entry.household_id])).content.decode()
    assert "Vedtak om tildeling av bolig" in page
    assert reverse("cases:decision_letter_pdf", args=[letting.letters.get().pk]) in page


# The second approver -------------------------------------------------------------------------

@pytest.fixture
def second_approver(settings):
    settings.LETTING_REQUIRES_SECOND_APPROVER = True


def test_with_a_second_approver_a_proposed_letting_waits_and_makes_no_letter(second_approver, alice, waiting,
                                                                             dwelling):
    entry = waiting()
    letting = _propose(alice, entry, dwelling)
    entry.refresh_from_db()
    assert letting.status == "proposed" and letting.second_approval
    assert entry.status == "waiting" and not Tenancy.objects.exists() and not DecisionLetter.objects.exists()


def test_another_approver_approves_the_letting_and_the_letter_is_made(second_approver, alice, approver, waiting,
                                                                      dwelling):
    letting = letting_approve(actor=approver, letting=_propose(alice, waiting(), dwelling))
    assert letting.status == "decided" and letting.decided_by == approver and letting.tenancy is not None
    assert "Fullmaktshaver" in pdf_text(bytes(letting.letters.get().pdf))


def test_the_same_person_cannot_approve_their_own_proposal(second_approver, approver, waiting, dwelling):
    letting = _propose(approver, waiting(), dwelling)
    with pytest.raises(DomainError, match="kan ikke også godkjenne"):
        letting_approve(actor=approver, letting=letting)
    letting.refresh_from_db()
    assert letting.status == "proposed" and not Tenancy.objects.exists()


def test_the_database_refuses_the_proposer_as_the_second_approver(second_approver, approver, waiting, dwelling):
    letting = _propose(approver, waiting(), dwelling)
    with pytest.raises(IntegrityError), transaction.atomic():
        Letting.objects.filter(pk=letting.pk).update(decided_by=approver)


def test_a_caseworker_cannot_approve_a_letting(second_approver, alice, team, waiting, dwelling):
    letting = _propose(alice, waiting(), dwelling)
    with pytest.raises(DomainError, match="Bare en fullmaktshaver"):
        letting_approve(actor=make_user("dina", "caseworker", team), letting=letting)


def test_an_approver_who_does_not_approve_gives_the_reason_and_the_household_keeps_waiting(
        second_approver, alice, approver, waiting, dwelling):
    entry = waiting()
    letting = _propose(alice, entry, dwelling)
    with pytest.raises(DomainError, match="Skriv hvorfor"):
        letting_reject(actor=approver, letting=letting, reason="")
    letting = letting_reject(actor=approver, letting=letting, reason="Boligen er lovet bort til en akutt sak.")
    entry.refresh_from_db()
    assert letting.status == "rejected" and entry.status == "waiting" and not DecisionLetter.objects.exists()


def test_the_approvers_start_page_lists_the_lettings_waiting(second_approver, alice, approver, waiting, dwelling):
    _propose(alice, waiting(), dwelling)
    page = _client_for(approver).get(reverse("start")).content.decode()
    assert "Tildelinger til godkjenning" in page and "Hassan, Amina" in page and "Fjellveien 12" in page
    assert AuditEvent.objects.filter(action="letting.list", actor=approver).exists()


def test_the_proposer_does_not_see_their_own_letting_as_waiting_for_them(second_approver, approver, waiting,
                                                                         dwelling):
    _propose(approver, waiting(), dwelling)
    assert "Tildelinger til godkjenning" not in _client_for(approver).get(reverse("start")).content.decode()


# Pages --------------------------------------------------------------------------------------

def test_the_letting_form_lets_the_dwelling_and_shows_the_decision(alice_client, waiting, dwelling):
    entry = waiting()
    response = alice_client.post(reverse("cases:letting_create", args=[entry.pk]), {"dwelling": dwelling.pk, **FORM})
    assert response.status_code == 302
    letting = Letting.objects.get()
    page = alice_client.get(response.url).content.decode()
    assert "Vedtatt" in page and GROUNDS["grounds"] in page
    assert reverse("cases:decision_letter_pdf", args=[letting.letters.get().pk]) in page


def test_the_letting_form_starts_from_the_rules_and_the_facts_of_the_application(alice_client, waiting, dwelling):
    entry = waiting()
    page = alice_client.get(reverse("cases:letting_create", args=[entry.pk]) + f"?bolig={dwelling.pk}").content.decode()
    assert "boligsosialloven" in page and "søkte om kommunal bolig 10.02.2026" in page and "Boligen har 3 rom" in page


def test_the_letting_form_says_what_is_missing_without_grounds(alice_client, waiting, dwelling):
    entry = waiting()
    page = alice_client.post(reverse("cases:letting_create", args=[entry.pk]), {
        "dwelling": dwelling.pk, **FORM, "grounds": ""}).content.decode()
    assert "Skriv hovedhensynene i vurderingen." in page and not Letting.objects.exists()


def test_a_let_dwelling_is_not_offered_for_letting(alice_client, waiting):
    entry = waiting()
    let = TenancyFactory().dwelling
    response = alice_client.post(reverse("cases:letting_create", args=[entry.pk]), {"dwelling": let.pk, **FORM})
    assert response.status_code == 200 and not Letting.objects.exists()


def test_flats_in_one_building_are_told_apart_by_unit_number_in_the_dwelling_picker(alice_client, waiting):
    # The picker showed «Storgata 1, 3999 Fjordvik» twice: two flats of one building looked the same.
    entry = waiting()
    DwellingFactory(street_address="Storgata 1", unit_number="H0101", rooms=2, floor_area="48.0", area="Sentrum")
    DwellingFactory(street_address="Storgata 1", unit_number="H0201", rooms=3, floor_area="64.5", area="Sentrum")
    page = alice_client.get(reverse("cases:letting_create", args=[entry.pk])).content.decode()
    assert "Storgata 1, H0101 – 2 rom, 48 m², Sentrum" in page
    assert "Storgata 1, H0201 – 3 rom, 64,5 m², Sentrum" in page


def test_a_programme_leader_reads_but_does_not_let(bob_client, waiting):
    assert bob_client.get(reverse("cases:letting_create", args=[waiting().pk])).status_code == 403


def test_the_approver_approves_on_the_letting_page(second_approver, alice, approver, waiting, dwelling):
    letting = _propose(alice, waiting(), dwelling)
    client = _client_for(approver)
    page = client.get(reverse("cases:letting_detail", args=[letting.pk])).content.decode()
    assert "Godkjenn tildelingen" in page
    assert client.post(reverse("cases:letting_approve", args=[letting.pk])).status_code == 302
    letting.refresh_from_db()
    assert letting.status == "decided"


def test_the_proposer_is_not_offered_to_approve_on_the_letting_page(second_approver, approver, waiting, dwelling):
    letting = _propose(approver, waiting(), dwelling)
    page = _client_for(approver).get(reverse("cases:letting_detail", args=[letting.pk])).content.decode()
    assert "Godkjenn tildelingen" not in page and "En annen fullmaktshaver må godkjenne den" in page


def test_a_rejection_without_a_reason_shows_the_form_again(second_approver, alice, approver, waiting, dwelling):
    letting = _propose(alice, waiting(), dwelling)
    response = _client_for(approver).post(reverse("cases:letting_reject", args=[letting.pk]), {"reason": ""})
    assert response.status_code == 400 and "Skriv hvorfor tildelingen ikke godkjennes." in response.content.decode()


def test_the_household_page_costs_the_same_queries_with_one_and_three_decision_letters(alice, alice_client, waiting):
    entry = waiting()
    _propose(alice, entry, DwellingFactory())
    url = reverse("people:household_detail", args=[entry.household_id])
    few = count_queries(alice_client, url)
    letting = Letting.objects.get(household=entry.household)
    for _ in range(2):  # printed again on a new template version, say
        letting_letter_make(actor=alice, letting=letting)
    assert count_queries(alice_client, url) == few
