"""Writing the housing register: dwellings, tenancies and the waiting list.

Every change passes the acting user and writes an audit row in the same transaction. The rules
that the database also enforces (one active tenancy per dwelling and per household, an end not
before the start, one open waiting-list entry per household) are checked here first so that the
person at the screen gets a clear message, and by the database last, for two people saving at
the same moment.
"""

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.services import update_audited, validated_save
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.people.models import Household

TENANCY_UNIQUE_ERRORS = {
    "tenancy_one_active_per_dwelling": "Boligen har allerede et aktivt leieforhold.",
    "tenancy_one_active_per_household": "Husstanden har allerede et aktivt leieforhold.",
}
WAITING_LIST_UNIQUE_ERRORS = {
    "waiting_list_one_open_entry_per_household": "Husstanden står allerede på ventelisten.",
}


@transaction.atomic
def dwelling_create(*, actor: User, fields: dict) -> Dwelling:
    dwelling = Dwelling(**fields)
    validated_save(dwelling)
    audit_record(actor=actor, action="dwelling.create", obj=dwelling)
    return dwelling


@transaction.atomic
def dwelling_update(*, actor: User, dwelling: Dwelling, fields: dict, expected_version: int | None = None
                    ) -> Dwelling:
    """Change a dwelling. One that is let cannot leave the municipal stock until the tenancy ends.
    From an edit form, only if no one saved since it was opened (`expected_version`)."""
    leaving = fields.get("status", DwellingStatus.IN_USE) != DwellingStatus.IN_USE
    if leaving and Tenancy.objects.filter(dwelling=dwelling, is_active=True).exists():
        raise DomainError(_("Boligen har et aktivt leieforhold. Avslutt leieforholdet før boligen markeres som "
                          "solgt eller avhendet."))
    return update_audited(actor=actor, instance=dwelling, fields=fields, action="dwelling.update",
                          expected_version=expected_version)


def dwelling_record_view(*, actor: User, dwelling: Dwelling, household_ids) -> None:
    """A dwelling page shows its tenants, past and present: that is a read of their data."""
    audit_record(actor=actor, action="dwelling.view", obj=dwelling,
                 changes={"households": sorted(set(household_ids))})


@transaction.atomic
def tenancy_create(*, actor: User, dwelling: Dwelling, household: Household, fields: dict) -> Tenancy:
    """Let a dwelling to a household. Neither may have another active tenancy, and the new one
    starts after the earlier tenancies of both have ended: periods never overlap."""
    dwelling = Dwelling.objects.select_for_update().get(pk=dwelling.pk)  # one letting at a time
    if dwelling.status != DwellingStatus.IN_USE:
        raise DomainError(_("Boligen er ikke lenger i kommunens boligmasse og kan ikke leies ut."))
    if Tenancy.objects.filter(dwelling=dwelling, is_active=True).exists():
        raise DomainError(_("Boligen har allerede et aktivt leieforhold. Avslutt det først."))
    if Tenancy.objects.filter(household=household, is_active=True).exists():
        raise DomainError(_("Husstanden har allerede et aktivt leieforhold. Avslutt det først."))
    start = fields.get("start_date")
    if start and Tenancy.objects.filter(Q(dwelling=dwelling) | Q(household=household), end_date__gte=start).exists():
        raise DomainError(_("Startdatoen overlapper et tidligere leieforhold for boligen eller husstanden."))
    tenancy = Tenancy(dwelling=dwelling, household=household, is_active=True, **fields)
    validated_save(tenancy, unique_errors=TENANCY_UNIQUE_ERRORS)
    audit_record(actor=actor, action="tenancy.create", obj=tenancy, household_id=household.pk,
                 changes={"dwelling": dwelling.pk, "start_date": str(tenancy.start_date)})
    return tenancy


@transaction.atomic
def tenancy_end(*, actor: User, tenancy: Tenancy, end_date: dt.date, reason: str = "") -> Tenancy:
    """End a tenancy (the household moved out, bought, or the contract ran out).

    The end is recorded when it has happened: a notice to move out later is not an end yet.
    """
    tenancy = Tenancy.objects.select_for_update().get(pk=tenancy.pk)  # two people ending it at once
    if not tenancy.is_active:
        raise DomainError(_("Leieforholdet er allerede avsluttet."))
    if end_date > timezone.localdate():
        raise DomainError(_("Sluttdatoen er i fremtiden. Avslutt leieforholdet når husstanden har flyttet ut."))
    return update_audited(actor=actor, instance=tenancy, fields={"is_active": False, "end_date": end_date},
                          action="tenancy.end", household_id=tenancy.household_id)


@transaction.atomic
def waiting_list_entry_create(*, actor: User, household: Household, fields: dict) -> WaitingListEntry:
    if WaitingListEntry.objects.filter(household=household, status=WaitingListStatus.WAITING).exists():
        raise DomainError(_("Husstanden står allerede på ventelisten."))
    entry = WaitingListEntry(household=household, **fields)
    validated_save(entry, unique_errors=WAITING_LIST_UNIQUE_ERRORS)
    audit_record(actor=actor, action="waiting_list.create", obj=entry, household_id=household.pk)
    return entry


@transaction.atomic
def waiting_list_entry_update(*, actor: User, entry: WaitingListEntry, fields: dict,
                              expected_version: int | None = None) -> WaitingListEntry:
    """Change a place on the waiting list; from an edit form, only if no one saved since it was
    opened (`expected_version`)."""
    return update_audited(actor=actor, instance=entry, fields=fields, action="waiting_list.update",
                          household_id=entry.household_id, unique_errors=WAITING_LIST_UNIQUE_ERRORS,
                          expected_version=expected_version)


@transaction.atomic
def waiting_list_allocate(*, actor: User, entry: WaitingListEntry, dwelling: Dwelling, tenancy_fields: dict
                          ) -> Tenancy:
    """Allocate a dwelling to a household on the waiting list: a new tenancy, the entry closed."""
    if entry.status != WaitingListStatus.WAITING:
        raise DomainError(_("Bare husstander som venter kan tildeles bolig."))
    tenancy = tenancy_create(actor=actor, dwelling=dwelling, household=entry.household, fields=tenancy_fields)
    waiting_list_entry_update(actor=actor, entry=entry, fields={
        "status": WaitingListStatus.ALLOCATED, "allocated_dwelling": dwelling,
        "status_date": tenancy.start_date,
    })
    return tenancy
