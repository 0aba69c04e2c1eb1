"""Reading the files municipalities export: CSV and XLSX, one row at a time.

A reader checks the file as a whole first (size, encoding, a zip that would unpack to far more
than it weighs) and raises `ImportFileError` with a Norwegian message before any row is read.
Then it yields `SourceRow`s, with the line number a person sees in the file, so that memory stays
bounded whatever the file's length. Cells are data, never evaluated: a CSV cell `=1+1` is the
text "=1+1"; an XLSX cell that holds a formula is reported on its row ("formel i celle"), because
its stored value is whatever Excel last computed, not something the source system said.
"""

import codecs
import csv
import hashlib
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


def check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ImportFileError(
            f"Filen er {size / 1024 / 1024:.0f} MB. Største tillatte størrelse er "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB: del filen opp, eller eksporter færre kolonner.")
    if size == 0:
        raise ImportFileError("Filen er tom.")


def read_table(path: Path) -> SourceTable:
    """Pick the reader by the file's content (an XLSX is a zip), not by its name."""
    check_size(path)
    with path.open("rb") as stream:
        is_zip = stream.read(4) == b"PK\x03\x04"
    return read_xlsx(path) if is_zip or path.suffix.lower() == ".xlsx" else read_csv(path)


# CSV ------------------------------------------------------------------------------------------


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes strictly as UTF-8, else
    Windows-1252 when it decodes as that; anything else is refused."""
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
        return encoding
    raise ImportFileError("Filen har en tegnkoding vi ikke kjenner igjen. Lagre den som CSV med UTF-8 "
                          "(eller Windows-1252) og prøv igjen.")


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
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows()
        headers = None
        for cells in rows:
            values = [_xlsx_value(cell) for cell in cells]
            if any(v not in (None, "") for v in values):
                headers = ["" if v is None else str(v).strip() for v in values]
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


def _xlsx_rows(workbook, rows, headers: list[str]) -> Iterator[SourceRow]:
    try:
        for cells in rows:
            cells = [cell for cell in cells if getattr(cell, "row", None) is not None]
            if not cells:
                continue
            line = cells[0].row
            row = SourceRow(line=line, cells={})
            for index, cell in enumerate(cells):
                column = cell.column - 1
                if column >= len(headers):
                    if cell.value not in (None, ""):
                        row.problems.append("Raden har verdier i en kolonne uten overskrift.")
                    continue
                if cell.data_type == "f":
                    row.problems.append(f"Formel i celle (kolonne «{headers[column]}»): "
                                        "lim inn verdiene i stedet for formlene.")
                    continue
                row.cells[headers[column]] = _xlsx_value(cell)
            if row.problems or any(v not in (None, "") for v in row.cells.values()):
                yield row
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, ValueError, OSError):
        raise ImportFileError("XLSX-filen er skadet eller ufullstendig og kan ikke leses til slutt.") from None
    finally:
        workbook.close()


def _xlsx_value(cell):
    value = getattr(cell, "value", None)
    return value.strip() if isinstance(value, str) else value


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
