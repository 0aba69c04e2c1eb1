"""Administrators keep the staff users on pages (core/users.py has the rules), and a new user
chooses a password through the first-login link."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from boligvei.core import mfa, users
from boligvei.core.access import administrator_required
from boligvei.core.forms import (DeactivateUserForm, FirstLoginPasswordForm, LanguagePreferenceForm, StaffUserForm,
                                 UserTwoFactorResetForm)
from boligvei.core.middleware import chosen_language
from boligvei.core.mfa_views import own_account
from boligvei.core.models import User
from boligvei.core.views import form_page, run_action, run_service


@administrator_required
def user_list(request):
    return render(request, "core/user_list.html", {"users": users.staff_list()})


@administrator_required
def user_create(request):
    form = StaffUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = run_service(form, request, lambda: users.user_create(actor=request.user, **form.cleaned_data),
                           gettext("Brukeren «%(username)s» er opprettet. Lag en innloggingslenke "
                                   "så brukeren kan velge passord.") % {"username": form.cleaned_data["username"]})
        if user:
            return redirect("core:user_detail", user.pk)
    return form_page(request, form, title=gettext("Ny bruker"), cancel_url=reverse("core:user_list"),
                     submit_label=gettext("Opprett bruker"),
                     intro=gettext("Brukeren velger selv passord med en innloggingslenke og setter opp "
                                   "tofaktorinnlogging ved første innlogging."))


@administrator_required
def user_detail(request, pk):
    user = get_object_or_404(users.staff_list(), pk=pk)
    form = StaffUserForm(request.POST or None, instance=User.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: users.user_update(actor=request.user, user=user, **form.cleaned_data),
                       gettext("Endringene er lagret.")):
            return redirect("core:user_detail", pk)
    return render(request, "core/user_detail.html", {
        "staff": user, "form": form, "deactivate_form": DeactivateUserForm(),
        "reset_form": UserTwoFactorResetForm(),
    })


def _with_reason(request, pk, form_class, missing: str, action, success) -> HttpResponse:
    """A button on the user's page that needs a reason: the service with the reason, or the
    message saying what is missing; back to the user's page either way."""
    user = get_object_or_404(User, pk=pk)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, missing)
    else:
        run_action(request, lambda: action(user, form.cleaned_data["reason"]), success(user))
    return redirect("core:user_detail", pk)


@administrator_required
@require_POST
def user_deactivate(request, pk):
    return _with_reason(
        request, pk, DeactivateUserForm, gettext("Skriv hvorfor brukeren deaktiveres."),
        lambda user, reason: users.user_deactivate(actor=request.user, user=user, reason=reason),
        lambda user: gettext("%(user)s er deaktivert og kan ikke lenger logge inn.") % {
            "user": user.get_full_name() or user.username})


@administrator_required
@require_POST
def user_reactivate(request, pk):
    user = get_object_or_404(User, pk=pk)
    run_action(request, lambda: users.user_reactivate(actor=request.user, user=user),
               gettext("%(user)s er aktiv igjen.") % {"user": user.get_full_name() or user.username})
    return redirect("core:user_detail", pk)


@administrator_required
@require_POST
def user_first_login_link(request, pk):
    """The link is shown once, on this response, never stored in a message or the session."""
    user = get_object_or_404(User, pk=pk)
    link = run_action(request, lambda: users.user_first_login_link(actor=request.user, user=user),
                      gettext("Innloggingslenken er laget."))
    if link is None:
        return redirect("core:user_detail", pk)
    return render(request, "core/user_first_login_link.html", {"staff": user, "link": link})


@administrator_required
@require_POST
def user_two_factor_reset(request, pk):
    return _with_reason(
        request, pk, UserTwoFactorResetForm, gettext("Skriv hvorfor tofaktorinnloggingen nullstilles."),
        lambda user, reason: mfa.two_factor_reset(actor=request.user, user=user, reason=reason),
        lambda user: gettext("Tofaktorinnloggingen til %(user)s er nullstilt. Brukeren setter opp appen på nytt "
                             "ved neste innlogging.") % {"user": user})


class FirstLoginView(auth_views.PasswordResetConfirmView):
    """The new user's link: choose a password, then log in (two-factor set-up follows). Django's
    view moves the token out of the address into the session before the form is shown."""

    form_class = FirstLoginPasswordForm
    template_name = "registration/first_login.html"
    success_url = reverse_lazy("login")

    def form_valid(self, form):
        response = super().form_valid(form)
        users.user_password_chosen(user=form.user)
        messages.success(self.request, gettext("Passordet er valgt. Logg inn med brukernavnet ditt og det nye "
                                               "passordet."))
        return response


@own_account
def language_preference(request):
    """A member of staff chooses the language of the pages for themself."""
    form = LanguagePreferenceForm(request.POST or None, instance=User.objects.get(pk=request.user.pk))
    if request.method == "POST" and form.is_valid():
        request.user.language = users.user_language_set(user=request.user, language=form.cleaned_data["language"]).language
        translation.activate(chosen_language(request))
        messages.success(request, gettext("Språket er lagret."))
        return redirect("core:language_preference")
    return form_page(request, form, title=gettext("Språk"), cancel_url=reverse("start"),
                     intro=gettext("Velg språket sidene skal vises på for deg. Kommunens målform gjelder "
                                   "når du ikke har valgt noe."))
