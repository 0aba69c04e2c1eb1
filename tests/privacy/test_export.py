"""The data export (GDPR article 15): everything about a household, as JSON and as PDF/A."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boligvei.core.models import AuditEvent
from boligvei.privacy import export, selectors
from tests.privacy.records import NOTE, household_with_everything


def _queries(household) -> int:
    with CaptureQueriesContext(connection) as queries:
        export.export_data(selectors.household_record(household=household))
    return len(queries)


def test_the_export_holds_every_part_of_the_register(alice):
    household = household_with_everything(alice)
    data = export.export_data(selectors.household_record(household=household))
    assert (data["schema"], data["schema_version"]) == ("boligvei.innsyn", 1)
    main = next(p for p in data["persons"] if p["relation"] == "Hovedperson")
    assert main["identity_number"] == household.main_person.identity_number()  # in full: it is theirs
    assert len(main["identity_number"]) == 11
    assert data["household"]["address_line"] == "Storgata 5"
    for key in ("tenancies", "waiting_list", "cases", "assessments", "meetings", "letters", "referrals", "consents"):
        assert len(data[key]) == 1, key
    case = data["cases"][0]
    assert case["events"][0]["text"] == NOTE
    assert case["mappings"][0]["answers"] == {"situation": NOTE}
    assert case["decisions"][0]["recommendation"] == "Anbefaler tilskudd til Kari."
    assert case["decisions"][0]["override_reason"] == "Kari kartla med NAV."
    assert case["tasks"][0]["title"] == "Ring Kari om gjelden"
    assert "body" not in data["letters"][0] and data["letters"][0]["title"] == "Invitasjon"
    assert data["consents"][0]["purpose"] == "Deling med bank"
    json.loads(export.export_json(data))  # serialisable as it is


def test_the_export_costs_the_same_queries_however_much_there_is(alice):
    assert _queries(household_with_everything(alice)) == _queries(household_with_everything(alice, copies=3))


def test_the_export_includes_the_access_report(alice, bob_client):
    household = household_with_everything(alice)
    alice_views = AuditEvent.objects.create(actor=alice, actor_label="alice", action="household.view",
                                            household_id=household.pk)
    data = json.loads(bob_client.get(reverse("privacy:export_json", args=[household.pk])).content)
    first = data["access_report"][0]
    assert (first["who"], first["role"], first["what"]) == ("Alice Testesen", "Saksbehandler", "så husstanden")
    assert first["at"].startswith(alice_views.at.astimezone().strftime("%Y-%m-%d"))
    # the export itself is audited, and the export lists it
    assert data["access_report"][-1]["action"] == "privacy.export"


@pytest.mark.parametrize("name", ["export_json", "export_pdf"])
def test_an_export_is_audited_with_its_format(alice, bob, bob_client, name):
    household = household_with_everything(alice)
    response = bob_client.get(reverse(f"privacy:{name}", args=[household.pk]))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="privacy.export")
    assert (event.actor, event.household_id, event.changes) == (bob, household.pk, {"format": name[-4:].strip("_")})


def test_the_pdf_is_pdf_a_in_bokmal_with_the_identity_numbers_in_full(alice, bob_client):
    household = household_with_everything(alice)
    pdf = bob_client.get(reverse("privacy:export_pdf", args=[household.pk])).content
    assert pdf.startswith(b"%PDF") and b"pdfaid:part" in pdf
    data = export.export_data(selectors.household_record(household=household))
    titles = [section["title"] for section in export.export_document(data)["sections"]]
    assert titles[:2] == ["Husstanden", "Personer"] and titles[-1] == "Hvem har sett eller endret opplysningene"
    facts = dict(export.export_document(data)["sections"][1]["items"][0]["facts"])
    assert facts["Fødselsnummer"] == household.main_person.identity_number()


def test_caseworkers_and_the_statistics_role_may_not_export(alice, alice_client, charlie_client):
    household = household_with_everything(alice)
    for client in (alice_client, charlie_client):
        assert client.get(reverse("privacy:export_json", args=[household.pk])).status_code == 403
    assert not AuditEvent.objects.filter(action="privacy.export").exists()


def test_the_export_lists_the_decision_letters_certificates_and_lettings(alice, bob_client):
    import datetime as dt

    from boligvei.cases.letters import letting_letter_make
    from boligvei.cases.lettings import letting_propose
    from tests.housing.factories import DwellingFactory, WaitingListEntryFactory

    household = household_with_everything(alice)
    let = letting_propose(actor=alice, entry=WaitingListEntryFactory(household=household), dwelling=DwellingFactory(
        street_address="Fjellveien 12"), start_date=dt.date(2026, 12, 1), contract_type="indefinite",
        facts="Har ventet i to år.", grounds="Boligen passer.", children_interests="Barna beholder skolen.")
    _queries(household)
    few = _queries(household)
    data = json.loads(bob_client.get(reverse("privacy:export_json", args=[household.pk])).content)
    (letter,) = [x for x in data["decision_letters"] if x["kind"] == "Vedtak om tildeling av bolig"]
    assert letter["kind"] == "Vedtak om tildeling av bolig" and letter["title"] == "Vedtak: du får leie kommunal bolig"
    (letting,) = data["lettings"]
    assert letting["dwelling"].startswith("Fjellveien 12") and letting["grounds"] == "Boligen passer."
    assert letting["status"] == "Vedtatt" and data["certificates"] == []
    pdf = bob_client.get(reverse("privacy:export_pdf", args=[household.pk]))
    assert pdf.status_code == 200
    for _ in range(2):
        letting_letter_make(actor=alice, letting=let)
    assert _queries(household) == few
