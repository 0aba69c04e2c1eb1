import json

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import administrator_required
from boligvei.core.lists import paginate
from boligvei.core.search import stash, stashed
from boligvei.core.views import audit_form_view, pdf_response, run_service
from boligvei.people.access import get_household_for_user
from boligvei.privacy import export, selectors, services
from boligvei.privacy.access import subject_requests_required
from boligvei.privacy.forms import AuditLogFilterForm, EraseForm

FILTERS_KEY = "boligvei_audit_filters"
FILTERS_KEPT = 10


def _stash_filters(request, data: dict) -> str:
    """Keep posted filters, encrypted, in the session under a random token for the URL."""
    return stash(request, json.dumps(data), key=FILTERS_KEY, kept=FILTERS_KEPT)


def _stashed_filters(request) -> tuple[str, dict]:
    token, value = stashed(request, key=FILTERS_KEY)
    return (token, json.loads(value)) if value else ("", {})


@administrator_required
def audit_log(request):
    """The audit log for administrators: filtered by a posted form, paged, and itself audited."""
    token = ""
    if request.method == "POST":
        form = AuditLogFilterForm(request.POST)
        if form.is_valid():
            data = {name: request.POST.get(name, "") for name in form.fields if request.POST.get(name)}
            return redirect(f"{request.path}?s={_stash_filters(request, data)}" if data else request.path)
    else:
        token, data = _stashed_filters(request)
        form = AuditLogFilterForm(data or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    paged = paginate(request, selectors.audit_log(filters=filters), settings.PAGE_SIZE)
    paged["page"].object_list = list(paged["page"].object_list)  # read before this view's own row is written
    services.audit_log_record_view(actor=request.user, filters=filters, page=paged["page"].number)
    query = QueryDict(mutable=True)
    if token:
        query["s"] = token
    return render(request, "privacy/audit_log.html", {**paged, "form": form, "query_without_page": query.urlencode(),
                                                      "filtered": bool(filters)})


@subject_requests_required
def access_report(request, pk: int):
    """Who has looked at the household's data: the page, with the downloads for a request for access."""
    household = get_household_for_user(request.user, pk)
    services.access_report_record(actor=request.user, household=household, fmt="side")
    return render(request, "privacy/access_report.html", {
        "household": household, "rows": selectors.access_report(household=household),
        "refusals": selectors.erase_refusals(household=household)})


@subject_requests_required
def access_report_pdf(request, pk: int):
    household = get_household_for_user(request.user, pk)
    services.access_report_record(actor=request.user, household=household, fmt="pdf")
    pdf = export.access_report_pdf(household_name=household.name,
                                   rows=selectors.access_report(household=household))
    return pdf_response(pdf, f"innsynsrapport-{household.pk}.pdf")


def _export(request, pk: int, fmt: str):
    household = get_household_for_user(request.user, pk)
    services.export_record(actor=request.user, household=household, fmt=fmt)
    data = export.export_data(selectors.household_record(household=household))
    return household, data


@subject_requests_required
def export_json(request, pk: int):
    household, data = _export(request, pk, "json")
    response = HttpResponse(export.export_json(data), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="innsyn-husstand-{household.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@subject_requests_required
def export_pdf(request, pk: int):
    household, data = _export(request, pk, "pdf")
    return pdf_response(export.export_pdf(data), f"innsyn-husstand-{household.pk}.pdf")


@administrator_required
def erase(request, pk: int):
    """Erase a household's personal data on request, after a confirmation; or say why the law
    requires keeping it."""
    household = get_household_for_user(request.user, pk, write=True)
    refusals = selectors.erase_refusals(household=household)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and not refusals and form.is_valid():
        if run_service(form, request, lambda: services.household_erase(
                actor=request.user, household=household, reason=form.cleaned_data["reason"]),
                _("Personopplysningene er slettet. Husstanden heter nå «Anonymisert husstand %(number)s».") % {"number": household.pk}):
            return redirect("privacy:access_report", pk=household.pk)
    audit_form_view(request, household)
    return render(request, "privacy/erase.html", {"household": household, "refusals": refusals, "form": form})
