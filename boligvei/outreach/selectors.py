import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from boligvei.core.models import User
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus, TemplateVersion
from boligvei.outreach.selection import reminder_recipients
from boligvei.people.access import visible_households_q

# A job that has made no letter for this long is taken to have stopped (crash, restart).
STALLED_AFTER = dt.timedelta(minutes=2)


def campaign_list() -> QuerySet:
    return Campaign.objects.select_related("contact").annotate(
        letters_made=Count("letters", filter=~Q(letters__status__in=[LetterStatus.PENDING, LetterStatus.FAILED]))
    ).order_by("-created_at", "-id")


def campaign_progress(*, campaign: Campaign) -> dict:
    counts = dict(campaign.letters.values_list("status").annotate(n=Count("id")).order_by())
    failed = counts.get(LetterStatus.FAILED, 0)
    done = campaign.letters_total - counts.get(LetterStatus.PENDING, 0)  # made, or tried and failed
    made = done - failed
    total = campaign.letters_total or 1
    stalled = (campaign.status == CampaignStatus.GENERATING and campaign.progress_at is not None
               and timezone.now() - campaign.progress_at > STALLED_AFTER)
    return {
        "made": made, "failed": failed, "done": done, "total": campaign.letters_total,
        "percent": int(100 * done / total),
        "counts": [(status, counts.get(status, 0)) for status in LetterStatus if counts.get(status)],
        "batch_ready": campaign.status != CampaignStatus.GENERATING, "stalled": stalled,
    }


def campaign_letters(*, campaign: Campaign, viewer: User) -> QuerySet:
    """The campaign's letters to households the viewer may see."""
    return campaign.letters.filter(visible_households_q(viewer, via="household")).select_related("household", "template").defer("pdf", "body").order_by(
        "household__name", "id")


def reminders_due(*, campaign: Campaign, today: dt.date | None = None) -> int:
    if campaign.status != CampaignStatus.SENT:
        return 0
    return len(reminder_recipients(campaign, today=today or timezone.localdate()).recipients)


def household_letters(*, household_id: int) -> list[Letter]:
    return list(Letter.objects.filter(household_id=household_id).select_related("campaign", "template")
                .defer("pdf", "body").order_by("-id"))


def template_overview() -> list[dict]:
    """Each template (kind × language) with its newest version and how many versions it has."""
    rows: dict[tuple[str, str], dict] = {}
    for version in TemplateVersion.objects.select_related("created_by").order_by("kind", "language", "-number"):
        row = rows.setdefault((version.kind, version.language), {"latest": version, "versions": 0})
        row["versions"] += 1
    return list(rows.values())


def template_versions(*, kind: str, language: str) -> list[TemplateVersion]:
    return list(TemplateVersion.objects.filter(kind=kind, language=language).select_related("created_by"))
