"""Sending letters through SvarUt: queued, sent once by the worker's run, found again by reference
after an interrupted send, followed by polling. Against the local SvarUt (svarut_server.py)."""

import pytest
from django.utils import timezone

from boligvei.cases.models import CaseEvent
from boligvei.core.errors import DomainError
from boligvei.core.models import AuditEvent
from boligvei.dispatch import services
from boligvei.dispatch.models import Shipment, ShipmentState
from boligvei.outreach.models import CampaignStatus, LetterStatus

pytestmark = pytest.mark.django_db


def test_a_decision_letter_goes_to_svarut_once_with_its_pdf_reference_and_the_persons_digital_id(
        svarut, alice, decision_letter):
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    assert shipment.state == ShipmentState.QUEUED and not svarut.forsendelser
    result = services.shipments_send()
    assert (result.sent, result.found, result.failed, result.waiting) == (1, 0, 0, 0)
    shipment.refresh_from_db()
    [forsendelse] = svarut.forsendelser.values()
    assert shipment.state == ShipmentState.SENT and str(shipment.forsendelse_id) == forsendelse.id
    assert forsendelse.body["eksternReferanse"] == f"boligvei-vedtaksbrev-{decision_letter.pk}"
    household = decision_letter.decision.case.household
    assert forsendelse.body["mottaker"]["digitalId"] == household.main_person.identity_number()
    assert forsendelse.body["mottaker"]["postnummer"] and forsendelse.body["kunDigitalLevering"] is False
    assert forsendelse.files == [(f"vedtaksbrev-{decision_letter.pk}.pdf", bytes(decision_letter.pdf),
                                  "application/pdf")]
    sent = AuditEvent.objects.get(action="dispatch.send")
    assert sent.household_id == household.pk and household.main_person.identity_number() not in str(sent.changes)
    assert CaseEvent.objects.filter(case=decision_letter.decision.case, text__contains="sendt gjennom SvarUt").exists()
    assert services.shipments_send().sent == 0  # nothing sent twice
    with pytest.raises(DomainError):
        services.decision_letter_send(actor=alice, letter=decision_letter)


def test_nothing_is_sent_through_svarut_while_it_is_off(settings, alice, decision_letter):
    settings.SVARUT_ENABLED = False
    with pytest.raises(DomainError, match="ikke slått på"):
        services.decision_letter_send(actor=alice, letter=decision_letter)
    assert not Shipment.objects.exists()


def test_a_campaign_sent_through_svarut_is_marked_sent_when_svarut_has_every_letter(svarut, alice, generated_campaign):
    assert services.campaign_send(actor=alice, campaign=generated_campaign) == 3
    assert services.shipments_send().sent == 3
    generated_campaign.refresh_from_db()
    assert generated_campaign.status == CampaignStatus.SENT
    assert set(generated_campaign.letters.values_list("status", flat=True)) == {LetterStatus.SENT}
    references = sorted(f.body["eksternReferanse"] for f in svarut.forsendelser.values())
    assert references == sorted(f"boligvei-brev-{pk}" for pk in generated_campaign.letters.values_list("pk", flat=True))
    assert {f.body["korrelasjonsid"] for f in svarut.forsendelser.values()} == {
        f"boligvei-utsendelse-{generated_campaign.pk}"}


def test_a_send_without_an_answer_is_not_sent_again_but_found_by_its_reference(svarut, settings, alice,
                                                                               decision_letter):
    """SvarUt stores the letter, but the answer never comes (the worker's read times out, as when
    it is killed): the next run asks by reference and records SvarUt's id instead of resending."""
    settings.SVARUT_TIMEOUT_SECONDS = 1
    svarut.stall_send_after = 0
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    result = services.shipments_send()
    assert result.stopped == "unavailable" and result.sent == 0
    shipment.refresh_from_db()
    assert shipment.state == ShipmentState.SENDING and shipment.forsendelse_id is None
    assert len(svarut.forsendelser) == 1  # SvarUt has it
    svarut.stall.set()
    svarut.stall_send_after = None
    result = services.shipments_send()
    assert (result.sent, result.found) == (0, 1)
    shipment.refresh_from_db()
    [forsendelse] = svarut.forsendelser.values()
    assert shipment.state == ShipmentState.SENT and str(shipment.forsendelse_id) == forsendelse.id
    assert AuditEvent.objects.filter(action="dispatch.found").count() == 1
    assert [r for r in svarut.requests if r.startswith("POST") and r.endswith("/forsendelser")].__len__() == 1


def test_a_letter_left_sending_that_never_reached_svarut_is_sent_once(svarut, alice, decision_letter):
    """A worker killed after it committed «sending» but before its request left."""
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    Shipment.objects.filter(pk=shipment.pk).update(state=ShipmentState.SENDING, attempts=1)
    assert services.shipments_send().sent == 1
    assert len(svarut.forsendelser) == 1
    assert any("eksternRef=" in r or r.startswith("GET") for r in svarut.requests)


def test_a_letter_svarut_refuses_is_marked_failed_with_a_reason_to_print_it(svarut, alice, decision_letter):
    type(decision_letter).objects.filter(pk=decision_letter.pk).update(pdf=b"not a pdf")
    decision_letter.refresh_from_db()
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    assert services.shipments_send().failed == 1
    shipment.refresh_from_db()
    assert shipment.state == ShipmentState.FAILED and "Skriv det ut" in shipment.error
    assert "er ikke en PDF" in svarut.violations.pop()


def test_refused_credentials_leave_the_letter_queued_with_a_message_and_a_retry_later(svarut, settings, alice,
                                                                                     decision_letter):
    settings.SVARUT_INTEGRATION_PASSWORD = "feil"
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    result = services.shipments_send()
    assert result.stopped == "auth" and result.waiting == 1
    shipment.refresh_from_db()
    assert shipment.state == ShipmentState.QUEUED and "avviste påloggingen" in shipment.error
    from django_tasks_db.models import DBTaskResult

    from boligvei.dispatch.tasks import send_shipments
    later = DBTaskResult.objects.get(task_path=send_shipments.module_path)
    assert later.run_after > timezone.now()
    settings.SVARUT_INTEGRATION_PASSWORD = svarut.integration_password
    assert services.shipments_send().sent == 1


@pytest.mark.parametrize(("status", "state"), [("LEVERT_SDP", ShipmentState.DIGITAL),
                                                ("PRINTET", ShipmentState.PRINTED),
                                                ("AVVIST", ShipmentState.FAILED),
                                                ("AKSEPTERT", ShipmentState.SENT)])
def test_polling_maps_svarut_status_and_keeps_its_events(svarut, alice, decision_letter, status, state):
    shipment = services.decision_letter_send(actor=alice, letter=decision_letter)
    services.shipments_send()
    shipment.refresh_from_db()
    svarut.advance(str(shipment.forsendelse_id), status, f"Hendelse {status}")
    assert services.shipments_poll() == 1
    shipment.refresh_from_db()
    assert shipment.svarut_status == status and shipment.state == state
    texts = list(shipment.events.filter(from_svarut=True).values_list("text", flat=True))
    assert texts == ["Forsendelse mottatt", f"Hendelse {status}"]
    assert services.shipments_poll() == 0  # nothing new


def test_letters_queued_before_svarut_was_turned_off_wait(svarut, settings, alice, decision_letter):
    services.decision_letter_send(actor=alice, letter=decision_letter)
    settings.SVARUT_ENABLED = False
    result = services.shipments_send()
    assert (result.stopped, result.waiting) == ("off", 1) and not svarut.requests


def test_the_send_command_sends_what_waits_and_says_how_many(svarut, alice, decision_letter):
    import io

    from django.core.management import call_command

    services.decision_letter_send(actor=alice, letter=decision_letter)
    out = io.StringIO()
    call_command("svarut_send", stdout=out)
    assert "Sendt: 1" in out.getvalue()
    svarut.advance(str(Shipment.objects.get().forsendelse_id), "LEVERT_SDP", "Levert")
    call_command("svarut_status", stdout=out)
    assert "Ny status for 1 brev." in out.getvalue()
