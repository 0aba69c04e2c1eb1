"""The financing certificate (finansieringsbevis): the frame a household may buy within.

Issued with an approved startlån (in whole or in part) in the decision's own transaction: the
loan approved, the highest price (common debt included), the conditions, and a validity of
`FINANCING_CERTIFICATE_MONTHS` (six by default); the household gets it as a letter. A certificate
that runs out before the household finds a home is extended (still valid) or renewed (already
expired) with a reason; each change is kept (`CertificateChange`), audited, on the timeline, and
gives a new letter with the new date. Issuing it puts the purchase-process checklist on the case
(`cases.checklist`), once.
"""

import calendar
import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from boligvei.cases.checklist import checklist_add
from boligvei.cases.letters import decision_letter_make
from boligvei.cases.models import (
    CaseEvent, CertificateChange, CertificateChangeKind, Decision, DecisionKind, DecisionOutcome, EventKind,
    FinancingCertificate, Purchase,
)
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User

MAX_VALID_MONTHS = 12


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day where it has fewer days."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def issues_certificate(decision: Decision, outcome: str) -> bool:
    return decision.kind == DecisionKind.STARTLAN and outcome in (DecisionOutcome.APPROVED, DecisionOutcome.PARTIAL)


def _months(valid_months: int | None) -> int:
    months = valid_months or settings.FINANCING_CERTIFICATE_MONTHS
    if not 1 <= months <= MAX_VALID_MONTHS:
        raise DomainError(f"Et finansieringsbevis gjelder fra 1 til {MAX_VALID_MONTHS} måneder.")
    return months


def _kroner(amount: int) -> str:
    return f"{amount:,} kr".replace(",", " ")


@transaction.atomic
def certificate_issue(*, actor: User, decision: Decision, price_frame: int | None, conditions: str = "",
                      valid_months: int | None = None) -> FinancingCertificate:
    """Issue the certificate of an approved startlån and write its letter to the household."""
    if not issues_certificate(decision, decision.outcome):
        raise DomainError("Finansieringsbevis gis bare når startlån er innvilget.")
    if decision.approved_amount is None:
        raise DomainError("Innstillingen mangler beløp, så finansieringsbeviset kan ikke lages. Be saksbehandleren "
                          "sende en ny innstilling med beløp.")
    if price_frame is None:
        raise DomainError("Skriv hvor høy kjøpesum finansieringsbeviset gjelder for (medregnet fellesgjeld).")
    if price_frame < decision.approved_amount:
        raise DomainError("Kjøpesummen kan ikke være lavere enn startlånet.")
    today = timezone.localdate()
    certificate = FinancingCertificate(
        case=decision.case, decision=decision, amount=decision.approved_amount, price_frame=price_frame,
        conditions=conditions.strip(), issued_on=today, valid_until=add_months(today, _months(valid_months)),
        issued_by=actor)
    certificate.full_clean()
    certificate.save()
    CaseEvent.objects.create(
        case=decision.case, at=timezone.now(), actor=actor, kind=EventKind.NOTE,
        text=f"Finansieringsbevis: startlån inntil {_kroner(certificate.amount)}, kjøpesum inntil "
             f"{_kroner(price_frame)}, gyldig til {certificate.valid_until:%d.%m.%Y}.")
    audit_record(actor=actor, action="case.certificate.issue", obj=certificate, household_id=decision.case.household_id,
                 changes={"amount": certificate.amount, "price_frame": price_frame,
                          "valid_until": certificate.valid_until.isoformat()})
    decision_letter_make(actor=actor, decision=decision, certificate=certificate)
    # Help to buy: the purchase-process checklist becomes tasks on the case (once per case).
    checklist_add(actor=actor, case=decision.case)
    return certificate


@transaction.atomic
def certificate_extend(*, actor: User, certificate: FinancingCertificate, valid_until: dt.date,
                       reason: str) -> CertificateChange:
    """Give the certificate a later end date, with the reason: an extension while it is valid, a
    renewal once it has run out. The household gets a new letter with the new date."""
    certificate = FinancingCertificate.objects.select_for_update().select_related("case", "decision").get(
        pk=certificate.pk)
    today = timezone.localdate()
    reason = reason.strip()
    if not reason:
        raise DomainError("Skriv hvorfor finansieringsbeviset forlenges eller fornyes.")
    if Purchase.objects.filter(case_id=certificate.case_id).exists():
        raise DomainError("Husstanden har alt kjøpt bolig. Beviset kan ikke forlenges.")
    if not certificate.case.is_open:
        raise DomainError("Saken er avsluttet.")
    if valid_until <= max(today, certificate.valid_until):
        raise DomainError("Den nye datoen må være senere enn i dag og senere enn beviset gjelder til nå "
                          f"({certificate.valid_until:%d.%m.%Y}).")
    if valid_until > add_months(today, MAX_VALID_MONTHS):
        raise DomainError(f"Et finansieringsbevis kan gjelde høyst {MAX_VALID_MONTHS} måneder fram i tid.")
    kind = CertificateChangeKind.RENEWED if certificate.valid_until < today else CertificateChangeKind.EXTENDED
    now = timezone.now()
    change = CertificateChange(certificate=certificate, kind=kind, valid_until_before=certificate.valid_until,
                               valid_until=valid_until, reason=reason, changed_by=actor, changed_at=now)
    change.full_clean()
    change.save()
    certificate.valid_until = valid_until
    certificate.full_clean()
    certificate.save(update_fields=["valid_until", "updated_at"])
    CaseEvent.objects.create(
        case=certificate.case, at=now, actor=actor, kind=EventKind.NOTE,
        text=f"Finansieringsbeviset er {change.get_kind_display().lower()} til {valid_until:%d.%m.%Y}. {reason}")
    audit_record(actor=actor, action=f"case.certificate.{kind}", obj=certificate,
                 household_id=certificate.case.household_id,
                 changes={"valid_until": [change.valid_until_before.isoformat(), valid_until.isoformat()],
                          "reason": reason})
    decision_letter_make(actor=actor, decision=certificate.decision, certificate=certificate)
    return change
