"""Object access for shipments: a shipment is as open as its household."""

from django.shortcuts import get_object_or_404

from boligvei.dispatch.models import Shipment
from boligvei.people.access import get_household_for_user


def get_shipment_for_user(user, pk: int, *, write: bool = False) -> Shipment:
    shipment = get_object_or_404(Shipment.objects.select_related("household", "created_by"), pk=pk)
    get_household_for_user(user, shipment.household_id, write=write)
    return shipment
