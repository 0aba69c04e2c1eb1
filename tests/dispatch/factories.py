"""A shipment through SvarUt with SvarUt's events, for the page walks and the accessibility test."""

from django.urls import reverse
from django.utils import timezone

from boligvei.dispatch.models import Shipment, ShipmentEvent, ShipmentState
from boligvei.dispatch.letters import external_reference


def shipment_for(letter, *, actor, household, kind: str = "decision_letter") -> Shipment:
    """A letter SvarUt took and printed, with its history (made directly: no SvarUt in a walk)."""
    import uuid

    shipment = Shipment.objects.create(
        kind=kind, object_id=letter.pk, household=household, title=letter.title, created_by=actor,
        external_reference=external_reference(kind, letter.pk), state=ShipmentState.PRINTED,
        forsendelse_id=uuid.uuid4(), svarut_status="PRINTET", svarut_status_at=timezone.now(), sent_at=timezone.now())
    ShipmentEvent.objects.create(shipment=shipment, at=timezone.now(), text="Forsendelse mottatt", from_svarut=True)
    ShipmentEvent.objects.create(shipment=shipment, at=timezone.now(), text="Skrevet ut", from_svarut=True)
    return shipment


def browser_pages(register) -> list[str]:
    from boligvei.core.models import User
    from boligvei.outreach.models import Letter

    letter = Letter.objects.filter(pdf__isnull=False).first()
    alice = User.objects.get(username="alice")
    shipment = shipment_for(letter, actor=alice, household=letter.household, kind="letter")
    return [reverse("dispatch:shipment_list"), reverse("dispatch:shipment_detail", args=[shipment.pk])]
