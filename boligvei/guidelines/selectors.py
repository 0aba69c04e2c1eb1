"""Reading the guidelines: the version in force on a day, and the history of versions."""

import datetime as dt

from django.db.models import QuerySet

from boligvei.guidelines.models import GuidelineVersion


def guideline_in_force(day: dt.date) -> GuidelineVersion | None:
    """The version whose `valid_from` is the latest on or before the day (None before the first)."""
    return GuidelineVersion.objects.filter(valid_from__lte=day).order_by("-valid_from").first()


def guideline_versions() -> QuerySet[GuidelineVersion]:
    return GuidelineVersion.objects.select_related("created_by").order_by("-valid_from")
