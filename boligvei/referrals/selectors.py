"""Reading the queue of submissions, the households one may be linked to, and the partners."""

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse

from boligvei.core.models import User
from boligvei.core.search import Folded, folded_contains, search_words
from boligvei.people.access import visible_households_q
from boligvei.people.models import Household, Person
from boligvei.people.selectors import households_matching
from boligvei.referrals.models import ReferralPartner, Submission, SubmissionStatus

HOUSEHOLD_CHOICES_LIMIT = 20


def submission_queue(*, user: User, search: str = "", filters: dict | None = None) -> QuerySet:
    """Submissions, the latest first: those waiting unless asked for the handled ones, by channel.
    Free text matches the name, phone number, e-mail address or address given."""
    filters = filters or {}
    # Waiting submissions belong to no household yet; a linked one is as open as its household.
    submissions = (Submission.objects.filter(Q(household__isnull=True) | visible_households_q(user, via="household"))
                   .select_related("partner", "handled_by", "household"))
    state = filters.get("state") or SubmissionStatus.OPEN
    if state in SubmissionStatus.values:
        submissions = submissions.filter(status=state)
    if filters.get("channel"):
        submissions = submissions.filter(channel=filters["channel"])
    for word in search_words(search):
        submissions = submissions.filter(folded_contains(Folded("name"), word) | Q(phone__icontains=word)
                                         | Q(email__icontains=word) | folded_contains(Folded("address"), word))
    return submissions.order_by("-last_submitted_at", "-id")


def open_submission_count() -> int:
    return Submission.objects.filter(status=SubmissionStatus.OPEN).count()


def household_candidates(*, user: User, submission: Submission, search: str = "") -> list[Household]:
    """Households the submission may be about: those matching the search the caseworker typed,
    or else the name and address given, with the main person and active tenancy to tell them
    apart. At most HOUSEHOLD_CHOICES_LIMIT, among those the user may see."""
    households = Household.objects.filter(visible_households_q(user))
    if search.strip():
        households = households_matching(households, search, user=user, where="henvendelser")
    else:
        by_name = households_matching(households, submission.name, user=user, where="henvendelser")
        by_address = (households_matching(households, submission.address, user=user, where="henvendelser")
                      if submission.address else Household.objects.none())
        households = Household.objects.filter(visible_households_q(user),
                                              Q(pk__in=by_name.values("pk")) | Q(pk__in=by_address.values("pk")))
    tenancy = Household._meta.get_field("tenancies").related_model
    return list(households.order_by("name", "id").prefetch_related(
        Prefetch("members", queryset=Person.objects.filter(relation="main"), to_attr="main_members"),
        Prefetch("tenancies", queryset=tenancy.objects.filter(is_active=True).select_related("dwelling"),
                 to_attr="current_tenancies"),
    )[:HOUSEHOLD_CHOICES_LIMIT])


def partner_list() -> list[ReferralPartner]:
    return list(ReferralPartner.objects.order_by("-active", "name"))


def partner_link(partner: ReferralPartner) -> str:
    """The bookmarkable address of a partner's referral form."""
    return settings.PUBLIC_URL + reverse("referrals:partner_referral", args=[partner.token])


def interest_link() -> str:
    return settings.PUBLIC_URL + reverse("referrals:interest")
