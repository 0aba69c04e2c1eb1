"""The decision letters Boligvei ships with, in bokmål, nynorsk and English: version 1 of each template.

An individual decision (enkeltvedtak) must say, in writing (forvaltningsloven §§ 23–27): what was
decided, the grounds (the rules, the facts and the main considerations; for a household with
children, how the children's best interests were weighed), that the household may appeal, the
three-week deadline from receipt (§ 29) and where to send the appeal, that it may see the case's
documents (§ 18), and whom to contact. Every template says all of it; the grounds come from what
the approver wrote, through the merge fields. Administrators save their own versions in the browser.
"""

_APPEAL = {
    "nb": """## Du kan klage
Du kan klage på vedtaket. Fristen er tre uker fra du mottok dette brevet. Klagen må være skriftlig, og den skal si hvilket vedtak du klager på og hva du mener bør endres. Send klagen til {{ klage_til }}. Vi vurderer saken på nytt. Endrer vi ikke vedtaket, sender vi klagen videre til klageinstansen, som avgjør den (forvaltningsloven §§ 28–33).

## Du kan se dokumentene i saken
Du har rett til å se dokumentene i saken din (forvaltningsloven § 18). Ta kontakt med oss, så sender vi dem.

## Spørsmål
Har du spørsmål, kan du kontakte saksbehandleren din: {{ kontakt }}. Oppgi saksnummer {{ saksnummer }}.""",
    "nn": """## Du kan klage
Du kan klage på vedtaket. Fristen er tre veker frå du fekk dette brevet. Klaga må vere skriftleg, og ho skal seie kva vedtak du klagar på og kva du meiner bør endrast. Send klaga til {{ klage_til }}. Vi vurderer saka på nytt. Endrar vi ikkje vedtaket, sender vi klaga vidare til klageinstansen, som avgjer ho (forvaltningslova §§ 28–33).

## Du kan sjå dokumenta i saka
Du har rett til å sjå dokumenta i saka di (forvaltningslova § 18). Ta kontakt med oss, så sender vi dei.

## Spørsmål
Har du spørsmål, kan du kontakte sakshandsamaren din: {{ kontakt }}. Oppgi saksnummer {{ saksnummer }}.""",
    "en": """## You may appeal
You may appeal against this decision. The deadline is three weeks from the day you received this letter. The appeal must be in writing and say which decision you are appealing against and what you think should be changed. Send it to {{ klage_til }}. We will consider the case again. If we do not change the decision, we send your appeal on to the appeals body, which decides it (the Public Administration Act, sections 28–33). You may write your appeal in English or Norwegian.

## You may see the case documents
You have the right to see the documents in your case (the Public Administration Act, section 18). Contact us and we will send them to you.

## Questions
If you have questions, contact your caseworker: {{ kontakt }}. Please quote case number {{ saksnummer }}.""",
}

_GROUNDS = {
    "nb": """## Begrunnelse
Vedtaket bygger på {{ regler }}

Vi har lagt til grunn disse opplysningene: {{ fakta }}

{{ vurdering }}

{{ barnets_beste }}""",
    "nn": """## Grunngiving
Vedtaket byggjer på {{ regler }}

Vi har lagt til grunn desse opplysningane: {{ fakta }}

{{ vurdering }}

{{ barnets_beste }}""",
    "en": """## Grounds
The decision is based on {{ regler }}

We have based it on these facts: {{ fakta }}

{{ vurdering }}

{{ barnets_beste }}""",
}

DEFAULTS = {
    "approved": {
        "nb": {"title": "Vedtak: {{ vedtak_om }} er innvilget",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får {{ vedtak_om }} på {{ innvilget_beløp }}.\n\n"
                       + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: {{ vedtak_om }} er innvilga",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får {{ vedtak_om }} på {{ innvilget_beløp }}.\n\n"
                       + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
        "en": {"title": "Decision: your application for {{ vedtak_om }} is approved",
               "body": "Dear {{ navn }},\n\n## Decision\nYou are granted {{ vedtak_om }} of {{ innvilget_beløp }}.\n\n"
                       + _GROUNDS["en"] + "\n\n" + _APPEAL["en"]},
    },
    "partial": {
        "nb": {"title": "Vedtak: {{ vedtak_om }} er delvis innvilget",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu søkte om {{ vedtak_om }} på {{ søkt_beløp }}. Du får "
                       "{{ innvilget_beløp }}. Resten av søknaden er avslått.\n\n"
                       + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: {{ vedtak_om }} er delvis innvilga",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu søkte om {{ vedtak_om }} på {{ søkt_beløp }}. Du får "
                       "{{ innvilget_beløp }}. Resten av søknaden er avslått.\n\n"
                       + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
        "en": {"title": "Decision: your application for {{ vedtak_om }} is partly approved",
               "body": "Dear {{ navn }},\n\n## Decision\nYou applied for {{ vedtak_om }} of {{ søkt_beløp }}. You are "
                       "granted {{ innvilget_beløp }}. The rest of the application is refused.\n\n"
                       + _GROUNDS["en"] + "\n\n" + _APPEAL["en"]},
    },
    "refused": {
        "nb": {"title": "Vedtak: søknaden om {{ vedtak_om }} er avslått",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu har søkt om {{ vedtak_om }}. Søknaden er avslått.\n\n"
                       + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: søknaden om {{ vedtak_om }} er avslått",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu har søkt om {{ vedtak_om }}. Søknaden er avslått.\n\n"
                       + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
        "en": {"title": "Decision: your application for {{ vedtak_om }} is refused",
               "body": "Dear {{ navn }},\n\n## Decision\nYou have applied for {{ vedtak_om }}. The application is "
                       "refused.\n\n" + _GROUNDS["en"] + "\n\n" + _APPEAL["en"]},
    },
    "certificate": {
        "nb": {"title": "Finansieringsbevis",
               "body": """Hei, {{ navn }}!

Du har fått innvilget startlån. Med dette finansieringsbeviset kan du by på en bolig innenfor rammen under.

## Rammen
- Startlån inntil {{ innvilget_beløp }}
- Kjøpesum inntil {{ prisramme }}, medregnet omkostninger og eventuell andel fellesgjeld
- Gyldig til og med {{ gyldig_til }}

## Vilkår
{{ vilkår }}

## Før du byr
Vis finansieringsbeviset til megleren når du byr. Send oss salgsoppgaven før du byr, så ser vi over den sammen med deg. Lånet utbetales når vi har godkjent boligen og kjøpekontrakten.

Finner du ikke en bolig før beviset går ut, kan det forlenges. Ta kontakt med oss i god tid.

## Spørsmål
Kontakt saksbehandleren din: {{ kontakt }}. Oppgi saksnummer {{ saksnummer }}."""},
        "nn": {"title": "Finansieringsbevis",
               "body": """Hei, {{ navn }}!

Du har fått innvilga startlån. Med dette finansieringsbeviset kan du by på ein bustad innanfor ramma under.

## Ramma
- Startlån inntil {{ innvilget_beløp }}
- Kjøpesum inntil {{ prisramme }}, medrekna omkostnader og eventuell del av fellesgjeld
- Gyldig til og med {{ gyldig_til }}

## Vilkår
{{ vilkår }}

## Før du byr
Vis finansieringsbeviset til meklaren når du byr. Send oss salsoppgåva før du byr, så ser vi over ho saman med deg. Lånet blir utbetalt når vi har godkjent bustaden og kjøpekontrakten.

Finn du ikkje ein bustad før beviset går ut, kan det forlengjast. Ta kontakt med oss i god tid.

## Spørsmål
Kontakt sakshandsamaren din: {{ kontakt }}. Oppgi saksnummer {{ saksnummer }}."""},
        "en": {"title": "Financing certificate",
               "body": """Dear {{ navn }},

You have been granted a start loan (startlån). With this financing certificate you may bid on a home within the frame below.

## The frame
- Start loan up to {{ innvilget_beløp }}
- Purchase price up to {{ prisramme }}, including costs and any share of common debt
- Valid until and including {{ gyldig_til }}

## Conditions
{{ vilkår }}

## Before you bid
Show this financing certificate to the estate agent when you bid. Send us the sales prospectus before you bid, and we will go through it with you. The loan is paid out when we have approved the home and the purchase contract.

If you do not find a home before the certificate runs out, it can be extended. Contact us in good time.

## Questions
Contact your caseworker: {{ kontakt }}. Please quote case number {{ saksnummer }}."""},
    },
    "letting": {
        "nb": {"title": "Vedtak: du får leie kommunal bolig",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får leie den kommunale boligen i {{ bolig }} ({{ rom }}). "
                       "Du kan flytte inn {{ innflytting }}. {{ leietid }} Husleien er {{ husleie }} i måneden. Vi sender "
                       "deg leiekontrakten.\n\n" + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: du får leige kommunal bustad",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får leige den kommunale bustaden i {{ bolig }} ({{ rom }}). "
                       "Du kan flytte inn {{ innflytting }}. {{ leietid }} Husleiga er {{ husleie }} i månaden. Vi sender "
                       "deg leigekontrakten.\n\n" + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
        "en": {"title": "Decision: you may rent a municipal home",
               "body": "Dear {{ navn }},\n\n## Decision\nYou may rent the municipal home at {{ bolig }} ({{ rom }}). "
                       "You can move in on {{ innflytting }}. {{ leietid }} The rent is {{ husleie }} a month. We will "
                       "send you the tenancy agreement.\n\n" + _GROUNDS["en"] + "\n\n" + _APPEAL["en"]},
    },
}

# What each decision is about, in each language, as the letters say it.
SUBJECT = {
    "startlan": {"nb": "startlån", "nn": "startlån", "en": "a start loan (startlån)"},
    "grant": {"nb": "tilskudd til etablering", "nn": "tilskot til etablering", "en": "a grant to buy a home"},
}
# What a letting is about, in the merge field «vedtak_om».
LETTING_SUBJECT = {"nb": "kommunal bolig", "nn": "kommunal bustad", "en": "a municipal home"}
# The rules an approver starts from (the form fills them in; the approver may change them).
RULES = {
    "startlan": "forskrift om lån fra Husbanken (FOR-2019-11-18-1546) kapittel 5 og kommunens retningslinjer "
                "for startlån.",
    "grant": "kommunens retningslinjer for tilskudd til etablering.",
    "letting": "lov om kommunenes ansvar på det boligsosiale feltet (boligsosialloven) § 6 og kommunens regler for "
               "tildeling av kommunal bolig: de med størst behov går foran, og boligens størrelse og tilgjengelighet "
               "skal passe husstanden.",
}
CHILDREN_HEADING = {"nb": "## Barnets beste", "nn": "## Barnets beste", "en": "## The best interests of the children"}
NO_CONDITIONS = {"nb": "Ingen særskilte vilkår ut over de vanlige for startlån.",
                 "nn": "Ingen særskilde vilkår utover dei vanlege for startlån.",
                 "en": "No conditions beyond the usual ones for a start loan."}
SIGNATURE_ROLE = {"nb": "Fullmaktshaver", "nn": "Fullmaktshavar", "en": "Approver"}
PHONE = {"nb": "telefon", "nn": "telefon", "en": "phone"}
EMAIL = {"nb": "e-post", "nn": "e-post", "en": "email"}
SIGNATURE_CASEWORKER = {"nb": "Saksbehandler", "nn": "Sakshandsamar", "en": "Caseworker"}
# A letting's rooms and term, as the letter says them.
ROOMS = {"nb": "{n} rom", "nn": "{n} rom", "en": "{n} rooms"}
TERM_FIXED = {"nb": "Leieavtalen gjelder til og med {end}.", "nn": "Leigeavtalen gjeld til og med {end}.",
              "en": "The tenancy runs until and including {end}."}
TERM_INDEFINITE = {"nb": "Leieavtalen gjelder uten tidsbegrensning.", "nn": "Leigeavtalen gjeld utan tidsavgrensing.",
                   "en": "The tenancy has no end date."}
RENT_UNKNOWN = {"nb": "ikke fastsatt ennå", "nn": "ikkje fastsett enno", "en": "not set yet"}
# A household that writes neither bokmål, nynorsk nor English gets the letter in bokmål with this
# note above it, in bokmål and in English (the language most often read as a second language).
OTHER_LANGUAGE_NOTE = ("Vi har dessverre ikke dette brevet på {wanted}. Ring oss hvis du vil ha hjelp av tolk – det er "
                       "gratis. / We do not have this letter in {wanted_en}. Call us if you would like help from an "
                       "interpreter – it is free.")
CONDITIONS_DEFAULT = ("Boligen må egne seg for husstanden over tid. Lånet sikres med pant i boligen. "
                      "Kjøpekontrakten og salgsoppgaven må godkjennes av kommunen før lånet utbetales.")

# The synthetic household and facts the template editor's preview fills in (no real person).
PREVIEW_SAMPLE = {
    "recipient": ["Kari Eksempel", "Eksempelveien 1", "3999 Fjordvik"],
    "reference": "1234",
    "dwelling": "Eksempelveien 7, H0201, 3999 Fjordvik",
    "facts": "Husstanden er to voksne og ett barn med fast inntekt. (Eksempeltekst.)",
    "grounds": "Vi har lagt vekt på at husstanden kan betjene lånet over tid. (Eksempeltekst.)",
    "children_interests": "Barnet kan bli boende i nærmiljøet og på samme skole. (Eksempeltekst.)",
}
PREVIEW_NOTE = {"nb": "Forhåndsvisning med eksempeldata: dette brevet er ikke sendt.",
                "nn": "Førehandsvising med eksempeldata: dette brevet er ikkje sendt.",
                "en": "Preview with sample data: this letter has not been sent."}
