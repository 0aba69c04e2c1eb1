"""Object access for dwellings, tenancies and waiting-list entries."""

from django.shortcuts import get_object_or_404

from boligvei.core.access import require_write
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry


def get_dwelling_for_user(user, pk: int, *, write: bool = False) -> Dwelling:
    if write:
        require_write(user)
    return get_object_or_404(Dwelling, pk=pk)


def get_tenancy_for_user(user, pk: int, *, write: bool = False) -> Tenancy:
    if write:
        require_write(user)
    return get_object_or_404(Tenancy.objects.select_related("dwelling", "household"), pk=pk)


def get_waiting_list_entry_for_user(user, pk: int, *, write: bool = False) -> WaitingListEntry:
    if write:
        require_write(user)
    return get_object_or_404(WaitingListEntry.objects.select_related("household"), pk=pk)
