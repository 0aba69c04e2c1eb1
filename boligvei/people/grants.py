"""Access to a household outside the own team: given by a programme leader or an administrator
to one user, for a while, with a reason; every opening through it is audited (people.access).

A grant cannot be changed, only revoked; an expired or revoked grant stays as history.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.roles import ALL_TEAMS, READ
from boligvei.people.access import require_grantor
from boligvei.people.models import AccessGrant, Household

MAX_DAYS = 90
REASON_MIN_LENGTH = 10


def grantable_users(household: Household):
    """Who a household can be opened to: active users with register access who do not see it
    already (not in its team, not a role that sees every team)."""
    users = User.objects.filter(is_active=True, role__in=READ - ALL_TEAMS)
    if household.team_id is not None:
        users = users.exclude(team_id=household.team_id)
    return users.order_by("first_name", "last_name", "username")


@transaction.atomic
def access_grant_give(*, actor: User, household: Household, user: User, reason: str, days: int,
                      now: dt.datetime | None = None) -> AccessGrant:
    require_grantor(actor)
    reason = reason.strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise DomainError(_("Skriv en begrunnelse (minst 10 tegn): hvorfor trenger brukeren tilgang?"))
    if not 1 <= days <= MAX_DAYS:
        raise DomainError(_("Tilgangen kan gjelde fra 1 til %(days)s dager.") % {"days": MAX_DAYS})
    if not grantable_users(household).filter(pk=user.pk).exists():
        raise DomainError(_("Brukeren har allerede tilgang til husstanden, eller har ingen rolle som kan se husstander."))
    now = now or timezone.now()
    grant = AccessGrant(user=user, household=household, reason=reason, granted_by=actor,
                        expires_at=now + dt.timedelta(days=days))
    grant.full_clean()
    grant.save()
    audit_record(actor=actor, action="access_grant.give", obj=grant, household_id=household.pk, reason=reason,
                 changes={"user": user.username, "expires_at": grant.expires_at.isoformat()})
    return grant


@transaction.atomic
def access_grant_revoke(*, actor: User, grant: AccessGrant) -> AccessGrant:
    require_grantor(actor)
    if grant.revoked_at is not None:
        raise DomainError(_("Tilgangen er allerede trukket tilbake."))
    grant.revoked_at = timezone.now()
    grant.save(update_fields=["revoked_at", "updated_at"])
    audit_record(actor=actor, action="access_grant.revoke", obj=grant, household_id=grant.household_id,
                 changes={"user": grant.user.username})
    return grant


def household_grants(*, household: Household) -> list[AccessGrant]:
    return list(household.access_grants.select_related("user", "granted_by").order_by("-created_at", "-id"))
