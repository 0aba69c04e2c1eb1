import datetime as dt

from django.utils import timezone

from boligvei.cases.services import case_open
from boligvei.demo.meetings import demo_meetings_create
from boligvei.demo.services import demo_staff_create
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.meetings.workdays import is_working_day
from tests.people.factories import household_with_main_person


def test_demo_meetings_are_published_on_working_days_and_booked_for_invited_households(db):
    staff = {user.username: user for user in demo_staff_create()}
    for _ in range(6):
        case_open(actor=staff["saksbehandler"], household=household_with_main_person())
    booked = demo_meetings_create(today=timezone.localdate(), seed=1)
    assert booked == 6
    assert MeetingSlot.objects.exists()
    assert all(is_working_day(timezone.localtime(s.starts_at).date()) for s in MeetingSlot.objects.all())
    assert Meeting.objects.filter(status="booked").count() == 5  # one moved (and rebooked), one cancelled
    assert Meeting.objects.filter(status="moved").count() == 1
    assert Meeting.objects.filter(status="cancelled").count() == 1
    assert all(s <= timezone.localdate() + dt.timedelta(days=15)
               for s in MeetingSlot.objects.values_list("starts_at__date", flat=True))


def test_a_demo_reset_deletes_meetings_and_slots(db):
    from boligvei.demo.services import _register_delete

    staff = {user.username: user for user in demo_staff_create()}
    for _ in range(3):
        case_open(actor=staff["saksbehandler"], household=household_with_main_person())
    demo_meetings_create(today=timezone.localdate(), seed=2)
    _register_delete()
    assert not Meeting.objects.exists() and not MeetingSlot.objects.exists()


def test_the_demo_records_a_walk_in_and_a_call_that_were_not_booked(db):
    staff = {user.username: user for user in demo_staff_create()}
    for _ in range(10):
        case_open(actor=staff["saksbehandler"], household=household_with_main_person())
    demo_meetings_create(today=timezone.localdate(), seed=1)
    recorded = Meeting.objects.exclude(form="booked")
    assert sorted(recorded.values_list("form", flat=True)) == ["phone", "walk_in"]
    assert all(m.status == "held" and m.case.status == "conversation_held" for m in recorded)
    assert all(is_working_day(timezone.localtime(m.slot.starts_at).date()) for m in recorded)
