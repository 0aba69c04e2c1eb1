"""Object access for households and persons, and the team scope every other app builds on.

Caseworkers and approvers see the households of their own team and the households a programme
leader or an administrator has opened to them with a reason (`AccessGrant`). Programme leaders
and administrators see every household. Every household gets a team when it is made (the
creator's, or the one the import names); one without a team is one nobody could place (an
import run by the system without a team column, or left over by the migration that placed the
old ones): only programme leaders and administrators see it, on the list of households without a
team, until one of them places it. A user without a team sees the households without one, which
keeps a municipality that does not use teams at all working as before. Outside the scope a household does not exist: 404, the
same answer as for an id that was never used, so that guessing ids reveals nothing.

`visible_households_q(user, via=...)` is the one definition of the scope: lists filter by it and
the object helpers of every app end in `get_household_for_user`.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Case, Q, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import require_write
from boligvei.core.audit import audit_record
from boligvei.core.roles import ALL_TEAMS, GRANTORS
from boligvei.people.models import AccessGrant, Household, Person

NOT_FOUND = _("Fant ikke husstanden.")


def sees_all_teams(user) -> bool:
    if getattr(user, "is_system", False):  # another system's API key: the team scope it was given
        return user.is_active and user.all_teams
    return user.is_active and user.role in ALL_TEAMS


def active_grants(user):
    return AccessGrant.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def visible_households_q(user, *, via: str = "") -> Q:
    """The households `user` may see, as a filter on a queryset of households (`via=""`) or of
    rows that point at one (`via="household"`, `via="case__household"`)."""
    if sees_all_teams(user):
        return Q()
    prefix = f"{via}__" if via else ""
    own_team = Q(**({f"{prefix}team": user.team_id} if user.team_id is not None else {f"{prefix}team__isnull": True}))
    if getattr(user, "is_system", False):  # a system gets no grants: its key names its team
        return own_team if user.is_active else Q(pk__in=[])
    granted = Q(**{f"{via or 'pk'}__in": active_grants(user).values("household_id")})
    return own_team | granted


def visible_household_flag(user, *, via: str = "household"):
    """An annotation that is true for the rows whose household the user may see, for pages
    that show a row to everyone (a dwelling) but its household only inside the scope."""
    if sees_all_teams(user):
        return Value(True, output_field=BooleanField())
    return Case(When(visible_households_q(user, via=via), then=Value(True)), default=Value(False),
                output_field=BooleanField())


def household_scope_reason(user, household: Household) -> str | None:
    """Why the user may see the household: "" inside the own scope, the grant's reason through
    a grant, None when the user may not."""
    if getattr(user, "is_system", False):  # an API key: its team scope, no grants
        return "" if sees_all_teams(user) or (user.is_active and household.team_id == user.team_id) else None
    if sees_all_teams(user) or household.team_id == user.team_id:
        return ""
    grant = active_grants(user).filter(household=household).first()
    return grant.reason if grant else None


def _in_scope(user, household: Household) -> Household:
    reason = household_scope_reason(user, household)
    if reason is None:
        raise Http404(NOT_FOUND)
    if reason:  # outside the own team: every opening is logged with the grant's reason
        audit_record(actor=user, action="household.access_via_grant", obj=household, household_id=household.pk,
                     reason=reason)
    return household


def get_household_for_user(user, pk: int, *, write: bool = False) -> Household:
    """The household, if the user may see it (and change it, with write); else 404/403."""
    if write:
        require_write(user)
    household = Household.objects.filter(pk=pk).first()
    if household is None:
        raise Http404(NOT_FOUND)
    return _in_scope(user, household)


def get_person_for_user(user, pk: int, *, write: bool = False) -> Person:
    if write:
        require_write(user)
    person = Person.objects.select_related("household").filter(pk=pk).first()
    if person is None:
        raise Http404(NOT_FOUND)
    _in_scope(user, person.household)
    return person


NOT_A_GRANTOR = _("Bare programledere og administratorer kan gi tilgang utenfor teamet.")


def may_grant(user) -> bool:
    return user.is_active and user.role in GRANTORS


def require_grantor(user) -> None:
    if not may_grant(user):
        raise PermissionDenied(NOT_A_GRANTOR)


def get_grant_for_user(user, pk: int) -> AccessGrant:
    require_grantor(user)
    grant = AccessGrant.objects.select_related("household", "user").filter(pk=pk).first()
    if grant is None:
        raise Http404(_("Fant ikke tilgangen."))
    return grant
