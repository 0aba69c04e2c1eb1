from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from boligvei.core.access import staff_required
from boligvei.core.lists import list_page
from boligvei.core.views import form_page, run_service
from boligvei.people import selectors, services
from boligvei.people.access import get_household_for_user, get_person_for_user
from boligvei.people.forms import HouseholdFilterForm, HouseholdForm, PersonForm


@staff_required()
def household_list(request):
    return list_page(
        request, template="people/household_list.html", filter_form=HouseholdFilterForm(request.GET),
        rows=lambda text, filters: selectors.household_list(user=request.user, search=text, filters=filters),
        audit_action="household.list", household_of=lambda household: household.pk,
    )


@staff_required()
def household_detail(request, pk: int):
    household = get_household_for_user(request.user, pk)
    services.household_record_view(actor=request.user, household=household)
    return render(request, "people/household_detail.html",
                  {"household": household, **selectors.household_detail(household=household)})


@sensitive_post_parameters()
@staff_required(write=True)
def household_create(request):
    household_form = HouseholdForm(request.POST or None, prefix="household")
    person_form = PersonForm(request.POST or None, prefix="main", with_relation=False)
    if request.method == "POST" and household_form.is_valid() and person_form.is_valid():
        household = run_service(person_form, request, lambda: services.household_create(
            actor=request.user, household=household_form.field_values(),
            main_person=person_form.field_values(),
            identity_number=person_form.cleaned_data["identity_number"]), "Husstanden er registrert.")
        if household:
            return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html",
                  {"household_form": household_form, "person_form": person_form, "creating": True})


@staff_required(write=True)
def household_edit(request, pk: int):
    household = get_household_for_user(request.user, pk, write=True)
    form = HouseholdForm(request.POST or None, instance=household, prefix="household")
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.household_update(
                actor=request.user, household=household, fields=form.field_values()), "Endringene er lagret."):
            return redirect("people:household_detail", pk=household.pk)
    return render(request, "people/household_form.html", {"household_form": form, "household": household})


@sensitive_post_parameters()
@staff_required(write=True)
def person_add(request, pk: int):
    household = get_household_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.person_create(
                actor=request.user, household=household, fields=form.field_values(),
                identity_number=form.cleaned_data["identity_number"]), "Personen er lagt til i husstanden."):
            return redirect("people:household_detail", pk=household.pk)
    return form_page(request, form, title=f"Legg til person i {household}",
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@sensitive_post_parameters()
@staff_required(write=True)
def person_edit(request, pk: int):
    person = get_person_for_user(request.user, pk, write=True)
    if request.method == "GET":
        services.person_record_view(actor=request.user, person=person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        number = form.cleaned_data["identity_number"]
        extra = {} if number is None else {"identity_number": number}
        if run_service(form, request, lambda: services.person_update(
                actor=request.user, person=person, fields=form.field_values(), **extra), "Endringene er lagret."):
            return redirect("people:household_detail", pk=person.household_id)
    return form_page(request, form, title=f"Endre {person.full_name}",
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
