"""Two-person decisions: a caseworker recommends, a different approver decides.

A startlån recommendation rests on the household's consent to gather and share, and on a
mapping and an assessment recent enough (`recommendation_missing`); the recommender sees what is
missing before sending, may send anyway with a reason (never without consent), and the approver
sees both.

A decision on startlån or a grant is an individual decision (enkeltvedtak): approved, approved in
part or refused, it is sent to the household as a letter with its grounds and the right to appeal
within three weeks (forvaltningsloven §§ 23–29), made in the same transaction (`cases.letters`).
A refusal, in whole or in part, needs grounds: without them neither decision nor letter is made.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from boligvei.assessments.models import Assessment
from boligvei.cases import guideline_citations, letter_defaults
from boligvei.cases.certificates import certificate_issue, issues_certificate
from boligvei.cases.letters import LETTER_DECISIONS, decision_letter_make, missing_grounds
from boligvei.cases.models import Case, CaseEvent, Decision, DecisionKind, DecisionOutcome, EventKind
from boligvei.cases.services import case_progress
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.models import User
from boligvei.core.roles import Role
from boligvei.people import consent

DECIDERS = frozenset({Role.APPROVER, Role.ADMINISTRATOR})
APPEAL_NOTICE = ("Du kan klage på vedtaket innen tre uker fra du mottok det. Klagen sendes til kommunen, "
                 "som vurderer saken på nytt før den eventuelt sendes videre til klageinstansen. "
                 "Du har rett til å se dokumentene i saken (forvaltningsloven §§ 18 og 28–29).")


@dataclass(frozen=True)
class Missing:
    """What a recommendation lacks: consent (never overridden: it is the household's to give)
    and the evidence (a mapping and an assessment recent enough), which a reason may override."""

    consent: str = ""
    evidence: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.consent or self.evidence)


def recommendation_missing(*, case: Case, kind: str, now: dt.datetime | None = None) -> Missing:
    """What a recommendation of this kind needs and the case lacks. A startlån recommendation
    needs consent to gather (the mapping) and to share (with Husbanken), and a mapping and an
    assessment not older than RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS."""
    if kind != DecisionKind.STARTLAN:
        return Missing()
    purposes = (consent.missing_for(case.household_id, "case.mapping")
                + consent.missing_for(case.household_id, "case.status.applying"))
    days = settings.RECOMMENDATION_EVIDENCE_MAX_AGE_DAYS
    since = (now or timezone.now()) - dt.timedelta(days=days)
    evidence = []
    for what, latest in (
            ("kartlegging", case.mappings.order_by("-created_at").values_list("created_at", flat=True).first()),
            ("vurdering av betjeningsevnen", Assessment.objects.filter(household_id=case.household_id)
             .order_by("-created_at").values_list("created_at", flat=True).first())):
        if latest is None:
            evidence.append(f"Ingen {what} er lagret.")
        elif latest < since:
            evidence.append(f"Siste {what} er fra {timezone.localtime(latest):%d.%m.%Y}, eldre enn {days} dager.")
    return Missing(consent=f"Samtykke til {consent.purposes_text(purposes)}" if purposes else "",
                   evidence=tuple(evidence))


@transaction.atomic
def decision_recommend(*, actor: User, case: Case, kind: str, recommendation: str, amount: int | None = None,
                       override_reason: str = "", guideline_paragraphs: list[str] | None = None) -> Decision:
    """Send a recommendation to an approver. What it lacks (`recommendation_missing`) stops it,
    unless the recommender gives a reason to send it anyway; consent is never overridden. It
    cites the guidelines in force today: the paragraphs given, else those the household meets
    (`guideline_citations`)."""
    if not case.is_open:
        raise DomainError("Saken er avsluttet.")
    if not recommendation.strip():
        raise DomainError("Skriv innstillingen: hva anbefales, og hvorfor.")
    if case.decisions.filter(kind=kind, outcome="").exists():
        raise DomainError("Det finnes allerede en innstilling av denne typen som venter på vedtak.")
    missing = recommendation_missing(case=case, kind=kind)
    if missing.consent:
        raise DomainError(f"{missing.consent} mangler. Registrer samtykket på husstanden før innstillingen sendes: "
                          "samtykke kan ikke overstyres.")
    override_reason = override_reason.strip() if missing.evidence else ""
    if missing.evidence and not override_reason:
        raise DomainError([*missing.evidence, "Lagre det som mangler, eller skriv hvorfor innstillingen skal sendes "
                                              "likevel. Fullmaktshaveren ser begrunnelsen."])
    now = timezone.now()
    decision = Decision(case=case, kind=kind, amount=amount, recommendation=recommendation.strip(),
                        recommended_by=actor, recommended_at=now, missing=list(missing.evidence),
                        override_reason=override_reason)
    guideline_citations.cite(decision=decision, household_id=case.household_id, day=timezone.localdate(now),
                             paragraphs=guideline_paragraphs)
    decision.full_clean()
    decision.save()
    text = f"Innstilling: {decision.get_kind_display()}. {decision.recommendation}"
    if citation := guideline_citations.decision_citation(decision):
        text += f" Bygger på {citation}."
    if override_reason:
        text += f" Sendt selv om: {' '.join(missing.evidence)} Begrunnelse: {override_reason}"
    CaseEvent.objects.create(case=case, at=now, actor=actor, kind=EventKind.NOTE, text=text)
    audit_record(actor=actor, action="case.decision.recommend", obj=decision, household_id=case.household_id,
                 changes={"kind": kind, "amount": amount, "missing": list(missing.evidence),
                          "guideline": decision.guideline_id, "guideline_paragraphs": decision.guideline_paragraphs},
                 reason=override_reason)
    if kind == DecisionKind.STARTLAN:
        case_progress(actor=actor, case=case, event="recommendation_sent",
                      cause="Innstilling om startlån sendt til fullmaktshaver.")
    return decision


@transaction.atomic
def decision_decide(*, actor: User, decision: Decision, outcome: str, grounds: str, rules: str = "", facts: str = "",
                    children_interests: str = "", approved_amount: int | None = None,
                    price_frame: int | None = None, conditions: str = "", valid_months: int | None = None,
                    guideline_paragraphs: list[str] | None = None) -> Decision:
    """Decide a recommendation. For startlån and grants the household's letter is made at once;
    a partial approval names the amount approved, below the amount recommended. A startlån
    approved, in whole or in part, issues the financing certificate (price frame, conditions,
    validity) with its own letter. It cites the guidelines in force on the day of the decision:
    the paragraphs given, else the recommendation's (same version) or those the household meets."""
    decision = Decision.objects.select_for_update().select_related("case__household", "case__caseworker").get(
        pk=decision.pk)
    if not decision.is_pending:
        raise DomainError("Vedtaket er allerede fattet.")
    if actor.role not in DECIDERS:
        raise DomainError("Bare en fullmaktshaver kan fatte vedtak.")
    if actor.pk == decision.recommended_by_id:
        raise DomainError("Du innstilte i saken og kan ikke også fatte vedtaket. En annen fullmaktshaver må gjøre det.")
    grounds = grounds.strip()
    if outcome == DecisionOutcome.REFUSED and not grounds:
        raise DomainError("Et avslag må begrunnes: skriv hvilke regler og hvilke forhold vedtaket bygger på.")
    if outcome == DecisionOutcome.PARTIAL:
        if decision.amount is None or approved_amount is None or not 0 < approved_amount < decision.amount:
            raise DomainError("Ved delvis innvilgelse skriver du det innvilgede beløpet. Det må være lavere enn "
                              "beløpet det ble søkt om.")
    elif outcome == DecisionOutcome.APPROVED:
        approved_amount = decision.amount
    else:
        approved_amount = None
    now = timezone.now()
    decision.outcome, decision.grounds, decision.decided_by, decision.decided_at = outcome, grounds, actor, now
    decision.rules = rules.strip() or letter_defaults.RULES.get(decision.kind, "")
    decision.facts = facts.strip()
    decision.children_interests, decision.approved_amount = children_interests.strip(), approved_amount
    guideline_citations.cite(decision=decision, household_id=decision.case.household_id,
                             day=timezone.localdate(now), paragraphs=guideline_paragraphs)
    decision.full_clean()
    if decision.kind in LETTER_DECISIONS:
        missing = missing_grounds(decision, has_children=decision.case.household.members.filter(
            relation="child").exists())
        if missing:
            raise DomainError(missing)
    try:
        with transaction.atomic():
            decision.save()
    except IntegrityError as exc:  # the database's own two-person rule
        raise DomainError("Den som innstiller, kan ikke også fatte vedtaket.") from exc
    text = f"Vedtak: {decision.get_kind_display()} {decision.get_outcome_display().lower()}."
    if approved_amount is not None and outcome == DecisionOutcome.PARTIAL:
        text += f" Innvilget {approved_amount:,} kr.".replace(",", " ")
    if grounds:
        text += f" Begrunnelse: {grounds}"
    if citation := guideline_citations.decision_citation(decision):
        text += f" Bygger på {citation}."
    if outcome != DecisionOutcome.APPROVED:
        text += f" {APPEAL_NOTICE}"
    CaseEvent.objects.create(case=decision.case, at=now, actor=actor, kind=EventKind.NOTE, text=text)
    audit_record(actor=actor, action="case.decision.decide", obj=decision, household_id=decision.case.household_id,
                 changes={"outcome": outcome, "approved_amount": approved_amount,
                          "guideline": decision.guideline_id, "guideline_paragraphs": decision.guideline_paragraphs})
    if decision.kind in LETTER_DECISIONS:
        decision_letter_make(actor=actor, decision=decision)
    if issues_certificate(decision, outcome):
        certificate_issue(actor=actor, decision=decision, price_frame=price_frame, conditions=conditions,
                          valid_months=valid_months)
    if issues_certificate(decision, outcome):  # approved in whole or in part: the certificate is given
        case_progress(actor=actor, case=decision.case, event="decision_approved",
                      cause="Startlån innvilget: finansieringsbevis gitt.")
    return decision
