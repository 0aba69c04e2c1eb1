"""What can be imported, and which column of a file holds what.

A kind (`dwellings`, `tenancies`, `waiting_list`) is a list of target fields, each with a Norwegian label, a
parser for its cells and the header names it is usually exported under (Norwegian headers,
Husbanken Kobo's Excel import columns). A mapping is `{target field: column header}`; the
default mapping is found from the headers by those synonyms, and a source (`ImportSource`)
remembers the mapping a person corrected. Headers are compared without case, spaces, dashes,
underscores, dots and with æ ø å folded, so "Leieforhold startdato" and "leieforholdstartdato"
are the same column.
"""

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from boligvei.housing.models import (BuildingType, ContractType, NeedCategory, OwnershipForm, Priority, Tenure,
                                     WaitingListStatus)
from boligvei.imports import values
from boligvei.imports.values import ValueProblem
from boligvei.people.models import Sex


class Kind(models.TextChoices):
    DWELLINGS = "dwellings", "Boliger"
    TENANCIES = "tenancies", "Leieforhold med husstander"
    WAITING_LIST = "waiting_list", "Venteliste med husstander"


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    parse: Callable
    synonyms: tuple[str, ...] = ()


def normalise_header(text: str) -> str:
    text = str(text).strip().lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    return re.sub(r"[\s\-_./()²]+", "", text)


def choice_parser(choices: type[models.TextChoices], extra: dict[str, str] | None = None) -> Callable:
    """A choice by its code, its Norwegian label or a known other word for it."""
    words = {normalise_header(value): value for value in choices.values}
    words |= {normalise_header(label): value for value, label in choices.choices}
    words |= {normalise_header(word): value for word, value in (extra or {}).items()}

    def parse(value):
        text = values.parse_text(value)
        if text is None:
            return None
        try:
            return words[normalise_header(text)]
        except KeyError:
            allowed = ", ".join(str(label) for _, label in choices.choices)
            raise ValueProblem(f"«{text}» er ikke en kjent verdi. Bruk en av: {allowed}.") from None
    return parse


def postal_code(value):
    """Four digits. No postal-code register is loaded, so a well-formed code is accepted whether
    or not Posten has issued it; the plan says so."""
    text = values.parse_text(value)
    if text is None:
        return None
    if text.isdigit() and len(text) < 4:
        text = text.zfill(4)  # Excel drops the leading zero of 0150 when the column is a number
    if not re.fullmatch(r"\d{4}", text):
        raise ValueProblem(f"Ukjent postnummer «{text}»: et postnummer har fire siffer.")
    return text


def municipality_number(value):
    text = values.parse_text(value)
    if text is not None and text.isdigit() and len(text) < 4:
        text = text.zfill(4)
    return text


def identity_text(value):
    """An identity number as text. Excel keeps an 11-digit number typed into a number cell as a
    number, and a number drops the leading zero of someone born on the 1st to 9th of a month."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)).zfill(11)
    return values.parse_text(value)


def kobo_id(value):
    """Kobo's id of a unit is a UUID; anything else is refused here, in Norwegian."""
    text = values.parse_text(value)
    if text is None:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        raise ValueProblem(f"«{values._short(text)}» er ikke en gyldig Kobo-id (en UUID, som "
                           "«3f2b8c1e-0d4a-4c7e-9b1a-2e5f6a7b8c9d»).") from None


def upper_text(value):
    text = values.parse_text(value)
    return text.upper() if text else text


BUILDING_TYPE_WORDS = {"leilighet": BuildingType.APARTMENT, "blokk": BuildingType.APARTMENT,
                       "rekkehus": BuildingType.TERRACED, "kjedehus": BuildingType.TERRACED,
                       "bofelleskap": BuildingType.SHARED, "hybel": BuildingType.OTHER}
SEX_WORDS = {"k": Sex.FEMALE, "m": Sex.MALE, "f": Sex.FEMALE}
CONTRACT_TYPE_WORDS = {"tidsbegrenset": ContractType.FIXED_TERM, "tidsubegrenset": ContractType.INDEFINITE,
                       "fast": ContractType.INDEFINITE}

DWELLING_TARGETS = (
    Target("source_id", "Id i fagsystem", values.parse_text,
           ("id", "boligid", "bolig id", "leverandørboligid", "fdvuboligid", "objektnummer", "bolignummer")),
    Target("street_address", "Adresse", values.parse_text, ("gateadresse", "boligadresse", "adresse")),
    Target("street_name", "Gatenavn", values.parse_text, ("gate", "gatenavn", "adressenavn")),
    Target("house_number", "Husnummer", values.parse_text, ("husnr", "husnummer")),
    Target("house_letter", "Husbokstav", values.parse_text, ("husbokstav",)),
    Target("unit_number", "Bruksenhetsnummer", upper_text, ("bruksenhet", "bruksenhetsnummer", "bolignr")),
    Target("postal_code", "Postnummer", postal_code, ("postnr", "postnummer")),
    Target("postal_place", "Poststed", values.parse_text, ("poststed", "sted")),
    Target("municipality_number", "Kommunenummer", municipality_number, ("kommunenr", "kommunenummer")),
    Target("area", "Område", values.parse_text, ("område", "bydel", "sone", "distrikt")),
    Target("building_type", "Boligtype", choice_parser(BuildingType, BUILDING_TYPE_WORDS),
           ("boligtype", "koboboligtype", "type")),
    Target("ownership_form", "Eieform", choice_parser(OwnershipForm), ("eieform",)),
    Target("tenure", "Disposisjonsform", choice_parser(Tenure, {"eid": Tenure.OWNED, "eie": Tenure.OWNED,
                                                                "innleie": Tenure.RENTED_IN}),
           ("disposisjonsform", "kobodisposisjonsform")),
    Target("rooms", "Antall rom", values.parse_whole_number, ("rom", "antall rom")),
    Target("bedrooms", "Antall soverom", values.parse_whole_number, ("soverom", "antallsoverom")),
    Target("floor_area", "Bruksareal", values.parse_decimal, ("bruksareal", "bra", "areal", "bruksareal m2",
                                                              "bruksareal (m²)")),
    Target("floor", "Etasje", values.parse_whole_number, ("etasje", "etasjenummer")),
    Target("wheelchair_accessible", "Tilgjengelig for rullestolbruker", values.parse_bool,
           ("rullestoltilpasset", "errullestoltilpasset", "ertilgjengeligforrullestolbruker")),
    Target("rent_monthly", "Husleie per måned", values.parse_whole_number,
           ("husleie", "månedsleie", "leie", "leie per måned", "husleie per måned (kr)")),
    Target("common_costs_monthly", "Felleskostnader per måned", values.parse_whole_number,
           ("felleskostnader",)),
    Target("municipal_fees_monthly", "Kommunale avgifter per måned", values.parse_whole_number,
           ("kommunale avgifter",)),
    Target("rent_to_own_potential", "Leie-til-eie-potensial", values.parse_bool,
           ("leie til eie", "leietileiepotensial", "leie-til-eie-potensial")),
    Target("kobo_id", "Kobo-id", kobo_id, ("koboid", "kobo-id")),
)

# The household and its main person, on a tenancy or waiting-list row.
HOUSEHOLD_TARGETS = (
    Target("household_source_id", "Husstandens id i fagsystem", values.parse_text,
           ("husstandid", "husstand id", "husstandsid", "husstandsnummer", "husstandnr")),
    Target("identity_number", "Fødselsnummer", identity_text,
           ("fødselsnummer", "fnr", "fødselsnr", "personnummer", "d-nummer", "fødselsnummer/d-nummer")),
    Target("first_name", "Fornavn", values.parse_text, ("fornavn",)),
    Target("last_name", "Etternavn", values.parse_text, ("etternavn",)),
    Target("full_name", "Navn (hovedperson)", values.parse_text,
           ("navn", "hovedsøker", "hovedperson", "leietaker", "leietakers navn", "søker")),
    Target("birth_date", "Fødselsdato", values.parse_date, ("fødselsdato", "født")),
    Target("sex", "Kjønn", choice_parser(Sex, SEX_WORDS), ("kjønn",)),
    Target("phone", "Telefon", values.parse_text, ("telefon", "mobil", "mobilnummer", "telefonnummer")),
    Target("email", "E-post", values.parse_text, ("e-post", "epost", "e-postadresse")),
    Target("team", "Team", values.parse_text, ("team", "saksbehandlerteam", "kontor")),
)

TENANCY_TARGETS = (
    Target("source_id", "Id for leieforholdet", values.parse_text,
           ("leieforholdid", "leieforhold id", "leieforholdsnummer", "kontraktsnummer", "kontraktnummer",
            "kontrakt id")),
    Target("dwelling_source_id", "Boligens id i fagsystem", values.parse_text,
           ("boligid", "bolig id", "leverandørboligid", "fdvuboligid", "objektnummer", "bolignummer")),
    *HOUSEHOLD_TARGETS,
    Target("start_date", "Startdato", values.parse_date,
           ("startdato", "leieforhold startdato", "leieforholdstartdato", "innflyttingsdato", "fra dato")),
    Target("end_date", "Sluttdato", values.parse_date,
           ("sluttdato", "leieforhold sluttdato", "leieforholdsluttdato", "utflyttingsdato", "til dato")),
    Target("rent_monthly", "Husleie per måned", values.parse_whole_number,
           ("husleie", "månedsleie", "leie", "leie per måned")),
    Target("contract_type", "Kontraktstype", choice_parser(ContractType, CONTRACT_TYPE_WORDS),
           ("kontraktstype", "kontrakttype")),
    Target("indefinite", "Tidsubestemt (ja/nei)", values.parse_bool,
           ("leieforholdertidsubegrenset", "tidsubegrenset", "tidsubestemt")),
)

NEED_CATEGORY_WORDS = {"bostedsløs": NeedCategory.HOMELESS, "uten bolig": NeedCategory.HOMELESS,
                      "helse": NeedCategory.HEALTH, "funksjonsnedsettelse": NeedCategory.HEALTH,
                      "rus": NeedCategory.SUBSTANCE, "psykisk helse": NeedCategory.SUBSTANCE,
                      "flyktning": NeedCategory.REFUGEE, "bosetting": NeedCategory.REFUGEE,
                      "barnefamilie": NeedCategory.FAMILY, "økonomi": NeedCategory.ECONOMY}
PRIORITY_WORDS = {"hast": Priority.URGENT, "akutt": Priority.URGENT, "høy": Priority.HIGH,
                  "middels": Priority.NORMAL, "lav": Priority.NORMAL}
STATUS_WORDS = {"aktiv": WaitingListStatus.WAITING, "venteliste": WaitingListStatus.WAITING,
                "tildelt": WaitingListStatus.ALLOCATED, "trukket tilbake": WaitingListStatus.WITHDRAWN,
                "avslag": WaitingListStatus.REJECTED}

WAITING_LIST_TARGETS = (
    Target("source_id", "Id for ventelisteoppføringen", values.parse_text,
           ("søknadsid", "søknad id", "søknadsnummer", "ventelisteid", "venteliste id", "saksnummer")),
    *HOUSEHOLD_TARGETS,
    Target("application_date", "Søknadsdato", values.parse_date, ("søknadsdato", "søkt dato", "mottatt")),
    Target("need_category", "Behovskategori", choice_parser(NeedCategory, NEED_CATEGORY_WORDS),
           ("behovskategori", "behov", "kategori", "målgruppe")),
    Target("priority", "Prioritet", choice_parser(Priority, PRIORITY_WORDS), ("prioritet", "prio")),
    Target("status", "Status", choice_parser(WaitingListStatus, STATUS_WORDS), ("status", "søknadsstatus")),
    Target("status_date", "Statusdato", values.parse_date, ("statusdato", "status dato", "vedtaksdato")),
    Target("allocated_dwelling_source_id", "Tildelt bolig (id i fagsystem)", values.parse_text,
           ("tildelt bolig", "tildelt boligid", "tildelt bolig id")),
    Target("notes", "Merknad", values.parse_text, ("merknad", "merknader", "kommentar", "notat")),
)

# One of each group must be mapped: the address whole or in parts, the name whole or in parts.
REQUIRED = {
    Kind.DWELLINGS: (("source_id",), ("street_address", "street_name"), ("postal_code",), ("postal_place",),
                     ("municipality_number",), ("building_type",), ("rooms",), ("floor_area",),
                     ("rent_monthly",)),
    Kind.TENANCIES: (("source_id",), ("dwelling_source_id",), ("identity_number",),
                     ("full_name", "last_name"), ("start_date",), ("rent_monthly",),
                     ("contract_type", "indefinite")),
    Kind.WAITING_LIST: (("source_id",), ("identity_number",), ("full_name", "last_name"),
                        ("application_date",), ("need_category",)),
}


TARGETS = {Kind.DWELLINGS: DWELLING_TARGETS, Kind.TENANCIES: TENANCY_TARGETS,
           Kind.WAITING_LIST: WAITING_LIST_TARGETS}


def targets(kind: str) -> dict[str, Target]:
    return {target.name: target for target in TARGETS[Kind(kind)]}


def default_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Each target field's column, found by its name, label or synonyms; a column is used once."""
    by_header = {normalise_header(header): header for header in headers if header}
    mapping, used = {}, set()
    for target in TARGETS[Kind(kind)]:
        for word in (target.name, target.label, *target.synonyms):
            header = by_header.get(normalise_header(word))
            if header is not None and header not in used:
                mapping[target.name] = header
                used.add(header)
                break
    return mapping


def missing_columns(kind: str, mapping: dict[str, str], headers: list[str]) -> list[str]:
    """Labels of the required fields that no column of the file provides."""
    present = {name for name, header in mapping.items() if header in headers}
    fields = targets(kind)
    return [" eller ".join(fields[name].label for name in group)
            for group in REQUIRED[Kind(kind)] if not present.intersection(group)]


def unknown_targets(kind: str, mapping: dict[str, str]) -> list[str]:
    return sorted(set(mapping) - set(targets(kind)))
