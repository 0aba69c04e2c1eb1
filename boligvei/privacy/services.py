"""Writing for the data subject's rights and the register's retention.

Erasing a household on request and anonymising it after the retention period remove the same
things: every person (names, identity numbers, contact details, incomes), the household's name,
address and economy, and every free text about it (case notes and reasons, mapping answers,
meeting notes, letters' texts and PDFs, submissions, consent notes, follow-up tasks, the person
details of saved assessments). What the reports count stays, without anyone in it: the household
row as "Anonymisert husstand 123", its cases with their statuses, events and milestones, the
purchases' amounts and dates, tenancies' and waiting-list entries' dates, and the dwellings. The
audit log is append-only and keeps its rows (who looked at household 123, when).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boligvei.assessments.models import Assessment
from boligvei.cases.models import (
    Case, CaseEvent, CertificateChange, Decision, DecisionLetter, FinancingCertificate, FollowUpTask, Letting, Mapping,
    Purchase, PurchaseFollowUp,
)
from boligvei.cases.pipeline import OPEN_STATUSES
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.housing.models import Tenancy, WaitingListEntry, WaitingListStatus
from boligvei.imports.models import ImportedRecord
from boligvei.meetings.models import Meeting
from boligvei.outreach.models import Campaign, Letter, LetterStatus
from boligvei.people.models import AccessGrant, Consent, Household, Person
from boligvei.privacy.selectors import erase_refusals
from boligvei.referrals.models import Submission


def audit_log_record_view(*, actor: User, filters: dict, page: int) -> None:
    """Looking at the audit log is itself logged, with what was asked for."""
    household = filters.get("household")
    audit_record(actor=actor, action="audit.view", household_id=household,
                 changes={"filters": {key: str(getattr(value, "username", value)) for key, value in filters.items()
                                      if value not in (None, "")}, "page": page})


def access_report_record(*, actor: User, household: Household, fmt: str) -> None:
    audit_record(actor=actor, action="privacy.access_report", obj=household, household_id=household.pk,
                 changes={"format": fmt})


def export_record(*, actor: User, household: Household, fmt: str) -> None:
    audit_record(actor=actor, action="privacy.export", obj=household, household_id=household.pk,
                 changes={"format": fmt})


def _anonymise(household: Household, *, now: dt.datetime) -> dict[str, int]:
    """Remove what identifies the household's people; keep what the reports count. Returns the
    number of rows changed (or deleted, for persons) per kind."""
    cases = Case.objects.filter(household=household)
    persons = Person.objects.filter(household=household)
    # An import keeps the values it set, to undo them: the household's and its persons' go too.
    ImportedRecord.objects.filter(Q(model="people.household", object_id=household.pk)
                                  | Q(model="people.person", object_id__in=persons.values("pk"))).update(
        previous={}, values={})
    counts = {"persons": persons.delete()[1].get("people.Person", 0)}
    counts["households"] = Household.objects.filter(pk=household.pk).update(
        name=f"Anonymisert husstand {household.pk}", address_line="", postal_code="", postal_place="", source_id="",
        savings=0, debt_consumer=0, debt_student_loan=0, debt_other=0, debt_payments_monthly=0, anonymised_at=now,
        updated_at=now)
    counts["cases"] = cases.exclude(referred_by="").update(referred_by="")
    counts["case_events"] = CaseEvent.objects.filter(case__in=cases).exclude(text="").update(text="")
    counts["tasks"] = FollowUpTask.objects.filter(case__in=cases).update(title="Anonymisert oppgave")
    counts["mappings"] = Mapping.objects.filter(case__in=cases).update(answers={})
    counts["decisions"] = Decision.objects.filter(case__in=cases).update(recommendation="", grounds="", facts="",
                                                                         children_interests="", override_reason="")
    # The decision letters and certificates: the archive keeps the decisions (Noark), not Boligvei.
    counts["decision_letters"] = DecisionLetter.objects.filter(
        Q(decision__case__in=cases) | Q(letting__household=household)).update(recipient=[], title="", body="", pdf=b"")
    counts["lettings"] = Letting.objects.filter(household=household).update(
        facts="", grounds="", children_interests="", rejection_reason="")
    FinancingCertificate.objects.filter(case__in=cases).update(conditions="")
    CertificateChange.objects.filter(certificate__case__in=cases).update(reason="")
    counts["purchases"] = Purchase.objects.filter(case__in=cases).exclude(address="").update(address="")
    # What a follow-up after the purchase found stays counted (payment trouble); what was said goes.
    counts["follow_ups"] = PurchaseFollowUp.objects.filter(case__in=cases).update(
        wellbeing="", payment_notes="", help_notes="")
    counts["tenancies"] = Tenancy.objects.filter(household=household).exclude(source_id="").update(source_id="")
    counts["waiting_list"] = WaitingListEntry.objects.filter(household=household).update(notes="", source_id="")
    assessments = list(Assessment.objects.filter(household=household).only("pk", "request"))
    for assessment in assessments:  # saved assessments refuse save(); the request keeps its figures
        Assessment.objects.filter(pk=assessment.pk).update(request={**assessment.request, "members": []}, note="")
    counts["assessments"] = len(assessments)
    counts["meetings"] = Meeting.objects.filter(household=household).update(
        attendees="", notes="", next_step="", reason="")
    letters = Letter.objects.filter(household=household)
    # The batch PDF for printing holds every letter of a campaign, this household's too.
    Campaign.objects.filter(Exists(letters.filter(campaign=OuterRef("pk")))).update(batch_pdf=None)
    letters.exclude(status=LetterStatus.PENDING).update(pdf=b"")
    counts["letters"] = letters.update(recipient={}, body="", note="", language_wanted="", failure="")
    counts["referrals"] = Submission.objects.filter(household=household).update(
        name="Anonymisert", phone="", phone_key="", email="", email_key="", address="", message="",
        referrer_name="", referrer_contact="", close_note="")
    counts["consents"] = Consent.objects.filter(household=household).update(note="")
    AccessGrant.objects.filter(household=household).update(reason="Anonymisert")
    return counts


@transaction.atomic
def household_erase(*, actor: User, household: Household, reason: str) -> dict[str, int]:
    """Erase a household's personal data on request (GDPR article 17), where the law allows.

    Refused, with the reasons, while the municipality must keep the data (erase_refusals). The
    reports' figures stay: the household is anonymised, not removed (see the module docstring).
    """
    household = Household.objects.select_for_update().get(pk=household.pk)
    refusals = erase_refusals(household=household)
    if refusals:
        raise DomainError(refusals)
    if not reason.strip():
        raise DomainError(_("Skriv hvorfor opplysningene slettes (for eksempel: krav om sletting mottatt, dato)."))
    counts = _anonymise(household, now=timezone.now())
    audit_record(actor=actor, action="privacy.erase", obj=household, household_id=household.pk,
                 changes={"rows": counts}, reason=reason.strip())
    return counts


# --- retention -----------------------------------------------------------------------------------

def retention_cutoff(now: dt.datetime, years: int) -> dt.datetime:
    """The moment `years` years before now (29 February becomes 28 February)."""
    try:
        return now.replace(year=now.year - years)
    except ValueError:
        return now.replace(year=now.year - years, day=28)


def households_due_for_anonymisation(*, cutoff: dt.datetime) -> QuerySet[Household]:
    """Households whose cases are all closed and that have had no activity since `cutoff`: no
    case event, change, tenancy, waiting-list entry, assessment, meeting, letter, submission or
    consent since, and nothing ongoing (open case, tenancy in force, place on the waiting list)."""
    day = timezone.localdate(cutoff)
    of_household = {"household": OuterRef("pk")}
    recent = [
        Case.objects.filter(**of_household).filter(Q(status__in=sorted(OPEN_STATUSES)) | Q(updated_at__gte=cutoff)),
        CaseEvent.objects.filter(case__household=OuterRef("pk"), at__gte=cutoff),
        Tenancy.objects.filter(**of_household).filter(Q(is_active=True) | Q(end_date__gte=day)
                                                      | Q(updated_at__gte=cutoff)),
        WaitingListEntry.objects.filter(**of_household).filter(
            Q(status=WaitingListStatus.WAITING) | Q(application_date__gte=day) | Q(status_date__gte=day)
            | Q(updated_at__gte=cutoff)),
        Person.objects.filter(**of_household, updated_at__gte=cutoff),
        Assessment.objects.filter(**of_household, created_at__gte=cutoff),
        Meeting.objects.filter(**of_household, updated_at__gte=cutoff),
        Letter.objects.filter(**of_household).filter(Q(campaign__letter_date__gte=day) | Q(answered_on__gte=day)),
        Submission.objects.filter(**of_household, updated_at__gte=cutoff),
        Consent.objects.filter(**of_household, updated_at__gte=cutoff),
    ]
    households = Household.objects.filter(Exists(Case.objects.filter(**of_household)), anonymised_at__isnull=True,
                                          updated_at__lt=cutoff)
    for rows in recent:
        households = households.filter(~Exists(rows))
    return households.order_by("pk")


@transaction.atomic
def households_anonymise_expired(*, now: dt.datetime | None = None, years: int | None = None) -> dict[str, int]:
    """Anonymise every household due after the retention period (`RETENTION_YEARS`), one audit row
    each (no personal data in it). Returns the rows changed per kind, and `households`. Running it
    again changes nothing: anonymised households are not due."""
    now = now or timezone.now()
    years = settings.RETENTION_YEARS if years is None else years
    cutoff = retention_cutoff(now, years)
    totals: dict[str, int] = {}
    for household in households_due_for_anonymisation(cutoff=cutoff).select_for_update():
        counts = _anonymise(household, now=now)
        audit_record(actor=None, action="privacy.anonymise", obj=household, household_id=household.pk,
                     changes={"retention_years": years, "no_activity_since": timezone.localdate(cutoff).isoformat()})
        for kind, count in counts.items():
            totals[kind] = totals.get(kind, 0) + count
    return totals
