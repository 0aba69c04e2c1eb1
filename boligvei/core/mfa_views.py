"""The two-factor pages: set up an authenticator app, give a code after the password, and an
administrator's reset. A lockout (django-axes) shows the login page with its message."""

import base64

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, ngettext

from boligvei.core import mfa
from boligvei.core.access import administrator_required
from boligvei.core.forms import LoginForm, TwoFactorCodeForm, TwoFactorResetForm
from boligvei.core.views import form_page, run_service
from boligvei.lib.qr import qr_svg


def own_account(view):
    """Any member of staff logged in with a password, whatever the role: their own second factor."""
    wrapped = login_required(view)
    wrapped.staff_required = {"write": False, "own_account": True}
    return wrapped


@own_account
def verify(request):
    """The second step of the login: a code from the app, or a recovery code."""
    user = request.user
    if mfa.is_two_factor_verified(request):
        return redirect(_next_url(request))
    if not mfa.has_two_factor_device(user):
        return redirect_to_login(_next_url(request), reverse("core:two_factor_enrol"))
    if AxesProxyHandler.is_locked(request, {"username": user.get_username()}):
        return locked_out(request)
    form = TwoFactorCodeForm(request.POST or None, recovery_codes=True)
    if request.method == "POST" and form.is_valid():
        try:
            device = mfa.two_factor_verify(user=user, code=form.cleaned_data["code"])
        except mfa.WrongCode as exc:
            # django-axes counts it with the wrong passwords and flags the request at the limit.
            user_login_failed.send(sender=__name__, credentials={"username": user.get_username()},
                                   request=request)
            if getattr(request, "axes_locked_out", False):
                return locked_out(request)
            form.add_error("code", exc)
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _log_in_device(request, device)
            return redirect(_next_url(request))
    return render(request, "core/two_factor_verify.html", {"form": form, "next": _next_url(request)})


@own_account
def enrol(request):
    """Set up an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    user = request.user
    if mfa.has_two_factor_device(user):
        if not mfa.is_two_factor_verified(request):
            return redirect_to_login(_next_url(request), reverse("core:two_factor_verify"))
        messages.info(request, gettext("Tofaktorinnlogging er allerede satt opp. Ny telefon? Be en administrator "
                                       "nullstille den, så setter du opp appen på nytt."))
        return redirect(_next_url(request))
    device = mfa.totp_device_pending(user=user)
    form = TwoFactorCodeForm(request.POST or None, recovery_codes=False)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = mfa.two_factor_enrol(user=user, device=device, code=form.cleaned_data["code"])
        except ValidationError as exc:
            form.add_error("code", exc)
        else:
            _log_in_device(request, device)
            # Shown in this response only: the codes are not kept anywhere the page could read again.
            return render(request, "core/two_factor_recovery_codes.html",
                          {"codes": codes, "next": _next_url(request)})
    qr = base64.b64encode(qr_svg(device.config_url).encode("ascii")).decode("ascii")
    return render(request, "core/two_factor_enrol.html", {
        "form": form, "next": _next_url(request), "qr_data_uri": f"data:image/svg+xml;base64,{qr}",
        "secret": mfa.totp_secret(device), "required": mfa.two_factor_required(user)})


@administrator_required
def reset(request):
    """An administrator removes a user's app and recovery codes (a lost phone); audited with a reason."""
    form = TwoFactorResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.cleaned_data["user"]
        if run_service(form, request, lambda: mfa.two_factor_reset(
                actor=request.user, user=user, reason=form.cleaned_data["reason"]),
                gettext("Tofaktorinnloggingen til %(user)s er nullstilt. De setter opp appen på nytt ved neste "
                        "innlogging.") % {"user": user}):
            return redirect("core:two_factor_reset")
    return form_page(request, form, title=gettext("Nullstill tofaktorinnlogging"), cancel_url=reverse("start"),
                     submit_label=gettext("Nullstill"),
                     intro=gettext("Fjerner brukerens autentiseringsapp og reservekoder og opphever en sperret "
                                   "innlogging. Brukeren setter opp appen på nytt ved neste innlogging."))


def locked_out(request, response=None, credentials=None):
    """django-axes' lockout response: the login page with the reason, and no session left."""
    if request.user.is_authenticated:
        logout(request)
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext("For mange mislykkede innloggingsforsøk. Innloggingen er sperret i %(minutes)d minutt fra "
                       "denne maskinen. Vent og prøv igjen, eller kontakt en administrator.",
                       "For mange mislykkede innloggingsforsøk. Innloggingen er sperret i %(minutes)d minutter fra "
                       "denne maskinen. Vent og prøv igjen, eller kontakt en administrator.", minutes) % {"minutes": minutes}
    return render(request, "registration/login.html", {
        "form": LoginForm(request), "next": _next_url(request), "lockout_message": message}, status=429)


def _next_url(request) -> str:
    """Where the person was going: a page on this site, else the start page."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _log_in_device(request, device) -> None:
    """The session is verified from now on; a new session key, as at every change of privilege."""
    request.session.cycle_key()
    django_otp.login(request, device)
