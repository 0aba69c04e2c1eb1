from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import administrator_required, staff_required
from boligvei.core.lists import list_page
from boligvei.core.search import search_display, search_text, stash_search
from boligvei.core.views import form_page, pdf_response, run_action, run_service
from boligvei.people.access import get_household_for_user
from boligvei.people.models import Household
from boligvei.referrals import exports, pdf, selectors, services
from boligvei.referrals.access import get_active_partner, get_submission_for_user
from boligvei.referrals.forms import (
    CloseForm, FlyerForm, HouseholdSearchForm, InterestForm, OpenCaseForm, PartnerForm, PartnerReferralForm,
    SubmissionFilterForm,
)
from boligvei.referrals.models import ReferralPartner


def _public_rate(group, request) -> str:
    return settings.PUBLIC_FORM_RATE


def _rate_limited_message() -> str:
    return gettext("Vi har fått mange skjemaer fra samme nettverk den siste timen, så dette ble ikke sendt. "
                   "Det du har skrevet, står fortsatt i skjemaet: prøv igjen om en stund, eller ring oss på "
                   "%(phone)s.") % {"phone": settings.HOUSING_OFFICE_PHONE}


def _public_form(request, form, *, template: str, context: dict, receive, thanks_url: str):
    """The public forms' flow: over the rate limit, the form comes back with what the person
    typed and a message; a robot (the hidden field filled in) sees the thank-you page and nothing
    is saved; otherwise the submission goes to the queue."""
    status = 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            form.is_valid()
            form.add_error(None, _rate_limited_message())
            status = 429
        elif form.is_robot():
            return HttpResponseRedirect(thanks_url)
        elif form.is_valid():
            try:
                receive(form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return HttpResponseRedirect(thanks_url)
    return render(request, template, {"form": form, **context}, status=status)


def _privacy_context() -> dict:
    return {"municipality": settings.MUNICIPALITY_NAME, "office": settings.HOUSING_OFFICE_NAME,
            "office_phone": settings.HOUSING_OFFICE_PHONE, "office_address": settings.HOUSING_OFFICE_ADDRESS}


@ratelimit(group="referrals.interest", key="ip", rate=_public_rate, method="POST", block=False)
def interest(request):
    """The public interest form (no login): name and phone, how they heard, consent."""
    form = InterestForm(request.POST or None)
    return _public_form(
        request, form, template="referrals/interest.html", context=_privacy_context(),
        thanks_url=reverse("referrals:interest_thanks"),
        receive=lambda data: services.submission_receive(
            channel=data["channel"], name=data["name"], phone=data["phone"], email=data["email"],
            address=data["address"], message=data["message"]))


def interest_thanks(request):
    """The same page for every submission, new or merged: it shows nothing that was sent."""
    return render(request, "referrals/thanks.html", {
        **_privacy_context(), "again_url": reverse("referrals:interest"),
        "text": gettext("Vi har fått henvendelsen din. En av oss ringer deg, vanligvis innen en uke.")})


@ratelimit(group="referrals.partner", key="ip", rate=_public_rate, method="POST", block=False)
def partner_referral(request, token: str):
    """A partner's referral form, opened by the partner's secret link (no login)."""
    partner = get_active_partner(token)
    form = PartnerReferralForm(request.POST or None)
    return _public_form(
        request, form, template="referrals/partner_referral.html",
        context={**_privacy_context(), "partner": partner},
        thanks_url=reverse("referrals:partner_thanks", args=[token]),
        receive=lambda data: services.submission_receive(
            channel=partner.channel, partner=partner, referrer_name=data["referrer_name"],
            referrer_contact=data["referrer_contact"], name=data["name"], phone=data["phone"], email=data["email"],
            address=data["address"], message=data["message"]))


def partner_thanks(request, token: str):
    get_active_partner(token)
    return render(request, "referrals/thanks.html", {
        **_privacy_context(), "again_url": reverse("referrals:partner_referral", args=[token]),
        "again_label": gettext("Henvis en husstand til leie til eie"),
        "text": gettext("Takk for henvisningen. Vi ringer kontaktpersonen i husstanden, vanligvis innen en uke.")})


@staff_required()
def submission_list(request):
    return list_page(
        request, template="referrals/submission_list.html", filter_form=SubmissionFilterForm(request.GET),
        rows=lambda text, filters: selectors.submission_queue(user=request.user, search=text, filters=filters),
        audit_action="referral.list", household_of=lambda submission: submission.household_id,
        export=exports.SUBMISSIONS,
    )


def _detail_page(request, submission, **forms):
    services.submission_record_view(actor=request.user, submission=submission)
    context = {"submission": submission}
    if submission.is_open and request.user.can_write_register:
        token, text = search_text(request)
        households = selectors.household_candidates(user=request.user, submission=submission, search=text)
        context.update({
            "search_form": HouseholdSearchForm(initial={"q": search_display(text)}),
            "search": search_display(text),
            "households": households,
            "open_case_form": forms.get("open_case_form") or OpenCaseForm(
                households=households, initial={"caseworker": request.user,
                                                "household": households[0].pk if len(households) == 1 else None}),
            "close_form": forms.get("close_form") or CloseForm(),
        })
    return render(request, "referrals/submission_detail.html", context)


@staff_required()
def submission_detail(request, pk: int):
    """A submission: what was sent, and for caseworkers the household to link it to. A household
    search is posted and kept in the session (no names in the URL)."""
    submission = get_submission_for_user(request.user, pk)
    if request.method == "POST":
        token = stash_search(request, request.POST.get("q", ""))
        url = reverse("referrals:submission_detail", args=[pk])
        return redirect(f"{url}?s={token}#koble" if token else f"{url}#koble")
    return _detail_page(request, submission)


@require_POST
@staff_required(write=True)
def submission_open_case(request, pk: int):
    submission = get_submission_for_user(request.user, pk, write=True)
    household = None
    chosen = request.POST.get("household", "")
    if chosen.isdecimal() and len(chosen) <= 18:  # an id: not "²" (isdigit), not a 100 000-digit number
        household = Household.objects.filter(pk=chosen).first()
    form = OpenCaseForm(request.POST, households=[household] if household else [])
    if form.is_valid():
        household = get_household_for_user(request.user, form.cleaned_data["household"].pk, write=True)
        case = run_service(form, request, lambda: services.submission_open_case(
            actor=request.user, submission=submission, household=household,
            caseworker=form.cleaned_data["caseworker"]), _("Henvendelsen er koblet til husstanden og lagt i saken."))
        if case:
            return redirect("cases:case_detail", pk=case.pk)
    submission.refresh_from_db()
    return _detail_page(request, submission, open_case_form=form)


@require_POST
@staff_required(write=True)
def submission_close(request, pk: int):
    submission = get_submission_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    if form.is_valid() and run_service(form, request, lambda: services.submission_close(
            actor=request.user, submission=submission, reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"]), _("Henvendelsen er avsluttet.")):
        return redirect("referrals:submission_list")
    submission.refresh_from_db()
    return _detail_page(request, submission, close_form=form)


@staff_required()
def flyer(request):
    """The printable flyer with a contact person and a QR code to the interest form."""
    form = FlyerForm(request.POST or None,
                     initial={"contact": request.user if request.user.can_write_register else None, "lang": "nb"})
    if request.method == "POST" and form.is_valid():
        contact, lang = form.cleaned_data["contact"], form.cleaned_data["lang"]
        document = pdf.flyer_pdf(contact=contact, lang=lang)
        services.flyer_record_print(actor=request.user, contact=contact, lang=lang)
        return pdf_response(document, f"flygeblad-leie-til-eie-{lang}.pdf")
    return form_page(request, form, title=_("Flygeblad"), submit_label=_("Lag flygeblad (PDF)"),
                     intro=_("Flygebladet forteller kort hva leie til eie er, og har en QR-kode til skjemaet der "
                           "leietakere kan melde interesse. Velg hvem som står som kontaktperson."),
                     cancel_url=reverse("referrals:submission_list"))


@administrator_required
def partner_list(request):
    """Referral partners and their links; an administrator adds them here."""
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(form, request, lambda: services.partner_create(
                actor=request.user, name=form.cleaned_data["name"], channel=form.cleaned_data["channel"]),
                _("Samarbeidspartneren er lagt til. Send lenken til dem.")):
            return redirect("referrals:partner_list")
    partners = [(partner, selectors.partner_link(partner)) for partner in selectors.partner_list()]
    return render(request, "referrals/partner_list.html", {"form": form, "partners": partners})


def _partner_action(request, pk: int, action, success: str):
    partner = get_object_or_404(ReferralPartner, pk=pk)
    run_action(request, lambda: action(partner), success)
    return redirect("referrals:partner_list")


@require_POST
@administrator_required
def partner_deactivate(request, pk: int):
    return _partner_action(request, pk, lambda partner: services.partner_set_active(
        actor=request.user, partner=partner, active=False), _("Lenken er deaktivert og virker ikke lenger."))


@require_POST
@administrator_required
def partner_activate(request, pk: int):
    return _partner_action(request, pk, lambda partner: services.partner_set_active(
        actor=request.user, partner=partner, active=True), _("Lenken virker igjen."))


@require_POST
@administrator_required
def partner_renew(request, pk: int):
    return _partner_action(request, pk, lambda partner: services.partner_renew_token(
        actor=request.user, partner=partner), _("Samarbeidspartneren har fått en ny lenke. Den gamle virker ikke lenger."))
