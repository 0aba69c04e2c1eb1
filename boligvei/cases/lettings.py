"""Letting a municipal dwelling to a household on the waiting list: an individual decision.

Letting a dwelling decides a household's application for municipal housing (boligsosialloven
§ 6), so it is an enkeltvedtak like a startlån decision: it names the dwelling, its address,
rooms, the day the household may move in and the rent; it is grounded (the municipality's
allocation rules, the facts, the main considerations and, for a household with children, the
children's best interests) and the household gets a letter with the right to appeal
(`letters.letting_letter_make`). Without grounds nothing is let.

The letting belongs to the household and its place on the waiting list; a household that also
has an open rent-to-own case gets the letting and its letter on the case's timeline.

When the municipality requires it (`LETTING_REQUIRES_SECOND_APPROVER`), the one who proposes a
letting cannot also make it take effect: another person with approver authority approves it
(or does not, with a reason). Until then the dwelling stays vacant and the household waiting.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from boligvei.cases import letter_defaults
from boligvei.cases.decisions import DECIDERS
from boligvei.cases.letters import letting_letter_make, letting_missing_grounds
from boligvei.cases.models import CaseEvent, EventKind, Letting, LettingStatus
from boligvei.cases.selectors import open_case_for
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.housing.models import Dwelling, DwellingStatus, Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.housing.services import waiting_list_allocate

LETTING_UNIQUE_ERRORS = {"letting_one_proposal_per_dwelling": "Boligen er allerede foreslått tildelt."}


def _timeline(letting: Letting, *, actor: User, text: str, at) -> None:
    if letting.case_id is not None:
        CaseEvent.objects.create(case=letting.case, at=at, actor=actor, kind=EventKind.NOTE, text=text)


@transaction.atomic
def letting_propose(*, actor: User, entry: WaitingListEntry, dwelling: Dwelling, start_date, contract_type: str,
                    facts: str, grounds: str, rules: str = "", children_interests: str = "", end_date=None,
                    second_approval: bool | None = None) -> Letting:
    """Let a vacant dwelling to a waiting household, with the decision's grounds. Without a
    second approver required, the letting takes effect at once: the tenancy starts, the household
    leaves the waiting list and gets its letter. With one required, it waits for approval.
    `second_approval` overrides the setting for this letting (the demo shows both paths)."""
    entry = WaitingListEntry.objects.select_for_update().select_related("household").get(pk=entry.pk)
    if entry.status != WaitingListStatus.WAITING:
        raise DomainError("Bare husstander som venter kan tildeles bolig.")
    if dwelling.status != DwellingStatus.IN_USE:
        raise DomainError("Boligen er ikke lenger i kommunens boligmasse og kan ikke leies ut.")
    if Tenancy.objects.filter(dwelling=dwelling, is_active=True).exists():
        raise DomainError("Boligen har allerede et aktivt leieforhold.")
    if entry.lettings.filter(status=LettingStatus.PROPOSED).exists():
        raise DomainError("Husstanden har allerede en tildeling som venter på godkjenning.")
    if end_date is not None and end_date < start_date:
        raise DomainError("Siste dag i leieforholdet kan ikke være før innflyttingen.")
    now = timezone.now()
    letting = Letting(
        household=entry.household, entry=entry, dwelling=dwelling, case=open_case_for(household_id=entry.household_id),
        start_date=start_date, end_date=end_date, contract_type=contract_type, rent_monthly=dwelling.rent_monthly,
        rules=rules.strip() or letter_defaults.RULES["letting"], facts=facts.strip(), grounds=grounds.strip(),
        children_interests=children_interests.strip(), proposed_by=actor, proposed_at=now,
        second_approval=settings.LETTING_REQUIRES_SECOND_APPROVER if second_approval is None else second_approval)
    missing = letting_missing_grounds(letting, has_children=entry.household.members.filter(relation="child").exists())
    if missing:
        raise DomainError(missing)
    letting.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            letting.save()
    except IntegrityError as exc:  # two people proposing the same dwelling at once
        raise DomainError("Boligen er allerede foreslått tildelt.") from exc
    audit_record(actor=actor, action="letting.propose", obj=letting, household_id=letting.household_id,
                 changes={"dwelling": dwelling.pk, "start_date": str(start_date),
                          "second_approval": letting.second_approval})
    if not letting.second_approval:
        return _take_effect(actor=actor, letting=letting, at=now)
    _timeline(letting, actor=actor, at=now,
              text=f"Tildeling av {dwelling.street_address} foreslått. Venter på godkjenning av en fullmaktshaver.")
    return letting


def _locked(letting: Letting) -> Letting:
    # Only the letting's row is locked: its case is optional, and PostgreSQL locks no outer join.
    letting = (Letting.objects.select_for_update(of=("self",))
               .select_related("household", "entry", "dwelling", "case__caseworker", "proposed_by").get(pk=letting.pk))
    if letting.status != LettingStatus.PROPOSED:
        raise DomainError("Tildelingen er allerede behandlet.")
    return letting


def _may_approve(actor: User, letting: Letting) -> None:
    if actor.role not in DECIDERS:
        raise DomainError("Bare en fullmaktshaver kan godkjenne en tildeling.")
    if actor.pk == letting.proposed_by_id:
        raise DomainError("Du foreslo tildelingen og kan ikke også godkjenne den. En annen fullmaktshaver må gjøre det.")


@transaction.atomic
def letting_approve(*, actor: User, letting: Letting) -> Letting:
    """A second person with approver authority approves a proposed letting: it takes effect."""
    letting = _locked(letting)
    _may_approve(actor, letting)
    return _take_effect(actor=actor, letting=letting, at=timezone.now())


@transaction.atomic
def letting_reject(*, actor: User, letting: Letting, reason: str) -> Letting:
    """The approver does not approve a proposed letting, with the reason: the dwelling stays
    vacant and the household waiting; nothing is sent to the household."""
    letting = _locked(letting)
    _may_approve(actor, letting)
    reason = reason.strip()
    if not reason:
        raise DomainError("Skriv hvorfor tildelingen ikke godkjennes.")
    now = timezone.now()
    letting.status, letting.decided_by, letting.decided_at, letting.rejection_reason = (
        LettingStatus.REJECTED, actor, now, reason)
    letting.save(update_fields=["status", "decided_by", "decided_at", "rejection_reason", "updated_at"])
    _timeline(letting, actor=actor, at=now,
              text=f"Tildelingen av {letting.dwelling.street_address} ble ikke godkjent. Begrunnelse: {reason}")
    audit_record(actor=actor, action="letting.reject", obj=letting, household_id=letting.household_id, reason=reason)
    return letting


def _take_effect(*, actor: User, letting: Letting, at) -> Letting:
    """The decision: the tenancy starts, the household leaves the waiting list, the letter is made."""
    tenancy = waiting_list_allocate(actor=actor, entry=letting.entry, dwelling=letting.dwelling, tenancy_fields={
        "start_date": letting.start_date, "end_date": letting.end_date, "contract_type": letting.contract_type,
        "rent_monthly": letting.rent_monthly or letting.dwelling.rent_monthly})
    letting.status, letting.decided_by, letting.decided_at, letting.tenancy = LettingStatus.DECIDED, actor, at, tenancy
    try:
        with transaction.atomic():
            letting.save()
    except IntegrityError as exc:  # the database's own rule: the proposer cannot approve
        raise DomainError("Den som foreslo tildelingen, kan ikke også godkjenne den.") from exc
    _timeline(letting, actor=actor, at=at,
              text=f"Vedtak: husstanden får leie {letting.dwelling.street_address} fra {letting.start_date:%d.%m.%Y}. "
                   f"Begrunnelse: {letting.grounds}")
    audit_record(actor=actor, action="letting.decide", obj=letting, household_id=letting.household_id,
                 changes={"dwelling": letting.dwelling_id, "tenancy": tenancy.pk})
    letting_letter_make(actor=actor, letting=letting)
    return letting
