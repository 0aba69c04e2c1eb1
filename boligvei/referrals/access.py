"""Object access for submissions and partners.

Every staff role with register access may see the queue (the statistics role may not, by the
view's decorator); changing a submission needs write access. A partner's public form is opened
by its secret token, and only while the partner is active.
"""

from django.shortcuts import get_object_or_404

from boligvei.core.access import require_write
from boligvei.people.access import get_household_for_user
from boligvei.referrals.models import ReferralPartner, Submission


def get_submission_for_user(user, pk: int, *, write: bool = False) -> Submission:
    """A waiting submission is open to every caseworker; once linked, it is as open as its household."""
    if write:
        require_write(user)
    submission = get_object_or_404(Submission.objects.select_related("partner", "household", "case", "handled_by"),
                                   pk=pk)
    if submission.household_id is not None:
        get_household_for_user(user, submission.household_id, write=write)
    return submission


def get_active_partner(token: str) -> ReferralPartner:
    """The partner whose link this is; an unknown or deactivated link is a 404."""
    return get_object_or_404(ReferralPartner, token=token, active=True)
