"""Names for the demo municipality's synthetic residents, by background.

The mix follows who lives in Norwegian municipal rental housing: most tenants were born in
Norway, and a large minority are immigrants, above all refugees and labour migrants from the
countries below (SSB, "Beboere i kommunale utleieboliger"; IMDi's settlement statistics). The
shares in `ORIGINS` are a plausible demo mix, not statistics to report.

First names are common given names in each group, spelled as they are written in the Norwegian
population register (Ukrainian names in the Ukrainian passport transliteration, Arabic names as
they are usually registered in Norway). Surnames carry their feminine forms where the language
has them (Polish -ska, Lithuanian -ienė for married women and -aitė/-ytė/-ūtė for daughters).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Surname:
    male: str
    married_female: str
    unmarried_female: str

    def for_person(self, *, female: bool, married: bool) -> str:
        if not female:
            return self.male
        return self.married_female if married else self.unmarried_female


def _plain(*names: str) -> tuple[Surname, ...]:
    return tuple(Surname(name, name, name) for name in names)


@dataclass(frozen=True)
class Origin:
    code: str
    weight: float  # share of demo households with a main person of this background
    male_first: tuple[str, ...]
    female_first: tuple[str, ...]
    surnames: tuple[Surname, ...]
    wife_takes_surname: float  # chance that a married woman carries the husband's surname
    language: str  # the language named for an interpreter ("" for Norwegian)
    refugee: bool  # arrivals are mostly refugees (introduction programme, settlement)
    recent_share: float  # share of households who arrived in the last five years


NORWEGIAN_MALE_OLD = (
    "Jan", "Per", "Bjørn", "Kjell", "Arne", "Svein", "Knut", "Odd", "Terje", "Rolf", "Geir",
    "Tor", "Harald", "Egil", "Nils", "Leif", "Roar", "Helge", "Gunnar", "Steinar", "Trond",
)
NORWEGIAN_FEMALE_OLD = (
    "Kari", "Anne", "Inger", "Liv", "Marit", "Bjørg", "Ingrid", "Randi", "Solveig", "Berit",
    "Astrid", "Gerd", "Tone", "Eva", "Turid", "Wenche", "Grethe", "Aud", "Reidun", "Unni",
)
NORWEGIAN_MALE_MIDDLE = (
    "Thomas", "Kristian", "Marius", "Espen", "Morten", "Stian", "Anders", "Lars", "Eirik",
    "Jørgen", "Martin", "Tommy", "Kenneth", "Rune", "Frode", "Ole", "Christian", "Vegard",
    "Fredrik", "Ronny", "Robert",
)
NORWEGIAN_FEMALE_MIDDLE = (
    "Linda", "Marianne", "Hege", "Silje", "Camilla", "Kristin", "Lene", "Monica", "Hilde",
    "Elisabeth", "Anette", "Nina", "Ingvild", "Heidi", "Tonje", "Mona", "Trine", "Ida",
    "Maria", "Stine", "Cecilie",
)
NORWEGIAN_MALE_YOUNG = (
    "Jonas", "Mathias", "Sander", "Kristoffer", "Andreas", "Henrik", "Tobias", "Markus",
    "Emil", "Jakob", "Noah", "Oliver", "Filip", "Lucas", "William", "Elias", "Aksel",
    "Magnus", "Isak", "Theodor", "Johannes", "Sebastian",
)
NORWEGIAN_FEMALE_YOUNG = (
    "Julie", "Emilie", "Thea", "Nora", "Emma", "Olivia", "Sofie", "Leah", "Ella", "Sara",
    "Ingrid", "Maja", "Amalie", "Hedda", "Tiril", "Vilde", "Mia", "Frida", "Selma", "Aurora",
    "Hanna", "Ida",
)

NORWEGIAN = Origin(
    code="no",
    weight=0.58,
    male_first=NORWEGIAN_MALE_MIDDLE,
    female_first=NORWEGIAN_FEMALE_MIDDLE,
    surnames=_plain(
        "Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen",
        "Jensen", "Karlsen", "Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen",
        "Johannessen", "Andreassen", "Jacobsen", "Dahl", "Jørgensen", "Halvorsen", "Henriksen",
        "Lund", "Sørensen", "Moen", "Gundersen", "Iversen", "Strand", "Solberg", "Svendsen",
        "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
        "Amundsen", "Tveiten", "Aasland", "Holta", "Flåten", "Kvåle", "Bratland",
        "Gulliksen", "Tangen", "Holm", "Thorsen", "Aas", "Myhre", "Gjerde",
    ),
    wife_takes_surname=0.5,
    language="",
    refugee=False,
    recent_share=0.0,
)

ORIGINS: tuple[Origin, ...] = (
    NORWEGIAN,
    Origin(
        code="so", weight=0.08,
        male_first=("Mohamed", "Abdi", "Ahmed", "Hassan", "Abdirahman", "Abdullahi", "Ali",
                    "Omar", "Yusuf", "Ismail", "Mahad", "Said", "Abdikarim", "Mustafe"),
        female_first=("Fadumo", "Hodan", "Amina", "Khadra", "Sahra", "Halima", "Asha", "Ifrah",
                      "Hawa", "Nimo", "Ubah", "Deeqa", "Sagal", "Faiza"),
        surnames=_plain("Mohamed", "Ali", "Hassan", "Abdi", "Ahmed", "Farah", "Warsame", "Osman",
                        "Jama", "Hussein", "Nur", "Aden", "Abdullahi", "Yusuf", "Dahir", "Egal",
                        "Ismail", "Omar"),
        wife_takes_surname=0.0, language="somali", refugee=True, recent_share=0.1,
    ),
    Origin(
        code="sy", weight=0.08,
        male_first=("Mohammad", "Ahmad", "Khaled", "Omar", "Hassan", "Yousef", "Mahmoud",
                    "Abdullah", "Ali", "Ibrahim", "Rami", "Fadi", "Walid", "Samer"),
        female_first=("Fatima", "Aya", "Rama", "Nour", "Hiba", "Rasha", "Ghada", "Lama", "Hala",
                      "Reem", "Yasmin", "Amal", "Rana", "Duaa"),
        surnames=_plain("Alhamad", "Alhussein", "Alali", "Khalil", "Ibrahim", "Haddad",
                        "Alkhatib", "Alahmad", "Mustafa", "Hamdan", "Aldarwish", "Suleiman",
                        "Almohammad", "Hasan", "Alomar", "Othman"),
        wife_takes_surname=0.0, language="arabisk", refugee=True, recent_share=0.35,
    ),
    Origin(
        code="er", weight=0.06,
        male_first=("Yonas", "Dawit", "Tesfay", "Mehari", "Filmon", "Robel", "Samuel",
                    "Yohannes", "Habtom", "Merhawi", "Biniam", "Kibrom", "Amanuel", "Daniel"),
        female_first=("Helen", "Selam", "Senait", "Rahel", "Luwam", "Saba", "Yordanos",
                      "Freweini", "Mebrat", "Lidia", "Winta", "Feven", "Hanna", "Ruta"),
        surnames=_plain("Tesfamariam", "Haile", "Gebremedhin", "Tekle", "Ghebreyesus",
                        "Berhane", "Kidane", "Weldemichael", "Asmerom", "Mehari", "Tesfay",
                        "Habte", "Ghebremariam", "Woldu"),
        wife_takes_surname=0.0, language="tigrinja", refugee=True, recent_share=0.25,
    ),
    Origin(
        code="af", weight=0.05,
        male_first=("Ahmad", "Mohammad", "Ali", "Hamid", "Mustafa", "Sayed", "Javad", "Reza",
                    "Farid", "Omid", "Nasir", "Hussain", "Rahim", "Jawad"),
        female_first=("Fatima", "Zahra", "Maryam", "Parwana", "Shabnam", "Nazanin", "Mina",
                      "Sakina", "Roya", "Masuma", "Laila", "Nargis", "Khadija", "Shirin"),
        surnames=_plain("Ahmadi", "Hashimi", "Rahimi", "Karimi", "Mohammadi", "Hosseini",
                        "Sultani", "Rezaie", "Jafari", "Noori", "Amiri", "Azizi", "Sadat",
                        "Haidari", "Nazari"),
        wife_takes_surname=0.0, language="dari", refugee=True, recent_share=0.35,
    ),
    Origin(
        code="pl", weight=0.04,
        male_first=("Piotr", "Krzysztof", "Tomasz", "Paweł", "Marcin", "Michał", "Łukasz",
                    "Jakub", "Adam", "Grzegorz", "Marek", "Dariusz", "Kamil", "Mateusz"),
        female_first=("Anna", "Katarzyna", "Magdalena", "Agnieszka", "Joanna", "Monika",
                      "Aleksandra", "Ewa", "Karolina", "Natalia", "Justyna", "Marta", "Beata",
                      "Dorota"),
        surnames=(
            *_plain("Nowak", "Wójcik", "Kowalczyk", "Woźniak", "Mazur", "Krawczyk", "Kaczmarek",
                    "Zając"),
            *(Surname(m, f, f) for m, f in (
                ("Kowalski", "Kowalska"), ("Wiśniewski", "Wiśniewska"), ("Kamiński", "Kamińska"),
                ("Lewandowski", "Lewandowska"), ("Zieliński", "Zielińska"),
                ("Szymański", "Szymańska"), ("Dąbrowski", "Dąbrowska"), ("Kozłowski", "Kozłowska"),
                ("Jankowski", "Jankowska"),
            )),
        ),
        wife_takes_surname=0.9, language="polsk", refugee=False, recent_share=0.2,
    ),
    Origin(
        code="lt", weight=0.025,
        male_first=("Tomas", "Mantas", "Darius", "Andrius", "Paulius", "Marius", "Jonas", "Lukas",
                    "Vytautas", "Giedrius", "Mindaugas", "Rokas"),
        female_first=("Rūta", "Laura", "Agnė", "Ieva", "Jurgita", "Kristina", "Inga", "Gintarė",
                      "Rasa", "Simona", "Eglė", "Milda"),
        surnames=tuple(Surname(m, mf, uf) for m, mf, uf in (
            ("Kazlauskas", "Kazlauskienė", "Kazlauskaitė"),
            ("Jankauskas", "Jankauskienė", "Jankauskaitė"),
            ("Petrauskas", "Petrauskienė", "Petrauskaitė"),
            ("Stankevičius", "Stankevičienė", "Stankevičiūtė"),
            ("Vasiliauskas", "Vasiliauskienė", "Vasiliauskaitė"),
            ("Žukauskas", "Žukauskienė", "Žukauskaitė"),
            ("Butkus", "Butkienė", "Butkutė"),
            ("Paulauskas", "Paulauskienė", "Paulauskaitė"),
            ("Kavaliauskas", "Kavaliauskienė", "Kavaliauskaitė"),
            ("Urbonas", "Urbonienė", "Urbonaitė"),
            ("Navickas", "Navickienė", "Navickaitė"),
        )),
        wife_takes_surname=0.9, language="litauisk", refugee=False, recent_share=0.2,
    ),
    Origin(
        code="iq", weight=0.035,
        male_first=("Ahmed", "Ali", "Hussein", "Mustafa", "Karwan", "Hassan", "Omar", "Haider",
                    "Dler", "Rebwar", "Ammar", "Saif", "Shwan", "Hawre"),
        female_first=("Zainab", "Noor", "Shilan", "Sara", "Huda", "Zahra", "Avin", "Rawa",
                      "Narin", "Hana", "Maryam", "Fatima", "Shno", "Dilan"),
        surnames=_plain("Ahmed", "Hussein", "Ali", "Mahmoud", "Rashid", "Kareem", "Abdullah",
                        "Salih", "Aziz", "Jabbar", "Hamad", "Qadir", "Mohammed", "Rahman"),
        wife_takes_surname=0.0, language="arabisk", refugee=True, recent_share=0.1,
    ),
    Origin(
        code="ua", weight=0.05,
        male_first=("Oleksandr", "Andrii", "Serhii", "Dmytro", "Volodymyr", "Mykola", "Ivan",
                    "Yurii", "Oleh", "Maksym", "Artem", "Vasyl", "Bohdan", "Denys"),
        female_first=("Olena", "Tetiana", "Nataliia", "Iryna", "Oksana", "Svitlana", "Yuliia",
                      "Anastasiia", "Kateryna", "Mariia", "Viktoriia", "Liudmyla", "Halyna",
                      "Alina"),
        surnames=(
            *_plain("Melnyk", "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko",
                    "Boiko", "Kovalchuk", "Oliinyk", "Lysenko", "Marchenko", "Savchenko",
                    "Rudenko", "Moroz", "Petrenko"),
            *(Surname(m, f, f) for m, f in (
                ("Kovalskyi", "Kovalska"), ("Zhuravskyi", "Zhuravska"), ("Polishchuk", "Polishchuk"),
            )),
        ),
        wife_takes_surname=0.9, language="ukrainsk", refugee=True, recent_share=0.85,
    ),
)


def norwegian_first_names(birth_year: int, *, female: bool) -> tuple[str, ...]:
    """Norwegian given names fashionable when a person was born."""
    if birth_year < 1968:
        return NORWEGIAN_FEMALE_OLD if female else NORWEGIAN_MALE_OLD
    if birth_year < 1993:
        return NORWEGIAN_FEMALE_MIDDLE if female else NORWEGIAN_MALE_MIDDLE
    return NORWEGIAN_FEMALE_YOUNG if female else NORWEGIAN_MALE_YOUNG
