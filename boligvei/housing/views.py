from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import staff_required
from boligvei.core.audit import audit_record
from boligvei.core.lists import list_page
from boligvei.core.views import form_page, run_service
from boligvei.housing import exports, selectors, services
from boligvei.housing.access import get_dwelling_for_user, get_tenancy_for_user, get_waiting_list_entry_for_user
from boligvei.housing.forms import (
    DwellingFilterForm, DwellingForm, TenancyEndForm, TenancyFilterForm, TenancyForm,
    WaitingListEntryForm, WaitingListFilterForm,
)
from boligvei.housing.models import WaitingListStatus
from boligvei.people.access import get_household_for_user, may_grant
from boligvei.people.selectors import WITHOUT_TEAM, households_without_team_count, identity_number_conflict_count


@staff_required(statistics_to="reports:dashboard")
def start(request):
    """The start page: the register at a glance, and the work that fits the user's role (for
    those who place households in teams: the households nobody could place)."""
    placer = may_grant(request.user)
    return render(request, "housing/start.html", {
        "overview": selectors.register_overview(), "without_team": WITHOUT_TEAM,
        "unplaced": households_without_team_count() if placer else 0,
        "identity_conflicts": identity_number_conflict_count() if placer else 0})


@staff_required()
def dwelling_list(request):
    return list_page(
        request, template="housing/dwelling_list.html", filter_form=DwellingFilterForm(request.GET),
        rows=lambda text, filters: selectors.dwelling_list(user=request.user, search=text, filters=filters),
        audit_action="dwelling.list",
        household_of=lambda dwelling: dwelling.active_tenancy.household_id if dwelling.active_tenancy else None,
        export=exports.DWELLINGS,
    )


@staff_required()
def dwelling_detail(request, pk: int):
    dwelling = get_dwelling_for_user(request.user, pk)
    tenancies = selectors.dwelling_history(dwelling=dwelling, user=request.user)
    services.dwelling_record_view(actor=request.user, dwelling=dwelling,
                                  household_ids=[tenancy.household_id for tenancy in tenancies])
    return render(request, "housing/dwelling_detail.html", {"dwelling": dwelling, "tenancies": tenancies})


@staff_required(write=True)
def dwelling_create(request):
    form = DwellingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dwelling = run_service(form, request, lambda: services.dwelling_create(actor=request.user,
                                                                         fields=form.field_values()),
                         _("Boligen er registrert."))
        if dwelling:
            return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return form_page(request, form, title=_("Registrer bolig"), cancel_url=reverse("housing:dwelling_list"))


@staff_required(write=True)
def dwelling_edit(request, pk: int):
    dwelling = get_dwelling_for_user(request.user, pk, write=True)
    form = DwellingForm(request.POST or None, instance=dwelling)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.dwelling_update(
                actor=request.user, dwelling=dwelling, fields=form.field_values(),
                expected_version=form.expected_version),
                 _("Endringene er lagret.")):
            return redirect("housing:dwelling_detail", pk=dwelling.pk)
    return form_page(request, form, title=_("Endre %(address)s") % {"address": dwelling.street_address},
                     cancel_url=reverse("housing:dwelling_detail", args=[dwelling.pk]))


@staff_required()
def tenancy_list(request):
    return list_page(
        request, template="housing/tenancy_list.html", filter_form=TenancyFilterForm(request.GET),
        rows=lambda text, filters: selectors.tenancy_list(user=request.user, search=text, filters=filters),
        audit_action="tenancy.list", household_of=lambda tenancy: tenancy.household_id, export=exports.TENANCIES,
    )


@staff_required(write=True)
def tenancy_create(request, pk: int):
    """Letting a vacant dwelling from its page: choose the waiting household, then the letting
    decision with its grounds and letter (cases' letting form, which housing links to by name)."""
    dwelling = get_dwelling_for_user(request.user, pk, write=True)
    form = TenancyForm(request.POST or None, dwelling=dwelling, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = form.cleaned_data["household"].waiting_list_entries.filter(status=WaitingListStatus.WAITING).first()
        return redirect(reverse("cases:letting_create", args=[entry.pk]) + f"?bolig={dwelling.pk}")
    # The choice of household lists the waiting households by name: a read of each, audited.
    shown = sorted(set(form.fields["household"].queryset.values_list("pk", flat=True)))
    audit_record(actor=request.user, action="tenancy.household_choices", obj=dwelling, changes={"households": shown})
    return form_page(request, form, title=_("Lei ut %(address)s") % {"address": dwelling.street_address},
                     intro=_("Velg husstanden. Å tildele en bolig er et vedtak: på neste side skriver du "
                             "begrunnelsen, og husstanden får et vedtaksbrev."),
                     cancel_url=reverse("housing:dwelling_detail", args=[dwelling.pk]),
                     submit_label=_("Videre til vedtaket"))


@staff_required(write=True)
def tenancy_end(request, pk: int):
    tenancy = get_tenancy_for_user(request.user, pk, write=True)
    form = TenancyEndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.tenancy_end(actor=request.user, tenancy=tenancy,
                                                             end_date=form.cleaned_data["end_date"]),
                 _("Leieforholdet er avsluttet.")):
            return redirect("housing:dwelling_detail", pk=tenancy.dwelling_id)
    return form_page(request, form, title=_("Avslutt leieforholdet for %(household)s") % {"household": tenancy.household}, household=tenancy.household,
                     intro=_("%(dwelling)s. Leieforholdet startet %(date)s.") % {"dwelling": tenancy.dwelling, "date": f"{tenancy.start_date:%d.%m.%Y}"},
                     cancel_url=reverse("housing:dwelling_detail", args=[tenancy.dwelling_id]),
                     submit_label=_("Avslutt leieforholdet"))


@staff_required()
def waiting_list(request):
    return list_page(
        request, template="housing/waiting_list.html", filter_form=WaitingListFilterForm(request.GET),
        rows=lambda text, filters: selectors.waiting_list(user=request.user, search=text, filters=filters),
        audit_action="waiting_list.list", household_of=lambda entry: entry.household_id,
        export=exports.WAITING_LIST,
    )


@staff_required(write=True)
def waiting_list_create(request, household_pk: int):
    household = get_household_for_user(request.user, household_pk, write=True)
    form = WaitingListEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.waiting_list_entry_create(
                actor=request.user, household=household, fields=form.field_values()),
                 _("Husstanden er satt på ventelisten.")):
            return redirect("people:household_detail", pk=household.pk)
    return form_page(request, form, title=_("Sett %(household)s på ventelisten") % {"household": household}, household=household,
                     cancel_url=reverse("people:household_detail", args=[household.pk]))


@staff_required(write=True)
def waiting_list_edit(request, pk: int):
    entry = get_waiting_list_entry_for_user(request.user, pk, write=True)
    form = WaitingListEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.waiting_list_entry_update(
                actor=request.user, entry=entry, fields=form.field_values(),
                expected_version=form.expected_version), _("Endringene er lagret.")):
            return redirect("people:household_detail", pk=entry.household_id)
    return form_page(request, form, title=_("Venteliste: %(household)s") % {"household": entry.household}, household=entry.household,
                     cancel_url=reverse("people:household_detail", args=[entry.household_id]))
