"""The mapping conversation (kartlegging) as versioned data.

Each version of the form is a list of sections of questions. A saved mapping keeps the version
it was made with, so an old mapping is always shown with the questions that were asked then.
A new version is added here (never edited in place) when the questions change.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    kind: str = "text"  # text, longtext, yesno, money, choice, multichoice
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    questions: tuple[Question, ...] = field(default_factory=tuple)


YES_NO_UNKNOWN = (("yes", "Ja"), ("no", "Nei"), ("unknown", "Vet ikke"))

FORMS: dict[int, tuple[Section, ...]] = {
    1: (
        Section("Husstanden og boligen", (
            Question("household_changes", "Endringer i husstanden framover (barn, samboer, flytting)", "longtext"),
            Question("housing_satisfaction", "Hvordan trives husstanden i boligen og nærmiljøet?", "longtext"),
        )),
        Section("Inntekt", (
            Question("income_sources", "Inntektskilder", "multichoice", (
                ("wage", "Lønn"), ("disability", "Uføretrygd"), ("pension", "Pensjon"), ("aap", "Arbeidsavklaringspenger"),
                ("social", "Sosialhjelp"), ("child_benefit", "Barnetrygd"), ("housing_allowance", "Bostøtte"),
                ("other", "Annet"))),
            Question("income_stable", "Er inntekten stabil de neste årene?", "choice", YES_NO_UNKNOWN),
            Question("income_notes", "Om inntekten (fast/midlertidig stilling, vedtak og varighet)", "longtext"),
        )),
        Section("Gjeld og betalingshistorikk", (
            Question("consumer_debt", "Forbruksgjeld og kredittkort (kr)", "money"),
            Question("payment_remarks", "Betalingsanmerkninger eller inkasso", "choice", YES_NO_UNKNOWN),
            Question("rent_arrears", "Husleierestanse siste to år", "choice", YES_NO_UNKNOWN),
            Question("debt_notes", "Om gjelden (avtaler, gjeldsordning)", "longtext"),
        )),
        Section("Sparing", (
            Question("savings", "Sparepenger (kr)", "money"),
            Question("saving_capacity", "Kan husstanden spare hver måned? Hvor mye (kr)?", "money"),
        )),
        Section("Ønsker", (
            Question("wish", "Hva ønsker husstanden?", "choice", (
                ("buy_rented", "Kjøpe boligen den leier"), ("buy_other", "Kjøpe en annen bolig"),
                ("unsure", "Vet ikke ennå"), ("not_buy", "Vil ikke kjøpe"))),
            Question("wish_area", "Ønsket område eller type bolig", "text"),
        )),
        Section("Hindringer og motivasjon", (
            Question("obstacles", "Hva står i veien for et kjøp?", "longtext"),
            Question("motivation", "Motivasjon (1 = lav, 5 = høy)", "choice",
                     tuple((str(n), str(n)) for n in range(1, 6))),
            Question("help_needed", "Hjelp fra andre tjenester", "multichoice", (
                ("nav", "NAV"), ("debt_counselling", "Gjeldsrådgivning"), ("health", "Helse og omsorg"),
                ("language", "Språkopplæring/tolk"), ("other", "Annet"))),
        )),
        Section("Samtykke", (
            Question("consent_gather", "Samtykker husstanden til at kommunen innhenter opplysninger "
                                       "(inntekt, gjeld, kredittsjekk)?", "yesno"),
            Question("consent_share", "Samtykker husstanden til at opplysninger deles med", "multichoice", (
                ("nav", "NAV"), ("husbanken", "Husbanken"), ("bank", "Bank"), ("debt_counselling", "Gjeldsrådgivning"))),
            Question("consent_notes", "Om samtykket (hvem ga det, muntlig/skriftlig)", "text"),
        )),
    ),
}
# Version 2: consent is recorded on the household (`people.Consent`) and checked before a mapping
# is saved, no longer asked as questions in the form.
FORMS[2] = tuple(section for section in FORMS[1] if section.title != "Samtykke")
# Version 3: the monthly figures the calculator needs, so that what the household says in the
# conversation fills the calculator (`cases.prefill`) instead of being typed again.
MONTHLY = Section("Inntekt og utgifter per måned", (
    Question("net_income_monthly", "Inntekt etter skatt per måned, hele husstanden (kr)", "money",
             help="Utbetalt lønn, trygd og stønader. Tomt: beregnes fra bruttoinntektene i registeret."),
    Question("debt_payments_monthly", "Betaling på gjeld per måned (kr)", "money",
             help="Forbrukslån, kredittkort, billån og studielån."),
    Question("other_costs_monthly", "Andre faste utgifter per måned (kr)", "money",
             help="Barnehage, SFO og barnebidrag som husstanden betaler."),
    Question("living_costs_monthly", "Faktiske levekostnader per måned (kr)", "money",
             help="Mat, klær, transport og annet. Tomt: SIFOs referansebudsjett."),
))
FORMS[3] = tuple(part for section in FORMS[2]
                 for part in ((section, MONTHLY) if section.title == "Gjeld og betalingshistorikk" else (section,)))
CURRENT_VERSION = max(FORMS)


def questions(version: int) -> list[Question]:
    return [question for section in FORMS[version] for question in section.questions]


def display(version: int, answers: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The answers as (section, [(question, answer text)]) in the form's own order and words."""
    shown = []
    for section in FORMS[version]:
        rows = []
        for q in section.questions:
            value = answers.get(q.key)
            if value in (None, "", []):
                continue
            labels = dict(q.choices)
            if q.kind == "multichoice":
                text = ", ".join(labels.get(v, v) for v in value)
            elif q.kind == "yesno":
                text = "Ja" if value else "Nei"
            elif q.kind == "money":
                text = f"{int(value):,} kr".replace(",", "\u00a0")
            else:
                text = labels.get(value, str(value))
            rows.append((q.label, text))
        if rows:
            shown.append((section.title, rows))
    return shown
