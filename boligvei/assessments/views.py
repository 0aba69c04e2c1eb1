import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_ratelimit.decorators import ratelimit

from boligvei.assessments import exports, parameters, pdf, selectors, services
from boligvei.assessments.access import get_assessment_for_user
from boligvei.assessments.forms import CalculatorForm, CandidateFilterForm, ParameterVersionForm
from boligvei.assessments.models import YEARLY_KINDS, ParameterKind, ParameterVersion
from boligvei.assessments.portfolio import candidates_filtered, portfolio_screen
from boligvei.core.lists import list_page
from boligvei.housing.selectors import dwelling_areas
from boligvei.assessments.public import SelfCheckForm
from boligvei.core.access import administrator_required, require_write, staff_required
from boligvei.core.views import form_page, pdf_response, run_service
from boligvei.finance.params import supported_years
from boligvei.people.access import get_household_for_user


@staff_required()
def calculator(request, pk: int):
    """Can this household buy? Opens with the register's figures; every change recalculates
    (htmx posts the form and gets the result part back); "Lagre" keeps the assessment."""
    household = get_household_for_user(request.user, pk)
    base = selectors.household_request(household=household, today=timezone.localdate())
    form = CalculatorForm(request.POST or None, base=base)
    engine_request = form.engine_request() if request.method == "POST" and form.is_valid() else base
    result, problems = None, []
    if request.method == "GET" or form.is_valid():
        try:
            result = services.assessment_run(request=engine_request)
        except ValidationError as exc:
            # On a GET the figures come from the register itself (say, a birth date in the
            # future): show what to correct there rather than failing.
            problems = exc.messages
    if request.method == "POST" and "save" in request.POST and result is not None:
        require_write(request.user)
        assessment = run_service(form, request, lambda: services.assessment_create(
            actor=request.user, household=household, request=engine_request,
            note=request.POST.get("note", "").replace("\x00", "")[:2000]), "Vurderingen er lagret.")
        if assessment:
            return redirect("assessments:assessment_detail", pk=assessment.pk)
    context = {"household": household, "form": form, "result": result, "problems": problems,
               "engine_request": engine_request, "guideline_day": None,
               "schedule": services.repayment_schedule(request=engine_request, result=result) if result else []}
    if request.htmx:
        return render(request, "assessments/_result.html", context)
    services.assessment_record_view(actor=request.user, household=household)
    return render(request, "assessments/calculator.html", context)


@staff_required()
def assessment_detail(request, pk: int):
    """A saved assessment, shown from what was stored (not recalculated)."""
    assessment = get_assessment_for_user(request.user, pk)
    services.assessment_record_view(actor=request.user, household=assessment.household, assessment=assessment)
    return render(request, "assessments/assessment_detail.html", {
        "assessment": assessment, "household": assessment.household, "result": assessment.result,
        "engine_request": assessment.request, "guideline_day": assessment.created_at,
        "schedule": services.repayment_schedule(request=assessment.request, result=assessment.result)})


SELF_CHECK_LIMITED = _("Vi har regnet mye for samme nettverk den siste timen, så vi regner ikke mer akkurat nå. "
                       "Tallene du har skrevet, står fortsatt i skjemaet: prøv igjen om en stund, eller ring "
                       "boligkontoret.")


@sensitive_post_parameters()
@ratelimit(group="assessments.self_check", key="ip", rate=lambda group, request: settings.SELF_CHECK_RATE,
           method="POST", block=False)
def self_check(request):
    """The public self-check for tenants (no login; nothing is stored or logged). Answers are
    counted per client address (`SELF_CHECK_RATE`): over the limit the engine is not asked, and
    the form keeps what was typed. An empty POST is a submitted form too: it says what is missing."""
    form = SelfCheckForm(request.POST if request.method == "POST" else None)
    result = None
    limited = request.method == "POST" and getattr(request, "limited", False)
    if limited:
        form.is_valid()
        form.add_error(None, SELF_CHECK_LIMITED)
    elif request.method == "POST" and form.is_valid():
        try:
            result = services.assessment_run(
                request=form.engine_request(year=selectors.assessment_year(timezone.localdate())))
        except ValidationError as exc:
            form.add_error(None, exc)
    context = {"form": form, "result": result, "rate": settings.STARTLAN_RATE_PERCENT,
               "other_running_costs": settings.OTHER_RUNNING_COSTS_MONTHLY,
               # htmx swaps no 4xx answer, and shows no error summary: the message comes as the result.
               "limited": SELF_CHECK_LIMITED if limited and request.htmx else None}
    if request.htmx:
        return render(request, "assessments/_self_check_result.html", context)
    return render(request, "assessments/self_check.html", context, status=429 if limited else 200)


@staff_required()
def assessment_summary_pdf(request, pk: int):
    """The printable summary for the tenant, in bokmål or nynorsk (`?sprak=nn`)."""
    assessment = get_assessment_for_user(request.user, pk)
    lang = pdf.summary_language(assessment, request.GET.get("sprak"))
    document = pdf.summary_pdf(assessment=assessment, lang=lang)
    services.assessment_record_print(actor=request.user, assessment=assessment, lang=lang)
    return pdf_response(document, f"betjeningsevne-{assessment.pk}-{lang}.pdf")


@staff_required()
def candidates(request):
    """The programme's candidates: every tenant screened at once, ranked by how near a purchase is."""
    screening = portfolio_screen(today=timezone.localdate(), user=request.user)
    return list_page(
        request, template="assessments/candidates.html",
        filter_form=CandidateFilterForm(request.GET, areas=dwelling_areas()),
        rows=lambda text, filters: candidates_filtered(screening, search=text, filters=filters),
        audit_action="screening.list", household_of=lambda candidate: candidate.household_id,
        context={"screening": screening, "rate": settings.STARTLAN_RATE_PERCENT}, export=exports.CANDIDATES,
    )


@administrator_required
def parameter_overview(request):
    """The engine's parameters in force, where each comes from, and their saved versions."""
    rows = []
    for kind in ParameterKind:
        for year in (reversed(supported_years()) if kind in YEARLY_KINDS else [None]):
            text, version = parameters.text_in_force(kind, year)
            if text is None:
                continue
            data = json.loads(text)
            rows.append({"kind": kind, "year": year, "version": version, "source": data.get("source"),
                         "valid_from": data.get("valid_from", ""), "unconfirmed": parameters.unconfirmed(data)})
    return render(request, "assessments/parameters.html", {
        "rows": rows, "versions": ParameterVersion.objects.select_related("created_by")[:50]})


@administrator_required
def parameter_version_create(request):
    """Save a new version of one parameter document, starting from the one in force."""
    kind, year = request.GET.get("kind", ParameterKind.STRESS_TEST), request.GET.get("year")
    year = int(year) if year and year.isdecimal() else None  # isdigit() would let "²" through to int()
    current, _ = parameters.text_in_force(kind, year) if kind in ParameterKind.values else (None, None)
    form = ParameterVersionForm(request.POST or None, initial={"kind": kind, "year": year, "text": current or ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(form, request, lambda: parameters.parameter_version_create(
                actor=request.user, kind=data["kind"], year=data["year"], text=data["text"], note=data["note"]),
                "Den nye versjonen er lagret og gjelder fra nå."):
            return redirect("assessments:parameters")
    return form_page(request, form, title="Ny versjon av beregningsparametere", submit_label="Lagre ny versjon",
                     intro="Tallene gjelder for alle nye beregninger fra du lagrer. Lagrede vurderinger beholder "
                           "tallene de ble laget med.", cancel_url=reverse("assessments:parameters"))
