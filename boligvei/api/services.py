"""Writing API keys, and the audit rows of what a system reads through the API.

An administrator makes a key for one of the municipality's systems (`api_token_create`): the
secret is returned once, to be shown once, and only its SHA-256 hash is kept. Revoking
(`api_token_revoke`) refuses the key from the next request on. Both are audited. Every read of
personal data through the API writes an audit row with the key as the actor
(`api_read_record`), like a list page does for a staff user.
"""

import datetime as dt
import hashlib
import hmac
import re
import secrets

from django.db import transaction
from django.utils import timezone

from boligvei.api.scopes import IDENTITY_READ, REGISTER_READ, SCOPES
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import ApiToken, Team, User
from boligvei.core.services import validated_save

MAX_VALIDITY = dt.timedelta(days=2 * 365)
# bv_<12 hex: the key's id>_<43 characters: 256 random bits, URL-safe base64>
TOKEN_FORMAT = re.compile(r"bv_([0-9a-f]{12})_[A-Za-z0-9_-]{43}")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, system: str, scopes: list[str], all_teams: bool, team: Team | None,
                     expires_at: dt.datetime) -> tuple[ApiToken, str]:
    """A new key for `system`; returns the key and its secret, which is never shown again."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise DomainError("Velg minst én tilgang fra listen.")
    if IDENTITY_READ in scopes and REGISTER_READ not in scopes:
        raise DomainError("«Se fulle fødselsnumre» gjelder bare sammen med «Lese registeret».")
    if all_teams == (team is not None):
        raise DomainError("Velg enten alle team eller ett team.")
    now = timezone.now()
    if expires_at <= now:
        raise DomainError("Utløpsdatoen må være fram i tid.")
    if expires_at > now + MAX_VALIDITY:
        raise DomainError("En API-nøkkel kan gjelde i høyst to år. Lag en ny når den går ut.")
    prefix = secrets.token_hex(6)
    secret = f"bv_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(system=system.strip(), prefix=prefix, secret_hash=_hash(secret),
                     scopes=[scope for scope in SCOPES if scope in scopes], all_teams=all_teams, team=team,
                     expires_at=expires_at, created_by=actor)
    validated_save(token)
    audit_record(actor=actor, action="api_token.create", obj=token, changes={
        "system": token.system, "scopes": token.scopes, "team": str(team) if team else "alle team",
        "expires_at": token.expires_at.isoformat()})
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Refuse the key from now on. The row stays: the audit log names it."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise DomainError("Nøkkelen er allerede trukket tilbake.")
    token.revoked_at, token.revoked_by = timezone.now(), actor
    token.save(update_fields=["revoked_at", "revoked_by"])
    audit_record(actor=actor, action="api_token.revoke", obj=token, changes={"system": token.system})
    return token


def api_token_for(secret: str) -> ApiToken | None:
    """The active key with this secret, its last use noted; None for anything else (unknown,
    malformed, revoked or expired: the caller cannot tell which)."""
    match = TOKEN_FORMAT.fullmatch(secret)
    if match is None:
        return None
    token = ApiToken.objects.select_related("team").filter(prefix=match[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(secret)) or not token.is_active:
        return None
    token.last_used_at = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token


def api_read_record(*, token: ApiToken, action: str, household_ids, obj=None, household_id: int | None = None,
                    identity_numbers: bool = False) -> None:
    """What a system read through the API: the households it was shown, as a list page records
    them (`changes.households`, found by the access report). Identity numbers in full get a row
    of their own."""
    ids = sorted(set(household_ids))
    if household_id is None and not ids:
        return
    changes = {"households": ids} if household_id is None else {}
    audit_record(actor=token, action=action, obj=obj, household_id=household_id, changes=changes)
    if identity_numbers:
        audit_record(actor=token, action="person.identity_number.list", obj=obj, household_id=household_id,
                     changes=changes)
