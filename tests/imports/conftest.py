import contextlib
import datetime as dt
import signal

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


@contextlib.contextmanager
def stopped_if_still_running_after(seconds: int):
    """Turn a hang into a failure: the block is interrupted (and the test fails) if it has not
    finished after `seconds`. A guard against reading that never ends, not a speed figure."""
    def interrupt(signum, frame):
        raise AssertionError(f"still running after {seconds} s: the work is not bounded")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def xlsx_declaring_the_whole_sheet(path, rows) -> None:
    """A small workbook whose sheet declares itself A1:XFD1048576 (16 384 columns × 1 048 576 rows),
    with an empty cell in column XFD on its second row and an empty last row: what a hostile or
    broken exporter writes."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                text = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', data.decode())
                text = text.replace('</row><row r="3"', '<c r="XFD2"/></row><row r="3"', 1)
                text = text.replace("</sheetData>", '<row r="1048576"/></sheetData>')
                data = text.encode()
            target.writestr(entry, data)
