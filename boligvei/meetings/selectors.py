"""Reading meetings: a caseworker's coming meetings and free slots, the slots a household can
be booked into, and a household's next meeting. Each list is one query, whatever its length."""

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from boligvei.cases import pipeline
from boligvei.cases.models import Case, EventKind
from boligvei.core.models import User
from boligvei.meetings.models import TAKES_SLOT, Meeting, MeetingSlot, MeetingStatus
from boligvei.meetings.workdays import when_text
from boligvei.people.access import visible_households_q

BOOKING_HORIZON = dt.timedelta(weeks=6)


def _meetings() -> QuerySet:
    return Meeting.objects.select_related("slot__caseworker", "household", "case")


def _seen_by(meetings: QuerySet, viewer: User | None) -> QuerySet:
    """Only the meetings with households the viewer may see (all of them without a viewer)."""
    return meetings if viewer is None else meetings.filter(visible_households_q(viewer, via="household"))


def upcoming_meetings(*, caseworker: User | None, now: dt.datetime | None = None,
                      viewer: User | None = None) -> QuerySet:
    """Booked meetings from now on, soonest first: the caseworker's, or everyone's (None)."""
    meetings = _seen_by(_meetings(), viewer).filter(status=MeetingStatus.BOOKED,
                                                    slot__starts_at__gte=now or timezone.now())
    if caseworker is not None:
        meetings = meetings.filter(slot__caseworker=caseworker)
    return meetings.order_by("slot__starts_at", "id")


def meetings_to_record(*, caseworker: User | None, now: dt.datetime | None = None,
                       viewer: User | None = None) -> QuerySet:
    """Booked meetings whose time has come: they need a record, or a note that no one came."""
    meetings = _seen_by(_meetings(), viewer).filter(status=MeetingStatus.BOOKED,
                                                    slot__starts_at__lt=now or timezone.now())
    if caseworker is not None:
        meetings = meetings.filter(slot__caseworker=caseworker)
    return meetings.order_by("slot__starts_at", "id")


def free_slots(*, caseworker: User | None = None, now: dt.datetime | None = None,
               until: dt.datetime | None = None) -> QuerySet:
    """Slots from now on (until a horizon, if given) that no meeting takes, soonest first."""
    now = now or timezone.now()
    taken = Meeting.objects.filter(slot=OuterRef("pk"), status__in=TAKES_SLOT)
    slots = (MeetingSlot.objects.select_related("caseworker").filter(starts_at__gt=now)
             .exclude(Exists(taken)))
    if caseworker is not None:
        slots = slots.filter(caseworker=caseworker)
    if until is not None:
        slots = slots.filter(starts_at__lt=until)
    return slots.order_by("starts_at", "caseworker__first_name", "id")


def bookable_slots(*, caseworker: User | None = None, now: dt.datetime | None = None) -> QuerySet:
    now = now or timezone.now()
    return free_slots(caseworker=caseworker, now=now, until=now + BOOKING_HORIZON)


def slot_caseworkers() -> QuerySet:
    """Caseworkers who have published slots from now on (for the booking page's filter)."""
    return (User.objects.filter(meeting_slots__starts_at__gt=timezone.now()).distinct()
            .order_by("first_name", "last_name"))


def next_meeting_for(*, household_id: int) -> Meeting | None:
    return upcoming_meetings(caseworker=None).filter(household_id=household_id).first()


def calendar_meetings(*, caseworker: User, now: dt.datetime | None = None) -> QuerySet:
    """The caseworker's meetings for a calendar file: booked ones from a month back on."""
    since = (now or timezone.now()) - dt.timedelta(days=30)
    return (_seen_by(_meetings(), caseworker)
            .filter(slot__caseworker=caseworker, status=MeetingStatus.BOOKED, slot__starts_at__gte=since)
            .order_by("slot__starts_at", "id"))


def meeting_history(*, meeting: Meeting) -> list[Meeting]:
    """The chain of times this meeting was moved from, earliest first."""
    chain, current = [], meeting
    while current.replaces_id:
        current = _meetings().get(pk=current.replaces_id)
        chain.append(current)
    return list(reversed(chain))


def coming_meetings_text(case_id: int) -> list[str]:
    """When the case's meetings still to come are (for `cases.hooks`)."""
    return [when_text(meeting.slot.starts_at)
            for meeting in upcoming_meetings(caseworker=None).filter(case_id=case_id)]


def meetings_passed_by_case(*, case: Case) -> list[Meeting]:
    """The case's meetings still booked although the case has moved on since they were booked
    (forward along the pipeline, or closed): the case page offers to cancel them."""
    booked = list(_meetings().filter(case=case, status=MeetingStatus.BOOKED).order_by("slot__starts_at", "id"))
    if not booked:
        return []
    if not case.is_open:
        return booked
    moves = case.events.filter(kind=EventKind.STATUS).values_list("at", "from_status", "to_status")
    forward = [at for at, from_status, to_status in moves
               if to_status != pipeline.Status.MEETING_BOOKED and from_status in pipeline.MAIN_PATH
               and to_status in pipeline.MAIN_PATH and not pipeline.is_backward(from_status, to_status)]
    return [meeting for meeting in booked if any(at >= meeting.created_at for at in forward)]
