"""Object access for meetings and slots: a meeting is as open as its household."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import require_write
from boligvei.meetings.models import Meeting, MeetingSlot
from boligvei.people.access import get_household_for_user, sees_all_teams

OTHER_TEAMS_SLOT = _("Møtetiden tilhører en saksbehandler i et annet team. Bare teamet selv kan endre den.")


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("slot__caseworker", "household", "case",
                                                               "replaces__slot"), pk=pk)
    get_household_for_user(user, meeting.household_id, write=write)
    return meeting


def may_change_slot(user, slot: MeetingSlot) -> bool:
    """A slot is its caseworker's time: the caseworker and the colleagues of the same team (who
    cover for each other) may change it, and the roles that see every team."""
    return (slot.caseworker_id == user.pk or sees_all_teams(user)
            or slot.caseworker.team_id == user.team_id)


def get_slot_for_user(user, pk: int, *, write: bool = False) -> MeetingSlot:
    """Slots hold no personal data; any staff role may see them. Writers may change those of
    their own team (403 for another team's, before anything is written)."""
    if write:
        require_write(user)
    slot = get_object_or_404(MeetingSlot.objects.select_related("caseworker"), pk=pk)
    if write and not may_change_slot(user, slot):
        raise PermissionDenied(OTHER_TEAMS_SLOT)
    return slot
