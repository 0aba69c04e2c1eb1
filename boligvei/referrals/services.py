"""Receiving and handling submissions, and managing referral partners.

A submission from the public form or a partner's form lands in the queue; one that shares a
phone number or e-mail address with a submission still waiting is merged into it (a count, the
latest message appended) so that the queue shows each household once. A caseworker then links
it to a household and opens a case with the submission's channel and referrer, or closes it
with a reason. Every change writes an audit row in the same transaction; submissions from the
public have no acting user, so their rows say "system".
"""

import datetime as dt
import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.cases import services as case_services
from boligvei.cases.models import Case, Channel, EventKind
from boligvei.cases.selectors import open_case_for
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.people.models import Household
from boligvei.referrals.models import (
    PARTNER_CHANNELS, CloseReason, Kind, Outcome, ReferralPartner, Submission, SubmissionStatus, new_token,
)

MESSAGE_MAX = 2000  # one submission's message
MESSAGES_MAX = 20_000  # all merged messages together; older ones are kept, the newest are cut


def phone_key(phone: str) -> str:
    """The digits of a Norwegian phone number without the country code: "+47 912 34 567",
    "0047 91234567" and "912 34 567" are the same number."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 12 and digits.startswith("0047"):
        return digits[4:]
    if len(digits) == 10 and digits.startswith("47") and phone.strip().startswith("+"):
        return digits[2:]
    return digits


def email_key(email: str) -> str:
    return email.strip().lower()


def _find_waiting(*, phone: str, email: str) -> Submission | None:
    match = Q(phone_key=phone) if phone else Q(pk__in=[])
    if email:
        match |= Q(email_key=email)
    return (Submission.objects.select_for_update().filter(match, status=SubmissionStatus.OPEN)
            .order_by("created_at", "id").first())


def _merge(existing: Submission, new: Submission, *, now) -> Submission:
    """Add a repeated submission to the one still waiting: count, time, the new message with
    whatever contact details differ, and details the first one lacked."""
    lines = []
    if new.partner_id and (new.partner_id != existing.partner_id or new.referrer_name != existing.referrer_name):
        lines.append(f"Henvist av {new.referred_by}" + (f" ({new.referrer_contact})" if new.referrer_contact else ""))
    if new.name and new.name != existing.name:
        lines.append(f"Navn oppgitt: {new.name}")
    if new.phone_key and new.phone_key != existing.phone_key:
        lines.append(f"Telefon oppgitt: {new.phone}")
    if new.email_key and existing.email_key and new.email_key != existing.email_key:
        lines.append(f"E-post oppgitt: {new.email}")
    if new.address and existing.address and new.address != existing.address:
        lines.append(f"Adresse oppgitt: {new.address}")
    if new.message:
        lines.append(new.message)
    if lines:
        stamp = timezone.localtime(now).strftime("%d.%m.%Y %H:%M")
        entry = f"Ny innsending {stamp}:\n" + "\n".join(lines)
        existing.message = (f"{existing.message}\n\n{entry}" if existing.message else entry)[:MESSAGES_MAX]
    if not existing.email and new.email:
        existing.email, existing.email_key = new.email, new.email_key
    if not existing.address and new.address:
        existing.address = new.address
    if existing.partner_id is None and new.partner_id is not None:
        # A partner's referral says more about how the household came in than a flyer does.
        existing.partner, existing.channel = new.partner, new.channel
        existing.referrer_name, existing.referrer_contact = new.referrer_name, new.referrer_contact
        existing.kind = Kind.REFERRAL
    existing.submission_count += 1
    existing.last_submitted_at = now
    existing.consent_at = now
    existing.full_clean()
    existing.save()
    return existing


@transaction.atomic
def submission_receive(*, channel: str, name: str, phone: str, email: str = "", address: str = "",
                       message: str = "", partner: ReferralPartner | None = None, referrer_name: str = "",
                       referrer_contact: str = "") -> tuple[Submission, bool]:
    """Put a submission in the queue, or merge it into the one still waiting from the same
    phone number or e-mail address. Returns the submission and whether it was merged. The
    person has consented (public form) or the partner confirmed the tenant agreed to contact."""
    now = timezone.now()
    new = Submission(
        kind=Kind.REFERRAL if partner else Kind.INTEREST, channel=partner.channel if partner else channel,
        partner=partner, referrer_name=referrer_name.strip(), referrer_contact=referrer_contact.strip(),
        name=name.strip(), phone=phone.strip(), phone_key=phone_key(phone), email=email.strip(),
        email_key=email_key(email), address=address.strip(), message=message.strip()[:MESSAGE_MAX],
        consent_at=now, last_submitted_at=now)
    if len(new.phone_key) < 8:
        raise DomainError(_("Telefonnummeret må ha minst åtte sifre."))
    existing = _find_waiting(phone=new.phone_key, email=new.email_key)
    if existing is not None:
        submission = _merge(existing, new, now=now)
        audit_record(actor=None, action="referral.merge", obj=submission,
                     changes={"channel": new.channel, "partner": partner.pk if partner else None,
                              "submission_count": submission.submission_count})
        return submission, True
    new.full_clean()
    new.save()
    audit_record(actor=None, action="referral.receive", obj=new,
                 changes={"kind": new.kind, "channel": new.channel, "partner": partner.pk if partner else None})
    return new, False


def submission_record_view(*, actor: User, submission: Submission) -> None:
    audit_record(actor=actor, action="referral.view", obj=submission, household_id=submission.household_id)


def _require_open(submission: Submission) -> None:
    if not submission.is_open:
        raise DomainError(_("Henvendelsen er allerede behandlet."))


@transaction.atomic
def submission_open_case(*, actor: User, submission: Submission, household: Household,
                         caseworker: User | None = None) -> Case:
    """Link the submission to the household and open a case for it with the submission's channel
    and referrer; the submission goes on the case's timeline. If the household already has an
    open case, the submission is added to that case's timeline instead."""
    submission = Submission.objects.select_for_update(of=("self",)).select_related("partner").get(pk=submission.pk)
    _require_open(submission)
    case = open_case_for(household_id=household.pk)
    outcome = Outcome.EXISTING_CASE if case else Outcome.CASE_OPENED
    if case is None:
        case = case_services.case_open(actor=actor, household=household, caseworker=caseworker or actor,
                                       channel=submission.channel, referred_by=submission.referred_by[:200])
    case_services.case_log(actor=actor, case=case, kind=EventKind.REFERRAL, text=timeline_text(submission))
    now = timezone.now()
    submission.household, submission.case = household, case
    submission.status, submission.outcome = SubmissionStatus.HANDLED, outcome
    submission.handled_by, submission.handled_at = actor, now
    submission.full_clean()
    submission.save()
    audit_record(actor=actor, action="referral.case_open", obj=submission, household_id=household.pk,
                 changes={"case": case.pk, "outcome": outcome, "channel": submission.channel})
    return case


def timeline_text(submission: Submission) -> str:
    """What the case's timeline says about how the household came in."""
    how = f"{Kind(submission.kind).label} via {Channel(submission.channel).label}"
    if submission.referred_by:
        how += f", henvist av {submission.referred_by}"
    received = timezone.localtime(submission.created_at).strftime("%d.%m.%Y")
    text = f"{how}, mottatt {received}"
    if submission.submission_count > 1:
        text += f" ({submission.submission_count} innsendinger)"
    return f"{text}.\n{submission.message}" if submission.message else f"{text}."


@transaction.atomic
def submission_close(*, actor: User, submission: Submission, reason: str, note: str = "") -> Submission:
    """Close the submission without a case, with a reason (and a note where the reason is "other")."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _require_open(submission)
    if reason not in CloseReason.values:
        raise DomainError(_("Velg hvorfor henvendelsen avsluttes."))
    note = note.strip()
    if reason == CloseReason.OTHER and not note:
        raise DomainError(_("Skriv kort hvorfor henvendelsen avsluttes."))
    submission.status, submission.outcome = SubmissionStatus.HANDLED, Outcome.CLOSED
    submission.close_reason, submission.close_note = reason, note
    submission.handled_by, submission.handled_at = actor, timezone.now()
    submission.full_clean()
    submission.save()
    audit_record(actor=actor, action="referral.close", obj=submission, household_id=submission.household_id,
                 changes={"close_reason": reason}, reason=note)
    return submission


@transaction.atomic
def partner_create(*, actor: User, name: str, channel: str) -> ReferralPartner:
    if channel not in PARTNER_CHANNELS:
        raise DomainError(_("Velg NAV, Servicetorget, en annen instans eller en brukerorganisasjon."))
    name = name.strip()
    if ReferralPartner.objects.filter(name__iexact=name).exists():
        raise DomainError(_("Det finnes allerede en samarbeidspartner med dette navnet."))
    partner = ReferralPartner(name=name, channel=channel)
    partner.full_clean()
    partner.save()
    audit_record(actor=actor, action="referral.partner.create", obj=partner,
                 changes={"name": partner.name, "channel": channel})
    return partner


@transaction.atomic
def partner_set_active(*, actor: User, partner: ReferralPartner, active: bool) -> ReferralPartner:
    """Deactivate a partner's link (it stops working at once) or turn it on again."""
    if partner.active == active:
        raise DomainError(_("Lenken er allerede aktiv.") if active else _("Lenken er allerede deaktivert."))
    partner.active = active
    partner.save(update_fields=["active", "updated_at"])
    audit_record(actor=actor, action="referral.partner.activate" if active else "referral.partner.deactivate",
                 obj=partner)
    return partner


@transaction.atomic
def partner_renew_token(*, actor: User, partner: ReferralPartner) -> ReferralPartner:
    """Give the partner a new link: the old one stops working (if it was shared too widely)."""
    partner.token = new_token()
    partner.save(update_fields=["token", "updated_at"])
    audit_record(actor=actor, action="referral.partner.renew", obj=partner)
    return partner


def flyer_record_print(*, actor: User, contact: User, lang: str) -> None:
    audit_record(actor=actor, action="referral.flyer", changes={"contact": contact.username, "lang": lang})


RETENTION = dt.timedelta(days=365)  # as the consent text promises: a year after it was handled


@transaction.atomic
def submissions_purge(*, now: dt.datetime | None = None) -> int:
    """Delete the submissions handled more than a year ago that did not become a case (those
    that did live on in the case). Returns how many were deleted."""
    cutoff = (now or timezone.now()) - RETENTION
    expired = Submission.objects.filter(status=SubmissionStatus.HANDLED, case__isnull=True, handled_at__lt=cutoff)
    count, _ = expired.delete()
    if count:
        audit_record(actor=None, action="referral.purge", changes={"deleted": count})
    return count
