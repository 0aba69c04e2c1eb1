"""Decision letters: what the household gets in writing when the municipality decides.

Each letter is merged from the newest version of its template in the household's language
(`letter_language`: bokmål, nynorsk or English as the main person prefers; a public body writes
to people in the written standard they prefer; any other language gets bokmål with a short note
in bokmål and English offering a free interpreter), with the merge fields of `FIELDS` (the merging itself is
`boligvei.lib.merge`, shared with the outreach letters), set in the shared letter layout
(`core.letters`) as PDF/A and stored with the text, so that a reprint has the same bytes.
Templates are versioned rows like the outreach templates; the shipped texts
(`letter_defaults.py`) are version 1. A letter is made in the decision's own transaction: no
decision without its letter, and no refusal without grounds (`decision_letter_make` refuses too).
The letting of a municipal dwelling is a decision too (`letting_letter_make`, from `cases.lettings`):
its letter belongs to the household and goes on its case's timeline only where it has one.
`template_preview` sets a template with synthetic sample data for the template editor; nothing
is saved.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from boligvei.cases import guideline_citations
from boligvei.cases import letter_defaults as defaults
from boligvei.cases.models import (
    CaseEvent, Decision, DecisionLetter, DecisionLetterTemplate, DecisionOutcome, EventKind, FinancingCertificate,
    LetterKind, LetterLanguage, Letting,
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
    "bolig": "Tildeling: boligens adresse",
    "rom": "Tildeling: antall rom («3 rom»)",
    "innflytting": "Tildeling: datoen husstanden kan flytte inn",
    "leietid": "Tildeling: hvor lenge leieavtalen gjelder, som en setning",
    "husleie": "Tildeling: husleien per måned",
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

LETTER_LANGUAGES = frozenset(LetterLanguage.values)


def letter_language(household) -> tuple[str, str]:
    """The language of the household's letters, and a note for the top of the letter when it is
    not the one the main person asked for: bokmål, nynorsk and English as asked; any other
    language gets bokmål with a note (in bokmål and English) that an interpreter is free."""
    main = household.main_person
    wanted = main.preferred_language if main is not None else "nb"
    if wanted in LETTER_LANGUAGES:
        return wanted, ""
    language = (main.other_language.strip() if main is not None else "")
    return "nb", defaults.OTHER_LANGUAGE_NOTE.format(wanted=language or "ditt språk",
                                                     wanted_en=language or "your language")


def household_language(household) -> str:
    return letter_language(household)[0]


def _grounds_missing(grounds, *, subject: str, reasoned: bool, prefix: str, has_children: bool) -> list[str]:
    """What grounds (`rules`, `facts`, `grounds`, `children_interests`) lack: the rules always;
    when `reasoned`, the facts, the main considerations and, with children, their best interests."""
    def say(text: str) -> str:
        return prefix + text if prefix else text[0].upper() + text[1:]

    missing = [] if grounds.rules.strip() else [f"Skriv hvilke regler {subject} bygger på."]
    if reasoned:
        if not grounds.facts.strip():
            missing.append(say(f"skriv hvilke faktiske forhold {subject} bygger på."))
        if not grounds.grounds.strip():
            missing.append(say("skriv hovedhensynene i vurderingen."))
        if has_children and not grounds.children_interests.strip():
            missing.append("Husstanden har barn: skriv hvordan barnets beste er vurdert.")
    return missing


def missing_grounds(decision: Decision, *, has_children: bool) -> list[str]:
    """What a decision's grounds lack before its letter may be made, in Norwegian. A refusal, in
    whole or in part, must give the facts and the main considerations, and for a household with
    children how the children's best interests were weighed (Sivilombudet)."""
    return _grounds_missing(decision, subject="vedtaket", prefix="Et avslag må begrunnes: ", has_children=has_children,
                            reasoned=decision.outcome in (DecisionOutcome.REFUSED, DecisionOutcome.PARTIAL))


def _base_values(*, recipient: list[str], lang: str, day: dt.date, reference: str, contact: User, decider: User,
                 grounds) -> dict[str, str]:
    """The merge fields every decision letter has: recipient, date, reference, the grounds
    (`grounds` has `rules`, `facts`, `grounds` and `children_interests`), where to appeal and
    whom to contact. The fields of other kinds are empty."""
    children = grounds.children_interests.strip()
    name = contact.get_full_name() or contact.username
    phone = contact.phone or settings.HOUSING_OFFICE_PHONE
    return {
        "navn": recipient[0],
        "adresse": ", ".join(recipient[1:]),
        "kommune": settings.MUNICIPALITY_NAME,
        "dato": day.strftime("%d.%m.%Y"),
        "saksnummer": reference,
        "vedtak_om": "", "søkt_beløp": "", "innvilget_beløp": "",
        "regler": grounds.rules.strip(),
        "retningslinjer": "",
        "fakta": grounds.facts.strip(),
        "vurdering": grounds.grounds.strip(),
        "barnets_beste": f"{defaults.CHILDREN_HEADING[lang]}\n{children}" if children else "",
        "klage_til": f"{settings.HOUSING_OFFICE_NAME}, {settings.MUNICIPALITY_NAME}, {settings.HOUSING_OFFICE_ADDRESS}",
        "saksbehandler": name,
        "saksbehandler_telefon": phone,
        "saksbehandler_epost": contact.email,
        "kontakt": f"{name}, {defaults.PHONE[lang]} {phone}"
                   + (f", {defaults.EMAIL[lang]} {contact.email}" if contact.email else ""),
        "fullmaktshaver": decider.get_full_name() or decider.username,
        "prisramme": "", "vilkår": "", "gyldig_til": "",
        "bolig": "", "rom": "", "innflytting": "", "leietid": "", "husleie": "",
    }


def _values(*, decision: Decision, recipient: list[str], lang: str, day: dt.date,
            certificate: FinancingCertificate | None) -> dict[str, str]:
    values = _base_values(recipient=recipient, lang=lang, day=day, reference=str(decision.case_id),
                          contact=decision.case.caseworker, decider=decision.decided_by, grounds=decision)
    values.update({"vedtak_om": defaults.SUBJECT[decision.kind][lang], "søkt_beløp": kroner(decision.amount),
                   "innvilget_beløp": kroner(decision.approved_amount),
                   "regler": guideline_citations.rules_with_citation(decision, lang),
                   "retningslinjer": guideline_citations.decision_citation(decision, lang)})
    if certificate is not None:
        values.update({"innvilget_beløp": kroner(certificate.amount), "prisramme": kroner(certificate.price_frame),
                       "vilkår": certificate.conditions.strip() or defaults.NO_CONDITIONS[lang],
                       "gyldig_til": certificate.valid_until.strftime("%d.%m.%Y")})
    return values


def letting_values(*, letting: Letting, recipient: list[str], lang: str, day: dt.date) -> dict[str, str]:
    dwelling = letting.dwelling
    contact = letting.case.caseworker if letting.case_id else letting.proposed_by
    values = _base_values(recipient=recipient, lang=lang, day=day, reference=letting.reference, contact=contact,
                          decider=letting.decided_by or letting.proposed_by, grounds=letting)
    street = " ".join(part for part in (dwelling.street_address, dwelling.unit_number) if part)
    values.update({
        "vedtak_om": defaults.LETTING_SUBJECT[lang],
        "bolig": f"{street}, {dwelling.postal_code} {dwelling.postal_place}",
        "rom": defaults.ROOMS[lang].format(n=dwelling.rooms),
        "innflytting": letting.start_date.strftime("%d.%m.%Y"),
        "leietid": (defaults.TERM_FIXED[lang].format(end=letting.end_date.strftime("%d.%m.%Y")) if letting.end_date
                    else defaults.TERM_INDEFINITE[lang]),
        "husleie": kroner(letting.rent_monthly) if letting.rent_monthly is not None else defaults.RENT_UNKNOWN[lang],
    })
    return values


def _signature(decider: User, lang: str) -> list[str]:
    role = defaults.SIGNATURE_ROLE if decider.role in ("approver", "administrator") else defaults.SIGNATURE_CASEWORKER
    return [decider.get_full_name() or decider.username, role[lang]]


def letter_document(letter: DecisionLetter) -> Letter:
    decider = letter.letting.decided_by if letter.letting_id else letter.decision.decided_by
    signature = (_signature(decider, letter.language) if letter.letting_id
                 else [decider.get_full_name() or decider.username, defaults.SIGNATURE_ROLE[letter.language]])
    return Letter(lang=letter.language, recipient=letter.recipient, title=letter.title, body=letter.body,
                  reference=letter.reference, date=timezone.localdate(letter.created_at), signature=signature,
                  note=letter.note)


def _recipient(household) -> tuple[list[str], bool]:
    """The letter's address block, and whether it is a postal address a letter can reach."""
    main = household.main_person
    address = postal_address(household, household.active_tenancy, main) if main else None
    # Without a postal address the letter is still made, to be handed over or sent another way.
    return address or [main.full_name if main else str(household)], address is not None


def _letter_save(letter: DecisionLetter, *, household, case, delivered: bool, actor: User) -> DecisionLetter:
    """Set the letter as PDF/A, keep it, put it on the case's timeline (where there is a case) and
    audit it, all in the caller's transaction."""
    letter.pdf = letters_pdf([letter_document(letter)], timestamp=letter.created_at)
    letter.full_clean()
    letter.save()
    if case is not None:
        CaseEvent.objects.create(
            case=case, at=letter.created_at, actor=actor, kind=EventKind.LETTER,
            text=f"{letter.get_kind_display()} er laget ({letter.get_language_display().lower()})."
            + ("" if delivered else " Husstanden har ingen gyldig postadresse: lever brevet på en annen måte."))
    audit_record(actor=actor, action="case.decision_letter.make", obj=letter, household_id=household.pk,
                 changes={"kind": letter.kind, "language": letter.language,
                          "template_version": letter.template.number})
    return letter


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
    recipient, delivered = _recipient(household)
    kind = LetterKind.CERTIFICATE if certificate is not None else OUTCOME_LETTER[decision.outcome]
    lang, note = letter_language(household)
    template = templates_in_force(kind)[lang]
    now = timezone.now()
    values = _values(decision=decision, recipient=recipient, lang=lang, day=timezone.localdate(now),
                     certificate=certificate)
    letter = DecisionLetter(decision=decision, certificate=certificate, template=template, kind=kind, language=lang,
                            recipient=recipient, title=merge.merge(template.title, values), note=note,
                            body=merge.merge(template.body, values), created_by=actor, created_at=now, pdf=b"")
    return _letter_save(letter, household=household, case=decision.case, delivered=delivered, actor=actor)


def letting_missing_grounds(letting: Letting, *, has_children: bool) -> list[str]:
    """What a letting's grounds lack before its letter may be made, in Norwegian: the rules, the
    facts, the main considerations, and for a household with children the children's best interests."""
    return _grounds_missing(letting, subject="tildelingen", prefix="", reasoned=True, has_children=has_children)


@transaction.atomic
def letting_letter_make(*, actor: User, letting: Letting) -> DecisionLetter:
    """Write the household's letter about a letting that has been decided, set it as PDF/A and
    keep it; it goes on the household's case timeline where the letting has a case."""
    if letting.decided_by_id is None or letting.tenancy_id is None:
        raise DomainError("Tildelingen er ikke vedtatt ennå.")
    household = letting.household
    missing = letting_missing_grounds(letting, has_children=household.members.filter(relation="child").exists())
    if missing:
        raise DomainError(missing)
    recipient, delivered = _recipient(household)
    lang, note = letter_language(household)
    template = templates_in_force(LetterKind.LETTING)[lang]
    now = timezone.now()
    values = letting_values(letting=letting, recipient=recipient, lang=lang, day=timezone.localdate(now))
    letter = DecisionLetter(letting=letting, template=template, kind=LetterKind.LETTING, language=lang,
                            recipient=recipient, title=merge.merge(template.title, values), note=note,
                            body=merge.merge(template.body, values), created_by=actor, created_at=now, pdf=b"")
    return _letter_save(letter, household=household, case=letting.case, delivered=delivered, actor=actor)


def decision_letter_record_print(*, actor: User, letter: DecisionLetter) -> None:
    audit_record(actor=actor, action="case.decision_letter.print", obj=letter, household_id=letter.household_id)


# Preview -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class _SampleGrounds:
    rules: str
    facts: str
    grounds: str
    children_interests: str


def template_preview(*, actor: User, kind: str, language: str, title: str, body: str) -> bytes:
    """The template as a letter with synthetic sample data (no household's data), as PDF/A, for
    the template editor: nothing is saved. A template with an unknown merge field is refused with
    the same Norwegian reasons as saving it."""
    title, body = letter_templates.template_text_checked(DecisionLetterTemplate, kind=kind, language=language,
                                                         title=title, body=body, errors_of=template_errors)
    sample = defaults.PREVIEW_SAMPLE
    day = timezone.localdate()
    grounds = _SampleGrounds(rules=defaults.RULES["letting" if kind == LetterKind.LETTING else "startlan"],
                             facts=sample["facts"], grounds=sample["grounds"],
                             children_interests=sample["children_interests"])
    values = _base_values(recipient=sample["recipient"], lang=language, day=day, reference=sample["reference"],
                          contact=actor, decider=actor, grounds=grounds)
    values.update({
        "vedtak_om": (defaults.LETTING_SUBJECT if kind == LetterKind.LETTING else defaults.SUBJECT["startlan"])[language],
        "søkt_beløp": kroner(2_100_000), "innvilget_beløp": kroner(1_900_000 if kind == "partial" else 2_100_000),
        "prisramme": kroner(2_500_000), "vilkår": defaults.CONDITIONS_DEFAULT,
        "gyldig_til": (day + dt.timedelta(days=182)).strftime("%d.%m.%Y"),
        "bolig": sample["dwelling"], "rom": defaults.ROOMS[language].format(n=3),
        "innflytting": (day + dt.timedelta(days=30)).strftime("%d.%m.%Y"),
        "leietid": defaults.TERM_INDEFINITE[language], "husleie": kroner(9_800),
    })
    document = Letter(lang=language, recipient=sample["recipient"], title=merge.merge(title, values),
                      body=merge.merge(body, values), reference=sample["reference"], date=day,
                      signature=_signature(actor, language), note=defaults.PREVIEW_NOTE[language])
    return letters_pdf([document], timestamp=timezone.now())
