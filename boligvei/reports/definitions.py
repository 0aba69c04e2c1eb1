"""What each figure means, written out on the report page and in the yearly report, so that a
figure can be defended. KOSTRA's definitions (SSB, form 13) where they exist."""

from django.utils.translation import gettext_lazy as _

from boligvei.cases.funnel import DEFINITIONS as STAGE_DEFINITIONS

AS_OF = (_("Alle tall er regnet ut fra det som var registrert ved slutten av dagen «tall per»: sakshistorikken, "
         "registrerte kjøp og datoene på leieforhold, boliger og ventelisten. Det som registreres senere, "
         "endrer ikke tallene for en tidligere dato, så samme spørsmål gir samme svar hver gang."))

FIGURES = [
    (_("Kjøp"), _("Et kjøp telles i året for overtakelsesdatoen, fra den dagen kjøpet ble registrert i saken. "
             "«Kjøpte boligen de leide» er kommunale boliger solgt til leietakeren; «kjøpte en annen bolig» "
             "frigjør den kommunale boligen husstanden leide. Akkumulert teller alle kjøp fra programmets start.")),
    (_("Finansiering"), _("Summen av kjøpesum, startlån, banklån, tilskudd til etablering og egenkapital slik de ble "
                     "registrert ved kjøpet.")),
    (_("Trakten"), _("Sakene som ble åpnet i perioden, og hvor mange av dem som hadde nådd hvert trinn på datoen "
                "tallene gjelder. Et trinn er nådd når saken kom dit eller lenger; et skritt tilbake eller en "
                "gjenåpnet sak tar ikke bort et nådd trinn. Konvertering er andelen av trinnet før.")),
    (_("Per saksbehandler"), _("Hvert trinn telles hos den saksbehandleren som hadde saken da trinnet ble nådd.")),
    (_("Område og kanal"), _("Området der husstanden leide da saken ble åpnet, og hvordan husstanden kom inn i "
                        "programmet (invitasjonsbrev, henvisning fra NAV og så videre).")),
    (_("Tid fra invitasjon til kjøp"), _("Dager fra saken ble åpnet (invitasjon eller henvendelse) til "
                                    "overtakelsesdatoen, for kjøp i perioden. Medianen er den midterste verdien.")),
    (_("Fra finansieringsbevis til kjøp"), _("Finansieringsbevis gitt i perioden, telt i året de ble gitt, og hvor "
                                        "mange av husstandene som hadde gjennomført et kjøp (overtakelse på eller "
                                        "etter dagen beviset ble gitt) på datoen tallene gjelder. «Innen fire "
                                        "måneder» er kjøp innen 122 dager. Medianen er den midterste tiden fra "
                                        "bevis til kjøp for dem som har kjøpt (Husbankens mål, 2026).")),
    (_("Frigjort ved kjøp"), _("Kommunale boliger husstanden forlot fordi den kjøpte en annen bolig.")),
    (_("Leid ut igjen fra ventelisten"), _("Frigjorte boliger som ble tildelt en husstand fra ventelisten etter "
                                      "kjøpet, telt i året for den første tildelingen.")),
    (_("Nyinnflyttede husstander (KOSTRA)"), _("Husstander som ble tildelt kommunal bolig i løpet av året, og som ikke "
                                          "bodde i kommunal bolig da de søkte; bytte av kommunal bolig og "
                                          "forlenget kontrakt telles ikke.")),
    (_("Boligmassen (KOSTRA)"), _("Kommunalt disponerte boliger ved årets slutt: boliger anskaffet senest den dagen "
                             "(eller uten anskaffelsesdato) som ikke var solgt. Boliger avhendet på annen måte har "
                             "ingen dato i registeret og er holdt utenfor.")),
    (_("Gjennomstrømning"), _("Nyinnflyttede husstander per 100 kommunale boliger ved årets slutt.")),
    (_("Solgt og anskaffet"), _("Alle salg og kjøp av kommunale boliger etter salgs- og anskaffelsesdato, også salg "
                           "utenfor leie til eie (fornyelse av boligmassen).")),
    (_("Venteliste (KOSTRA)"), _("Husstander som har søkt kommunal bolig og venter på å få tildelt en: søkt senest "
                            "den dagen, og ikke tildelt bolig, trukket eller avslått før. Ventetiden regnes fra "
                            "søknadsdatoen.")),
]

FILTER_SCOPE = (_("Filteret for område gjelder alle tall (for ventelisten finnes ikke noe område: den vises for hele "
                "kommunen). Filtrene for kanal og saksbehandler gjelder sakene: trakten, kjøpene og det kjøpene "
                "frigjorde."))


def stage_definitions() -> list[tuple[str, str]]:
    return [(stage.label, text) for stage, text in STAGE_DEFINITIONS.items()]
