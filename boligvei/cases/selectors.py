"""Reading cases: lists ("my cases"), the case page's timeline, what a household has open."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.cases import letters, pipeline
from boligvei.cases.models import (
    Case, CaseChecklist, CaseEvent, CertificateChange, Decision, DecisionLetter, DecisionLetterTemplate, EventKind,
    FinancingCertificate, FollowUpTask, LetterKind, Letting, LettingStatus, Mapping, Purchase,
    PurchaseChecklistVersion, PurchaseFollowUp,
)
from boligvei.cases.pipeline import Status
from boligvei.housing.models import Tenancy
from boligvei.housing.selectors import waiting_list_proposals
from boligvei.core.models import User
from boligvei.people.access import visible_household_flag, visible_households_q
from boligvei.people.selectors import households_matching


def case_list(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """Cases by latest change; the user's own open cases unless asked for others."""
    filters = filters or {}
    cases = Case.objects.filter(visible_households_q(user, via="household")).select_related("household", "caseworker")
    scope = filters.get("scope") or "mine"
    if scope == "mine":
        cases = cases.filter(caseworker=user)
    state = filters.get("state") or "open"
    if state == "open":
        cases = cases.exclude(status__in=pipeline.CLOSED_STATUSES)
    elif state == "closed":
        cases = cases.filter(status__in=pipeline.CLOSED_STATUSES)
    if filters.get("status"):
        cases = cases.filter(status=filters["status"])
    if search:
        cases = households_matching(cases, search, user=user, where="saker", household_field="household")
    return cases.order_by("-status_changed_at", "-id")


@dataclass(frozen=True)
class TimelineEntry:
    at: dt.datetime
    kind: str  # "event" or "assessment"
    event: CaseEvent | None = None
    assessment: Assessment | None = None


def case_timeline(*, case: Case, assessments: list[Assessment] | None = None) -> list[TimelineEntry]:
    """Everything that happened in the case, newest first: its events and the household's
    saved assessments since the case was opened (pass them if already loaded)."""
    entries = [TimelineEntry(at=e.at, kind="event", event=e) for e in case.events.select_related("actor")]
    if assessments is None:
        assessments = case_assessments(case=case)
    entries += [TimelineEntry(at=a.created_at, kind="assessment", assessment=a) for a in assessments]
    return sorted(entries, key=lambda entry: entry.at, reverse=True)


def open_case_for(*, household_id: int) -> Case | None:
    return Case.objects.exclude(status__in=pipeline.CLOSED_STATUSES).filter(household_id=household_id).first()


def case_outcome(*, case: Case, user: User) -> dict:
    """The purchase, if any, and what it freed: the household housed from the waiting list in
    the freed dwelling, or else the waiting households that fit it."""
    purchase = Purchase.objects.filter(case=case).select_related("dwelling", "freed_dwelling").first()
    if purchase is None or purchase.freed_dwelling is None:
        return {"purchase": purchase, "next_tenancy": None, "proposals": []}
    next_tenancy = (Tenancy.objects.filter(dwelling=purchase.freed_dwelling, start_date__gt=purchase.completed_on)
                    .select_related("household").annotate(household_visible=visible_household_flag(user))
                    .order_by("start_date").first())
    proposals = [] if next_tenancy else waiting_list_proposals(dwelling=purchase.freed_dwelling, user=user)
    return {"purchase": purchase, "next_tenancy": next_tenancy, "proposals": proposals}


INTERIM_REPLY_AFTER = dt.timedelta(days=30)  # forvaltningsloven § 11 a: a month without an answer


def cases_awaiting_interim_reply(*, user: User, now: dt.datetime | None = None) -> list[Case]:
    """The user's open cases where the household has waited a month since the case was opened
    or last got an answer (an invitation waits for the household, so it is not counted)."""
    now = now or timezone.now()
    cases = (Case.objects.filter(visible_households_q(user, via="household"), caseworker=user)
             .exclude(status__in=pipeline.CLOSED_STATUSES)
             .exclude(status=Status.INVITED).select_related("household")
             .annotate(last_answer=Max("events__at", filter=Q(events__kind__in=[EventKind.CONTACT, EventKind.OPENED]))))
    due = [case for case in cases if case.last_answer and now - case.last_answer > INTERIM_REPLY_AFTER]
    return sorted(due, key=lambda case: case.last_answer)


WORK_LIST_LIMIT = 100  # per section; the page says how many more there are
UPCOMING_DAYS = 30


def my_work(*, user: User, today: dt.date | None = None) -> dict:
    """A caseworker's work across cases: open tasks (overdue first, then the next 30 days) and
    interim replies due; each list at most WORK_LIST_LIMIT long, with the total."""
    today = today or timezone.localdate()
    open_tasks = (FollowUpTask.objects.filter(visible_households_q(user, via="case__household"), assignee=user,
                                              done_at__isnull=True).select_related("case__household"))
    overdue = open_tasks.filter(due_on__lt=today).order_by("due_on", "id")
    upcoming = open_tasks.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS)).order_by(
        "due_on", "id")
    tasks = list(overdue[:WORK_LIST_LIMIT]) + list(upcoming[:WORK_LIST_LIMIT])
    counts = open_tasks.aggregate(overdue=Count("pk", filter=Q(due_on__lt=today)), upcoming=Count(
        "pk", filter=Q(due_on__gte=today, due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS))))
    return {
        "overdue_total": counts["overdue"],
        "upcoming_total": counts["upcoming"],
        "to_decide": decisions_to_decide(user=user),
        "lettings_to_approve": lettings_to_approve(user=user),
        "overdue": [t for t in tasks if t.due_on < today],
        "upcoming": [t for t in tasks if t.due_on >= today],
        "interim_replies": cases_awaiting_interim_reply(user=user),
        **certificates_to_follow(user=user, today=today),
        **follow_ups_due(user=user, today=today),
        "today": today,
    }


def decisions_to_decide(*, user: User) -> list[Decision]:
    """Recommendations waiting for this approver, oldest first: in the households the user sees,
    not recommended by the user (two people, always). Empty for roles that do not decide."""
    if user.role not in ("approver", "administrator"):
        return []
    return list(Decision.objects.filter(visible_households_q(user, via="case__household"), outcome="")
                .exclude(recommended_by=user).select_related("case__household", "recommended_by")
                .order_by("recommended_at", "id")[:WORK_LIST_LIMIT])


def lettings_to_approve(*, user: User) -> list[Letting]:
    """Lettings proposed by someone else that wait for this approver, oldest first, in the
    households the user sees. Empty for roles that do not approve."""
    if user.role not in ("approver", "administrator"):
        return []
    return list(Letting.objects.filter(visible_households_q(user, via="household"), status=LettingStatus.PROPOSED)
                .exclude(proposed_by=user).select_related("household", "dwelling", "proposed_by")
                .order_by("proposed_at", "id")[:WORK_LIST_LIMIT])


def household_decision_letters(*, household_id: int) -> list[DecisionLetter]:
    """Every decision letter the household has had, from its cases and its lettings, newest
    first (without the PDFs' bytes)."""
    return list(DecisionLetter.objects.filter(Q(decision__case__household_id=household_id)
                                              | Q(letting__household_id=household_id))
                .select_related("decision", "letting", "certificate").defer("pdf", "body")
                .order_by("-created_at", "-id"))


def household_certificates(*, household_id: int) -> list[FinancingCertificate]:
    return list(FinancingCertificate.objects.filter(case__household_id=household_id).select_related("issued_by")
                .order_by("-issued_on", "-id"))


def household_lettings(*, household_id: int) -> list[Letting]:
    return list(Letting.objects.filter(household_id=household_id).select_related("dwelling", "proposed_by",
                                                                                 "decided_by"))


def certificates_to_follow(*, user: User, today: dt.date) -> dict:
    """The user's households holding a financing certificate without having bought: those whose
    certificate runs out within CERTIFICATE_EXPIRY_WARNING_DAYS (or has run out while the case is
    still open), and those who have held one for CERTIFICATE_LONG_HELD_DAYS or more."""
    held = (FinancingCertificate.objects.filter(visible_households_q(user, via="case__household"), case__caseworker=user,
                                                case__purchase__isnull=True)
            .exclude(case__status__in=pipeline.CLOSED_STATUSES).select_related("case__household"))
    soon = today + dt.timedelta(days=settings.CERTIFICATE_EXPIRY_WARNING_DAYS)
    long_ago = today - dt.timedelta(days=settings.CERTIFICATE_LONG_HELD_DAYS)
    return {
        "certificates_expiring": list(held.filter(valid_until__lte=soon).order_by("valid_until", "id")
                                      [:WORK_LIST_LIMIT]),
        "certificates_long_held": list(held.filter(valid_until__gt=soon, issued_on__lte=long_ago)
                                       .order_by("issued_on", "id")[:WORK_LIST_LIMIT]),
    }


def case_tasks(*, case: Case) -> list[FollowUpTask]:
    return list(case.tasks.select_related("assignee").order_by("done_at", "due_on", "id"))


@dataclass(frozen=True)
class ChecklistProgress:
    checklist: CaseChecklist | None
    done: int = 0
    total: int = 0


def case_checklist(*, case: Case, tasks: list[FollowUpTask]) -> ChecklistProgress:
    """The purchase-process checklist on the case and how far it has come (x of y done), from
    the case's tasks already loaded (`case_tasks`)."""
    checklist = CaseChecklist.objects.filter(case=case).select_related("version").first()
    if checklist is None:
        return ChecklistProgress(None)
    steps = [task for task in tasks if task.checklist_id == checklist.pk]
    return ChecklistProgress(checklist, done=sum(1 for task in steps if task.done_at), total=len(steps))


def checklist_versions() -> list[PurchaseChecklistVersion]:
    return list(PurchaseChecklistVersion.objects.select_related("created_by").order_by("-number"))


def case_follow_ups(*, case: Case) -> list[PurchaseFollowUp]:
    """The follow-ups planned after the case's purchase, in the order they fall due."""
    return list(case.follow_ups.select_related("recorded_by").order_by("due_on", "id"))


def follow_ups_due(*, user: User, today: dt.date) -> dict:
    """The follow-ups after a purchase not yet recorded in the user's cases (their households
    as the user sees them): overdue, and due within UPCOMING_DAYS; each list at most
    WORK_LIST_LIMIT long. The case may have been closed: the follow-up is still due."""
    open_follow_ups = (PurchaseFollowUp.objects.filter(visible_households_q(user, via="case__household"),
                                                       case__caseworker=user, done_on__isnull=True)
                       .select_related("case__household"))
    return {
        "follow_ups_overdue": list(open_follow_ups.filter(due_on__lt=today).order_by("due_on", "id")
                                   [:WORK_LIST_LIMIT]),
        "follow_ups_upcoming": list(open_follow_ups.filter(
            due_on__gte=today, due_on__lte=today + dt.timedelta(days=UPCOMING_DAYS)).order_by("due_on", "id")
            [:WORK_LIST_LIMIT]),
    }


def case_decisions(*, case: Case) -> list[Decision]:
    """The case's decisions with their letters to the household (without the PDFs' bytes)."""
    letters = Prefetch("letters", queryset=DecisionLetter.objects.defer("pdf", "body", "recipient").order_by(
        "created_at", "id"))
    return list(case.decisions.select_related("recommended_by", "decided_by", "guideline").prefetch_related(letters))


@dataclass(frozen=True)
class MappingView:
    mapping: Mapping
    sections: list

    @property
    def answers(self) -> dict:
        return self.mapping.answers

    @property
    def form_version(self) -> int:
        return self.mapping.form_version


def latest_mapping(*, case: Case) -> MappingView | None:
    """The newest mapping, shown with the questions of the version it answered."""
    from boligvei.cases.mapping import display

    saved = case.mappings.select_related("created_by").first()
    return MappingView(saved, display(saved.form_version, saved.answers)) if saved else None


def case_assessments(*, case: Case) -> list[Assessment]:
    """The household's saved assessments since the case opened, oldest first: how the picture
    changes as the plan is followed."""
    return list(Assessment.objects.filter(household_id=case.household_id, created_at__gte=case.created_at)
                .select_related("created_by").order_by("created_at", "id"))


def decision_templates() -> list:
    """The decision letters' templates in force, one row per kind and language."""
    rows = []
    for kind in LetterKind.values:
        rows += [template for _, template in sorted(letters.templates_in_force(kind).items())]
    return rows


def decision_template_versions(*, kind: str, language: str) -> list[DecisionLetterTemplate]:
    return list(DecisionLetterTemplate.objects.filter(kind=kind, language=language).select_related("created_by"))


def case_certificates(*, case: Case) -> list[FinancingCertificate]:
    """The case's financing certificates, newest first, with their extensions and renewals."""
    return list(case.certificates.select_related("issued_by").prefetch_related(
        Prefetch("changes", queryset=CertificateChange.objects.select_related("changed_by"))))
