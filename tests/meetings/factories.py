import datetime as dt

import factory
from django.utils import timezone

from boligvei.meetings.models import Meeting, MeetingSlot
from tests.people.factories import HouseholdFactory


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in Oslo time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class MeetingSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingSlot

    starts_at = factory.LazyFunction(lambda: at(dt.date(2026, 12, 3), 10))
    ends_at = factory.LazyAttribute(lambda slot: slot.starts_at + dt.timedelta(minutes=45))
    location = "Rådhusgata 1, møterom 2"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    slot = factory.SubFactory(MeetingSlotFactory)
    household = factory.SubFactory(HouseholdFactory)
    status = "booked"
    status_changed_at = factory.LazyFunction(timezone.now)


def browser_pages(register: dict) -> list[str]:
    """The meeting pages for the browser's accessibility test, with a booked meeting and a free
    slot on the next working days (the browser runs on the real clock)."""
    from django.urls import reverse

    from boligvei.meetings import services
    from boligvei.meetings.workdays import is_working_day

    caseworker, household = register["case"].caseworker, register["household"]
    day = timezone.localdate() + dt.timedelta(days=1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    slots = services.slot_series_publish(actor=caseworker, day=day, first_start=dt.time(9), last_end=dt.time(11),
                                         minutes=45, location="Rådhusgata 1")
    meeting = services.meeting_book(actor=caseworker, slot=slots[0], household=household)
    # A phone call today moves the case past the booked meeting: the case page offers to cancel it.
    call = services.meeting_record(actor=caseworker, household=household, form="phone", minutes=15,
                                   starts_at=timezone.now() - dt.timedelta(hours=1), attendees="Kari",
                                   interpreter_used=False)
    return [
        reverse("meetings:overview"),
        reverse("meetings:meeting_book", args=[register["entry"].household_id]),
        reverse("meetings:meeting_detail", args=[meeting.pk]),
        reverse("meetings:meeting_record", args=[household.pk]),
        reverse("meetings:meeting_detail", args=[call.pk]),
        reverse("cases:case_detail", args=[register["case"].pk]),
    ]
