"""Benchmark: reading XLSX files by the cells they hold (boligvei/imports/readers.py).

Two files, read through `read_table` as an import reads them, each timed:

1. a ~2 KB workbook whose sheet declares A1:XFD1048576 and ends in an empty row 1 048 576 (the
   file of issue 16 that hung the import: openpyxl's read-only iterators pad every row to the
   declared size);
2. an ordinary workbook of `--rows` dwelling rows, read by the reader and, for comparison, by
   openpyxl's own `iter_rows(values_only=True)`, so that reading the sheet XML ourselves is seen
   to cost no more than openpyxl's way for real files.

    .venv/bin/python -m benchmarks.xlsx_reading --rows 20000

Needs no database.
"""

import argparse
import io
import re
import tempfile
import time
import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADER = ["Bolig-ID", "Adresse", "Postnummer", "Poststed", "Kommunenummer", "Boligtype", "Antall rom", "Bruksareal",
          "Månedsleie"]


def _workbook_bytes(rows: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append([f"B{n}", f"Bjørkeveien {n}", "3715", "Fjordvik", "3999", "Leilighet", 3, 62.5, 9800])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _declaring_the_whole_sheet(path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(_workbook_bytes(2))) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename.startswith("xl/worksheets/sheet"):
                text = re.sub(r"<dimension [^>]*/>", "", data.decode())
                text = re.sub(r"(<worksheet[^>]*>)", r'\1<dimension ref="A1:XFD1048576"/>', text, count=1)
                data = text.replace("</sheetData>", '<row r="1048576"/></sheetData>').encode()
            target.writestr(entry, data)


def _openpyxl_for_a_while(path: Path, seconds: int) -> None:
    """How far the import's former reading gets in `seconds`: openpyxl's read-only iter_rows, and
    the cells of each row looked at once (to drop the padding), as the old `_xlsx_rows` did."""
    workbook = load_workbook(path, read_only=True)
    rows = cells = 0
    deadline = time.perf_counter() + seconds
    try:
        for row in workbook.worksheets[0].iter_rows():
            rows += 1
            cells += len(row)
            [cell for cell in row if getattr(cell, "row", None) is not None]
            if time.perf_counter() > deadline:
                break
    finally:
        workbook.close()
    print(f"  former reading (openpyxl iter_rows): {rows} of 1048576 rows ({cells} cells) after {seconds} s")


def _timed(label: str, read) -> None:
    started = time.perf_counter()
    count = read()
    seconds = time.perf_counter() - started
    print(f"{label}: {count} rows in {seconds:.3f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--seconds", type=int, default=10, help="how long to let openpyxl read the declared-huge file")
    args = parser.parse_args()
    from boligvei.imports.readers import read_table

    with tempfile.TemporaryDirectory() as folder:
        hostile = Path(folder) / "erklært-stor.xlsx"
        _declaring_the_whole_sheet(hostile)
        print(f"declared A1:XFD1048576, {hostile.stat().st_size} bytes")
        _timed("  read_table", lambda: sum(1 for _ in read_table(hostile).rows))
        _openpyxl_for_a_while(hostile, args.seconds)
        ordinary = Path(folder) / "boliger.xlsx"
        ordinary.write_bytes(_workbook_bytes(args.rows))
        print(f"ordinary, {args.rows} rows, {ordinary.stat().st_size // 1024} KB")
        _timed("  read_table", lambda: sum(1 for _ in read_table(ordinary).rows))

        def openpyxl_rows():
            workbook = load_workbook(ordinary, read_only=True)
            try:
                return sum(1 for _ in workbook.worksheets[0].iter_rows(min_row=2, values_only=True))
            finally:
                workbook.close()
        _timed("  openpyxl iter_rows(values_only=True)", openpyxl_rows)


if __name__ == "__main__":
    main()
