import datetime as dt

import pytest

from tests.people.factories import synthetic_number

DWELLING_HEADER = "Bolig-ID;Adresse;Postnummer;Poststed;Kommunenummer;Boligtype;Antall rom;Bruksareal;Månedsleie"
TENANCY_HEADER = "Kontraktsnummer;Bolig-ID;Navn;Fødselsnummer;Leieforhold startdato;Leieforhold sluttdato;" \
                 "Månedsleie;Kontraktstype"


def dwelling_line(source_id: str, address: str = "Bjørkeveien 1", rent: str = "9 800", postal_code: str = "3715"):
    return f"{source_id};{address};{postal_code};Fjordvik;3999;Leilighet;3;62,5;{rent}"


def tenancy_line(source_id: str, dwelling: str, number: str, name: str = "Hansen, Kari",
                 start: str = "01.05.2023", end: str = "", rent: str = "9 800", contract: str = "Tidsubestemt"):
    return f"{source_id};{dwelling};{name};{number};{start};{end};{rent};{contract}"


@pytest.fixture
def write_csv(tmp_path):
    def write(header: str, *lines: str, name: str = "fil.csv", encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(("\n".join([header, *lines]) + "\n").encode(encoding))
        return path
    return write


@pytest.fixture
def numbers():
    """Synthetic identity numbers (month + 80), never a real person's."""
    return [synthetic_number(dt.date(1980 + i, 3, 14)).value for i in range(6)]
