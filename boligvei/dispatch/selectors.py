"""Reads for the SvarUt pages: the shipments a user may see, and the shipments of given letters."""

from django.db.models import Count

from boligvei.dispatch.models import Shipment, ShipmentState
from boligvei.people.access import visible_households_q


def shipments_for_user(user, *, state: str = ""):
    shipments = (Shipment.objects.filter(visible_households_q(user, via="household"))
                 .select_related("household").annotate(event_count=Count("events")).order_by("-created_at", "-id"))
    if state in ShipmentState.values:
        shipments = shipments.filter(state=state)
    return shipments


def state_counts(user) -> list[tuple[str, str, int]]:
    counts = dict(Shipment.objects.filter(visible_households_q(user, via="household"))
                  .values_list("state").annotate(n=Count("id")))
    return [(value, label, counts.get(value, 0)) for value, label in ShipmentState.choices]


def shipments_of(kind: str, object_ids) -> dict[int, Shipment]:
    """The shipment of each letter that has one, by the letter's id: one query."""
    return {s.object_id: s for s in Shipment.objects.filter(kind=kind, object_id__in=list(object_ids))}


def case_decision_shipments(case_id: int) -> dict[int, Shipment]:
    """The shipments of a case's decision letters and certificates, by letter id: one query."""
    from boligvei.cases.models import DecisionLetter

    letters = DecisionLetter.objects.filter(decision__case_id=case_id).values("pk")
    return {s.object_id: s for s in Shipment.objects.filter(kind="decision_letter", object_id__in=letters)}
