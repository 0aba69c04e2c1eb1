"""Object access for campaigns and letters."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import require_write
from boligvei.outreach.models import Campaign, Letter
from boligvei.people.access import get_household_for_user, sees_all_teams, visible_households_q


def get_campaign_for_user(user, pk: int, *, write: bool = False, whole: bool = False) -> Campaign:
    """A campaign; its page lists only the letters the user may see. An action on all its
    letters at once (`whole`: print them, mark them sent, remind) needs every household in scope."""
    if write:
        require_write(user)
    campaign = get_object_or_404(Campaign.objects.select_related("contact", "created_by", "reminder_of"), pk=pk)
    if whole and not may_act_on_whole(user, campaign):
        raise PermissionDenied(_("Utsendelsen har brev til husstander utenfor teamet ditt. "
                               "Be en administrator om å gjøre dette for hele utsendelsen."))
    return campaign


def may_act_on_whole(user, campaign: Campaign) -> bool:
    """Whether every household the campaign writes to is in the user's scope."""
    return sees_all_teams(user) or not campaign.letters.exclude(visible_households_q(user, via="household")).exists()


def get_letter_for_user(user, pk: int, *, write: bool = False) -> Letter:
    """A letter is as open as its household."""
    letter = get_object_or_404(Letter.objects.select_related("campaign__contact", "template", "household"), pk=pk)
    get_household_for_user(user, letter.household_id, write=write)
    return letter
