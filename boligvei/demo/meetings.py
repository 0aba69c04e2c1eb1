"""Demo meetings: caseworkers' published times over the next two weeks, and a handful of
households with new cases booked in, so the meeting pages have something to show.

Everything goes through the real services (holidays and weekends skipped, cases moved to
"meeting booked", audit rows written); one meeting is moved and one cancelled, so the texts and
letters to the household can be tried; two meetings that were not booked (a walk-in, a call) are
recorded afterwards.
"""

import datetime as dt
import random

from django.utils import timezone

from boligvei.cases.models import Case
from boligvei.core.models import User
from boligvei.meetings import services
from boligvei.meetings.workdays import is_working_day

CASEWORKERS = ("saksbehandler", "saksbehandler2")
LOCATIONS = ("Rådhusgata 1, møterom Fjorden", "Rådhusgata 1, møterom Lia", "Bydelskontoret Nord, Storgata 40")


def demo_meetings_create(*, today: dt.date, seed: int, days: int = 14, count: int = 8) -> int:
    """Publish slots for the demo caseworkers on the working days of the next `days` days and
    book up to `count` invited households into them. Returns the number of meetings booked."""
    rng = random.Random(seed)
    caseworkers = list(User.objects.filter(username__in=CASEWORKERS).order_by("username"))
    if not caseworkers:
        return 0
    first = max(today, timezone.localdate()) + dt.timedelta(days=1)  # services refuse times already past
    slots = []
    for offset in range(days):
        day = first + dt.timedelta(days=offset)
        if not is_working_day(day):
            continue
        for caseworker in caseworkers:
            if rng.random() < 0.4:  # not every caseworker has meeting times every day
                continue
            slots += services.slot_series_publish(
                actor=caseworker, caseworker=caseworker, day=day, first_start=dt.time(9), last_end=dt.time(15),
                minutes=45, pause=15, location=rng.choice(LOCATIONS))
    cases = list(Case.objects.filter(status="invited", caseworker__in=caseworkers)
                 .select_related("household", "caseworker").order_by("pk"))
    rng.shuffle(cases)
    meetings = []
    for case in cases[:count]:
        own = [slot for slot in slots if slot.caseworker_id == case.caseworker_id]
        if not own:
            continue
        slot = rng.choice(own)
        slots.remove(slot)
        meetings.append(services.meeting_book(actor=case.caseworker, slot=slot, household=case.household))
    if len(meetings) >= 2 and slots:
        moved = meetings[0]
        to_slot = next((s for s in slots if s.caseworker_id == moved.slot.caseworker_id), slots[0])
        services.meeting_move(actor=moved.booked_by, meeting=moved, to_slot=to_slot,
                              reason="Saksbehandleren skal på kurs.")
        services.meeting_cancel(actor=meetings[1].booked_by, meeting=meetings[1],
                                reason="Husstanden ringte og ba om å få vente til over nyttår.")
    # Meetings that were not booked, recorded afterwards on the last working day: a walk-in and a
    # call, each moving its invited case on to «Samtale holdt».
    day = timezone.localdate() - dt.timedelta(days=1)
    while not is_working_day(day):
        day -= dt.timedelta(days=1)
    for case, form, hour in zip(cases[count:count + 2], ("walk_in", "phone"), (10, 13)):
        services.meeting_record(
            actor=case.caseworker, household=case.household, form=form, minutes=30,
            starts_at=timezone.make_aware(dt.datetime.combine(day, dt.time(hour))),
            attendees="Hovedpersonen i husstanden", interpreter_used=False,
            notes="Husstanden lurte på om de kan kjøpe boligen de leier.", next_step="Kartlegging i neste møte.")
    return len(meetings)
