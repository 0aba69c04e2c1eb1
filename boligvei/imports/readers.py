"""Reading the files municipalities export: CSV, XLSX and Kobo Bolig API JSON, one row at a time.

A reader checks the file as a whole first (size, encoding, a zip that would unpack to far more
than it weighs) and raises `ImportFileError` with a Norwegian message before any row is read.
Then it yields `SourceRow`s, with the line number a person sees in the file, so that memory stays
bounded whatever the file's length. Cells are data, never evaluated: a CSV cell `=1+1` is the
text "=1+1"; an XLSX cell that holds a formula is reported on its row ("formel i celle"), because
its stored value is whatever Excel last computed, not something the source system said.
A Kobo JSON file (a list of dwelling objects) is read one object at a time too; each object
becomes a row (for tenancies: each of its tenancies does) whose "line number" is the dwelling's
place in the list (1-based), see `read_kobo_json`.
"""

import codecs
import csv
import hashlib
import json
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from boligvei.core.errors import DomainError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 300 * 1024 * 1024  # all entries of an XLSX together
MAX_COMPRESSION_RATIO = 100  # per entry larger than RATIO_CHECK_FROM_BYTES; real sheets stay far below
RATIO_CHECK_FROM_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_SNIFF_BYTES = 64 * 1024
MAX_LINES_NAMED = 10  # in a message about the whole file


class ImportFileError(DomainError):
    """The file as a whole cannot be read; nothing in it is imported."""


@dataclass
class SourceRow:
    """One data row: the line number in the file, the cells by column header, and problems
    found while reading it (a formula cell) that reject the row whatever the mapping."""

    line: int
    cells: dict[str, object]
    problems: list[str] = field(default_factory=list)


@dataclass
class SourceTable:
    headers: list[str]
    rows: Iterator[SourceRow]
    notes: list[str] = field(default_factory=list)  # what the reader did that the dry run should say
    format: str = ""  # "kobo" for Kobo Bolig API JSON


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Filen er {size / 1024 / 1024:.0f} MB. Største tillatte størrelse er "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB: del filen opp, eller eksporter færre kolonner.")
    if size == 0:
        raise ImportFileError("Filen er tom.")


def read_table(path: Path, kind: str = "dwellings") -> SourceTable:
    """Pick the reader by the file's content (an XLSX is a zip), not by its name. `kind` matters
    for Kobo JSON only, whose rows are dwellings or their tenancies."""
    check_size(path)
    with path.open("rb") as stream:
        head = stream.read(_SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04") or path.suffix.lower() == ".xlsx":
        return read_xlsx(path)
    if path.suffix.lower() == ".json" or head.removeprefix(codecs.BOM_UTF8).lstrip()[:1] in (b"[", b"{"):
        return read_kobo_json(path, kind)
    return read_csv(path)


# CSV ------------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes strictly as UTF-8, else
    Windows-1252 when it decodes as that and no line of it is UTF-8 (a file pasted together from
    two exports: read as one encoding, the other's æ, ø and å would come out as «Ã¦», «Ã˜»);
    anything else is refused."""
    with path.open("rb") as stream:
        head = stream.read(3)
        stream.seek(0)
        if b"\x00" in stream.read(_SNIFF_BYTES):
            raise ImportFileError("Filen ser ikke ut som en tekstfil (CSV). Lagre den som CSV eller XLSX.")
    for encoding in ("utf-8", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as stream:
                while chunk := stream.read(_CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8":
            return "utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"
        _refuse_mixed_encodings(path)
        return encoding
    raise ImportFileError("Filen har en tegnkoding vi ikke kjenner igjen. Lagre den som CSV med UTF-8 "
                          "(eller Windows-1252) og prøv igjen.")


def _line_list(lines: list[int]) -> str:
    shown = ", ".join(str(line) for line in lines[:MAX_LINES_NAMED])
    return shown + (f" og {len(lines) - MAX_LINES_NAMED} til" if len(lines) > MAX_LINES_NAMED else "")


def _refuse_mixed_encodings(path: Path) -> None:
    """Refuse a file that is not UTF-8 as a whole but has lines that are, naming the lines of each."""
    utf8_lines, other_lines = [], []
    with path.open("rb") as stream:
        for number, line in enumerate(stream, start=1):
            if line.isascii():
                continue
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                other_lines.append(number)
            else:
                utf8_lines.append(number)
    if utf8_lines and other_lines:
        raise ImportFileError(
            "Filen blander to tegnkodinger, så æ, ø og å ville blitt feil (for eksempel «Ã˜» for «Ø»): "
            f"linje {_line_list(utf8_lines)} er UTF-8, linje {_line_list(other_lines)} er Windows-1252. "
            "Lagre hele filen som CSV med UTF-8 og prøv igjen. Ingenting er importert.")


def garbled_text_problems(cells: dict) -> list[str]:
    """Cells whose text looks like UTF-8 read as Windows-1252 («Ã˜rnveien» for «Ørnveien»): the
    file was already garbled before it reached us. The row is rejected, saying which column."""
    problems = []
    for header, value in cells.items():
        if isinstance(value, str) and ("Ã" in value or "Â" in value):
            try:
                repaired = value.encode("cp1252").decode("utf-8")
            except UnicodeError:
                continue
            if repaired != value:
                problems.append(f"Feil tegnkoding i kolonne «{header}»: «{value}» skulle trolig vært «{repaired}». "
                                "Rett filen (lagre den som UTF-8) og prøv igjen.")
    return problems


def detect_delimiter(sample: str) -> str:
    """Semicolon (Norwegian Excel) or comma, by which one the header line uses more of."""
    header = sample.splitlines()[0] if sample else ""
    return ";" if header.count(";") >= header.count(",") and header.count(";") else ","


def read_csv(path: Path) -> SourceTable:
    check_size(path)
    encoding = detect_encoding(path)
    stream = path.open(encoding=encoding, newline="")
    delimiter = detect_delimiter(stream.read(_SNIFF_BYTES))
    stream.seek(0)
    reader = csv.reader(stream, delimiter=delimiter)
    try:
        headers = [h.strip() for h in next(reader)]
    except StopIteration:
        stream.close()
        raise ImportFileError("Filen er tom.") from None
    except csv.Error as exc:
        stream.close()
        raise ImportFileError(f"Kolonneoverskriftene kan ikke leses: {exc}") from None
    _check_headers(headers)
    return SourceTable(headers=headers, rows=_csv_rows(stream, reader, headers))


def _csv_rows(stream, reader, headers: list[str]) -> Iterator[SourceRow]:
    with stream:
        while True:
            # reader.line_num is the file's line where the row ended; a quoted cell may span lines.
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ImportFileError(f"Linje {reader.line_num} kan ikke leses: {exc}") from None
            if not any(cell.strip() for cell in cells):
                continue
            row = SourceRow(line=reader.line_num, cells=dict(zip(headers, cells, strict=False)))
            row.problems.extend(garbled_text_problems(row.cells))
            if len(cells) > len(headers) and any(c.strip() for c in cells[len(headers):]):
                row.problems.append("Raden har flere celler enn det er kolonneoverskrifter.")
            yield row


def _check_headers(headers: list[str]) -> None:
    named = [h for h in headers if h]
    if not named:
        raise ImportFileError("Første linje skal være kolonneoverskrifter, men den er tom.")
    duplicates = sorted({h for h in named if named.count(h) > 1})
    if duplicates:
        raise ImportFileError(f"Kolonneoverskriften «{duplicates[0]}» står to ganger. Gi kolonnene ulike navn.")


# XLSX -----------------------------------------------------------------------------------------


def check_zip(path: Path) -> None:
    """Refuse a damaged zip, and one that would unpack to far more than its size (a zip bomb),
    from the zip's directory alone, before anything is unpacked."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise ImportFileError("Filen er ikke en gyldig XLSX-fil: den er skadet eller ikke lastet opp helt. "
                              "Lagre den på nytt fra Excel og prøv igjen.") from None
    total = sum(entry.file_size for entry in entries)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise ImportFileError(
            f"XLSX-filen pakkes ut til {total / 1024 / 1024:.0f} MB, mer enn de "
            f"{MAX_UNCOMPRESSED_BYTES // 1024 // 1024} MB vi tillater. Filen leses ikke.")
    for entry in entries:
        if entry.file_size > RATIO_CHECK_FROM_BYTES and \
                entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
            raise ImportFileError("XLSX-filen er unormalt sterkt komprimert (mulig «zip-bombe») og leses ikke.")


def read_xlsx(path: Path) -> SourceTable:
    """The first worksheet; the first non-empty row is the headers."""
    check_size(path)
    check_zip(path)
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
        rows = _present_rows(workbook, workbook.worksheets[0])
        headers = None
        for _, cells in rows:
            if any(_cell_value(cell) not in (None, "") for cell in cells):
                headers = [""] * max(cell["column"] for cell in cells)
                for cell in cells:
                    value = _cell_value(cell)
                    headers[cell["column"] - 1] = "" if value is None else str(value).strip()
                break
    except ImportFileError:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged file: KeyError, zlib.error, ...
        raise ImportFileError("XLSX-filen kan ikke leses: den er skadet eller ikke en Excel-arbeidsbok.") from None
    if headers is None:
        workbook.close()
        raise ImportFileError("Det første regnearket i filen er tomt.")
    while headers and not headers[-1]:
        headers.pop()
    _check_headers(headers)
    return SourceTable(headers=headers, rows=_xlsx_rows(workbook, rows, headers))


def _present_rows(workbook, sheet) -> Iterator[tuple[int, list[dict]]]:
    """The rows the worksheet's XML holds, each with only the cells it holds (dicts with row,
    column, value and data_type), in the file's order.

    openpyxl's own row iterators pad: read-only mode trusts the sheet's declared size (the
    <dimension> tag) and fills every missing row and every row up to its last column with empty
    cells, so a 2 KB file that declares A1:XFD1048576, or puts one cell in column XFD on each
    row, means billions of empty cells and an import that never ends. Reading the XML rows
    ourselves (openpyxl's own parser, which converts the values) bounds the work by the data."""
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=False, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            if cells:
                yield number, cells


def _xlsx_rows(workbook, rows, headers: list[str]) -> Iterator[SourceRow]:
    try:
        for line, cells in rows:
            row = SourceRow(line=line, cells={})
            for cell in cells:
                column = cell["column"] - 1
                if column >= len(headers):
                    if _cell_value(cell) not in (None, ""):
                        row.problems.append("Raden har verdier i en kolonne uten overskrift.")
                    continue
                if cell["data_type"] == "f":
                    row.problems.append(f"Formel i celle (kolonne «{headers[column]}»): "
                                        "lim inn verdiene i stedet for formlene.")
                    continue
                row.cells[headers[column]] = _cell_value(cell)
            row.problems = list(dict.fromkeys(row.problems))  # one line per kind of problem
            row.problems.extend(garbled_text_problems(row.cells))
            if row.problems or any(v not in (None, "") for v in row.cells.values()):
                yield row
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError, SyntaxError):
        raise ImportFileError("XLSX-filen er skadet eller ufullstendig og kan ikke leses til slutt.") from None
    finally:
        workbook.close()


def _cell_value(cell: dict):
    value = cell["value"]
    return value.strip() if isinstance(value, str) else value


# Kobo Bolig API JSON ---------------------------------------------------------------------------

MAX_JSON_ELEMENT_CHARS = 1024 * 1024  # one dwelling object; real ones are well under 10 kB
MAX_JSON_NUMBER_CHARS = 40  # an amount, an area or an id; Python refuses ints over 4 300 digits anyway


class _NumberTooLong(ValueError):
    pass


def _json_number(parse):
    """A JSON number no longer than MAX_JSON_NUMBER_CHARS: no field of a dwelling needs more, and
    a 10 000-digit one would only cost time (and fails Python's int conversion)."""
    def checked(text: str):
        if len(text) > MAX_JSON_NUMBER_CHARS:
            raise _NumberTooLong(text)
        return parse(text)
    return checked

# The columns a Kobo dwelling object is turned into; mapping.DWELLING_TARGETS knows them by name.
KOBO_HEADERS = ["koboId", "leverandorBoligId", "adressenavn", "husnummer", "husbokstav", "postnummer", "poststed",
                "kommunenummer", "bruksenhetsnummer", "boligtype", "bruksareal", "antallSoverom", "antallRom",
                "etasjenummer", "erTilgjengeligForRullestolbruker", "disposisjonsform", "eieform",
                "leieTilEiePotensial", "manedsleie"]
# Names the address object's fields are accepted under: Kobo's sub-objects are not public.
KOBO_ADDRESS_FIELDS = {"adressenavn": ("adressenavn", "gatenavn", "gate"), "husnummer": ("husnummer", "husnr"),
                       "husbokstav": ("husbokstav",), "postnummer": ("postnummer", "postnr"),
                       "poststed": ("poststed",), "kommunenummer": ("kommunenummer", "kommunenr")}
KOBO_RENT_FIELDS = ("manedsleie", "månedsleie", "maanedsleie", "husleie", "leie", "belop", "beløp", "leiebelop")
# The columns a Kobo tenancy (with its dwelling's id and its household) is turned into;
# mapping.TENANCY_TARGETS knows them by name.
KOBO_TENANCY_HEADERS = ["leieforholdId", "leverandorBoligId", "husstandId", "fodselsnummer", "navn", "fornavn",
                        "etternavn", "fodselsdato", "kjonn", "telefon", "epost", "startdato", "sluttdato", "husleie",
                        "kontraktstype", "leieforholdErTidsubegrenset"]
# Names the tenancy's, household's and person's fields are accepted under (not public either).
KOBO_TENANCY_FIELDS = {"leieforholdId": ("leieforholdId", "leverandorLeieforholdId", "kontraktsnummer", "id"),
                       "startdato": ("startdato", "fraDato", "leieforholdStartdato"),
                       "sluttdato": ("sluttdato", "tilDato", "leieforholdSluttdato"),
                       "husleie": ("husleie", "manedsleie", "månedsleie", "leiekostnad"),
                       "kontraktstype": ("kontraktstype",),
                       "leieforholdErTidsubegrenset": ("erTidsubegrenset", "leieforholdErTidsubegrenset",
                                                       "tidsubegrenset")}
KOBO_PERSON_FIELDS = {"fodselsnummer": ("fodselsnummer", "fødselsnummer", "fnr", "personnummer"),
                      "navn": ("navn", "fulltNavn"), "fornavn": ("fornavn",), "etternavn": ("etternavn",),
                      "fodselsdato": ("fodselsdato", "fødselsdato"), "kjonn": ("kjonn", "kjønn"),
                      "telefon": ("telefon", "mobil", "mobilnummer"), "epost": ("epost", "ePost", "e-post")}
KOBO_TENANCY_NOTE = ("Kobo-JSON: hvert leieforhold under «leieforhold» er en rad, og linjenummeret er boligens plass "
                     "i listen. Boliger uten leieforhold hoppes over. Boligen finnes ved leverandorBoligId "
                     "(eller fdvuBoligId), slik den ble importert.")
KOBO_ROOMS_NOTE = ("Kobo har ikke antall rom, bare antall soverom: antall rom er satt til antall soverom + 1 "
                   "(stuen). Rett antall rom i Boligvei der det ikke stemmer. En bolig uten antallSoverom "
                   "avvises, fordi antall rom må være kjent.")


def read_kobo_json(path: Path, kind: str = "dwellings") -> SourceTable:
    """Dwellings shaped like the Kobo Bolig API's dwelling resource: a JSON list of objects, or an
    object with the list under "boliger". Read one object at a time (the file is never loaded
    whole; it is also under the 50 MB limit), each turned into a row of `KOBO_HEADERS` cells whose
    line number is the object's place in the list, counting from 1. For `kind="tenancies"` each
    tenancy of a dwelling is a row of `KOBO_TENANCY_HEADERS` cells instead (`kobo_tenancy_rows`)."""
    if kind not in ("dwellings", "tenancies"):
        raise ImportFileError("En Kobo-JSON-fil kan bare importeres som boliger eller leieforhold.")
    check_size(path)
    stream = path.open(encoding="utf-8-sig")
    try:
        parser = _JsonListStream(stream)
        parser.open_list()
    except UnicodeDecodeError:
        stream.close()
        raise ImportFileError("JSON-filen er ikke UTF-8. Lagre den som UTF-8 og prøv igjen.") from None
    except ImportFileError:
        stream.close()
        raise
    if kind == "tenancies":
        return SourceTable(headers=list(KOBO_TENANCY_HEADERS), rows=_kobo_rows(stream, parser, kobo_tenancy_rows),
                           notes=[KOBO_TENANCY_NOTE], format="kobo")
    return SourceTable(headers=list(KOBO_HEADERS), rows=_kobo_rows(stream, parser, lambda i, obj: [kobo_row(i, obj)]),
                       notes=[KOBO_ROOMS_NOTE], format="kobo")


def _kobo_rows(stream, parser: "_JsonListStream", rows_of) -> Iterator[SourceRow]:
    with stream:
        try:
            for index, item in parser.elements():
                yield from rows_of(index, item)
        except UnicodeDecodeError:
            raise ImportFileError("JSON-filen er ikke UTF-8. Lagre den som UTF-8 og prøv igjen.") from None


def kobo_row(index: int, item) -> SourceRow:
    """One Kobo dwelling object as a row. `erBofellesskap: true` makes the building type
    "Bofellesskap"; rooms = antallSoverom + 1; the rent is `leiekostnad` (a number, or an object
    with one of KOBO_RENT_FIELDS)."""
    row = SourceRow(line=index, cells={})
    if not isinstance(item, dict):
        row.problems.append("Elementet er ikke et JSON-objekt (en bolig).")
        return row
    address = item.get("adresse") or {}
    if not isinstance(address, dict):
        row.problems.append("«adresse» er ikke et objekt.")
        address = {}
    cells = {name: item.get(name) for name in KOBO_HEADERS}
    cells["leverandorBoligId"] = item.get("leverandorBoligId") or item.get("fdvuBoligId")
    for header, names in KOBO_ADDRESS_FIELDS.items():
        cells[header] = next((address[name] for name in names if address.get(name) not in (None, "")),
                             item.get(header))
    if item.get("erBofellesskap") is True:
        cells["boligtype"] = "Bofellesskap"
    bedrooms = item.get("antallSoverom")
    if isinstance(bedrooms, int) and not isinstance(bedrooms, bool):
        cells["antallRom"] = bedrooms + 1
    elif isinstance(bedrooms, str) and bedrooms.strip().isdigit():
        cells["antallRom"] = int(bedrooms) + 1
    cells["manedsleie"] = _kobo_rent(item.get("leiekostnad"))
    _simple_cells(row, cells)
    return row


def kobo_tenancy_rows(index: int, item) -> Iterator[SourceRow]:
    """The tenancies of one Kobo dwelling object, each flattened into a row as a CSV tenancy file
    has it: `leieforhold` is one object or a list of them (a dwelling without is skipped), every
    one a row, ended ones too (their end is news for Boligvei). The household is `husstand` on the
    tenancy or else on the dwelling; its main person is `husstand.hovedperson`/`.hovedsoker`, else
    a `leietaker` object (on the tenancy, the dwelling or the household), else the household
    object's own fields. The rent is the tenancy's, else the dwelling's `leiekostnad`."""
    if not isinstance(item, dict):
        yield SourceRow(line=index, cells={}, problems=["Elementet er ikke et JSON-objekt (en bolig)."])
        return
    tenancies = item.get("leieforhold") or []
    for tenancy in tenancies if isinstance(tenancies, list) else [tenancies]:
        row = SourceRow(line=index, cells={})
        if not isinstance(tenancy, dict):
            row.problems.append("«leieforhold» er ikke et JSON-objekt.")
            yield row
            continue
        household = _kobo_object(tenancy.get("husstand")) or _kobo_object(item.get("husstand"))
        person = next((found for found in (_kobo_object(household.get("hovedperson")),
                                           _kobo_object(household.get("hovedsoker")),
                                           _kobo_object(tenancy.get("leietaker")), _kobo_object(item.get("leietaker")),
                                           _kobo_object(household.get("leietaker"))) if found), household)
        cells = {header: _kobo_field(tenancy, names) for header, names in KOBO_TENANCY_FIELDS.items()}
        cells |= {header: _kobo_field(person, names) for header, names in KOBO_PERSON_FIELDS.items()}
        cells["leverandorBoligId"] = item.get("leverandorBoligId") or item.get("fdvuBoligId")
        cells["husstandId"] = (_kobo_field(household, ("husstandId", "leverandorHusstandId", "id"))
                               or tenancy.get("husstandId") or person.get("husstandId"))
        cells["husleie"] = _kobo_rent(cells["husleie"]) if cells["husleie"] is not None else \
            _kobo_rent(item.get("leiekostnad"))
        _simple_cells(row, cells)
        yield row


def _kobo_object(value) -> dict:
    return value if isinstance(value, dict) else {}


def _kobo_field(source: dict, names: tuple[str, ...]):
    return next((source[name] for name in names if source.get(name) not in (None, "")), None)


def _kobo_rent(rent):
    """`leiekostnad`: a number, or an object with the amount under one of KOBO_RENT_FIELDS."""
    return _kobo_field(rent, KOBO_RENT_FIELDS) if isinstance(rent, dict) else rent


def _simple_cells(row: SourceRow, cells: dict) -> None:
    """A cell is one value; an object or a list where a value should be rejects the row."""
    for name, value in cells.items():
        if isinstance(value, dict | list):
            row.problems.append(f"«{name}» er ikke en enkel verdi.")
            cells[name] = None
    row.cells = cells


class _JsonListStream:
    """The elements of a JSON list (`[...]` or `{"boliger": [...], ...}`) one by one, reading the
    file a megabyte at a time; memory is one element plus a chunk."""

    def __init__(self, stream):
        self.stream, self.buffer, self.pos, self.eof = stream, "", 0, False
        self.decoder = json.JSONDecoder(parse_int=_json_number(int), parse_float=_json_number(float))

    def _fill(self) -> bool:
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.pos:] + chunk
        self.pos = 0
        return True

    def _peek(self) -> str:
        while True:
            while self.pos < len(self.buffer) and self.buffer[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.buffer):
                return self.buffer[self.pos]
            if not self._fill():
                return ""

    def _value(self, where: str):
        while True:
            self._peek()
            try:
                value, end = self.decoder.raw_decode(self.buffer, self.pos)
            except _NumberTooLong as exc:
                raise ImportFileError(f"JSON-filen har et tall med {len(str(exc))} tegn ved {where}. Ingen verdi i en "
                                      f"bolig har mer enn {MAX_JSON_NUMBER_CHARS}: sjekk eksporten.") from None
            except RecursionError:
                raise ImportFileError(f"JSON-filen er for dypt nestet ved {where} (objekter og lister inni "
                                      "hverandre i mange lag). Kobo-boliger har bare noen få lag: sjekk eksporten."
                                      ) from None
            except json.JSONDecodeError:
                if len(self.buffer) - self.pos > MAX_JSON_ELEMENT_CHARS + _CHUNK:
                    raise ImportFileError(f"JSON-filen kan ikke leses ved {where}: ugyldig JSON, eller et element "
                                          "over 1 MB.") from None
                if self.eof or not self._fill():
                    raise ImportFileError(f"JSON-filen er avkortet eller ugyldig ved {where}.") from None
                continue
            if end == len(self.buffer) and not self.eof and self._fill():
                continue  # a number at the end of the buffer may go on in the next chunk
            self.pos = end
            return value

    def open_list(self) -> None:
        first = self._peek()
        if first == "{":
            self.pos += 1
            while True:
                if self._peek() != '"':
                    break
                key = self._value("begynnelsen")
                if self._peek() != ":":
                    break
                self.pos += 1
                if key == "boliger":
                    first = self._peek()
                    break
                self._value(f"«{key}»")
                if self._peek() == ",":
                    self.pos += 1
        if first == "" and self.eof:
            raise ImportFileError("Filen er tom.")
        if self._peek() != "[":
            raise ImportFileError("JSON-filen skal være en liste med boliger, eller et objekt med listen under "
                                  "«boliger» (som i Kobo Bolig API).")

    def elements(self) -> Iterator[tuple[int, object]]:
        self.pos += 1  # past "["
        if self._peek() == "]":
            return
        index = 0
        while True:
            index += 1
            yield index, self._value(f"element {index}")
            separator = self._peek()
            if separator == "]":
                return
            if separator != ",":
                raise ImportFileError(f"JSON-filen er avkortet eller ugyldig etter element {index}.")
            self.pos += 1


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
