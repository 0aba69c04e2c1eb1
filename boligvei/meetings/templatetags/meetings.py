from django import template
from django.utils.translation import get_language

from boligvei.meetings.selectors import meetings_passed_by_case, next_meeting_for
from boligvei.meetings.workdays import when_text

register = template.Library()


@register.simple_tag
def next_meeting(household):
    """The household's next booked meeting, for the case page (cases come before meetings)."""
    return next_meeting_for(household_id=household.pk)


@register.simple_tag
def passed_meetings(case):
    """Meetings still booked that the case has moved past, offered for cancellation on the case page."""
    return meetings_passed_by_case(case=case)


@register.filter
def slot_when(slot) -> str:
    """"tirsdag 9. mars 2027 kl. 10.00–10.45"."""
    return when_text(slot.starts_at, get_language(), end=slot.ends_at)
