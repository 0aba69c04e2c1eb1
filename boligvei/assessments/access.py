"""Object access for saved assessments: the household's access decides."""

from django.shortcuts import get_object_or_404

from boligvei.assessments.models import Assessment
from boligvei.people.access import get_household_for_user


def get_assessment_for_user(user, pk: int) -> Assessment:
    assessment = get_object_or_404(Assessment.objects.select_related("household", "created_by"), pk=pk)
    get_household_for_user(user, assessment.household_id)
    return assessment
