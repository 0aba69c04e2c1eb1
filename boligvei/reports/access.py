"""Who may see the programme's figures: the roles in `core.roles.REPORTS`. The statistics role
is among them and sees aggregates only: no breakdown per caseworker (`CASEWORKER_FIGURES`)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext_lazy as _

from boligvei.core.roles import CASEWORKER_FIGURES, REPORTS


def reports_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (user.is_active and user.role in REPORTS):
            raise PermissionDenied(_("Rollen din gir ikke tilgang til rapportene."))
        if request.method not in ("GET", "HEAD"):  # the reports change nothing
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request, *args, **kwargs)

    wrapped.staff_required = {"write": False, "reports": True}
    return wrapped


def may_see_caseworker_figures(user) -> bool:
    return user.is_active and user.role in CASEWORKER_FIGURES
