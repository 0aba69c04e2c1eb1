"""Outreach: letter templates, campaigns and the letters' statuses.

A campaign is made in one transaction: the selection, and one letter per recipient with its
text merged from the template in the household's language. If anything is wrong (an empty
selection, a template missing) nothing is saved. The PDFs are then made in the background
(`tasks.generate_campaign_letters`); marking the campaign as sent opens the households' cases
(«invited», channel: letter) and puts the letter on each case's timeline.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from django.utils.translation import gettext_lazy as _

from boligvei.cases import services as case_services
from boligvei.cases.models import Case, Channel, EventKind
from boligvei.cases.pipeline import CLOSED_STATUSES, Status
from boligvei.core import letter_templates
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.outreach import defaults
from boligvei.outreach.merge import template_errors
from boligvei.outreach.merge import merge as merge_text
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterKind, LetterStatus, TemplateVersion
from boligvei.housing.selectors import postal_address
from boligvei.outreach.generation import generation_lock
from boligvei.outreach.selection import Criteria, Recipient, Selection, invitation_recipients, reminder_recipients
from boligvei.outreach.tasks import generate_campaign_letters
from boligvei.people.models import Language, Person

LANGUAGE_NAMES = {"nb": "bokmål", "nn": "nynorsk", "en": "engelsk"}


# Templates ---------------------------------------------------------------------------------

def templates_in_force(kind: str) -> dict[str, TemplateVersion]:
    """The newest version of each language's template of this kind (the shipped text is version 1)."""
    return letter_templates.templates_in_force(TemplateVersion, kind, defaults.DEFAULTS.get(kind, {}))


def template_version_save(*, actor: User, kind: str, language: str, title: str, body: str,
                          show_qr: bool) -> TemplateVersion:
    """Save a new version of a template. Refused if it uses a merge field that does not exist."""
    return letter_templates.template_version_save(
        TemplateVersion, actor=actor, kind=kind, language=language, title=title, body=body,
        errors_of=template_errors, action="letter_template.save", show_qr=show_qr)


def letter_language(person: Person, available: set[str]) -> tuple[str, str]:
    """The language to write to this person in, and the language they asked for where that is
    not it (for the letter's note). Nynorsk falls back to bokmål; other languages to English,
    then bokmål."""
    wanted = person.preferred_language
    if wanted in available:
        return wanted, ""
    if wanted == Language.OTHER:
        label = person.other_language.strip() or "ditt språk"
    else:
        label = LANGUAGE_NAMES.get(wanted, wanted)
    order = ["nb"] if wanted in {"nn", "nb"} else ["en", "nb"]
    for fallback in order + sorted(available):
        if fallback in available:
            return fallback, label
    raise DomainError(_("Det finnes ingen brevmal å skrive fra."))


def calculator_url() -> str:
    return settings.PUBLIC_URL + reverse("assessments:self_check")


def merge_values(*, recipient: Recipient, contact: User, lang: str, letter_date: dt.date,
                 meeting_text: str = "") -> dict[str, str]:
    name = contact.get_full_name() or contact.username
    phone = contact.phone or settings.HOUSING_OFFICE_PHONE
    return {
        "navn": recipient.main_person.full_name,
        "adresse": ", ".join(recipient.address[1:]),
        "kommune": settings.MUNICIPALITY_NAME,
        "saksbehandler": name,
        "saksbehandler_telefon": phone,
        "saksbehandler_epost": contact.email,
        "møtetid": meeting_text or defaults.CALL_US[lang].format(name=name, phone=phone),
        "ta_med": defaults.BRING[lang],
        "startlån": defaults.STARTLAN[lang],
        "kalkulator": calculator_url(),
        "dato": letter_date.strftime("%d.%m.%Y"),
    }


def letter_content(*, template: TemplateVersion, recipient: Recipient, contact: User, letter_date: dt.date,
                   wanted: str = "") -> dict:
    """Everything a letter says, merged: kept on the letter so that it prints the same later."""
    values = merge_values(recipient=recipient, contact=contact, lang=template.language, letter_date=letter_date)
    return {
        "language": template.language, "language_wanted": wanted, "recipient": recipient.address,
        "title": merge_text(template.title, values), "body": merge_text(template.body, values),
        "note": defaults.FALLBACK_NOTE[template.language].format(wanted=wanted) if wanted else "",
        "qr_url": values["kalkulator"] if template.show_qr else "",
    }


# Campaigns ---------------------------------------------------------------------------------

def _require_contact(contact: User) -> None:
    if not contact.can_write_register:
        raise DomainError(_("Kontaktpersonen må være en saksbehandler: husstandene får sak hos vedkommende."))


def _campaign_with_letters(*, actor: User, name: str, kind: str, contact: User, criteria: dict,
                           letter_date: dt.date, reminder_after_days: int, selection: Selection,
                           reminder_of: Campaign | None = None) -> Campaign:
    if not name.strip():
        raise DomainError(_("Gi utsendelsen et navn."))
    if not selection.recipients:
        raise DomainError(_("Utvalget er tomt: ingen husstander får brev. Endre utvalget og prøv igjen."))
    templates = templates_in_force(kind)
    campaign = Campaign.objects.create(
        name=name.strip(), kind=kind, reminder_of=reminder_of, contact=contact, created_by=actor, criteria=criteria,
        letter_date=letter_date, reminder_after_days=reminder_after_days, letters_total=len(selection.recipients))
    letters = []
    for recipient in selection.recipients:
        lang, wanted = letter_language(recipient.main_person, set(templates))
        template = templates[lang]
        letters.append(Letter(campaign=campaign, household=recipient.household, template=template,
                              **letter_content(template=template, recipient=recipient, contact=contact,
                                               letter_date=letter_date, wanted=wanted)))
    Letter.objects.bulk_create(letters, batch_size=500)
    audit_record(actor=actor, action="campaign.create", obj=campaign,
                 changes={"kind": kind, "letters": len(letters), "excluded": len(selection.excluded)})
    transaction.on_commit(lambda: campaign_generation_start(campaign))
    return campaign


@transaction.atomic
def campaign_create(*, actor: User, name: str, contact: User, criteria: Criteria, letter_date: dt.date,
                    reminder_after_days: int | None = None, today: dt.date | None = None) -> Campaign:
    """Make an invitation campaign: select, merge one letter per household, start the PDFs."""
    _require_contact(contact)
    today = today or timezone.localdate()
    if letter_date < today:
        raise DomainError(_("Brevdatoen kan ikke være før i dag."))
    selection = invitation_recipients(criteria, today=today, user=actor)
    return _campaign_with_letters(
        actor=actor, name=name, kind=LetterKind.INVITATION, contact=contact, criteria=criteria.to_json(),
        letter_date=letter_date, selection=selection,
        reminder_after_days=settings.REMINDER_AFTER_DAYS if reminder_after_days is None else reminder_after_days)


@transaction.atomic
def reminder_campaign_create(*, actor: User, campaign: Campaign, letter_date: dt.date | None = None,
                             today: dt.date | None = None) -> Campaign:
    """Remind the households who have not answered a sent campaign. Letters whose household has
    answered in the meantime (its case has moved on) are marked as answered."""
    if campaign.status != CampaignStatus.SENT:
        raise DomainError(_("Påminnelser kan bare lages når brevene er sendt."))
    today = today or timezone.localdate()
    letters_answered_sync(campaign=campaign)
    selection = reminder_recipients(campaign, today=today)
    return _campaign_with_letters(
        actor=actor, name=f"Påminnelse: {campaign.name}", kind=LetterKind.REMINDER, contact=campaign.contact,
        criteria={"reminder_of": campaign.pk}, letter_date=letter_date or today, selection=selection,
        reminder_after_days=campaign.reminder_after_days, reminder_of=campaign)


def campaign_generation_start(campaign: Campaign) -> None:
    """Queue the background job that makes the campaign's PDFs (again, after a crash: it goes on
    where it stopped)."""
    result = generate_campaign_letters.enqueue(campaign.pk)
    Campaign.objects.filter(pk=campaign.pk).update(task_id=str(result.id), progress_at=timezone.now())
    campaign.task_id = str(result.id)


def campaigns_unfinished() -> list[Campaign]:
    return list(Campaign.objects.filter(status=CampaignStatus.GENERATING))


class WorkerInterrupted(Exception):
    """The worker running a campaign's job was stopped (killed, restarted) before it finished."""


def campaigns_interrupted_requeue() -> list[Campaign]:
    """Queue again every unfinished campaign that has no job alive: its job was lost, or marked
    running by a worker that was killed (the campaign's generation lock is free). The dead job is
    marked failed, so nothing stays «running» for ever. A job still queued or running is left
    alone. `boligvei db_worker` calls this when it starts, and `boligvei letters_resume` does."""
    unfinished = {campaign.pk: campaign for campaign in campaigns_unfinished()}
    if not unfinished:
        return []
    jobs = DBTaskResult.objects.filter(task_path=generate_campaign_letters.module_path,
                                       status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    alive, dead = set(), []
    for job in jobs:
        campaign_id = (job.args_kwargs.get("args") or [None])[0]
        if job.status == TaskResultStatus.READY:
            alive.add(campaign_id)
            continue
        with generation_lock(campaign_id) as free:
            if free:
                dead.append(job)
            else:
                alive.add(campaign_id)
    for job in dead:
        job.set_failed(WorkerInterrupted("The worker stopped before the job finished."))
    requeued = [campaign for pk, campaign in unfinished.items() if pk not in alive]
    for campaign in requeued:
        campaign_generation_start(campaign)
    return requeued


def campaign_generation_resume(*, actor: User | None, campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.GENERATING:
        raise DomainError(_("Alle brevene i utsendelsen er laget."))
    campaign_generation_start(campaign)
    audit_record(actor=actor, action="campaign.resume", obj=campaign)


@transaction.atomic
def letter_remake(*, actor: User, letter: Letter) -> Letter:
    """Make a letter that could not be made again, merged from the household's data as it is now
    (its name or address put right since), from the same template version. The campaign's batch
    PDF is made again with it."""
    campaign = Campaign.objects.select_for_update().get(pk=letter.campaign_id)
    letter = Letter.objects.select_for_update().select_related("template", "household").get(pk=letter.pk)
    if letter.status != LetterStatus.FAILED:
        raise DomainError(_("Bare brev som ikke kunne lages, kan lages på nytt."))
    if campaign.status == CampaignStatus.SENT:
        raise DomainError(_("Utsendelsen er sendt. Ta med husstanden i en ny utsendelse i stedet."))
    household = letter.household
    main = household.main_person
    address = postal_address(household, household.active_tenancy, main) if main else None
    if address is None:
        raise DomainError(_("Husstanden mangler hovedperson eller gyldig adresse (gate, postnummer med fire "
                          "siffer og poststed). Rett det først."))
    content = letter_content(template=letter.template, recipient=Recipient(household, main, address),
                             contact=campaign.contact, letter_date=campaign.letter_date,
                             wanted=letter.language_wanted)
    for field, value in content.items():
        setattr(letter, field, value)
    letter.status, letter.failure = LetterStatus.PENDING, ""
    letter.save()
    campaign.status, campaign.batch_pdf = CampaignStatus.GENERATING, None
    campaign.save(update_fields=["status", "batch_pdf", "updated_at"])
    audit_record(actor=actor, action="letter.remake", obj=letter, household_id=household.pk,
                 changes={"campaign": campaign.pk})
    transaction.on_commit(lambda: campaign_generation_start(campaign))
    return letter


@transaction.atomic
def campaign_mark_sent(*, actor: User, campaign: Campaign, sent_on: dt.date) -> Campaign:
    """The letters are in the post: mark them sent, open a case («invited», came in by letter)
    for each household invited, and put the letter on each case's timeline."""
    campaign.status = Campaign.objects.select_for_update().values_list("status", flat=True).get(pk=campaign.pk)
    if campaign.status == CampaignStatus.SENT:
        raise DomainError(_("Utsendelsen er allerede markert som sendt."))
    if campaign.status != CampaignStatus.GENERATED:
        raise DomainError(_("Brevene er ikke ferdige ennå. Vent til alle er laget."))
    if sent_on > timezone.localdate():
        raise DomainError(_("Sendt-datoen kan ikke være fram i tid."))
    letters = list(campaign.letters.filter(status=LetterStatus.GENERATED).select_related("household").order_by("id"))
    if not letters:
        raise DomainError(_("Ingen av brevene kunne lages, så det er ingenting å sende."))
    open_cases = {case.household_id: case for case in Case.objects.filter(
        household_id__in=[letter.household_id for letter in letters]).exclude(status__in=CLOSED_STATUSES)}
    label = LetterKind(campaign.kind).label
    for letter in letters:
        case = open_cases.get(letter.household_id)
        if case is None and campaign.kind == LetterKind.INVITATION:
            case = case_services.case_open(actor=actor, household=letter.household, caseworker=campaign.contact,
                                           status=Status.INVITED, channel=Channel.LETTER)
        if case is not None:
            case_services.case_log(actor=actor, case=case, kind=EventKind.LETTER,
                                   text=f"{label} sendt {sent_on:%d.%m.%Y} (ref. {letter.reference}).")
    campaign.letters.filter(status=LetterStatus.GENERATED).update(status=LetterStatus.SENT, sent_on=sent_on)
    if campaign.reminder_of_id:
        Letter.objects.filter(campaign_id=campaign.reminder_of_id, household_id__in=[
            letter.household_id for letter in letters], status=LetterStatus.SENT).update(status=LetterStatus.NO_ANSWER)
    campaign.status, campaign.sent_on = CampaignStatus.SENT, sent_on
    campaign.save(update_fields=["status", "sent_on", "updated_at"])
    audit_record(actor=actor, action="campaign.send", obj=campaign, changes={"letters": len(letters)})
    return campaign


def letters_answered_sync(*, campaign: Campaign) -> int:
    """Sent letters whose household's case has moved on from «invited» have been answered."""
    answered = 0
    letters = campaign.letters.filter(status__in=[LetterStatus.SENT, LetterStatus.NO_ANSWER])
    cases = {case.household_id: case for case in Case.objects.filter(
        household_id__in=letters.values("household_id")).order_by("created_at")}
    for letter in letters:
        case = cases.get(letter.household_id)
        if case and case.status not in {Status.INVITED, Status.NO_ANSWER}:
            Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.ANSWERED,
                                                       answered_on=case.status_changed_at.date())
            answered += 1
    return answered


LETTER_MOVES = {
    LetterStatus.SENT: {LetterStatus.ANSWERED, LetterStatus.NO_ANSWER},
    LetterStatus.ANSWERED: {LetterStatus.SENT, LetterStatus.NO_ANSWER},
    LetterStatus.NO_ANSWER: {LetterStatus.SENT, LetterStatus.ANSWERED},
}


@transaction.atomic
def letter_status_set(*, actor: User, letter: Letter, status: str, on: dt.date | None = None) -> Letter:
    if status not in LETTER_MOVES.get(letter.status, set()):
        raise DomainError(_("Brevet kan ikke endres fra «%(old)s» til «%(new)s».") % {
            "old": letter.get_status_display(),
            "new": LetterStatus(status).label if status in LetterStatus.values else status})
    old = letter.status
    letter.status = status
    letter.answered_on = (on or timezone.localdate()) if status == LetterStatus.ANSWERED else None
    letter.save(update_fields=["status", "answered_on"])
    audit_record(actor=actor, action="letter.status", obj=letter, household_id=letter.household_id,
                 changes={"status": {"old": old, "new": status}})
    return letter


def letter_record_print(*, actor: User, letter: Letter) -> None:
    audit_record(actor=actor, action="letter.print", obj=letter, household_id=letter.household_id)


def campaign_record_print(*, actor: User, campaign: Campaign) -> None:
    audit_record(actor=actor, action="campaign.print", obj=campaign,
                 changes={"households": list(campaign.letters.values_list("household_id", flat=True))})


def selection_record_view(*, actor: User, selection: Selection) -> None:
    """The caseworker saw who a campaign would write to, and who it would leave out."""
    households = sorted({r.household.pk for r in selection.recipients} | {e.household_id for e in selection.excluded})
    audit_record(actor=actor, action="campaign.selection", changes={"households": households})


def letters_record_view(*, actor: User, campaign: Campaign, letters) -> None:
    households = sorted({letter.household_id for letter in letters})
    if households:
        audit_record(actor=actor, action="campaign.view", obj=campaign, changes={"households": households})


def criteria_description(campaign: Campaign) -> list[str]:
    if campaign.reminder_of_id:
        return [f"Husstander som ikke har svart på «{campaign.reminder_of.name}»"]
    return Criteria.from_json(campaign.criteria).describe()


def template_preview_record(*, actor: User, household_id: int) -> None:
    audit_record(actor=actor, action="letter_template.preview", household_id=household_id)
