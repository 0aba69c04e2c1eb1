import datetime as dt

from icalendar import Calendar

from boligvei.meetings import ical, services
from tests.meetings.factories import at
from tests.people.factories import household_with_main_person


def test_meetings_export_as_icalendar_without_personal_data(alice):
    household = household_with_main_person(first_name="Kari", last_name="Nordmann")
    slot = services.slot_publish(actor=alice, starts_at=at(dt.date(2026, 12, 3), 10),
                                 ends_at=at(dt.date(2026, 12, 3), 10, 45), location="Rådhusgata 1")
    meeting = services.meeting_book(actor=alice, slot=slot, household=household)
    body = ical.meetings_ics([meeting], url_of=lambda m: f"https://boligvei.example/moter/{m.pk}/")
    assert b"Nordmann" not in body and b"Kari" not in body

    calendar = Calendar.from_ical(body)
    [event] = calendar.walk("VEVENT")
    assert str(event["summary"]) == f"Samtale – leie til eie (sak {meeting.case_id})"
    assert str(event["location"]) == "Rådhusgata 1"
    assert str(event["url"]) == f"https://boligvei.example/moter/{meeting.pk}/"
    assert str(event["uid"]) == f"meeting-{meeting.pk}@boligvei-3999"
    assert "dtstamp" in event
    start = event.decoded("dtstart")
    assert start == slot.starts_at and str(start.tzinfo) == "Europe/Oslo"
    assert event["dtstart"].params["TZID"] == "Europe/Oslo"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
