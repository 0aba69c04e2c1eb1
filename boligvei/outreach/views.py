from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.utils.translation import gettext_lazy as _

from boligvei.core.access import administrator_required, staff_required
from boligvei.core.letters import Letter as LetterDocument
from boligvei.core.letters import body_blocks, letters_pdf
from boligvei.core.exports import EXPORT_PARAM, export_format
from boligvei.core.lists import paginate
from boligvei.core.views import pdf_response, run_action, run_service
from boligvei.outreach import defaults, exports, selectors, services
from boligvei.outreach.access import get_campaign_for_user, get_letter_for_user, may_act_on_whole
from boligvei.outreach.forms import MERGE_FIELDS, CampaignForm, LetterStatusForm, SentForm, TemplateForm
from boligvei.outreach.models import CampaignStatus, LetterKind, LetterLanguage, TemplateVersion
from boligvei.housing.selectors import postal_address
from boligvei.outreach.selection import Recipient, invitation_recipients
from boligvei.people.access import get_household_for_user


@staff_required()
def campaign_list(request):
    if fmt := export_format(request):
        return exports.CAMPAIGNS.response(request, selectors.campaign_list(), fmt)
    return render(request, "outreach/campaign_list.html", {
        **paginate(request, selectors.campaign_list(), 25), "export": exports.CAMPAIGNS, "export_param": EXPORT_PARAM})


@staff_required(write=True)
def campaign_new(request):
    form = CampaignForm(request.POST or None, initial={"contact": request.user})
    selection = None
    if request.method == "POST" and form.is_valid():
        if "create" in request.POST:
            campaign = run_service(form, request, lambda: services.campaign_create(
                actor=request.user, name=form.cleaned_data["name"], contact=form.cleaned_data["contact"],
                criteria=form.criteria(), letter_date=form.cleaned_data["letter_date"],
                reminder_after_days=form.cleaned_data["reminder_after_days"]),
                _("Utsendelsen er laget. Brevene lages nå i bakgrunnen."))
            if campaign:
                return redirect("outreach:campaign_detail", pk=campaign.pk)
        selection = invitation_recipients(form.criteria(), today=timezone.localdate(), user=request.user)
        services.selection_record_view(actor=request.user, selection=selection)
    return render(request, "outreach/campaign_new.html", {"form": form, "selection": selection})


def _campaign_page(request, campaign, *, sent_form=None, status=200):
    paged = paginate(request, selectors.campaign_letters(campaign=campaign, viewer=request.user), 50)
    services.letters_record_view(actor=request.user, campaign=campaign, letters=paged["page"].object_list)
    return render(request, "outreach/campaign_detail.html", {
        **paged, "campaign": campaign, "progress": selectors.campaign_progress(campaign=campaign),
        "may_resume": request.user.can_write_register and may_act_on_whole(request.user, campaign),
        "sent_form": sent_form or SentForm(initial={"sent_on": timezone.localdate()}),
        "reminders_due": selectors.reminders_due(campaign=campaign),
        "criteria": services.criteria_description(campaign), "statuses": LetterStatusForm.base_fields["status"].choices,
        "export": exports.LETTERS, "export_param": EXPORT_PARAM,
    }, status=status)


@staff_required()
def campaign_detail(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    if fmt := export_format(request):
        return exports.LETTERS.response(
            request, selectors.campaign_letters(campaign=campaign, viewer=request.user), fmt)
    return _campaign_page(request, campaign)


@staff_required()
def campaign_progress(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk)
    response = render(request, "outreach/_progress.html", {
        "campaign": campaign, "progress": selectors.campaign_progress(campaign=campaign),
        "may_resume": request.user.can_write_register and may_act_on_whole(request.user, campaign)})
    if campaign.status != CampaignStatus.GENERATING and request.htmx:
        response["HX-Refresh"] = "true"  # the batch is done: show the page with its actions
    return response


@staff_required()
def campaign_pdf(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk, whole=True)
    if campaign.batch_pdf is None:
        raise Http404(_("Brevene er ikke ferdige ennå."))
    services.campaign_record_print(actor=request.user, campaign=campaign)
    return pdf_response(bytes(campaign.batch_pdf), f"utsendelse-{campaign.pk}.pdf")


@require_POST
@staff_required(write=True)
def campaign_send(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk, write=True, whole=True)
    form = SentForm(request.POST)
    if form.is_valid() and run_service(form, request, lambda: services.campaign_mark_sent(
            actor=request.user, campaign=campaign, sent_on=form.cleaned_data["sent_on"]),
            _("Brevene er markert som sendt, og husstandene har fått sak.")):
        return redirect("outreach:campaign_detail", pk=campaign.pk)
    campaign.refresh_from_db()
    return _campaign_page(request, campaign, sent_form=form, status=400)


@require_POST
@staff_required(write=True)
def campaign_resume(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk, write=True, whole=True)
    run_action(request, lambda: services.campaign_generation_resume(actor=request.user, campaign=campaign),
               _("Genereringen fortsetter der den stoppet."))
    return redirect("outreach:campaign_detail", pk=campaign.pk)


@require_POST
@staff_required(write=True)
def reminder_create(request, pk: int):
    campaign = get_campaign_for_user(request.user, pk, write=True, whole=True)
    reminder = run_action(request, lambda: services.reminder_campaign_create(actor=request.user, campaign=campaign),
                          _("Påminnelsene er laget. Brevene lages nå i bakgrunnen."))
    return redirect("outreach:campaign_detail", pk=(reminder or campaign).pk)


@staff_required()
def letter_pdf_view(request, pk: int):
    letter = get_letter_for_user(request.user, pk)
    if letter.pdf is None:
        raise Http404(_("Brevet er ikke laget ennå."))
    services.letter_record_print(actor=request.user, letter=letter)
    return pdf_response(bytes(letter.pdf), f"brev-{letter.reference}.pdf")


def _to_letter(letter):
    """Back to the letter's row on its campaign's page."""
    return redirect(reverse("outreach:campaign_detail", args=[letter.campaign_id]) + f"#brev-{letter.pk}")


@require_POST
@staff_required(write=True)
def letter_status(request, pk: int):
    letter = get_letter_for_user(request.user, pk, write=True)
    form = LetterStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Velg en gyldig status for brevet."))
    else:
        run_action(request, lambda: services.letter_status_set(
            actor=request.user, letter=letter, status=form.cleaned_data["status"]), _("Brevets status er endret."))
    return _to_letter(letter)


@require_POST
@staff_required(write=True)
def letter_remake(request, pk: int):
    letter = get_letter_for_user(request.user, pk, write=True)
    run_action(request, lambda: services.letter_remake(actor=request.user, letter=letter),
               _("Brevet lages på nytt med husstandens opplysninger slik de er nå."))
    return _to_letter(letter)


# Templates -------------------------------------------------------------------------------------

@administrator_required
def template_list(request):
    return render(request, "outreach/template_list.html", {"templates": selectors.template_overview()})


def _template_kind_language(kind: str, language: str) -> tuple[str, str]:
    if kind not in LetterKind.values or language not in LetterLanguage.values:
        raise Http404(_("Ukjent brevmal."))
    return kind, language


def _preview(request, form, kind: str, language: str):
    """The letter as it would read to a real household, with the text in the form (saved or not)."""
    household = get_household_for_user(request.user, form.cleaned_data["household"])
    main = household.main_person
    address = postal_address(household, household.active_tenancy, main) if main else None
    if main is None or address is None:
        form.add_error("household", _("Husstanden mangler hovedperson eller gyldig adresse, og ville ikke fått brev."))
        return None
    services.template_preview_record(actor=request.user, household_id=household.pk)
    template = TemplateVersion(kind=kind, language=language, title=form.cleaned_data["title"],
                                        body=form.cleaned_data["body"], show_qr=form.cleaned_data["show_qr"])
    content = services.letter_content(template=template, recipient=Recipient(household, main, address),
                                      contact=request.user, letter_date=timezone.localdate())
    return content


@administrator_required
def template_edit(request, kind: str, language: str):
    kind, language = _template_kind_language(kind, language)
    versions = selectors.template_versions(kind=kind, language=language)
    latest = versions[0] if versions else None
    initial = {"title": latest.title, "body": latest.body, "show_qr": latest.show_qr} if latest else {
        **defaults.DEFAULTS[kind][language], "show_qr": True}
    form = TemplateForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        if "save" in request.POST:
            version = run_service(form, request, lambda: services.template_version_save(
                actor=request.user, kind=kind, language=language, title=form.cleaned_data["title"],
                body=form.cleaned_data["body"], show_qr=form.cleaned_data["show_qr"]),
                _("Malen er lagret som en ny versjon."))
            if version:
                return redirect("outreach:template_edit", kind=kind, language=language)
        elif not form.cleaned_data.get("household"):
            form.add_error("household", _("Skriv nummeret på en husstand for å forhåndsvise."))
        else:
            preview = _preview(request, form, kind, language)
            if preview and "pdf" in request.POST:
                document = LetterDocument(
                    lang=language, recipient=preview["recipient"], title=preview["title"], body=preview["body"],
                    reference="forhåndsvisning", date=timezone.localdate(),
                    signature=[request.user.get_full_name() or request.user.username, defaults.ROLE[language]],
                    qr_url=preview["qr_url"], qr_caption=defaults.QR_CAPTION[language] if preview["qr_url"] else "")
                return pdf_response(letters_pdf([document]), "forhandsvisning.pdf")
    return render(request, "outreach/template_edit.html", {
        "form": form, "kind": LetterKind(kind), "language": LetterLanguage(language), "versions": versions,
        "fields": MERGE_FIELDS, "preview": preview,
        "preview_blocks": body_blocks(preview["body"]) if preview else None,
    }, status=400 if form.errors else 200)

