"""Meetings as iCalendar (.ics) for the caseworker's own calendar program.

Calendars are synchronised to phones and mail servers outside the municipality's control, so an
event says only what kind of meeting it is, the case number, where and when, and a link back to
Boligvei: never the household's name or anything else about the people in it.
"""

import datetime as dt
from collections.abc import Callable, Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from boligvei.meetings.models import Meeting, MeetingStatus

PRODID = "-//Boligvei//Møter//NO"


def meeting_summary(meeting: Meeting) -> str:
    return f"Samtale – leie til eie (sak {meeting.case_id})" if meeting.case_id else "Samtale – leie til eie"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.pk}@boligvei-{settings.MUNICIPALITY_NUMBER}"


def meetings_ics(meetings: Iterable[Meeting], *, url_of: Callable[[Meeting], str], name: str = "Møter") -> bytes:
    """One calendar with an event per meeting, in Europe/Oslo time. `url_of` gives the absolute
    address of a meeting's page."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = dt.datetime.now(dt.UTC)
    for meeting in meetings:
        slot, url = meeting.slot, url_of(meeting)
        event = Event()
        event.add("uid", meeting_uid(meeting))
        event.add("dtstamp", stamp)
        event.add("dtstart", timezone.localtime(slot.starts_at))
        event.add("dtend", timezone.localtime(slot.ends_at))
        event.add("summary", meeting_summary(meeting))
        event.add("location", slot.location)
        event.add("url", url)
        event.add("description", f"Se møtet i Boligvei: {url}")
        event.add("status", "CANCELLED" if meeting.status in (MeetingStatus.CANCELLED, MeetingStatus.MOVED)
                  else "CONFIRMED")
        event.add("last-modified", meeting.updated_at)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
