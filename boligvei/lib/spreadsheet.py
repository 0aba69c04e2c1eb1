"""Tables written as CSV and XLSX for a Norwegian spreadsheet, with cells it can never run.

A text cell starting with =, +, -, @ (or a tab or carriage return) is read as a formula by
Excel and LibreOffice; a leading apostrophe makes it plain text. Numbers stay numbers.

`write_csv` and `write_xlsx` are the one writer for every download (the reports' tables and the
register lists): columns with a kind (text, a count, kroner, a share, days, a rate, a date),
rows of plain values. CSV gets semicolons, decimal commas and a byte-order mark, which is what a
Norwegian Excel opens as it is; XLSX keeps numbers and dates as numbers and dates, with formats.
"""

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT, COUNT, KR, SHARE, DAYS, RATE, DATE = "text", "count", "kr", "share", "days", "rate", "date"
NUMERIC_KINDS = frozenset({COUNT, KR, SHARE, DAYS, RATE})
XLSX_FORMATS = {COUNT: "#,##0", KR: '#,##0 "kr"', SHARE: "0.0%", DAYS: "#,##0", RATE: "0.0", DATE: "dd.mm.yyyy"}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
# Control characters an XLSX file cannot hold (openpyxl refuses them); a pasted free text may.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = COUNT


def _csv_cell(value, kind: str) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if kind == TEXT or isinstance(value, str):
        return safe_cell(str(value))
    if isinstance(value, dt.datetime):
        return f"{value:%d.%m.%Y %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, float | decimal.Decimal):
        return f"{value:.4f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def write_csv(columns: list[Column], rows: Iterable[list]) -> bytes:
    """Semicolons and decimal commas, UTF-8 with a byte-order mark; text cells made safe."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_cell(column.label) for column in columns])
    for row in rows:
        writer.writerow([_csv_cell(value, column.kind) for value, column in zip(row, columns, strict=True)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _xlsx_value(value, kind: str):
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, str) or (kind == TEXT and value is not None):
        return safe_cell(_ILLEGAL_XML.sub("", str(value)))
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
    return value


def _xlsx_format(value, kind: str) -> str | None:
    return "dd.mm.yyyy hh:mm" if isinstance(value, dt.datetime) else XLSX_FORMATS.get(kind)


def write_xlsx(columns: list[Column], rows: Iterable[list], *, sheet_title: str, title: str = "",
               subtitle: str = "", bold_last_row: bool = False) -> bytes:
    """One sheet. With a title: the title, the subtitle (what the figures are, as of when) and a
    blank line above the header; without, the header is the first row (a plain data table).
    Written in openpyxl's write-only mode, so a long list is not held as cell objects."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(re.sub(r"[\\/*?:\[\]]", "-", sheet_title)[:31] or "Ark1")
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(len(column.label) + 2, 60))

    def styled(value, *, font=None, number_format=None):
        cell = WriteOnlyCell(sheet, value=value)
        if font is not None:
            cell.font = font
        if number_format:
            cell.number_format = number_format
        return cell

    if title:
        sheet.append([styled(safe_cell(title), font=Font(bold=True, size=13))])
        sheet.append([safe_cell(subtitle)])
        sheet.append([])
    bold = Font(bold=True)
    sheet.append([styled(safe_cell(column.label), font=bold) for column in columns])
    rows = list(rows) if bold_last_row else rows
    last = len(rows) - 1 if bold_last_row else -1
    for number, row in enumerate(rows):
        font = bold if number == last else None
        sheet.append([styled(_xlsx_value(value, column.kind), font=font, number_format=_xlsx_format(value, column.kind))
                      for value, column in zip(row, columns, strict=True)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
