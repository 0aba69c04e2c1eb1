from django.shortcuts import get_object_or_404

from boligvei.core.access import require_write
from boligvei.outreach.models import Campaign, Letter


def get_campaign_for_user(user, pk: int, *, write: bool = False) -> Campaign:
    if write:
        require_write(user)
    return get_object_or_404(Campaign.objects.select_related("contact", "created_by", "reminder_of"), pk=pk)


def get_letter_for_user(user, pk: int, *, write: bool = False) -> Letter:
    if write:
        require_write(user)
    return get_object_or_404(Letter.objects.select_related("campaign__contact", "template", "household"), pk=pk)
