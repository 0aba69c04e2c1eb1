"""Object access for cases: the household's access decides."""

from django.shortcuts import get_object_or_404

from boligvei.cases.models import Case
from boligvei.people.access import get_household_for_user


def get_case_for_user(user, pk: int, *, write: bool = False) -> Case:
    case = get_object_or_404(Case.objects.select_related("household", "caseworker", "team"), pk=pk)
    get_household_for_user(user, case.household_id, write=write)
    return case
