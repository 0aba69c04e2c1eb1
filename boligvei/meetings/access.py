"""Object access for meetings and slots: a meeting is as open as its household."""

from django.shortcuts import get_object_or_404

from boligvei.core.access import require_write
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.people.access import get_household_for_user


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("slot__caseworker", "household", "case",
                                                               "replaces__slot"), pk=pk)
    get_household_for_user(user, meeting.household_id, write=write)
    return meeting


def get_slot_for_user(user, pk: int, *, write: bool = False) -> MeetingSlot:
    """Slots hold no personal data; any staff role may see them, writers may change them."""
    if write:
        require_write(user)
    return get_object_or_404(MeetingSlot.objects.select_related("caseworker"), pk=pk)
