from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import staff_required
from boligvei.core.lists import list_page
from boligvei.core.views import audit_form_view, form_page, run_action, run_service
from boligvei.people import consent, exports, selectors, services
from boligvei.people import grants
from boligvei.core.roles import GRANTORS
from boligvei.people.access import NOT_A_GRANTOR, get_grant_for_user, get_household_for_user, get_person_for_user
from boligvei.people.forms import (
    AccessGrantForm, ConsentForm, ConsentWithdrawForm, HouseholdFilterForm, HouseholdForm, HouseholdPlaceForm, PersonForm,
)
from boligvei.people.models import Consent


def _say_if_identity_number_routed(request, saved) -> None:
    if getattr(saved, "identity_number_conflict", False):
        messages.warning(request, services.IDENTITY_NUMBER_ROUTED)


@staff_required()
def household_list(request):
    return list_page(
        request, template="people/household_list.html", filter_form=HouseholdFilterForm(request.GET),
        rows=lambda text, filters: selectors.household_list(user=request.user, search=text, filters=filters),
        audit_action="household.list", household_of=lambda household: household.pk, export=exports.HOUSEHOLDS,
    )


@staff_required()
def household_detail(request, pk: int):
    household = get_household_for_user(request.user, pk)
    services.household_record_view(actor=request.user, household=household)
    return render(request, "people/household_detail.html", {
        "household": household, **selectors.household_detail(household=household),
        **consent.household_consents(household=household),
        "consent_form": ConsentForm(household=household) if request.user.can_write_register else None})


@sensitive_post_parameters()
@staff_required(write=True)
def household_create(request):
    household_form = HouseholdForm(request.POST or None, prefix="household", choose_team_for=request.user)
    person_form = PersonForm(request.POST or None, prefix="main", with_relation=False, user=request.user)
    if request.method == "POST" and household_form.is_valid() and person_form.is_valid():
        household = run_service(person_form, request, lambda: services.household_create(
            actor=request.user, household=household_form.field_values(),
            team=household_form.cleaned_data.get("team"),
            main_person=person_form.field_values(),
            identity_number=person_form.cleaned_data["identity_number"]), _("Husstanden er registrert."))
        if household:
            _say_if_identity_number_routed(request, household)
            return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html",
                  {"household_form": household_form, "person_form": person_form, "creating": True})


@staff_required(write=True)
def household_edit(request, pk: int):
    household = get_household_for_user(request.user, pk, write=True)
    form = HouseholdForm(request.POST or None, instance=household, prefix="household")
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.household_update(
                actor=request.user, household=household, fields=form.field_values(),
                expected_version=form.expected_version), _("Endringene er lagret.")):
            return redirect("people:household_detail", pk=household.pk)
    audit_form_view(request, household)
    return render(request, "people/household_form.html", {"household_form": form, "household": household})


@sensitive_post_parameters()
@staff_required(write=True)
def person_add(request, pk: int):
    household = get_household_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if person := run_service(form, request, lambda: services.person_create(
                actor=request.user, household=household, fields=form.field_values(),
                identity_number=form.cleaned_data["identity_number"]), _("Personen er lagt til i husstanden.")):
            _say_if_identity_number_routed(request, person)
            return redirect("people:household_detail", pk=household.pk)
    return form_page(request, form, title=_("Legg til person i %(household)s") % {"household": household}, household=household,
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@sensitive_post_parameters()
@staff_required(write=True)
def person_edit(request, pk: int):
    person = get_person_for_user(request.user, pk, write=True)
    if request.method == "GET":
        services.person_record_view(actor=request.user, person=person)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["identity_number"]
        extra = {} if number is None else {"identity_number": number}
        if run_service(form, request, lambda: services.person_update(
                actor=request.user, person=person, fields=form.field_values(), expected_version=form.expected_version,
                **extra), _("Endringene er lagret.")):
            _say_if_identity_number_routed(request, person)
            return redirect("people:household_detail", pk=person.household_id)
    return form_page(request, form, title=_("Endre %(name)s") % {"name": person.full_name}, household=person.household,
                     cancel_url=reverse("people:household_detail", args=[person.household_id]))


@require_POST
@staff_required()
def person_reveal_identity_number(request, pk: int):
    """Show one identity number in full; the reveal is audited. htmx swaps it into the page."""
    person = get_person_for_user(request.user, pk)
    number = services.person_reveal_identity_number(actor=request.user, person=person)
    context = {"person": person, "number": number}
    if request.htmx:
        return render(request, "people/_identity_number.html", context)
    return render(request, "people/identity_number_page.html", context)


@staff_required(write=True)
def consent_give(request, pk: int):
    """Register what the household agreed to (the household page has the same form)."""
    household = get_household_for_user(request.user, pk, write=True)
    if request.method == "GET":  # the form lists the household's members
        services.household_record_view(actor=request.user, household=household)
    form = ConsentForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, request, lambda: services.consent_give(
                actor=request.user, household=household, purpose=data["purpose"], method=data["method"],
                person=data["person"], recipient=data["recipient"], given_at=form.moment(), note=data["note"]),
                _("Samtykket er registrert.")):
            return redirect(reverse("people:household_detail", args=[household.pk]) + "#consents-heading")
    return form_page(request, form, title=_("Registrer samtykke fra %(household)s") % {"household": household}, household=household, submit_label=_("Registrer samtykket"),
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@staff_required(write=True)
def consent_withdraw(request, pk: int):
    """Register that the household withdrew a consent; it stays in the history."""
    withdrawn = get_object_or_404(Consent, pk=pk)
    household = get_household_for_user(request.user, withdrawn.household_id, write=True)
    if request.method == "GET":
        services.household_record_view(actor=request.user, household=household)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.consent_withdraw(
                actor=request.user, consent=withdrawn, withdrawn_at=form.moment(), note=form.cleaned_data["note"]),
                _("Samtykket er trukket tilbake.")):
            return redirect(reverse("people:household_detail", args=[household.pk]) + "#consents-heading")
    return form_page(request, form, title=_("Trekk tilbake samtykke: %(consent)s") % {"consent": withdrawn}, household=household, submit_label=_("Trekk tilbake"),
                     intro=_("Handlinger som krever samtykket, blir stoppet fra nå. "
                           "Samtykket blir stående i historikken."),
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@staff_required(roles=GRANTORS, refused=NOT_A_GRANTOR)
def identity_conflict_list(request):
    """Identity numbers registered where the person with the number was outside the registering
    user's team: both households, who tried and when. The look is audited with the households."""
    conflicts = selectors.identity_number_conflicts()
    services.identity_conflicts_record_view(actor=request.user, conflicts=conflicts)
    return render(request, "people/identity_conflict_list.html", {"conflicts": conflicts})


@staff_required(roles=GRANTORS, refused=services.NOT_A_PLACER)
def household_place(request, pk: int):
    """Put a household in a team: one nobody could place, or one that belongs elsewhere."""
    household = get_household_for_user(request.user, pk)
    form = HouseholdPlaceForm(request.POST or None, initial={"team": household.team_id})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, request, lambda: services.household_place(
                actor=request.user, household=household, team=data["team"], reason=data["reason"]),
                _("Husstanden hører nå til %(team)s.") % {"team": data["team"].name}):
            return redirect("people:household_detail", pk=household.pk)
    return form_page(request, form, title=_("Team for %(household)s") % {"household": household}, household=household, submit_label=_("Lagre team"),
                     intro=_("Bare saksbehandlerne i teamet ser husstanden. Åpnes eller overføres en sak, "
                           "følger husstanden saksbehandlerens team."),
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@staff_required(roles=GRANTORS, refused=NOT_A_GRANTOR)
def access_grant_give(request, pk: int):
    """Open the household to a user outside its team, for a while and with a reason."""
    household = get_household_for_user(request.user, pk)
    form = AccessGrantForm(request.POST or None, household=household)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, request, lambda: grants.access_grant_give(
                actor=request.user, household=household, user=data["user"], reason=data["reason"], days=data["days"]),
                _("Tilgangen er gitt.")):
            return redirect(reverse("people:household_detail", args=[household.pk]) + "#grants-heading")
    return form_page(request, form, title=_("Gi tilgang til %(household)s utenfor teamet") % {"household": household}, household=household, submit_label=_("Gi tilgang"),
                     intro=_("Brukeren får se og arbeide med husstanden til tilgangen utløper eller trekkes tilbake. "
                           "Hver gang husstanden åpnes, logges det med begrunnelsen."),
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@require_POST
@staff_required(roles=GRANTORS, refused=NOT_A_GRANTOR)
def access_grant_revoke(request, pk: int):
    grant = get_grant_for_user(request.user, pk)
    run_action(request, lambda: grants.access_grant_revoke(actor=request.user, grant=grant),
               _("Tilgangen er trukket tilbake."))
    return redirect(reverse("people:household_detail", args=[grant.household_id]) + "#grants-heading")
