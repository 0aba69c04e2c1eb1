"""Sending letters through KS Fiks SvarUt instead of print, and following them there.

A letter is *queued* (`letter_send`, `decision_letter_send`, `campaign_send`): a `Shipment` row
with its external reference, an event and an audit row, in one transaction. The background
worker then sends what is queued (`shipments_send`, task `tasks.send_shipments`), one letter at a
time, holding the dispatch lock (`core.locks`: it dies with the process), so no two workers send
at once. For each letter it

1. commits the state «sending» *before* the HTTP call,
2. sends, and commits SvarUt's id with the state «sent» *after* it.

A worker killed between the two leaves the letter «sending». The next run (the worker's own
restart, `boligvei svarut_send`, the next queued letter) asks SvarUt for forsendelser with the
letter's external reference first, and records the one it finds instead of sending again; only
when SvarUt has none does it send. So a killed worker neither loses nor doubles a letter.

Status is polled (SvarUt has no callback): `shipments_poll` asks `status-sok` for every shipment
that is not final and fetches the events of those that changed; the worker polls again every
SVARUT_POLL_MINUTES while any is open, and `boligvei svarut_status` does it from a timer.

A campaign sent through SvarUt is marked sent (outreach's own service: cases opened, letters on
the timelines) once SvarUt has taken every letter; if it refused one, the campaign page says so,
and that letter can be printed as before.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from boligvei.cases import services as case_services
from boligvei.cases.models import DecisionLetter, EventKind
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.locks import process_lock
from boligvei.core.models import User
from boligvei.dispatch import letters as kinds
from boligvei.dispatch.client import SvarUtAuthError, SvarUtClient, SvarUtError, SvarUtRefused, SvarUtUnavailable
from boligvei.dispatch.models import (
    FINAL_STATUSES, SVARUT_STATUSES, UNSENT_STATES, LetterKind, Shipment, ShipmentEvent, ShipmentState,
)
from boligvei.outreach import services as outreach_services
from boligvei.outreach.models import Campaign, CampaignStatus, Letter, LetterStatus
from boligvei.people.models import Household

logger = logging.getLogger(__name__)

# The first key of PostgreSQL's two-key advisory locks for SvarUt shipments ("su").
LOCK_NAMESPACE = 0x7375
CHUNK = 50

NOT_ENABLED = ("Sending gjennom SvarUt er ikke slått på for kommunen. Skriv ut brevet og send det i posten, "
               "eller be en administrator slå på SvarUt (SVARUT_ENABLED).")
REFUSED = "SvarUt avviste brevet. Skriv det ut og send det i posten i stedet."
AUTH = ("SvarUt eller Maskinporten avviste påloggingen til kommunen. Brevet venter; en administrator må rette "
        "innstillingene for SvarUt (integrasjon, passord, Maskinporten-klient).")
UNAVAILABLE = ("Fikk ikke svar fra SvarUt. Brevet sendes ikke på nytt før SvarUt er spurt om det allerede kom "
               "fram; nytt forsøk om litt.")
GONE = "Brevet finnes ikke lenger i Boligvei (slettet etter at det ble lagt i kø)."


def _require_enabled() -> None:
    if not settings.SVARUT_ENABLED:
        raise DomainError(NOT_ENABLED)


def _event(shipment: Shipment, text: str, *, at: dt.datetime | None = None, from_svarut: bool = False) -> None:
    ShipmentEvent.objects.create(shipment=shipment, at=at or timezone.now(), text=text[:500], from_svarut=from_svarut)


# Queueing ------------------------------------------------------------------------------------

def _queue(*, actor: User, letter: kinds.Outgoing) -> Shipment:
    if Shipment.objects.filter(kind=letter.kind, object_id=letter.object_id).exists():
        raise DomainError("Brevet er allerede sendt gjennom SvarUt.")
    if not letter.document.content:
        raise DomainError("Brevet er ikke laget ferdig ennå.")
    household = Household.objects.prefetch_related("members").get(pk=letter.household_id)
    main = household.main_person
    if not kinds.postal_parts(letter.recipient) and not (main and main.identity_number_encrypted):
        raise DomainError("Husstanden mangler både postadresse og fødselsnummer, så SvarUt kan verken levere "
                          "brevet digitalt eller skrive det ut. Gi brevet til husstanden på annen måte.")
    shipment = Shipment(kind=letter.kind, object_id=letter.object_id, household_id=letter.household_id,
                        campaign_id=letter.campaign_id, title=letter.title[:200], created_by=actor,
                        external_reference=kinds.external_reference(letter.kind, letter.object_id))
    shipment.full_clean()
    shipment.save()
    _event(shipment, f"Lagt i kø for sending gjennom SvarUt av {actor.get_full_name() or actor.username}.")
    audit_record(actor=actor, action="dispatch.queue", obj=shipment, household_id=letter.household_id,
                 changes={"kind": letter.kind, "letter": letter.object_id, "reference": shipment.external_reference})
    return shipment


@transaction.atomic
def letter_send(*, actor: User, letter: Letter) -> Shipment:
    """Send one letter of a campaign through SvarUt instead of print (before the campaign is sent)."""
    _require_enabled()
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != LetterStatus.GENERATED:
        raise DomainError("Bare brev som er laget og ikke sendt ennå, kan sendes gjennom SvarUt.")
    shipment = _queue(actor=actor, letter=kinds.outgoing_letter(letter))
    transaction.on_commit(shipments_send_start)
    return shipment


@transaction.atomic
def decision_letter_send(*, actor: User, letter: DecisionLetter) -> Shipment:
    """Send a decision letter or a financing certificate through SvarUt instead of print."""
    _require_enabled()
    letter = DecisionLetter.objects.select_related("decision").get(pk=letter.pk)
    shipment = _queue(actor=actor, letter=kinds.outgoing_decision_letter(letter))
    transaction.on_commit(shipments_send_start)
    return shipment


@transaction.atomic
def campaign_send(*, actor: User, campaign: Campaign) -> int:
    """Send every letter of a campaign that is made and not yet shipped through SvarUt. The
    campaign is marked sent when SvarUt has taken them all. Returns how many were queued."""
    _require_enabled()
    status = Campaign.objects.select_for_update().values_list("status", flat=True).get(pk=campaign.pk)
    if status != CampaignStatus.GENERATED:
        raise DomainError("Brevene kan sendes gjennom SvarUt når alle er laget og utsendelsen ikke er sendt.")
    shipped = Shipment.objects.filter(kind=LetterKind.LETTER, campaign_id=campaign.pk).values("object_id")
    letters = list(campaign.letters.filter(status=LetterStatus.GENERATED).exclude(pk__in=shipped).order_by("id"))
    if not letters:
        raise DomainError("Alle brevene i utsendelsen er allerede sendt gjennom SvarUt.")
    refused = []
    for letter in letters:
        try:
            with transaction.atomic():
                _queue(actor=actor, letter=kinds.outgoing_letter(letter))
        except DomainError:
            refused.append(letter.pk)
    queued = len(letters) - len(refused)
    if not queued:
        raise DomainError("Ingen av brevene kan sendes gjennom SvarUt: husstandene mangler både adresse og "
                          "fødselsnummer.")
    audit_record(actor=actor, action="dispatch.campaign", obj=campaign,
                 changes={"queued": queued, "refused": refused,
                          "households": sorted({letter.household_id for letter in letters})})
    transaction.on_commit(shipments_send_start)
    return queued


# The worker ----------------------------------------------------------------------------------

def shipments_send_start() -> None:
    """Queue the background run that sends what waits (unless one is queued already)."""
    from boligvei.dispatch.tasks import send_shipments

    if not DBTaskResult.objects.filter(task_path=send_shipments.module_path, status=TaskResultStatus.READY).exists():
        send_shipments.enqueue()


@dataclass
class SendResult:
    sent: int = 0
    found: int = 0
    failed: int = 0
    waiting: int = 0
    stopped: str = ""
    campaigns: set = field(default_factory=set)


def dispatch_lock(*, wait: bool = False):
    return process_lock(LOCK_NAMESPACE, 1, name="svarut", wait=wait)


def shipments_send(*, client: SvarUtClient | None = None) -> SendResult:
    """Send every queued letter, and settle every letter a killed run left «sending» (asked by
    reference first). Stops early when SvarUt refuses our credentials or does not answer: the
    letters left wait for the next run (queued again in SVARUT_RETRY_MINUTES)."""
    result = SendResult()
    if not settings.SVARUT_ENABLED:  # turned off after letters were queued: they wait
        result.stopped = "off"
        result.waiting = Shipment.objects.filter(state__in=UNSENT_STATES).count()
        return result
    client = client or SvarUtClient.from_settings()
    with dispatch_lock(wait=True):
        done: set[int] = set()
        while not result.stopped:
            batch = list(Shipment.objects.filter(state__in=UNSENT_STATES).exclude(pk__in=done).order_by("id")[:CHUNK])
            if not batch:
                break
            for shipment in batch:
                done.add(shipment.pk)
                _send_one(client, shipment, result)
                if result.stopped:
                    break
        result.waiting = Shipment.objects.filter(state__in=UNSENT_STATES).count()
    for campaign_id in result.campaigns:
        campaign_complete(campaign_id)
    if result.stopped and result.waiting:
        _later(settings.SVARUT_RETRY_MINUTES)
    if result.sent or result.found:
        shipments_poll_start(minutes=1)
    return result


def _later(minutes: int) -> None:
    from boligvei.dispatch.tasks import send_shipments

    ready = DBTaskResult.objects.filter(task_path=send_shipments.module_path, status=TaskResultStatus.READY)
    if not ready.exists():
        send_shipments.using(run_after=timezone.now() + dt.timedelta(minutes=minutes)).enqueue()


def _digital_id(household_id: int) -> str:
    """The main person's identity number, for SvarUt's digital delivery: read here, in memory,
    and sent only to SvarUt (never stored on the shipment, logged or audited in clear)."""
    household = Household.objects.prefetch_related("members").get(pk=household_id)
    main = household.main_person
    return main.identity_number() if main is not None else ""


def _send_one(client: SvarUtClient, shipment: Shipment, result: SendResult) -> None:
    if shipment.campaign_id:
        result.campaigns.add(shipment.campaign_id)
    try:
        if shipment.state == ShipmentState.SENDING:  # a run before this one may have reached SvarUt
            ids = client.find_by_reference(shipment.external_reference)
            if ids:
                _record_sent(shipment, ids[0], found=True)
                result.found += 1
                return
        try:
            letter = kinds.outgoing(shipment.kind, shipment.object_id)
        except ObjectDoesNotExist:
            _record_failed(shipment, GONE)
            result.failed += 1
            return
        body = kinds.forsendelse(shipment, letter, digital_id=_digital_id(shipment.household_id))
        with transaction.atomic():  # committed before the call: a kill after it is found again
            Shipment.objects.filter(pk=shipment.pk).update(state=ShipmentState.SENDING, attempts=shipment.attempts + 1,
                                                           attempted_at=timezone.now())
            _event(shipment, f"Forsøk {shipment.attempts + 1}: sendes til SvarUt.")
        forsendelse_id = client.send(body, [letter.document])
    except SvarUtAuthError as exc:
        logger.warning("SvarUt shipment %s: credentials refused (%s)", shipment.pk, exc)
        _record_waiting(shipment, AUTH, state=ShipmentState.QUEUED if shipment.state == ShipmentState.QUEUED
                        else ShipmentState.SENDING)
        result.stopped = "auth"
        return
    except SvarUtUnavailable as exc:
        logger.warning("SvarUt shipment %s: no answer (%s)", shipment.pk, exc)
        _record_waiting(shipment, UNAVAILABLE, state=ShipmentState.SENDING)
        result.stopped = "unavailable"
        return
    except SvarUtRefused as exc:
        logger.warning("SvarUt shipment %s refused: HTTP %s, errorId %s", shipment.pk, exc.status,
                       exc.body.get("errorId", ""))
        _record_failed(shipment, REFUSED + (f" (SvarUt: {exc.detail})" if exc.detail else ""))
        result.failed += 1
        return
    _record_sent(shipment, forsendelse_id, found=False)
    result.sent += 1


def _record_sent(shipment: Shipment, forsendelse_id: str, *, found: bool) -> None:
    now = timezone.now()
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(state=ShipmentState.SENT, forsendelse_id=forsendelse_id,
                                                       sent_at=now, error="")
        _event(shipment, "SvarUt hadde allerede tatt imot brevet; det ble ikke sendt på nytt." if found
               else "Tatt imot av SvarUt.")
        audit_record(actor=shipment.created_by, action="dispatch.found" if found else "dispatch.send", obj=shipment,
                     household_id=shipment.household_id,
                     changes={"reference": shipment.external_reference, "forsendelse": str(forsendelse_id)})
        if shipment.kind == LetterKind.DECISION_LETTER:
            letter = DecisionLetter.objects.select_related("decision__case").filter(pk=shipment.object_id).first()
            if letter is not None:
                case_services.case_log(actor=shipment.created_by, case=letter.decision.case, kind=EventKind.LETTER,
                                       text=f"{letter.get_kind_display()} sendt gjennom SvarUt "
                                            f"{timezone.localdate(now):%d.%m.%Y}.")


def _record_failed(shipment: Shipment, reason: str) -> None:
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(state=ShipmentState.FAILED, error=reason[:500])
        _event(shipment, reason)
        audit_record(actor=shipment.created_by, action="dispatch.fail", obj=shipment,
                     household_id=shipment.household_id, changes={"reference": shipment.external_reference})


def _record_waiting(shipment: Shipment, reason: str, *, state: str) -> None:
    with transaction.atomic():
        Shipment.objects.filter(pk=shipment.pk).update(state=state, error=reason)
        _event(shipment, reason)


def campaign_complete(campaign_id: int) -> bool:
    """Mark the campaign sent (outreach's service) once SvarUt has taken all its letters that were
    queued, and none was refused. The one who sent it through SvarUt is the actor."""
    shipments = Shipment.objects.filter(kind=LetterKind.LETTER, campaign_id=campaign_id)
    if shipments.filter(Q(state__in=UNSENT_STATES) | Q(state=ShipmentState.FAILED)).exists():
        return False
    campaign = Campaign.objects.filter(pk=campaign_id, status=CampaignStatus.GENERATED).first()
    first = shipments.order_by("id").select_related("created_by").first()
    if campaign is None or first is None:
        return False
    if campaign.letters.filter(status=LetterStatus.GENERATED).exclude(pk__in=shipments.values("object_id")).exists():
        return False  # some letters were left for print: the caseworker marks the campaign sent
    outreach_services.campaign_mark_sent(actor=first.created_by, campaign=campaign, sent_on=timezone.localdate())
    return True


def shipments_interrupted_requeue() -> bool:
    """Queue the send run again when letters wait and no run is alive: its job was lost, or left
    «running» by a killed worker (the dispatch lock is free), which is marked failed. `boligvei
    db_worker` calls this when it starts; `boligvei svarut_send` sends at once instead."""
    from boligvei.dispatch.tasks import send_shipments

    if not Shipment.objects.filter(state__in=UNSENT_STATES).exists():
        return False
    jobs = DBTaskResult.objects.filter(task_path=send_shipments.module_path,
                                       status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    if any(job.status == TaskResultStatus.READY for job in jobs):
        return False
    running = [job for job in jobs if job.status == TaskResultStatus.RUNNING]
    if running:
        with dispatch_lock() as free:
            if not free:
                return False
        for job in running:
            job.set_failed(outreach_services.WorkerInterrupted("The worker stopped before the job finished."))
    send_shipments.enqueue()
    return True


# Status --------------------------------------------------------------------------------------

def shipments_poll_start(*, minutes: int | None = None) -> None:
    from boligvei.dispatch.tasks import poll_shipments

    if DBTaskResult.objects.filter(task_path=poll_shipments.module_path, status=TaskResultStatus.READY).exists():
        return
    delay = settings.SVARUT_POLL_MINUTES if minutes is None else minutes
    poll_shipments.using(run_after=timezone.now() + dt.timedelta(minutes=delay)).enqueue()


def shipments_open():
    """Shipments SvarUt has and whose status is not final, sent within SVARUT_POLL_DAYS."""
    since = timezone.now() - dt.timedelta(days=settings.SVARUT_POLL_DAYS)
    return (Shipment.objects.filter(forsendelse_id__isnull=False, sent_at__gte=since)
            .exclude(svarut_status__in=FINAL_STATUSES))


def shipments_poll(*, client: SvarUtClient | None = None, shipments=None) -> int:
    """Ask SvarUt for the status of the open shipments (or those given), and fetch the events of
    those whose status changed. Returns how many changed."""
    client = client or SvarUtClient.from_settings()
    by_id = {str(s.forsendelse_id): s for s in (shipments if shipments is not None else shipments_open())
             if s.forsendelse_id}
    if not by_id:
        return 0
    changed = 0
    now = timezone.now()
    for status in client.statuses(list(by_id)):
        shipment = by_id.get(status.forsendelse_id)
        if shipment is None:
            continue
        fresh = status.status != shipment.svarut_status
        events = client.events(status.forsendelse_id) if fresh or not shipment.events.filter(from_svarut=True).exists() else None
        _, state, _ = SVARUT_STATUSES.get(status.status, ("", ShipmentState.SENT, False))
        with transaction.atomic():
            Shipment.objects.filter(pk=shipment.pk).update(
                svarut_status=status.status, svarut_status_at=parse_datetime(status.changed_at), checked_at=now,
                state=state, error=REFUSED if state == ShipmentState.FAILED else "")
            if events is not None:
                _events_replace(shipment, events)
            if fresh:
                audit_record(actor=None, action="dispatch.status", obj=shipment, household_id=shipment.household_id,
                             changes={"status": {"old": shipment.svarut_status, "new": status.status}})
        changed += fresh
    return changed


def _events_replace(shipment: Shipment, events: list[dict]) -> None:
    """SvarUt's history of the shipment, as SvarUt has it now."""
    shipment.events.filter(from_svarut=True).delete()
    ShipmentEvent.objects.bulk_create(
        ShipmentEvent(shipment=shipment, at=parse_datetime(event["tidspunkt"]) or timezone.now(),
                      text=str(event["hendelse"])[:500], from_svarut=True) for event in events)


def shipment_refresh(*, actor: User, shipment: Shipment) -> None:
    """A caseworker asks for the newest status now (the worker fetches it)."""
    _require_enabled()
    if shipment.forsendelse_id is None:
        raise DomainError("SvarUt har ikke tatt imot brevet ennå, så det finnes ingen status å hente.")
    audit_record(actor=actor, action="dispatch.refresh", obj=shipment, household_id=shipment.household_id)
    from boligvei.dispatch.tasks import poll_shipments

    transaction.on_commit(lambda: poll_shipments.enqueue(shipment_ids=[shipment.pk]))
