"""Object access for households and persons."""

from django.shortcuts import get_object_or_404

from boligvei.core.access import require_write
from boligvei.people.models import Household, Person


def get_household_for_user(user, pk: int, *, write: bool = False) -> Household:
    """The household, if the user may see it (and change it, with write); else 404/403.

    Every staff role with register access sees every household today; team scoping comes with
    the security issue, here, in one place.
    """
    if write:
        require_write(user)
    return get_object_or_404(Household, pk=pk)


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    if write:
        require_write(user)
    return get_object_or_404(Person.objects.select_related("household"), pk=pk)
