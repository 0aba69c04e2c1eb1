"""Object access for dwellings, tenancies and waiting-list entries.

Dwellings are the municipality's property, open to every staff role; a tenancy or a place on
the waiting list is as open as its household (people.access)."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import require_write
from boligvei.housing.models import Dwelling, Tenancy, WaitingListEntry
from boligvei.people.access import get_household_for_user


def get_dwelling_for_user(user, pk: int, *, write: bool = False) -> Dwelling:
    if write:
        require_write(user)
    return get_object_or_404(Dwelling, pk=pk)


def get_tenancy_for_user(user, pk: int, *, write: bool = False) -> Tenancy:
    tenancy = get_object_or_404(Tenancy.objects.select_related("dwelling", "household"), pk=pk)
    get_household_for_user(user, tenancy.household_id, write=write)
    return tenancy


def get_waiting_list_entry_for_user(user, pk: int, *, write: bool = False) -> WaitingListEntry:
    entry = get_object_or_404(WaitingListEntry.objects.select_related("household"), pk=pk)
    get_household_for_user(user, entry.household_id, write=write)
    return entry
