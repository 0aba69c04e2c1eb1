"""Decision letters: what the household gets in writing when the municipality decides.

Each letter is merged from the newest version of its template in the household's language
(nynorsk if the main person writes nynorsk, otherwise bokmål: a public body writes to people in
the written standard they prefer), with the merge fields of `FIELDS` (the merging itself is
`boligvei.lib.merge`, shared with the outreach letters), set in the shared letter layout
(`core.letters`) as PDF/A and stored with the text, so that a reprint has the same bytes.
Templates are versioned rows like the outreach templates; the shipped texts
(`letter_defaults.py`) are version 1. A letter is made in the decision's own transaction: no
decision without its letter, and no refusal without grounds (`decision_letter_make` refuses too).
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from boligvei.cases import guideline_citations
from boligvei.cases import letter_defaults as defaults
from boligvei.cases.models import (
    CaseEvent, Decision, DecisionLetter, DecisionLetterTemplate, DecisionOutcome, EventKind, FinancingCertificate,
    LetterKind, LetterLanguage,
)
from boligvei.core import letter_templates
from boligvei.core.audit import audit_record
from boligvei.core.errors import DomainError
from boligvei.core.letters import Letter, letters_pdf
from boligvei.core.models import User
from boligvei.housing.selectors import postal_address
from boligvei.lib import merge

FIELDS = {
    "navn": "Mottakerens navn (hovedpersonen i husstanden)",
    "adresse": "Adressen brevet sendes til, på én linje",
    "kommune": "Kommunens navn",
    "dato": "Brevets dato",
    "saksnummer": "Saksnummeret husstanden oppgir når den tar kontakt",
    "vedtak_om": "Hva vedtaket gjelder («startlån», «tilskudd til etablering»)",
    "søkt_beløp": "Beløpet det ble søkt om",
    "innvilget_beløp": "Beløpet som er innvilget",
    "regler": "Reglene vedtaket bygger på",
    "retningslinjer": "Paragrafene i kommunens retningslinjer vedtaket bygger på, med vedtaket om retningslinjene",
    "fakta": "De faktiske forholdene vedtaket bygger på",
    "vurdering": "Hovedhensynene i vurderingen",
    "barnets_beste": "Vurderingen av barnets beste, med overskrift (tomt når husstanden ikke har barn)",
    "klage_til": "Hvor klagen sendes (boligkontoret og adressen)",
    "saksbehandler": "Saksbehandlerens navn",
    "saksbehandler_telefon": "Saksbehandlerens telefon",
    "saksbehandler_epost": "Saksbehandlerens e-post",
    "kontakt": "Saksbehandlerens navn, telefon og e-post, på én linje",
    "fullmaktshaver": "Navnet på den som fattet vedtaket",
    "prisramme": "Finansieringsbevisets kjøpesum inntil",
    "vilkår": "Finansieringsbevisets vilkår",
    "gyldig_til": "Datoen finansieringsbeviset gjelder til",
}
# Decisions that the household gets a letter about.
LETTER_DECISIONS = frozenset(defaults.SUBJECT)
OUTCOME_LETTER = {DecisionOutcome.APPROVED: LetterKind.APPROVED, DecisionOutcome.PARTIAL: LetterKind.PARTIAL,
                  DecisionOutcome.REFUSED: LetterKind.REFUSED}


def kroner(amount: int | None) -> str:
    return f"{amount:,} kr".replace(",", "\u00a0") if amount is not None else ""


# Templates ---------------------------------------------------------------------------------

def templates_in_force(kind: str) -> dict[str, DecisionLetterTemplate]:
    """The newest version of each language's template of this kind (the shipped text is version 1)."""
    return letter_templates.templates_in_force(DecisionLetterTemplate, kind, defaults.DEFAULTS[kind])


def template_errors(text: str) -> list[str]:
    return merge.template_errors(text, FIELDS)


def decision_template_save(*, actor: User, kind: str, language: str, title: str, body: str) -> DecisionLetterTemplate:
    """Save a new version of a decision letter's template. Refused if it uses a merge field that
    does not exist; the letters already made keep the version they were written from."""
    if kind in LetterKind.values:
        templates_in_force(kind)  # version 1 is the shipped text, so a first save is version 2
    return letter_templates.template_version_save(
        DecisionLetterTemplate, actor=actor, kind=kind, language=language, title=title, body=body,
        errors_of=template_errors, action="decision_template.save")


# Letters ------------------------------------------------------------------------------------

def household_language(household) -> str:
    main = household.main_person
    return "nn" if main is not None and main.preferred_language == "nn" else "nb"


def missing_grounds(decision: Decision, *, has_children: bool) -> list[str]:
    """What a decision's grounds lack before its letter may be made, in Norwegian. A refusal, in
    whole or in part, must give the facts and the main considerations, and for a household with
    children how the children's best interests were weighed (Sivilombudet)."""
    missing = []
    if not decision.rules.strip():
        missing.append("Skriv hvilke regler vedtaket bygger på.")
    if decision.outcome in (DecisionOutcome.REFUSED, DecisionOutcome.PARTIAL):
        if not decision.facts.strip():
            missing.append("Et avslag må begrunnes: skriv hvilke faktiske forhold vedtaket bygger på.")
        if not decision.grounds.strip():
            missing.append("Et avslag må begrunnes: skriv hovedhensynene i vurderingen.")
        if has_children and not decision.children_interests.strip():
            missing.append("Husstanden har barn: skriv hvordan barnets beste er vurdert.")
    return missing


def _values(*, decision: Decision, recipient: list[str], lang: str, day: dt.date,
            certificate: FinancingCertificate | None) -> dict[str, str]:
    case = decision.case
    caseworker = case.caseworker
    children = decision.children_interests.strip()
    name = caseworker.get_full_name() or caseworker.username
    phone = caseworker.phone or settings.HOUSING_OFFICE_PHONE
    values = {
        "navn": recipient[0],
        "adresse": ", ".join(recipient[1:]),
        "kommune": settings.MUNICIPALITY_NAME,
        "dato": day.strftime("%d.%m.%Y"),
        "saksnummer": str(case.pk),
        "vedtak_om": defaults.SUBJECT[decision.kind][lang],
        "søkt_beløp": kroner(decision.amount),
        "innvilget_beløp": kroner(decision.approved_amount),
        "regler": guideline_citations.rules_with_citation(decision, lang),
        "retningslinjer": guideline_citations.decision_citation(decision, lang),
        "fakta": decision.facts.strip(),
        "vurdering": decision.grounds.strip(),
        "barnets_beste": f"{defaults.CHILDREN_HEADING[lang]}\n{children}" if children else "",
        "klage_til": f"{settings.HOUSING_OFFICE_NAME}, {settings.MUNICIPALITY_NAME}, {settings.HOUSING_OFFICE_ADDRESS}",
        "saksbehandler": name,
        "saksbehandler_telefon": phone,
        "saksbehandler_epost": caseworker.email,
        "kontakt": f"{name}, telefon {phone}" + (f", e-post {caseworker.email}" if caseworker.email else ""),
        "fullmaktshaver": decision.decided_by.get_full_name() or decision.decided_by.username,
        "prisramme": "", "vilkår": "", "gyldig_til": "",
    }
    if certificate is not None:
        values.update({"innvilget_beløp": kroner(certificate.amount), "prisramme": kroner(certificate.price_frame),
                       "vilkår": certificate.conditions.strip() or defaults.NO_CONDITIONS[lang],
                       "gyldig_til": certificate.valid_until.strftime("%d.%m.%Y")})
    return values


def letter_document(letter: DecisionLetter) -> Letter:
    decision = letter.decision
    approver = decision.decided_by.get_full_name() or decision.decided_by.username
    return Letter(lang=letter.language, recipient=letter.recipient, title=letter.title, body=letter.body,
                  reference=letter.reference, date=timezone.localdate(letter.created_at),
                  signature=[approver, defaults.SIGNATURE_ROLE[letter.language]])


@transaction.atomic
def decision_letter_make(*, actor: User, decision: Decision, certificate: FinancingCertificate | None = None
                         ) -> DecisionLetter:
    """Write the household's letter about a decision (or the certificate it issued), set it as
    PDF/A and keep both text and PDF; the letter goes on the case's timeline."""
    if decision.is_pending:
        raise DomainError("Vedtaket er ikke fattet ennå.")
    if decision.kind not in LETTER_DECISIONS:
        raise DomainError("Denne typen vedtak sendes ikke som brev til husstanden.")
    household = decision.case.household
    missing = missing_grounds(decision, has_children=household.members.filter(relation="child").exists())
    if missing:
        raise DomainError(missing)
    main = household.main_person
    address = postal_address(household, household.active_tenancy, main) if main else None
    # Without a postal address the letter is still made, to be handed over or sent another way.
    recipient = address or [main.full_name if main else str(household)]
    kind = LetterKind.CERTIFICATE if certificate is not None else OUTCOME_LETTER[decision.outcome]
    lang = household_language(household)
    template = templates_in_force(kind)[lang]
    now = timezone.now()
    values = _values(decision=decision, recipient=recipient, lang=lang, day=timezone.localdate(now),
                     certificate=certificate)
    letter = DecisionLetter(decision=decision, certificate=certificate, template=template, kind=kind, language=lang,
                            recipient=recipient, title=merge.merge(template.title, values),
                            body=merge.merge(template.body, values), created_by=actor, created_at=now, pdf=b"")
    letter.pdf = letters_pdf([letter_document(letter)], timestamp=now)
    letter.full_clean()
    letter.save()
    CaseEvent.objects.create(case=decision.case, at=now, actor=actor, kind=EventKind.LETTER,
                             text=f"{letter.get_kind_display()} er laget ({letter.get_language_display().lower()})."
                             + ("" if address else " Husstanden har ingen gyldig postadresse: lever brevet på en annen"
                                                   " måte."))
    audit_record(actor=actor, action="case.decision_letter.make", obj=letter, household_id=household.pk,
                 changes={"kind": kind, "language": lang, "template_version": template.number})
    return letter


def decision_letter_record_print(*, actor: User, letter: DecisionLetter) -> None:
    audit_record(actor=actor, action="case.decision_letter.print", obj=letter,
                 household_id=letter.decision.case.household_id)
