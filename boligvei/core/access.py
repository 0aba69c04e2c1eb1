"""Who may open a page: one decorator for the role, one helper per object kind in each app.

Views start with these, so that access is visible in the first lines of every view and tested
for the user who may, the user who may only read, and the user who may not.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from boligvei.core.roles import Role


def staff_required(*, write: bool = False, statistics_to: str | None = None, roles: frozenset | None = None,
                   refused: str = _("Rollen din gir ikke tilgang til dette.")):
    """The user must be logged in with a role that may read (or, with write, change) the register.
    `statistics_to` names the page the statistics role (no personal data) is sent to instead;
    `roles` narrows the page to some of the roles, with the message `refused` to the others."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            allowed = user.can_write_register if write else user.can_read_register
            if not allowed and statistics_to and user.is_active and user.role == Role.STATISTICS:
                return redirect(statistics_to)
            if not allowed:
                raise PermissionDenied(_("Rollen din gir ikke tilgang til dette."))
            if roles is not None and user.role not in roles:
                raise PermissionDenied(refused)
            return view(request, *args, **kwargs)

        wrapped.staff_required = {"write": write, "statistics_to": statistics_to}
        if roles is not None:
            wrapped.staff_required["roles"] = roles
        return wrapped

    return decorator


def administrator_required(view):
    """Only administrators: the settings that change every household's answer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.role == Role.ADMINISTRATOR):
            raise PermissionDenied(_("Bare administratorer har tilgang til dette."))
        return view(request, *args, **kwargs)

    wrapped.staff_required = {"write": True, "administrator": True}
    return wrapped


def require_write(user) -> None:
    if not user.can_write_register:
        raise PermissionDenied(_("Rollen din gir bare lesetilgang."))
