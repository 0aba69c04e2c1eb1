"""Single sign-on for staff with the municipality's account (OpenID Connect, e.g. Entra ID).

mozilla-django-oidc runs the authorization-code flow and checks state, nonce and PKCE; this
module adds what Boligvei needs around it:

- the provider's endpoints from its discovery document, fetched at the first login rather than
  at start-up, so a provider that is down never stops a password login;
- users matched by the `sub` claim of the verified ID token (issuer and audience checked too),
  created only when a claim gives them a Boligvei role; role and team follow the claims at every
  login; every login, refusal and change is audited;
- the provider's own second factor (`amr` contains `mfa`) accepted in place of a TOTP code;
- logout at the provider too, when it offers RP-initiated logout.
"""

import logging
import time
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.backends import ModelBackend
from django.core import checks
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.views import View
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from boligvei.core.audit import audit_record, plain_values
from boligvei.core.errors import DomainError
from boligvei.core.mfa import SSO_SESSION_KEY as MFA_SESSION_KEY
from boligvei.core.models import Team, User
from boligvei.core.roles import Role
from boligvei.core.services import update_audited, validated_save

logger = logging.getLogger(__name__)

# The session remembers a login through the provider, so that logout ends the provider's session
# too; MFA_SESSION_KEY, a second factor the provider vouched for, stands in for a TOTP code.
SSO_LOGIN_SESSION_KEY = "boligvei_sso_login"

NO_ROLE = _("Kommunens konto din har ikke tilgang til Boligvei. Be lederen din eller kommunens "
           "IT-avdeling om å gi deg en rolle i Boligvei.")
INACTIVE = _("Brukeren din i Boligvei er deaktivert. Kontakt en administrator.")
USERNAME_TAKEN = _("Brukernavnet ditt finnes allerede som en lokal bruker i Boligvei. Be en administrator om "
                  "å koble den til kommunens konto.")
FAILED = _("Innloggingen med kommunens konto mislyktes. Prøv igjen, eller kontakt kommunens IT-avdeling "
          "hvis det gjentar seg.")
UNAVAILABLE = _("Kommunens innlogging svarer ikke nå. Prøv igjen om litt.")

# Each provider setting and the discovery document's field it falls back to.
DISCOVERED_FIELDS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_ISSUER": "issuer",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}
# A day: a provider's changed endpoints are picked up without a restart.
DISCOVERY_MAX_AGE = 24 * 3600
_discovered: dict[str, tuple[float, dict]] = {}


def sso_enabled() -> bool:
    return bool(settings.OIDC_RP_CLIENT_ID)


def provider_setting(name: str) -> str | None:
    """One of the provider's endpoints (or its issuer): as set in the environment, else from the
    discovery document. Raises requests.RequestException when the provider does not answer."""
    return getattr(settings, name) or _discovery_document().get(DISCOVERED_FIELDS[name])


def _discovery_document() -> dict:
    url = settings.OIDC_OP_DISCOVERY_URL
    if not url:
        return {}
    fetched = _discovered.get(url)
    if fetched is None or time.monotonic() - fetched[0] > DISCOVERY_MAX_AGE:
        response = requests.get(url, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        fetched = _discovered[url] = (time.monotonic(), response.json())
    return fetched[1]


def _claim_values(claims: dict, name: str | None) -> list[str]:
    """A claim as a list of strings (Entra ID sends `roles` and `groups` as lists)."""
    value = claims.get(name) if name else None
    if value is None:
        return []
    return [str(item) for item in value] if isinstance(value, list) else [str(value)]


def role_from_claims(claims: dict) -> str | None:
    """The Boligvei role the claims give: the first in OIDC_ROLE_MAP that the user holds."""
    held = set(_claim_values(claims, settings.OIDC_ROLE_CLAIM))
    return next((role for value, role in settings.OIDC_ROLE_MAP.items() if value in held), None)


def team_from_claims(claims: dict) -> Team | None:
    """The team the claims give: through OIDC_TEAM_MAP (the first in it the user holds), or the
    claim's value as the team's name when there is no map. A team named for the first time is
    created."""
    held = _claim_values(claims, settings.OIDC_TEAM_CLAIM)
    team_map = settings.OIDC_TEAM_MAP
    names = [name for value, name in team_map.items() if value in held] if team_map else held
    return Team.objects.get_or_create(name=names[0])[0] if names else None


def _profile(claims: dict) -> dict:
    """Name and e-mail address as the provider has them."""
    if claims.get("given_name") or claims.get("family_name"):
        names = {"first_name": claims.get("given_name", ""), "last_name": claims.get("family_name", "")}
    else:
        names = {"first_name": claims.get("name", ""), "last_name": ""}
    return names | ({"email": claims["email"]} if claims.get("email") else {})


def user_sso_login(*, claims: dict) -> User:
    """The member of staff the provider's verified ID-token claims stand for.

    Matched by `sub`; created at the first login only when the claims give a Boligvei role, with
    no password of their own. Role, team (when OIDC_TEAM_CLAIM is set), name and e-mail follow
    the claims at every login, and a change is audited with old and new values. Someone with no
    mapped role, deactivated in Boligvei, or whose username a local user already has, is
    refused with a DomainError; the refusal is audited too.
    """
    subject = claims["sub"]
    user = User.objects.filter(oidc_subject=subject).first()
    username = claims.get("preferred_username") or claims.get("email") or f"sso-{subject}"
    role = role_from_claims(claims)
    if role is None:
        refusal = NO_ROLE
    elif user is not None and not user.is_active:
        refusal = INACTIVE
    elif user is None and User.objects.filter(username=username).exists():
        refusal = USERNAME_TAKEN
    else:
        refusal = None
    if refusal:
        audit_record(actor=user, action="sso.refuse", obj=user, reason=refusal, changes={
            "subject": subject, "username": username,
            "claimed_roles": _claim_values(claims, settings.OIDC_ROLE_CLAIM)})
        raise DomainError(refusal)

    fields = {"role": role, **_profile(claims)}
    with transaction.atomic():
        if settings.OIDC_TEAM_CLAIM:
            fields["team"] = team_from_claims(claims)
        if user is None:
            user = User(username=username, oidc_subject=subject, **fields)
            user.set_unusable_password()
            validated_save(user)
            audit_record(actor=None, action="user.sso_create", obj=user, changes=plain_values(fields))
        else:
            update_audited(actor=None, instance=user, fields=fields, action="user.sso_update")
        audit_record(actor=user, action="sso.login", obj=user,
                     changes={"mfa": "mfa" in _claim_values(claims, "amr")})
    return user


def is_callback_attempt(request, credentials: dict | None) -> bool:
    """Whether a login attempt is the callback view's (with the nonce and PKCE verifier it kept).

    Also django-axes' AXES_WHITELIST_CALLABLE: there is no password here to guess (the provider
    counts its own failures), and no username either, so each refused login would otherwise
    count against everyone behind the same address, and a few would lock the whole office out.
    """
    return set(credentials or ()) == {"nonce", "code_verifier"}


class SsoBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, with the claims of the verified ID token (Entra ID puts the
    app roles there, not in userinfo) and Boligvei's own matching of users."""

    def __init__(self, *args, **kwargs):
        # The library reads the endpoints here, and Django makes every backend for each password
        # login as well: they are resolved only when the provider answers a login instead.
        self.UserModel = User
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    OIDC_OP_TOKEN_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_TOKEN_ENDPOINT"))
    OIDC_OP_JWKS_ENDPOINT = property(lambda self: provider_setting("OIDC_OP_JWKS_ENDPOINT"))

    def authenticate(self, request, **kwargs):
        # Only the callback view's call is for this backend; a password login passes it by.
        if not sso_enabled() or not is_callback_attempt(request, kwargs):
            return None
        return super().authenticate(request, **kwargs)

    def get_user(self, user_id):
        # Django's own rule, which the library's override drops: a deactivated user's sessions end.
        return ModelBackend.get_user(self, user_id)

    def verify_token(self, token, **kwargs):
        """The library checks signature, expiry and nonce; the issuer and audience are checked here."""
        payload = super().verify_token(token, **kwargs)
        if (payload.get("iss") != provider_setting("OIDC_OP_ISSUER")
                or self.OIDC_RP_CLIENT_ID not in _claim_values(payload, "aud")):
            raise SuspiciousOperation("The ID token was issued by another provider or for another client")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        try:
            user = user_sso_login(claims=payload)
        except DomainError as exc:
            self.request.sso_refusal = " ".join(exc.messages)
            return None
        self.request.sso_mfa = "mfa" in _claim_values(payload, "amr")
        return user


class SsoAuthenticateView(OIDCAuthenticationRequestView):
    """`/oidc/authenticate/`: sends the browser to the provider's login."""

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the library would read the endpoint at start-up

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = provider_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except requests.RequestException as exc:
            logger.warning("Single sign-on: the provider's discovery document did not answer: %s", exc)
            messages.error(request, UNAVAILABLE)
            return redirect("login")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class SsoCallbackView(OIDCAuthenticationCallbackView):
    """`/oidc/callback/`: the provider's answer. Logs the user in, or goes back to the login page
    with the reason."""

    def get(self, request):
        if not sso_enabled():
            raise Http404
        try:
            return super().get(request)
        except (SuspiciousOperation, requests.RequestException) as exc:
            # A state this browser's session did not start (forged, replayed or stale), an ID token
            # that fails a check, or a provider that does not answer. The messages carry no
            # personal data.
            logger.warning("Single sign-on refused: %s", exc)
            return self.login_failure()

    def login_failure(self):
        messages.error(self.request, getattr(self.request, "sso_refusal", FAILED))
        return redirect("login")

    def login_success(self):
        response = super().login_success()  # logs in, which gives the session a new key
        session = self.request.session
        session[SSO_LOGIN_SESSION_KEY] = True
        if self.request.sso_mfa:
            session[MFA_SESSION_KEY] = True
        else:
            session.pop(MFA_SESSION_KEY, None)
        return response


def provider_logout_url(request) -> str:
    """Where logging out sends the browser: the provider's end-session endpoint when it has one,
    so that the next person at a shared screen is not logged in with the same account; back to
    the login page afterwards."""
    after = request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL))
    try:
        endpoint = provider_setting("OIDC_OP_END_SESSION_ENDPOINT")
    except requests.RequestException:
        endpoint = None
    if not endpoint:
        return after
    query = urlencode({"client_id": settings.OIDC_RP_CLIENT_ID, "post_logout_redirect_uri": after})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class LogoutView(auth_views.LogoutView):
    """Ends Boligvei's session; after a login with the municipality's account, the provider's too."""

    def post(self, request, *args, **kwargs):
        provider_url = provider_logout_url(request) if request.session.get(SSO_LOGIN_SESSION_KEY) else None
        response = super().post(request, *args, **kwargs)
        return HttpResponseRedirect(provider_url) if provider_url else response


@checks.register()
def check_sso_configuration(app_configs, **kwargs):
    """A role map that names no Boligvei role would let nobody in, or fail at the first login."""
    if not sso_enabled():
        return []
    unknown = sorted(set(settings.OIDC_ROLE_MAP.values()) - set(Role.values))
    if unknown or not settings.OIDC_ROLE_MAP:
        return [checks.Error(
            f"OIDC_ROLE_MAP must map the provider's role values to Boligvei roles; unknown: {', '.join(unknown)}"
            if unknown else "OIDC_ROLE_MAP is empty, so nobody could log in with single sign-on",
            hint=f"e.g. OIDC_ROLE_MAP=Boligvei.Saksbehandler=caseworker; roles: {', '.join(Role.values)}",
            id="boligvei.E001")]
    return []
