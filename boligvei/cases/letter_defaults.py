"""The decision letters Boligvei ships with, in bokmål and nynorsk: version 1 of each template.

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
}

DEFAULTS = {
    "approved": {
        "nb": {"title": "Vedtak: {{ vedtak_om }} er innvilget",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får {{ vedtak_om }} på {{ innvilget_beløp }}.\n\n"
                       + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: {{ vedtak_om }} er innvilga",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu får {{ vedtak_om }} på {{ innvilget_beløp }}.\n\n"
                       + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
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
    },
    "refused": {
        "nb": {"title": "Vedtak: søknaden om {{ vedtak_om }} er avslått",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu har søkt om {{ vedtak_om }}. Søknaden er avslått.\n\n"
                       + _GROUNDS["nb"] + "\n\n" + _APPEAL["nb"]},
        "nn": {"title": "Vedtak: søknaden om {{ vedtak_om }} er avslått",
               "body": "Hei, {{ navn }}!\n\n## Vedtak\nDu har søkt om {{ vedtak_om }}. Søknaden er avslått.\n\n"
                       + _GROUNDS["nn"] + "\n\n" + _APPEAL["nn"]},
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
    },
}

# What each decision is about, in each language, as the letters say it.
SUBJECT = {
    "startlan": {"nb": "startlån", "nn": "startlån"},
    "grant": {"nb": "tilskudd til etablering", "nn": "tilskot til etablering"},
}
# The rules an approver starts from (the form fills them in; the approver may change them).
RULES = {
    "startlan": "forskrift om lån fra Husbanken (FOR-2019-11-18-1546) kapittel 5 og kommunens retningslinjer "
                "for startlån.",
    "grant": "kommunens retningslinjer for tilskudd til etablering.",
}
CHILDREN_HEADING = {"nb": "## Barnets beste", "nn": "## Barnets beste"}
NO_CONDITIONS = {"nb": "Ingen særskilte vilkår ut over de vanlige for startlån.",
                 "nn": "Ingen særskilde vilkår utover dei vanlege for startlån."}
SIGNATURE_ROLE = {"nb": "Fullmaktshaver", "nn": "Fullmaktshavar"}
CONDITIONS_DEFAULT = ("Boligen må egne seg for husstanden over tid. Lånet sikres med pant i boligen. "
                      "Kjøpekontrakten og salgsoppgaven må godkjennes av kommunen før lånet utbetales.")
