"""Changing cases: opening, moving along the pipeline, notes, reopening.

Every change writes a case event (the case's history) and an audit row in one transaction.
Moves name the version of the case the caseworker saw; if someone else changed the case since,
the move is refused with a message instead of overwriting their change.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from boligvei.cases import hooks, mapping, pipeline
from boligvei.cases.milestones import milestones_record
from boligvei.cases.models import Case, CaseEvent, Channel, EventKind, FollowUpTask, Mapping
from boligvei.cases.pipeline import Status
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.housing.models import Tenancy
from boligvei.people.models import Household
from boligvei.people.services import consent_require_for

STALE = ("Saken er endret av noen andre siden du åpnet siden. Ingenting er lagret. "
         "Last siden på nytt og se hva som er endret før du prøver igjen.")


@transaction.atomic
def case_open(*, actor: User, household: Household, caseworker: User | None = None,
              status: str = Status.INVITED, channel: str = Channel.LETTER, referred_by: str = "") -> Case:
    """Open a case for a household that has none open; the caseworker defaults to the actor.
    `channel` and `referred_by` record how the household came into the programme."""
    caseworker = caseworker or actor
    if not caseworker.can_write_register:
        raise DomainError("Saken må ha en saksbehandler som kan endre registeret.")
    if Case.objects.filter(household=household).exclude(status__in=pipeline.CLOSED_STATUSES).exists():
        raise DomainError("Husstanden har allerede en åpen sak.")
    consent_require_for(household, f"case.status.{status}")
    now = timezone.now()
    area = (Tenancy.objects.filter(household=household, is_active=True).values_list("dwelling__area", flat=True)
            .first() or "")
    case = Case(household=household, caseworker=caseworker, team=caseworker.team, status=status,
                status_changed_at=now, channel=channel, referred_by=referred_by.strip(), area=area)
    case.full_clean()
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # opened by someone else at the same moment
        raise DomainError("Husstanden har allerede en åpen sak.") from exc
    _status_event(case, at=now, actor=actor, kind=EventKind.OPENED, to_status=status)
    audit_record(actor=actor, action="case.open", obj=case, household_id=household.pk,
                 changes={"status": status, "caseworker": caseworker.username, "channel": channel,
                          **_household_follows(household, caseworker)})
    return case


def _household_follows(household: Household, caseworker: User) -> dict:
    """The household moves to the team of the caseworker who has its case, so that the team
    that follows the household is the team that sees it (people.access); the change, for the audit."""
    if caseworker.team_id is None or household.team_id == caseworker.team_id:
        return {}
    old = household.team.name if household.team_id else ""
    Household.objects.filter(pk=household.pk).update(team=caseworker.team)
    household.team = caseworker.team
    return {"team": {"old": old, "new": caseworker.team.name}}


def _status_event(case: Case, *, at: dt.datetime, actor: User, kind: str, to_status: str, from_status: str = "",
                  text: str = "", invite_again_on: dt.date | None = None) -> CaseEvent:
    """The event for a change of status, with the funnel stages it reaches (`cases.funnel`)."""
    event = CaseEvent.objects.create(case=case, at=at, actor=actor, kind=kind, from_status=from_status,
                                     to_status=to_status, text=text, invite_again_on=invite_again_on,
                                     caseworker_id=case.caseworker_id)
    milestones_record(case_id=case.pk, to_status=to_status, at=at, caseworker_id=case.caseworker_id)
    return event


def _save_change(case: Case, *, expected_version: int, **fields) -> None:
    """Write the change only if the case is still the version the caseworker saw."""
    changed = Case.objects.filter(pk=case.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now(), **fields)
    if not changed:
        raise DomainError(STALE)
    for name, value in fields.items():
        setattr(case, name, value)
    case.version = expected_version + 1


@transaction.atomic
def case_move(*, actor: User, case: Case, to_status: str, expected_version: int, reason: str = "",
              invite_again_on: dt.date | None = None, manual: bool = False) -> Case:
    """Move a case along the pipeline: only the moves the table allows, with a reason where
    one is needed (exits and steps back). A move made by hand (`manual`, from the case page)
    always needs a reason, since the work itself moves the case (`case_progress`)."""
    from_status = case.status
    if to_status not in pipeline.TRANSITIONS[Status(from_status)]:
        raise DomainError(f"En sak kan ikke gå fra «{Status(from_status).label}» til «{Status(to_status).label}».")
    if to_status == Status.PURCHASED and not hasattr(case, "purchase"):
        raise DomainError("Registrer boligkjøpet med kjøpesum og finansiering: da flyttes saken.")
    reason = reason.strip()
    if manual and not reason:
        raise DomainError("Skriv hvorfor du endrer statusen for hånd. Vanligvis flyttes saken når arbeidet "
                          "registreres (møtereferat, kartlegging, vurdering, innstilling, vedtak, kjøp).")
    if pipeline.needs_reason(from_status, to_status) and not reason:
        raise DomainError("Skriv en begrunnelse: den trengs når en sak avsluttes eller går et steg tilbake.")
    if manual and to_status == Status.CONVERSATION_HELD and (coming := hooks.booked_meetings(case.pk)):
        raise DomainError(f"Husstanden har et avtalt møte {coming[0]}. Skriv referat når møtet er holdt, "
                          "eller avlys eller flytt møtet først.")
    if invite_again_on and to_status not in pipeline.INVITE_AGAIN:
        raise DomainError("Dato for ny invitasjon gjelder bare når saken avsluttes uten kjøp.")
    if invite_again_on and invite_again_on <= timezone.localdate():
        raise DomainError("Datoen for ny invitasjon må være fram i tid.")
    consent_require_for(case.household_id, f"case.status.{to_status}")  # applying shares with Husbanken
    now = timezone.now()
    _save_change(case, expected_version=expected_version, status=to_status, status_changed_at=now,
                 invite_again_on=invite_again_on)
    _status_event(case, at=now, actor=actor, kind=EventKind.STATUS, from_status=from_status, to_status=to_status,
                  text=reason, invite_again_on=invite_again_on)
    audit_record(actor=actor, action="case.move", obj=case, household_id=case.household_id,
                 changes={"status": {"old": from_status, "new": to_status}, "manual": manual}, reason=reason)
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, expected_version: int, reason: str) -> Case:
    """Reopen a closed case where it left off (the status before it was closed)."""
    if case.is_open:
        raise DomainError("Saken er allerede åpen.")
    if not reason.strip():
        raise DomainError("Skriv hvorfor saken gjenåpnes.")
    if Case.objects.filter(household_id=case.household_id).exclude(status__in=pipeline.CLOSED_STATUSES).exists():
        raise DomainError("Husstanden har allerede en annen åpen sak.")
    last_move = case.events.filter(kind=EventKind.STATUS, to_status=case.status).order_by("-at", "-id").first()
    back_to = last_move.from_status if last_move and last_move.from_status else Status.INVITED
    if back_to in pipeline.CLOSED_STATUSES:
        back_to = Status.INVITED
    consent_require_for(case.household_id, f"case.status.{back_to}")
    from_status, now = case.status, timezone.now()
    _save_change(case, expected_version=expected_version, status=back_to, status_changed_at=now, invite_again_on=None)
    _status_event(case, at=now, actor=actor, kind=EventKind.REOPENED, from_status=from_status, to_status=back_to,
                  text=reason.strip())
    audit_record(actor=actor, action="case.reopen", obj=case, household_id=case.household_id,
                 changes={"status": {"old": from_status, "new": back_to}}, reason=reason.strip())
    return case


@transaction.atomic
def case_note_add(*, actor: User, case: Case, text: str) -> CaseEvent:
    text = text.strip()
    if not text:
        raise DomainError("Notatet er tomt.")
    event = CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, kind=EventKind.NOTE, text=text)
    audit_record(actor=actor, action="case.note", obj=case, household_id=case.household_id)
    return event


def case_log(*, actor: User, case: Case, kind: str, text: str, at: dt.datetime | None = None) -> CaseEvent:
    """Put something another part of the programme did (a letter, a meeting, a referral) on the
    case's timeline. The caller audits its own action."""
    if kind not in {EventKind.LETTER, EventKind.MEETING, EventKind.REFERRAL}:
        raise ValueError(f"case_log is for letters, meetings and referrals, not {kind!r}")
    return CaseEvent.objects.create(case=case, at=at or timezone.now(), actor=actor, kind=kind, text=text)


@transaction.atomic
def case_advance(*, actor: User, case: Case, to_status: str, reason: str) -> bool:
    """Move the case forward to `to_status` because something happened elsewhere: only where
    the pipeline allows that move and it is a step forward. A case already further along, or
    closed, is left as it is. Returns whether the case moved."""
    case.refresh_from_db()
    if (not case.is_open or to_status not in pipeline.TRANSITIONS[Status(case.status)]
            or pipeline.is_backward(case.status, to_status)):
        return False
    case_move(actor=actor, case=case, to_status=to_status, expected_version=case.version, reason=reason)
    return True


def case_progress(*, actor: User, case: Case, event: str, cause: str) -> bool:
    """The work moves the case: `event` is what happened (a key of `pipeline.PROGRESS`), `cause`
    the words for the timeline ("Kartlegging lagret."). Only forward, only where the pipeline
    allows it; returns whether the case moved."""
    return case_advance(actor=actor, case=case, to_status=pipeline.PROGRESS[event], reason=cause)


def case_record_view(*, actor: User, case: Case) -> None:
    audit_record(actor=actor, action="case.view", obj=case, household_id=case.household_id)


@transaction.atomic
def case_contact_record(*, actor: User, case: Case, text: str) -> CaseEvent:
    """Record an answer to the household (a letter, a call, an interim reply): it restarts the
    month after which forvaltningsloven § 11 a asks for an interim reply."""
    text = text.strip()
    if not text:
        raise DomainError("Skriv kort hva husstanden fikk svar om.")
    event = CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, kind=EventKind.CONTACT, text=text)
    audit_record(actor=actor, action="case.contact", obj=case, household_id=case.household_id)
    return event


@transaction.atomic
def task_create(*, actor: User, case: Case, title: str, due_on: dt.date, assignee: User) -> FollowUpTask:
    if not case.is_open:
        raise DomainError("Saken er avsluttet. Gjenåpne den for å legge til oppgaver.")
    if not assignee.can_write_register:
        raise DomainError("Den ansvarlige må være en saksbehandler.")
    task = FollowUpTask(case=case, title=title.strip(), due_on=due_on, assignee=assignee, created_by=actor)
    task.full_clean()
    task.save()
    audit_record(actor=actor, action="case.task.create", obj=task, household_id=case.household_id,
                 changes={"title": task.title, "due_on": str(due_on), "assignee": assignee.username})
    return task


@transaction.atomic
def task_complete(*, actor: User, task) -> None:
    if task.done_at is not None:
        raise DomainError("Oppgaven er allerede fullført.")
    now = timezone.now()
    task.done_at = now
    task.save(update_fields=["done_at", "updated_at"])
    CaseEvent.objects.create(case=task.case, at=now, actor=actor, kind=EventKind.TASK_DONE, text=task.title)
    audit_record(actor=actor, action="case.task.complete", obj=task, household_id=task.case.household_id)
    # A task is not the follow-up after the purchase: recording that (cases.follow_ups) moves the case.


def decisions_record_list(*, actor: User, decisions) -> None:
    audit_record(actor=actor, action="decision.list",
                 changes={"households": sorted({d.case.household_id for d in decisions})})


def letting_record_view(*, actor: User, letting) -> None:
    audit_record(actor=actor, action="letting.view", obj=letting, household_id=letting.household_id)


def lettings_record_list(*, actor: User, lettings) -> None:
    audit_record(actor=actor, action="letting.list", changes={"households": sorted({x.household_id for x in lettings})})


def work_record_view(*, actor: User, work: dict) -> None:
    households = {t.case.household_id for t in work["overdue"] + work["upcoming"]} | {
        c.household_id for c in work["interim_replies"]} | {d.case.household_id for d in work["to_decide"]}
    households |= {letting.household_id for letting in work.get("lettings_to_approve", [])}
    households |= {c.case.household_id for c in work.get("certificates_expiring", []) + work.get(
        "certificates_long_held", [])}
    households |= {f.case.household_id for f in work.get("follow_ups_overdue", []) + work.get(
        "follow_ups_upcoming", [])}
    audit_record(actor=actor, action="work.view", changes={"households": sorted(households)})


@transaction.atomic
def mapping_create(*, actor: User, case: Case, version: int, answers: dict):
    """Save a mapping conversation with the form version it answers, if the household agreed."""
    consent_require_for(case.household_id, "case.mapping")
    if version not in mapping.FORMS:
        raise DomainError("Ukjent skjemaversjon.")
    unknown = set(answers) - {q.key for q in mapping.questions(version)}
    if unknown:
        raise DomainError(f"Svar på spørsmål som ikke finnes i skjemaet: {', '.join(sorted(unknown))}.")
    if not answers:
        raise DomainError("Kartleggingen er tom. Fyll inn det dere snakket om.")
    saved = Mapping.objects.create(case=case, form_version=version, answers=answers, created_by=actor)
    CaseEvent.objects.create(case=case, at=saved.created_at, actor=actor, kind=EventKind.NOTE,
                             text="Kartlegging lagret.")
    audit_record(actor=actor, action="case.mapping", obj=saved, household_id=case.household_id)
    case_progress(actor=actor, case=case, event="mapping_saved", cause="Kartleggingen er lagret.")
    return saved


@transaction.atomic
def case_assign(*, actor: User, case: Case, caseworker: User, expected_version: int) -> Case:
    """Give the case to another caseworker (and that caseworker's team)."""
    if not caseworker.can_write_register:
        raise DomainError("Saken må ha en saksbehandler som kan endre registeret.")
    if caseworker.pk == case.caseworker_id:
        raise DomainError("Saken har allerede denne saksbehandleren.")
    old = case.caseworker
    _save_change(case, expected_version=expected_version, caseworker=caseworker, team=caseworker.team)
    CaseEvent.objects.create(case=case, at=timezone.now(), actor=actor, kind=EventKind.ASSIGNED,
                             text=f"Fra {old} til {caseworker}.", caseworker=caseworker)
    audit_record(actor=actor, action="case.assign", obj=case, household_id=case.household_id,
                 changes={"caseworker": {"old": old.username, "new": caseworker.username},
                          **_household_follows(case.household, caseworker)})
    return case
