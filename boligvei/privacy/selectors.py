"""Reading for the data subject's rights: the audit log, who has looked at a household, and what
Boligvei holds about it, each in a fixed number of queries.

An audit event is about a household when it names it (`household_id`: a view, a change, a
reveal) or when it is a list page that showed it (`changes.households`, the ids of the
households on the page; core/lists.py).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.assessments.models import Assessment
from boligvei.cases.models import (
    Case, CaseEvent, Decision, DecisionLetter, FinancingCertificate, FollowUpTask, Letting, Mapping, PurchaseFollowUp,
)
from boligvei.cases.pipeline import OPEN_STATUSES
from boligvei.core.audit import ACTION_LABELS
from boligvei.core.models import AuditEvent
from boligvei.housing.models import Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.meetings.models import Meeting
from boligvei.outreach.models import Letter
from boligvei.people.models import Consent, Household, Person
from boligvei.referrals.models import Submission


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def about_household(pk: int) -> Q:
    """Audit events about a household: those that name it, and list pages that showed it. The
    list's ids are matched as a whole number in the JSON text, which both PostgreSQL and SQLite
    can do in the query (so the log can be paged), and `12` does not match `112`."""
    return Q(household_id=pk) | Q(changes__households__regex=rf"(^|[^0-9]){int(pk)}([^0-9]|$)")


def audit_log(*, filters: dict) -> QuerySet[AuditEvent]:
    """The audit log, newest first, narrowed by date range, user, action and household."""
    events = AuditEvent.objects.select_related("actor").order_by("-at", "-id")
    if filters.get("date_from"):
        events = events.filter(at__gte=_start_of(filters["date_from"]))
    if filters.get("date_to"):
        events = events.filter(at__lt=_start_of(filters["date_to"] + dt.timedelta(days=1)))
    if filters.get("user"):
        events = events.filter(actor=filters["user"])
    if filters.get("action"):
        events = events.filter(action=filters["action"])
    if filters.get("household"):
        events = events.filter(about_household(filters["household"]))
    return events


@dataclass(frozen=True)
class AccessRow:
    """One line of the access report: who, in which role, when, what and why."""

    at: dt.datetime
    who: str
    role: str
    what: str
    why: str
    action: str


def actor_name(event: AuditEvent) -> str:
    if event.api_token_id is not None:  # another system, through the API: its name and key
        return event.actor_label
    if event.actor is None:
        return str(_("Boligvei (automatisk)")) if event.actor_label == "system" else event.actor_label
    return event.actor.get_full_name() or event.actor.username


def actor_role(event: AuditEvent) -> str:
    """The role column for an event without a staff user: a system through the API, or none."""
    return "System (API)" if event.api_token_id is not None else ""


def access_report(*, household: Household) -> list[AccessRow]:
    """Every audit event about the household and its persons, oldest first (one query).

    The role is the user's role today: the log keeps who acted, not the role they had then.
    """
    events = AuditEvent.objects.filter(about_household(household.pk)).select_related("actor").order_by("at", "id")
    return [AccessRow(at=event.at, who=actor_name(event),
                      role=event.actor.get_role_display() if event.actor else actor_role(event),
                      what=str(ACTION_LABELS.get(event.action, event.action)), why=event.reason, action=event.action)
            for event in events]


def erase_refusals(*, household: Household) -> list[str]:
    """Why the household's data may not be erased now, in Norwegian (empty: it may).

    The municipality must keep case documents with a decision (arkivlova and arkivforskrifta:
    public bodies keep their archives, and nothing is discarded without authority), and needs
    the data while the household has an open case, lives in a municipal dwelling or waits for one.
    """
    if household.anonymised_at:
        return [_("Husstanden er allerede anonymisert.")]
    facts = Household.objects.filter(pk=household.pk).annotate(
        decided=Exists(Decision.objects.filter(case__household=OuterRef("pk")).exclude(outcome="")),
        open_case=Exists(Case.objects.filter(household=OuterRef("pk"), status__in=sorted(OPEN_STATUSES))),
        tenancy=Exists(Tenancy.objects.filter(household=OuterRef("pk"), is_active=True)),
        waiting=Exists(WaitingListEntry.objects.filter(household=OuterRef("pk"), status=WaitingListStatus.WAITING)),
    ).values("decided", "open_case", "tenancy", "waiting").get()
    reasons = []
    if facts["decided"]:
        reasons.append(_("Husstanden har vedtak i en sak. Saksdokumenter med vedtak skal bevares i kommunens arkiv "
                       "(arkivlova og arkivforskrifta), så opplysningene kan ikke slettes."))
    if facts["open_case"]:
        reasons.append(_("Husstanden har en åpen sak. Avslutt saken før opplysningene kan slettes."))
    if facts["tenancy"]:
        reasons.append(_("Husstanden har et aktivt leieforhold med kommunen. Opplysningene trengs så lenge "
                       "leieforholdet varer."))
    if facts["waiting"]:
        reasons.append(_("Husstanden står på ventelisten. Opplysningene trengs for å behandle søknaden om "
                       "kommunal bolig."))
    return reasons



@dataclass
class HouseholdRecord:
    """Everything Boligvei holds about one household, loaded (the export is built from this)."""

    household: Household
    persons: list[Person]
    tenancies: list[Tenancy]
    waiting_list: list[WaitingListEntry]
    cases: list[Case]
    assessments: list[Assessment]
    meetings: list[Meeting]
    letters: list[Letter]
    submissions: list[Submission]
    consents: list[Consent]
    access: list[AccessRow]
    decision_letters: list[DecisionLetter]
    certificates: list[FinancingCertificate]
    lettings: list[Letting]


def household_record(*, household: Household) -> HouseholdRecord:
    """The household's whole record in a fixed number of queries, whatever its size."""
    cases = (Case.objects.filter(household=household).select_related("caseworker", "purchase")
             .prefetch_related(
                 Prefetch("events", queryset=CaseEvent.objects.select_related("actor").order_by("at", "id")),
                 Prefetch("tasks", queryset=FollowUpTask.objects.select_related("assignee").order_by("due_on", "id")),
                 Prefetch("mappings", queryset=Mapping.objects.select_related("created_by").order_by("created_at", "id")),
                 Prefetch("decisions", queryset=Decision.objects.select_related("recommended_by", "decided_by", "guideline")
                          .order_by("recommended_at", "id")),
                 Prefetch("follow_ups", queryset=PurchaseFollowUp.objects.select_related("recorded_by")
                          .order_by("due_on", "id")))
             .order_by("created_at", "id"))
    return HouseholdRecord(
        household=household,
        persons=list(Person.objects.filter(household=household).order_by("birth_date", "id")),
        tenancies=list(Tenancy.objects.filter(household=household).select_related("dwelling").order_by("start_date", "id")),
        waiting_list=list(WaitingListEntry.objects.filter(household=household).select_related("allocated_dwelling")
                          .order_by("application_date", "id")),
        cases=list(cases),
        assessments=list(Assessment.objects.filter(household=household).select_related("created_by")
                         .order_by("created_at", "id")),
        meetings=list(Meeting.objects.filter(household=household).select_related("slot", "slot__caseworker")
                      .order_by("slot__starts_at", "id")),
        letters=list(Letter.objects.filter(household=household).select_related("campaign", "template")
                     .defer("pdf", "campaign__batch_pdf").order_by("campaign__letter_date", "id")),
        submissions=list(Submission.objects.filter(household=household).select_related("partner")
                         .order_by("created_at", "id")),
        consents=list(Consent.objects.filter(household=household).select_related("person")
                      .order_by("given_at", "id")),
        access=access_report(household=household),
        decision_letters=list(DecisionLetter.objects.filter(Q(decision__case__household=household)
                                                            | Q(letting__household=household))
                              .select_related("created_by", "decision", "letting").defer("pdf")
                              .order_by("created_at", "id")),
        certificates=list(FinancingCertificate.objects.filter(case__household=household).select_related("issued_by")
                          .order_by("issued_on", "id")),
        lettings=list(Letting.objects.filter(household=household).select_related("dwelling", "proposed_by",
                                                                                 "decided_by")
                      .order_by("proposed_at", "id")),
    )
