"""The SvarUt pages and buttons: where a letter is shown, its shipment's status is shown."""

import pytest
from django.urls import reverse

from boligvei.core.models import AuditEvent
from boligvei.dispatch import services
from boligvei.dispatch.models import Shipment, ShipmentState

pytestmark = pytest.mark.django_db


def test_the_campaign_page_offers_svarut_only_when_it_is_on(settings, alice_client, generated_campaign):
    url = reverse("outreach:campaign_detail", args=[generated_campaign.pk])
    settings.SVARUT_ENABLED = False
    assert "Send gjennom SvarUt" not in alice_client.get(url).content.decode()
    settings.SVARUT_ENABLED = True
    page = alice_client.get(url).content.decode()
    assert reverse("dispatch:campaign_send", args=[generated_campaign.pk]) in page
    letter = generated_campaign.letters.first()
    assert reverse("dispatch:letter_send", args=[letter.pk]) in page


def test_sending_a_campaign_queues_its_letters_and_the_page_shows_each_letters_status(svarut, alice_client,
                                                                                    generated_campaign):
    response = alice_client.post(reverse("dispatch:campaign_send", args=[generated_campaign.pk]))
    assert response.status_code == 302
    assert Shipment.objects.filter(state=ShipmentState.QUEUED).count() == 3
    services.shipments_send()
    page = alice_client.get(reverse("outreach:campaign_detail", args=[generated_campaign.pk])).content.decode()
    assert page.count("SvarUt: Sendt") == 3


def test_one_letter_of_a_campaign_can_go_through_svarut(svarut, alice_client, generated_campaign):
    letter = generated_campaign.letters.first()
    alice_client.post(reverse("dispatch:letter_send", args=[letter.pk]))
    assert Shipment.objects.get().object_id == letter.pk


def test_a_decision_letter_is_sent_from_the_case_page_and_shows_its_status_there(svarut, alice_client,
                                                                                decision_letter):
    case_url = reverse("cases:case_detail", args=[decision_letter.decision.case_id])
    send_url = reverse("dispatch:decision_letter_send", args=[decision_letter.pk])
    assert send_url in alice_client.get(case_url).content.decode()
    assert alice_client.post(send_url).status_code == 302
    services.shipments_send()
    page = alice_client.get(case_url).content.decode()
    assert "SvarUt: Sendt" in page and send_url not in page


def test_the_list_and_the_shipment_page_show_status_and_events_and_are_audited(svarut, alice, alice_client,
                                                                               decision_letter):
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    services.shipments_send()
    shipment.refresh_from_db()
    svarut.advance(str(shipment.forsendelse_id), "PRINTET", "Skrevet ut og levert til Posten")
    services.shipments_poll()
    listing = alice_client.get(reverse("dispatch:shipment_list")).content.decode()
    assert decision_letter.title in listing and "Skrevet ut av SvarUt" in listing
    detail = alice_client.get(reverse("dispatch:shipment_detail", args=[shipment.pk])).content.decode()
    assert "Skrevet ut og levert til Posten" in detail and "Skrevet ut og sendt i posten" in detail
    assert AuditEvent.objects.filter(action="dispatch.view", household_id=shipment.household_id).exists()
    assert AuditEvent.objects.filter(action="dispatch.list").exists()


def test_a_refresh_asks_the_worker_for_a_new_status(svarut, alice, alice_client, decision_letter):
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    services.shipments_send()
    response = alice_client.post(reverse("dispatch:shipment_refresh", args=[shipment.pk]))
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="dispatch.refresh").exists()


def test_the_list_page_needs_a_fixed_number_of_queries(svarut, alice, alice_client, generated_campaign,
                                                       django_assert_max_num_queries):
    services.campaign_send(actor=alice, campaign=generated_campaign)
    with django_assert_max_num_queries(20):
        alice_client.get(reverse("dispatch:shipment_list"))
