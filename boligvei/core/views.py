from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from boligvei.core.audit import audit_record
from boligvei.core.health import readiness



def run_service(form, request, action, success: str):
    """Call a service for a valid form. A rule it refuses is shown on the form, nothing is saved."""
    try:
        result = action()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None
    messages.success(request, success)
    return result


def run_action(request, action, success: str):
    """Call a service for a button with no form: its success, or the rule it refuses, becomes a
    message on the next page. Returns the service's result (None when it was refused)."""
    try:
        result = action()
    except ValidationError as exc:
        messages.error(request, " ".join(str(message) for message in exc.messages))
        return None
    messages.success(request, success)
    return result


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    """A PDF shown in the browser. Never cached: the documents hold personal data."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def audit_form_view(request, household) -> None:
    """A form filled with a household's data is a read of it: one audit row, naming the page."""
    audit_record(actor=request.user, action="household.form_view", obj=household, household_id=household.pk,
                 changes={"page": request.resolver_match.view_name if request.resolver_match else ""})


def form_page(request, form, *, title: str, cancel_url: str, intro: str = "", submit_label: str = "Lagre",
              household=None):
    """A page with one form. A form about a household shows its data, so opening it is audited."""
    if household is not None:
        audit_form_view(request, household)
    return render(request, "core/form_page.html", {"form": form, "title": title, "cancel_url": cancel_url,
                                                   "intro": intro, "submit_label": submit_label})


def health(request):
    """The process answers (for the load balancer's liveness check): touches no database."""
    return HttpResponse("ok", content_type="text/plain")


def _health_report(ok: bool, report: dict) -> JsonResponse:
    response = JsonResponse(report, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


def ready(request):
    """200 when the database answers and every migration is applied, else 503; the worker's state
    is in the body for monitoring (`core.health`)."""
    report = readiness()
    return _health_report(report["ready"], report)


def worker_health(request):
    """200 when the background worker keeps up (no task waiting longer than WORKER_LATE_SECONDS)."""
    report = readiness()
    return _health_report(bool(report["worker"] and report["worker"]["ok"]), report)
