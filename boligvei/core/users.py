"""Staff users, kept by administrators on pages: create, change role and team, deactivate,
reactivate, and a first-login link with which the user chooses a password (two-factor set-up
follows at the first login, `core.middleware.TwoFactorMiddleware`).

Every change is an audit row with old and new values. The last active administrator can be
neither deactivated nor given another role: someone must always be able to run the installation.
Users who log in with the municipality's account (single sign-on) appear here too; their role
and team follow the identity provider's claims at each login (`core/sso.py`), so a change made
here lasts until their next login, and they need no password link.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from django.utils.translation import gettext, gettext_lazy as _

from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import Team, User
from boligvei.core.roles import Role
from boligvei.core.services import update_audited, validated_save

PROFILE_FIELDS = ("first_name", "last_name", "email", "role", "team")
LAST_ADMINISTRATOR = _("Du kan ikke fjerne den siste aktive administratoren: da kan ingen lenger styre "
                      "brukere og innstillinger. Gi først en annen bruker rollen administrator.")


def staff_list(*, active: bool | None = None) -> QuerySet[User]:
    """Every staff user with team and whether an authenticator app is set up, in two queries
    whatever the number of users (the list page shows them all: a municipality has tens)."""
    users = User.objects.select_related("team").annotate(
        has_two_factor=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
    if active is not None:
        users = users.filter(is_active=active)
    return users.order_by("-is_active", "last_name", "first_name", "username")


def _is_last_administrator(user: User) -> bool:
    return (user.is_active and user.role == Role.ADMINISTRATOR
            and not User.objects.filter(is_active=True, role=Role.ADMINISTRATOR).exclude(pk=user.pk).exists())


@transaction.atomic
def user_create(*, actor: User, username: str, first_name: str, last_name: str, email: str, role: str,
                team: Team | None) -> User:
    """A new staff user without a password: they choose one through a first-login link."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(gettext("Brukernavnet «%(username)s» er i bruk. Velg et annet.") % {"username": username})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email, role=role,
                team=team, is_active=True)
    user.set_unusable_password()
    validated_save(user)
    audit_record(actor=actor, action="user.create", obj=user,
                 changes={"username": username, "role": role, "team": team.name if team else ""})
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **fields) -> User:
    """Change name, e-mail, role or team; the last administrator keeps the role."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if fields.get("role", user.role) != Role.ADMINISTRATOR and _is_last_administrator(user):
        raise DomainError(str(LAST_ADMINISTRATOR))
    return update_audited(actor=actor, instance=user, fields={k: fields[k] for k in PROFILE_FIELDS if k in fields},
                          action="user.update")


@transaction.atomic
def user_deactivate(*, actor: User, user: User, reason: str) -> User:
    """The user can no longer log in (sessions already open end at their next request, since
    Django checks `is_active`). Nothing they did is removed: the audit log keeps their name."""
    if not reason.strip():
        raise DomainError(gettext("Skriv hvorfor brukeren deaktiveres."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active:
        raise DomainError(gettext("Brukeren er allerede deaktivert."))
    if _is_last_administrator(user):
        raise DomainError(str(LAST_ADMINISTRATOR))
    user.is_active = False
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.deactivate", obj=user, reason=reason.strip(),
                 changes={"is_active": {"old": "True", "new": "False"}})
    return user


@transaction.atomic
def user_reactivate(*, actor: User, user: User) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active:
        raise DomainError(gettext("Brukeren er allerede aktiv."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    audit_record(actor=actor, action="user.reactivate", obj=user,
                 changes={"is_active": {"old": "False", "new": "True"}})
    return user


@dataclass(frozen=True)
class FirstLoginLink:
    url: str
    emailed_to: str  # "" when it was not sent by e-mail and must be passed on by the administrator
    valid_days: int


def first_login_path(user: User) -> str:
    """The link's path: the user's id and a token that stops working once a password is chosen
    (it is derived from the password hash and the last login) or after PASSWORD_RESET_TIMEOUT."""
    return reverse("core:first_login", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                             default_token_generator.make_token(user)])


@transaction.atomic
def user_first_login_link(*, actor: User, user: User) -> FirstLoginLink:
    """A link with which the user chooses a new password; two-factor set-up follows at the login.

    It is e-mailed when the installation sends e-mail (EMAIL_HOST) and the user has an address;
    otherwise the administrator passes it on. Making a link is audited; the link itself is not
    stored or logged."""
    if not user.is_active:
        raise DomainError(gettext("Brukeren er deaktivert. Aktiver brukeren før du lager en innloggingslenke."))
    if user.oidc_subject:
        raise DomainError(gettext("Brukeren logger inn med kommunens konto og trenger ikke passord i Boligvei."))
    url = settings.PUBLIC_URL + first_login_path(user)
    valid_days = max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)
    emailed_to = ""
    if settings.EMAIL_HOST and user.email:
        send_mail(
            subject="Velkommen til Boligvei: velg passord",
            message=(f"Hei {user.first_name},\n\nDu har fått en bruker i Boligvei. Åpne lenken under for å "
                     f"velge passord. Lenken virker i {valid_days} dager og bare én gang.\n\n{url}\n\n"
                     "Ved første innlogging setter du også opp en autentiseringsapp på mobilen."),
            from_email=None, recipient_list=[user.email])
        emailed_to = user.email
    audit_record(actor=actor, action="user.first_login_link", obj=user,
                 changes={"emailed": bool(emailed_to), "valid_days": valid_days})
    return FirstLoginLink(url=url, emailed_to=emailed_to, valid_days=valid_days)


def user_password_chosen(*, user: User) -> None:
    """The user chose a password through a first-login link."""
    audit_record(actor=user, action="user.password_set", obj=user, changes={"through": "first_login_link"})


def user_language_set(*, user: User, language: str) -> User:
    """The user's own language for the pages ("" for the municipality's målform); audited."""
    user = User.objects.get(pk=user.pk)  # the request's user is a lazy object
    return update_audited(actor=user, instance=user, fields={"language": language}, action="user.language")
