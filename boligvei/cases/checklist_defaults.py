"""The shipped purchase-process checklist (version 1): the steps of buying a home, each with
short guidance for the caseworker to go through with the household, and the days from the
financing approval to its due date. An evaluation of Trondheim's programme found that not
knowing how the housing market works is one of the main barriers; these are the steps where
households need it explained. The municipality edits the list (`/saker/sjekkliste/`).
"""

ITEMS = [
    {
        "title": "Finne bolig innenfor finansieringsbeviset",
        "guidance": "Gå gjennom hva finansieringsbeviset gir rom for: kjøpesum inntil beløpet på beviset, "
                    "medregnet fellesgjeld, og hva boligen vil koste i måneden. Vis husstanden hvordan de "
                    "søker på finn.no med pris, område og antall rom, og lagrer søket for å få varsel om nye "
                    "boliger.",
        "due_days": 7,
    },
    {
        "title": "Visninger",
        "guidance": "Snakk om hva de ser etter på visning: tilstandsrapport, fukt, vinduer, bad og "
                    "fellesarealer. Oppfordre dem til å ta med noen de stoler på, og til å skrive seg på "
                    "visningslisten for å få beskjed om bud.",
        "due_days": 21,
    },
    {
        "title": "Budrunden",
        "guidance": "Forklar hvordan en budrunde går: budet gis skriftlig til megleren og er bindende fram "
                    "til bindingsfristen (akseptfristen). Budet bør ta forbehold om finansiering når "
                    "finansieringsbeviset har vilkår. Avtal en øvre grense før budrunden, og at de ikke gir "
                    "bud med kort frist under press.",
        "due_days": 30,
    },
    {
        "title": "Salgsoppgaven, fellesgjeld og felleskostnader",
        "guidance": "Les salgsoppgaven sammen: prisantydning og totalpris med omkostninger, fellesgjeld og "
                    "hva den betyr for kjøpesummen, felleskostnader per måned og om de kan øke når "
                    "borettslaget betaler avdrag. Se på borettslagets økonomi, vedtekter og husordensregler.",
        "due_days": 30,
    },
    {
        "title": "Kjøpekontrakt og overtakelse",
        "guidance": "Gå gjennom kjøpekontrakten før den signeres: kjøpesum, omkostninger og dato for "
                    "overtakelse. Ved overtakelsen går kjøper og selger eller megler gjennom boligen og "
                    "skriver en overtakelsesprotokoll med feil og mangler og målerstand for strøm. Husk "
                    "nøkler og at startlånet er utbetalt.",
        "due_days": 60,
    },
    {
        "title": "Forsikring og flytting",
        "guidance": "Husstanden må ha innboforsikring, og husforsikring hvis boligen ikke er forsikret "
                    "gjennom borettslaget eller sameiet, fra overtakelsesdagen. Si opp leieavtalen med "
                    "kommunen, meld flytting til Folkeregisteret og flytt strøm og internett.",
        "due_days": 75,
    },
]
