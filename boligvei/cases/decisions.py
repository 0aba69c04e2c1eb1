"""Two-person decisions: a caseworker recommends, a different approver decides.

A refusal is an individual decision (enkeltvedtak): it needs grounds, and the household is told
it may appeal within three weeks (forvaltningsloven §§ 24–25 and 28–29).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from boligvei.cases.models import Case, CaseEvent, Decision, DecisionKind, DecisionOutcome, EventKind
from boligvei.cases.services import case_progress
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.roles import Role

DECIDERS = frozenset({Role.APPROVER, Role.ADMINISTRATOR})
APPEAL_NOTICE = ("Du kan klage på vedtaket innen tre uker fra du mottok det. Klagen sendes til kommunen, "
                 "som vurderer saken på nytt før den eventuelt sendes videre til klageinstansen. "
                 "Du har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 28–29).")


@transaction.atomic
def decision_recommend(*, actor: User, case: Case, kind: str, recommendation: str, amount: int | None = None
                       ) -> Decision:
    if not case.is_open:
        raise DomainError("Saken er avsluttet.")
    if not recommendation.strip():
        raise DomainError("Skriv innstillingen: hva anbefales, og hvorfor.")
    if case.decisions.filter(kind=kind, outcome="").exists():
        raise DomainError("Det finnes allerede en innstilling av denne typen som venter på vedtak.")
    now = timezone.now()
    decision = Decision(case=case, kind=kind, amount=amount, recommendation=recommendation.strip(),
                        recommended_by=actor, recommended_at=now)
    decision.full_clean()
    decision.save()
    CaseEvent.objects.create(case=case, at=now, actor=actor, kind=EventKind.NOTE,
                             text=f"Innstilling: {decision.get_kind_display()}. {decision.recommendation}")
    audit_record(actor=actor, action="case.decision.recommend", obj=decision, household_id=case.household_id,
                 changes={"kind": kind, "amount": amount})
    if kind == DecisionKind.STARTLAN:
        case_progress(actor=actor, case=case, event="recommendation_sent",
                      cause="Innstilling om startlån sendt til fullmaktshaver.")
    return decision


@transaction.atomic
def decision_decide(*, actor: User, decision: Decision, outcome: str, grounds: str) -> Decision:
    decision = Decision.objects.select_for_update().select_related("case").get(pk=decision.pk)
    if not decision.is_pending:
        raise DomainError("Vedtaket er allerede fattet.")
    if actor.role not in DECIDERS:
        raise DomainError("Bare en fullmaktshaver kan fatte vedtak.")
    if actor.pk == decision.recommended_by_id:
        raise DomainError("Du innstilte i saken og kan ikke også fatte vedtaket. En annen fullmaktshaver må gjøre det.")
    grounds = grounds.strip()
    if outcome == DecisionOutcome.REFUSED and not grounds:
        raise DomainError("Et avslag må begrunnes: skriv hvilke regler og hvilke forhold vedtaket bygger på.")
    now = timezone.now()
    decision.outcome, decision.grounds, decision.decided_by, decision.decided_at = outcome, grounds, actor, now
    decision.full_clean()
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:  # the database's own two-person rule
        raise DomainError("Den som innstiller, kan ikke også fatte vedtaket.") from exc
    text = f"Vedtak: {decision.get_kind_display()} {decision.get_outcome_display().lower()}."
    if grounds:
        text += f" Begrunnelse: {grounds}"
    if outcome == DecisionOutcome.REFUSED:
        text += f" {APPEAL_NOTICE}"
    CaseEvent.objects.create(case=decision.case, at=now, actor=actor, kind=EventKind.NOTE, text=text)
    audit_record(actor=actor, action="case.decision.decide", obj=decision, household_id=decision.case.household_id,
                 changes={"outcome": outcome})
    if decision.kind == DecisionKind.STARTLAN and outcome == DecisionOutcome.APPROVED:
        case_progress(actor=actor, case=decision.case, event="decision_approved",
                      cause="Startlån innvilget: finansieringsbevis gitt.")
    return decision
