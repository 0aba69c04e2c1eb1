"""Two-factor authentication: an authenticator app (TOTP) and one-time recovery codes.

Everyone who may see personal data (`roles.TWO_FACTOR_REQUIRED`) proves a second factor after the
password, unless single sign-on brought them in and the identity provider asserted a second
factor itself (single sign-on then sets `SSO_SESSION_KEY` in the session). The devices are
django-otp's: a code is refused when it was used before, and wrong codes wait longer and longer
(its throttling); the pages also count them towards django-axes' login lockout (`mfa_views`).
Enrolment, every verification, every wrong code and an administrator's reset write audit rows.
"""

import base64
import math
import re

from axes.handlers.proxy import AxesProxyHandler
from django.db import transaction
from django.utils import timezone
from django_otp import devices_for_user, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.utils.translation import gettext

from boligvei.core.audit import audit_record
from boligvei.core.client_address import lockout_key
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.roles import TWO_FACTOR_REQUIRED

# Set to True by single sign-on when the identity provider asserted a multi-factor login.
SSO_SESSION_KEY = "boligvei_mfa_sso"
RECOVERY_CODE_COUNT = 10
TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")

# URL names a user who still owes a second factor may open: the ways in and out (single sign-on's
# too: its callback logs the user in again), the two-factor pages, the health check and the
# public pages for tenants (tests/test_url_access.py's PUBLIC).
OPEN_BEFORE_VERIFICATION = frozenset({
    "login", "logout", "oidc_authentication_init", "oidc_authentication_callback", "oidc_logout",
    "core:health", "core:ready", "core:worker_health", "core:two_factor_verify", "core:two_factor_enrol",
    "assessments:self_check", "referrals:interest", "referrals:interest_thanks",
    "referrals:partner_referral", "referrals:partner_thanks", "set_language", "core:first_login",
})
# URL namespaces open the same way: the JSON API (boligvei.api) reads no session and answers
# only to an API key, so a half-logged-in browser is neither let in nor sent to the code page.
OPEN_NAMESPACES_BEFORE_VERIFICATION = frozenset({"api_v1"})


class WrongCode(DomainError):
    """The code was not accepted: counted towards the lockout, unlike a code given too soon."""


def is_two_factor_verified(request) -> bool:
    return request.user.is_verified() or request.session.get(SSO_SESSION_KEY) is True


def two_factor_required(user) -> bool:
    return user.is_authenticated and user.is_active and user.role in TWO_FACTOR_REQUIRED


def has_two_factor_device(user: User) -> bool:
    return any(True for _ in devices_for_user(user))


def normalized_code(text: str) -> str:
    """What the person typed, without the spaces and dashes apps and our pages show in codes."""
    return re.sub(r"[\s-]", "", text).lower()


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator app being set up: its secret is shown until a code from it confirms it."""
    return (TOTPDevice.objects.filter(user=user, confirmed=False).first()
            or TOTPDevice.objects.create(user=user, name="Autentiseringsapp", confirmed=False))


def totp_secret(device: TOTPDevice) -> str:
    """The device's key as people type it into an app: base32 in groups of four."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def two_factor_enrol(*, user: User, device: TOTPDevice, code: str) -> tuple[TOTPDevice, list[str]]:
    """Confirm the authenticator app with a code it shows now and make the recovery codes.

    Returns the confirmed device and the recovery codes, which are shown once and never again.
    """
    verified = _verify(user, device, code)
    with transaction.atomic():
        verified.confirmed = True
        verified.save(update_fields=["confirmed"])
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="Reservekoder", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=token) for token in codes)
        audit_record(actor=user, action="two_factor.enrol", obj=user)
    return verified, codes


def two_factor_verify(*, user: User, code: str) -> Device:
    """The device that accepts the code after the password: six digits from the app, or one of
    the recovery codes (used up by it). Every attempt, right or wrong, writes an audit row."""
    method = "app" if TOTP_CODE.fullmatch(code) else "recovery_code"
    model = TOTPDevice if method == "app" else StaticDevice
    device = model.objects.filter(user=user, confirmed=True).first()
    try:
        if device is None:
            raise WrongCode(gettext("Du har ingen reservekoder. Skriv de seks sifrene fra autentiseringsappen."))
        device = _verify(user, device, code)
    except WrongCode:
        audit_record(actor=user, action="two_factor.verify_failed", obj=user, changes={"method": method})
        raise
    audit_record(actor=user, action="two_factor.verify", obj=user, changes={"method": method})
    return device


@transaction.atomic
def two_factor_reset(*, actor: User | None, user: User, reason: str) -> User:
    """Remove the user's authenticator app and recovery codes (a lost or new phone) and lift a
    login lockout on their username. They set up a new app at their next login."""
    if not reason.strip():
        raise DomainError(gettext("Skriv hvorfor tofaktorinnloggingen nullstilles."))
    removed = 0
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
        removed += 1
    AxesProxyHandler.reset_attempts(username=lockout_key(user.username))
    audit_record(actor=actor, action="two_factor.reset", obj=user, changes={"devices": removed},
                 reason=reason.strip())
    return user


def _verify(user: User, device: Device, code: str) -> Device:
    """The device, reloaded, if it accepts the code. A refused code counts towards the device's
    throttling in its own transaction, so the count stays when the caller's work is undone."""
    allowed, details = device.verify_is_allowed()
    if not allowed:
        seconds = math.ceil((details["locked_until"] - timezone.now()).total_seconds())
        raise DomainError(gettext("For mange feil koder på rad. Vent %(duration)s og prøv igjen.")
                          % {"duration": _duration(seconds)})
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise WrongCode(gettext("Koden stemmer ikke, eller den er allerede brukt. Skriv inn koden appen viser nå. "
                                "Får du fortsatt feil, sjekk at klokka på telefonen stiller seg automatisk."))
    return verified


def _duration(seconds: int) -> str:
    if seconds <= 1:
        return gettext("ett sekund")
    if seconds < 120:
        return gettext("%(count)d sekunder") % {"count": seconds}
    if seconds < 2 * 3600:
        return gettext("%(count)d minutter") % {"count": math.ceil(seconds / 60)}
    return gettext("%(count)d timer") % {"count": math.ceil(seconds / 3600)}
